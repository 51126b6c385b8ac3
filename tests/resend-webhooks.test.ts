// Resend's delivery webhooks as Resend (svix) sends them: real Requests through the route handler, signed here with
// node:crypto independently of the verifier under test, against a real database.
import { createHmac, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/resend/route";
import { getMessage, listMessageEvents, listMessages, type MessageCursor, decodeMessageCursor } from "@/lib/db/queries/messages";
import { messageEvents, messages } from "@/lib/db/schema";
import { deliverDue } from "@/lib/jobs/deliver-outbox";
import { outboxDriver, type Driver } from "@/lib/messaging/drivers";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

const KEY: Buffer = Buffer.from("obviously-fake-webhook-key-for-tests");
const SECRET = `whsec_${KEY.toString("base64")}`;

let t: TestDb;
useAppTestDb((db) => void (t = db));
beforeAll(() => void (process.env.RESEND_WEBHOOK_SECRET = SECRET));
afterAll(() => void delete process.env.RESEND_WEBHOOK_SECRET);
afterEach(() => {
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
});

const now = () => Math.floor(Date.now() / 1000);
const sign = (id: string, ts: number, body: string, key: Buffer = KEY) => `v1,${createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64")}`;

type Opts = { id?: string; ts?: number; key?: Buffer; signature?: string; drop?: "svix-id" | "svix-timestamp" | "svix-signature"; tamper?: (b: string) => string };
function request(body: string, o: Opts = {}) {
  const id = o.id ?? `msg_${randomUUID()}`;
  const ts = o.ts ?? now();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(ts),
    "svix-signature": o.signature ?? sign(id, ts, body, o.key),
  };
  if (o.drop) delete headers[o.drop];
  return new Request("http://localhost:3000/api/webhooks/resend", { method: "POST", headers, body: o.tamper ? o.tamper(body) : body });
}
const event = (type: string, emailId: string | null, extra: Record<string, unknown> = {}, createdAt = new Date()) =>
  JSON.stringify({
    type,
    created_at: createdAt.toISOString(),
    data: { ...(emailId ? { email_id: emailId } : {}), from: "Acme <hello@acme.test>", to: ["client@example.test"], subject: "Sign in", created_at: createdAt.toISOString(), ...extra },
  });
const send = (body: string, o: Opts = {}) => webhook(request(body, o));
const bounce = { bounce: { type: "Permanent", subType: "General", message: "550 5.1.1 The email account does not exist." } };

async function sentMessage(workspaceId?: string) {
  const ws = workspaceId ?? (await makeWorkspace(t.db)).workspace.id;
  const providerId = `re_${randomUUID()}`;
  const [m] = await t.db
    .insert(messages)
    .values({ workspaceId: ws, channel: "email", to: "client@example.test", subject: "Sign in", text: "Hi", status: "sent", provider: "resend", providerId, attempts: 1, sentAt: new Date() })
    .returning();
  return { ...m, providerId };
}
const row = async (id: string) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0];
const eventsOf = (id: string) => t.db.select().from(messageEvents).where(eq(messageEvents.messageId, id));
const countEvents = async () => (await t.db.select({ id: messageEvents.id }).from(messageEvents)).length;

test("a correctly signed email.delivered marks the message delivered and stores the event once", async () => {
  const m = await sentMessage();
  const at = new Date(Date.now() - 30_000);
  const res = await send(event("email.delivered", m.providerId, {}, at), { id: "msg_delivered_1" });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, duplicate: false, matched: true, applied: true });
  const r = await row(m.id);
  expect(r.status).toBe("delivered");
  expect(r.deliveredAt?.toISOString()).toBe(at.toISOString());
  const evs = await eventsOf(m.id);
  expect(evs).toHaveLength(1);
  expect(evs[0]).toMatchObject({ provider: "resend", providerEventId: "msg_delivered_1", type: "email.delivered", workspaceId: m.workspaceId });
});

test("bounced and complained set their status with the reason; delivery_delayed is an event only", async () => {
  const a = await sentMessage();
  expect((await send(event("email.bounced", a.providerId, bounce))).status).toBe(200);
  expect(await row(a.id)).toMatchObject({ status: "bounced", lastError: "550 5.1.1 The email account does not exist. (Permanent / General)" });
  expect((await eventsOf(a.id))[0].detail).toContain("550 5.1.1");

  const b = await sentMessage();
  expect((await send(event("email.complained", b.providerId))).status).toBe(200);
  expect(await row(b.id)).toMatchObject({ status: "complained", lastError: "The recipient marked the email as spam." });

  const c = await sentMessage();
  expect((await send(event("email.delivery_delayed", c.providerId))).status).toBe(200);
  expect((await row(c.id)).status).toBe("sent");
  expect((await eventsOf(c.id)).map((e) => e.type)).toEqual(["email.delivery_delayed"]);
});

test("a header holding several signatures passes if any v1 signature matches", async () => {
  const m = await sentMessage();
  const body = event("email.delivered", m.providerId);
  const id = `msg_${randomUUID()}`;
  const ts = now();
  const signature = `v1,${Buffer.from("nope").toString("base64")} v2,whatever ${sign(id, ts, body)}`;
  expect((await send(body, { id, ts, signature })).status).toBe(200);
  expect((await row(m.id)).status).toBe("delivered");
});

test("wrong secret, tampered body, missing headers and stale or future timestamps are 401 and change nothing", async () => {
  const m = await sentMessage();
  const body = event("email.bounced", m.providerId, bounce);
  const before = await countEvents();
  const cases: [string, Opts][] = [
    ["wrong secret", { key: Buffer.from("some-other-secret-entirely") }],
    ["tampered body", { tamper: (b) => b.replace("email.bounced", "email.delivered") }],
    ["no svix-id", { drop: "svix-id" }],
    ["no svix-timestamp", { drop: "svix-timestamp" }],
    ["no svix-signature", { drop: "svix-signature" }],
    ["6 minutes old", { ts: now() - 6 * 60 }],
    ["6 minutes ahead", { ts: now() + 6 * 60 }],
    ["garbage signature", { signature: "v1,not-base64!!" }],
    ["unversioned signature", { signature: "deadbeef" }],
  ];
  for (const [name, o] of cases) {
    const res = await send(body, o);
    expect(res.status, name).toBe(401);
    expect((await res.json()).error, name).toBeTruthy();
  }
  expect(await countEvents()).toBe(before);
  expect(await row(m.id)).toMatchObject({ status: "sent", lastError: null });
  // Within the window either way is fine.
  expect((await send(body, { ts: now() - 4 * 60 })).status).toBe(200);
});

test("without RESEND_WEBHOOK_SECRET the endpoint answers 503 with a clear message and changes nothing", async () => {
  const m = await sentMessage();
  delete process.env.RESEND_WEBHOOK_SECRET;
  const before = await countEvents();
  const res = await send(event("email.delivered", m.providerId));
  expect(res.status).toBe(503);
  expect((await res.json()).error).toMatch(/RESEND_WEBHOOK_SECRET/);
  expect(await countEvents()).toBe(before);
  expect((await row(m.id)).status).toBe("sent");
});

test("a signed body that is not JSON is a 400 and changes nothing", async () => {
  const before = await countEvents();
  expect((await send("not json")).status).toBe(400);
  expect(await countEvents()).toBe(before);
});

test("a body over the limit is refused without being read whole, also when it is chunked with no length", async () => {
  const before = await countEvents();
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      if (pulled > 1000) return c.close(); // 64 MB if nothing stopped reading
      c.enqueue(chunk);
    },
  });
  const req = new Request("http://localhost:3000/api/webhooks/resend", { method: "POST", body: stream, duplex: "half" } as RequestInit);
  expect((await webhook(req)).status).toBe(413);
  expect(pulled).toBeLessThan(10);
  expect(await countEvents()).toBe(before);
});

test("a redelivered event (same svix-id) is a 200 no-op, also when both copies arrive at once", async () => {
  const m = await sentMessage();
  const body = event("email.delivered", m.providerId);
  const first = await send(body, { id: "msg_dup_1" });
  expect(await first.json()).toMatchObject({ duplicate: false, applied: true });
  // Someone changes the row meanwhile: the replay must not touch it again.
  await t.db.update(messages).set({ deliveredAt: new Date("2020-01-01T00:00:00Z") }).where(eq(messages.id, m.id));
  const again = await send(body, { id: "msg_dup_1", ts: now() + 1 });
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ duplicate: true, applied: false });
  expect((await row(m.id)).deliveredAt?.toISOString()).toBe("2020-01-01T00:00:00.000Z");
  expect(await eventsOf(m.id)).toHaveLength(1);

  const n = await sentMessage();
  const b2 = event("email.bounced", n.providerId, bounce);
  const both = await Promise.all([send(b2, { id: "msg_dup_2" }), send(b2, { id: "msg_dup_2" })]);
  expect(both.map((r) => r.status)).toEqual([200, 200]);
  expect((await Promise.all(both.map((r) => r.json()))).map((j) => j.duplicate).sort()).toEqual([false, true]);
  expect(await eventsOf(n.id)).toHaveLength(1);
});

test("out-of-order events never move a status backwards", async () => {
  // bounced, then a late delivered
  const a = await sentMessage();
  await send(event("email.bounced", a.providerId, bounce));
  const late = await send(event("email.delivered", a.providerId));
  expect(await late.json()).toMatchObject({ duplicate: false, matched: true, applied: false });
  expect(await row(a.id)).toMatchObject({ status: "bounced", deliveredAt: null });
  expect(await eventsOf(a.id)).toHaveLength(2); // both kept for the timeline

  // complained, then delivered and a late sent
  const b = await sentMessage();
  await send(event("email.complained", b.providerId));
  await send(event("email.delivered", b.providerId));
  await send(event("email.sent", b.providerId));
  expect((await row(b.id)).status).toBe("complained");

  // delivered, then a late sent; then a bounce after delivery still counts
  const c = await sentMessage();
  await send(event("email.delivered", c.providerId));
  await send(event("email.sent", c.providerId));
  expect((await row(c.id)).status).toBe("delivered");
  await send(event("email.bounced", c.providerId, bounce));
  const r = await row(c.id);
  expect(r.status).toBe("bounced");
  expect(r.deliveredAt).not.toBeNull();

  // two deliveries: delivered_at keeps the first
  const d = await sentMessage();
  const t1 = new Date(Date.now() - 60_000);
  await send(event("email.delivered", d.providerId, {}, t1));
  await send(event("email.delivered", d.providerId, {}, new Date()));
  expect((await row(d.id)).deliveredAt?.toISOString()).toBe(t1.toISOString());
});

test("an event that arrives before our row is marked sent is kept and applied when the send settles", async () => {
  const ws = await makeWorkspace(t.db);
  const [early, bouncing] = await enqueueMessages(t.db, [
    { workspaceId: ws.workspace.id, channel: "email", to: "early@example.test", subject: "Hi", text: "Hi" },
    { workspaceId: ws.workspace.id, channel: "email", to: "bounce@example.test", subject: "Hi", text: "Hi" },
  ]);
  const pid = (id: string) => `re_early_${id}`;
  const answers: unknown[] = [];
  // A provider that accepts the mail, and whose webhooks reach us before its API answer does.
  const racing: Driver = {
    name: "resend",
    batchSize: 100,
    async send(batch) {
      for (const m of batch) {
        const body = m.id === early.id ? event("email.delivered", pid(m.id)) : event("email.bounced", pid(m.id), bounce);
        const res = await send(body);
        answers.push(await res.json());
        expect((await row(m.id)).status).toBe("sending");
      }
      return batch.map((m) => ({ id: m.id, ok: true as const, providerId: pid(m.id) }));
    },
  };
  const report = await deliverDue(t.db, { email: racing, sms: outboxDriver });
  expect(report.sent).toBe(2);
  expect(answers).toEqual([
    { ok: true, duplicate: false, matched: false, applied: false },
    { ok: true, duplicate: false, matched: false, applied: false },
  ]);
  expect(await row(early.id)).toMatchObject({ status: "delivered", providerId: pid(early.id), provider: "resend" });
  expect((await row(early.id)).deliveredAt).not.toBeNull();
  expect(await row(bouncing.id)).toMatchObject({ status: "bounced", lastError: expect.stringContaining("550 5.1.1") });
  const evs = await eventsOf(early.id);
  expect(evs).toHaveLength(1);
  expect(evs[0].workspaceId).toBe(ws.workspace.id);
  // And a later delivered for the bounced one still cannot undo it.
  await send(event("email.delivered", pid(bouncing.id)));
  expect((await row(bouncing.id)).status).toBe("bounced");
});

test("events for an unknown email id or of an unknown type answer 200 and are recorded without a message", async () => {
  const unknownId = `re_${randomUUID()}`;
  const res = await send(event("email.delivered", unknownId), { id: "msg_unknown_email" });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ matched: false, applied: false });
  const [stored] = await t.db.select().from(messageEvents).where(eq(messageEvents.providerEventId, "msg_unknown_email"));
  expect(stored).toMatchObject({ messageId: null, workspaceId: null, type: "email.delivered" });

  const m = await sentMessage();
  const odd = await send(event("email.teleported", m.providerId), { id: "msg_odd_type" });
  expect(odd.status).toBe(200);
  expect((await row(m.id)).status).toBe("sent");
  const other = await send(JSON.stringify({ type: "contact.created", created_at: new Date().toISOString(), data: { id: "c_1", email: "x@example.test" } }), { id: "msg_contact" });
  expect(other.status).toBe(200);
  const [c] = await t.db.select().from(messageEvents).where(eq(messageEvents.providerEventId, "msg_contact"));
  expect(c).toMatchObject({ messageId: null, type: "contact.created" });
});

test("the admin queries never return another workspace's messages or events", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  const mine = await sentMessage(a.workspace.id);
  const theirs = await sentMessage(b.workspace.id);
  await send(event("email.delivered", theirs.providerId));
  const list = await listMessages(t.db, { workspaceId: a.workspace.id, limit: 200 });
  expect(list.messages.map((m) => m.id)).toEqual([mine.id]);
  expect(await listMessages(t.db, { workspaceId: a.workspace.id, to: "client@", status: "delivered" })).toMatchObject({ messages: [] });
  expect(await getMessage(t.db, { workspaceId: a.workspace.id, id: theirs.id })).toBeNull();
  expect(await getMessage(t.db, { workspaceId: a.workspace.id, id: "not-a-uuid" })).toBeNull();
  expect(await listMessageEvents(t.db, { workspaceId: a.workspace.id, messageId: theirs.id })).toEqual([]);
  expect(await getMessage(t.db, { workspaceId: b.workspace.id, id: theirs.id })).toMatchObject({ status: "delivered", providerId: theirs.providerId });
  expect(await listMessageEvents(t.db, { workspaceId: b.workspace.id, messageId: theirs.id })).toHaveLength(1);
});

test("keyset pages return every message once, newest first, with filters, even when timestamps tie", async () => {
  const ws = await makeWorkspace(t.db);
  const other = await makeWorkspace(t.db);
  const base = Date.now() - 3_600_000;
  const rows = Array.from({ length: 130 }, (_, i) => ({
    workspaceId: ws.workspace.id,
    channel: (i % 5 === 0 ? "sms" : "email") as "sms" | "email",
    to: i % 2 ? `odd${i}@example.test` : `even${i}@example.test`,
    text: "x",
    status: (i % 3 === 0 ? "bounced" : "sent") as "bounced" | "sent",
    // groups of 4 share a timestamp, so only the id breaks ties
    createdAt: new Date(base + Math.floor(i / 4) * 1000),
  }));
  await t.db.insert(messages).values(rows);
  await t.db.insert(messages).values(rows.slice(0, 20).map((r) => ({ ...r, workspaceId: other.workspace.id })));

  const walk = async (filters: Parameters<typeof listMessages>[1]) => {
    const seen: { id: string; createdAt: Date }[] = [];
    let after: MessageCursor | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await listMessages(t.db, { ...filters, after, limit: 17 });
      seen.push(...page.messages);
      if (!page.nextCursor) break;
      after = decodeMessageCursor(page.nextCursor);
    }
    return seen;
  };
  const all = await walk({ workspaceId: ws.workspace.id });
  expect(all).toHaveLength(130);
  expect(new Set(all.map((m) => m.id)).size).toBe(130);
  for (let i = 1; i < all.length; i++) expect(all[i - 1].createdAt.getTime()).toBeGreaterThanOrEqual(all[i].createdAt.getTime());

  const bouncedEmail = await walk({ workspaceId: ws.workspace.id, status: "bounced", channel: "email" });
  const expected = rows.filter((r) => r.status === "bounced" && r.channel === "email").length;
  expect(bouncedEmail).toHaveLength(expected);
  expect(new Set(bouncedEmail.map((m) => m.id)).size).toBe(expected);

  const odd = await walk({ workspaceId: ws.workspace.id, to: "ODD" });
  expect(odd).toHaveLength(65);
  expect(await listMessages(t.db, { workspaceId: ws.workspace.id, to: "%" })).toMatchObject({ messages: [] });
  expect(decodeMessageCursor("garbage")).toBeNull();
});
