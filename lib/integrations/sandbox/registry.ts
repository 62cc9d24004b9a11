// The sandbox registry: provider slug -> its fake (lib/integrations/<slug>/sandbox.ts). Sandboxes are
// registered here, apart from the provider definitions: a sandbox may import its provider's modules, a
// provider never imports its sandbox. Production code does not import this file; it goes through
// lib/integrations/sandbox/sandbox-access.ts, which loads it only when sandboxEnabled().
import { activeCampaignSandbox } from "@/lib/integrations/activecampaign/sandbox";
import { customRestSandbox } from "@/lib/integrations/custom-rest/sandbox";
import { gohighlevelSandbox } from "@/lib/integrations/gohighlevel/sandbox";
import { hubspotSandbox } from "@/lib/integrations/hubspot/sandbox";
import { keycrmSandbox } from "@/lib/integrations/keycrm/sandbox";
import { loopsSandbox } from "@/lib/integrations/loops/sandbox";
import { pipedriveSandbox } from "@/lib/integrations/pipedrive/sandbox";
import { salesforceSandbox } from "@/lib/integrations/salesforce/sandbox";
import type { ProviderSandbox } from "@/lib/integrations/sandbox/sandbox-types";

export const sandboxes: readonly ProviderSandbox[] = [
  hubspotSandbox,
  salesforceSandbox,
  gohighlevelSandbox,
  pipedriveSandbox,
  activeCampaignSandbox,
  loopsSandbox,
  keycrmSandbox,
  customRestSandbox,
];

const bySlug = new Map(sandboxes.map((s) => [s.slug, s]));

export function getSandbox(slug: string): ProviderSandbox | null {
  return bySlug.get(slug) ?? null;
}
