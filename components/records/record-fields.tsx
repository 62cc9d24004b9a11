// Every field of a record with its value and when and from where it last changed.
import { Badge } from "@/components/ui/badge";
import { formatFieldValue, formatUtc } from "@/components/records/format-field-value";
import type { FieldDescriptor } from "@/lib/records/record-object-definition";
import type { RecordFieldView, SourceLabel } from "@/lib/records/get-record";

export function SourceBadge({ source }: { source: SourceLabel }) {
  const kind = { user: "Person", api: "API", connection: "Connection", system: "Switchboard" }[source.kind];
  return (
    <span className="inline-flex min-w-0 items-center gap-1.5">
      <Badge variant={source.kind === "connection" ? "info" : "secondary"}>{kind}</Badge>
      {source.kind === "system" ? null : <span className="truncate">{source.label}</span>}
    </span>
  );
}

export function RecordFields({ fields, descriptors }: { fields: RecordFieldView[]; descriptors: FieldDescriptor[] }) {
  const byKey = new Map(descriptors.map((d) => [d.key, d]));
  const values = Object.fromEntries(fields.map((f) => [f.key, f.value]));
  return (
    <dl className="divide-y divide-border" data-testid="record-fields">
      {fields.map((f) => {
        const d = byKey.get(f.key);
        const label = d?.label ?? f.key.replace(/^customFields\./, "Custom: ");
        return (
          <div key={f.key} className="grid gap-1 py-3 sm:grid-cols-[12rem_minmax(0,1fr)_minmax(0,16rem)] sm:gap-4" data-testid={`field-${f.key}`}>
            <dt className="text-sm text-muted-foreground">{label}</dt>
            <dd className="min-w-0 text-sm break-words">{d?.kind === "json" && f.value !== null ? <pre className="overflow-x-auto rounded bg-muted p-2 text-xs">{JSON.stringify(f.value, null, 2)}</pre> : formatFieldValue(d, f.value, values)}</dd>
            <dd className="min-w-0 text-xs text-muted-foreground">
              {f.changedAt && f.source ? (
                <span className="flex flex-wrap items-center gap-1.5">
                  <SourceBadge source={f.source} />
                  <span>{formatUtc(f.changedAt)}</span>
                </span>
              ) : (
                "Never set"
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
