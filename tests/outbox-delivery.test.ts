import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { deliveryBatches, messages, providerPacing } from "@/lib/db/schema";
import { claimRequests } from "@/lib/jobs/claim-requests";
import { deliverDue, MAX_ATTEMPTS } from "@/lib/jobs/deliver-outbox";
import { outboxDriver, type Drivers } from "@/lib/messaging/drivers";
import { createResendDriver } from "@/lib/messaging/email/resend";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { createTestDb, type TestDb } from "./helpers/db";
import { startFakeResend } from "./helpers/fake-resend";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
let resend: Awaited<ReturnType<typeof startFakeResend>>;
let drivers: Drivers;

beforeAll(async () => {
  t = await createTestDb();
  resend = await startFakeResend();
  // A fast pace keeps the test short; production paces at the API's 2 requests a second.
  drivers = { email: createResendDriver({ apiKey: "re_test", baseUrl: resend.url, from: "Portal <no-reply@example.test>", requestsPerSecond: 200 }), sms: outboxDriver };
});
afterAll(async () => {
  await resend.close();
  await t.close();
});
beforeEach(async () => {
  await t.db.delete(messages);
  await t.db.delete(deliveryBatches);
  await t.db.delete(providerPacing);
  resend.calls.length = 0;
  resend.delivered.length = 0;
});

const email = (wsId: string | null, to: string) => ({ workspaceId: wsId, channel: "email" as const, to, subject: "Hello", text: `Hi ${to}`, html: `<p>Hi ${to}</p>` });
// Retries wait for their backoff; the tests move time forward instead of sleeping.
const makeDue = async () => {
  await t.db.update(messages).set({ nextAttemptAt: new Date(Date.now() - 1000) });
  await t.db.update(deliveryBatches).set({ nextAttemptAt: new Date(Date.now() - 1000) });
};
const recipients = (body: unknown) => ([] as unknown[]).concat(body).map((e) => (e as { to: string[] }).to[0]);

test("a single message goes through /emails with the message id as idempotency key", async () => {
  const [m] = await enqueueMessages(t.db, [email(null, "a@example.test")]);
  const report = await deliverDue(t.db, drivers);
  expect(report).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
  expect(resend.calls).toHaveLength(1);
  expect(resend.calls[0]).toMatchObject({ path: "/emails", idempotencyKey: `msg-${m.id}`, auth: "Bearer re_test" });
  const [row] = await t.db.select().from(messages).where(eq(messages.id, m.id));
  expect(row).toMatchObject({ status: "sent", provider: "resend", providerId: "fake-1", attempts: 1 });
});

test("250 messages go out as batches of at most 100 and each is sent once", async () => {
  const ws = await makeWorkspace(t.db);
  await enqueueMessages(t.db, Array.from({ length: 250 }, (_, i) => email(ws.workspace.id, `u${i}@example.test`)));
  const report = await deliverDue(t.db, drivers);
  expect(report.sent).toBe(250);
  const batches = resend.calls.filter((c) => c.path === "/emails/batch");
  expect(batches.map((b) => (b.body as unknown[]).length)).toEqual([100, 100, 50]);
  expect(new Set(resend.delivered.map((e) => e.to[0])).size).toBe(250);
  expect(batches.every((b) => b.idempotencyKey?.startsWith("batch-"))).toBe(true);
  const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.status, "sent"));
  expect(n).toBe(250);
});

test("a 429 or a 5xx requeues the message with a later attempt time, and the retry delivers it", async () => {
  await enqueueMessages(t.db, [email(null, "retry@example.test")]);
  resend.failNext({ status: 429, retryAfter: 2 });
  const first = await deliverDue(t.db, drivers);
  expect(first).toMatchObject({ sent: 0, retrying: 1 });
  const [queued] = await t.db.select().from(messages);
  expect(queued.status).toBe("queued");
  expect(queued.lastError).toContain("429");
  expect(queued.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 1000); // honours Retry-After
  // Not due yet: nothing is sent.
  expect((await deliverDue(t.db, drivers)).sent).toBe(0);
  resend.failNext({ status: 503 });
  await makeDue();
  expect((await deliverDue(t.db, drivers)).retrying).toBe(1);
  await makeDue();
  expect((await deliverDue(t.db, drivers)).sent).toBe(1);
  const [sent] = await t.db.select().from(messages);
  expect(sent).toMatchObject({ status: "sent", attempts: 3 });
  expect(resend.delivered).toHaveLength(1);
});

test("a permanent error (422) fails the message at once, with the reason kept", async () => {
  await enqueueMessages(t.db, [email(null, "bad@example.test")]);
  resend.failNext({ status: 422 });
  expect(await deliverDue(t.db, drivers)).toMatchObject({ failed: 1 });
  const [row] = await t.db.select().from(messages);
  expect(row.status).toBe("failed");
  expect(row.lastError).toContain("422");
});

test("a batch refused whole for one bad address: everyone else still gets their email, only the bad one fails", async () => {
  await enqueueMessages(t.db, ["one@example.test", "bad@example.test", "two@example.test"].map((to) => email(null, to)));
  resend.refuse("bad@example.test");
  await deliverDue(t.db, drivers);
  const rows = await t.db.select({ to: messages.to, status: messages.status, lastError: messages.lastError }).from(messages);
  const byTo = Object.fromEntries(rows.map((r) => [r.to, r]));
  expect(byTo["one@example.test"].status).toBe("sent");
  expect(byTo["two@example.test"].status).toBe("sent");
  expect(byTo["bad@example.test"]).toMatchObject({ status: "failed", lastError: expect.stringContaining("422") });
  expect(resend.delivered.map((e) => ([] as string[]).concat(e.to as string | string[])[0]).sort()).toEqual(["one@example.test", "two@example.test"]);
  expect(resend.calls[0].path).toBe("/emails/batch");
  // Refused for good, the batch was not sent, so each message may go alone under its own new key.
  const ids = Object.fromEntries((await t.db.select({ id: messages.id, to: messages.to }).from(messages)).map((r) => [r.to, r.id]));
  expect(resend.calls.slice(1).map((c) => c.idempotencyKey).sort()).toEqual(Object.values(ids).map((id) => `msg-${id}`).sort());
});

test("a provider that keeps failing gives up after MAX_ATTEMPTS, not before", async () => {
  await enqueueMessages(t.db, [email(null, "down@example.test")]);
  for (let i = 1; i <= MAX_ATTEMPTS; i++) {
    resend.failNext({ status: 500 });
    await makeDue();
    await deliverDue(t.db, drivers);
    const [row] = await t.db.select().from(messages);
    expect(row.status).toBe(i < MAX_ATTEMPTS ? "queued" : "failed");
  }
});

test("a batch whose worker died after the provider took it is repeated exactly, same members, same key, sent once", async () => {
  await enqueueMessages(t.db, [email(null, "x@example.test"), email(null, "y@example.test")]);
  // A worker claims the batch and the provider takes it, then the worker dies before it can record the answer: its
  // rows stay `sending` under its lease. (tests/worker-crash.test.ts kills a real worker process.)
  const [request] = await claimRequests(t.db, { worker: "dead", drivers, requests: 3, leaseMs: 60_000 });
  await drivers.email.send(request.messages, { key: request.key });
  // Meanwhile more mail is queued: it must not join the dead worker's request.
  await enqueueMessages(t.db, [email(null, "z@example.test")]);
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 1 }); // the lease still holds: only z goes
  await t.db.update(deliveryBatches).set({ lockedUntil: new Date(Date.now() - 1000) }); // the lease runs out
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 2 });
  const batches = resend.calls.filter((c) => c.path === "/emails/batch");
  expect(batches).toHaveLength(2);
  expect(batches[1].idempotencyKey).toBe(batches[0].idempotencyKey);
  expect(recipients(batches[1].body)).toEqual(recipients(batches[0].body));
  expect([...resend.perRecipient().values()]).toEqual([1, 1, 1]);
  const rows = await t.db.select({ status: messages.status }).from(messages);
  expect(rows.every((r) => r.status === "sent")).toBe(true);
  expect(await t.db.select().from(deliveryBatches)).toEqual([]);
});

test("a message sent alone whose answer was lost is retried alone under the same key, though other mail is due", async () => {
  const [m] = await enqueueMessages(t.db, [email(null, "alone@example.test")]);
  resend.failNext("accept-then-drop"); // the provider sends it, then the connection drops before the answer
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 0, retrying: 1 });
  await enqueueMessages(t.db, [email(null, "p@example.test"), email(null, "q@example.test")]);
  await makeDue();
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 3 });
  const mine = resend.calls.filter((c) => recipients(c.body).includes("alone@example.test"));
  expect(mine.map((c) => [c.path, c.idempotencyKey])).toEqual([
    ["/emails", `msg-${m.id}`],
    ["/emails", `msg-${m.id}`],
  ]);
  expect(resend.perRecipient().get("alone@example.test")).toBe(1);
  expect(resend.perRecipient().get("p@example.test")).toBe(1);
});

test("a batch whose answer timed out is retried under the same key, and the provider sends it once", async () => {
  await enqueueMessages(t.db, ["t1@example.test", "t2@example.test", "t3@example.test"].map((to) => email(null, to)));
  resend.failNext("accept-then-hang");
  expect(await deliverDue(t.db, drivers, { sendTimeoutMs: 300 })).toMatchObject({ retrying: 3 });
  await makeDue();
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 3 });
  expect(resend.calls.map((c) => c.idempotencyKey)).toEqual([resend.calls[0].idempotencyKey, resend.calls[0].idempotencyKey]);
  expect([...resend.perRecipient().values()]).toEqual([1, 1, 1]);
});

test("workers with their own drivers share one pace through the database: the provider's limit is never exceeded", { timeout: 30_000 }, async () => {
  const limited = await startFakeResend({ rateLimit: 2 });
  try {
    await enqueueMessages(t.db, Array.from({ length: 6 }, (_, i) => email(null, `paced${i}@example.test`)));
    // Three workers, each with its own driver as separate processes would have, paced at 1 request a second: alone,
    // each would keep it, but together they would send 3 at once. (A slow pace leaves this in-process test a wide
    // margin; tests/worker-crash.test.ts checks the real 2 a second across processes.)
    const driver = () => ({ email: { ...createResendDriver({ apiKey: "re_test", baseUrl: limited.url, from: "x@example.test", requestsPerSecond: 1 }), batchSize: 1 }, sms: outboxDriver });
    const reports = await Promise.all([1, 2, 3].map(() => deliverDue(t.db, driver(), { lanes: 1 })));
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(6);
    expect(limited.calls).toHaveLength(6);
    expect(limited.rateLimited()).toBe(0);
    expect(limited.mostInWindow(1000)).toBeLessThanOrEqual(2);
  } finally {
    await limited.close();
  }
});

test("two workers claiming at once never take the same message", async () => {
  await enqueueMessages(t.db, Array.from({ length: 40 }, (_, i) => email(null, `c${i}@example.test`)));
  const counting: Drivers = { email: { ...outboxDriver, name: "count", batchSize: 5 }, sms: outboxDriver };
  const [a, b] = await Promise.all([deliverDue(t.db, counting, { requests: 1 }), deliverDue(t.db, counting, { requests: 1 })]);
  expect(a.sent + b.sent).toBe(40);
  const rows = await t.db.select({ attempts: messages.attempts }).from(messages);
  expect(rows.every((r) => r.attempts === 1)).toBe(true);
});

test("messages written in a rolled-back transaction never reach the provider", async () => {
  await expect(
    t.db.transaction(async (tx) => {
      await enqueueMessages(tx, [email(null, "ghost@example.test")]);
      throw new Error("the action failed");
    }),
  ).rejects.toThrow("the action failed");
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 0 });
  expect(resend.calls).toHaveLength(0);
});

test("a provider that never answers times out and the message is retried, not lost", async () => {
  await enqueueMessages(t.db, [email(null, "slow@example.test")]);
  resend.failNext("hang");
  expect(await deliverDue(t.db, drivers, { sendTimeoutMs: 300 })).toMatchObject({ sent: 0, retrying: 1 });
  const [row] = await t.db.select().from(messages);
  expect(row.status).toBe("queued");
  expect(row.lastError).toContain("did not answer");
  await makeDue();
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 1 });
  expect(resend.calls.map((c) => c.idempotencyKey)).toEqual([`msg-${row.id}`, `msg-${row.id}`]);
});
