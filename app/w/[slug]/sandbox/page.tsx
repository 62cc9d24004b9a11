import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { AddAccountForm } from "@/components/sandbox/add-account-form";
import { PageHeader } from "@/components/workspace/page-header";
import { requireSandboxPanel } from "@/lib/integrations/sandbox/panel-access";
import { listSandboxOverview } from "@/lib/integrations/sandbox/panel";
import { addAccountAction } from "./actions";

export const metadata = { title: "Sandbox" };
export const dynamic = "force-dynamic";

export default async function SandboxPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireSandboxPanel(slug);
  const overview = await listSandboxOverview(access.workspace.id);
  const s = access.workspace.slug;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Sandbox"
        description="This workspace's own provider sandboxes: faithful fakes of each provider's API with realistic data, for trying integrations and testing. Nothing here reaches a real CRM."
      />
      <div className="grid gap-4 lg:grid-cols-2">
        {overview.map((p) => (
          <Card
            key={p.slug}
            title={
              <span className="flex items-center gap-2">
                {/* eslint-disable-next-line @next/next/no-img-element -- small static logo */}
                <img src={p.logo} alt="" className="size-5" />
                {p.name}
              </span>
            }
            actions={access.canEdit ? <AddAccountForm providerName={p.name} action={addAccountAction.bind(null, s, p.slug)} /> : null}
            data-testid={`sandbox-provider-${p.slug}`}
          >
            <ul className="divide-y divide-border">
              {p.accounts.map((a) => (
                <li key={a.id} className="flex min-w-0 items-center gap-3 py-2">
                  <div className="min-w-0 flex-1">
                    <Link href={`/w/${s}/sandbox/${a.id}`} className="block truncate font-medium text-primary hover:underline">
                      {a.name}
                    </Link>
                    <p className="truncate font-mono text-xs text-muted-foreground">{a.externalId}</p>
                  </div>
                  <Badge variant="secondary">{a.records} records</Badge>
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </div>
    </div>
  );
}
