"use client";

// One step of a rule's transform chain: its kind from the fixed list and, where the kind needs one,
// its parameter as text ("new=Open, qualified=Qualified" for a value map, "," for a separator ...).
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { dateFormats, type Transform } from "@/lib/integrations/field-mapping";

export const TRANSFORM_LABELS: Record<Transform["kind"], string> = {
  trim: "Trim spaces",
  lowercase: "Lower case",
  uppercase: "Upper case",
  titleCase: "Title case",
  phoneE164: "Phone as E.164",
  dateFormat: "Date format",
  valueMap: "Map values",
  fullName: "Split / join full name",
  defaultValue: "Default value",
  constant: "Constant",
  addTags: "Tags to add on push",
  splitJoin: "List ↔ separated text",
  negate: "Yes ↔ no (negate)",
  booleanString: "Yes/no ↔ \"true\"/\"false\"",
  scale: "Scale number",
  numberString: "Text ↔ number",
  requiredPlaceholder: "Placeholder when empty",
};

/** A new step of a kind with a usable parameter. */
export function newTransform(kind: Transform["kind"], otherNameField: string): Transform {
  switch (kind) {
    case "valueMap":
      return { kind, push: {}, unmapped: "null" };
    case "dateFormat":
      return { kind, format: "yyyy-mm-dd" };
    case "fullName":
      return { kind, part: "first", otherField: otherNameField };
    case "defaultValue":
    case "constant":
    case "requiredPlaceholder":
      return { kind, value: "" };
    case "addTags":
      return { kind, tags: [] };
    case "splitJoin":
      return { kind, separator: "," };
    case "scale":
      return { kind, factor: 100 };
    default:
      return { kind } as Transform;
  }
}

function mapText(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

function parseMap(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const [k, ...rest] = pair.split("=");
    if (k?.trim() && rest.length) out[k.trim()] = rest.join("=").trim();
  }
  return out;
}

export function TransformStep({ step, onChange, onRemove, disabled, hubFieldOptions, id }: { step: Transform; onChange: (t: Transform) => void; onRemove: () => void; disabled: boolean; hubFieldOptions: { key: string; label: string }[]; id: string }) {
  const param = (() => {
    switch (step.kind) {
      case "valueMap":
        return <Input aria-label="Value map (Switchboard=provider, comma separated)" placeholder="new=Open, qualified=Qualified" defaultValue={mapText(step.push)} disabled={disabled} onBlur={(e) => onChange({ ...step, push: parseMap(e.target.value) })} className="h-8 w-64 max-w-full" />;
      case "dateFormat":
        return (
          <NativeSelect aria-label="Provider date format" value={step.format} disabled={disabled} onChange={(e) => onChange({ ...step, format: e.target.value as (typeof dateFormats)[number] })} className="w-36">
            {dateFormats.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </NativeSelect>
        );
      case "fullName":
        return (
          <>
            <NativeSelect aria-label="Name part" value={step.part} disabled={disabled} onChange={(e) => onChange({ ...step, part: e.target.value as "first" | "last" })} className="w-32">
              <option value="first">first name</option>
              <option value="last">last name</option>
            </NativeSelect>
            <NativeSelect aria-label="Joined with" value={step.otherField} disabled={disabled} onChange={(e) => onChange({ ...step, otherField: e.target.value })} className="w-36">
              {hubFieldOptions.map((f) => (
                <option key={f.key} value={f.key}>
                  with {f.label}
                </option>
              ))}
            </NativeSelect>
          </>
        );
      case "defaultValue":
      case "constant":
      case "requiredPlaceholder":
        return <Input aria-label={TRANSFORM_LABELS[step.kind]} defaultValue={String(step.value)} disabled={disabled} onBlur={(e) => onChange({ ...step, value: e.target.value })} className="h-8 w-36" />;
      case "addTags":
        return <Input aria-label="Tags to add (comma separated)" placeholder="event:webinar" defaultValue={step.tags.join(", ")} disabled={disabled} onBlur={(e) => onChange({ ...step, tags: e.target.value.split(",").map((t) => t.trim()).filter(Boolean) })} className="h-8 w-40" />;
      case "splitJoin":
        return <Input aria-label="Separator" defaultValue={step.separator} disabled={disabled} onBlur={(e) => onChange({ ...step, separator: e.target.value || "," })} className="h-8 w-16" />;
      case "scale":
        return <Input aria-label="Factor" type="number" defaultValue={step.factor} disabled={disabled} onBlur={(e) => onChange({ ...step, factor: Number(e.target.value) || 1 })} className="h-8 w-24" />;
      default:
        return null;
    }
  })();
  return (
    <div className="flex flex-wrap items-center gap-1 rounded-md border border-border bg-muted/40 px-2 py-1 text-xs" data-testid={`transform-${id}`}>
      <span className="font-medium">{TRANSFORM_LABELS[step.kind]}</span>
      {param}
      {disabled ? null : (
        <Button type="button" variant="ghost" size="icon-sm" aria-label={`Remove step ${TRANSFORM_LABELS[step.kind]}`} onClick={onRemove}>
          <X aria-hidden className="size-3.5" />
        </Button>
      )}
    </div>
  );
}
