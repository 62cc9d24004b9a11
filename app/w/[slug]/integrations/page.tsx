import { SearchX } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/workspace/page-header";
import { CatalogFilters } from "@/components/integrations/catalog-filters";
import { TemplateCard } from "@/components/integrations/template-card";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { providers } from "@/lib/integrations/registry";
import { countConnectionsByProvider } from "@/lib/connections/list-connections";
import { categoryLabels, toTemplateDto } from "@/lib/connections/template-dto";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  const q = typeof sp.q === "string" ? sp.q.trim() : "";
  const category = typeof sp.category === "string" && sp.category in categoryLabels ? sp.category : "";
  const counts = await countConnectionsByProvider(access.workspace.id);
  const needle = q.toLowerCase();
  const templates = providers
    .map(toTemplateDto)
    .filter((t) => !category || t.category === category)
    .filter((t) => !needle || [t.name, t.description, t.slug, ...t.objects.map((o) => o.label)].some((s) => s.toLowerCase().includes(needle)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div>
      <PageHeader title="Integrations" description="Every CRM and marketing tool Switchboard can connect to. Pick one to see what it syncs and connect it." />
      <CatalogFilters q={q} category={category} />
      {templates.length === 0 ? (
        <EmptyState icon={SearchX} title="No integration matches these filters" description="Try another word, or pick “All categories”." />
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="catalog">
          {templates.map((t) => (
            <TemplateCard key={t.slug} template={t} href={`/w/${access.workspace.slug}/integrations/${t.slug}`} connections={counts[t.slug] ?? 0} />
          ))}
        </div>
      )}
    </div>
  );
}
