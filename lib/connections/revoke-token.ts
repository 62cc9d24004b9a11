// Revoking an OAuth grant at the provider when a connection is deleted, the way the provider's
// definition says (OAuth2Settings.revokeRequest: RFC 7009 POST, or DELETE <revokeUrl>/<token>).
// Never throws: a failed revoke must not block deleting the connection.
import { appUrl } from "@/lib/env";
import type { Connection } from "@/lib/generated/prisma/client";
import { oauthCredentialsSchema } from "@/lib/integrations/types";
import { connectionHttpClient } from "@/lib/connections/connection-http-client";
import { jsonRecord, openCredentials, providerOf } from "@/lib/connections/load-connection";
import { oauthClientFor } from "@/lib/connections/oauth-client";

export type RevokeOutcome = "revoked" | "unsupported" | "failed";

export async function revokeConnectionToken(connection: Connection): Promise<RevokeOutcome> {
  try {
    const def = providerOf(connection);
    const settings = def.oauth2;
    if (connection.authKind !== "oauth2" || !settings?.revokeUrl) return "unsupported";
    const creds = oauthCredentialsSchema.safeParse(await openCredentials(connection));
    if (!creds.success) return "failed";
    const token = creds.data.refreshToken ?? creds.data.accessToken;
    const hint = creds.data.refreshToken ? "refresh_token" : "access_token";
    const client = await oauthClientFor(def, connection.environment, connection.workspaceId);
    const url = settings.revokeUrl({ environment: connection.environment, appUrl: appUrl(), config: jsonRecord(connection.config) });
    const http = connectionHttpClient(def, () => [token, creds.data.accessToken, client?.clientSecret ?? ""], connection.environment);
    const form: Record<string, string> = { token, token_type_hint: hint };
    const headers: Record<string, string> = {};
    if (client && settings.clientAuth === "basic") {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`;
    } else if (client) {
      form.client_id = client.clientId;
      form.client_secret = client.clientSecret;
    }
    if (settings.revokeRequest === "delete-path") {
      const del = await http.request({ method: "DELETE", url: `${url.replace(/\/$/, "")}/${encodeURIComponent(token)}`, accept: [404], operation: "oauth.revoke", timeoutMs: 10_000 });
      return del.status < 300 ? "revoked" : "failed";
    }
    const res = await http.request({ method: "POST", url, form, headers, accept: [404, 405], operation: "oauth.revoke", timeoutMs: 10_000 });
    return res.status < 300 ? "revoked" : "failed";
  } catch {
    return "failed";
  }
}
