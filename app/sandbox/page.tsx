import Link from "next/link";
import { Card, SandboxShell } from "@/components/sandbox/sandbox-shell";
import { requireSandboxPanel } from "@/lib/integrations/sandbox/panel-guard";
import { listSandboxOverview } from "@/lib/integrations/sandbox/panel";
import { ensureSandboxSeeded } from "@/lib/integrations/sandbox/seed";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sandboxes" };

export default async function SandboxIndexPage() {
  await requireSandboxPanel();
  await ensureSandboxSeeded();
  const providers = await listSandboxOverview();
  return (
    <SandboxShell title="Provider sandboxes">
      <div className="grid gap-4 md:grid-cols-2">
        {providers.map((p) => (
          <Card key={p.slug}>
            <div className="mb-3 flex items-center gap-3">
              {/* eslint-disable-next-line @next/next/no-img-element -- small static SVG */}
              <img src={p.logo} alt="" className="h-8 w-8" />
              <h2 className="text-lg font-medium text-slate-900">{p.name}</h2>
              <code className="ml-auto text-xs text-slate-400">/sandbox/{p.slug}</code>
            </div>
            {p.accounts.length === 0 ? (
              <p className="text-sm text-slate-500">No accounts yet.</p>
            ) : (
              <ul className="space-y-1">
                {p.accounts.map((a) => (
                  <li key={a.id} className="flex items-center justify-between text-sm">
                    <Link href={`/sandbox/accounts/${a.id}`} className="text-indigo-600 hover:underline">{a.name}</Link>
                    <span className="text-slate-500">{a.records} records · {a.externalId}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ))}
      </div>
    </SandboxShell>
  );
}
