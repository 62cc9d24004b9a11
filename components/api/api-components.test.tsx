// The API pages' components render on the server (as the pages do) with real data shapes.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiReference, type OpenApiDoc } from "@/components/api/api-reference";
import { ApiKeysTable } from "@/components/api/api-keys-table";
import { CreateApiKeyForm } from "@/components/api/create-api-key-form";
import { openApiDocument } from "@/lib/api/openapi-document";
import { API_SCOPES } from "@/lib/api/api-scopes";
import { TooltipProvider } from "@/components/ui/tooltip";
import { CreateEndpointForm } from "@/components/api/create-endpoint-form";
import { WebhookEndpoints } from "@/components/api/webhook-endpoints";
import { WebhookDeliveries } from "@/components/api/webhook-deliveries";

describe("API components", () => {
  it("the reference lists every operation of the generated document", () => {
    const doc = openApiDocument() as unknown as OpenApiDoc;
    const html = renderToStaticMarkup(<ApiReference doc={doc} />);
    for (const [path, methods] of Object.entries(doc.paths))
      for (const m of Object.keys(methods)) expect(html).toContain(`data-testid="op-${m}-${path}"`);
    expect(html).toContain("/api/v1/contacts/export");
    expect(html).toContain("ContactFields");
  });

  it("the key form offers every scope; the table shows prefix, scopes and status, never more than the prefix", () => {
    const form = renderToStaticMarkup(<CreateApiKeyForm action={async () => undefined} />);
    for (const s of API_SCOPES) expect(form).toContain(s);
    const table = renderToStaticMarkup(
      <TooltipProvider>
        <ApiKeysTable
          revokeAction={async () => undefined}
          keys={[
            {
              id: "k1",
              name: "Warehouse",
              prefix: "sbk_abcdefgh",
              scopes: ["orders:write"],
              expiresAt: null,
              lastUsedAt: null,
              revokedAt: null,
              createdAt: new Date().toISOString(),
              status: "active",
            },
            {
              id: "k2",
              name: "Old",
              prefix: "sbk_zzzzzzzz",
              scopes: ["contacts:read"],
              expiresAt: null,
              lastUsedAt: new Date().toISOString(),
              revokedAt: new Date().toISOString(),
              createdAt: new Date().toISOString(),
              status: "revoked",
            },
          ]}
        />
      </TooltipProvider>,
    );
    expect(table).toContain("sbk_abcdefgh…");
    expect(table).toContain("Active");
    expect(table).toContain("Revoked");
    expect(table.match(/>Revoke</g)).toHaveLength(1); // a revoked key has no revoke button
  });

  it("the webhooks page parts show endpoints (state, failure notice) and deliveries with every attempt", async () => {
    const none = async () => undefined;
    expect(renderToStaticMarkup(<CreateEndpointForm action={none} />)).toContain("contact.updated");
    const now = new Date().toISOString();
    const eps = renderToStaticMarkup(
      <TooltipProvider>
        <WebhookEndpoints
          endpoints={[
            {
              id: "e1",
              url: "https://a.example/hook",
              description: "",
              eventTypes: [],
              enabled: true,
              disabledReason: null,
              failingSince: null,
              rotationEndsAt: null,
              createdAt: now,
            },
            {
              id: "e2",
              url: "https://b.example/hook",
              description: "CRM",
              eventTypes: ["order.updated"],
              enabled: false,
              disabledReason: "Disabled after failing for 5 days",
              failingSince: now,
              rotationEndsAt: null,
              createdAt: now,
            },
          ]}
          actions={{ rotate: none, toggle: none, remove: none, test: none, recover: none }}
        />
      </TooltipProvider>,
    );
    expect(eps).toContain("Disabled after failing for 5 days");
    expect(eps).toContain("Events: all");
    expect(eps).toContain("Send test event");
    const dl = renderToStaticMarkup(
      <WebhookDeliveries
        urls={{ e1: "https://a.example/hook" }}
        resend={none}
        deliveries={[
          {
            id: "d1",
            endpointId: "e1",
            eventType: "contact.created",
            status: "failed",
            createdAt: now,
            attempts: [{ attempt: 1, status: 500, latencyMs: 12, excerpt: "nope", error: null, at: now }],
          },
        ]}
      />,
    );
    expect(dl).toContain("#1 500 · 12 ms · nope");
    expect(dl).toContain(">Resend<");
  });
});
