import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-button";
import { FormMessage } from "@/components/ui/field";
import { EnvironmentBadge, StatusBadge } from "@/components/connections/status-badge";
import { ConnectionControls, DeleteConnectionForm, RenameConnectionForm } from "@/components/connections/connection-controls";
import { formatTime } from "@/components/connections/format-time";
import { requireWorkspace, roleAtLeast } from "@/lib/auth/workspace-guard";
import { appUrl } from "@/lib/env";
import { isAppError } from "@/lib/errors/app-error";
import { getProvider } from "@/lib/integrations/registry";
import { getConnectionDto } from "@/lib/connections/list-connections";
import { webhookSetup } from "@/lib/webhooks/webhook-setup";
import type { ConnectionDto } from "@/lib/connections/connection-dto";
import {
  deleteConnectionAction,
  reconnectAction,
  renameConnectionAction,
  rotateWebhookSecretAction,
  updateConnectionConfigAction,
  setSyncAction,
  testConnectionAction,
} from "../actions";
import { SyncSection } from "./sync-section";
import { ConnectionConfigForm } from "@/components/connections/connection-config-form";
import { formFields } from "@/lib/connections/template-dto";
import { jsonRecord, loadConnection } from "@/lib/connections/load-connection";
import { ConnectionWebhooks } from "@/components/webhooks/connection-webhooks";
import { WebhookSetupCard } from "@/components/webhooks/webhook-setup-card";
import { revealWebhookUrlAction } from "../../webhooks/actions";
import { MappingSection } from "@/components/mappings/mapping-section";

export const metadata = { title: "Connection" };

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm break-words sm:col-span-2" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

const metaLabels: Record<string, string> = { instance_url: "Instance URL", id: "Identity URL", api_domain: "API domain", locationId: "Location id", portalId: "Portal id" };

/** Metadata keys in words ("instance_url" -> "Instance URL"). */
function metaLabel(key: string): string {
  if (metaLabels[key]) return metaLabels[key];
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export default async function ConnectionPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, id } = await params;
  const sp = await searchParams;
  const access = await requireWorkspace(slug);
  let c: ConnectionDto;
  try {
    c = await getConnectionDto(access.workspace.id, id);
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const def = getProvider(c.provider);
  const setup = await webhookSetup(access.workspace.id, c.id, appUrl());
  const s = access.workspace.slug;
  const canManage = roleAtLeast(access.role, "admin");
  const account = c.metadata.accountName ? `${c.metadata.accountName} (${c.metadata.accountId ?? "?"})` : (c.metadata.accountId ?? "—");
  const configFields = def ? formFields("config", def.configSchema) : [];
  const config = configFields.length > 0 && canManage ? jsonRecord((await loadConnection(access.workspace.id, c.id)).config) : {};
  const configValues = Object.fromEntries(
    configFields.flatMap((f) => {
      const v = config[f.key];
      return v === undefined || v === null ? [] : [[f.name, typeof v === "string" ? v : f.kind === "json" ? JSON.stringify(v, null, 2) : String(v)]];
    }),
  );
  const extraMeta = Object.entries(c.metadata).filter(([k]) => k !== "accountId" && k !== "accountName");
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link href={`/w/${s}/connections`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" /> Connections
        </Link>
        <div className="mt-3 flex items-center gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- small local SVG logo */}
          {def ? <img src={def.logo} alt="" width={48} height={48} className="size-12 shrink-0 rounded-lg" /> : null}
          <div className="min-w-0 flex-1">
            <h1 className="text-2xl font-semibold tracking-tight break-words" data-testid="connection-name">
              {c.name}
            </h1>
            <p className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
              <Link href={`/w/${s}/integrations/${c.provider}`} className="hover:text-foreground hover:underline">
                {def?.name ?? c.provider}
              </Link>
              <span>·</span>
              <span>{c.authKind === "oauth2" ? "OAuth" : "API key"}</span>
              <EnvironmentBadge environment={c.environment} />
              <StatusBadge status={c.status} />
            </p>
          </div>
        </div>
      </div>

      {sp.connected ? <FormMessage kind="success">Connected. Switchboard verified the account and stored the credentials encrypted.</FormMessage> : null}
      {c.status === "needs_reauth" ? (
        <FormMessage kind="error" code={c.lastError?.code}>
          This connection needs to be reconnected: {c.lastError?.message ?? "its authorization is no longer valid."}
        </FormMessage>
      ) : null}

      <Card title="Status">
        <dl className="divide-y divide-border">
          <Row label="Status" testId="status-text">
            {c.status.replace("_", " ")}
            {c.syncEnabled ? "" : " (sync disabled)"}
          </Row>
          <Row label="Account">{account}</Row>
          {extraMeta.map(([k, v]) => (
            <Row key={k} label={metaLabel(k)}>
              <span className="font-mono text-xs break-all">{v}</span>
            </Row>
          ))}
          <Row label="Connection id">
            <CopyField value={c.id} label="Copy connection id" />
          </Row>
          <Row label="Last verified" testId="last-verified">
            {formatTime(c.lastVerifiedAt, "never")}
          </Row>
          {c.authKind === "oauth2" ? (
            <>
              <Row label="Access token expires">{formatTime(c.tokenExpiresAt, "no expiry")}</Row>
              <Row label="Last token refresh">{formatTime(c.lastRefreshedAt, "never")}</Row>
            </>
          ) : null}
          <Row label="Last error" testId="last-error">
            {c.lastError ? (
              <FormMessage kind="error" code={c.lastError.code}>
                {c.lastError.message} <span className="text-muted-foreground">({formatTime(c.lastError.at)})</span>
              </FormMessage>
            ) : (
              "none"
            )}
          </Row>
          <Row label="Created">{formatTime(c.createdAt)}</Row>
        </dl>
        <div className="mt-4">
          <ConnectionControls
            name={c.name}
            authKind={c.authKind}
            syncEnabled={c.syncEnabled}
            canManage={canManage}
            testAction={testConnectionAction.bind(null, s, c.id)}
            syncAction={setSyncAction.bind(null, s, c.id)}
            rotateAction={setup.rotatable ? rotateWebhookSecretAction.bind(null, s, c.id) : undefined}
            reconnectAction={reconnectAction.bind(null, s, c.id)}
          />
        </div>
      </Card>

      <SyncSection access={access} connectionId={c.id} />

      <ConnectionWebhooks access={access} connectionId={c.id} provider={c.provider} />
      <MappingSection access={access} connectionId={c.id} />

      <WebhookSetupCard
        setup={setup}
        providerName={def?.name ?? c.provider}
        setupStepsHref={`/w/${s}/integrations/${c.provider}`}
        canManage={canManage}
        rotatedAt={c.webhookSecretRotatedAt}
        revealAction={revealWebhookUrlAction.bind(null, s, c.id)}
      />

      {canManage ? (
        <Card title="Settings">
          <div className="space-y-6">
            <RenameConnectionForm name={c.name} action={renameConnectionAction.bind(null, s, c.id)} />
            {configFields.length > 0 && def ? (
              <div className="border-t border-border pt-4">
                <h3 className="mb-1 text-sm font-semibold">{def.name} settings</h3>
                <p className="mb-3 text-sm text-muted-foreground">Saved after Switchboard checks the stored credentials still reach the same account with them.</p>
                <ConnectionConfigForm fields={configFields} values={configValues} action={updateConnectionConfigAction.bind(null, s, c.id)} />
              </div>
            ) : null}
            <div className="border-t border-border pt-4">
              <h3 className="mb-2 text-sm font-semibold">Danger zone</h3>
              <DeleteConnectionForm name={c.name} revokes={c.authKind === "oauth2" && Boolean(def?.oauth2?.revokeUrl)} action={deleteConnectionAction.bind(null, s, c.id)} />
            </div>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
