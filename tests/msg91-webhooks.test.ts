// MSG91's delivery reports as MSG91 posts them (v2 form and JSON), through the real route handler, against SMS that
// went out through the real delivery loop to the fake MSG91 server.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/msg91/[secret]/route";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { getSmsCreditSummary } from "@/lib/db/queries/sms-credits";
import { messageEvents, messages, smsCreditLedger } from "@/lib/db/schema";
import { claimRequests } from "@/lib/jobs/claim-requests";
import { deliverDue } from "@/lib/jobs/deliver-outbox";
import { settleRequest } from "@/lib/jobs/settle-request";
import { outboxDriver, type Drivers } from "@/lib/messaging/drivers";
import { topUpSmsCredits } from "@/lib/sms/credits/top-up-sms-credits";
import { createMsg91Driver } from "@/lib/sms/msg91-driver";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { startFakeMsg91 } from "./helpers/fake-msg91";
import { makeWorkspace } from "./helpers/fixtures";
import { queueSms } from "./helpers/sms-outbox";

const SECRET = "wh-7f3c9a1e5b2d4c6a8e0f1b3d5c7e9a1b";

let t: TestDb;
let fake: Awaited<ReturnType<typeof startFakeMsg91>>;
let drivers: Drivers;
let ctx: AdminCtx;
useAppTestDb((db) => void (t = db));
beforeAll(async () => {
  process.env.MSG91_WEBHOOK_SECRET = SECRET;
  fake = await startFakeMsg91();
  drivers = { email: outboxDriver, sms: createMsg91Driver({ authKey: fake.authKey, baseUrl: fake.url, requestsPerSecond: 1000 }) };
});
afterAll(async () => {
  delete process.env.MSG91_WEBHOOK_SECRET;
  await fake.close();
});
beforeEach(async () => {
  process.env.MSG91_WEBHOOK_SECRET = SECRET;
  ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 10, note: "test credits" });
});

type Line = { number: string; status: number | string; desc?: string; failedReason?: string; credit?: string | number; date?: string };
const request = (requestId: string, report: Line[], senderId = "ACMEIN") => ({ requestId, senderId, report });

function post(body: string, contentType: string, secret = SECRET) {
  const req = new Request(`http://localhost:3000/api/webhooks/msg91/${secret}`, { method: "POST", headers: { "content-type": contentType }, body });
  return webhook(req, { params: Promise.resolve({ secret }) });
}
const postForm = (data: unknown, secret = SECRET) => post(new URLSearchParams({ data: JSON.stringify(data) }).toString(), "application/x-www-form-urlencoded", secret);
const postJson = (data: unknown, secret = SECRET) => post(JSON.stringify(data), "application/json", secret);

/** SMS sent through the loop: the rows and the request id MSG91 gave them. */
async function sent(list: { to: string; credits?: number }[]) {
  const rows = await queueSms(t.db, ctx.workspace.id, list);
  await deliverDue(t.db, drivers);
  const ms = await Promise.all(rows.map(async (r) => (await t.db.select().from(messages).where(eq(messages.id, r.id)))[0]));
  for (const m of ms) expect(m.status).toBe("sent");
  return ms;
}
const row = async (id: string) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0];
const eventsOf = (id: string) => t.db.select().from(messageEvents).where(eq(messageEvents.messageId, id));
const ledgerOf = (id: string) => t.db.select().from(smsCreditLedger).where(eq(smsCreditLedger.messageId, id));
const countEvents = async () => Number((await t.db.select({ n: sql<number>`count(*)` }).from(messageEvents))[0].n);
const countLedger = async () => Number((await t.db.select({ n: sql<number>`count(*)` }).from(smsCreditLedger))[0].n);
const balance = async () => (await getSmsCreditSummary(t.db, { workspaceId: ctx.workspace.id })).balance;

test("a v2 form report (status 1) marks the SMS delivered, stores the event and settles its credits", async () => {
  const [m] = await sent([{ to: "+919876543210", credits: 2 }]);
  expect(await balance()).toBe(8);
  const res = await postForm([request(m.providerId!, [{ number: "919876543210", status: 1, desc: "DELIVERED", credit: "1", date: "2026-12-02 11:35:10" }])]);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, applied: 1, duplicate: 0, unmatched: 0 });
  const r = await row(m.id);
  expect(r.status).toBe("delivered");
  expect(r.deliveredAt?.toISOString()).toBe("2026-12-02T06:05:10.000Z"); // MSG91's times are India time
  const events = await eventsOf(m.id);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ provider: "msg91", type: "sms.delivered", providerEventId: `${m.providerId}:919876543210:1`, workspaceId: ctx.workspace.id });
  // Reserved 2, MSG91 charged 1: the settlement gives 1 back.
  const settle = (await ledgerOf(m.id)).find((l) => l.reason === "settle");
  expect(settle).toMatchObject({ delta: 1, balanceAfter: 9 });
  expect(await balance()).toBe(9);
});

test("flat JSON reports (one object, or an array) apply to the right number of a shared request", async () => {
  const [a, b] = await sent([{ to: "+919876543210" }, { to: "+919812345678" }]);
  expect(a.providerId).toBe(b.providerId);
  let res = await postJson({ requestId: a.providerId, senderId: "ACMEIN", report: [{ number: "919812345678", status: "2", desc: "FAILED", failedReason: "Absent subscriber", credit: "1" }] });
  expect(res.status).toBe(200);
  expect((await row(b.id)).status).toBe("failed");
  expect((await row(b.id)).lastError).toContain("Absent subscriber");
  expect((await row(a.id)).status).toBe("sent");
  // The flat form: the number and status beside the request id.
  res = await postJson([{ requestId: a.providerId, number: "919876543210", status: 1, credit: 1 }]);
  expect(await res.json()).toMatchObject({ applied: 1 });
  expect((await row(a.id)).status).toBe("delivered");
  // The failed one got its reservation back; the delivered one settled at what it cost.
  expect((await ledgerOf(b.id)).map((l) => [l.reason, l.delta]).sort()).toEqual([["refund", 1], ["reserve", -1]]);
  expect((await ledgerOf(a.id)).map((l) => [l.reason, l.delta]).sort()).toEqual([["reserve", -1], ["settle", 0]]);
  expect(await balance()).toBe(9);
});

test("a replayed report applies once: one event, one settlement", async () => {
  const [m] = await sent([{ to: "+919876543210" }]);
  const body = [request(m.providerId!, [{ number: "919876543210", status: 1, credit: "2", date: "2026-12-02 11:35:10" }])];
  const first = await (await postForm(body)).json();
  const again = await (await postForm(body)).json();
  const viaJson = await (await postJson(body)).json();
  expect(first).toMatchObject({ applied: 1, duplicate: 0 });
  expect(again).toMatchObject({ applied: 0, duplicate: 1 });
  expect(viaJson).toMatchObject({ applied: 0, duplicate: 1 });
  expect(await eventsOf(m.id)).toHaveLength(1);
  // Charged 2 for 1 reserved: one settle row of −1, not three.
  expect((await ledgerOf(m.id)).filter((l) => l.reason === "settle").map((l) => l.delta)).toEqual([-1]);
  expect(await balance()).toBe(8);
});

test("out of order: delivered then a stale failed report stays delivered, is kept as an event, and refunds nothing", async () => {
  const [m] = await sent([{ to: "+919876543210" }]);
  await postForm([request(m.providerId!, [{ number: "919876543210", status: 1, credit: 1, date: "2026-12-02 11:35:10" }])]);
  const res = await postForm([request(m.providerId!, [{ number: "919876543210", status: 2, failedReason: "Late operator report", date: "2026-12-02 11:35:05" }])]);
  expect(await res.json()).toMatchObject({ applied: 0, duplicate: 0 });
  const r = await row(m.id);
  expect(r.status).toBe("delivered");
  expect(r.lastError).toBeNull();
  expect((await eventsOf(m.id)).map((e) => e.type).sort()).toEqual(["sms.delivered", "sms.failed"]);
  expect((await ledgerOf(m.id)).map((l) => l.reason).sort()).toEqual(["reserve", "settle"]);
});

test("NDNC, rejected and blocked fail the SMS with the operator's reason and refund it; other statuses are kept as events only", async () => {
  const ms = await sent([{ to: "+919876543210" }, { to: "+919812345678" }, { to: "+917012345678" }, { to: "+916012345678" }]);
  const id = ms[0].providerId!;
  const res = await postForm([
    request(id, [
      { number: "919876543210", status: 9, desc: "NDNC" },
      { number: "919812345678", status: 16, desc: "Rejected", failedReason: "DLT template mismatch" },
      { number: "917012345678", status: 17, desc: "Blocked" },
      { number: "916012345678", status: 8, desc: "Submitted to operator" },
    ]),
  ]);
  expect(await res.json()).toMatchObject({ applied: 3, recorded: 4 });
  const [ndnc, rejected, blocked, pending] = await Promise.all(ms.map((m) => row(m.id)));
  expect(ndnc.status).toBe("failed");
  expect(ndnc.lastError).toContain("Do Not Call");
  expect(rejected.lastError).toContain("DLT template mismatch");
  expect(blocked.lastError).toContain("Blocked");
  expect(pending.status).toBe("sent");
  expect((await eventsOf(pending.id)).map((e) => e.type)).toEqual(["sms.status_8"]);
  expect(await balance()).toBe(9); // three refunded, one still reserved
});

test("a report for an unknown request id is kept (200) and changes no message", async () => {
  const [m] = await sent([{ to: "+919876543210" }]);
  const res = await postForm([request("not-a-request-of-ours", [{ number: "919876543210", status: 1, credit: 1 }])]);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ applied: 0, unmatched: 1 });
  expect((await row(m.id)).status).toBe("sent");
  const [stored] = await t.db.select().from(messageEvents).where(eq(messageEvents.providerEventId, "not-a-request-of-ours:919876543210:1"));
  expect(stored.messageId).toBeNull();
});

test("a report that beats the deliverer's bookkeeping is applied when the send is marked sent", async () => {
  const [q] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 2 }]);
  // A worker sends the request; MSG91's report arrives before the worker records the answer.
  const [req] = await claimRequests(t.db, { worker: "w1", drivers, requests: 1, leaseMs: 60_000 });
  const results = await drivers.sms.send(req.messages, { key: req.key });
  const requestId = fake.accepted.at(-1)!.requestId;
  const early = await postForm([request(requestId, [{ number: "919876543210", status: 1, credit: "2", date: "2026-12-02 11:35:10" }])]);
  expect(await early.json()).toMatchObject({ unmatched: 1 });
  expect((await row(q.id)).status).toBe("sending");
  await settleRequest(t.db, { worker: "w1", provider: "msg91", request: req, results });
  const r = await row(q.id);
  expect(r).toMatchObject({ status: "delivered", providerId: requestId });
  expect((await eventsOf(q.id)).map((e) => e.type)).toEqual(["sms.delivered"]);
  expect((await ledgerOf(q.id)).find((l) => l.reason === "settle")).toMatchObject({ delta: 0 });
});

test("a wrong secret, or none configured, is a plain 404 and writes nothing", async () => {
  const [m] = await sent([{ to: "+919876543210" }]);
  const body = [request(m.providerId!, [{ number: "919876543210", status: 1 }])];
  const before = await countEvents();
  const wrong = await postForm(body, "wrong-secret");
  expect(wrong.status).toBe(404);
  expect(await wrong.text()).toBe("Not found.");
  expect((await postForm(body, `${SECRET}x`)).status).toBe(404);
  delete process.env.MSG91_WEBHOOK_SECRET;
  expect((await postForm(body, SECRET)).status).toBe(404);
  expect((await postForm(body, "")).status).toBe(404);
  expect(await countEvents()).toBe(before);
  expect((await row(m.id)).status).toBe("sent");
});

test("malformed reports are a 400 naming the problem, and nothing of the body is written", async () => {
  const [m] = await sent([{ to: "+919876543210" }]);
  const good = { number: "919876543210", status: 1, credit: 1 };
  const cases: [string, Response | Promise<Response>, RegExp][] = [
    ["not JSON", post("{nope", "application/json"), /not valid JSON/],
    ["form without data", post("report=1", "application/x-www-form-urlencoded"), /no `data` field/],
    ["form data not JSON", post("data=%7Bnope", "application/x-www-form-urlencoded"), /not valid JSON/],
    ["no request id", postJson([{ report: [good] }]), /requestId/],
    ["empty report", postJson([request(m.providerId!, [])]), /holds no report/],
    ["status not a number", postJson([request(m.providerId!, [{ ...good, status: "delivered" }])]), /status/],
    ["number not a number", postJson([request(m.providerId!, [{ ...good, number: "call me" }])]), /number/],
    ["credit not a number", postJson([request(m.providerId!, [{ ...good, credit: "one" }])]), /credit/],
    ["date not a date", postJson([request(m.providerId!, [{ ...good, date: "yesterday-ish" }])]), /not a date/],
    // One bad line among good ones: the good ones are not written either.
    ["one bad line", postForm([request(m.providerId!, [good]), request(m.providerId!, [{ ...good, status: "x" }])]), /1\.report\.0/],
  ];
  const before = { events: await countEvents(), ledger: await countLedger() };
  for (const [name, pending, words] of cases) {
    const res = await pending;
    expect(res.status, name).toBe(400);
    expect((await res.json()).error, name).toMatch(words);
  }
  expect(await countEvents()).toBe(before.events);
  expect(await countLedger()).toBe(before.ledger);
  expect((await row(m.id)).status).toBe("sent");
});

test("a body over the size cap is refused without being read whole", async () => {
  const huge = "x".repeat(1_100_000);
  const req = new Request(`http://localhost:3000/api/webhooks/msg91/${SECRET}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(huge));
        c.close();
      },
    }),
    duplex: "half",
  } as RequestInit);
  const res = await webhook(req, { params: Promise.resolve({ secret: SECRET }) });
  expect(res.status).toBe(413);
});

test("reports spanning two workspaces, posted at once in opposite orders, all apply (no deadlock on the balance rows)", async () => {
  const other = await makeWorkspace(t.db);
  await topUpSmsCredits(other, { credits: 10, note: "x" });
  const numbers = (prefix: string) => Array.from({ length: 4 }, (_, i) => `+9198${prefix}${String(100000 + i)}`);
  // Two MSG91 templates, each sent to numbers of both workspaces: two requests, each spanning both tenants.
  const mine = await queueSms(t.db, ctx.workspace.id, numbers("11").map((to, i) => ({ to, template: i % 2 ? "tpl-x" : "tpl-y" })));
  const theirs = await queueSms(t.db, other.workspace.id, numbers("22").map((to, i) => ({ to, template: i % 2 ? "tpl-x" : "tpl-y" })));
  await deliverDue(t.db, drivers);
  const rows = await Promise.all([...mine, ...theirs].map((r) => row(r.id)));
  const byRequest = new Map<string, typeof rows>();
  for (const r of rows) byRequest.set(r.providerId!, [...(byRequest.get(r.providerId!) ?? []), r]);
  expect(byRequest.size).toBe(2);
  const [x, y] = [...byRequest.values()];
  const lines = (list: typeof rows) => list.map((m) => ({ number: m.to.slice(1), status: 1, credit: 1 }));
  const mineFirst = (list: typeof rows) => [...list].sort((a, b) => (a.workspaceId === ctx.workspace.id ? -1 : 1) - (b.workspaceId === ctx.workspace.id ? -1 : 1));
  const res = await Promise.all([
    postJson([request(x[0].providerId!, lines(mineFirst(x)))]),
    postJson([request(y[0].providerId!, lines(mineFirst(y).reverse()))]),
  ]);
  expect(res.map((r) => r.status)).toEqual([200, 200]);
  const after = await Promise.all(rows.map((r) => row(r.id)));
  expect(after.every((r) => r.status === "delivered")).toBe(true);
});
