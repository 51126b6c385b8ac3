import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { deliveryBatches } from "@/lib/db/schema";
import type { Drivers, SendResult } from "@/lib/messaging/drivers";
import { claimRequests, renewLeases, stillHeld } from "./claim-requests";
import { paceProvider } from "./pace-provider";
import { rowsOf } from "@/lib/db/rows";
import { settleRequest } from "./settle-request";

export { backoffMs, MAX_ATTEMPTS } from "./settle-request";

/**
 * How long a worker's claim holds without being renewed. It is renewed every third of that while the worker lives,
 * so a killed worker's requests are taken over at most this long after its last renewal.
 */
export const LEASE_MS = 15_000;

export type DeliveryReport = { sent: number; retrying: number; failed: number; nextDueInMs: number | null };
type Options = { budgetMs?: number; requests?: number; lanes?: number; sendTimeoutMs?: number; leaseMs?: number; stop?: () => boolean };

/** A name for one delivery pass, unique across processes and machines: the lease's owner. */
export function workerName() {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/**
 * Delivers everything due now, request by request, until nothing is due, the time budget runs out or `stop` says so.
 * Each lane claims one request at a time (a worker holds little, so a crash strands little and other workers share
 * the backlog), each is sent at the pace all workers share, and a request whose lease this pass lost is left to the worker that took it over.
 */
export async function deliverDue(db: Db, drivers: Drivers, opts: Options = {}): Promise<DeliveryReport> {
  const deadline = Date.now() + (opts.budgetMs ?? 4 * 60_000);
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const worker = workerName();
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, nextDueInMs: null };
  const renew = setInterval(() => renewLeases(db, { worker, leaseMs }).catch((e) => console.error("[outbox] lease renewal failed", e)), leaseMs / 3);
  // Two lanes, each claiming and sending in turn: while one settles its last request or claims the next ones, the
  // other is already waiting for the next turn, so the provider's rate is used whole, not less the database's time.
  const lane = async () => {
    while (Date.now() < deadline && !opts.stop?.()) {
      const claimed = await claimRequests(db, { worker, drivers, requests: opts.requests ?? 1, leaseMs });
      if (claimed.length === 0) return;
      for (const request of claimed) {
        const driver = drivers[request.channel];
        if (request.messages.length === 0) {
          await db.delete(deliveryBatches).where(eq(deliveryBatches.key, request.key)); // its messages were deleted
          continue;
        }
        if (!(await stillHeld(db, { worker, key: request.key, leaseMs }))) continue;
        let results: SendResult[];
        try {
          await driver.ready?.();
          if (driver.minGapMs) await paceProvider(db, driver.name, driver.minGapMs);
          const signal = AbortSignal.timeout(opts.sendTimeoutMs ?? 30_000);
          results = await withTimeout(driver.send(request.messages, { key: request.key, signal }), signal);
        } catch (e) {
          results = request.messages.map((m) => ({ id: m.id, ok: false, retryable: true, error: e instanceof Error ? e.message : String(e) }));
        }
        const outcome = await settleRequest(db, { worker, provider: driver.name, request, results });
        for (const o of outcome?.values() ?? []) report[o]++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.lanes ?? 2 }, lane));
  } finally {
    clearInterval(renew);
  }
  report.nextDueInMs = await nextDueInMs(db);
  return report;
}

/** When something next becomes due: a queued message, a request's retry, or a lease running out (a crashed worker). */
export async function nextDueInMs(db: Db): Promise<number | null> {
  const [row] = rowsOf<{ ms: number | null }>(
    await db.execute(sql`
      select extract(epoch from (least(
        (select min(next_attempt_at) from messages where status = 'queued' and delivery_key is null),
        (select min(coalesce(locked_until, next_attempt_at)) from delivery_batches)
      ) - clock_timestamp())) * 1000 as ms`),
  );
  return row?.ms === null || row?.ms === undefined ? null : Math.max(0, Number(row.ms));
}

/** A driver that ignores its signal must not hold the worker: the request is retried later under the same key. */
function withTimeout<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new Error(`provider did not answer within the time allowed`));
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
