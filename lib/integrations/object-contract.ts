// Contract v2, per object: what a provider object can do (declared, never discovered by catching an
// error), the raw records that go in and out (the provider's own field keys), field discovery, and the
// incremental listing with deletions and an opaque checkpoint. See /work/coord/CONTRACT-V2.md and the
// worked example in lib/integrations/hubspot/.
import type { AppError } from "@/lib/errors/app-error";
import type { DefaultMapping } from "@/lib/integrations/field-mapping";
import type { HubObjectKind } from "@/lib/integrations/hub-fields";

// ---------------------------------------------------------------------------------------------------
// Raw records

/** A JSON value as a provider sends it (nested values such as order lines stay as they are). */
export type FieldValue = string | number | boolean | null | readonly FieldValue[] | { readonly [key: string]: FieldValue };

/** A flat map of the provider's own field keys (custom fields included) to values. */
export type FieldMap = Record<string, FieldValue>;

/** A provider record as the sync engine sees it. */
export type RawRecord = {
  externalId: string;
  /** when the provider last changed it (ISO 8601); the order of listChanged and the conflict clock */
  remoteUpdatedAt: string | null;
  fields: FieldMap;
};

// ---------------------------------------------------------------------------------------------------
// Capabilities

/** A batch operation's limit: how many inputs one provider call takes (larger inputs are chunked). */
export type BatchLimit = { batchSize: number };

export type ListChangedCapability = {
  /** largest page the provider serves; the adapter caps `limit` at it */
  maxPageSize: number;
  /**
   * how deletions reach Switchboard: "listed" (listChanged returns deleted ids), "webhook" (only webhook
   * events report them), "none" (only a full resync finds them)
   */
  deletions: "listed" | "webhook" | "none";
  /** a checkpoint stays usable this long (deletions are kept only that long: HubSpot 90 d, Salesforce 30 d) */
  checkpointTtlMs?: number;
  /** one query can reach at most this many results (HubSpot search: 10,000); the adapter windows around it */
  maxResultsPerQuery?: number;
};

export type UpsertCapability = {
  /** the provider field the provider matches on (HubSpot "email", Salesforce "Email") */
  matchKey: string;
  /** false when the provider has no atomic upsert and the adapter finds, then creates or updates */
  atomic: boolean;
  /** present when the provider takes many upserts in one call */
  batch?: BatchLimit;
};

/**
 * What an object supports. An absent key means "cannot": the sync engine and the UI read this, and the
 * adapter's ObjectApi has exactly the matching methods (the contract suite checks both ways).
 */
export type ObjectCapabilities = {
  get?: true;
  /** batch read by ids */
  getMany?: BatchLimit;
  listAll?: { maxPageSize: number };
  listChanged?: ListChangedCapability;
  create?: { batch?: BatchLimit };
  update?: { batch?: BatchLimit };
  upsert?: UpsertCapability;
  delete?: { batch?: BatchLimit };
  describeFields?: true;
  createField?: true;
};

/** One provider object as the definition declares it. */
export type ObjectSpec = {
  /** the provider's own object name ("contacts", "Lead", "persons", "buyer") */
  name: string;
  hubObject: HubObjectKind;
  label: string;
  capabilities: ObjectCapabilities;
  /** the template's default field mapping for this object (data, from map.ts) */
  defaultMapping: DefaultMapping;
  /** what this object cannot do that a person would expect, for the UI ("no custom fields via API") */
  limitations?: readonly string[];
};

export function canPull(spec: ObjectSpec): boolean {
  return Boolean(spec.capabilities.listChanged ?? spec.capabilities.listAll);
}

export function canPush(spec: ObjectSpec): boolean {
  const c = spec.capabilities;
  return Boolean(c.create ?? c.update ?? c.upsert);
}

// ---------------------------------------------------------------------------------------------------
// Field discovery

export const fieldTypes = ["string", "text", "number", "boolean", "date", "datetime", "enum", "multi_enum", "email", "phone", "reference", "json"] as const;
export type FieldType = (typeof fieldTypes)[number];

export type FieldOption = { value: string; label: string };

export type FieldDescription = {
  /** the provider's field key, as it appears in RawRecord.fields */
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  readOnly: boolean;
  options?: readonly FieldOption[];
  /** created by the customer (HubSpot custom property, Salesforce __c, ActiveCampaign field) */
  custom: boolean;
};

export type NewFieldInput = {
  /** the key to create; providers that assign keys themselves ignore it */
  key: string;
  label: string;
  type: Extract<FieldType, "string" | "text" | "number" | "boolean" | "date" | "datetime" | "enum" | "multi_enum">;
  options?: readonly FieldOption[];
};

// ---------------------------------------------------------------------------------------------------
// Listing

export type Page<T> = { items: T[]; nextCursor: string | null };

export type DeletedRecord = { externalId: string; deletedAt: string | null };

export type ChangedPage = {
  /** records changed since the checkpoint, ascending by remoteUpdatedAt */
  items: RawRecord[];
  /** records deleted since the checkpoint (only when capabilities.listChanged.deletions is "listed") */
  deleted: DeletedRecord[];
  /** opaque; pass it to the next call (next page now, or the next run when hasMore is false) */
  checkpoint: string;
  /** true: call again at once with `checkpoint` for the next page */
  hasMore: boolean;
  /** after this instant (ISO 8601) the checkpoint cannot be resumed (CHECKPOINT_EXPIRED): run a full resync */
  checkpointExpiresAt: string | null;
};

// ---------------------------------------------------------------------------------------------------
// Batch results

/** One input's outcome in a batch call, by its position in the input array. */
export type BatchItemResult =
  | { index: number; ok: true; record: RawRecord; created?: boolean }
  | { index: number; ok: false; error: AppError };

// ---------------------------------------------------------------------------------------------------
// The object API

/** A provider object's API. Implement exactly the methods the object's capabilities declare. */
export interface ObjectApi {
  get?(externalId: string): Promise<RawRecord | null>;
  /** records for the ids that exist (missing ids are left out), any order */
  getMany?(externalIds: readonly string[]): Promise<RawRecord[]>;
  listAll?(input: { cursor: string | null; limit?: number }): Promise<Page<RawRecord>>;
  /** checkpoint null = from the beginning */
  listChanged?(input: { checkpoint: string | null; limit?: number }): Promise<ChangedPage>;
  create?(fields: FieldMap): Promise<RawRecord>;
  createMany?(inputs: readonly FieldMap[]): Promise<BatchItemResult[]>;
  update?(externalId: string, fields: FieldMap): Promise<RawRecord>;
  updateMany?(inputs: readonly { externalId: string; fields: FieldMap }[]): Promise<BatchItemResult[]>;
  /** match on capabilities.upsert.matchKey, which `fields` must carry */
  upsert?(fields: FieldMap): Promise<{ record: RawRecord; created: boolean }>;
  upsertMany?(inputs: readonly FieldMap[]): Promise<BatchItemResult[]>;
  /**
   * deleting a record that is already gone is not an error; `last` is the record's fields as last mapped,
   * for providers that delete by a match key (Loops: e-mail)
   */
  delete?(externalId: string, last?: FieldMap): Promise<void>;
  deleteMany?(externalIds: readonly string[]): Promise<void>;
  describeFields?(): Promise<FieldDescription[]>;
  createField?(input: NewFieldInput): Promise<FieldDescription>;
}

/** The method names each capability requires (batch ones only when a batch limit is declared). */
export function requiredMethods(c: ObjectCapabilities): (keyof ObjectApi)[] {
  const out: (keyof ObjectApi)[] = [];
  if (c.get) out.push("get");
  if (c.getMany) out.push("getMany");
  if (c.listAll) out.push("listAll");
  if (c.listChanged) out.push("listChanged");
  if (c.create) out.push("create", ...(c.create.batch ? (["createMany"] as const) : []));
  if (c.update) out.push("update", ...(c.update.batch ? (["updateMany"] as const) : []));
  if (c.upsert) out.push("upsert", ...(c.upsert.batch ? (["upsertMany"] as const) : []));
  if (c.delete) out.push("delete", ...(c.delete.batch ? (["deleteMany"] as const) : []));
  if (c.describeFields) out.push("describeFields");
  if (c.createField) out.push("createField");
  return out;
}

/** Split inputs into provider-sized chunks. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
