import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ConnectionDetails } from "@/components/sandbox/connection-details";
import { FaultForm } from "@/components/sandbox/fault-form";
import { PageHeader } from "@/components/workspace/page-header";
import { cn } from "@/components/ui/cn";
import { appUrl } from "@/lib/env";
import { orNotFound, requireSandboxPanel } from "@/lib/integrations/sandbox/panel-access";
import { getAccountView, getConnectionDetails } from "@/lib/integrations/sandbox/panel";
import { saveFaultsAction, saveRedirectUrisAction } from "../actions";

export const metadata = { title: "Sandbox account" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; accountId: string }>; searchParams: Promise<{ object?: string; page?: string; q?: string }> };

export default async function SandboxAccountPage({ params, searchParams }: Props) {
  const { slug, accountId } = await params;
  const access = await requireSandboxPanel(slug);
  const sp = await searchParams;
  const page = Math.max(0, Number.parseInt(sp.page ?? "0", 10) || 0);
  const ws = access.workspace.id;
  const q = (sp.q ?? "").slice(0, 200);
  const view = await orNotFound(getAccountView(ws, accountId, sp.object, page, 25, q));
  const details = await orNotFound(getConnectionDetails(ws, accountId, appUrl()));
  const { account } = view;
  const s = access.workspace.slug;
  const here = `/w/${s}/sandbox/${account.id}`;
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const pageHref = (p: number) => `${here}?object=${encodeURIComponent(view.objectType)}${q ? `&q=${encodeURIComponent(q)}` : ""}&page=${p}`;
  return (
    <div className="space-y-6">
      <PageHeader
        title={account.name}
        description={
          <>
            <Link href={`/w/${s}/sandbox`} className="text-primary underline underline-offset-2">
              Sandbox
            </Link>{" "}
            / {account.providerName}
          </>
        }
        actions={
          <Button asChild variant="secondary">
            <Link href={`${here}/webhooks`}>Webhooks</Link>
          </Button>
        }
      />
      <Card title="Connect a tool" description="What an external tool (or a Switchboard sandbox connection) needs to talk to this account.">
        <ConnectionDetails details={details} externalId={account.externalId} canEdit={access.canEdit} redirectAction={saveRedirectUrisAction.bind(null, s, account.id)} />
      </Card>
      <Card title="Fault injection" description="Make the sandbox slow, failing, rate-limited or sloppy with webhooks, as real providers sometimes are.">
        <FaultForm faults={view.faults} canEdit={access.canEdit} action={saveFaultsAction.bind(null, s, account.id)} />
      </Card>
      <Card
        title={`${view.objects.find((o) => o.type === view.objectType)?.label ?? view.objectType} (${view.total})`}
        actions={
          access.canEdit ? (
            <Button asChild size="sm">
              <Link href={`${here}/records/new?object=${encodeURIComponent(view.objectType)}`}>New record</Link>
            </Button>
          ) : null
        }
      >
        {view.objects.length > 1 ? (
          <nav className="mb-4 flex flex-wrap gap-2" aria-label="Objects">
            {view.objects.map((o) => (
              <Link
                key={o.type}
                href={`${here}?object=${encodeURIComponent(o.type)}`}
                aria-current={o.type === view.objectType ? "page" : undefined}
                className={cn("rounded-md px-3 py-1 text-sm", o.type === view.objectType ? "bg-accent text-accent-foreground" : "text-muted-foreground hover:bg-muted")}
              >
                {o.label}
              </Link>
            ))}
          </nav>
        ) : null}
        <form method="get" action={here} className="mb-4 flex flex-wrap items-center gap-2" role="search">
          <input type="hidden" name="object" value={view.objectType} />
          <Input name="q" type="search" defaultValue={q} aria-label="Search records" placeholder="Name, e-mail or id" className="h-9 w-full sm:w-64" />
          <Button type="submit" size="sm" variant="secondary">
            Search
          </Button>
          {q ? (
            <Link href={`${here}?object=${encodeURIComponent(view.objectType)}`} className="text-sm text-primary underline underline-offset-2">
              Clear
            </Link>
          ) : null}
        </form>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Record</TableHead>
              <TableHead>Id</TableHead>
              <TableHead>Updated</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={3} className="text-sm text-muted-foreground">
                  {q ? `No records match “${q}”.` : "No records yet."}
                </TableCell>
              </TableRow>
            ) : null}
            {view.rows.map((r) => (
              <TableRow key={r.externalId}>
                <TableCell className="max-w-64">
                  <Link href={`${here}/records/${encodeURIComponent(r.externalId)}?object=${encodeURIComponent(view.objectType)}`} className="block truncate text-primary hover:underline">
                    {r.title}
                  </Link>
                  <div className="truncate text-xs text-muted-foreground">{r.subtitle}</div>
                </TableCell>
                <TableCell className="font-mono text-xs text-muted-foreground">{r.externalId}</TableCell>
                <TableCell className="text-xs text-muted-foreground">{new Date(r.updatedAt).toLocaleString()}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <div className="mt-4 flex items-center justify-between text-sm text-muted-foreground">
          <span>
            Page {view.page + 1} of {pages}
          </span>
          <span className="flex gap-3">
            {view.page > 0 ? (
              <Link href={pageHref(view.page - 1)} className="text-primary underline underline-offset-2">
                ← Newer
              </Link>
            ) : null}
            {view.page + 1 < pages ? (
              <Link href={pageHref(view.page + 1)} className="text-primary underline underline-offset-2">
                Older →
              </Link>
            ) : null}
          </span>
        </div>
      </Card>
    </div>
  );
}
