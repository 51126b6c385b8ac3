// The portal home's blocks against a real database: each shows only the viewer's own items (never another client's
// files, contracts or messages, nor another workspace's), in order (overdue requests first), and the nav's badges
// count the same things. The demo's hub shows up for the demo client.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "@/lib/db";
import {
  contacts,
  contracts,
  contractSigners,
  conversationMessages,
  conversationReads,
  conversations,
  portalUsers,
  portalUserTypes,
  sharedAudiences,
  sharedFiles,
  workspaces,
} from "@/lib/db/schema";
import { homeActivity, homeContractsToSign, homeRecentFiles, homeRequests, homeUnread, portalNavCounts } from "@/lib/db/queries/portal-home";
import { DEMO } from "@/lib/demo/seed-demo";
import { createTestDb, type TestDb } from "./helpers/db";
import { requestTestKit } from "./helpers/request-world";

let t: TestDb;
let db: Db;
let filesDir: string;
beforeAll(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), "portal-home-"));
  process.env.FILES_DIR = filesDir;
  t = await createTestDb();
  db = t.db;
});
afterAll(async () => {
  await t?.close();
  await rm(filesDir, { recursive: true, force: true });
});

const kit = requestTestKit(() => db);
const DAY = 86_400_000;

async function hubWorld() {
  const w = await kit.world();
  const [type] = await db.insert(portalUserTypes).values({ workspaceId: w.workspaceId, name: "Client", invitationPreference: "email", signInMethod: "email_link", isDefault: true }).returning();
  const file = async (name: string, audience: { contactId?: string; userTypeId?: string }, at: Date, workspaceId = w.workspaceId) => {
    const [f] = await db
      .insert(sharedFiles)
      .values({ workspaceId, name, contentType: "application/pdf", size: 2048, sha256: "a".repeat(64), storageKey: `ws/${randomUUID()}`, createdAt: at })
      .returning();
    await db.insert(sharedAudiences).values({ workspaceId, fileId: f.id, ...audience });
    return f.id;
  };
  const contract = async (title: string, contactId: string, o: { status?: "sent" | "draft" | "completed"; signer?: "pending" | "waiting" | "signed"; sentAt?: Date; workspaceId?: string } = {}) => {
    const [k] = await db
      .insert(contracts)
      .values({
        workspaceId: o.workspaceId ?? w.workspaceId,
        title,
        status: o.status ?? "sent",
        sentAt: o.sentAt ?? new Date(),
        originalName: "c.pdf",
        originalStorageKey: `contracts/${randomUUID()}`,
        originalSha256: "b".repeat(64),
        originalSize: 1,
        pages: [{ width: 612, height: 792 }],
      })
      .returning();
    await db.insert(contractSigners).values({ workspaceId: o.workspaceId ?? w.workspaceId, contractId: k.id, contactId, status: o.signer ?? "pending", name: title });
    return k.id;
  };
  const thread = async (contactId: string, team: string[], readUpTo = 0) => {
    const [c] = await db
      .insert(conversations)
      .values({ workspaceId: w.workspaceId, contactId, lastSeq: team.length, lastTeamSeq: team.length, lastMessageAt: new Date(), lastMessagePreview: team[team.length - 1] })
      .returning();
    await db.insert(conversationMessages).values(team.map((body, i) => ({ workspaceId: w.workspaceId, conversationId: c.id, seq: i + 1, authorName: "Team", fromClient: false, body })));
    if (readUpTo) await db.insert(conversationReads).values({ workspaceId: w.workspaceId, conversationId: c.id, contactId, lastReadSeq: readUpTo });
    return c.id;
  };
  return { ...w, type, file, contract, thread };
}

describe("each block shows only the viewer's items", () => {
  test("files: own, the type's and the folder's; never another client's or another workspace's", async () => {
    const w = await hubWorld();
    const other = await kit.world();
    const now = Date.now();
    await w.file("Alice only.pdf", { contactId: w.alice.contactId }, new Date(now - 3 * DAY));
    await w.file("Everyone.pdf", { userTypeId: w.type.id }, new Date(now - 2 * DAY));
    await w.file("Bob only.pdf", { contactId: w.bob.contactId }, new Date(now - DAY));
    await w.file("Other workspace.pdf", { contactId: other.alice.contactId }, new Date(now), other.workspaceId);
    const a = await homeRecentFiles(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
    expect(a.map((f) => f.name)).toEqual(["Everyone.pdf", "Alice only.pdf"]);
    const b = await homeRecentFiles(db, { workspaceId: w.workspaceId, contactId: w.bob.contactId });
    expect(b.map((f) => f.name)).toEqual(["Bob only.pdf", "Everyone.pdf"]);
    // The viewer's id under another workspace sees nothing of this one.
    expect(await homeRecentFiles(db, { workspaceId: other.workspaceId, contactId: w.alice.contactId })).toEqual([]);
  });

  test("contracts to sign: only where the viewer is a pending signer of a sent contract, longest waiting first", async () => {
    const w = await hubWorld();
    const now = Date.now();
    await w.contract("Newer", w.alice.contactId, { sentAt: new Date(now - DAY) });
    await w.contract("Older", w.alice.contactId, { sentAt: new Date(now - 5 * DAY) });
    await w.contract("Draft", w.alice.contactId, { status: "draft" });
    await w.contract("Not my turn", w.alice.contactId, { signer: "waiting" });
    await w.contract("Signed already", w.alice.contactId, { signer: "signed" });
    await w.contract("Bob's", w.bob.contactId);
    const a = await homeContractsToSign(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
    expect(a.map((c) => c.title)).toEqual(["Older", "Newer"]);
    expect((await homeContractsToSign(db, { workspaceId: w.workspaceId, contactId: w.bob.contactId })).map((c) => c.title)).toEqual(["Bob's"]);
    expect(await portalNavCounts(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId })).toMatchObject({ toSign: 2 });
    const activity = await homeActivity(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
    expect(activity.map((x) => x.label)).not.toContain("Bob's");
    expect(activity.map((x) => x.label)).not.toContain("Draft");
    expect(activity.map((x) => x.label)).not.toContain("Not my turn");
  });

  test("unread messages: the count and the latest preview of the viewer's own conversations only", async () => {
    const w = await hubWorld();
    await w.thread(w.alice.contactId, ["First", "Second", "Third"], 1);
    await w.thread(w.bob.contactId, ["Bob's secret"]);
    const a = await homeUnread(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
    expect(a).toMatchObject({ count: 2, conversations: 1, latest: { preview: "Third" } });
    expect(await portalNavCounts(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId })).toMatchObject({ unread: 2 });
    const activity = await homeActivity(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
    expect(activity).toEqual([expect.objectContaining({ kind: "message", label: "Third", who: "Team" })]);
    expect(await homeUnread(db, { workspaceId: w.workspaceId, contactId: w.carol.contactId })).toEqual({ count: 0, conversations: 0, latest: null });
  });

  test("an opportunity conversation counts for its applicants (other applicants' messages too), not for others", async () => {
    const w = await hubWorld();
    const [c] = await db.insert(conversations).values({ workspaceId: w.workspaceId, opportunityId: w.oppA.id, lastSeq: 2, lastTeamSeq: 1, lastClientSeq: 2, lastMessageAt: new Date(), lastMessagePreview: "From Bob" }).returning();
    await db.insert(conversationMessages).values([
      { workspaceId: w.workspaceId, conversationId: c.id, seq: 1, authorName: "Team", fromClient: false, body: "To all applicants" },
      { workspaceId: w.workspaceId, conversationId: c.id, seq: 2, authorContactId: w.bob.contactId, authorName: "Bob", fromClient: true, body: "From Bob" },
    ]);
    expect((await homeUnread(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId })).count).toBe(2);
    expect((await homeUnread(db, { workspaceId: w.workspaceId, contactId: w.bob.contactId })).count).toBe(1); // his own is not unread
    expect((await homeUnread(db, { workspaceId: w.workspaceId, contactId: w.carol.contactId })).count).toBe(0); // applicant of opportunity B
    // The activity names the author for Alice, and tells Bob it was his own message.
    expect(await homeActivity(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId })).toEqual([expect.objectContaining({ kind: "message", who: "Bob", mine: false })]);
    expect(await homeActivity(db, { workspaceId: w.workspaceId, contactId: w.bob.contactId })).toEqual([expect.objectContaining({ kind: "message", who: null, mine: true })]);
  });
});

test("requests that need the client come overdue first, then by due date, then undated; submitted ones apart", async () => {
  const w = await hubWorld();
  const now = new Date();
  const item = [{ kind: "short_text" as const, label: "Name" }];
  await w.makeRequest(w.oppA.id, item, { title: "Undated" });
  await w.makeRequest(w.oppA.id, item, { title: "Due in a week", dueAt: new Date(now.getTime() + 7 * DAY) });
  await w.makeRequest(w.oppA.id, item, { title: "Overdue a bit", dueAt: new Date(now.getTime() - DAY) });
  await w.makeRequest(w.oppA.id, item, { title: "Due tomorrow", dueAt: new Date(now.getTime() + DAY) });
  await w.makeRequest(w.oppA.id, item, { title: "Overdue long", dueAt: new Date(now.getTime() - 9 * DAY) });
  await w.makeRequest(w.oppA.id, item, { title: "Draft", status: "draft" });
  await w.makeRequest(w.oppB.id, item, { title: "Carol's", dueAt: new Date(now.getTime() - 20 * DAY) });
  const r = await homeRequests(db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, now });
  expect(r.attention.map((x) => x.title)).toEqual(["Overdue long", "Overdue a bit", "Due tomorrow", "Due in a week", "Undated"]);
  expect(r.others).toEqual([]);
});

test("the demo seeds the hub: the demo client sees the welcome pack, one unread message and a proposal to sign", async () => {
  const { seedDemoIfEmpty } = await import("@/lib/demo/seed-demo");
  const d = await createTestDb();
  try {
    expect(await seedDemoIfEmpty(d.db)).toBe(true);
    const [ws] = await d.db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, DEMO.slug));
    const [client] = await d.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.email, DEMO.client));
    const v = { workspaceId: ws.id, contactId: client.id };
    expect((await homeRecentFiles(d.db, v)).map((f) => f.name)).toEqual(["Welcome to Acme.pdf"]);
    expect(await homeUnread(d.db, v)).toMatchObject({ count: 1 });
    expect(await homeContractsToSign(d.db, v)).toEqual([expect.objectContaining({ title: "Home loan proposal", kind: "proposal" })]);
    // Every client of the default type sees the welcome pack; the priya client (another type) does not.
    const [other] = await d.db
      .select({ id: contacts.id })
      .from(contacts)
      .innerJoin(portalUsers, eq(portalUsers.contactId, contacts.id))
      .where(eq(contacts.email, DEMO.codeClient));
    expect(await homeRecentFiles(d.db, { workspaceId: ws.id, contactId: other.id })).toEqual([]);
    expect(await homeContractsToSign(d.db, { workspaceId: ws.id, contactId: other.id })).toEqual([]);
  } finally {
    await d.close();
  }
});
