// The one place listing providers. To add one: import its definition and append it to `providers`
// (see lib/integrations/CONTRACT.md).
import type { AnyProviderDefinition } from "@/lib/integrations/types";
import { activecampaign } from "@/lib/integrations/activecampaign/definition";
import { customRest } from "@/lib/integrations/custom-rest/definition";
import { gohighlevel } from "@/lib/integrations/gohighlevel/definition";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { keycrm } from "@/lib/integrations/keycrm/definition";
import { salesforce } from "@/lib/integrations/salesforce/definition";
import { loops } from "@/lib/integrations/loops/definition";
import { pipedrive } from "@/lib/integrations/pipedrive/definition";

export const providers: readonly AnyProviderDefinition[] = [
  activecampaign,
  customRest,
  gohighlevel,
  hubspot,
  keycrm,
  salesforce,
  loops,
  pipedrive,
];

export function getProvider(slug: string): AnyProviderDefinition | undefined {
  return providers.find((p) => p.slug === slug);
}
