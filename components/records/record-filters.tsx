// Search, status filter and order, as a plain GET form (the URL is the state; works without JavaScript).
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

export function RecordFilters({
  action,
  plural,
  q,
  status,
  sort,
  statusLabel,
  statusOptions,
}: {
  action: string;
  plural: string;
  q: string;
  status: string;
  sort: "updated" | "name";
  statusLabel: string | null;
  statusOptions: readonly { value: string; label: string }[];
}) {
  return (
    <form method="get" action={action} role="search" className="flex flex-wrap items-end gap-3">
      <div className="min-w-0 flex-1 basis-56 space-y-1.5">
        <Label htmlFor="records-q">Search {plural.toLowerCase()}</Label>
        <Input id="records-q" name="q" type="search" defaultValue={q} placeholder="Name, e-mail, phone, number…" maxLength={200} />
      </div>
      {statusLabel ? (
        <div className="space-y-1.5">
          <Label htmlFor="records-status">{statusLabel}</Label>
          <NativeSelect id="records-status" name="status" defaultValue={status}>
            <option value="">Any</option>
            {statusOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </NativeSelect>
        </div>
      ) : null}
      <div className="space-y-1.5">
        <Label htmlFor="records-sort">Order</Label>
        <NativeSelect id="records-sort" name="sort" defaultValue={sort}>
          <option value="updated">Last changed first</option>
          <option value="name">Name A–Z</option>
        </NativeSelect>
      </div>
      <Button type="submit" variant="secondary">
        <Search aria-hidden />
        Search
      </Button>
    </form>
  );
}
