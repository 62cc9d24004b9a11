import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { Markdown } from "@/components/integrations/markdown";
import { ApiKeyConnectForm } from "@/components/integrations/api-key-connect-form";
import { OAuthConnectForm } from "@/components/integrations/oauth-connect-form";
import { EnvironmentBadge, StatusBadge } from "@/components/connections/status-badge";
import { requireWorkspace, roleAtLeast } from "@/lib/auth/workspace-guard";
import { getProvider } from "@/lib/integrations/registry";
import { listConnections } from "@/lib/connections/list-connections";
import { categoryLabels, connectOptions, toTemplateDto } from "@/lib/connections/template-dto";
import { appUrl } from "@/lib/env";
import { connectApiKeyAction, startOAuthAction } from "../actions";

export async function generateMetadata({ params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params;
  return { title: getProvider(provider)?.name ?? "Integration" };
}

export default async function TemplatePage({ params }: { params: Promise<{ slug: string; provider: string }> }) {
  const { slug, provider } = await params;
  const access = await requireWorkspace(slug);
  const def = getProvider(provider);
  if (!def) notFound();
  const t = toTemplateDto(def);
  const [options, existing] = await Promise.all([connectOptions(def), listConnections(access.workspace.id, { provider: def.slug })]);
  const canConnect = roleAtLeast(access.role, "admin");
  const examples = (await def.exampleConfig?.({ environment: options.apiKey?.environments[0] ?? "live", appUrl: appUrl() })) ?? {};
  const s = access.workspace.slug;
  const envVar = `OAUTH_${def.slug.toUpperCase().replace(/-/g, "_")}_CLIENT_ID`;
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <Link href={`/w/${s}/integrations`} className="text-sm text-slate-500 hover:text-slate-800">
          ← All integrations
        </Link>
        <div className="mt-3 flex items-center gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- small local SVG logo */}
          <img src={t.logo} alt="" width={56} height={56} className="h-14 w-14 rounded-lg" />
          <div>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t.name}</h1>
            <p className="text-sm text-slate-500">
              {categoryLabels[t.category]} · {t.description}
            </p>
          </div>
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="What it syncs">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className="py-1.5 font-medium">Object</th>
                <th className="py-1.5 font-medium">Into {t.name}</th>
                <th className="py-1.5 font-medium">From {t.name}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {t.objects.map((o) => (
                <tr key={o.name}>
                  <td className="py-1.5 font-medium text-slate-800">{o.label}</td>
                  <td className="py-1.5 text-slate-600">{o.push ? "✓ pushed" : "—"}</td>
                  <td className="py-1.5 text-slate-600">{o.pull ? `✓ ${o.incremental === "webhook" ? "via webhooks" : "polled + webhooks"}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-3 text-xs text-slate-500">
            Webhooks: {t.webhook.registration === "none" ? "none" : `${t.webhook.scheme} (${t.webhook.registration === "manual" ? "paste the URL into " + t.name : "registered automatically"})`}
          </p>
        </Card>
        <Card title="Setup">
          <Markdown source={t.setupInstructions} />
        </Card>
      </div>

      {options.oauth ? (
        <Card title="Connect with OAuth" description={`Sign in to ${t.name} and approve Switchboard. Tokens refresh automatically.`}>
          <OAuthConnectForm
            action={startOAuthAction.bind(null, s, def.slug)}
            templateName={t.name}
            environments={options.oauth.environments}
            config={options.oauth.config}
            canConnect={canConnect}
            liveHint={`Live accounts need ${t.name}'s OAuth app: set ${envVar} and the matching _CLIENT_SECRET on the server.`}
          />
        </Card>
      ) : null}

      {options.apiKey ? (
        <Card title="Connect with an API key" description="Paste a key or token from your account.">
          <ApiKeyConnectForm
            action={connectApiKeyAction.bind(null, s, def.slug)}
            templateName={t.name}
            environments={options.apiKey.environments}
            config={options.apiKey.config}
            credentials={options.apiKey.credentials}
            canConnect={canConnect}
            examples={examples}
          />
        </Card>
      ) : null}

      {existing.length ? (
        <Card title={`Your ${t.name} connections`}>
          <ul className="divide-y divide-slate-100">
            {existing.map((c) => (
              <li key={c.id} className="flex items-center justify-between py-2">
                <Link href={`/w/${s}/connections/${c.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                  {c.name}
                </Link>
                <span className="flex gap-2">
                  <EnvironmentBadge environment={c.environment} />
                  <StatusBadge status={c.status} />
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
