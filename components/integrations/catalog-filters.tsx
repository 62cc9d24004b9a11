// A plain GET form: the catalog filters on the server, so it works without JavaScript and the URL is shareable.
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { categoryLabels } from "@/lib/connections/template-dto";

export function CatalogFilters({ q, category }: { q: string; category: string }) {
  return (
    <form method="get" className="mb-6 grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-end" role="search">
      <div className="min-w-0 space-y-1.5">
        <label htmlFor="q" className="block text-sm font-medium">
          Search
        </label>
        <div className="relative">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input id="q" name="q" type="search" defaultValue={q} placeholder="HubSpot, contacts, orders…" className="pl-8" />
        </div>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="category" className="block text-sm font-medium">
          Category
        </label>
        <NativeSelect id="category" name="category" defaultValue={category}>
          <option value="">All categories</option>
          {Object.entries(categoryLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="secondary">
        Filter
      </Button>
    </form>
  );
}
