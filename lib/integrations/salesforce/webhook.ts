// Salesforce change notifications: Outbound Messages (SOAP, no signature). A delivery is authenticated
// by the per-connection secret in the URL (?secret=...) and by its OrganizationId matching the connected
// org; the listener must answer with a SOAP Ack or Salesforce keeps retrying.
import { AppError } from "@/lib/errors/app-error";
import type { FieldMap } from "@/lib/integrations/object-contract";
import type { WebhookChange, WebhookHandler, WebhookParseInput, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import { salesforceDateToIso, SALESFORCE_OBJECTS } from "@/lib/integrations/salesforce/map";
import { verifyUrlSecret } from "@/lib/integrations/url-secret";

export const OUTBOUND_NS = "http://soap.sforce.com/2005/09/outbound";

const decodeXml = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&");

function tag(xml: string, name: string): string | null {
  const m = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${name}>`).exec(xml);
  return m ? decodeXml(m[1]!.trim()) : null;
}

export type OutboundNotification = { notificationId: string; objectType: string; fields: Record<string, string | null> };
export type OutboundMessage = { organizationId: string; actionId: string | null; notifications: OutboundNotification[] };

/** Parse an Outbound Message envelope (the shape is fixed by Salesforce's WSDL). */
export function parseOutboundMessage(xml: string): OutboundMessage {
  if (!xml.includes(OUTBOUND_NS) || !/<(?:\w+:)?notifications[\s>]/.test(xml)) {
    throw new AppError("VALIDATION_FAILED", "Not a Salesforce outbound message.");
  }
  const organizationId = tag(xml, "OrganizationId");
  if (!organizationId) throw new AppError("VALIDATION_FAILED", "The outbound message has no OrganizationId.");
  const notifications: OutboundNotification[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Notification>([\s\S]*?)<\/(?:\w+:)?Notification>/g)) {
    const block = m[1]!;
    const sobj = /<(?:\w+:)?sObject[^>]*xsi:type="(?:\w+:)?(\w+)"[^>]*>([\s\S]*?)<\/(?:\w+:)?sObject>/.exec(block);
    if (!sobj) continue;
    const fields: Record<string, string | null> = {};
    for (const f of sobj[2]!.matchAll(/<sf:(\w+)(\s+xsi:nil="true"\s*\/>|\s*\/>|>([\s\S]*?)<\/sf:\1>)/g)) {
      fields[f[1]!] = f[3] === undefined ? null : decodeXml(f[3]);
    }
    const notificationId = tag(block.replace(sobj[0], ""), "Id");
    if (!notificationId || !fields.Id) continue;
    notifications.push({ notificationId, objectType: sobj[1]!, fields });
  }
  return { organizationId, actionId: tag(xml, "ActionId"), notifications };
}

/** The org id (15 or 18 chars) from connection metadata: `organization_id`, or the `id` identity URL. */
export function connectedOrgId(metadata: Record<string, string>): string | null {
  if (metadata.organization_id) return metadata.organization_id;
  const m = metadata.id ? /\/id\/(00D\w+)\//.exec(metadata.id) : null;
  return m ? m[1]! : null;
}

export function verifySalesforceWebhook(input: WebhookVerifyInput): WebhookVerifyResult {
  const invalid = (message: string): WebhookVerifyResult => ({ ok: false, error: new AppError("WEBHOOK_SIGNATURE_INVALID", message) });
  const secret = verifyUrlSecret(input);
  if (!secret.ok) return secret;
  const org = connectedOrgId(input.metadata);
  if (org) {
    let message: OutboundMessage;
    try {
      message = parseOutboundMessage(input.rawBody);
    } catch (err) {
      // the URL secret already verified the sender: a body that is no outbound message is malformed (422)
      if (err instanceof AppError) return { ok: false, error: err };
      return invalid("The body is not a Salesforce outbound message.");
    }
    // Salesforce ids come as 15 or 18 characters; the first 15 are the case-sensitive id.
    if (message.organizationId.slice(0, 15) !== org.slice(0, 15)) return invalid("The message is from another Salesforce org.");
  }
  return { ok: true };
}

/** Outbound-message values are text: booleans and numbers come back typed (as the REST API returns them). */
function typed(v: string | null): FieldMap[string] {
  if (v === null) return null;
  if (v === "true" || v === "false") return v === "true";
  return v;
}

/** The notifications -> changes (no I/O). Outbound messages fire on create and update alike, never on delete. */
export function parseSalesforceNotifications(rawBody: string): WebhookChange[] {
  const message = parseOutboundMessage(rawBody);
  return message.notifications
    .filter((n) => (SALESFORCE_OBJECTS as readonly string[]).includes(n.objectType))
    .map((n) => {
      const fields: FieldMap = {};
      for (const [k, v] of Object.entries(n.fields)) fields[k] = typed(v);
      const created = n.fields.CreatedDate !== undefined && n.fields.CreatedDate !== null && n.fields.CreatedDate === n.fields.LastModifiedDate;
      return {
        providerEventId: n.notificationId,
        object: n.objectType,
        action: created ? ("created" as const) : ("updated" as const),
        externalId: n.fields.Id!,
        occurredAt: salesforceDateToIso(n.fields.SystemModstamp ?? n.fields.LastModifiedDate ?? null),
        fields,
      };
    });
}

/** Parse, then (with a client) attach each record's full current fields: a message carries only the fields the admin chose. */
export async function parseSalesforceWebhook(input: WebhookParseInput): Promise<WebhookChange[]> {
  const changes = parseSalesforceNotifications(input.rawBody);
  if (!input.client) return changes;
  const records = new Map<string, NonNullable<WebhookChange["record"]>>();
  for (const object of SALESFORCE_OBJECTS) {
    const ids = changes.filter((c) => c.object === object).map((c) => c.externalId);
    const api = input.client.objects[object];
    if (ids.length && api?.getMany) for (const r of await api.getMany(ids)) records.set(r.externalId, r);
  }
  return changes.map((c) => {
    const record = records.get(c.externalId);
    return record ? { ...c, record } : c;
  });
}

export const SOAP_ACK =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

export const salesforceWebhook: WebhookHandler = {
  verify: verifySalesforceWebhook,
  parse: parseSalesforceWebhook,
  acknowledge: () => ({ status: 200, headers: { "content-type": "text/xml; charset=utf-8" }, body: SOAP_ACK }),
};
