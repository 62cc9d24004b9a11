// A plain GET form: the catalog filters on the server, so it works without JavaScript and the URL is shareable.
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { categoryLabels } from "@/lib/connections/template-dto";

export function CatalogFilters({ q, category }: { q: string; category: string }) {
  return (
    <form method="get" className="mb-6 flex flex-wrap items-end gap-3" role="search">
      <div className="min-w-64 flex-1">
        <label htmlFor="q" className="block text-sm font-medium text-slate-700">
          Search
        </label>
        <input id="q" name="q" type="search" defaultValue={q} placeholder="HubSpot, contacts, orders…" className={`mt-1 ${inputClass}`} />
      </div>
      <div className="w-48">
        <label htmlFor="category" className="block text-sm font-medium text-slate-700">
          Category
        </label>
        <select id="category" name="category" defaultValue={category} className={`mt-1 ${inputClass}`}>
          <option value="">All categories</option>
          {Object.entries(categoryLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClass("secondary")}>
        Filter
      </button>
    </form>
  );
}
