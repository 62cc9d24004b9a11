// Example values that prefill a connect form (the Custom REST template builder starts from a working
// template for its sandbox). Workaround until ProviderDefinition gets an `exampleConfig` hook
// (lib/integrations/CONTRACT-REQUESTS.md): this is the one place outside a provider folder naming one.
import { sandboxBaseUrl, type Environment } from "@/lib/integrations/types";

export async function exampleConfig(slug: string, input: { environment: Environment; appUrl: string }): Promise<Record<string, string>> {
  if (slug === "custom-rest") {
    const { exampleTemplate } = await import("@/lib/integrations/custom-rest/example-template");
    const baseUrl = input.environment === "sandbox" ? `${sandboxBaseUrl(input.appUrl, "custom-rest")}/api` : "https://crm.example.com/api";
    return { "config.template": JSON.stringify(exampleTemplate(baseUrl), null, 2) };
  }
  return {};
}
