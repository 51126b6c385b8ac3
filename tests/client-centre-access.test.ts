import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  accessLinks,
  auditEvents,
  contacts,
  emailProfiles,
  messages,
  opportunities,
  opportunityApplicants,
  portalUsers,
  portalUserTypes,
  requestResponses,
  requests,
  workspaces,
} from "@/lib/db/schema";
import { applicantReadiness, PHONE_WARNING_INTERNATIONAL, PHONE_WARNING_NO_SMS } from "@/lib/client-centre/applicant-readiness";
import { SYSTEM_TAG } from "@/lib/client-centre/client-centre-templates";
import { copyClientCentreLink } from "@/lib/client-centre/copy-client-centre-link";
import { resendClientCentreInvitation } from "@/lib/client-centre/resend-client-centre-invitation";
import { sendClientCentreInvitation } from "@/lib/client-centre/send-client-centre-invitation";
import { listClientCentreLinks } from "@/lib/db/queries/client-centre-links";
import { removeApplicant } from "@/lib/opportunities/remove-applicant";
import { openMessage } from "@/lib/messaging/sealed-body";
import { resolveAccessLink } from "@/lib/portal/access-links";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";
import { smsReady } from "./helpers/sms-world";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

type Person = { firstName?: string; lastName?: string; email?: string | null; phone?: string | null };

let seq = 0;
async function world(p: { profile?: boolean; status?: "draft" | "open" | "closed"; people?: Person[] } = {}) {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  if (p.profile !== false) await t.db.insert(emailProfiles).values({ workspaceId: w, fromName: "Acme Team", fromAddress: "hello@acme.test", isDefault: true });
  const [opp] = await t.db.insert(opportunities).values({ workspaceId: w, name: "Home loan" }).returning();
  const [req] = await t.db.insert(requests).values({ workspaceId: w, opportunityId: opp.id, title: "KYC documents", status: p.status ?? "open" }).returning();
  const people = p.people ?? [{}];
  const cs = [];
  for (const person of people) {
    const n = ++seq;
    const [c] = await t.db
      .insert(contacts)
      .values({
        workspaceId: w,
        firstName: person.firstName ?? `Asha${n}`,
        lastName: person.lastName ?? "Rao",
        email: person.email === undefined ? `asha${n}@example.test` : person.email,
        phone: person.phone === undefined ? `+9198765${String(10000 + n).slice(-5)}` : person.phone,
      })
      .returning();
    await t.db.insert(opportunityApplicants).values({ workspaceId: w, opportunityId: opp.id, contactId: c.id, role: "applicant" });
    cs.push(c);
  }
  return { ctx, w, opp, req, cs };
}

const body = `Hi {{contact.first_name}},\n\nPlease answer {{request.title}} for {{opportunity.name}}:\n\n${SYSTEM_TAG}\n\nThanks.`;
const tokenOf = (text: string) => /\/l\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

async function emailsTo(w: string, to: string) {
  const rows = await t.db.select().from(messages).where(and(eq(messages.workspaceId, w), eq(messages.to, to)));
  return rows.map(openMessage);
}
async function activeLinks(portalUserId: string) {
  return t.db.select().from(accessLinks).where(and(eq(accessLinks.portalUserId, portalUserId), isNull(accessLinks.revokedAt)));
}
async function nothingIssued(w: string) {
  expect(await t.db.select().from(messages).where(eq(messages.workspaceId, w))).toHaveLength(0);
  expect(await t.db.select().from(accessLinks).where(eq(accessLinks.workspaceId, w))).toHaveLength(0);
  expect(await t.db.select().from(requestResponses).where(eq(requestResponses.workspaceId, w))).toHaveLength(0);
}

test("an invitation creates the portal user, a two_factor link tagged with its request, marks the applicant invited and queues the email", async () => {
  const { ctx, w, req, cs } = await world();
  const [def] = await t.db.insert(portalUserTypes).values({ workspaceId: w, name: "Clients", isDefault: true }).returning();
  const r = await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "{{request.title}} for {{workspace.name}}", body });
  expect(r.sent).toHaveLength(1);
  const [pu] = await t.db.select().from(portalUsers).where(eq(portalUsers.contactId, cs[0].id));
  expect(pu).toMatchObject({ status: "invited", userTypeId: def.id, workspaceId: w });
  const [msg] = await emailsTo(w, cs[0].email!);
  expect(msg).toMatchObject({ subject: `KYC documents for Workspace ${ctx.workspace.slug}`, fromAddress: "hello@acme.test", template: "client_centre.invitation" });
  expect(msg.text).toContain(`Hi ${cs[0].firstName}`);
  expect(msg.text).toContain("Please answer KYC documents for Home loan");
  expect(msg.html).toContain("Open your secure link");
  const token = tokenOf(msg.text)!;
  const link = await resolveAccessLink(t.db, { workspaceId: w, token });
  expect(link).toMatchObject({ kind: "two_factor", portalUserId: pu.id });
  const [row] = await t.db.select().from(accessLinks).where(eq(accessLinks.id, link.linkId));
  expect(row).toMatchObject({ requestId: req.id, delivery: "email" });
  const [resp] = await t.db.select().from(requestResponses).where(eq(requestResponses.contactId, cs[0].id));
  expect(resp.invitedAt).toBeInstanceOf(Date);
  const events = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, w), eq(auditEvents.action, "client_centre.invite")));
  expect(events).toHaveLength(1);
  expect(events[0].summary).toContain(cs[0].email);
});

test("the required-fields gate names each missing field and who lacks it; nothing is sent and no link issued", async () => {
  const { ctx, w, req, cs } = await world({
    people: [{}, { firstName: "" }, { lastName: "" }, { email: null }, { phone: null }, { firstName: "Bo", lastName: "", email: null, phone: null }],
  });
  const cases: [number, RegExp][] = [
    [1, /has no first name/],
    [2, /has no last name/],
    [3, /has no email address/],
    [4, /has no mobile number/],
    [5, /Bo has no last name, email address and mobile number/],
  ];
  for (const [i, words] of cases) {
    const e = await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id, cs[i].id], subject: "Hi", body }).catch((x) => x);
    expect(e).toMatchObject({ code: "APPLICANT_INCOMPLETE", field: "contactIds" });
    expect(e.message).toMatch(words);
    await expect(copyClientCentreLink(ctx, { requestId: req.id, contactId: cs[i].id })).rejects.toMatchObject({ code: "APPLICANT_INCOMPLETE" });
  }
  await nothingIssued(w);
  expect(await t.db.select().from(portalUsers).where(eq(portalUsers.workspaceId, w))).toHaveLength(0);
  // The readiness list shows the same: who is ready, what each of the others lacks.
  const list = await applicantReadiness(t.db, { workspaceId: w, opportunityId: req.opportunityId });
  expect(list.map((a) => a.missing)).toEqual([[], ["first name"], ["last name"], ["email address"], ["mobile number"], ["last name", "email address", "mobile number"]]);
  expect(list.map((a) => a.ready)).toEqual([true, false, false, false, false, false]);
});

test("system-tag protection: missing, twice, altered or in the subject is refused and nothing is sent", async () => {
  const { ctx, w, req, cs } = await world();
  const send = (subject: string, b: string) => sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject, body: b });
  const refused: [string, string, string][] = [
    ["Hi", "No link here.", "body"],
    ["Hi", `${SYSTEM_TAG}\n\n${SYSTEM_TAG}`, "body"],
    ["Hi", "Open {{ client_centre.link }}", "body"],
    ["Hi", `Open {{ client_centre.link }} and ${SYSTEM_TAG}`, "body"],
    ["Hi", "Open {{client_centre.lnk}}", "body"],
    ["Hi", `Open {{client_centre.lnk}} ${SYSTEM_TAG}`, "body"],
    ["Hi", "Open {client_centre.link}", "body"],
    [`Your link ${SYSTEM_TAG}`, body, "subject"],
    ["Your link {{ client_centre.link }}", body, "subject"],
  ];
  for (const [subject, b, field] of refused) {
    await expect(send(subject, b), `${subject} / ${b}`).rejects.toMatchObject({ code: "SYSTEM_TAG_MISSING", field });
  }
  // The editor's two boxes around the locked tag always give a body with the tag once.
  await expect(sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "Hi", bodyBefore: "Hello\n\n", bodyAfter: `\n\n${SYSTEM_TAG}` })).rejects.toMatchObject({ code: "SYSTEM_TAG_MISSING" });
  await expect(send("Hi", `{{contact.nickname}} ${SYSTEM_TAG}`)).rejects.toMatchObject({ code: "VALIDATION_FAILED", field: "body" });
  await nothingIssued(w);
  const ok = await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "Hi", bodyBefore: "Hello\n\n", bodyAfter: "\n\nBye" });
  expect(ok.sent).toHaveLength(1);
});

test("without a default email profile the send is refused and nothing changes; copying a link still works", async () => {
  const { ctx, w, req, cs } = await world({ profile: false });
  await expect(sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "Hi", body })).rejects.toMatchObject({ code: "NO_EMAIL_PROFILE" });
  await nothingIssued(w);
  const copied = await copyClientCentreLink(ctx, { requestId: req.id, contactId: cs[0].id });
  expect(copied.url).toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);
});

test("none selected, draft or closed requests, wrong tenant and non-applicant contacts are refused", async () => {
  const a = await world();
  const b = await world();
  const send = (ctx: AdminCtx, requestId: string, contactIds: string[]) => sendClientCentreInvitation(ctx, { requestId, contactIds, subject: "Hi", body });
  await expect(send(a.ctx, a.req.id, [])).rejects.toMatchObject({ code: "NO_APPLICANTS_SELECTED" });
  // Another workspace's request, and another workspace's contact on our request, read as unknown.
  await expect(send(a.ctx, b.req.id, [b.cs[0].id])).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(send(a.ctx, a.req.id, [b.cs[0].id])).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(copyClientCentreLink(a.ctx, { requestId: b.req.id, contactId: b.cs[0].id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  // A contact of this workspace that is not an applicant of this opportunity.
  const [stranger] = await t.db.insert(contacts).values({ workspaceId: a.w, firstName: "Sam", lastName: "Roy", email: "sam@example.test", phone: "+919812345678" }).returning();
  await expect(send(a.ctx, a.req.id, [a.cs[0].id, stranger.id])).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(copyClientCentreLink(a.ctx, { requestId: a.req.id, contactId: stranger.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  for (const status of ["draft", "closed"] as const) {
    await t.db.update(requests).set({ status }).where(eq(requests.id, a.req.id));
    await expect(send(a.ctx, a.req.id, [a.cs[0].id])).rejects.toMatchObject({ code: "CLIENT_CENTRE_REQUEST_NOT_SENDABLE" });
    await expect(copyClientCentreLink(a.ctx, { requestId: a.req.id, contactId: a.cs[0].id })).rejects.toMatchObject({ code: "CLIENT_CENTRE_REQUEST_NOT_SENDABLE" });
  }
  await nothingIssued(a.w);
  await nothingIssued(b.w);
});

test("a revoked portal user is refused by name", async () => {
  const { ctx, w, req, cs } = await world();
  await t.db.insert(portalUsers).values({ workspaceId: w, contactId: cs[0].id, status: "revoked", revokedAt: new Date() });
  const e = await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "Hi", body }).catch((x) => x);
  expect(e).toMatchObject({ code: "ACCESS_REVOKED" });
  expect(e.message).toContain(`${cs[0].firstName} Rao`);
  await nothingIssued(w);
});

test("a second invitation kills the first link; both emails are in the outbox and the history says which replaced it", async () => {
  const { ctx, w, req, cs } = await world();
  await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "First", body });
  await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "Second", body });
  const mails = await emailsTo(w, cs[0].email!);
  expect(mails.map((m) => m.subject).sort()).toEqual(["First", "Second"]);
  const first = tokenOf(mails.find((m) => m.subject === "First")!.text)!;
  const second = tokenOf(mails.find((m) => m.subject === "Second")!.text)!;
  await expect(resolveAccessLink(t.db, { workspaceId: w, token: first })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
  const live = await resolveAccessLink(t.db, { workspaceId: w, token: second });
  const links = (await listClientCentreLinks(t.db, { workspaceId: w, contactIds: [cs[0].id], now: new Date() })).get(cs[0].id)!;
  expect(links.active).toMatchObject({ id: live.linkId, state: "sent" });
  expect(links.revoked).toHaveLength(1);
  expect(links.revoked[0].replacedBy).toMatchObject({ id: live.linkId, delivery: "email" });
});

test("10 concurrent sends to one client leave exactly one active link and 10 emails, each with its own link", async () => {
  const { ctx, w, req, cs } = await world();
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: `Send ${i}`, body })),
  );
  expect(results.every((r) => r.sent.length === 1)).toBe(true);
  const [pu] = await t.db.select().from(portalUsers).where(eq(portalUsers.contactId, cs[0].id));
  expect(await activeLinks(pu.id)).toHaveLength(1);
  const mails = await emailsTo(w, cs[0].email!);
  expect(mails).toHaveLength(10);
  const tokens = new Set(mails.map((m) => tokenOf(m.text)));
  expect(tokens.size).toBe(10);
  const outcomes = await Promise.all([...tokens].map((tok) => resolveAccessLink(t.db, { workspaceId: w, token: tok! }).then(() => "active", (e) => e.code)));
  expect(outcomes.filter((o) => o === "active")).toHaveLength(1);
  expect(outcomes.filter((o) => o === "LINK_SUPERSEDED")).toHaveLength(9);
});

test("copy link revokes the previous link; the copied link is two_factor, tagged copied, and audited", async () => {
  const { ctx, w, req, cs } = await world();
  await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "Hi", body });
  const [mail] = await emailsTo(w, cs[0].email!);
  const copied = await copyClientCentreLink(ctx, { requestId: req.id, contactId: cs[0].id });
  await expect(resolveAccessLink(t.db, { workspaceId: w, token: tokenOf(mail.text)! })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
  const token = /\/l\/([A-Za-z0-9_-]{43})$/.exec(copied.url)![1];
  expect(copied.url.startsWith(`http://${ctx.workspace.slug}.localhost`)).toBe(true);
  const link = await resolveAccessLink(t.db, { workspaceId: w, token });
  expect(link.kind).toBe("two_factor");
  const [row] = await t.db.select().from(accessLinks).where(eq(accessLinks.id, link.linkId));
  expect(row).toMatchObject({ delivery: "copied", requestId: req.id });
  // A copy sends nothing.
  expect(await emailsTo(w, cs[0].email!)).toHaveLength(1);
  expect(await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, w), eq(auditEvents.action, "client_centre.copy_link")))).toHaveLength(1);
  const links = (await listClientCentreLinks(t.db, { workspaceId: w, contactIds: [cs[0].id], now: new Date() })).get(cs[0].id)!;
  expect(links.active).toMatchObject({ state: "copied", delivery: "copied" });
  expect(links.revoked[0].replacedBy).toMatchObject({ delivery: "copied" });
});

test("resend uses the default template (created on first need) and replaces the link", async () => {
  const { ctx, w, req, cs } = await world();
  const first = await copyClientCentreLink(ctx, { requestId: req.id, contactId: cs[0].id });
  const sent = await resendClientCentreInvitation(ctx, { requestId: req.id, contactId: cs[0].id });
  expect(sent.email).toBe(cs[0].email);
  const [mail] = await emailsTo(w, cs[0].email!);
  expect(mail.subject).toBe(`Workspace ${ctx.workspace.slug}: KYC documents`);
  expect(mail.text).toContain("Home loan");
  expect(mail.text).toMatch(/works for 7 days/);
  await expect(resolveAccessLink(t.db, { workspaceId: w, token: first.url.split("/l/")[1] })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
  await resolveAccessLink(t.db, { workspaceId: w, token: tokenOf(mail.text)! });
});

test("phone warnings: SMS not set up, then an international number; sending is still allowed", async () => {
  const { ctx, w, req, cs } = await world({ people: [{ phone: "+919876500001" }, { phone: "+14155550123" }] });
  let list = await applicantReadiness(t.db, { workspaceId: w, opportunityId: req.opportunityId });
  expect(list.map((a) => a.phoneWarning)).toEqual([PHONE_WARNING_NO_SMS, PHONE_WARNING_NO_SMS]);
  await smsReady(t.db, ctx);
  list = await applicantReadiness(t.db, { workspaceId: w, opportunityId: req.opportunityId });
  expect(list.map((a) => a.phoneWarning)).toEqual([null, PHONE_WARNING_INTERNATIONAL]);
  const r = await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: cs.map((c) => c.id), subject: "Hi", body });
  expect(r.sent.find((s) => s.contactId === cs[1].id)?.phoneWarning).toBe(PHONE_WARNING_INTERNATIONAL);
  expect(await emailsTo(w, cs[1].email!)).toHaveLength(1);
  // A workspace that allows US numbers: no warning.
  await t.db.update(workspaces).set({ smsSettings: { enabled: true, dailyCap: 500, countries: ["IN", "US"] } }).where(eq(workspaces.id, w));
  list = await applicantReadiness(t.db, { workspaceId: w, opportunityId: req.opportunityId });
  expect(list.map((a) => a.phoneWarning)).toEqual([null, null]);
});

test("link states as the query reports them: sent → opened → used, expired, and no access", async () => {
  const { ctx, w, req, cs } = await world({ people: [{}, {}] });
  await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id], subject: "Hi", body });
  const state = async () => (await listClientCentreLinks(t.db, { workspaceId: w, contactIds: [cs[0].id, cs[1].id], now: new Date() }));
  let m = await state();
  expect(m.get(cs[0].id)!.active!.state).toBe("sent");
  expect(m.has(cs[1].id)).toBe(false);
  const id = m.get(cs[0].id)!.active!.id;
  await t.db.update(accessLinks).set({ openedAt: new Date() }).where(eq(accessLinks.id, id));
  m = await state();
  expect(m.get(cs[0].id)!.active).toMatchObject({ state: "opened", openedAt: expect.any(Date), lastUsedAt: null });
  await t.db.update(accessLinks).set({ lastUsedAt: new Date() }).where(eq(accessLinks.id, id));
  expect((await state()).get(cs[0].id)!.active!.state).toBe("used");
  await t.db.update(accessLinks).set({ lastUsedAt: null, openedAt: null, expiresAt: new Date(Date.now() - 1000) }).where(eq(accessLinks.id, id));
  expect((await state()).get(cs[0].id)!.active!.state).toBe("expired");
  // Another workspace asking about these contacts sees nothing.
  const other = await makeWorkspace(t.db);
  expect((await listClientCentreLinks(t.db, { workspaceId: other.workspace.id, contactIds: [cs[0].id], now: new Date() })).size).toBe(0);
});

test("removing an applicant from the opportunity stops their Client Centre link at once; another applicant's stays", async () => {
  const { ctx, w, req, cs } = await world({ people: [{}, {}] });
  await sendClientCentreInvitation(ctx, { requestId: req.id, contactIds: [cs[0].id, cs[1].id], subject: "{{request.title}}", body });
  const tokenFor = async (c: (typeof cs)[number]) => tokenOf((await emailsTo(w, c.email!))[0].text)!;
  const [gone, staying] = [await tokenFor(cs[0]), await tokenFor(cs[1])];
  const [applicant] = await t.db.select().from(opportunityApplicants).where(eq(opportunityApplicants.contactId, cs[0].id));
  await removeApplicant(ctx, { applicantId: applicant.id });
  await expect(resolveAccessLink(t.db, { workspaceId: w, token: gone })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
  await expect(resolveAccessLink(t.db, { workspaceId: w, token: staying })).resolves.toMatchObject({ kind: "two_factor" });
});
