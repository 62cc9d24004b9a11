"use client";

// The mapping editor of one object: rules (hub field, provider field, direction, transform chain,
// conflict policy), the provider's real fields (refreshable; a custom field can be created where the
// provider allows it), a preview on real records, save as a new version, and roll back.
import { Eye, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { FormMessage } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { MappingActionResult } from "@/components/mappings/mapping-actions";
import { CreateFieldDialog } from "@/components/mappings/create-field-dialog";
import { MappingPreviewView } from "@/components/mappings/mapping-preview";
import { newTransform, TRANSFORM_LABELS, TransformStep } from "@/components/mappings/transform-step";
import type { ConflictPolicy, FieldMappingRule, MappingDirection, Transform } from "@/lib/integrations/field-mapping";
import type { FieldDescription } from "@/lib/integrations/object-contract";
import type { MappingPreview } from "@/lib/mappings/preview-mapping";
import type { RecordObject } from "@/lib/generated/prisma/enums";

/** The custom-fields default of a mapping: one direction and policy for every custom field without a rule. */
export type CustomFieldsRule = { direction: MappingDirection; conflictPolicy: ConflictPolicy };

/** The server actions, bound to the workspace, connection and object by the page. */
export type MappingEditorActions = {
  save: (input: { rules: unknown; customFields: CustomFieldsRule | null; expectedVersion: number }) => Promise<MappingActionResult<number>>;
  rollback: (version: number) => Promise<MappingActionResult<number>>;
  preview: (input: { rules: unknown; customFields: CustomFieldsRule | null }) => Promise<MappingActionResult<MappingPreview>>;
  refresh: () => Promise<MappingActionResult<FieldDescription[]>>;
  createField: (input: { key: string; label: string; type: string; options: string }) => Promise<MappingActionResult<FieldDescription>>;
};

export type MappingEditorData = {
  object: RecordObject;
  objectLabel: string;
  providerObjectLabel: string;
  providerName: string;
  version: number;
  rules: FieldMappingRule[];
  /** the custom-fields catch-all (null: off) */
  customFields: CustomFieldsRule | null;
  /** the provider's custom fields the catch-all can map (the engine's own selection, before rules name any) */
  customCandidates: string[];
  /** the newest run that recorded its mapping version */
  lastRun: { href: string; version: number; startedAt: string } | null;
  versions: { version: number; createdBy: string; createdAt: string; note: string | null; ruleCount: number }[];
  fields: FieldDescription[] | null;
  fetchedAt: string | null;
  fieldsError: string | null;
  canDescribe: boolean;
  canCreate: boolean;
  hubFields: { key: string; label: string }[];
  directions: MappingDirection[];
};

const POLICY_LABELS: Record<ConflictPolicy, string> = {
  hub_wins: "Switchboard wins",
  provider_wins: "Provider wins",
  last_writer_wins: "Last writer wins",
  fill_if_empty: "Fill if empty",
  never_overwrite: "Never overwrite",
  manual: "Manual (conflict inbox)",
};
const DIRECTION_LABELS: Record<MappingDirection, string> = { both: "Both ways ↔", pull: "Into Switchboard ←", push: "To provider →" };
const TRANSFORM_KINDS = Object.keys(TRANSFORM_LABELS) as Transform["kind"][];
const CUSTOM = "customFields.";
/** Hub field keys come from the lists above or are typed; the server checks them (lib/mappings/validate-mapping.ts). */
const asHubField = (key: string) => key as FieldMappingRule["hubField"];

function report<T>(res: MappingActionResult<T>) {
  if (res.ok) toast.success(res.message);
  else toast.error(res.message, res.code ? { description: `Error code: ${res.code}` } : undefined);
}

function time(iso: string | null): string {
  return iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";
}

export function MappingEditor({ data, actions, canManage }: { data: MappingEditorData; actions: MappingEditorActions; canManage: boolean }) {
  const [rules, setRules] = useState<FieldMappingRule[]>(data.rules);
  const [catchAll, setCatchAll] = useState<CustomFieldsRule | null>(data.customFields);
  const [fields, setFields] = useState<FieldDescription[] | null>(data.fields);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<MappingPreview | null>(null);
  const [pending, start] = useTransition();
  const dirty = JSON.stringify(rules) !== JSON.stringify(data.rules) || JSON.stringify(catchAll) !== JSON.stringify(data.customFields);
  const readOnly = !canManage;
  const testId = `mapping-${data.object}`;

  const hubOptions = [...data.hubFields, ...[...new Set(rules.map((r) => r.hubField).filter((k) => k.startsWith(CUSTOM)))].map((k) => ({ key: k, label: `${k.slice(CUSTOM.length)} (custom)` }))];
  const providerKeys = new Set((fields ?? []).map((f) => f.key));

  const update = (i: number, change: Partial<FieldMappingRule>) => setRules((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const setTransforms = (i: number, fn: (t: Transform[]) => Transform[]) => setRules((rs) => rs.map((r, j) => (j === i ? { ...r, transforms: fn([...(r.transforms ?? [])]) } : r)));

  function result<T>(res: MappingActionResult<T>) {
    report(res);
    if (res.ok) {
      setErrors({});
      setFormError(null);
    } else {
      setErrors(res.fields ?? {});
      setFormError(res.message);
    }
  }

  const save = () =>
    start(async () => {
      result(await actions.save({ rules, customFields: catchAll, expectedVersion: data.version }));
    });
  const runPreview = () =>
    start(async () => {
      const res = await actions.preview({ rules, customFields: catchAll });
      if (res.ok && res.data) setPreview(res.data);
      else result(res);
    });
  const refresh = () =>
    start(async () => {
      const res = await actions.refresh();
      report(res);
      if (res.ok && res.data) setFields(res.data);
    });

  return (
    <section className="space-y-3" data-testid={testId} aria-label={`${data.objectLabel} mapping`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold">
            {data.objectLabel} ↔ {data.providerName} {data.providerObjectLabel}
          </h3>
          <p className="text-xs text-muted-foreground">
            Version {data.version}
            {data.lastRun ? (
              <>
                {" · "}
                <a href={data.lastRun.href} className="text-primary underline underline-offset-2" data-testid={`${testId}-last-run`}>
                  last run used version {data.lastRun.version}
                </a>
              </>
            ) : (
              " · no run yet"
            )}
            {data.canDescribe ? ` · ${fields?.length ?? 0} provider fields, read ${time(data.fetchedAt)}` : ` · ${data.providerName} cannot list its fields; the mapping names them as the template does`}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {data.canDescribe ? (
            <Button type="button" variant="outline" size="sm" onClick={refresh} disabled={pending}>
              <RefreshCw aria-hidden className="size-4" /> Refresh fields
            </Button>
          ) : null}
          {data.canCreate && canManage ? (
            <CreateFieldDialog
              providerName={data.providerName}
              onCreate={async (input) => {
                const res = await actions.createField(input);
                report(res);
                if (res.ok && res.data) {
                  const created = res.data;
                  setFields((fs) => [...(fs ?? []).filter((f) => f.key !== created.key), created]);
                  setRules((rs) => [...rs, { hubField: asHubField(`${CUSTOM}${created.key}`), providerField: created.key, direction: data.directions[0] ?? "both", transforms: [], conflictPolicy: "last_writer_wins" }]);
                }
                return res.ok ? null : { message: res.message, fields: res.fields ?? {} };
              }}
            />
          ) : null}
        </div>
      </div>
      {data.fieldsError ? <FormMessage kind="error">The provider&apos;s fields could not be read: {data.fieldsError}</FormMessage> : null}
      {formError ? (
        <FormMessage kind="error" code="VALIDATION_FAILED">
          {formError}
        </FormMessage>
      ) : null}

      <div className="space-y-2">
        {rules.length > 0 ? (
          <div className={`hidden gap-2 px-3 text-xs font-medium text-muted-foreground md:grid ${readOnly ? "md:grid-cols-[1fr_1fr_10rem_11rem]" : "md:grid-cols-[1fr_1fr_10rem_11rem_2.25rem]"}`} aria-hidden>
            <span>Switchboard field</span>
            <span>{data.providerName} field</span>
            <span>Direction</span>
            <span>When both changed</span>
            {readOnly ? null : <span />}
          </div>
        ) : null}
        {rules.map((rule, i) => {
          const unknownProvider = fields !== null && !providerKeys.has(rule.providerField);
          const ruleErrors = ["hubField", "providerField", "direction", "transforms"].map((k) => errors[`rules.${i}.${k}`]).filter(Boolean);
          return (
            <div key={i} className="rounded-lg border border-border p-3" data-testid={`${testId}-rule-${i}`}>
              <div className="grid gap-2 md:grid-cols-[1fr_1fr_10rem_11rem_auto]">
                <Caption text="Switchboard field" />
                <HubFieldPicker value={rule.hubField} options={hubOptions} disabled={readOnly} onChange={(hubField) => update(i, { hubField: asHubField(hubField) })} label={`Switchboard field of rule ${i + 1}`} />
                <Caption text={`${data.providerName} field`} />
                <NativeSelect aria-label={`${data.providerName} field of rule ${i + 1}`} value={rule.providerField} disabled={readOnly} onChange={(e) => update(i, { providerField: e.target.value })}>
                  {unknownProvider || fields === null ? <option value={rule.providerField}>{rule.providerField}{unknownProvider ? " (not found)" : ""}</option> : null}
                  {(fields ?? []).map((f) => (
                    <option key={f.key} value={f.key}>
                      {f.label} ({f.key}){f.custom ? " · custom" : ""}
                      {f.readOnly ? " · read-only" : ""}
                      {f.required ? " · required" : ""}
                    </option>
                  ))}
                </NativeSelect>
                <Caption text="Direction" />
                <NativeSelect aria-label={`Direction of rule ${i + 1}`} value={rule.direction} disabled={readOnly} onChange={(e) => update(i, { direction: e.target.value as MappingDirection })}>
                  {[...new Set([...data.directions, rule.direction])].map((d) => (
                    <option key={d} value={d}>
                      {DIRECTION_LABELS[d]}
                    </option>
                  ))}
                </NativeSelect>
                <Caption text="When both changed" />
                <NativeSelect aria-label={`Conflict policy of rule ${i + 1}`} value={rule.conflictPolicy} disabled={readOnly} onChange={(e) => update(i, { conflictPolicy: e.target.value as ConflictPolicy })}>
                  {(Object.keys(POLICY_LABELS) as ConflictPolicy[]).map((p) => (
                    <option key={p} value={p}>
                      {POLICY_LABELS[p]}
                    </option>
                  ))}
                </NativeSelect>
                {readOnly ? null : (
                  <Button type="button" variant="ghost" size="icon" aria-label={`Remove rule ${i + 1}`} onClick={() => setRules((rs) => rs.filter((_, j) => j !== i))}>
                    <Trash2 aria-hidden className="size-4" />
                  </Button>
                )}
              </div>
              <div className="mt-2 flex flex-wrap items-center gap-2">
                {(rule.transforms ?? []).map((t, k) => (
                  <TransformStep
                    key={`${k}:${t.kind}`}
                    id={`${i}-${k}`}
                    step={t}
                    disabled={readOnly}
                    hubFieldOptions={hubOptions}
                    onChange={(next) => setTransforms(i, (ts) => ts.map((x, m) => (m === k ? next : x)))}
                    onRemove={() => setTransforms(i, (ts) => ts.filter((_, m) => m !== k))}
                  />
                ))}
                {readOnly ? null : (
                  <NativeSelect
                    aria-label={`Add a step to rule ${i + 1}`}
                    value=""
                    className="w-44"
                    onChange={(e) => {
                      const kind = e.target.value as Transform["kind"];
                      if (kind) setTransforms(i, (ts) => [...ts, newTransform(kind, rule.hubField === "firstName" ? "lastName" : "firstName")]);
                    }}
                  >
                    <option value="">+ Add step…</option>
                    {TRANSFORM_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {TRANSFORM_LABELS[k]}
                      </option>
                    ))}
                  </NativeSelect>
                )}
                {(rule.transforms ?? []).length === 0 && readOnly ? <span className="text-xs text-muted-foreground">no steps</span> : null}
              </div>
              {ruleErrors.length > 0 ? <p className="mt-2 text-sm text-destructive">{ruleErrors.join("; ")}</p> : null}
            </div>
          );
        })}
      </div>

      {data.canDescribe ? (
        <CatchAllRow
          testId={`${testId}-custom-fields`}
          providerName={data.providerName}
          value={catchAll}
          covered={data.customCandidates.filter((key) => !rules.some((r) => r.providerField === key || r.hubField === `${CUSTOM}${key}`))}
          directions={data.directions}
          disabled={readOnly}
          onChange={setCatchAll}
        />
      ) : null}

      <div className="flex flex-wrap gap-2">
        {readOnly ? null : (
          <Button type="button" variant="outline" size="sm" onClick={() => setRules((rs) => [...rs, { hubField: asHubField(data.hubFields[0]?.key ?? ""), providerField: fields?.[0]?.key ?? "", direction: data.directions[0] ?? "both", transforms: [], conflictPolicy: "last_writer_wins" }])}>
            <Plus aria-hidden className="size-4" /> Add rule
          </Button>
        )}
        <Button type="button" variant="secondary" size="sm" onClick={runPreview} disabled={pending}>
          <Eye aria-hidden className="size-4" /> Preview on 20 records
        </Button>
        {readOnly ? null : (
          <>
            <Button type="button" size="sm" onClick={save} disabled={pending || !dirty}>
              {pending ? "Working…" : "Save as new version"}
            </Button>
            {dirty ? (
              <Button type="button" variant="ghost" size="sm" onClick={() => { setRules(data.rules); setCatchAll(data.customFields); setErrors({}); setFormError(null); }}>
                Discard changes
              </Button>
            ) : null}
          </>
        )}
      </div>
      {readOnly ? <p className="text-xs text-muted-foreground">Only a workspace admin or owner can change mappings.</p> : null}

      {preview ? <MappingPreviewView preview={preview} providerName={data.providerName} hubFields={hubOptions} onClose={() => setPreview(null)} /> : null}

      <details className="rounded-lg border border-border p-3">
        <summary className="cursor-pointer text-sm font-medium">Versions ({data.versions.length})</summary>
        <ul className="mt-2 divide-y divide-border text-sm">
          {data.versions.map((v) => (
            <li key={v.version} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="min-w-0">
                <span className="font-medium">Version {v.version}</span> · {v.ruleCount} rules · {v.createdBy} · {time(v.createdAt)}
                {v.note ? <span className="text-muted-foreground"> · {v.note}</span> : null}
                {v.version === data.version ? (
                  <Badge variant="success" className="ml-2">
                    current
                  </Badge>
                ) : null}
              </span>
              {canManage && v.version !== data.version ? (
                <ConfirmDialog
                  title={`Roll back to version ${v.version}?`}
                  description="Its rules are saved as a new version; the next sync run uses them."
                  confirmLabel="Roll back"
                  onConfirm={() =>
                    start(async () => {
                      result(await actions.rollback(v.version));
                    })
                  }
                >
                  <Button type="button" variant="outline" size="sm">
                    Roll back
                  </Button>
                </ConfirmDialog>
              ) : null}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** A select's name above it on narrow screens (wide screens have the column headers); the select has its own aria-label. */
function Caption({ text }: { text: string }) {
  return (
    <span className="-mb-1 text-xs text-muted-foreground md:hidden" aria-hidden>
      {text}
    </span>
  );
}

/** A standard hub field, or a custom one by key. */
function HubFieldPicker({ value, options, disabled, onChange, label }: { value: string; options: { key: string; label: string }[]; disabled: boolean; onChange: (v: string) => void; label: string }) {
  const custom = value.startsWith(CUSTOM);
  return (
    <div className="flex min-w-0 gap-1">
      <NativeSelect aria-label={label} value={custom ? "__custom" : value} disabled={disabled} className="min-w-0 flex-1" onChange={(e) => onChange(e.target.value === "__custom" ? `${CUSTOM}field` : e.target.value)}>
        {options
          .filter((o) => !o.key.startsWith(CUSTOM))
          .map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        <option value="__custom">Custom field…</option>
      </NativeSelect>
      {custom ? <Input aria-label={`${label}: custom field key`} defaultValue={value.slice(CUSTOM.length)} disabled={disabled} className="w-32" onBlur={(e) => onChange(`${CUSTOM}${e.target.value.trim()}`)} /> : null}
    </div>
  );
}

/**
 * The custom-fields catch-all: every provider custom field without its own rule syncs with the hub's
 * custom field of the same key, one direction and policy for all (lib/sync/catch-all-fields.ts).
 */
function CatchAllRow({
  testId,
  providerName,
  value,
  covered,
  directions,
  disabled,
  onChange,
}: {
  testId: string;
  providerName: string;
  value: CustomFieldsRule | null;
  covered: string[];
  directions: MappingDirection[];
  disabled: boolean;
  onChange: (v: CustomFieldsRule | null) => void;
}) {
  const list = covered.join(", ");
  return (
    <div className="rounded-lg border border-dashed border-border p-3" data-testid={testId}>
      <div className="grid gap-2 md:grid-cols-[1fr_10rem_11rem]">
        <div className="min-w-0 text-sm">
          <p className="font-medium">Other custom fields</p>
          <p className="text-xs break-words text-muted-foreground">
            {covered.length === 0
              ? `${providerName} has no custom fields without a rule right now (refresh the fields after adding one there).`
              : `Each ${providerName} custom field without its own rule syncs with the Switchboard custom field of the same key: ${list}. Read-only ones only come in; a field a record never had in Switchboard is not written to ${providerName}.`}
          </p>
        </div>
        <NativeSelect
          aria-label="Direction of other custom fields"
          value={value?.direction ?? "off"}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value === "off" ? null : { direction: e.target.value as MappingDirection, conflictPolicy: value?.conflictPolicy ?? "last_writer_wins" })}
        >
          <option value="off">Not synced</option>
          {[...new Set([...directions, ...(value ? [value.direction] : [])])].map((d) => (
            <option key={d} value={d}>
              {DIRECTION_LABELS[d]}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          aria-label="Conflict policy of other custom fields"
          value={value?.conflictPolicy ?? "last_writer_wins"}
          disabled={disabled || !value}
          onChange={(e) => value && onChange({ ...value, conflictPolicy: e.target.value as ConflictPolicy })}
        >
          {(Object.keys(POLICY_LABELS) as ConflictPolicy[]).map((p) => (
            <option key={p} value={p}>
              {POLICY_LABELS[p]}
            </option>
          ))}
        </NativeSelect>
      </div>
    </div>
  );
}
