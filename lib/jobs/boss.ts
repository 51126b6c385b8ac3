import "server-only";
import PgBoss from "pg-boss";
import type { PGlite } from "@electric-sql/pglite";
import type { Db } from "@/lib/db";
import { driversFromEnv, type Drivers } from "@/lib/messaging/drivers";
import { setOutboxKick } from "@/lib/messaging/outbox";
import { recheckDueDomains } from "@/lib/domains/check-domain";
import { deliverDue } from "./deliver-outbox";
import { pruneExpired } from "./prune-expired";

export const DELIVER_QUEUE = "outbox-deliver";
export const DOMAINS_QUEUE = "domains-recheck";
export const PRUNE_QUEUE = "prune-expired";

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
 * Starts pg-boss and the outbox worker. The queue is "stately" (one queued, one active), so a burst of kicks after
 * many commits collapses into one run; a once-a-minute schedule picks up retries and anything a crash left behind.
 */
export async function startWorker(p: { db: Db; pglite?: PGlite; databaseUrl?: string; drivers?: Drivers }) {
  const boss = p.pglite
    ? new PgBoss({ db: pgliteAdapter(p.pglite), schema: "pgboss", supervise: true, schedule: true })
    : new PgBoss({ connectionString: p.databaseUrl!, schema: "pgboss", max: 4 });
  boss.on("error", (e) => console.error("[jobs]", e));
  await boss.start();
  await boss.createQueue(DELIVER_QUEUE, { name: DELIVER_QUEUE, policy: "stately", retryLimit: 3, expireInSeconds: 600 });
  await boss.schedule(DELIVER_QUEUE, "* * * * *", {});
  const drivers = p.drivers ?? driversFromEnv();
  await boss.work(DELIVER_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    const report = await deliverDue(p.db, drivers);
    // A retry due before the next minute's sweep gets its own wake-up.
    if (report.nextDueInMs !== null && report.nextDueInMs < 60_000) {
      await boss.send(DELIVER_QUEUE, {}, { startAfter: Math.ceil(report.nextDueInMs / 1000) + 1 });
    }
  });
  // Custom domains: each row carries its own next_check_at (backoff while pending, hourly once healthy); the sweep
  // runs every minute and claims what is due, so several workers never check one domain twice.
  await boss.createQueue(DOMAINS_QUEUE, { name: DOMAINS_QUEUE, policy: "stately", retryLimit: 1, expireInSeconds: 600 });
  await boss.schedule(DOMAINS_QUEUE, "* * * * *", {});
  await boss.work(DOMAINS_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    await recheckDueDomains(p.db);
  });
  // Once a day, rows that can never be used again (ended sessions, old links and codes, spent counters).
  await boss.createQueue(PRUNE_QUEUE, { name: PRUNE_QUEUE, policy: "stately", retryLimit: 1, expireInSeconds: 1800 });
  await boss.schedule(PRUNE_QUEUE, "17 3 * * *", {});
  await boss.work(PRUNE_QUEUE, async () => {
    console.log("[jobs] pruned", await pruneExpired(p.db));
  });
  setOutboxKick(() => {
    boss.send(DELIVER_QUEUE, {}).catch((e) => console.error("[jobs] kick failed", e));
  });
  await boss.send(DELIVER_QUEUE, {}); // deliver whatever waited while the server was down
  return boss;
}

/**
 * A web instance that does not deliver (RUN_WORKER=false) still wakes the workers at once after each commit: a
 * pg-boss client that only sends, so an email queued here leaves within a second rather than at the next minute's
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

