import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db";
import { deliveryBatches, messages } from "@/lib/db/schema";
import type { SendResult } from "@/lib/messaging/drivers";
import { applyEarlyEvents, lockProviderIds } from "@/lib/messaging/record-provider-event";
import { applyEarlyDeliveryReports } from "@/lib/sms/apply-delivery-report";
import { lockBalances } from "@/lib/sms/credits/balance";
import { refundSmsCredits } from "@/lib/sms/credits/refund-sms-credits";
import type { ClaimedRequest } from "./claim-requests";

export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min … capped at 1 h: a provider outage delays mail, it never drops it. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export type Outcome = "sent" | "retrying" | "failed";

/**
 * Records what the provider answered for one request, in one transaction, if this worker still holds it (else another
 * worker has taken it over and will repeat it under the same key: nothing is written, and null is returned).
 * - all sent: the messages are sent and the request is done;
 * - the request failed as a whole in a way the provider may still have accepted (no answer, 5xx, 429, a concurrent
 *   request with the same key): the same request is retried later, same members, same key;
 * - refused as a whole for good (a 422 for one malformed address): each message is re-sent on its own at once;
 * - anything else answered message by message.
 */
export async function settleRequest(db: Db, p: { worker: string; provider: string; request: ClaimedRequest; results: SendResult[] }): Promise<Map<string, Outcome> | null> {
  const { request } = p;
  // A driver that answered for fewer messages than it was given leaves the rest unknown: treated as not answered.
  const answered = new Set(p.results.map((r) => r.id));
  const results: SendResult[] = [
    ...p.results,
    ...request.messages.filter((m) => !answered.has(m.id)).map((m) => ({ id: m.id, ok: false as const, retryable: true, error: "the provider gave no answer for this message" })),
  ];
  const outcome = new Map<string, Outcome>();
  return db.transaction(async (tx) => {
    const [held] = await tx
      .select({ key: deliveryBatches.key })
      .from(deliveryBatches)
      .where(and(eq(deliveryBatches.key, request.key), eq(deliveryBatches.lockedBy, p.worker)))
      .for("update");
    if (!held) return null;
    const now = Date.now();
    const sent = results.filter((r) => r.ok);
    const failed = results.filter((r): r is Extract<SendResult, { ok: false }> => !r.ok);
    // SMS credits may move below (early delivery reports, refunds): the request's workspaces' balance rows are locked
    // once, in order, after the provider-id locks (the webhook's order too), so no two transactions wait on each other.
    const smsWorkspaces = request.channel === "sms" ? request.messages.map((m) => m.workspaceId) : [];
    if (sent.length > 0) await markSent(tx, p.provider, sent, smsWorkspaces);
    else await lockBalances(tx, smsWorkspaces);
    for (const r of sent) outcome.set(r.id, "sent");

    if (failed.length === results.length && failed.every((r) => r.retryable) && request.attempts < MAX_ATTEMPTS) {
      const delay = Math.max(...failed.map((r) => r.retryAfterMs ?? backoffMs(request.attempts)));
      const at = new Date(now + delay);
      await tx.update(deliveryBatches).set({ lockedBy: null, lockedUntil: null, nextAttemptAt: at }).where(eq(deliveryBatches.key, request.key));
      await requeue(tx, failed.map((r) => r.id), { provider: p.provider, error: failed[0].error, at, deliveryKey: request.key });
      for (const r of failed) outcome.set(r.id, "retrying");
      return outcome;
    }

    await tx.delete(deliveryBatches).where(eq(deliveryBatches.key, request.key));
    const refusedWhole = request.messages.length > 1 && failed.length === results.length && failed.every((r) => !r.retryable);
    if (refusedWhole) {
      // A refusal for good proves nothing about the others, and it means the provider sent nothing: a new key per
      // message is safe. Each goes alone, under its own key, at once, so one bad address costs nobody else their email.
      const solo = failed.map((r) => ({ key: `msg-${r.id}`, channel: request.channel }));
      await tx.insert(deliveryBatches).values(solo);
      for (const r of failed) {
        await tx
          .update(messages)
          .set({ status: "queued", provider: p.provider, lastError: r.error.slice(0, 500), deliveryKey: `msg-${r.id}`, nextAttemptAt: new Date(now) })
          .where(eq(messages.id, r.id));
        outcome.set(r.id, "retrying");
      }
      return outcome;
    }
    for (const r of failed) {
      if (r.retryable && request.attempts < MAX_ATTEMPTS) {
        // The provider answered for this message alone and did not take it (it took others of the request), so it
        // was not sent: it may go again in a new request under a new key.
        await requeue(tx, [r.id], { provider: p.provider, error: r.error, at: new Date(now + (r.retryAfterMs ?? backoffMs(request.attempts))), deliveryKey: null });
        outcome.set(r.id, "retrying");
      } else {
        await tx
          .update(messages)
          .set({ status: "failed", provider: p.provider, lastError: r.error.slice(0, 500), lockedUntil: null })
          .where(eq(messages.id, r.id));
        // An SMS that will never go out gives its reserved credits back, in the transaction that fails it.
        const m = request.messages.find((x) => x.id === r.id);
        if (m?.channel === "sms" && m.workspaceId) await refundSmsCredits(tx, { workspaceId: m.workspaceId, messageId: m.id });
        outcome.set(r.id, "failed");
      }
    }
    return outcome;
  });
}

async function requeue(tx: DbOrTx, ids: string[], p: { provider: string; error: string; at: Date; deliveryKey: string | null }) {
  await tx
    .update(messages)
    .set({ status: "queued", provider: p.provider, lastError: p.error.slice(0, 500), lockedUntil: null, nextAttemptAt: p.at, deliveryKey: p.deliveryKey })
    .where(inArray(messages.id, ids));
}

async function markSent(tx: DbOrTx, provider: string, sent: SendResult[], smsWorkspaces: (string | null)[]) {
  // One statement for the whole request: a 10,000-recipient send settles in 100 updates, not 10,000.
  const rows = JSON.stringify(sent.map((r) => ({ id: r.id, pid: r.ok ? r.providerId : null })));
  const pids = sent.flatMap((r) => (r.ok && r.providerId ? [r.providerId] : []));
  // Under the webhook's per-id lock, so an event that arrived before we knew the id is applied here, not lost.
  await lockProviderIds(tx, provider, pids);
  await lockBalances(tx, smsWorkspaces);
  await tx.execute(sql`
    update messages m set status = 'sent', provider = ${provider}, provider_id = v.pid, sent_at = now(),
      locked_until = null, last_error = null, updated_at = now()
    from json_to_recordset(${rows}::json) as v(id uuid, pid text)
    where m.id = v.id`);
  await applyEarlyEvents(tx, provider, pids);
  // MSG91's reports name a request id and a number (one request id covers a whole Flow call), so they are matched apart.
  if (provider === "msg91") await applyEarlyDeliveryReports(tx, pids);
}
