// Pipedrive persons (API v2, and the v2 webhook `data`) <-> the hub's canonical contact. Pure functions.
// Pipedrive persons have no lead status and no source field, so those hub fields are never mapped here.
import { z } from "zod";
import type { CountryCode } from "libphonenumber-js";
import { normalizePhone } from "@/lib/records/normalize-phone";
import type { HubContact, RemoteContact } from "@/lib/records/hub-contact";

export const pipedriveContactPointSchema = z
  .object({ value: z.string(), primary: z.boolean().nullish(), label: z.string().nullish() })
  .loose();
export type PipedriveContactPoint = z.infer<typeof pipedriveContactPointSchema>;

export const marketingStatuses = ["no_consent", "unsubscribed", "subscribed", "archived"] as const;

export const pipedrivePersonSchema = z
  .object({
    id: z.number().int(),
    name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    owner_id: z.number().int().nullish(),
    org_id: z.number().int().nullish(),
    add_time: z.string().nullish(),
    update_time: z.string().nullish(),
    emails: z.array(pipedriveContactPointSchema).nullish(),
    phones: z.array(pipedriveContactPointSchema).nullish(),
    is_deleted: z.boolean().nullish(),
    // webhooks send "3", the REST API 3
    visible_to: z.union([z.number(), z.string()]).nullish(),
    label_ids: z.array(z.number().int()).nullish(),
    custom_fields: z.record(z.string(), z.unknown()).nullish(),
    marketing_status: z.string().nullish(),
  })
  .loose();
export type PipedrivePerson = z.infer<typeof pipedrivePersonSchema>;

function primaryValue(points: readonly PipedriveContactPoint[] | null | undefined): string | null {
  if (!points || points.length === 0) return null;
  const chosen = points.find((p) => p.primary) ?? points[0];
  const value = chosen?.value.trim();
  return value ? value : null;
}

type HubCustomValue = string | number | boolean | null;

/**
 * REST returns custom field values raw (`"x"`, `12`, `{value, currency}` for money); webhooks wrap them
 * as `{type, value}`. Both become a flat value.
 */
function toHubCustomValue(value: unknown): HubCustomValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) return value.join(", ");
  if (typeof value === "object" && "value" in value) return toHubCustomValue((value as { value: unknown }).value);
  return JSON.stringify(value);
}

function subscribedFrom(status: string | null | undefined): boolean | null | undefined {
  if (status === undefined) return undefined;
  if (status === null) return null;
  return status === "subscribed";
}

function splitName(name: string | null | undefined): { first: string | null; last: string | null } {
  const trimmed = name?.trim();
  if (!trimmed) return { first: null, last: null };
  const i = trimmed.indexOf(" ");
  return i === -1 ? { first: trimmed, last: null } : { first: trimmed.slice(0, i), last: trimmed.slice(i + 1).trim() || null };
}

export type PipedriveToHubOptions = {
  /** the organisation's name when the caller resolved `org_id`; without it `company` is left out */
  orgName?: string | null;
  /** label id -> label name, from personFields; without it tags are the label ids as strings */
  labelNames?: ReadonlyMap<number, string>;
  defaultCountry?: CountryCode;
};

export function pipedrivePersonToHub(person: PipedrivePerson, options: PipedriveToHubOptions = {}): HubContact {
  const split = splitName(person.name);
  const hasSplitNames = person.first_name !== undefined || person.last_name !== undefined;
  const email = primaryValue(person.emails);
  const fields: HubContact = {
    firstName: hasSplitNames ? (person.first_name ?? null) : split.first,
    lastName: hasSplitNames ? (person.last_name ?? null) : split.last,
    email: email ? email.toLowerCase() : null,
    phone: normalizePhone(primaryValue(person.phones), options.defaultCountry),
    owner: person.owner_id === null || person.owner_id === undefined ? null : String(person.owner_id),
    tags: (person.label_ids ?? []).map((id) => options.labelNames?.get(id) ?? String(id)),
    customFields: Object.fromEntries(Object.entries(person.custom_fields ?? {}).map(([k, v]) => [k, toHubCustomValue(v)])),
  };
  if (person.org_id === null) fields.company = null;
  else if (options.orgName !== undefined) fields.company = options.orgName;
  const subscribed = subscribedFrom(person.marketing_status);
  if (subscribed !== undefined) fields.subscribed = subscribed;
  return fields;
}

export function pipedrivePersonToRemote(person: PipedrivePerson, options: PipedriveToHubOptions = {}): RemoteContact {
  return {
    externalId: String(person.id),
    remoteUpdatedAt: person.update_time ?? person.add_time ?? null,
    fields: pipedrivePersonToHub(person, options),
    raw: person,
  };
}

/** `AddPersonRequest` / the PATCH body (v2 takes `name`, not first/last). */
export type PipedrivePersonInput = {
  name?: string;
  owner_id?: number | null;
  org_id?: number | null;
  emails?: Array<{ value: string; primary: boolean; label: string }>;
  phones?: Array<{ value: string; primary: boolean; label: string }>;
  label_ids?: number[];
  marketing_status?: (typeof marketingStatuses)[number];
  custom_fields?: Record<string, HubCustomValue>;
};

export type HubToPipedriveOptions = {
  /** the person as Pipedrive has it now, so a partial change keeps the other name half and other emails */
  existing?: PipedrivePerson | null;
  /** resolved by the client from `company` (organisation search / create) */
  orgId?: number | null;
  /** label name -> id, from personFields */
  labelIds?: ReadonlyMap<string, number>;
  defaultCountry?: CountryCode;
};

/** Replaces the primary entry and keeps the others, since a PATCH of `emails` replaces the whole list. */
function withPrimary(
  value: string | null,
  existing: readonly PipedriveContactPoint[] | null | undefined,
  label: string,
  same: (a: string, b: string) => boolean,
): Array<{ value: string; primary: boolean; label: string }> {
  const others = (existing ?? [])
    .filter((p) => !p.primary && (value === null || !same(p.value, value)))
    .map((p) => ({ value: p.value, primary: false, label: p.label ?? label }));
  if (value === null) return others.map((p, i) => ({ ...p, primary: i === 0 }));
  const primaryLabel = (existing ?? []).find((p) => p.primary)?.label ?? label;
  return [{ value, primary: true, label: primaryLabel }, ...others];
}

export function hubContactToPipedrive(hub: HubContact, options: HubToPipedriveOptions = {}): PipedrivePersonInput {
  const out: PipedrivePersonInput = {};
  const existing = options.existing ?? null;

  if (hub.firstName !== undefined || hub.lastName !== undefined) {
    const currentSplit = existing
      ? existing.first_name !== undefined || existing.last_name !== undefined
        ? { first: existing.first_name ?? null, last: existing.last_name ?? null }
        : splitName(existing.name)
      : { first: null, last: null };
    const first = hub.firstName !== undefined ? hub.firstName : currentSplit.first;
    const last = hub.lastName !== undefined ? hub.lastName : currentSplit.last;
    const name = [first, last].filter((p): p is string => !!p && p.trim() !== "").join(" ");
    // Pipedrive requires a name; never blank an existing one
    if (name !== "") out.name = name;
  }
  if (hub.email !== undefined) {
    out.emails = withPrimary(hub.email?.trim().toLowerCase() ?? null, existing?.emails, "work", (a, b) => a.toLowerCase() === b.toLowerCase());
  }
  if (hub.phone !== undefined) {
    const phone = hub.phone === null ? null : normalizePhone(hub.phone, options.defaultCountry);
    out.phones = withPrimary(phone, existing?.phones, "work", (a, b) => normalizePhone(a, options.defaultCountry) === b);
  }
  if (hub.owner !== undefined && hub.owner !== null && /^\d+$/.test(hub.owner)) out.owner_id = Number(hub.owner);
  if (options.orgId !== undefined) out.org_id = options.orgId;
  if (hub.tags !== undefined) {
    out.label_ids = hub.tags
      .map((t) => options.labelIds?.get(t) ?? (/^\d+$/.test(t) ? Number(t) : undefined))
      .filter((id): id is number => id !== undefined);
  }
  if (hub.subscribed !== undefined && hub.subscribed !== null) {
    out.marketing_status = hub.subscribed ? "subscribed" : "unsubscribed";
  }
  if (hub.customFields !== undefined) out.custom_fields = { ...hub.customFields };
  return out;
}
