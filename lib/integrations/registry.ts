// The one place listing providers. To add one: import its definition and append it to `providers`
// (see lib/integrations/CONTRACT.md).
import type { ProviderDefinition } from "@/lib/integrations/types";
import { activecampaign } from "@/lib/integrations/activecampaign/definition";
import { gohighlevel } from "@/lib/integrations/gohighlevel/definition";
import { hubspot } from "@/lib/integrations/hubspot/definition";

export const providers: readonly ProviderDefinition[] = [
  activecampaign,
  gohighlevel,
  hubspot,
];

export function getProvider(slug: string): ProviderDefinition | undefined {
  return providers.find((p) => p.slug === slug);
}
