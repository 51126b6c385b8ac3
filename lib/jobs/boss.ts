import "server-only";
import PgBoss from "pg-boss";
import type { PGlite } from "@electric-sql/pglite";
import type { Db } from "@/lib/db";
import { driversFromEnv, type Drivers } from "@/lib/messaging/drivers";
import { setOutboxKick } from "@/lib/messaging/outbox";
import { recheckDueDomains } from "@/lib/domains/check-domain";
import { startDeliveryLoop } from "./delivery-loop";
import { pruneExpired } from "./prune-expired";
import { sendRequestReminders } from "@/lib/request-answers/send-request-reminders";
import { sendDueNotices } from "@/lib/hub-notices/send-due-notices";

/** Wake-ups for the deliverers (sent after each commit that queues mail, by any instance). */
export const DELIVER_QUEUE = "outbox-deliver";
export const DOMAINS_QUEUE = "domains-recheck";
export const PRUNE_QUEUE = "prune-expired";
export const REMINDERS_QUEUE = "request-reminders";
export const HUB_NOTICES_QUEUE = "hub-notices";

/** pg-boss over PGlite's own connection (DESIGN.md §2): pg-boss sends multi-statement DDL, which needs exec(). */
function pgliteAdapter(pglite: PGlite): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (values?.length) return pglite.query(text, values);
      const r = await pglite.exec(text);
      return r[r.length - 1] ?? { rows: [] };
    },
  };
}

/**
 * Queues whose work claims its own rows (SKIP LOCKED and a lease) and so may run on several workers at once. "short"
 * keeps one queued job, so a burst of sends collapses into one, but never lets an active job block the next: with
 * "stately", the job of a worker killed with kill -9 stayed active until its expiry and blocked every later run for
 * ten minutes. createQueue keeps an existing queue as it was, so updateQueue moves installs made before.
 */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name" | "policy">) {
  const queue = { name, policy: "short" as const, ...options };
  await boss.createQueue(name, queue);
  await boss.updateQueue(name, queue);
}

/**
 * Starts pg-boss, this process's outbox deliverer and the periodic jobs. The deliverer is a loop in the process
 * (lib/jobs/delivery-loop.ts) that pg-boss only wakes up: any instance's kick reaches one worker within a second.
 */
export async function startWorker(p: { db: Db; pglite?: PGlite; databaseUrl?: string; drivers?: Drivers }) {
  const boss = p.pglite
    ? new PgBoss({ db: pgliteAdapter(p.pglite), schema: "pgboss", supervise: true, schedule: true })
    : new PgBoss({ connectionString: p.databaseUrl!, schema: "pgboss", max: 4 });
  boss.on("error", (e) => console.error("[jobs]", e));
  await boss.start();
  const loop = startDeliveryLoop({ db: p.db, drivers: p.drivers ?? driversFromEnv() });
  await ensureQueue(boss, DELIVER_QUEUE, { retryLimit: 0, expireInSeconds: 60 });
  await boss.unschedule(DELIVER_QUEUE); // the loop sweeps on its own; installs made before scheduled one a minute
  await boss.work(DELIVER_QUEUE, { pollingIntervalSeconds: 1 }, async () => loop.wake());
  // Custom domains: each row carries its own next_check_at (backoff while pending, hourly once healthy); the sweep
  // runs every minute and claims what is due, so several workers never check one domain twice.
  await ensureQueue(boss, DOMAINS_QUEUE, { retryLimit: 1, expireInSeconds: 600 });
  await boss.schedule(DOMAINS_QUEUE, "* * * * *", {});
  await boss.work(DOMAINS_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    await recheckDueDomains(p.db);
  });
  // Once a day, rows that can never be used again (ended sessions, old links and codes, spent counters).
  await ensureQueue(boss, PRUNE_QUEUE, { retryLimit: 1, expireInSeconds: 1800 });
  await boss.schedule(PRUNE_QUEUE, "17 3 * * *", {});
  await boss.work(PRUNE_QUEUE, async () => {
    console.log("[jobs] pruned", await pruneExpired(p.db));
  });
  // Client Centre request reminders: hourly, so a window opening at midnight UTC is served within the hour; each
  // request's window is claimed with a conditional update, so reruns and several workers never send it twice.
  await ensureQueue(boss, REMINDERS_QUEUE, { retryLimit: 1, expireInSeconds: 900 });
  await boss.schedule(REMINDERS_QUEUE, "7 * * * *", {});
  await boss.work(REMINDERS_QUEUE, async () => {
    await sendRequestReminders(p.db);
  });
  // Client hub digests (documents shared, unread messages, contracts): every minute; each run claims due notices with
  // SKIP LOCKED in batches, so several workers split them and none is sent twice.
  await ensureQueue(boss, HUB_NOTICES_QUEUE, { retryLimit: 1, expireInSeconds: 300 });
  await boss.schedule(HUB_NOTICES_QUEUE, "* * * * *", {});
  await boss.work(HUB_NOTICES_QUEUE, async () => {
    await sendDueNotices(p.db);
  });
  setOutboxKick(loop.wake); // this process delivers: waking its own loop is enough
  return {
    boss,
    /** Finishes the request in flight, then stops pg-boss. */
    async stop(o: { timeout?: number } = {}) {
      await loop.stop();
      await boss.stop({ graceful: true, wait: true, timeout: o.timeout ?? 10_000 });
    },
  };
}

export type Worker = Awaited<ReturnType<typeof startWorker>>;

/**
 * A web instance that does not deliver (RUN_WORKER=false) still wakes the workers at once after each commit: a
 * pg-boss client that only sends, so an email queued here leaves within a second or two rather than at the next
 * sweep. Postgres only (PGlite always runs the worker in-process).
 */
export async function startKicker(databaseUrl: string) {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss", max: 2, supervise: false, schedule: false });
  boss.on("error", (e) => console.error("[jobs]", e));
  await boss.start();
  setOutboxKick(() => {
    boss.send(DELIVER_QUEUE, {}).catch((e) => console.error("[jobs] kick failed", e));
  });
  return boss;
}
