// SMS through the real delivery loop to a fake MSG91 *server* on loopback: the exact Flow request, what each of
// MSG91's answers does to the message (sent, retried later, failed with its credits given back), timeouts and lost
// answers.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { deliveryBatches, messages, providerPacing, smsCreditLedger } from "@/lib/db/schema";
import { deliverDue, MAX_ATTEMPTS } from "@/lib/jobs/deliver-outbox";
import { driversFromEnv, outboxDriver, type Drivers } from "@/lib/messaging/drivers";
import { getSmsCreditSummary } from "@/lib/db/queries/sms-credits";
import { topUpSmsCredits } from "@/lib/sms/credits/top-up-sms-credits";
import { createMsg91Driver } from "@/lib/sms/msg91-driver";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { createTestDb, type TestDb } from "./helpers/db";
import { startFakeMsg91 } from "./helpers/fake-msg91";
import { makeWorkspace } from "./helpers/fixtures";
import { queueSms } from "./helpers/sms-outbox";

let t: TestDb;
let fake: Awaited<ReturnType<typeof startFakeMsg91>>;
let drivers: Drivers;
let ctx: AdminCtx;

beforeAll(async () => {
  t = await createTestDb();
  fake = await startFakeMsg91({ sameTextWindowMs: 10_000 });
  drivers = { email: outboxDriver, sms: createMsg91Driver({ authKey: fake.authKey, baseUrl: fake.url, requestsPerSecond: 1000 }) };
});
afterAll(async () => {
  await fake.close();
  await t.close();
});
beforeEach(async () => {
  await t.db.delete(messages);
  await t.db.delete(deliveryBatches);
  await t.db.delete(providerPacing);
  fake.reset();
  ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 100, note: "test credits" });
});
afterEach(() => {
  // Every request the client sent had the exact shape MSG91 expects.
  expect(fake.problems).toEqual([]);
});

const makeDue = async () => {
  await t.db.update(messages).set({ nextAttemptAt: new Date(Date.now() - 1000) });
  await t.db.update(deliveryBatches).set({ nextAttemptAt: new Date(Date.now() - 1000) });
};
const row = async (id: string) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0];
const ledgerOf = (id: string) => t.db.select({ reason: smsCreditLedger.reason, delta: smsCreditLedger.delta }).from(smsCreditLedger).where(eq(smsCreditLedger.messageId, id));
const balance = async () => (await getSmsCreditSummary(t.db, { workspaceId: ctx.workspace.id })).balance;

test("an SMS goes out as one Flow request of the exact shape, and the request id becomes the provider id", async () => {
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", vars: { code: "482913", host: "acme.portal.example" } }]);
  expect(await balance()).toBe(99);
  const report = await deliverDue(t.db, drivers);
  expect(report).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
  expect(fake.calls).toHaveLength(1);
  expect(fake.calls[0]).toMatchObject({ method: "POST", path: "/api/v5/flow", authkey: "msg91-test-key", contentType: "application/json" });
  expect(fake.calls[0].body).toEqual({
    template_id: "65f0c0de1a2b3c4d5e6f7a8b",
    short_url: "0",
    recipients: [{ mobiles: "919876543210", code: "482913", host: "acme.portal.example" }],
  });
  const r = await row(m.id);
  expect(r).toMatchObject({ status: "sent", provider: "msg91", providerId: fake.accepted[0].requestId, attempts: 1, lastError: null });
  // The reservation stands until the delivery report settles it.
  expect(await ledgerOf(m.id)).toEqual([{ reason: "reserve", delta: -1 }]);
});

test("messages of the same MSG91 template share one request; another template gets its own", async () => {
  const rows = await queueSms(t.db, ctx.workspace.id, [
    { to: "+919876543210", vars: { code: "111111" } },
    { to: "+919812345678", template: "tpl-invite", vars: { name: "Asha", link: "Ab3dE5gH7jK9mN1pQ3sT5v" } },
    { to: "+917012345678", vars: { code: "222222" } },
  ]);
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 3 });
  expect(fake.calls).toHaveLength(2);
  const byTemplate = Object.fromEntries(fake.accepted.map((a) => [a.templateId, a]));
  // Rows queued in one statement share a creation time; the request orders them by id then, the same on every attempt.
  const byNumber = (a: { mobiles: string }, b: { mobiles: string }) => a.mobiles.localeCompare(b.mobiles);
  expect(byTemplate["65f0c0de1a2b3c4d5e6f7a8b"].recipients.sort(byNumber)).toEqual([
    { mobiles: "917012345678", code: "222222" },
    { mobiles: "919876543210", code: "111111" },
  ]);
  expect(byTemplate["tpl-invite"].recipients).toEqual([{ mobiles: "919812345678", name: "Asha", link: "Ab3dE5gH7jK9mN1pQ3sT5v" }]);
  const [a, b, c] = await Promise.all(rows.map((r) => row(r.id)));
  expect(a.providerId).toBe(byTemplate["65f0c0de1a2b3c4d5e6f7a8b"].requestId);
  expect(c.providerId).toBe(a.providerId);
  expect(b.providerId).toBe(byTemplate["tpl-invite"].requestId);
});

test("150 SMS of one template go out as Flow requests of at most 100 recipients, each number once", async () => {
  await topUpSmsCredits(ctx, { credits: 100, note: "more" });
  const list = Array.from({ length: 150 }, (_, i) => ({ to: `+9198${String(10_000_000 + i).slice(0, 8)}` }));
  await queueSms(t.db, ctx.workspace.id, list);
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 150 });
  expect(fake.accepted.map((a) => a.recipients.length).sort((x, y) => y - x)).toEqual([100, 50]);
  expect([...fake.perNumber().values()].every((n) => n === 1)).toBe(true);
  expect(fake.perNumber().size).toBe(150);
});

const permanent = [
  { code: "203", words: "sender ID or DLT entity" },
  { code: "207", words: "auth key" },
  { code: "418", words: "IP address" },
  { code: "401", words: "refused the request" }, // any other MSG91 code: a refusal
] as const;

for (const p of permanent) {
  test(`MSG91 error ${p.code} fails the SMS for good, says why, and gives its credits back once`, async () => {
    const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 2 }]);
    expect(await balance()).toBe(98);
    fake.failNext({ code: p.code });
    expect(await deliverDue(t.db, drivers)).toMatchObject({ failed: 1, sent: 0 });
    const r = await row(m.id);
    expect(r.status).toBe("failed");
    expect(r.lastError).toContain(`msg91 ${p.code}`);
    expect(r.lastError).toContain(p.words);
    expect(await ledgerOf(m.id)).toEqual(expect.arrayContaining([{ reason: "reserve", delta: -2 }, { reason: "refund", delta: 2 }]));
    expect(await ledgerOf(m.id)).toHaveLength(2);
    expect(await balance()).toBe(100);
    // Nothing is left to deliver, and nothing is retried.
    await makeDue();
    expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 0, failed: 0, retrying: 0 });
    expect(fake.calls).toHaveLength(1);
  });
}

test("a batch refused with 207 fails every message in it, each refunded once", async () => {
  const rows = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210" }, { to: "+919812345678" }]);
  fake.failNext({ code: "207", httpStatus: 401 }, { code: "207", httpStatus: 401 }, { code: "207", httpStatus: 401 });
  await deliverDue(t.db, drivers);
  for (const r of rows) {
    expect((await row(r.id)).status).toBe("failed");
    expect((await ledgerOf(r.id)).filter((l) => l.reason === "refund")).toEqual([{ reason: "refund", delta: 1 }]);
  }
  expect(await balance()).toBe(100);
});

test("301 (MSG91 balance) retries much later; 311 (same text within 10 s) retries after at least 10 s; 5xx after the backoff", async () => {
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210" }]);
  fake.failNext({ code: "301" });
  let before = Date.now();
  expect(await deliverDue(t.db, drivers)).toMatchObject({ retrying: 1 });
  let r = await row(m.id);
  expect(r.status).toBe("queued");
  expect(r.lastError).toContain("insufficient balance");
  const [batch] = await t.db.select().from(deliveryBatches);
  expect(batch.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 14 * 60_000);

  await makeDue();
  fake.failNext({ code: "311" });
  before = Date.now();
  expect(await deliverDue(t.db, drivers)).toMatchObject({ retrying: 1 });
  const [again] = await t.db.select().from(deliveryBatches);
  expect(again.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 10_000);
  expect((await row(m.id)).lastError).toContain("within 10 seconds");

  await makeDue();
  fake.failNext({ status: 502 });
  expect(await deliverDue(t.db, drivers)).toMatchObject({ retrying: 1 });
  expect((await row(m.id)).lastError).toContain("msg91 502");

  await makeDue();
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 1 });
  r = await row(m.id);
  expect(r).toMatchObject({ status: "sent", attempts: 4 });
  // The same request each time (same members, same key): one SMS in the end, nothing refunded.
  expect(fake.accepted).toHaveLength(1);
  expect(await ledgerOf(m.id)).toEqual([{ reason: "reserve", delta: -1 }]);
});

test("MSG91 that does not answer in time: the request is abandoned and retried, the SMS goes once", async () => {
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210" }]);
  fake.failNext("hang");
  const started = Date.now();
  expect(await deliverDue(t.db, drivers, { sendTimeoutMs: 400 })).toMatchObject({ retrying: 1 });
  expect(Date.now() - started).toBeLessThan(5_000);
  expect((await row(m.id)).lastError).toMatch(/timeout|did not answer/);
  await makeDue();
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 1 });
  expect(fake.accepted).toHaveLength(1);
});

test("a slow answer within the time allowed is still a success", async () => {
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210" }]);
  fake.failNext({ delayMs: 300 });
  expect(await deliverDue(t.db, drivers, { sendTimeoutMs: 5_000 })).toMatchObject({ sent: 1 });
  expect((await row(m.id)).providerId).toBe(fake.accepted[0].requestId);
});

test("an answer lost after MSG91 took the request: the repeat is refused as the same text (311), so it counts as sent, not sent twice", async () => {
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210" }]);
  fake.failNext("accept-then-drop");
  expect(await deliverDue(t.db, drivers)).toMatchObject({ retrying: 1 });
  expect(fake.accepted).toHaveLength(1);
  await makeDue(); // the repeat comes within MSG91's 10 s window here
  expect(await deliverDue(t.db, drivers)).toMatchObject({ sent: 1 });
  expect(fake.perNumber().get("919876543210")).toBe(1);
  expect(await row(m.id)).toMatchObject({ status: "sent", providerId: null });
});

test("MSG91 down for good: the SMS fails after MAX_ATTEMPTS, not before, and its credits come back", async () => {
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 3 }]);
  for (let i = 1; i <= MAX_ATTEMPTS; i++) {
    fake.failNext({ status: 503 });
    await makeDue();
    await deliverDue(t.db, drivers);
    const r = await row(m.id);
    expect(r.status).toBe(i < MAX_ATTEMPTS ? "queued" : "failed");
    expect(await balance()).toBe(i < MAX_ATTEMPTS ? 97 : 100);
  }
  const refunds = await t.db.select().from(smsCreditLedger).where(and(eq(smsCreditLedger.messageId, m.id), eq(smsCreditLedger.reason, "refund")));
  expect(refunds).toHaveLength(1);
  expect(refunds[0]).toMatchObject({ delta: 3, balanceAfter: 100 });
});

test("an SMS row without an MSG91 template id fails alone with the reason; the others of its request go", async () => {
  const rows = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210" }, { to: "+919812345678" }]);
  await t.db.update(messages).set({ meta: sql`jsonb_set(meta, '{sms,msg91TemplateId}', 'null')` }).where(eq(messages.id, rows[1].id));
  await deliverDue(t.db, drivers);
  expect((await row(rows[0].id)).status).toBe("sent");
  const bad = await row(rows[1].id);
  expect(bad.status).toBe("failed");
  expect(bad.lastError).toContain("no MSG91 template id");
  expect(await balance()).toBe(99);
});

test("driversFromEnv picks MSG91 for SMS only when MSG91_AUTH_KEY is set, at MSG91_BASE_URL", async () => {
  const saved = { key: process.env.MSG91_AUTH_KEY, url: process.env.MSG91_BASE_URL };
  try {
    delete process.env.MSG91_AUTH_KEY;
    expect(driversFromEnv().sms.name).toBe("outbox");
    process.env.MSG91_AUTH_KEY = fake.authKey;
    process.env.MSG91_BASE_URL = fake.url;
    const fromEnv = driversFromEnv();
    expect(fromEnv.sms.name).toBe("msg91");
    await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210" }]);
    expect(await deliverDue(t.db, fromEnv)).toMatchObject({ sent: 1 });
    expect(fake.accepted).toHaveLength(1);
  } finally {
    if (saved.key === undefined) delete process.env.MSG91_AUTH_KEY;
    else process.env.MSG91_AUTH_KEY = saved.key;
    if (saved.url === undefined) delete process.env.MSG91_BASE_URL;
    else process.env.MSG91_BASE_URL = saved.url;
  }
});
