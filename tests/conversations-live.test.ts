// The live feed learns of new messages from the database, not from this process's memory: a message written through
// another database handle (a second app instance; on Postgres a second connection pool) reaches a subscriber and an
// open event stream. On PGlite, which one process owns, the "other instance" writes through the same handle but never
// tells the watcher, so only the database can carry the news.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { ensureContactConversation, ensureOpportunityConversation } from "@/lib/conversations/ensure-conversation";
import { postMessage } from "@/lib/conversations/post-message";
import { ConversationWatcher, PollingChangeSource, type ConversationChange } from "@/lib/conversations/watcher";
import { openDatabase, type Db } from "@/lib/db/client";
import { clientUnreadTotal } from "@/lib/db/queries/conversations";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { freshIp } from "./helpers/portal-http";
import { requestTestKit } from "./helpers/request-world";

process.env.CONVERSATION_POLL_MS = "100";
const { GET: portalFeed } = await import("@/app/api/portal/messages/[id]/feed/route");

let t: TestDb;
let other: { db: Db; close: () => Promise<void> };
useAppTestDb(async (db) => {
  t = db;
  if (db.url) {
    const h = openDatabase({ url: db.url });
    other = { db: h.db, close: async () => void (await h.sql!.end()) };
  } else {
    other = { db: db.db, close: async () => {} };
  }
});
afterAll(async () => other?.close());
const kit = requestTestKit(() => t.db);

let w: Awaited<ReturnType<typeof kit.world>>;
let conv: string;
beforeAll(async () => {
  w = await kit.world();
  conv = await ensureContactConversation(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
});

const team = () => ({ kind: "team", userId: w.ctx.user.id, name: "Owner" }) as const;

describe("the watcher", () => {
  test("wakes a conversation's and its workspace's subscribers for a message written by another instance, once", async () => {
    const watcher = new ConversationWatcher(new PollingChangeSource(() => t.db, 50));
    const byConversation: ConversationChange[] = [];
    const byWorkspace: ConversationChange[] = [];
    const stopA = watcher.subscribe({ conversationId: conv }, (c) => byConversation.push(c));
    const stopB = watcher.subscribe({ workspaceId: w.workspaceId }, (c) => byWorkspace.push(c));
    await new Promise((r) => setTimeout(r, 150));
    byConversation.length = 0;
    byWorkspace.length = 0;

    const m = await postMessage(other.db, { workspaceId: w.workspaceId, conversationId: conv, author: team(), body: "from instance two" });
    await vi.waitFor(() => expect(byConversation.map((c) => c.lastSeq)).toContain(m.seq), { timeout: 5000, interval: 25 });
    expect(byWorkspace.some((c) => c.conversationId === conv)).toBe(true);
    // Looks keep reaching back a few seconds, but the same change is not reported twice.
    await new Promise((r) => setTimeout(r, 400));
    expect(byConversation.filter((c) => c.lastSeq === m.seq)).toHaveLength(1);

    // Another conversation's change wakes the workspace, not this conversation.
    const opp = await ensureOpportunityConversation(t.db, { workspaceId: w.workspaceId, opportunityId: w.oppB.id });
    await postMessage(other.db, { workspaceId: w.workspaceId, conversationId: opp, author: team(), body: "elsewhere" });
    await vi.waitFor(() => expect(byWorkspace.some((c) => c.conversationId === opp)).toBe(true), { timeout: 5000, interval: 25 });
    expect(byConversation.some((c) => c.conversationId === opp)).toBe(false);

    stopA();
    stopB();
    expect(watcher.subscriberCount).toBe(0);
  });

  test("polls only while someone is subscribed", async () => {
    let looks = 0;
    const source = new PollingChangeSource(() => {
      looks += 1;
      return t.db;
    }, 20);
    const watcher = new ConversationWatcher(source);
    await new Promise((r) => setTimeout(r, 100));
    expect(looks).toBe(0);
    const stop = watcher.subscribe({ conversationId: conv }, () => {});
    await vi.waitFor(() => expect(looks).toBeGreaterThan(2), { timeout: 3000 });
    stop();
    await new Promise((r) => setTimeout(r, 60));
    const after = looks;
    await new Promise((r) => setTimeout(r, 150));
    expect(looks).toBe(after);
  });
});

describe("the event stream", () => {
  function openFeed(cookie: string, after: number) {
    const ac = new AbortController();
    const res = portalFeed(
      new Request(`http://${w.site.host}/api/portal/messages/${conv}/feed?after=${after}`, {
        signal: ac.signal,
        headers: { [WORKSPACE_HEADER]: w.site.workspaceId, [HOST_HEADER]: w.site.host, host: w.site.host, "x-forwarded-for": freshIp(), accept: "text/event-stream", cookie },
      }),
      { params: Promise.resolve({ id: conv }) },
    );
    return { res, ac };
  }

  /** Reads events off the stream until `until` says stop. */
  async function readEvents(res: Response, until: (events: { id?: string; event?: string; data?: unknown }[]) => boolean) {
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = "";
    const events: { id?: string; event?: string; data?: unknown }[] = [];
    const deadline = Date.now() + 8000;
    while (!until(events) && Date.now() < deadline) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n\n")) !== -1) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const e: { id?: string; event?: string; data?: unknown } = {};
        for (const line of block.split("\n")) {
          if (line.startsWith("id: ")) e.id = line.slice(4);
          else if (line.startsWith("event: ")) e.event = line.slice(7);
          else if (line.startsWith("data: ")) e.data = JSON.parse(line.slice(6));
        }
        if (e.event) events.push(e);
      }
    }
    reader.releaseLock();
    return events;
  }

  test("catches up after the seq it was given, then delivers what another instance writes, as it is committed", async () => {
    const cookie = await kit.sessionFor(w.site, w.alice, { twoFactor: false });
    const first = await postMessage(t.db, { workspaceId: w.workspaceId, conversationId: conv, author: team(), body: "already there" });
    const { res, ac } = openFeed(cookie, first.seq - 1);
    const r = await res;
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/event-stream");
    const catchUp = await readEvents(r, (ev) => ev.length >= 1);
    expect(catchUp[0]).toMatchObject({ id: String(first.seq), event: "message", data: { body: "already there", mine: false } });

    const second = await postMessage(other.db, { workspaceId: w.workspaceId, conversationId: conv, author: team(), body: "live from elsewhere" });
    const live = await readEvents(r, (ev) => ev.some((e) => e.id === String(second.seq)));
    expect(live.find((e) => e.id === String(second.seq))).toMatchObject({ event: "message", data: { body: "live from elsewhere", seq: second.seq } });
    ac.abort();
  });

  test("another client's stream is refused, and a reconnect resumes from Last-Event-ID", async () => {
    const carol = await kit.sessionFor(w.site, w.carol, { twoFactor: false });
    const refused = await openFeed(carol, 0).res;
    expect(refused.status).toBe(404);
    const alice = await kit.sessionFor(w.site, w.alice, { twoFactor: false });
    const latest = await postMessage(t.db, { workspaceId: w.workspaceId, conversationId: conv, author: team(), body: "newest" });
    const ac = new AbortController();
    const res = await portalFeed(
      new Request(`http://${w.site.host}/api/portal/messages/${conv}/feed?after=0`, {
        signal: ac.signal,
        headers: { [WORKSPACE_HEADER]: w.site.workspaceId, [HOST_HEADER]: w.site.host, host: w.site.host, accept: "text/event-stream", cookie: alice, "last-event-id": String(latest.seq - 1) },
      }),
      { params: Promise.resolve({ id: conv }) },
    );
    const ev = await readEvents(res, (e) => e.length >= 1);
    expect(ev.map((e) => e.id)).toEqual([String(latest.seq)]);
    ac.abort();
  });

  test("a stream ends when the client's session ends", async () => {
    const cookie = await kit.sessionFor(w.site, w.alice, { twoFactor: false });
    const { res, ac } = openFeed(cookie, 1_000_000);
    const r = await res;
    const { portalSessions } = await import("@/lib/db/schema");
    const { eq } = await import("drizzle-orm");
    await t.db.update(portalSessions).set({ revokedAt: new Date() }).where(eq(portalSessions.portalUserId, w.alice.portalUserId));
    await postMessage(other.db, { workspaceId: w.workspaceId, conversationId: conv, author: team(), body: "after sign-out" });
    const ev = await readEvents(r, (e) => e.some((x) => x.event === "end"));
    expect(ev.map((e) => e.event)).toEqual(["end"]);
    ac.abort();
  });
});

test("a client's unread total counts only conversations they take part in", async () => {
  const x = await kit.world();
  const opp = await ensureOpportunityConversation(t.db, { workspaceId: x.workspaceId, opportunityId: x.oppA.id });
  await postMessage(t.db, { workspaceId: x.workspaceId, conversationId: opp, author: { kind: "team", userId: x.ctx.user.id, name: "O" }, body: "for Home loan A" });
  expect(await clientUnreadTotal(t.db, { workspaceId: x.workspaceId, contactId: x.alice.contactId })).toBe(1);
  // Carol applies to another opportunity of the same workspace: none of Home loan A's messages are hers.
  await ensureOpportunityConversation(t.db, { workspaceId: x.workspaceId, opportunityId: x.oppB.id });
  expect(await clientUnreadTotal(t.db, { workspaceId: x.workspaceId, contactId: x.carol.contactId })).toBe(0);
});
