// A record's change history, newest first: who or what changed which field from what to what.
import { SourceBadge } from "@/components/records/record-fields";
import { formatFieldValue, formatUtc } from "@/components/records/format-field-value";
import type { FieldDescriptor } from "@/lib/records/record-object-definition";
import type { RecordChangeView } from "@/lib/records/get-record";

const ACTION_LABEL = { created: "Created", updated: "Updated", deleted: "Deleted" } as const;

export function RecordHistory({ history, descriptors, truncated }: { history: RecordChangeView[]; descriptors: FieldDescriptor[]; truncated: boolean }) {
  const byKey = new Map(descriptors.map((d) => [d.key, d]));
  return (
    <ol className="space-y-4" data-testid="record-history">
      {history.map((c) => (
        <li key={c.id} className="rounded-md border border-border p-3" data-testid="history-entry">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">
              {ACTION_LABEL[c.action]} · version {c.version}
            </span>
            <SourceBadge source={c.source} />
            <span className="text-muted-foreground">{formatUtc(c.at)}</span>
          </div>
          {c.changes.length > 0 ? (
            <ul className="mt-2 space-y-1 text-sm">
              {c.changes.map((ch) => {
                const d = byKey.get(ch.field);
                return (
                  <li key={ch.field} className="min-w-0 break-words">
                    <span className="text-muted-foreground">{d?.label ?? ch.field}:</span>{" "}
                    <span className="line-through decoration-muted-foreground/60">{formatFieldValue(d, ch.old)}</span> → <span>{formatFieldValue(d, ch.new)}</span>
                  </li>
                );
              })}
            </ul>
          ) : null}
        </li>
      ))}
      {truncated ? <li className="text-sm text-muted-foreground">Older changes are not shown.</li> : null}
    </ol>
  );
}
