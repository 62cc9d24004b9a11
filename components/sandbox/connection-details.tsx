import { CopyField } from "@/components/ui/copy-button";
import type { SandboxActionState } from "@/components/sandbox/action-state";
import { RedirectUrisForm } from "@/components/sandbox/redirect-uris-form";
import type { ConnectionDetailsDto } from "@/lib/integrations/sandbox/panel";

function Item({ label, value, copyLabel, testId }: { label: string; value: string; copyLabel: string; testId: string }) {
  return (
    <div className="min-w-0 space-y-1">
      <p className="text-sm font-medium">{label}</p>
      <CopyField value={value} label={copyLabel} testId={testId} />
    </div>
  );
}

/** What an external tool needs to talk to this sandbox account: base URL, API key, OAuth app, webhook public keys. */
export function ConnectionDetails({
  details,
  externalId,
  canEdit,
  redirectAction,
}: {
  details: ConnectionDetailsDto;
  externalId: string;
  canEdit: boolean;
  redirectAction: (prev: SandboxActionState, fd: FormData) => Promise<SandboxActionState>;
}) {
  const { oauth } = details;
  return (
    <div className="space-y-5">
      <div className="grid gap-4 md:grid-cols-2">
        <Item label="Base URL" value={details.baseUrl} copyLabel="Copy base URL" testId="sandbox-base-url" />
        <Item label="Account id (portal, org, location)" value={externalId} copyLabel="Copy account id" testId="sandbox-account-id" />
        <Item label="API key / private app token" value={details.apiKey} copyLabel="Copy API key" testId="sandbox-api-key" />
      </div>
      {oauth ? (
        <div className="space-y-4 border-t border-border pt-4">
          <p className="text-sm text-muted-foreground">
            This workspace&apos;s OAuth app for this sandbox. The consent screen asks a signed-in member of this workspace and redirects only to the
            registered URIs.
          </p>
          <div className="grid gap-4 md:grid-cols-2">
            <Item label="OAuth client id" value={oauth.clientId} copyLabel="Copy client id" testId="sandbox-client-id" />
            <Item label="OAuth client secret" value={oauth.clientSecret} copyLabel="Copy client secret" testId="sandbox-client-secret" />
            {oauth.developerApiKey ? <Item label="Developer API key (hapikey)" value={oauth.developerApiKey} copyLabel="Copy developer API key" testId="sandbox-developer-key" /> : null}
            <Item label="Redirect URI (always allowed)" value={oauth.defaultRedirectUri} copyLabel="Copy redirect URI" testId="sandbox-default-redirect" />
          </div>
          {canEdit ? (
            <RedirectUrisForm uris={oauth.redirectUris} action={redirectAction} />
          ) : oauth.redirectUris.length ? (
            <ul className="list-inside list-disc text-sm text-muted-foreground">
              {oauth.redirectUris.map((u) => (
                <li key={u} className="truncate">
                  {u}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {details.webhookPublicKeys.length ? (
        <div className="space-y-3 border-t border-border pt-4">
          <p className="text-sm text-muted-foreground">Webhook public keys: verify this sandbox&apos;s deliveries with them (they are this workspace&apos;s own).</p>
          {details.webhookPublicKeys.map((k) => (
            <div key={k.scheme} className="min-w-0 space-y-1">
              <p className="text-sm font-medium">{k.scheme === "ed25519" ? "Ed25519 (X-GHL-Signature)" : k.scheme === "rsa" ? "RSA (legacy X-WH-Signature)" : k.scheme}</p>
              <div className="flex min-w-0 items-start gap-2">
                <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-muted p-2 text-xs" data-testid={`sandbox-public-key-${k.scheme}`}>
                  {k.pem}
                </pre>
                <CopyField value={k.pem} label={`Copy ${k.scheme} public key`} />
              </div>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
