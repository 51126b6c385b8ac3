import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { deliveryBatches, messages } from "@/lib/db/schema";
import type { Drivers, MessageRow } from "@/lib/messaging/drivers";
import { openMessage } from "@/lib/messaging/sealed-body";
import { rowsOf } from "@/lib/db/rows";

type Channel = MessageRow["channel"];

/** A provider request held by one worker: its key, its members (opened for the provider) and the claim's fence. */
export type ClaimedRequest = { key: string; channel: Channel; attempts: number; messages: MessageRow[] };

/**
 * Claims up to `requests` provider requests, in one transaction:
 * - requests that already have a key (a retry that is due, or one whose worker's lease ran out, i.e. it crashed or
 *   stalled) are taken over as they are, members and key unchanged, whatever happened to them before;
 * - due messages that have never been claimed are grouped into new requests, and each gets its key now, before
 *   anything is sent, so a crash at any later point repeats the same request under the same key.
 * Rows are locked with SKIP LOCKED and held by a lease (`leaseMs`, renewed while the worker works), so workers
 * never claim the same request and a crashed one's requests are picked up as soon as its lease runs out.
 */
export async function claimRequests(db: Db, p: { worker: string; drivers: Drivers; requests: number; leaseMs: number }): Promise<ClaimedRequest[]> {
  const lease = sql`clock_timestamp() + ${p.leaseMs} * interval '1 millisecond'`;
  const claimed = await db.transaction(async (tx) => {
    const again = rowsOf<{ key: string; channel: Channel; attempts: number }>(
      await tx.execute(sql`
        update delivery_batches set attempts = attempts + 1, locked_by = ${p.worker}, locked_until = ${lease}
        where key in (
          select key from delivery_batches where coalesce(locked_until, next_attempt_at) <= now()
          order by coalesce(locked_until, next_attempt_at) limit ${p.requests} for update skip locked
        )
        returning key, channel, attempts`),
    );
    const out = again.map((r) => ({ key: r.key, channel: r.channel, attempts: Number(r.attempts) }));
    const room = p.requests - out.length;
    if (room > 0) {
      // Room for `room` requests of the channel with the smaller batches: a request of the other may go out smaller,
      // but the claim never locks (and reads) rows it will not send.
      const most = Math.min(p.drivers.email.batchSize, p.drivers.sms.batchSize) * room;
      const fresh = await tx
        .select({ id: messages.id, channel: messages.channel })
        .from(messages)
        .where(and(eq(messages.status, "queued"), isNull(messages.deliveryKey), lte(messages.nextAttemptAt, sql`now()`)))
        .orderBy(asc(messages.nextAttemptAt), asc(messages.createdAt))
        .limit(most)
        .for("update", { skipLocked: true });
      // Rows a worker from before delivery keys left in `sending`: claimed afresh once their old lock ran out.
      const stranded = await tx
        .select({ id: messages.id, channel: messages.channel })
        .from(messages)
        .where(and(eq(messages.status, "sending"), isNull(messages.deliveryKey), lt(messages.lockedUntil, sql`now()`)))
        .limit(most)
        .for("update", { skipLocked: true });
      const made: { key: string; channel: Channel; ids: string[] }[] = [];
      for (const channel of ["email", "sms"] as const) {
        const ids = [...stranded, ...fresh].filter((m) => m.channel === channel).map((m) => m.id);
        const size = p.drivers[channel].batchSize;
        for (let i = 0; i < ids.length && made.length < room; i += size) {
          const part = ids.slice(i, i + size);
          // A message's own key when it goes alone (it goes alone at most once: see settleRequest), a fresh one for a batch.
          made.push({ key: part.length === 1 ? `msg-${part[0]}` : `batch-${randomUUID()}`, channel, ids: part });
        }
      }
      if (made.length > 0) {
        await tx.insert(deliveryBatches).values(
          made.map((r) => ({ key: r.key, channel: r.channel, attempts: 1, lockedBy: p.worker, lockedUntil: lease })),
        );
        const pairs = JSON.stringify(made.flatMap((r) => r.ids.map((id) => ({ id, key: r.key }))));
        await tx.execute(sql`
          update messages m set delivery_key = v.key from json_to_recordset(${pairs}::json) as v(id uuid, key text) where m.id = v.id`);
        out.push(...made.map((r) => ({ key: r.key, channel: r.channel, attempts: 1 })));
      }
    }
    if (out.length === 0) return [];
    const keys = out.map((r) => r.key);
    const members = await tx
      .update(messages)
      .set({ status: "sending", attempts: sql`${messages.attempts} + 1`, lockedUntil: null })
      .where(and(inArray(messages.deliveryKey, keys), inArray(messages.status, ["queued", "sending"])))
      .returning();
    return out.map((r) => ({ ...r, members: members.filter((m) => m.deliveryKey === r.key) }));
  });
  // Same order on every attempt, so the request's body is the same; the provider gets the plain subject and bodies.
  return claimed.map(({ members, ...r }) => ({
    ...r,
    messages: members.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)).map(openMessage),
  }));
}

/** Keeps a worker's leases alive while it works; a lease it lost (it stalled, another took over) stays lost. */
export async function renewLeases(db: Db, p: { worker: string; leaseMs: number }) {
  await db
    .update(deliveryBatches)
    .set({ lockedUntil: sql`clock_timestamp() + ${p.leaseMs} * interval '1 millisecond'` })
    .where(eq(deliveryBatches.lockedBy, p.worker));
}

/** True if this worker still holds the request (renewing its lease): checked right before the request is sent. */
export async function stillHeld(db: Db, p: { worker: string; key: string; leaseMs: number }): Promise<boolean> {
  const rows = await db
    .update(deliveryBatches)
    .set({ lockedUntil: sql`clock_timestamp() + ${p.leaseMs} * interval '1 millisecond'` })
    .where(and(eq(deliveryBatches.key, p.key), eq(deliveryBatches.lockedBy, p.worker)))
    .returning({ key: deliveryBatches.key });
  return rows.length > 0;
}
