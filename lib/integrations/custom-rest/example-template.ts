// A ready-made template for the Custom REST sandbox ("Generic CRM"), so a user can try the Custom REST
// connector offline and see what a working template looks like.
import type { CustomRestTemplateInput } from "./template";

export function exampleTemplate(baseUrl: string): CustomRestTemplateInput {
  return {
    name: "Generic CRM (sandbox)",
    baseUrl,
    auth: { kind: "bearer" },
    verify: { method: "GET", path: "/me", accountIdPath: "data.account_id" },
    endpoints: {
      list: { method: "GET", path: "/contacts" },
      get: { method: "GET", path: "/contacts/{id}" },
      search: { method: "GET", path: "/contacts", emailParam: "email" },
      create: { method: "POST", path: "/contacts" },
      update: { method: "PATCH", path: "/contacts/{id}" },
      delete: { method: "DELETE", path: "/contacts/{id}" },
    },
    listPath: "data",
    recordPath: "data",
    pagination: { style: "cursor", cursorParam: "cursor", sizeParam: "limit", pageSize: 50, nextCursorPath: "meta.next_cursor" },
    idField: "id",
    updatedAtField: "updated_at",
    modifiedSince: { param: "updated_since", format: "iso" },
    fields: {
      firstName: "first_name",
      lastName: "last_name",
      email: "email",
      phone: "phone",
      company: "company.name",
      leadStatus: "status",
      owner: "owner_email",
      tags: "tags",
      subscribed: "marketing_opt_in",
      source: "source",
      customFields: "custom",
    },
    leadStatusMap: { lead: "new", contacted: "in_progress", qualified: "qualified", customer: "won", churned: "lost" },
    webhook: {
      signature: {
        header: "X-Signature",
        algorithm: "sha256",
        encoding: "hex",
        prefix: "sha256=",
        timestampHeader: "X-Timestamp",
        toleranceSeconds: 300,
        signedPayload: "{timestamp}.{body}",
      },
      eventTypePath: "event",
      eventIdPath: "id",
      recordPath: "data",
      eventTypes: { created: ["contact.created"], updated: ["contact.updated"], deleted: ["contact.deleted"] },
    },
  };
}
