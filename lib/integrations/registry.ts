// The one place listing providers. To add one: import its definition and append it to `providers`
// (see lib/integrations/CONTRACT.md).
import type { ProviderDefinition } from "@/lib/integrations/types";
import { gohighlevel } from "@/lib/integrations/gohighlevel/definition";
import { hubspot } from "@/lib/integrations/hubspot/definition";

export const providers: readonly ProviderDefinition[] = [
  gohighlevel,
  hubspot,
];

export function getProvider(slug: string): ProviderDefinition | undefined {
  return providers.find((p) => p.slug === slug);
}
