import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { messages } from "@/lib/db/schema";
import { startKicker, startWorker, type Worker } from "@/lib/jobs/boss";
import { createResendDriver } from "@/lib/messaging/email/resend";
import { outboxDriver } from "@/lib/messaging/drivers";
import { enqueueMessages, kickOutbox, setOutboxKick } from "@/lib/messaging/outbox";
import { openDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createTestDb, type TestDb } from "./helpers/db";
import { startFakeResend } from "./helpers/fake-resend";

// The real pg-boss on the real database (PGlite through the executeSql adapter, or the Postgres server with its own
// pool), delivering through a fake Resend server: what runs inside `npm start` and `npm run worker`.
let t: TestDb;
let worker: Worker;
let resend: Awaited<ReturnType<typeof startFakeResend>>;
let pglite: ReturnType<typeof openDatabase> | undefined;

beforeAll(async () => {
  resend = await startFakeResend();
  const drivers = { email: createResendDriver({ apiKey: "re_worker", baseUrl: resend.url, from: "Portal <no-reply@example.test>", requestsPerSecond: 100 }), sms: outboxDriver };
  if (process.env.TEST_DATABASE_URL) {
    t = await createTestDb();
    worker = await startWorker({ db: t.db, databaseUrl: t.url, drivers });
  } else {
    pglite = openDatabase({ dir: "memory://" });
    await migrate(pglite.db, "pglite");
    t = { db: pglite.db, kind: "pglite", close: async () => void (await pglite!.pglite!.close()) };
    worker = await startWorker({ db: pglite.db, pglite: pglite.pglite, drivers });
  }
}, 60_000);

afterAll(async () => {
  await worker?.stop({ timeout: 5_000 });
  await resend.close();
  await t.close();
});

test("a message committed and kicked is delivered by the pg-boss worker within seconds", async () => {
  const [m] = await enqueueMessages(t.db, [{ workspaceId: null, channel: "email", to: "worker@example.test", subject: "Hi", text: "Hello" }]);
  kickOutbox();
  await expect
    .poll(async () => (await t.db.select({ s: messages.status }).from(messages).where(eq(messages.id, m.id)))[0].s, { timeout: 20_000, interval: 250 })
    .toBe("sent");
  expect(resend.delivered.map((e) => e.to[0])).toContain("worker@example.test");
});

test("a new message leaves within seconds even while a retry waits for later", async () => {
  // A message the provider rate-limits for 40 s: the worker now has a retry waiting for later.
  const [waiting] = await enqueueMessages(t.db, [{ workspaceId: null, channel: "email", to: "later@example.test", subject: "Hi", text: "Hello" }]);
  resend.failNext({ status: 429, retryAfter: 40 });
  kickOutbox();
  await expect
    .poll(async () => (await t.db.select({ e: messages.lastError }).from(messages).where(eq(messages.id, waiting.id)))[0].e, { timeout: 10_000, interval: 250 })
    .toContain("429");
  // New mail is not held back by that wait: the kick wakes the worker at once.
  const [m] = await enqueueMessages(t.db, [{ workspaceId: null, channel: "email", to: "now@example.test", subject: "Hi", text: "Hello" }]);
  kickOutbox();
  await expect
    .poll(async () => (await t.db.select({ s: messages.status }).from(messages).where(eq(messages.id, m.id)))[0].s, { timeout: 8_000, interval: 250 })
    .toBe("sent");
  expect((await t.db.select({ s: messages.status }).from(messages).where(eq(messages.id, waiting.id)))[0].s).toBe("queued");
});

test.runIf(!!process.env.TEST_DATABASE_URL)("a web instance without a worker (RUN_WORKER=false) wakes the separate worker after a commit", async () => {
  // As on a web instance: this process's own kick is gone, the kicker's replaces it, and the delivery comes from the
  // worker (without the kicker the message would wait for the once-a-minute sweep).
  setOutboxKick(() => {});
  const kicker = await startKicker(t.url!);
  try {
    const [m] = await enqueueMessages(t.db, [{ workspaceId: null, channel: "email", to: "kicked@example.test", subject: "Hi", text: "Hello" }]);
    kickOutbox();
    await expect
      .poll(async () => (await t.db.select({ s: messages.status }).from(messages).where(eq(messages.id, m.id)))[0].s, { timeout: 8_000, interval: 250 })
      .toBe("sent");
  } finally {
    await kicker.stop({ graceful: false, wait: true, timeout: 5_000 });
  }
});
