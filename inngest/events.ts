// Every event Switchboard sends or reacts to, each defined once with its zod schema.
import { eventType } from "inngest";
import { z } from "zod";

/** Asks for the executor-history prune to run now (it also runs daily by cron). */
export const jobsPruneRequested = eventType("switchboard/jobs.prune-requested", {
  schema: z.object({
    /** Keep finished runs and events younger than this many days (default 14). */
    retentionDays: z.number().int().min(1).max(3650).optional(),
  }),
});

/** Asks for the OAuth token refresh sweep to run now (it also runs every 5 minutes by cron). */
export const connectionsRefreshRequested = eventType("switchboard/connections.refresh-requested", { schema: z.object({}) });

/**
 * One hub record changed (lib/records/publish-record-changes.ts), for outbound webhooks: sent after the
 * change commits, only while the workspace has an enabled endpoint taking `<object>.<action>`; the
 * event id is the change row's id, so a re-send by the sweeper is de-duplicated.
 */
export const recordChanged = eventType("switchboard/record.changed", {
  schema: z.object({
    workspaceId: z.string(),
    recordId: z.string(),
    object: z.enum(["contact", "order", "product", "appointment", "opportunity"]),
    changeId: z.string(),
    version: z.number().int(),
    action: z.enum(["created", "updated", "deleted"]),
    /** the connection the change came from: the push never sends it back there */
    sourceConnectionId: z.string().nullable(),
  }),
});

/** At most this many changed records are named in a records.changed event (and the push it asks for). */
export const FEW_RECORDS = 10;

/**
 * Hub records changed in one committed transaction (one edit, a pull page, a webhook delivery): one
 * event per transaction and (workspace, object, source connection) carrying the change ids, so a
 * 100-record page costs one event, not 100. The sync fan-out reacts to it; pushes drain by record
 * version, so a re-send by the sweeper costs at most an empty push.
 */
export const recordsChanged = eventType("switchboard/records.changed", {
  schema: z.object({
    workspaceId: z.string(),
    object: z.enum(["contact", "order", "product", "appointment", "opportunity"]),
    /** the connection the changes came from: the push never sends them back there */
    sourceConnectionId: z.string().nullable(),
    changeIds: z.array(z.string()).min(1),
    /**
     * the changed records, when there are few (a person's edit, an API write; not a backfill page):
     * the push takes them first by id, before it scans the connection's records for the rest
     */
    recordIds: z.array(z.string()).max(FEW_RECORDS).optional(),
  }),
});

/** Asks for the record-change sweeper to run now (it also runs every minute by cron). */
export const recordChangesSweepRequested = eventType("switchboard/record-changes.sweep-requested", { schema: z.object({}) });

const syncObject = z.enum(["contact", "order", "product", "appointment", "opportunity"]);

/** Pull one connection's object now: "incremental" from the checkpoint, "full" lists everything (full resync). */
export const syncPullRequested = eventType("switchboard/sync.pull-requested", {
  schema: z.object({
    connectionId: z.string(),
    object: syncObject,
    mode: z.enum(["incremental", "full"]),
    trigger: z.enum(["schedule", "manual", "webhook", "initial"]),
  }),
});

/** Push what a connection has not received yet for one object (hub changes). */
export const syncPushRequested = eventType("switchboard/sync.push-requested", {
  /** recordIds: the few records whose change asked for this push (see recordsChanged), pushed first */
  schema: z.object({ connectionId: z.string(), object: syncObject, recordIds: z.array(z.string()).max(FEW_RECORDS).optional() }),
});

/** Asks for the sync history prune to run now (it also runs daily by cron). */
export const syncPruneRequested = eventType("switchboard/sync.prune-requested", {
  schema: z.object({ retentionDays: z.number().int().min(1).max(3650).optional() }),
});

/**
 * A verified webhook delivery was stored in the inbox (lib/webhooks). The event id is the inbox row's
 * id (a replay adds a suffix), so a re-send is de-duplicated; batched per connection.
 */
export const webhookReceived = eventType("switchboard/webhook.received", {
  schema: z.object({ deliveryId: z.string(), connectionId: z.string(), workspaceId: z.string() }),
});

/** Asks for the webhook inbox sweep (re-send stored deliveries whose event was never sent) to run now; also every minute by cron. */
export const webhookSweepRequested = eventType("switchboard/webhook.sweep-requested", { schema: z.object({}) });

/**
 * Send one outbound webhook delivery (lib/webhooks/outbound) on its retry schedule. The event id is the
 * delivery id (plus ":resend:<n>" for a resend), so a duplicate send starts no second schedule.
 */
export const outboundDeliveryRequested = eventType("switchboard/outbound.delivery-requested", {
  schema: z.object({ deliveryId: z.string(), workspaceId: z.string() }),
});
