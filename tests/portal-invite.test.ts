import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { accessLinks, auditEvents, contacts, emailProfiles, messages, portalUsers, portalUserTypes } from "@/lib/db/schema";
import { countPortalUsers, listPortalUsers, loginEmailBatchProgress, portalActivity } from "@/lib/db/queries/portal-users";
import { resolveAccessLink } from "@/lib/portal/access-links";
import { invitePortalUser, invitePortalUserSchema } from "@/lib/portal/invite-portal-user";
import { copyMagicLink, regenerateMagicLink } from "@/lib/portal/magic-link";
import { revokeAccess } from "@/lib/portal/revoke-access";
import { sendLoginEmails, sendLoginEmailsSchema } from "@/lib/portal/send-login-emails";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";
import { openMessage } from "@/lib/messaging/sealed-body";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

async function setup() {
  const ctx = await makeWorkspace(t.db);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme Team", fromAddress: "hello@acme.test", replyTo: "help@acme.test", isDefault: true });
  return ctx;
}

const tokenOf = (text: string) => /\/l\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

test("inviting a typed email creates the contact and the portal user, and queues one email with a working link", async () => {
  const ctx = await setup();
  const r = await invitePortalUser(ctx, invitePortalUserSchema.parse({ email: " Asha@Example.test ", firstName: "Asha" }));
  expect(r).toMatchObject({ outcome: "invited", contactCreated: true });
  const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, r.contactId));
  expect(contact).toMatchObject({ email: "asha@example.test", firstName: "Asha", workspaceId: ctx.workspace.id });
  const [raw] = await t.db.select().from(messages).where(eq(messages.id, r.messageId));
  const msg = openMessage(raw);
  expect(msg).toMatchObject({ to: "asha@example.test", fromAddress: "hello@acme.test", fromName: "Acme Team", replyTo: "help@acme.test", template: "portal.invitation", status: "queued" });
  expect(msg.text).toContain("Hi Asha");
  expect(msg.html).toContain("Open the portal");
  const token = tokenOf(msg.text)!;
  expect(msg.text).toContain(`http://${ctx.workspace.slug}.localhost`);
  const link = await resolveAccessLink(t.db, { workspaceId: ctx.workspace.id, token });
  expect(link).toMatchObject({ portalUserId: r.portalUserId, kind: "invitation" });
  // At rest the outbox holds no working link, nor the name: a database dump alone cannot sign anyone in.
  for (const part of [raw.text, raw.html, raw.subject]) {
    expect(part).toMatch(/^sealed:v1:/);
    expect(part).not.toContain(token);
    expect(part).not.toContain("Asha");
  }
  // The default user type was created on the way, and the invitation is audited.
  const types = await t.db.select().from(portalUserTypes).where(eq(portalUserTypes.workspaceId, ctx.workspace.id));
  expect(types).toHaveLength(1);
  const events = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.workspaceId, ctx.workspace.id));
  expect(events.map((e) => e.action).sort()).toEqual(["contact.create", "portal_user.invite"]);
});

test("without a default email profile nothing is created or sent", async () => {
  const ctx = await makeWorkspace(t.db);
  await expect(invitePortalUser(ctx, { email: "x@example.test" })).rejects.toMatchObject({ code: "NO_EMAIL_PROFILE" });
  expect(await t.db.select().from(contacts).where(eq(contacts.workspaceId, ctx.workspace.id))).toHaveLength(0);
  expect(await t.db.select().from(messages).where(eq(messages.workspaceId, ctx.workspace.id))).toHaveLength(0);
  // A portal user from before the profile was deleted: their login email is refused, and nothing is queued.
  const [c] = await t.db.insert(contacts).values({ workspaceId: ctx.workspace.id, firstName: "Old", email: "old@example.test" }).returning();
  await t.db.insert(portalUsers).values({ workspaceId: ctx.workspace.id, contactId: c.id });
  await expect(sendLoginEmails(ctx, { filter: { status: "invited" } })).rejects.toMatchObject({ code: "NO_EMAIL_PROFILE" });
  expect(await t.db.select().from(messages).where(eq(messages.workspaceId, ctx.workspace.id))).toHaveLength(0);
});

test("bad input is refused by the schema with a message per field", () => {
  const r = invitePortalUserSchema.safeParse({ email: "not-an-email" });
  expect(r.success).toBe(false);
  expect(invitePortalUserSchema.safeParse({}).error?.issues[0]).toMatchObject({ path: ["email"], message: "Pick a contact, or type an email address or mobile number." });
  // A number typed into the one box is read as a mobile number; a malformed one says what an Indian mobile looks like.
  expect(invitePortalUserSchema.parse({ email: "098765 43210", firstName: "Ravi" })).toMatchObject({ phone: "+919876543210", email: undefined });
  expect(invitePortalUserSchema.safeParse({ email: "98765 4321" }).error?.issues[0]).toMatchObject({ path: ["phone"], message: expect.stringMatching(/10 digits starting with 6, 7, 8 or 9/) });
  expect(sendLoginEmailsSchema.safeParse({ portalUserIds: [] }).success).toBe(false);
  expect(sendLoginEmailsSchema.safeParse({ portalUserIds: Array.from({ length: 10_001 }, () => crypto.randomUUID()) }).success).toBe(false);
});

test("re-inviting keeps the client's current link; a revoked user is restored with a fresh link", async () => {
  const ctx = await setup();
  const first = await invitePortalUser(ctx, { email: "re@example.test" });
  const again = await invitePortalUser(ctx, { contactId: first.contactId });
  expect(again).toMatchObject({ outcome: "reinvited", portalUserId: first.portalUserId, contactCreated: false });
  const [m1, m2] = await Promise.all([first, again].map((r) => t.db.select().from(messages).where(eq(messages.id, r.messageId)).then((x) => openMessage(x[0]))));
  expect(tokenOf(m2.text)).toBe(tokenOf(m1.text));

  await revokeAccess(ctx, { portalUserId: first.portalUserId });
  await expect(resolveAccessLink(t.db, { workspaceId: ctx.workspace.id, token: tokenOf(m1.text)! })).rejects.toMatchObject({ code: "ACCESS_REVOKED" });
  const restored = await invitePortalUser(ctx, { email: "re@example.test" });
  expect(restored.outcome).toBe("restored");
  const m3 = openMessage((await t.db.select().from(messages).where(eq(messages.id, restored.messageId)))[0]);
  expect(tokenOf(m3.text)).not.toBe(tokenOf(m1.text));
  await expect(resolveAccessLink(t.db, { workspaceId: ctx.workspace.id, token: tokenOf(m3.text)! })).resolves.toMatchObject({ kind: "invitation" });
  await expect(resolveAccessLink(t.db, { workspaceId: ctx.workspace.id, token: tokenOf(m1.text)! })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
  const [pu] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, first.portalUserId));
  expect(pu).toMatchObject({ status: "invited", revokedAt: null });
});

test("another workspace's contact, user type or portal users are unknown", async () => {
  const a = await setup();
  const b = await setup();
  const inB = await invitePortalUser(b, { email: "b@example.test" });
  await expect(invitePortalUser(a, { contactId: inB.contactId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  const [typeB] = await t.db.select().from(portalUserTypes).where(eq(portalUserTypes.workspaceId, b.workspace.id));
  await expect(invitePortalUser(a, { email: "new@example.test", userTypeId: typeB.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  // A's bulk send with B's id sends nothing and changes nothing of B.
  const sent = await sendLoginEmails(a, { portalUserIds: [inB.portalUserId] });
  expect(sent).toMatchObject({ queued: 0, skipped: [] });
  expect(await listPortalUsers(t.db, { workspaceId: a.workspace.id, status: "invited" })).toMatchObject({ rows: [] });
  expect(await loginEmailBatchProgress(t.db, { workspaceId: a.workspace.id, batchId: sent.batchId })).toBeNull();
  expect(await t.db.select().from(messages).where(eq(messages.workspaceId, a.workspace.id))).toHaveLength(0);
});

test("a contact without an address on the type's channel, or a phone type while SMS is not set up, is refused with a clear reason", async () => {
  const ctx = await setup();
  const [c] = await t.db.insert(contacts).values({ workspaceId: ctx.workspace.id, firstName: "Phone", phone: "+919876543210" }).returning();
  await expect(invitePortalUser(ctx, { contactId: c.id })).rejects.toMatchObject({ code: "VALIDATION_NO_EMAIL" });
  const [sms] = await t.db.insert(portalUserTypes).values({ workspaceId: ctx.workspace.id, name: "SMS", invitationPreference: "phone", signInMethod: "sms_code" }).returning();
  await expect(invitePortalUser(ctx, { email: "s@example.test", userTypeId: sms.id })).rejects.toMatchObject({ code: "VALIDATION_NO_PHONE" });
  const [abroad] = await t.db.insert(contacts).values({ workspaceId: ctx.workspace.id, firstName: "Abroad", phone: "+447400123456" }).returning();
  await expect(invitePortalUser(ctx, { contactId: abroad.id, userTypeId: sms.id })).rejects.toMatchObject({ code: "SMS_COUNTRY_NOT_ALLOWED" });
  // The SMS part refuses while SMS is not set up, and the whole invitation with it.
  await expect(invitePortalUser(ctx, { contactId: c.id, userTypeId: sms.id })).rejects.toMatchObject({ code: expect.stringMatching(/^SMS_/) });
  expect(await t.db.select().from(portalUsers).where(eq(portalUsers.workspaceId, ctx.workspace.id))).toHaveLength(0);
  expect(await t.db.select().from(messages).where(eq(messages.workspaceId, ctx.workspace.id))).toHaveLength(0);
});

test("login emails: current links are reused, missing ones created, revoked and email-less users skipped and reported", async () => {
  const ctx = await setup();
  const a = await invitePortalUser(ctx, { email: "a@example.test", firstName: "Ann" });
  const b = await invitePortalUser(ctx, { email: "b@example.test", firstName: "Ben" });
  const c = await invitePortalUser(ctx, { email: "c@example.test", firstName: "Cat" });
  await revokeAccess(ctx, { portalUserId: c.portalUserId });
  // b's personal link expired; a regenerated one.
  await t.db.update(accessLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accessLinks.portalUserId, b.portalUserId));
  const aLink = await regenerateMagicLink(ctx, { portalUserId: a.portalUserId });

  const r = await sendLoginEmails(ctx, { portalUserIds: [a.portalUserId, b.portalUserId, c.portalUserId] });
  expect(r.queued).toBe(2);
  expect(r.skipped).toEqual([{ portalUserId: c.portalUserId, name: "Cat", reason: "Access revoked" }]);
  const batch = (await t.db.select().from(messages).where(eq(messages.batchId, r.batchId))).map(openMessage);
  const byTo = new Map(batch.map((m) => [m.to, m]));
  expect(byTo.get("a@example.test")!.text).toContain(aLink.url);
  const bToken = tokenOf(byTo.get("b@example.test")!.text)!;
  await expect(resolveAccessLink(t.db, { workspaceId: ctx.workspace.id, token: bToken })).resolves.toMatchObject({ kind: "magic" });
  expect((await copyMagicLink(ctx, { portalUserId: b.portalUserId })).url).toContain(bToken);
  // one active personal link each
  const active = await t.db.select().from(accessLinks).where(and(eq(accessLinks.workspaceId, ctx.workspace.id), isNull(accessLinks.revokedAt)));
  expect(active.filter((l) => l.portalUserId === b.portalUserId)).toHaveLength(1);

  expect(await loginEmailBatchProgress(t.db, { workspaceId: ctx.workspace.id, batchId: r.batchId })).toMatchObject({ total: 2, pending: 2, sent: 0, failed: 0 });
  await t.db.update(messages).set({ status: "failed", lastError: "resend 422: invalid to" }).where(eq(messages.id, byTo.get("b@example.test")!.id));
  expect(await loginEmailBatchProgress(t.db, { workspaceId: ctx.workspace.id, batchId: r.batchId })).toMatchObject({
    total: 2,
    pending: 1,
    failed: 1,
    failures: [{ to: "b@example.test", status: "failed", error: "resend 422: invalid to" }],
  });
});

test("the list pages through each state by keyset and searches by name or email; counts and the 30-day activity add up", async () => {
  const ctx = await setup();
  const w = ctx.workspace.id;
  const rows = await t.db
    .insert(contacts)
    .values(Array.from({ length: 60 }, (_, i) => ({ workspaceId: w, firstName: `Client${i}`, email: `client${i}@example.test` })))
    .returning({ id: contacts.id });
  const now = Date.now();
  await t.db.insert(portalUsers).values(
    rows.map((r, i) => ({
      workspaceId: w,
      contactId: r.id,
      status: (i % 3 === 0 ? "joined" : i % 3 === 1 ? "invited" : "revoked") as "joined" | "invited" | "revoked",
      invitedAt: new Date(now - i * 3_600_000),
      joinedAt: i % 3 === 0 ? new Date(now - i * 1_800_000) : null,
    })),
  );
  expect(await countPortalUsers(t.db, { workspaceId: w })).toEqual({ invited: 20, joined: 20, revoked: 20 });
  const seen: string[] = [];
  let page = await listPortalUsers(t.db, { workspaceId: w, status: "invited", limit: 7 });
  expect(page.prev).toBeNull();
  for (;;) {
    seen.push(...page.rows.map((r) => r.email!));
    if (!page.next) break;
    page = await listPortalUsers(t.db, { workspaceId: w, status: "invited", limit: 7, after: page.next });
  }
  expect(seen).toHaveLength(20);
  expect(new Set(seen).size).toBe(20);
  expect(seen[0]).toBe("client1@example.test"); // newest invitation first
  const back = await listPortalUsers(t.db, { workspaceId: w, status: "invited", limit: 7, before: page.prev });
  expect(back.rows.map((r) => r.email)).toEqual(seen.slice(7, 14));
  expect((await listPortalUsers(t.db, { workspaceId: w, status: "joined", q: "client3@" })).rows.map((r) => r.email)).toEqual(["client3@example.test"]);
  expect((await listPortalUsers(t.db, { workspaceId: w, status: "invited", q: "client3@" })).rows).toEqual([]);
  // a forged cursor starts from the top instead of failing
  expect((await listPortalUsers(t.db, { workspaceId: w, status: "invited", after: "garbage" })).rows).toHaveLength(20);

  const { days, earlier } = await portalActivity(t.db, { workspaceId: w });
  expect(days).toHaveLength(30);
  expect(earlier).toEqual({ invited: 0, joined: 0 });
  expect(days.reduce((a, d) => a + d.invited, 0)).toBe(20);
  expect(days.reduce((a, d) => a + d.joined, 0)).toBe(20);
  expect(days[29].day).toBe(new Date().toISOString().slice(0, 10));
});
