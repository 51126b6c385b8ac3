// The hub-notices sender against a real database: batched digests, re-checks before sending (read, unshared, signed,
// revoked), exactly one outbox row per notice under reruns, parallel workers and a crash, and the client's channel
// (email from the workspace, or the portal-update SMS through DLT, delivered to a fake MSG91 server).
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import type { Db } from "@/lib/db";
import {
  contacts,
  contracts,
  contractSigners,
  conversationMessages,
  conversationReads,
  conversations,
  dltTemplates,
  emailProfiles,
  hubNotices,
  messages,
  portalUsers,
  portalUserTypes,
  sharedAudiences,
  sharedFiles,
  smsTemplates,
  urlWhitelist,
  type HubNoticeKind,
} from "@/lib/db/schema";
import { queueHubNotice, type NoticeRecipient } from "@/lib/hub-notices/queue-hub-notice";
import { sendDueNotices } from "@/lib/hub-notices/send-due-notices";
import { deliverDue } from "@/lib/jobs/deliver-outbox";
import { outboxDriver } from "@/lib/messaging/drivers";
import { openBody } from "@/lib/messaging/sealed-body";
import { createMsg91Driver } from "@/lib/sms/msg91-driver";
import { defaultSmsTemplates } from "@/lib/sms/sms-templates";
import { createTestDb, type TestDb } from "./helpers/db";
import { startFakeMsg91 } from "./helpers/fake-msg91";
import { addMember, makeWorkspace } from "./helpers/fixtures";
import { smsReady } from "./helpers/sms-world";

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(async () => t?.close());

const later = () => new Date(Date.now() + 60 * 60_000);

async function world(o: { sms?: boolean } = {}) {
  const ctx = await makeWorkspace(db);
  const workspaceId = ctx.workspace.id;
  await db.insert(emailProfiles).values({ workspaceId, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const [emailType] = await db.insert(portalUserTypes).values({ workspaceId, name: "Client", invitationPreference: "email", signInMethod: "email_link", isDefault: true }).returning();
  const sms = o.sms ? await smsReady(db, ctx) : null;
  const person = async (firstName: string, p: { email?: string | null; phone?: string | null; typeId?: string; status?: "joined" | "invited" | "revoked" } = {}) => {
    const [c] = await db
      .insert(contacts)
      .values({
        workspaceId,
        firstName,
        lastName: "Test",
        email: p.email === undefined ? `${firstName.toLowerCase()}-${randomUUID().slice(0, 6)}@example.test` : p.email,
        phone: p.phone ?? null,
      })
      .returning();
    const [u] = await db.insert(portalUsers).values({ workspaceId, contactId: c.id, userTypeId: p.typeId ?? emailType.id, status: p.status ?? "joined" }).returning();
    return { contactId: c.id, portalUserId: u.id, email: c.email, phone: c.phone };
  };
  const alice = await person("Alice");
  const bob = await person("Bob");
  return { ctx, workspaceId, emailType, sms, person, alice, bob };
}
type World = Awaited<ReturnType<typeof world>>;

const queue = (w: { workspaceId: string }, to: NoticeRecipient, kind: HubNoticeKind, item: { id: string; label: string }) =>
  db.transaction((tx) => queueHubNotice(tx, { workspaceId: w.workspaceId, to, kind, item }));

async function shareFile(w: World, name: string, contactId: string) {
  const [f] = await db
    .insert(sharedFiles)
    .values({ workspaceId: w.workspaceId, name, contentType: "application/pdf", size: 10, sha256: "x".repeat(64), storageKey: `hub/${randomUUID()}` })
    .returning();
  await db.insert(sharedAudiences).values({ workspaceId: w.workspaceId, fileId: f.id, contactId });
  await queue(w, { contactId }, "documents", { id: f.id, label: name });
  return f.id;
}

async function teamMessages(w: World, contactId: string, n: number) {
  const [c] = await db.insert(conversations).values({ workspaceId: w.workspaceId, contactId }).returning();
  for (let seq = 1; seq <= n; seq++) {
    await db.insert(conversationMessages).values({ workspaceId: w.workspaceId, conversationId: c.id, seq, authorUserId: w.ctx.user.id, authorName: "Team", fromClient: false, body: `Message ${seq}` });
    await queue(w, { contactId }, "messages", { id: c.id, label: `Message ${seq}` });
  }
  await db.update(conversations).set({ lastSeq: n, lastTeamSeq: n }).where(eq(conversations.id, c.id));
  return c.id;
}

const outboxFor = (to: string) => db.select().from(messages).where(eq(messages.to, to));
const noticesOf = (workspaceId: string) => db.select().from(hubNotices).where(eq(hubNotices.workspaceId, workspaceId));

describe("documents", () => {
  test("12 documents shared in the window make one email naming 5 and “7 more”, linking to /documents without a token", async () => {
    const w = await world();
    for (let i = 1; i <= 12; i++) await shareFile(w, `Report ${i}.pdf`, w.alice.contactId);
    const pending = await noticesOf(w.workspaceId);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ itemCount: 12, sentAt: null });

    // Not due yet: nothing goes.
    expect(await sendDueNotices(db)).toMatchObject({ sent: 0 });
    expect(await outboxFor(w.alice.email!)).toHaveLength(0);

    expect(await sendDueNotices(db, { now: later() })).toMatchObject({ sent: 1, skipped: 0 });
    const mail = await outboxFor(w.alice.email!);
    expect(mail).toHaveLength(1);
    const text = openBody(mail[0].text);
    expect(openBody(mail[0].subject)).toBe(`New from Workspace ${w.ctx.workspace.slug}: 12 documents shared with you`);
    expect(text).toContain("Sign in as usual to view and download.");
    expect(text).toContain("shared 12 documents with you: Report 1.pdf, Report 2.pdf, Report 3.pdf, Report 4.pdf, Report 5.pdf and 7 more.");
    expect(text).not.toContain("Report 6.pdf");
    expect(text).toMatch(new RegExp(`^http://${w.ctx.workspace.slug}\\.[^\\s]+/documents$`, "m"));
    expect(text).not.toMatch(/\/(l|s)\//);
    expect(mail[0]).toMatchObject({ fromAddress: "hello@acme.test", template: "portal.documents_shared", workspaceId: w.workspaceId });
    const [sent] = await noticesOf(w.workspaceId);
    expect(sent).toMatchObject({ messageId: mail[0].id, skippedReason: null });
    expect(sent.sentAt).not.toBeNull();
  });

  test("a file unshared before the notice is due is left out; all unshared means no email", async () => {
    const w = await world();
    const a = await shareFile(w, "Kept.pdf", w.alice.contactId);
    const b = await shareFile(w, "Removed.pdf", w.alice.contactId);
    await db.update(sharedFiles).set({ deletedAt: new Date() }).where(eq(sharedFiles.id, b));
    await sendDueNotices(db, { now: later() });
    const [mail] = await outboxFor(w.alice.email!);
    expect(openBody(mail.text)).toContain("shared a document with you: Kept.pdf.");
    expect(openBody(mail.text)).not.toContain("Removed.pdf");

    await shareFile(w, "Gone.pdf", w.bob.contactId);
    await db.delete(sharedAudiences).where(eq(sharedAudiences.contactId, w.bob.contactId));
    await sendDueNotices(db, { now: later() });
    expect(await outboxFor(w.bob.email!)).toHaveLength(0);
    const bobs = (await noticesOf(w.workspaceId)).filter((n) => n.contactId === w.bob.contactId);
    expect(bobs).toEqual([expect.objectContaining({ skippedReason: "no_longer_shared", messageId: null })]);
    expect(a).toBeTruthy();
  });

  test("a notice naming another client's file (a forged item) names nothing of it and sends nothing", async () => {
    const w = await world();
    const [f] = await db
      .insert(sharedFiles)
      .values({ workspaceId: w.workspaceId, name: "Bob's tax return.pdf", contentType: "application/pdf", size: 1, sha256: "y".repeat(64), storageKey: `hub/${randomUUID()}` })
      .returning();
    await db.insert(sharedAudiences).values({ workspaceId: w.workspaceId, fileId: f.id, contactId: w.bob.contactId });
    await queue(w, { contactId: w.alice.contactId }, "documents", { id: f.id, label: "Bob's tax return.pdf" });
    await sendDueNotices(db, { now: later() });
    expect(await outboxFor(w.alice.email!)).toHaveLength(0);
  });

  test("a notice for a revoked client is skipped", async () => {
    const w = await world();
    const carol = await w.person("Carol", { status: "revoked" });
    await shareFile(w, "Late.pdf", carol.contactId);
    expect(await sendDueNotices(db, { now: later() })).toMatchObject({ sent: 0, skipped: 1 });
    expect(await outboxFor(carol.email!)).toHaveLength(0);
    expect((await noticesOf(w.workspaceId))[0]).toMatchObject({ skippedReason: "access_revoked" });
  });

  test("new activity after a notice went out starts a new notice", async () => {
    const w = await world();
    await shareFile(w, "One.pdf", w.alice.contactId);
    await sendDueNotices(db, { now: later() });
    await shareFile(w, "Two.pdf", w.alice.contactId);
    await sendDueNotices(db, { now: later() });
    const mail = await outboxFor(w.alice.email!);
    expect(mail.map((m) => openBody(m.text)).sort()).toEqual([expect.stringContaining("One.pdf"), expect.stringContaining("Two.pdf")]);
  });
});

describe("messages", () => {
  test("20 team messages make one email with the count; none if the client read them before it was due", async () => {
    const w = await world();
    await teamMessages(w, w.alice.contactId, 20);
    expect(await noticesOf(w.workspaceId)).toEqual([expect.objectContaining({ kind: "messages", itemCount: 20 })]);
    await sendDueNotices(db, { now: later() });
    const [mail, ...more] = await outboxFor(w.alice.email!);
    expect(more).toEqual([]);
    expect(openBody(mail.text)).toContain("You have 20 unread messages from");
    expect(openBody(mail.text)).toMatch(/\/messages$/m);

    const conv = await teamMessages(w, w.bob.contactId, 3);
    await db.insert(conversationReads).values({ workspaceId: w.workspaceId, conversationId: conv, contactId: w.bob.contactId, lastReadSeq: 3 });
    await sendDueNotices(db, { now: later() });
    expect(await outboxFor(w.bob.email!)).toHaveLength(0);
    const bobs = (await noticesOf(w.workspaceId)).filter((n) => n.contactId === w.bob.contactId);
    expect(bobs).toEqual([expect.objectContaining({ skippedReason: "read_before_due" })]);
  });

  test("a team member gets the platform's email linking to the admin inbox; a marketing member gets nothing", async () => {
    const w = await world();
    const [c] = await db.insert(conversations).values({ workspaceId: w.workspaceId, contactId: w.alice.contactId, lastSeq: 2, lastClientSeq: 2 }).returning();
    for (const seq of [1, 2]) {
      await db.insert(conversationMessages).values({ workspaceId: w.workspaceId, conversationId: c.id, seq, authorContactId: w.alice.contactId, authorName: "Alice", fromClient: true, body: `Hi ${seq}` });
    }
    const marketing = await addMember(w.ctx, "marketing");
    await queue(w, { userId: w.ctx.user.id }, "messages", { id: c.id, label: "Hi 1" });
    await queue(w, { userId: w.ctx.user.id }, "messages", { id: c.id, label: "Hi 2" });
    await queue(w, { userId: marketing.user.id }, "messages", { id: c.id, label: "Hi 1" });
    await sendDueNotices(db, { now: later() });
    const [mail, ...more] = await outboxFor(w.ctx.user.email);
    expect(more).toEqual([]);
    expect(mail.fromAddress).toBeNull(); // the platform's sender, not the workspace's client profile
    expect(openBody(mail.subject)).toBe(`2 unread client messages in Workspace ${w.ctx.workspace.slug}`);
    expect(openBody(mail.text)).toContain(`/w/${w.ctx.workspace.slug}/inbox/${c.id}`);
    expect(await outboxFor(marketing.user.email)).toHaveLength(0);
  });
});

describe("contracts", () => {
  async function sentContract(w: World, contactId: string, status: "pending" | "signed" = "pending") {
    const [k] = await db
      .insert(contracts)
      .values({ workspaceId: w.workspaceId, title: "Service agreement", status: "sent", originalName: "a.pdf", originalStorageKey: `contracts/${randomUUID()}`, originalSha256: "z".repeat(64), originalSize: 1, pages: [{ width: 612, height: 792 }] })
      .returning();
    await db.insert(contractSigners).values({ workspaceId: w.workspaceId, contractId: k.id, contactId, status, name: "Alice Test" });
    await queue(w, { contactId }, "contract", { id: k.id, label: k.title });
    return k.id;
  }

  test("a contract waiting for the client's signature links to its page; one signed before the run sends nothing", async () => {
    const w = await world();
    const id = await sentContract(w, w.alice.contactId);
    await sendDueNotices(db, { now: later() });
    const [mail] = await outboxFor(w.alice.email!);
    expect(openBody(mail.subject)).toBe(`You have a contract to sign from Workspace ${w.ctx.workspace.slug}`);
    expect(openBody(mail.text)).toMatch(new RegExp(`/contracts/${id}$`, "m"));

    await sentContract(w, w.bob.contactId, "signed");
    await sendDueNotices(db, { now: later() });
    expect(await outboxFor(w.bob.email!)).toHaveLength(0);
  });
});

describe("contracts done", () => {
  test("a completed contract tells each signer their signed copy is ready; its creator hears of a decline in the admin app", async () => {
    const w = await world();
    const [done] = await db
      .insert(contracts)
      .values({ workspaceId: w.workspaceId, title: "Lease", status: "completed", originalName: "a.pdf", originalStorageKey: `contracts/${randomUUID()}`, originalSha256: "z".repeat(64), originalSize: 1, pages: [{ width: 612, height: 792 }] })
      .returning();
    await db.insert(contractSigners).values({ workspaceId: w.workspaceId, contractId: done.id, contactId: w.alice.contactId, status: "signed", name: "Alice Test" });
    await queue(w, { contactId: w.alice.contactId }, "contract", { id: done.id, label: done.title });
    const [declined] = await db
      .insert(contracts)
      .values({ workspaceId: w.workspaceId, kind: "proposal", title: "Offer", status: "declined", originalName: "b.pdf", originalStorageKey: `contracts/${randomUUID()}`, originalSha256: "z".repeat(64), originalSize: 1, pages: [{ width: 612, height: 792 }], createdByUserId: w.ctx.user.id })
      .returning();
    await queue(w, { userId: w.ctx.user.id }, "contract", { id: declined.id, label: declined.title });
    await sendDueNotices(db, { now: later() });
    const [signed] = await outboxFor(w.alice.email!);
    expect(openBody(signed.subject)).toBe("Signed by everyone: Lease");
    expect(openBody(signed.text)).toMatch(new RegExp(`/contracts/${done.id}$`, "m"));
    const [team] = await outboxFor(w.ctx.user.email);
    expect(openBody(team.subject)).toBe('"Offer" was declined');
    expect(openBody(team.text)).toContain(`/w/${w.ctx.workspace.slug}/contracts/${declined.id}`);
  });
});

describe("exactly once", () => {
  test("run twice, or by two workers at once, each notice gets one outbox row", async () => {
    const w = await world();
    const people = [w.alice, w.bob, ...(await Promise.all(["C", "D", "E", "F", "G", "H"].map((n) => w.person(n))))];
    for (const p of people) await shareFile(w, `For ${p.contactId}.pdf`, p.contactId);
    const at = later();
    const [a, b] = await Promise.all([sendDueNotices(db, { now: at, batchSize: 3 }), sendDueNotices(db, { now: at, batchSize: 3 })]);
    expect(a.sent + b.sent).toBe(people.length);
    await sendDueNotices(db, { now: at });
    const rows = await db.select({ to: messages.to }).from(messages).where(eq(messages.workspaceId, w.workspaceId));
    expect(rows.map((r) => r.to).sort()).toEqual(people.map((p) => p.email!).sort());
  });

  test("a crash after claiming changes nothing, and the rerun sends it once", async () => {
    const w = await world();
    await shareFile(w, "Crash.pdf", w.alice.contactId);
    const crash = sendDueNotices(db, {
      now: later(),
      beforeCommit: () => {
        throw new Error("worker killed");
      },
    });
    await expect(crash).rejects.toThrow("worker killed");
    expect(await outboxFor(w.alice.email!)).toHaveLength(0);
    expect(await noticesOf(w.workspaceId)).toEqual([expect.objectContaining({ sentAt: null, messageId: null })]);
    await sendDueNotices(db, { now: later() });
    await sendDueNotices(db, { now: later() });
    expect(await outboxFor(w.alice.email!)).toHaveLength(1);
  });
});

describe("channel by preference", () => {
  async function mapPortalUpdate(w: World) {
    const url = w.sms!.url;
    const [dlt] = await db
      .insert(dltTemplates)
      .values({
        workspaceId: w.workspaceId,
        templateId: "1107168543210999999",
        name: "portal_update",
        senderId: "ACMEIN",
        content: `Hi {#var#}, you have something new from Workspace ${w.ctx.workspace.slug}. Sign in to see it: ${url}`,
        type: "Service-Implicit",
        contentType: "text",
        status: "Approved",
      })
      .returning();
    await db.insert(smsTemplates).values({
      workspaceId: w.workspaceId,
      kind: "portal_update",
      body: defaultSmsTemplates.portal_update,
      dltTemplateId: dlt.id,
      senderId: "ACMEIN",
      msg91TemplateId: "msg91-portal-update",
      msg91Vars: ["var1"],
    });
    await db.insert(urlWhitelist).values({ workspaceId: w.workspaceId, url, kind: "static" });
  }

  let fake: Awaited<ReturnType<typeof startFakeMsg91>>;
  beforeAll(async () => void (fake = await startFakeMsg91()));
  afterAll(async () => fake?.close());
  beforeEach(() => fake.reset());

  test("a phone user with the portal-update SMS mapped to DLT gets one SMS, delivered through MSG91's Flow API", async () => {
    const w = await world({ sms: true });
    await mapPortalUpdate(w);
    const pia = await w.person("Pia", { email: null, phone: "+919812300001", typeId: w.sms!.type.id });
    await shareFile(w, "Quote.pdf", pia.contactId);
    await shareFile(w, "Terms.pdf", pia.contactId);
    expect(await sendDueNotices(db, { now: later() })).toMatchObject({ sent: 1 });
    const [sms, ...more] = await outboxFor("+919812300001");
    expect(more).toEqual([]);
    expect(sms).toMatchObject({ channel: "sms", template: "portal.sms.portal_update" });
    expect(openBody(sms.text)).toBe(`Hi Pia, you have something new from Workspace ${w.ctx.workspace.slug}. Sign in to see it: ${w.sms!.url}`);
    await db.update(messages).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(messages.id, sms.id));
    const drivers = { email: outboxDriver, sms: createMsg91Driver({ authKey: fake.authKey, baseUrl: fake.url, requestsPerSecond: 1000 }) };
    await deliverDue(db, drivers);
    expect(fake.problems).toEqual([]);
    expect(fake.accepted).toEqual([expect.objectContaining({ templateId: "msg91-portal-update", recipients: [{ mobiles: "919812300001", var1: "Pia" }] })]);
  });

  test("without the DLT mapping a phone user is emailed when they have an address, else skipped as sms_not_mapped", async () => {
    const w = await world({ sms: true });
    const withEmail = await w.person("Ravi", { phone: "+919812300002", typeId: w.sms!.type.id });
    const phoneOnly = await w.person("Sita", { email: null, phone: "+919812300003", typeId: w.sms!.type.id });
    await shareFile(w, "A.pdf", withEmail.contactId);
    await shareFile(w, "B.pdf", phoneOnly.contactId);
    await sendDueNotices(db, { now: later() });
    expect(await outboxFor("+919812300002")).toHaveLength(0);
    expect(await outboxFor(withEmail.email!)).toEqual([expect.objectContaining({ channel: "email" })]);
    expect(await outboxFor("+919812300003")).toHaveLength(0);
    const skipped = await db.select().from(hubNotices).where(and(eq(hubNotices.workspaceId, w.workspaceId), eq(hubNotices.contactId, phoneOnly.contactId)));
    expect(skipped).toEqual([expect.objectContaining({ skippedReason: "sms_not_mapped", messageId: null })]);
  });
});

test("notices of other workspaces stay apart: a run never words one workspace's items for another's client", async () => {
  const a = await world();
  const b = await world();
  const fileA = await shareFile(a, "A-only.pdf", a.alice.contactId);
  // b's client is named on a notice with a's file id (a forged cross-tenant item).
  await queue(b, { contactId: b.alice.contactId }, "documents", { id: fileA, label: "A-only.pdf" });
  await sendDueNotices(db, { now: later() });
  expect(await outboxFor(b.alice.email!)).toHaveLength(0);
  expect(await outboxFor(a.alice.email!)).toHaveLength(1);
  const stillPending = await db.select({ n: sql<number>`count(*)::int` }).from(hubNotices).where(and(inArray(hubNotices.workspaceId, [a.workspaceId, b.workspaceId]), sql`sent_at is null`));
  expect(stillPending[0].n).toBe(0);
});
