// Catalog data of a template as plain DTOs for pages and forms: no zod, no provider code, no functions.
// Form fields come from the template's zod schemas via JSON Schema (titles, descriptions, required,
// formats, enums, secret flags); the server still validates with the zod schemas themselves.
import { z } from "zod";
import { canPull, canPush, type ObjectCapabilities } from "@/lib/integrations/object-contract";
import { type AnyProviderDefinition, type AuthKind, type Environment, type ProviderCategory } from "@/lib/integrations/types";
import { availableEnvironments } from "@/lib/connections/available-environments";

export type FormFieldDto = {
  /** the form input name: `config.<key>` or `credentials.<key>` */
  name: string;
  key: string;
  title: string;
  description: string | null;
  placeholder: string | null;
  required: boolean;
  secret: boolean;
  kind: "text" | "url" | "email" | "number" | "boolean" | "select" | "json";
  options: string[];
  defaultValue: string | null;
  pattern: string | null;
  minLength: number | null;
};

export type TemplateDto = {
  slug: string;
  name: string;
  category: ProviderCategory;
  description: string;
  logo: string;
  authKinds: AuthKind[];
  objects: TemplateObjectDto[];
  webhook: { scheme: string; registration: string };
  setupInstructions: string;
};

export type TemplateObjectDto = {
  name: string;
  label: string;
  push: boolean;
  pull: boolean;
  /** "poll" when changes can be listed, "webhook" when only webhooks report them */
  incremental: string;
  /** the declared capabilities, by name ("get", "listChanged", "upsert", ...) */
  capabilities: (keyof ObjectCapabilities)[];
  /** what the object cannot do, in words, for the UI */
  limitations: string[];
};

function objectDtos(def: AnyProviderDefinition): TemplateObjectDto[] {
  return def.objects.map((o) => ({
    name: o.name,
    label: o.label,
    push: canPush(o),
    pull: canPull(o),
    incremental: o.capabilities.listChanged ? "poll" : "webhook",
    capabilities: Object.keys(o.capabilities) as (keyof ObjectCapabilities)[],
    limitations: [...(o.limitations ?? [])],
  }));
}

export const categoryLabels: Record<ProviderCategory, string> = { crm: "CRM", marketing: "Marketing", ecommerce: "E-commerce", custom: "Custom" };

export function toTemplateDto(def: AnyProviderDefinition): TemplateDto {
  return {
    slug: def.slug,
    name: def.name,
    category: def.category,
    description: def.description,
    logo: def.logo,
    authKinds: [...def.authKinds],
    objects: objectDtos(def),
    webhook: { scheme: def.webhook.scheme, registration: def.webhook.registration },
    setupInstructions: def.setupInstructions,
  };
}

type JsonProp = {
  title?: string;
  description?: string;
  placeholder?: string;
  secret?: boolean;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  minLength?: number;
  anyOf?: JsonProp[];
};

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formFields(group: "config" | "credentials", schema: z.ZodObject): FormFieldDto[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonProp>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([key, raw]) => {
    const p: JsonProp = raw.anyOf?.find((x) => x.type && x.type !== "null") ?? raw;
    const type = Array.isArray(p.type) ? p.type.find((t) => t !== "null") : p.type;
    const kind: FormFieldDto["kind"] =
      p.enum && p.enum.length > 0
        ? "select"
        : type === "boolean"
          ? "boolean"
          : type === "number" || type === "integer"
            ? "number"
            : type === "object" || type === "array"
              ? "json"
              : p.format === "uri"
                ? "url"
                : p.format === "email"
                  ? "email"
                  : "text";
    const def = raw.default ?? p.default;
    return {
      name: `${group}.${key}`,
      key,
      title: raw.title ?? p.title ?? humanize(key),
      description: raw.description ?? p.description ?? null,
      placeholder: raw.placeholder ?? p.placeholder ?? null,
      required: required.has(key),
      secret: (raw.secret ?? p.secret) === true,
      kind,
      options: (p.enum ?? []).map(String),
      defaultValue: def === undefined ? null : typeof def === "string" ? def : JSON.stringify(def, null, 2),
      pattern: p.pattern ?? null,
      minLength: p.minLength ?? null,
    };
  });
}

export type ConnectOptionsDto = {
  apiKey: { environments: Environment[]; config: FormFieldDto[]; credentials: FormFieldDto[] } | null;
  oauth: { environments: Environment[]; config: FormFieldDto[] } | null;
};

export async function connectOptions(def: AnyProviderDefinition): Promise<ConnectOptionsDto> {
  const config = formFields("config", def.configSchema);
  const apiKeySchema = def.credentialsSchema.api_key;
  return {
    apiKey:
      def.authKinds.includes("api_key") && apiKeySchema
        ? { environments: await availableEnvironments(def, "api_key"), config, credentials: formFields("credentials", apiKeySchema) }
        : null,
    oauth: def.authKinds.includes("oauth2") && def.oauth2 ? { environments: await availableEnvironments(def, "oauth2"), config } : null,
  };
}
