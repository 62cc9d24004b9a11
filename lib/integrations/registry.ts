// The one place listing providers. To add one: import its definition and append it to `providers`
// (see lib/integrations/CONTRACT.md).
import type { ProviderDefinition } from "@/lib/integrations/types";

export const providers: readonly ProviderDefinition[] = [];

export function getProvider(slug: string): ProviderDefinition | undefined {
  return providers.find((p) => p.slug === slug);
}
