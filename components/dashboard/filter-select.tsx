// A labelled native select for GET filter forms (runs list, audit log): submits with the form, works
// before hydration; the empty value means "no filter".
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

export function FilterSelect({ id, name, label, value, allLabel = "All", options }: { id: string; name: string; label: string; value: string | undefined; allLabel?: string; options: readonly (readonly [string, string])[] }) {
  return (
    <div className="min-w-0 space-y-1">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{allLabel}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
