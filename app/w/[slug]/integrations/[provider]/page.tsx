import { ArrowLeft, Check, Minus } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { Markdown } from "@/components/integrations/markdown";
import { ApiKeyConnectForm } from "@/components/integrations/api-key-connect-form";
import { OAuthConnectForm } from "@/components/integrations/oauth-connect-form";
import { OtherOriginNotice } from "@/components/integrations/other-origin-notice";
import { canonicalUrlIfElsewhere } from "@/components/integrations/canonical-origin";
import { CustomRestBuilder } from "@/components/integrations/custom-rest-builder";
import { EnvironmentBadge, StatusBadge } from "@/components/connections/status-badge";
import { requireWorkspace, roleAtLeast } from "@/lib/auth/workspace-guard";
import { getProvider } from "@/lib/integrations/registry";
import { listConnections } from "@/lib/connections/list-connections";
import { categoryLabels, connectOptions, toTemplateDto } from "@/lib/connections/template-dto";
import { appUrl } from "@/lib/env";
import { connectApiKeyAction, startOAuthAction, testCustomRestEndpointAction } from "../actions";

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
  const elsewhere = options.oauth ? await canonicalUrlIfElsewhere(`/w/${s}/integrations/${def.slug}`) : null;
  const restTemplateBuilder = def.connectForm === "rest-template";
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <Link href={`/w/${s}/integrations`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" /> All integrations
        </Link>
        <div className="mt-3 flex items-center gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- small local SVG logo */}
          <img src={t.logo} alt="" width={56} height={56} className="size-14 shrink-0 rounded-lg" />
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight">{t.name}</h1>
            <p className="text-sm text-muted-foreground">
              {categoryLabels[t.category]} · {t.description}
            </p>
          </div>
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="What it syncs" contentClassName="px-0 sm:px-0 py-0">
          <Table>
            <TableHeader>
              <tr>
                <TableHead>Object</TableHead>
                <TableHead>Into {t.name}</TableHead>
                <TableHead>From {t.name}</TableHead>
              </tr>
            </TableHeader>
            <TableBody>
              {t.objects.map((o) => (
                <TableRow key={o.name}>
                  <TableCell className="font-medium">{o.label}</TableCell>
                  <TableCell className="text-muted-foreground">
                    <Capability yes={o.push} text="pushed" />
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    <Capability yes={o.pull} text={o.incremental === "webhook" ? "via webhooks" : "polled + webhooks"} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <p className="px-4 py-3 text-xs text-muted-foreground sm:px-5">
            Webhooks: {t.webhook.registration === "none" ? "none" : `${t.webhook.scheme} (${t.webhook.registration === "manual" ? "paste the URL into " + t.name : "registered automatically"})`}
          </p>
        </Card>
        <Card title="Setup">
          <Markdown source={t.setupInstructions} />
        </Card>
      </div>

      {options.oauth ? (
        <Card title="Connect with OAuth" description={`Sign in to ${t.name} and approve Switchboard. Tokens refresh automatically.`}>
          {elsewhere ? (
            <OtherOriginNotice canonicalUrl={elsewhere} />
          ) : (
            <OAuthConnectForm
              action={startOAuthAction.bind(null, s, def.slug)}
              templateName={t.name}
              environments={options.oauth.environments}
              config={options.oauth.config}
              canConnect={canConnect}
              liveHint={`Live accounts need ${t.name}'s OAuth app: set ${envVar} and the matching _CLIENT_SECRET on the server.`}
            />
          )}
        </Card>
      ) : null}

      {options.apiKey && restTemplateBuilder ? (
        <Card title="Connect your REST API" description="Describe the API with the form (or paste JSON under Advanced), test an endpoint live, then connect.">
          <CustomRestBuilder
            action={connectApiKeyAction.bind(null, s, def.slug)}
            testAction={testCustomRestEndpointAction.bind(null, s)}
            environments={options.apiKey.environments}
            credentials={options.apiKey.credentials}
            canConnect={canConnect}
            exampleTemplate={examples["config.template"] ?? null}
          />
        </Card>
      ) : options.apiKey ? (
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
          <ul className="divide-y divide-border">
            {existing.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-3 py-2">
                <Truncate text={c.name} href={`/w/${s}/connections/${c.id}`} className="font-medium" />
                <span className="flex shrink-0 gap-2">
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

function Capability({ yes, text }: { yes: boolean; text: string }) {
  return yes ? (
    <span className="inline-flex items-center gap-1">
      <Check aria-hidden className="size-4 text-success" /> {text}
    </span>
  ) : (
    <span className="inline-flex items-center gap-1">
      <Minus aria-hidden className="size-4" />
      <span className="sr-only">no</span>
    </span>
  );
}
