// Conversations through the real route handlers and operations: a real database (PGlite, or Postgres with
// TEST_DATABASE_URL), real files on disk, Requests built as a browser sends them after proxy.ts routed them. Only the
// admin's sign-in session is played (requireAdmin); membership and role come from the database.
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { AdminUser } from "@/lib/auth/admin-context";
import { assignConversation } from "@/lib/conversations/assign-conversation";
import { ensureClientConversations, ensureContactConversation, ensureOpportunityConversation } from "@/lib/conversations/ensure-conversation";
import { markRead } from "@/lib/conversations/mark-read";
import { postMessage } from "@/lib/conversations/post-message";
import { contacts, conversationAttachments, conversationMessages, conversations, hubNotices, portalUsers } from "@/lib/db/schema";
import { listClientConversations, listInbox, unreadCount } from "@/lib/db/queries/conversations";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";
import { freshIp } from "./helpers/portal-http";
import { requestTestKit } from "./helpers/request-world";

let actor: AdminUser | null = null;
vi.mock("@/lib/auth/admin-context", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/admin-context")>();
  const { getDb } = await import("@/lib/db");
  const { AppError } = await import("@/lib/errors");
  return {
    ...real,
    requireAdmin: async (slug: string, need: "owner" | "admin" | "marketing") => {
      if (!actor) throw new AppError("UNAUTHENTICATED");
      return real.contextFor(getDb(), actor, slug, need);
    },
  };
});

const { POST: portalPost } = await import("@/app/api/portal/messages/[id]/route");
const { GET: portalFeed } = await import("@/app/api/portal/messages/[id]/feed/route");
const { POST: portalRead } = await import("@/app/api/portal/messages/[id]/read/route");
const { GET: portalAttachment } = await import("@/app/api/portal/messages/attachments/[id]/route");
const { POST: adminPost } = await import("@/app/api/w/[slug]/inbox/[id]/messages/route");
const { GET: adminFeed } = await import("@/app/api/w/[slug]/inbox/[id]/feed/route");
const { GET: adminAttachment } = await import("@/app/api/w/[slug]/inbox/attachments/[id]/route");

let t: TestDb;
useAppTestDb((db) => void (t = db));
const kit = requestTestKit(() => t.db);

let filesDir: string;
const savedEnv = { ...process.env };
beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), "conversations-"));
  process.env.FILES_DIR = filesDir;
  delete process.env.S3_BUCKET;
  delete process.env.MAX_UPLOAD_MB;
});
afterAll(async () => {
  process.env = savedEnv;
  await rm(filesDir, { recursive: true, force: true });
});

// --- files as their bytes are ---
const enc = (s: string) => new TextEncoder().encode(s);
const PDF = enc("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const EXE = (() => {
  const b = new Uint8Array(512);
  b.set(enc("MZ"), 0);
  new DataView(b.buffer).setUint32(0x3c, 0x80, true);
  b.set(enc("PE\0\0"), 0x80);
  return b;
})();

/** Objects in storage (temporary files excluded). */
async function storedObjects(): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.name === ".tmp") continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  }
  await walk(filesDir);
  return out;
}

type World = Awaited<ReturnType<typeof kit.world>>;
type Site = World["site"];

function portalHeaders(site: Site, o: { cookie?: string; json?: boolean; origin?: string; accept?: string } = {}) {
  const h: Record<string, string> = {
    [WORKSPACE_HEADER]: site.workspaceId,
    [HOST_HEADER]: site.host,
    host: site.host,
    origin: o.origin ?? `http://${site.host}`,
    "x-forwarded-for": freshIp(),
  };
  if (o.json ?? true) h.accept = "application/json";
  if (o.accept) h.accept = o.accept;
  if (o.cookie) h.cookie = o.cookie;
  return h;
}

function form(body: string | undefined, files: { name: string; bytes: Uint8Array }[] = []) {
  const f = new FormData();
  if (body !== undefined) f.set("body", body);
  for (const x of files) f.append("files", new Blob([x.bytes as Uint8Array<ArrayBuffer>]), x.name);
  return f;
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const adminParams = (slug: string, id: string) => ({ params: Promise.resolve({ slug, id }) });

function postAs(site: Site, cookie: string | undefined, conversationId: string, data: FormData, o: { json?: boolean; origin?: string } = {}) {
  return portalPost(new Request(`http://${site.host}/api/portal/messages/${conversationId}`, { method: "POST", headers: portalHeaders(site, { cookie, ...o }), body: data }), params(conversationId));
}

function adminReq(slug: string, p: string, init: RequestInit = {}) {
  return new Request(`http://localhost:3000/api/w/${slug}/inbox/${p}`, {
    ...init,
    headers: { host: "localhost:3000", origin: "http://localhost:3000", accept: "application/json", ...(init.headers as Record<string, string>) },
  });
}

async function messageCount(conversationId: string) {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(conversationMessages).where(eq(conversationMessages.conversationId, conversationId));
  return r.n;
}

let w: World;
let aliceCookie: string, bobCookie: string, carolCookie: string;
let aliceConv: string, oppAConv: string;
beforeAll(async () => {
  w = await kit.world();
  [aliceCookie, bobCookie, carolCookie] = await Promise.all([w.alice, w.bob, w.carol].map((who) => kit.sessionFor(w.site, who, { twoFactor: false })));
  aliceConv = await ensureContactConversation(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
  oppAConv = await ensureOpportunityConversation(t.db, { workspaceId: w.workspaceId, opportunityId: w.oppA.id });
});

describe("creation on first use", () => {
  test("one conversation per contact and per opportunity, however many first uses race", async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => ensureContactConversation(t.db, { workspaceId: w.workspaceId, contactId: w.bob.contactId })));
    expect(new Set(ids).size).toBe(1);
    await Promise.all([ensureClientConversations(t.db, { workspaceId: w.workspaceId, contactId: w.bob.contactId }), ensureClientConversations(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId })]);
    const list = await listClientConversations(t.db, { workspaceId: w.workspaceId, contactId: w.bob.contactId, workspaceName: "Acme" });
    // Bob's own and Home loan A's (he is an applicant); never Carol's Car loan B.
    expect(list.map((c) => c.title).sort()).toEqual(["Acme", "Home loan A"]);
    expect(list.find((c) => c.opportunityId)?.id).toBe(oppAConv);
  });

  test("another workspace's contact or opportunity, or a malformed id, is NOT_FOUND and creates nothing", async () => {
    const other = await makeWorkspace(t.db);
    const before = await t.db.select({ id: conversations.id }).from(conversations);
    await expect(ensureContactConversation(t.db, { workspaceId: other.workspace.id, contactId: w.alice.contactId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ensureOpportunityConversation(t.db, { workspaceId: other.workspace.id, opportunityId: w.oppA.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ensureContactConversation(t.db, { workspaceId: w.workspaceId, contactId: "x'; drop table contacts; --" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await t.db.select({ id: conversations.id }).from(conversations)).toHaveLength(before.length);
  });
});

describe("authorisation", () => {
  test("a client posts in their own conversation and in their opportunity's; never in another client's", async () => {
    const ok = await postAs(w.site, aliceCookie, aliceConv, form("Hello from Alice"));
    expect(ok.status).toBe(201);
    expect((await ok.json()).message).toMatchObject({ seq: expect.any(Number), body: "Hello from Alice", mine: true, authorName: "Alice Test" });
    expect((await postAs(w.site, bobCookie, oppAConv, form("Bob on the loan"))).status).toBe(201);

    const before = await messageCount(aliceConv);
    const beforeOpp = await messageCount(oppAConv);
    // Carol: not Alice, not an applicant of Home loan A. Same answer as an id that does not exist.
    const carolOwn = await postAs(w.site, carolCookie, aliceConv, form("sneaky"));
    const carolOpp = await postAs(w.site, carolCookie, oppAConv, form("sneaky"));
    const guessed = await postAs(w.site, carolCookie, randomUUID(), form("sneaky"));
    const malformed = await postAs(w.site, carolCookie, "not-a-uuid", form("sneaky"));
    for (const r of [carolOwn, carolOpp, guessed, malformed]) {
      expect(r.status).toBe(404);
      expect(await r.json()).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
    }
    expect(await messageCount(aliceConv)).toBe(before);
    expect(await messageCount(oppAConv)).toBe(beforeOpp);
  });

  test("no session is 401, a cross-site post is 403, and a session of another workspace is nobody here", async () => {
    expect((await postAs(w.site, undefined, aliceConv, form("hi"))).status).toBe(401);
    expect((await postAs(w.site, aliceCookie, aliceConv, form("hi"), { origin: "https://evil.example" })).status).toBe(403);
    const other = await kit.world();
    const mallory = await kit.sessionFor(other.site, other.alice, { twoFactor: false });
    // Mallory's cookie on Mallory's own portal, naming this workspace's conversation: not found.
    expect((await postAs(other.site, mallory, aliceConv, form("hi"))).status).toBe(404);
    // Mallory's cookie sent to this portal: not a session here.
    expect((await postAs(w.site, mallory, aliceConv, form("hi"))).status).toBe(401);
  });

  test("a revoked client loses the conversation at once", async () => {
    const dave = await kit.world();
    const cookie = await kit.sessionFor(dave.site, dave.alice, { twoFactor: false });
    const conv = await ensureContactConversation(t.db, { workspaceId: dave.workspaceId, contactId: dave.alice.contactId });
    expect((await postAs(dave.site, cookie, conv, form("before"))).status).toBe(201);
    await t.db.update(portalUsers).set({ status: "revoked" }).where(eq(portalUsers.id, dave.alice.portalUserId));
    expect((await postAs(dave.site, cookie, conv, form("after"))).status).toBe(401);
  });

  test("attachments download for the conversation's participants only", async () => {
    const res = await postAs(w.site, bobCookie, oppAConv, form("the payslip", [{ name: "payslip.pdf", bytes: PDF }]));
    expect(res.status).toBe(201);
    const att = (await res.json()).message.attachments[0];
    expect(att).toMatchObject({ name: "payslip.pdf", contentType: "application/pdf", url: `/api/portal/messages/attachments/${att.id}` });
    const get = (cookie: string | undefined, id = att.id, site = w.site) =>
      portalAttachment(new Request(`http://${site.host}${`/api/portal/messages/attachments/${id}`}`, { headers: portalHeaders(site, { cookie, json: false }) }), params(id));
    // Alice is a co-applicant: she may; Carol may not (404, as for a guessed id).
    const alice = await get(aliceCookie);
    expect(alice.status).toBe(200);
    expect(alice.headers.get("content-disposition")).toContain("attachment");
    expect(new Uint8Array(await alice.arrayBuffer())).toEqual(PDF);
    expect((await get(carolCookie)).status).toBe(404);
    expect((await get(carolCookie, randomUUID())).status).toBe(404);
    expect((await get(carolCookie, "../../etc/passwd")).status).toBe(404);
    expect((await get(undefined)).status).toBe(303);

    // The team: an admin of this workspace may; another workspace's admin, or a marketing member, may not.
    actor = { id: w.ctx.user.id, email: w.ctx.user.email, name: null };
    expect((await adminAttachment(adminReq(w.ctx.workspace.slug, `attachments/${att.id}`), adminParams(w.ctx.workspace.slug, att.id))).status).toBe(200);
    const other = await makeWorkspace(t.db);
    actor = { id: other.user.id, email: other.user.email, name: null };
    expect((await adminAttachment(adminReq(other.workspace.slug, `attachments/${att.id}`), adminParams(other.workspace.slug, att.id))).status).toBe(404);
    expect((await adminAttachment(adminReq(w.ctx.workspace.slug, `attachments/${att.id}`), adminParams(w.ctx.workspace.slug, att.id))).status).toBe(404);
    const marketing = await addMember(w.ctx, "marketing");
    actor = { id: marketing.user.id, email: marketing.user.email, name: null };
    expect((await adminAttachment(adminReq(w.ctx.workspace.slug, `attachments/${att.id}`), adminParams(w.ctx.workspace.slug, att.id))).status).toBe(403);
    actor = null;
  });

  test("the team side: marketing members and other workspaces' admins can neither read nor post", async () => {
    const slug = w.ctx.workspace.slug;
    const marketing = await addMember(w.ctx, "marketing");
    const other = await makeWorkspace(t.db);
    const before = await messageCount(aliceConv);
    const post = (s: string) => adminPost(adminReq(s, `${aliceConv}/messages`, { method: "POST", body: form("from the team") }), adminParams(s, aliceConv));
    const feed = (s: string) => adminFeed(adminReq(s, `${aliceConv}/feed?after=0`), adminParams(s, aliceConv));

    actor = { id: marketing.user.id, email: marketing.user.email, name: null };
    expect((await post(slug)).status).toBe(403);
    expect((await feed(slug)).status).toBe(403);
    actor = { id: other.user.id, email: other.user.email, name: null };
    expect((await post(other.workspace.slug)).status).toBe(404);
    expect((await feed(other.workspace.slug)).status).toBe(404);
    expect((await post(slug)).status).toBe(404); // not a member of this workspace
    expect(await messageCount(aliceConv)).toBe(before);

    actor = { id: w.ctx.user.id, email: w.ctx.user.email, name: null };
    const ok = await post(slug);
    expect(ok.status).toBe(201);
    expect((await ok.json()).message).toMatchObject({ body: "from the team", mine: true, fromClient: false });
    const cross = await adminPost(adminReq(slug, `${aliceConv}/messages`, { method: "POST", body: form("csrf"), headers: { origin: "https://evil.example" } }), adminParams(slug, aliceConv));
    expect(cross.status).toBe(403);
    actor = null;
  });

  test("the polling feed answers a client only for their own threads", async () => {
    const feed = (cookie: string, id: string) =>
      portalFeed(new Request(`http://${w.site.host}/api/portal/messages/${id}/feed?after=0`, { headers: portalHeaders(w.site, { cookie }) }), params(id));
    const mine = await feed(aliceCookie, aliceConv);
    expect(mine.status).toBe(200);
    expect((await mine.json()).messages.length).toBeGreaterThan(0);
    expect((await feed(carolCookie, aliceConv)).status).toBe(404);
    expect((await feed(carolCookie, oppAConv)).status).toBe(404);
  });
});

describe("bad input is refused with its code and stores nothing", () => {
  const cases: [string, () => FormData, string, number][] = [
    ["empty", () => form("   \n  "), "MESSAGE_EMPTY", 422],
    ["no body field at all", () => new FormData(), "MESSAGE_EMPTY", 422],
    ["a NUL byte", () => form("hello\u0000world"), "TEXT_UNSTORABLE", 422],
    ["10,001 characters", () => form("x".repeat(10_001)), "MESSAGE_TOO_LONG", 422],
    ["6 files", () => form("six", Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.pdf`, bytes: PDF }))), "MESSAGE_TOO_MANY_FILES", 422],
    ["an exe named .pdf", () => form("see attached", [{ name: "invoice.pdf", bytes: EXE }]), "FILE_TYPE_NOT_ALLOWED", 415],
    ["an exe after a good file", () => form("see attached", [{ name: "ok.pdf", bytes: PDF }, { name: "setup.exe", bytes: EXE }]), "FILE_TYPE_NOT_ALLOWED", 415],
    ["an empty file", () => form("see attached", [{ name: "empty.pdf", bytes: new Uint8Array(0) }]), "FILE_EMPTY", 422],
  ];
  test.each(cases)("%s", async (_name, make, code, status) => {
    const objects = await storedObjects();
    const before = await messageCount(aliceConv);
    const [{ lastSeq }] = await t.db.select({ lastSeq: conversations.lastSeq }).from(conversations).where(eq(conversations.id, aliceConv));
    const res = await postAs(w.site, aliceCookie, aliceConv, make());
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
    expect(await messageCount(aliceConv)).toBe(before);
    expect(await storedObjects()).toEqual(objects);
    const [after] = await t.db.select({ lastSeq: conversations.lastSeq }).from(conversations).where(eq(conversations.id, aliceConv));
    expect(after.lastSeq).toBe(lastSeq);
  });

  test("exactly 10,000 characters and exactly 5 files are fine; a plain form gets a 303 back to the thread", async () => {
    const res = await postAs(w.site, aliceCookie, aliceConv, form("y".repeat(10_000), Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.pdf`, bytes: PDF }))));
    expect(res.status).toBe(201);
    expect((await res.json()).message.attachments).toHaveLength(5);
    const plain = await postAs(w.site, aliceCookie, aliceConv, form("no js"), { json: false });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(`/messages/${aliceConv}?sent=1#latest`);
    const refused = await postAs(w.site, aliceCookie, aliceConv, form(""), { json: false });
    expect(refused.headers.get("location")).toBe(`/messages/${aliceConv}?error=MESSAGE_EMPTY#reply`);
    // A form without files may come urlencoded.
    const urlencoded = await portalPost(
      new Request(`http://${w.site.host}/api/portal/messages/${aliceConv}`, {
        method: "POST",
        headers: { ...portalHeaders(w.site, { cookie: aliceCookie }), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ body: "plain text" }).toString(),
      }),
      params(aliceConv),
    );
    expect(urlencoded.status).toBe(201);
  });

  test("a wrong type for the text is refused by the operation too", async () => {
    await expect(postMessage(t.db, { workspaceId: w.workspaceId, conversationId: aliceConv, author: { kind: "client", contactId: w.alice.contactId, name: "A" }, body: { $gt: "" } })).rejects.toMatchObject({ code: "REQUEST_MALFORMED" });
    await expect(postMessage(t.db, { workspaceId: w.workspaceId, conversationId: aliceConv, author: { kind: "client", contactId: w.carol.contactId, name: "C" }, body: "not mine" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("ordering and unread counts under concurrent posts", () => {
  test("20 parallel posts from both sides get seq 1..20, no gaps or duplicates, and exact unread counts", async () => {
    const x = await kit.world();
    const conv = await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.alice.contactId });
    const posts = Array.from({ length: 20 }, (_, i) =>
      postMessage(t.db, {
        workspaceId: x.workspaceId,
        conversationId: conv,
        author: i % 2 === 0 ? { kind: "client", contactId: x.alice.contactId, name: "Alice" } : { kind: "team", userId: x.ctx.user.id, name: "Owner" },
        body: `message ${i}`,
      }),
    );
    const done = await Promise.all(posts);
    expect(done.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const rows = await t.db.select({ seq: conversationMessages.seq, fromClient: conversationMessages.fromClient }).from(conversationMessages).where(eq(conversationMessages.conversationId, conv)).orderBy(conversationMessages.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const [c] = await t.db.select().from(conversations).where(eq(conversations.id, conv));
    expect(c.lastSeq).toBe(20);
    expect(c.lastClientSeq).toBe(Math.max(...rows.filter((r) => r.fromClient).map((r) => r.seq)));
    expect(c.lastTeamSeq).toBe(Math.max(...rows.filter((r) => !r.fromClient).map((r) => r.seq)));
    expect(await unreadCount(t.db, { workspaceId: x.workspaceId, conversationId: conv, who: { contactId: x.alice.contactId } })).toBe(10);
    expect(await unreadCount(t.db, { workspaceId: x.workspaceId, conversationId: conv, who: { userId: x.ctx.user.id } })).toBe(10);
    // Reading up to seq 10 leaves exactly the later messages of the other side unread.
    await markRead(t.db, { workspaceId: x.workspaceId, conversationId: conv, who: { contactId: x.alice.contactId }, seq: 10 });
    expect(await unreadCount(t.db, { workspaceId: x.workspaceId, conversationId: conv, who: { contactId: x.alice.contactId } })).toBe(rows.filter((r) => !r.fromClient && r.seq > 10).length);
  });

  test("in an opportunity conversation a client's unread counts the team's and the other applicants' messages, never their own", async () => {
    const x = await kit.world();
    const conv = await ensureOpportunityConversation(t.db, { workspaceId: x.workspaceId, opportunityId: x.oppA.id });
    const by = (who: "alice" | "bob" | "team") =>
      who === "team" ? ({ kind: "team", userId: x.ctx.user.id, name: "Owner" } as const) : ({ kind: "client", contactId: x[who].contactId, name: who } as const);
    const order = ["alice", "bob", "team", "bob", "team", "alice", "alice"] as const;
    await Promise.all(order.map((who, i) => postMessage(t.db, { workspaceId: x.workspaceId, conversationId: conv, author: by(who), body: `m${i}` })));
    const unread = (who: { contactId: string } | { userId: string }) => unreadCount(t.db, { workspaceId: x.workspaceId, conversationId: conv, who });
    expect(await unread({ contactId: x.alice.contactId })).toBe(4); // 2 Bob + 2 team
    expect(await unread({ contactId: x.bob.contactId })).toBe(5); // 3 Alice + 2 team
    expect(await unread({ userId: x.ctx.user.id })).toBe(5); // every client message
  });

  test("read marks never move backwards and never pass the last message", async () => {
    const x = await kit.world();
    const conv = await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.alice.contactId });
    for (let i = 0; i < 6; i++) await postMessage(t.db, { workspaceId: x.workspaceId, conversationId: conv, author: { kind: "team", userId: x.ctx.user.id, name: "O" }, body: `t${i}` });
    const who = { contactId: x.alice.contactId };
    const mark = (seq: number) => markRead(t.db, { workspaceId: x.workspaceId, conversationId: conv, who, seq });
    expect(await mark(5)).toBe(5);
    expect(await mark(3)).toBe(5);
    expect(await mark(999)).toBe(6);
    // Concurrent marks from two tabs: the furthest wins.
    await Promise.all([mark(2), mark(6), mark(4)]);
    expect(await mark(0)).toBe(6);
    // Another workspace's conversation id marks nothing.
    const other = await makeWorkspace(t.db);
    expect(await markRead(t.db, { workspaceId: other.workspace.id, conversationId: conv, who, seq: 1 })).toBe(0);

    // Through the route: the same rule, and a bad body is a 400.
    const cookie = await kit.sessionFor(x.site, x.alice, { twoFactor: false });
    const read = (body: string) =>
      portalRead(new Request(`http://${x.site.host}/api/portal/messages/${conv}/read`, { method: "POST", headers: { ...portalHeaders(x.site, { cookie }), "content-type": "application/json" }, body }), params(conv));
    expect(await (await read(JSON.stringify({ seq: 1 }))).json()).toEqual({ lastReadSeq: 6 });
    expect((await read("{\"seq\":\"6\"}")).status).toBe(400);
    expect((await read("{\"seq\":-1}")).status).toBe(400);
    expect((await read("nope")).status).toBe(400);
  });
});

describe("notifications are queued, batched, in the message's transaction", () => {
  test("20 team messages make one pending notice for the client; the item names the conversation once", async () => {
    const x = await kit.world();
    const conv = await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.alice.contactId });
    await Promise.all(Array.from({ length: 20 }, (_, i) => postMessage(t.db, { workspaceId: x.workspaceId, conversationId: conv, author: { kind: "team", userId: x.ctx.user.id, name: "O" }, body: `n${i}` })));
    const notices = await t.db.select().from(hubNotices).where(and(eq(hubNotices.workspaceId, x.workspaceId), eq(hubNotices.kind, "messages")));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ contactId: x.alice.contactId, userId: null, itemCount: 20, items: [{ id: conv, label: "Messages" }], sentAt: null });
  });

  test("an opportunity's team message notifies every applicant with portal access; a client message notifies the assignee, else every owner and admin", async () => {
    const x = await kit.world();
    const admin = await addMember(x.ctx, "admin");
    await addMember(x.ctx, "marketing");
    const conv = await ensureOpportunityConversation(t.db, { workspaceId: x.workspaceId, opportunityId: x.oppB.id }); // no owner: unassigned
    const notices = () => t.db.select({ contactId: hubNotices.contactId, userId: hubNotices.userId, itemCount: hubNotices.itemCount }).from(hubNotices).where(eq(hubNotices.workspaceId, x.workspaceId));

    await postMessage(t.db, { workspaceId: x.workspaceId, conversationId: conv, author: { kind: "client", contactId: x.carol.contactId, name: "Carol" }, body: "question" });
    expect((await notices()).map((n) => n.userId).sort()).toEqual([admin.user.id, x.ctx.user.id].sort()); // not marketing
    await assignConversation({ ...x.ctx }, { conversationId: conv, userId: admin.user.id });
    await t.db.delete(hubNotices).where(eq(hubNotices.workspaceId, x.workspaceId));
    await postMessage(t.db, { workspaceId: x.workspaceId, conversationId: conv, author: { kind: "client", contactId: x.carol.contactId, name: "Carol" }, body: "again" });
    expect(await notices()).toEqual([{ contactId: null, userId: admin.user.id, itemCount: 1 }]);

    // Home loan A: Alice and Bob; Bob has no portal access any more, so only Alice is told.
    await t.db.update(portalUsers).set({ status: "revoked" }).where(eq(portalUsers.id, x.bob.portalUserId));
    const opp = await ensureOpportunityConversation(t.db, { workspaceId: x.workspaceId, opportunityId: x.oppA.id });
    await postMessage(t.db, { workspaceId: x.workspaceId, conversationId: opp, author: { kind: "team", userId: x.ctx.user.id, name: "O" }, body: "update" });
    expect((await notices()).filter((n) => n.contactId)).toEqual([{ contactId: x.alice.contactId, userId: null, itemCount: 1 }]);
  });

  test("a refused message queues no notice", async () => {
    const x = await kit.world();
    const conv = await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.alice.contactId });
    await expect(postMessage(t.db, { workspaceId: x.workspaceId, conversationId: conv, author: { kind: "team", userId: x.ctx.user.id, name: "O" }, body: "" })).rejects.toMatchObject({ code: "MESSAGE_EMPTY" });
    expect(await t.db.select().from(hubNotices).where(eq(hubNotices.workspaceId, x.workspaceId))).toHaveLength(0);
  });
});

describe("the admin inbox", () => {
  test("newest activity first in keyset pages, search, unread and assigned-to-me filters", async () => {
    const x = await kit.world();
    const admin = await addMember(x.ctx, "admin");
    const team = { kind: "team", userId: x.ctx.user.id, name: "Owner" } as const;
    const [dora] = await t.db.insert(contacts).values({ workspaceId: x.workspaceId, firstName: "Dora", lastName: "Explorer", email: "dora@maps.test", phone: "+919876543210" }).returning();
    const convs = {
      alice: await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.alice.contactId }),
      dora: await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: dora.id }),
      oppA: await ensureOpportunityConversation(t.db, { workspaceId: x.workspaceId, opportunityId: x.oppA.id }),
      empty: await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.bob.contactId }),
    };
    await postMessage(t.db, { workspaceId: x.workspaceId, conversationId: convs.dora, author: team, body: "Your passport scan, please" });
    await postMessage(t.db, { workspaceId: x.workspaceId, conversationId: convs.oppA, author: { kind: "client", contactId: x.bob.contactId, name: "Bob" }, body: "When is the valuation?" });
    await postMessage(t.db, { workspaceId: x.workspaceId, conversationId: convs.alice, author: { kind: "client", contactId: x.alice.contactId, name: "Alice" }, body: "50% done_already" });

    const list = (filter: Parameters<typeof listInbox>[1]["filter"], o: { userId?: string; cursor?: string | null; limit?: number } = {}) =>
      listInbox(t.db, { workspaceId: x.workspaceId, userId: o.userId ?? x.ctx.user.id, filter, cursor: o.cursor, limit: o.limit ?? 50 });
    const all = await list({});
    // Without messages a conversation is not in the inbox.
    expect(all.rows.map((r) => r.id)).toEqual([convs.alice, convs.oppA, convs.dora]);
    expect(all.rows.map((r) => r.unread)).toEqual([1, 1, 0]);
    expect(all.rows[1]).toMatchObject({ kind: "opportunity", title: "Home loan A" });

    const p1 = await list({}, { limit: 2 });
    const p2 = await list({}, { limit: 2, cursor: p1.next });
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    expect(p2.next).toBeNull();
    expect((await list({}, { cursor: "garbage" })).rows).toHaveLength(3);

    const ids = async (q: string) => (await list({ q })).rows.map((r) => r.id);
    expect(await ids("dora")).toEqual([convs.dora]);
    expect(await ids("MAPS.test")).toEqual([convs.dora]);
    expect(await ids("098765 43210")).toEqual([convs.dora]);
    expect(await ids("passport")).toEqual([convs.dora]);
    expect(await ids("home loan")).toEqual([convs.oppA]);
    expect(await ids("bob")).toEqual([convs.oppA]); // an applicant's name finds the opportunity's conversation
    expect(await ids("50%")).toEqual([convs.alice]); // wildcards match literally
    expect(await ids("_")).toEqual([convs.alice]);
    expect(await ids("nothing like this")).toEqual([]);
    expect(await ids("a\u0000b")).toEqual([]);

    expect((await list({ unread: true })).rows.map((r) => r.id)).toEqual([convs.alice, convs.oppA]);
    await markRead(t.db, { workspaceId: x.workspaceId, conversationId: convs.alice, who: { userId: x.ctx.user.id }, seq: 1 });
    expect((await list({ unread: true })).rows.map((r) => r.id)).toEqual([convs.oppA]);
    // Read marks are per member: the other admin still has both unread.
    expect((await list({ unread: true }, { userId: admin.user.id })).rows).toHaveLength(2);

    await assignConversation(x.ctx, { conversationId: convs.dora, userId: admin.user.id });
    expect((await list({ mine: true }, { userId: admin.user.id })).rows.map((r) => r.id)).toEqual([convs.dora]);
    // Home loan A's conversation went to its opportunity's owner when it was made.
    expect((await list({ mine: true })).rows.map((r) => r.id)).toEqual([convs.oppA]);
    expect((await list({})).rows.find((r) => r.id === convs.dora)?.assignedName).toBeTruthy();

    // Another workspace sees none of it.
    const other = await makeWorkspace(t.db);
    expect((await listInbox(t.db, { workspaceId: other.workspace.id, userId: other.user.id, filter: {}, limit: 50 })).rows).toEqual([]);
  });

  test("assigning: only an owner or admin of this workspace, only this workspace's conversation", async () => {
    const x = await kit.world();
    const conv = await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.alice.contactId });
    const marketing = await addMember(x.ctx, "marketing");
    const other = await makeWorkspace(t.db);
    await expect(assignConversation(x.ctx, { conversationId: conv, userId: marketing.user.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(assignConversation(x.ctx, { conversationId: conv, userId: other.user.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(assignConversation(other, { conversationId: conv, userId: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(assignConversation(x.ctx, { conversationId: conv, userId: x.ctx.user.id })).resolves.toEqual({ assignedUserId: x.ctx.user.id });
    await expect(assignConversation(x.ctx, { conversationId: conv, userId: null })).resolves.toEqual({ assignedUserId: null });
  });
});

test("posting is rate limited per author (60 in 5 minutes), with the limit's own code and nothing stored", async () => {
  const x = await kit.world();
  const conv = await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.alice.contactId });
  const cookie = await kit.sessionFor(x.site, x.alice, { twoFactor: false });
  for (let i = 0; i < 60; i++) expect((await postAs(x.site, cookie, conv, form(`m${i}`))).status).toBe(201);
  const refused = await postAs(x.site, cookie, conv, form("one too many"));
  expect(refused.status).toBe(429);
  expect((await refused.json()).error.code).toBe("RATE_LIMITED");
  expect(await messageCount(conv)).toBe(60);
  // Another client of the same workspace is not held back by Alice's count.
  const bobConv = await ensureContactConversation(t.db, { workspaceId: x.workspaceId, contactId: x.bob.contactId });
  expect((await postAs(x.site, await kit.sessionFor(x.site, x.bob, { twoFactor: false }), bobConv, form("hi"))).status).toBe(201);
});

// Keep the attachments table referenced so a schema rename shows up here too.
test("attachments are stored with the message that carries them", async () => {
  const rows = await t.db.select({ messageId: conversationAttachments.messageId }).from(conversationAttachments).where(eq(conversationAttachments.workspaceId, w.workspaceId));
  expect(rows.length).toBeGreaterThan(0);
});
