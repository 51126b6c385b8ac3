// Phone sign-in and SMS invitations as a business in India uses them: invite a client by mobile number, the client
// signs in with the number and an SMS code, and every SMS is the DLT-approved text with its variables filled in.
// Real Requests through the portal's route handlers, a real database, the real outbox.
import { and, desc, eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { POST as linkPost } from "@/app/api/portal/link/route";
import { POST as signInPost } from "@/app/api/portal/sign-in/route";
import { POST as verifyPost } from "@/app/api/portal/verify-code/route";
import { contacts, emailProfiles, messages, otpChallenges, portalUsers, portalUserTypes, smsCreditLedger } from "@/lib/db/schema";
import { openBody, openMessage } from "@/lib/messaging/sealed-body";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { sendLoginEmails } from "@/lib/portal/send-login-emails";
import { signInWithCode } from "@/lib/portal/sign-in";
import { createUserType, updateUserType } from "@/lib/portal/save-user-type";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { cookiesOf, portalPost, type Site } from "./helpers/portal-http";
import { makeWorkspace } from "./helpers/fixtures";
import { smsReady } from "./helpers/sms-world";

let t: TestDb;
useAppTestDb((db) => void (t = db));


async function phonePortal(credits?: number) {
  const ctx = await makeWorkspace(t.db);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const { type, url } = await smsReady(t.db, ctx, { credits });
  // The default type invites by email, as most workspaces' does.
  await createUserType(ctx, { name: "Client", signInMethod: "email_link" });
  const site: Site = { workspaceId: ctx.workspace.id, host: new URL(url).host };
  return { ctx, site, type, url };
}
const smsTo = async (to: string) =>
  (await t.db.select().from(messages).where(and(eq(messages.to, to), eq(messages.channel, "sms"))).orderBy(desc(messages.createdAt))).map(openMessage);

test("an invitation by phone is the DLT text with a short link that fits its variable, and reserves its credits", async () => {
  const { ctx, type, url } = await phonePortal();
  const r = await invitePortalUser(ctx, { phone: "098765 43210", firstName: "Ravi", userTypeId: type.id });
  expect(r).toMatchObject({ outcome: "invited", contactCreated: true, channel: "sms" });
  const [c] = await t.db.select().from(contacts).where(eq(contacts.id, r.contactId));
  expect(c.phone).toBe("+919876543210");
  const [sms] = await smsTo("+919876543210");
  expect(sms.template).toBe("portal.sms.invitation");
  const link = new RegExp(`^Hi Ravi, Acme invited you to its client portal: ${url.replace(/[.]/g, "\\.")}/s/([A-Za-z0-9]{22}) -Acme$`).exec(sms.text);
  expect(link, sms.text).not.toBeNull();
  const meta = (sms.meta as { sms: { vars: string; senderId: string; segments: number } }).sms;
  expect(meta.senderId).toBe("ACMEIN");
  // The variables the provider gets hold the token, sealed at rest like the text.
  expect(meta.vars).not.toContain(link![1]);
  expect(JSON.parse(openBody(meta.vars))).toEqual({ var1: "Ravi", var2: link![1] });
  expect(sms.credits).toBe(meta.segments);
  const ledger = await t.db.select().from(smsCreditLedger).where(eq(smsCreditLedger.messageId, sms.id));
  expect(ledger).toEqual([expect.objectContaining({ reason: "reserve", delta: -meta.segments })]);

  // The short link opens the same Continue page and signs in.
  const site = { workspaceId: ctx.workspace.id, host: new URL(url).host };
  const res = await linkPost(portalPost(site, "/api/portal/link", { token: link![1] }));
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/");
  expect(cookiesOf(res).some((c) => c.startsWith("portal_session="))).toBe(true);
  const [pu] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, r.portalUserId));
  expect(pu.status).toBe("joined");
});

test("sign in with the number typed as people type it and the SMS code; the first sign-in marks the user joined", async () => {
  const { ctx, site, type } = await phonePortal();
  const { portalUserId } = await invitePortalUser(ctx, { phone: "+91 98111 22334", firstName: "Sunita", userTypeId: type.id });
  const asked = await signInPost(portalPost(site, "/api/portal/sign-in", { identifier: "098111-22334" }));
  expect(asked.status).toBe(303);
  expect(asked.headers.get("location")).toBe("/sign-in/check-email");
  const [sms] = await smsTo("+919811122334");
  expect(sms.template).toBe("portal.sms.sign_in_code");
  const code = /^(\d{6}) is your Acme portal sign-in code\. It is valid for 5 minutes\. Do not share it\. -Acme$/.exec(sms.text)![1];
  // An SMS code lives 5 minutes.
  const [ch] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.portalUserId, portalUserId)).orderBy(desc(otpChallenges.createdAt));
  expect(ch.channels).toEqual(["sms"]);
  expect(ch.expiresAt.getTime() - ch.createdAt.getTime()).toBe(5 * 60_000);

  const cookie = cookiesOf(asked).join("; ");
  const wrong = await verifyPost(portalPost(site, "/api/portal/verify-code", { code: code === "000000" ? "111111" : "000000" }, { cookie }));
  expect(wrong.headers.get("location")).toBe("/sign-in/check-email?error=CODE_WRONG");
  const right = await verifyPost(portalPost(site, "/api/portal/verify-code", { code }, { cookie }));
  expect(right.headers.get("location")).toBe("/");
  expect(cookiesOf(right).some((c) => c.startsWith("portal_session="))).toBe(true);
  const [pu] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, portalUserId));
  expect(pu.status).toBe("joined");
  expect(pu.joinedAt).not.toBeNull();
});

test("no enumeration by number: a known number, an unknown one and an email user's number get the same answer; only the known one gets an SMS", async () => {
  const { ctx, site, type } = await phonePortal();
  await invitePortalUser(ctx, { phone: "9822233344", firstName: "Known", userTypeId: type.id });
  // An email-type client whose contact also has a mobile number: a number finds only phone users.
  const emailType = await createUserType(ctx, { name: "Email clients", signInMethod: "email_code" });
  await t.db.insert(contacts).values({ workspaceId: ctx.workspace.id, firstName: "Mail", email: "mail@example.test", phone: "+919833344455" });
  await invitePortalUser(ctx, { email: "mail@example.test", userTypeId: emailType.id });
  const before = (await t.db.select({ id: messages.id }).from(messages)).map((m) => m.id);

  const answers = [];
  for (const identifier of ["98222 33344", "98999 88877", "98333 44455"]) answers.push(await signInPost(portalPost(site, "/api/portal/sign-in", { identifier })));
  for (const res of answers) {
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in/check-email");
    expect(cookiesOf(res)[0]).toMatch(/^portal_pending=[A-Za-z0-9_.-]+$/);
  }
  const added = (await t.db.select({ id: messages.id, to: messages.to, channel: messages.channel }).from(messages)).filter((m) => !before.includes(m.id));
  expect(added.map((m) => [m.to, m.channel])).toEqual([["+919822233344", "sms"]]);
});

test("a malformed number is a specific error; on a workspace without SMS a number is not accepted at all", async () => {
  const { site } = await phonePortal();
  const bad = await signInPost(portalPost(site, "/api/portal/sign-in", { identifier: "58765 43210" }));
  expect(bad.headers.get("location")).toBe("/sign-in?error=SIGN_IN_IDENTIFIER_INVALID");
  const plain = await makeWorkspace(t.db);
  const res = await signInPost(portalPost({ workspaceId: plain.workspace.id, host: `${plain.workspace.slug}.localhost:3000` }, "/api/portal/sign-in", { identifier: "98765 43210" }));
  expect(res.headers.get("location")).toBe("/sign-in?error=VALIDATION_EMAIL");
});

test("SMS brute force: 100 parallel wrong codes against one SMS challenge are evaluated at most 5 times, and the code is dead after", async () => {
  const { ctx, site, type } = await phonePortal();
  await invitePortalUser(ctx, { phone: "9844455566", firstName: "Target", userTypeId: type.id });
  const asked = await signInPost(portalPost(site, "/api/portal/sign-in", { identifier: "9844455566" }));
  const code = /^(\d{6}) /.exec((await smsTo("+919844455566"))[0].text)![1];
  const cookie = cookiesOf(asked).join("; ");
  const guesses = Array.from({ length: 100 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
  const answers = await Promise.all(guesses.map((g) => verifyPost(portalPost(site, "/api/portal/verify-code", { code: g }, { cookie }))));
  expect(answers.every((r) => r.headers.get("location") === "/sign-in/check-email?error=CODE_WRONG")).toBe(true);
  const [ch] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.workspaceId, ctx.workspace.id)).orderBy(desc(otpChallenges.createdAt));
  expect(ch.attempts).toBe(5);
  const late = await verifyPost(portalPost(site, "/api/portal/verify-code", { code }, { cookie }));
  expect(late.headers.get("location")).toBe("/sign-in/check-email?error=CODE_WRONG");
  // Direct calls, too: the challenge is spent whoever asks.
  await expect(signInWithCode(t.db, { workspaceId: ctx.workspace.id, challengeId: ch.id, code, host: site.host, ip: "10.200.0.1" })).rejects.toMatchObject({ code: "CODE_WRONG" });
});

test("when SMS cannot go out (no credits), a phone client's sign-in answers as usual, nothing is queued and no credit moves", async () => {
  const { ctx, site, type } = await phonePortal(0);
  await t.db.execute(sql`update sms_credit_balances set balance = 1000 where workspace_id = ${ctx.workspace.id}`);
  await invitePortalUser(ctx, { phone: "9855566677", firstName: "Broke", userTypeId: type.id });
  await t.db.execute(sql`update sms_credit_balances set balance = 0 where workspace_id = ${ctx.workspace.id}`);
  const before = await t.db.select({ id: messages.id }).from(messages);
  const res = await signInPost(portalPost(site, "/api/portal/sign-in", { identifier: "9855566677" }));
  expect(res.headers.get("location")).toBe("/sign-in/check-email");
  expect(await t.db.select({ id: messages.id }).from(messages)).toHaveLength(before.length);
  expect(await t.db.select().from(otpChallenges).where(eq(otpChallenges.workspaceId, ctx.workspace.id))).toHaveLength(0);
  // An admin's invitation is refused with the reason instead.
  await expect(invitePortalUser(ctx, { phone: "9855566678", firstName: "Next", userTypeId: type.id })).rejects.toMatchObject({ code: "SMS_CREDITS_LOW" });
  expect(await t.db.select().from(contacts).where(eq(contacts.phone, "+919855566678"))).toHaveLength(0);
});

test("a bulk login send reaches email users by email and phone users by SMS, in one batch, and skips who cannot be reached", async () => {
  const { ctx, type } = await phonePortal();
  const a = await invitePortalUser(ctx, { email: "anu@example.test", firstName: "Anu" });
  const b = await invitePortalUser(ctx, { phone: "9866677788", firstName: "Bala", userTypeId: type.id });
  // A phone user whose number was removed from the contact since.
  const c = await invitePortalUser(ctx, { phone: "9866677799", firstName: "Chitra", userTypeId: type.id });
  await t.db.update(contacts).set({ phone: null }).where(eq(contacts.id, c.contactId));
  const r = await sendLoginEmails(ctx, { portalUserIds: [a.portalUserId, b.portalUserId, c.portalUserId] });
  expect(r.queued).toBe(2);
  expect(r.skipped).toEqual([{ portalUserId: c.portalUserId, name: "Chitra", reason: "No mobile number" }]);
  const batch = (await t.db.select().from(messages).where(eq(messages.batchId, r.batchId))).map(openMessage);
  expect(batch.map((m) => [m.channel, m.to, m.template]).sort()).toEqual([
    ["email", "anu@example.test", "portal.login_email"],
    ["sms", "+919866677788", "portal.sms.login_message"],
  ]);
  // The SMS reuses the invitation's short link: a login message never breaks the link the client has.
  const invited = (await smsTo("+919866677788")).find((m) => m.template === "portal.sms.invitation")!;
  const token = (s: string) => /\/s\/([A-Za-z0-9]{22})/.exec(s)![1];
  expect(token(batch.find((m) => m.channel === "sms")!.text)).toBe(token(invited.text));
});

test("an invitation racing a type's switch to phone: the type never ends up a phone type with an email-invited client", async () => {
  for (let round = 0; round < 6; round++) {
    const { ctx } = await phonePortal();
    const type = await createUserType(ctx, { name: `Race ${round}`, signInMethod: "email_link" });
    const [change, invite] = await Promise.allSettled([
      updateUserType(ctx, { id: type.id, name: `Race ${round}`, signInMethod: "sms_code" }),
      invitePortalUser(ctx, { email: `race${round}@example.test`, firstName: "Race", userTypeId: type.id }),
    ]);
    const [after] = await t.db.select().from(portalUserTypes).where(eq(portalUserTypes.id, type.id));
    const users = await t.db.select().from(portalUsers).where(eq(portalUsers.userTypeId, type.id));
    if (change.status === "fulfilled") {
      // The change went first: the invitation then saw a phone type and, with no number on file, was refused.
      expect(after.invitationPreference).toBe("phone");
      expect(users).toHaveLength(0);
      expect(invite.status === "rejected" && (invite.reason as { code: string }).code).toBe("VALIDATION_NO_PHONE");
    } else {
      expect((change.reason as { code: string }).code).toBe("USER_TYPE_PREFERENCE_LOCKED");
      expect(after.invitationPreference).toBe("email");
      expect(users).toHaveLength(1);
    }
  }
});

test("a stranger asking again and again: at most 5 SMS an hour reach a number; past that a client with an email gets a link there, one without gets nothing", async () => {
  const { ctx, site, type } = await phonePortal();
  await invitePortalUser(ctx, { phone: "9877788899", firstName: "Flooded", userTypeId: type.id });
  await t.db.update(contacts).set({ email: "flooded@example.test" }).where(eq(contacts.phone, "+919877788899"));
  await invitePortalUser(ctx, { phone: "9877788800", firstName: "PhoneOnly", userTypeId: type.id });
  const sms = async (to: string) => (await smsTo(to)).filter((m) => m.template !== "portal.sms.invitation");
  for (let i = 0; i < 8; i++) {
    for (const identifier of ["98777 88899", "98777 88800"]) {
      const res = await signInPost(portalPost(site, "/api/portal/sign-in", { identifier }));
      expect(res.headers.get("location")).toBe("/sign-in/check-email");
    }
    // As if each number's cooldown had run out: only the hourly cap is left to stop the flood.
    await t.db.execute(sql`delete from rate_limits where key like 'portal-send-slot:%'`);
  }
  expect(await sms("+919877788899")).toHaveLength(5);
  expect(await sms("+919877788800")).toHaveLength(5);
  const emailed = (await t.db.select().from(messages).where(eq(messages.to, "flooded@example.test"))).map(openMessage);
  expect(emailed.map((m) => m.template)).toEqual(["portal.sign_in_link", "portal.sign_in_link", "portal.sign_in_link"]);
});
