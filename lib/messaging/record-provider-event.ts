import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db";
import { messageEvents, messages } from "@/lib/db/schema";

type Status = (typeof messages.$inferSelect)["status"];

/**
 * How far along a message is. A status only ever moves to a higher rank, so a late or replayed event (a
 * `delivered` after a `bounced`) never undoes a later one. Bounced, complained and failed are outcomes: final.
 */
const RANK: Record<Status, number> = { queued: 0, sending: 0, sent: 1, delivered: 2, bounced: 3, complained: 3, failed: 3 };
const rankSql = sql`(case ${messages.status} when 'queued' then 0 when 'sending' then 0 when 'sent' then 1 when 'delivered' then 2 else 3 end)`;

type Effect = { status: Status | null; detail: string | null };

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** What one Resend event means for its message; types we do not act on are kept as events only. */
export function effectOf(type: string, payload: Record<string, unknown>): Effect {
  const data = obj(payload.data);
  switch (type) {
    case "email.sent":
      return { status: "sent", detail: null };
    case "email.delivered":
      return { status: "delivered", detail: null };
    case "email.bounced": {
      const b = obj(data.bounce);
      const kind = [str(b.type), str(b.subType)].filter(Boolean).join(" / ");
      const reason = [str(b.message), kind && `(${kind})`].filter(Boolean).join(" ");
      return { status: "bounced", detail: (reason || "The recipient's mail server refused the email.").slice(0, 500) };
    }
    case "email.complained":
      return { status: "complained", detail: "The recipient marked the email as spam." };
    case "email.failed":
      return { status: "failed", detail: (str(obj(data.failed).reason) ?? "Resend could not send the email.").slice(0, 500) };
    case "email.suppressed": {
      const s = obj(data.suppressed);
      return { status: "failed", detail: `Not sent: the address is on Resend's suppression list${str(s.message) ? ` (${str(s.message)})` : ""}.`.slice(0, 500) };
    }
    case "email.delivery_delayed":
      return { status: null, detail: "Delivery delayed: the recipient's server has not accepted it yet; Resend keeps trying." };
    default:
      return { status: null, detail: null };
  }
}

/** Serialises everything about one provider message id: the webhook and the send's settle take the same lock. */
export async function lockProviderIds(tx: DbOrTx, provider: string, providerIds: string[]) {
  const keys = [...new Set(providerIds)].sort().map((id) => `${provider}:${id}`);
  if (keys.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from json_array_elements_text(${JSON.stringify(keys)}::json) as k order by k`);
}

/** One conditional UPDATE: the status moves only forward, and `delivered_at` keeps the first delivery's time. */
async function applyEffect(tx: DbOrTx, messageId: string, e: Effect, occurredAt: Date) {
  if (!e.status) return false;
  const status = e.status;
  const rows = await tx
    .update(messages)
    .set({
      status,
      deliveredAt: status === "delivered" ? sql`coalesce(${messages.deliveredAt}, ${occurredAt.toISOString()}::timestamptz)` : undefined,
      lastError: status === "bounced" || status === "complained" || status === "failed" ? e.detail : undefined,
      updatedAt: new Date(),
    })
    .where(and(eq(messages.id, messageId), sql`${rankSql} < ${RANK[status]}`))
    .returning({ id: messages.id });
  return rows.length > 0;
}

export type RecordResult = { duplicate: boolean; messageId: string | null; applied: boolean };

/**
 * Stores one provider event and applies it to its message, in one transaction. A redelivered event (same
 * provider event id) changes nothing. An event whose email id we do not know yet is kept with no message: the
 * send's settle attaches and applies it (see `applyEarlyEvents`), so a webhook that beats our own bookkeeping is
 * not lost.
 */
export async function recordProviderEvent(
  db: Db,
  ev: { provider: string; eventId: string; type: string; occurredAt: Date; providerMessageId: string | null; payload: Record<string, unknown> },
): Promise<RecordResult> {
  return db.transaction(async (tx) => {
    if (ev.providerMessageId) await lockProviderIds(tx, ev.provider, [ev.providerMessageId]);
    const [msg] = ev.providerMessageId
      ? await tx
          .select({ id: messages.id, workspaceId: messages.workspaceId })
          .from(messages)
          .where(and(eq(messages.providerId, ev.providerMessageId), eq(messages.provider, ev.provider)))
          .limit(1)
          .for("update")
      : [];
    const effect = effectOf(ev.type, ev.payload);
    const inserted = await tx
      .insert(messageEvents)
      .values({
        messageId: msg?.id ?? null,
        workspaceId: msg?.workspaceId ?? null,
        provider: ev.provider,
        providerEventId: ev.eventId,
        type: ev.type,
        detail: effect.detail,
        payload: ev.payload,
        occurredAt: ev.occurredAt,
      })
      .onConflictDoNothing({ target: [messageEvents.provider, messageEvents.providerEventId] })
      .returning({ id: messageEvents.id });
    if (inserted.length === 0) return { duplicate: true, messageId: msg?.id ?? null, applied: false };
    const applied = msg ? await applyEffect(tx, msg.id, effect, ev.occurredAt) : false;
    return { duplicate: false, messageId: msg?.id ?? null, applied };
  });
}

/** Events for a provider id older than this are not waited for: that id belongs to mail we did not send. */
const EARLY_EVENT_WINDOW = "7 days";

/**
 * Called by the deliverer in the transaction that records provider ids (after `lockProviderIds`): events that
 * arrived before we knew the id are attached to their message and applied in the order they happened.
 */
export async function applyEarlyEvents(tx: DbOrTx, provider: string, providerIds: string[]) {
  if (providerIds.length === 0) return 0;
  const ids = JSON.stringify([...new Set(providerIds)]);
  const attached = (await tx.execute(sql`
    update message_events e set message_id = m.id, workspace_id = m.workspace_id
    from messages m
    where e.message_id is null and e.occurred_at > now() - ${EARLY_EVENT_WINDOW}::interval
      and e.provider = ${provider} and e.payload->'data'->>'email_id' in (select json_array_elements_text(${ids}::json))
      and m.provider = ${provider} and m.provider_id = e.payload->'data'->>'email_id'
    returning e.message_id, e.type, e.payload, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at`)) as unknown;
  const rows = ((attached as { rows?: unknown[] }).rows ?? (attached as unknown[])) as {
    message_id: string;
    type: string;
    payload: Record<string, unknown> | string;
    occurred_at: string;
  }[];
  rows.sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
  for (const r of rows) {
    const payload = typeof r.payload === "string" ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload;
    await applyEffect(tx, r.message_id, effectOf(r.type, payload), new Date(r.occurred_at));
  }
  return rows.length;
}
