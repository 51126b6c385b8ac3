import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq, ne, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { deliveryBatches, messages } from "@/lib/db/schema";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { createTestDb, type TestDb } from "./helpers/db";
import { startFakeResend } from "./helpers/fake-resend";

// Real `npm run worker` processes (scripts/worker.ts, run as npm runs it) against a throwaway Postgres database,
// delivering through a fake Resend that keeps Resend's limit (2 requests a second) and idempotency keys. A worker is
// killed with SIGKILL, process group and all, while the provider holds a batch it has already sent but not answered.
// Separate processes need a Postgres server: PGlite is one process, so on PGlite these are skipped.
const postgres = !!process.env.TEST_DATABASE_URL;

let t: TestDb;
let resend: Awaited<ReturnType<typeof startFakeResend>>;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  if (postgres) t = await createTestDb();
});
afterEach(async () => {
  for (const child of running) kill(child);
  await resend?.close();
});
afterAll(async () => {
  await t?.close();
});

function startWorkerProcess(name: string) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, DATABASE_URL: t.url, RESEND_API_KEY: "re_crash", RESEND_BASE_URL: resend.url, EMAIL_FROM: "Portal <no-reply@example.test>" },
    detached: true, // its own process group, killed whole as `kill -9 -<pgid>` would
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  child.on("exit", (code, signal) => {
    running.delete(child);
    if (signal !== "SIGKILL" && code !== 0) console.error(`[${name}] exited ${code ?? signal}\n${log}`);
  });
  running.add(child);
  return child;
}

function kill(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
  running.delete(child);
}

/** Resolves when the fake Resend has sent the n-th request's emails and is holding its answer back. */
const held = () => new Promise<number>((resolve) => resend.events.once("held", resolve));

const queueLoginEmails = (n: number, prefix: string) =>
  enqueueMessages(
    t.db,
    Array.from({ length: n }, (_, i) => ({
      workspaceId: null,
      channel: "email" as const,
      to: `${prefix}${i}@example.test`,
      subject: "Your sign-in link",
      text: `Sign in: https://portal.example.test/l/${prefix}${i}`,
      template: "portal.login_email",
    })),
  );

const unsettled = async () =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(messages).where(and(ne(messages.status, "sent"), sql`${messages.to} like '%@example.test'`)))[0].n;

function expectEachOnce(prefix: string, n: number) {
  const got = resend.perRecipient();
  const mine = [...got.entries()].filter(([to]) => to.startsWith(prefix));
  expect(mine).toHaveLength(n);
  expect(mine.filter(([, times]) => times !== 1)).toEqual([]);
}

describe.skipIf(!postgres)("a worker process killed mid-batch (Postgres: separate processes)", () => {
  test("a worker killed while the provider holds its accepted batch: the restarted worker finishes within a minute, each email sent once", { timeout: 120_000 }, async () => {
    resend = await startFakeResend({ rateLimit: 2 });
    await queueLoginEmails(450, "a"); // five requests of up to 100
    resend.chaos((n) => (n === 2 ? "accept-then-hang" : null));
    const first = startWorkerProcess("worker 1");
    await held();
    kill(first);
    const restartedAt = Date.now();
    startWorkerProcess("worker 2");
    await expect.poll(unsettled, { timeout: 60_000, interval: 500 }).toBe(0);
    expect(Date.now() - restartedAt).toBeLessThan(60_000);
    expectEachOnce("a", 450);
    // The held batch was repeated under its own key (the provider answered from its memory) and nowhere else.
    const heldKey = resend.calls[1].idempotencyKey;
    const repeats = resend.calls.filter((c) => c.idempotencyKey === heldKey);
    expect(repeats.length).toBe(2);
    expect(repeats[1].body).toEqual(repeats[0].body);
    expect(resend.rateLimited()).toBe(0);
    expect(resend.mostInWindow(1000)).toBeLessThanOrEqual(2);
    expect(await t.db.select().from(deliveryBatches)).toEqual([]);
  });

  test("two workers share the rate and the outbox; one is killed mid-batch and restarted: nobody gets an email twice, never 3 requests in a second", { timeout: 120_000 }, async () => {
    resend = await startFakeResend({ rateLimit: 2 });
    await queueLoginEmails(900, "b");
    resend.chaos((n) => (n === 4 ? "accept-then-hang" : null));
    const workers = [startWorkerProcess("worker A"), startWorkerProcess("worker B")];
    const heldCall = await held();
    // Kill whichever worker sent the held request: the one that holds its lease.
    const key = resend.calls[heldCall - 1].idempotencyKey!;
    const [lease] = await t.db.select({ by: deliveryBatches.lockedBy }).from(deliveryBatches).where(eq(deliveryBatches.key, key));
    const victim = workers.find((w) => lease.by?.includes(`:${w.pid}:`))!;
    expect(victim).toBeDefined();
    kill(victim);
    const restartedAt = Date.now();
    startWorkerProcess("worker A again");
    await expect.poll(unsettled, { timeout: 60_000, interval: 500 }).toBe(0);
    expect(Date.now() - restartedAt).toBeLessThan(60_000);
    expectEachOnce("b", 900);
    expect(resend.calls.filter((c) => c.idempotencyKey === key)).toHaveLength(2);
    expect(resend.rateLimited()).toBe(0);
    expect(resend.mostInWindow(1000)).toBeLessThanOrEqual(2);
  });
});
