import "server-only";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { messages } from "@/lib/db/schema";
import type { Drivers, MessageRow, SendResult } from "@/lib/messaging/drivers";
import { applyEarlyEvents, lockProviderIds } from "@/lib/messaging/record-provider-event";
import { openMessage } from "@/lib/messaging/sealed-body";

export const MAX_ATTEMPTS = 8;
const LOCK_MINUTES = 5;

/** 30 s, 1 min, 2 min … capped at 1 h: a provider outage delays mail, it never drops it. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims due messages with FOR UPDATE SKIP LOCKED, so several workers can share the outbox without sending one
 * message twice. A message stuck in `sending` past its lock (a crashed worker) is claimed again.
 */
export async function claimDue(db: Db, limit: number): Promise<MessageRow[]> {
  const rows = await db.execute(sql`
    update messages set status = 'sending', attempts = attempts + 1,
      locked_until = now() + make_interval(mins => ${LOCK_MINUTES}), updated_at = now()
    where id in (
      select id from messages
      where (status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and locked_until < now())
      order by next_attempt_at, created_at
      limit ${limit}
      for update skip locked
    )
    returning id`);
  const ids = idsOf(rows);
  if (ids.length === 0) return [];
  // A claimed message of a retry group brings the rest of its group, so the batch (and its key) is the same again.
  const more = await db.execute(sql`
    update messages set status = 'sending', attempts = attempts + 1,
      locked_until = now() + make_interval(mins => ${LOCK_MINUTES}), updated_at = now()
    where id in (
      select id from messages
      where status = 'queued' and send_group in (
        select send_group from messages where id in (select (json_array_elements_text(${JSON.stringify(ids)}::json))::uuid) and send_group is not null
      )
      for update skip locked
    )
    returning id`);
  ids.push(...idsOf(more));
  const claimed = await db.select().from(messages).where(inArray(messages.id, ids)).orderBy(messages.createdAt, messages.id);
  return claimed.map(openMessage); // the providers get the plain subject and bodies; the outbox keeps them sealed
}

function idsOf(rows: unknown): string[] {
  return ((rows as { rows?: { id: string }[] }).rows ?? (rows as { id: string }[])).map((r) => r.id);
}

/** Claimed messages as the batches to send: retry groups whole and first, then the rest in chunks of `size`. */
export function planBatches(list: MessageRow[], size: number): MessageRow[][] {
  const groups = new Map<string, MessageRow[]>();
  const loose: MessageRow[] = [];
  for (const m of list) {
    if (m.sendGroup) groups.set(m.sendGroup, [...(groups.get(m.sendGroup) ?? []), m]);
    else loose.push(m);
  }
  const out = [...groups.values()].flatMap((g) => (g.length <= size ? [g] : chunk(g, size)));
  return out.concat(chunk(loose, size));
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A send_group of one: the message is sent alone (after its batch was refused as a whole). */
const SOLO = "solo:";

async function settle(db: Db, provider: string, batch: MessageRow[], results: SendResult[]) {
  const byId = new Map(batch.map((m) => [m.id, m]));
  const now = new Date();
  const sent = results.filter((r) => r.ok);
  if (sent.length) {
    // One statement for the whole batch: a 10,000-recipient send settles in 100 updates, not 10,000.
    const rows = JSON.stringify(sent.map((r) => ({ id: r.id, pid: r.ok ? r.providerId : null })));
    const pids = sent.flatMap((r) => (r.ok && r.providerId ? [r.providerId] : []));
    // Under the webhook's per-id lock, so an event that arrived before we knew the id is applied here, not lost.
    await db.transaction(async (tx) => {
      await lockProviderIds(tx, provider, pids);
      await tx.execute(sql`
        update messages m set status = 'sent', provider = ${provider}, provider_id = v.pid, sent_at = now(),
          locked_until = null, last_error = null, updated_at = now()
        from json_to_recordset(${rows}::json) as v(id uuid, pid text)
        where m.id = v.id`);
      await applyEarlyEvents(tx, provider, pids);
    });
  }
  const failed = results.filter((r) => !r.ok);
  // A batch refused as a whole for good (e.g. a 422 for one malformed address) proves nothing about the others: each
  // is sent again on its own at once, so one bad address costs nobody else their email.
  const refusedWhole = batch.length > 1 && failed.length === batch.length && failed.every((r) => !r.ok && !r.retryable);
  if (refusedWhole && !batch[0].sendGroup?.startsWith(SOLO)) {
    for (const m of batch) {
      await db
        .update(messages)
        .set({ status: "queued", provider, lockedUntil: null, sendGroup: `${SOLO}${m.id}`, nextAttemptAt: now })
        .where(sql`${messages.id} = ${m.id}`);
    }
    return;
  }
  // A batch that failed as a whole is retried as the same batch at the same time (see send_group).
  const wholeBatch = batch.length > 1 && failed.length === batch.length;
  const group = wholeBatch ? (batch[0].sendGroup ?? batch[0].id) : null;
  const groupDelay = wholeBatch ? Math.max(...failed.map((r) => (r.ok ? 0 : (r.retryAfterMs ?? backoffMs(byId.get(r.id)!.attempts))))) : 0;
  for (const r of failed) {
    if (r.ok) continue;
    const m = byId.get(r.id)!;
    const giveUp = !r.retryable || m.attempts >= MAX_ATTEMPTS;
    await db
      .update(messages)
      .set({
        status: giveUp ? "failed" : "queued",
        provider,
        lastError: r.error.slice(0, 500),
        lockedUntil: null,
        sendGroup: giveUp ? m.sendGroup : (group ?? m.sendGroup),
        nextAttemptAt: new Date(now.getTime() + (wholeBatch ? groupDelay : (r.retryAfterMs ?? backoffMs(m.attempts)))),
      })
      .where(sql`${messages.id} = ${r.id}`);
  }
}

/** A provider that never answers must not hold the worker: the batch is retried later (idempotency keys dedupe). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`provider did not answer within ${ms} ms`)), ms))),
  ]);
}

export type DeliveryReport = { sent: number; retrying: number; failed: number; nextDueInMs: number | null };

/** Delivers everything due now, batch by batch, until nothing is due or the time budget runs out. */
export async function deliverDue(db: Db, drivers: Drivers, opts: { budgetMs?: number; claim?: number; sendTimeoutMs?: number } = {}): Promise<DeliveryReport> {
  const deadline = Date.now() + (opts.budgetMs ?? 4 * 60_000);
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, nextDueInMs: null };
  while (Date.now() < deadline) {
    const claimed = await claimDue(db, opts.claim ?? 500);
    if (claimed.length === 0) break;
    for (const channel of ["email", "sms"] as const) {
      const driver = drivers[channel];
      const list = claimed.filter((m) => m.channel === channel);
      for (const batch of planBatches(list, driver.batchSize)) {
        let results: SendResult[];
        try {
          results = await withTimeout(driver.send(batch), opts.sendTimeoutMs ?? 30_000);
        } catch (e) {
          results = batch.map((m) => ({ id: m.id, ok: false, retryable: true, error: e instanceof Error ? e.message : String(e) }));
        }
        await settle(db, driver.name, batch, results);
        for (const r of results) {
          if (r.ok) report.sent++;
          else if (r.retryable && batch.find((m) => m.id === r.id)!.attempts < MAX_ATTEMPTS) report.retrying++;
          else report.failed++;
        }
      }
    }
  }
  const [next] = await db
    .select({ at: messages.nextAttemptAt })
    .from(messages)
    .where(sql`${messages.status} = 'queued'`)
    .orderBy(messages.nextAttemptAt)
    .limit(1);
  report.nextDueInMs = next ? Math.max(0, next.at.getTime() - Date.now()) : null;
  return report;
}
