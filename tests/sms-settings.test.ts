import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { contextFor } from "@/lib/auth/admin-context";
import { auditEvents, dltTemplates, domains, messages, senderIds, smsCreditBalances, smsCreditLedger, smsTemplates, urlWhitelist, workspaces } from "@/lib/db/schema";
import { openBody } from "@/lib/messaging/sealed-body";
import { portalUrl } from "@/lib/portal/portal-url";
import { SMS_ROLE } from "@/lib/sms/access";
import { addSenderId, addSenderIdSchema } from "@/lib/sms/add-sender-id";
import { addWhitelistUrl } from "@/lib/sms/add-whitelist-url";
import { enqueueSms } from "@/lib/sms/enqueue-sms";
import { removeSenderId } from "@/lib/sms/remove-sender-id";
import { removeWhitelistUrl } from "@/lib/sms/remove-whitelist-url";
import { resetSmsTemplate } from "@/lib/sms/reset-sms-template";
import { saveSmsTemplate, type SaveSmsTemplateInput } from "@/lib/sms/save-sms-template";
import { setSmsDailyCap } from "@/lib/sms/set-sms-daily-cap";
import { setSmsEnabled } from "@/lib/sms/set-sms-enabled";
import { getSmsReadiness } from "@/lib/sms/sms-readiness";
import { countSegments } from "@/lib/sms/segments";
import { defaultSmsTemplates } from "@/lib/sms/sms-templates";
import { createTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

type World = { ctx: AdminCtx; url: string; dlt: Record<"code" | "invite" | "link" | "login" | "pending" | "other" | "typed", string> };

/** A workspace in India with a sender ID, DLT templates for our default texts (and some that do not fit), credits. */
async function world(p: { balance?: number; whitelist?: boolean } = {}): Promise<World> {
  const ctx = await makeWorkspace(t.db);
  const url = await portalUrl(t.db, ctx.workspace);
  const host = new URL(url).hostname;
  const name = ctx.workspace.name;
  const w = ctx.workspace.id;
  await addSenderId(ctx, { senderId: "ACMEIN" });
  await addSenderId(ctx, { senderId: "acmepr-S" });
  if (p.whitelist !== false) await addWhitelistUrl(ctx, { url: `${url}/s/?` });
  const rows = [
    ["code", "1107168543210987655", "ACMEIN", `{#numeric#} is your ${name} sign-in code. It expires in 5 minutes. Do not share it.\n\n@${host} #{#numeric#}`, "Approved"],
    ["invite", "1107168543210987654", "ACMEIN", `Hi {#var#}, ${name} has invited you to its client portal. Open it with your personal link: ${url}/s/{#var#}`, "Approved"],
    ["link", "1107168543210987656", "ACMEIN", `Sign in to ${name} with this link. It works once and expires in 15 minutes: ${url}/s/{#alphanumeric#}`, "Approved"],
    ["login", "1107168543210987657", "ACMEIN", `Hi {#var#}, sign in to ${name} with your personal link: ${url}/s/{#var#} It works for {#numeric#} days.`, "Approved, Active"],
    ["pending", "1107168543210987658", "ACMEIN", `{#numeric#} is your ${name} sign-in code.`, "Pending"],
    ["other", "1107168543210987659", "ACMEPR", `{#numeric#} is your ${name} sign-in code. It expires in 5 minutes. Do not share it.\n\n@${host} #{#numeric#}`, "Approved"],
    ["typed", "1107168543210987660", "ACMEIN", `Hi {#alphanumeric#}, ${name} has invited you to its client portal. Open it with your personal link: ${url}/s/{#var#}`, "Approved"],
  ] as const;
  const dlt = {} as World["dlt"];
  for (const [key, templateId, senderId, content, status] of rows) {
    const [r] = await t.db.insert(dltTemplates).values({ workspaceId: w, templateId, name: key, senderId, content, status }).returning({ id: dltTemplates.id });
    dlt[key] = r.id;
  }
  if (p.balance !== undefined) await t.db.insert(smsCreditBalances).values({ workspaceId: w, balance: p.balance });
  return { ctx, url, dlt };
}

const map = (w: World, over: Partial<SaveSmsTemplateInput> = {}): SaveSmsTemplateInput => ({
  kind: "sign_in_code",
  body: defaultSmsTemplates.sign_in_code,
  dltTemplateId: w.dlt.code,
  senderId: "ACMEIN",
  msg91TemplateId: "65f1a2b3c4d5e6f708192a3b",
  msg91Vars: "",
  ...over,
});

async function mapAll(w: World) {
  await saveSmsTemplate(w.ctx, map(w));
  await saveSmsTemplate(w.ctx, map(w, { kind: "invitation", body: defaultSmsTemplates.invitation, dltTemplateId: w.dlt.invite }));
  await saveSmsTemplate(w.ctx, map(w, { kind: "sign_in_link", body: defaultSmsTemplates.sign_in_link, dltTemplateId: w.dlt.link }));
  await saveSmsTemplate(w.ctx, map(w, { kind: "login_message", body: defaultSmsTemplates.login_message, dltTemplateId: w.dlt.login }));
}

const savedRows = (w: World) => t.db.select().from(smsTemplates).where(eq(smsTemplates.workspaceId, w.ctx.workspace.id));
const outbox = (w: World) => t.db.select().from(messages).where(eq(messages.workspaceId, w.ctx.workspace.id));
const ledger = (w: World) => t.db.select().from(smsCreditLedger).where(eq(smsCreditLedger.workspaceId, w.ctx.workspace.id));
const balance = async (w: World) => (await t.db.select().from(smsCreditBalances).where(eq(smsCreditBalances.workspaceId, w.ctx.workspace.id)))[0]?.balance;

describe("turning SMS on", () => {
  test("only a workspace in India can turn Notification SMS on; off always works; each change is audited", async () => {
    const uk = await makeWorkspace(t.db, { country: "GB" });
    await expect(setSmsEnabled(uk, { enabled: true })).rejects.toMatchObject({ code: "SMS_COUNTRY_NOT_IN" });
    expect((await getSmsReadiness(t.db, { workspaceId: uk.workspace.id })).countryOk).toBe(false);
    await expect(setSmsEnabled(uk, { enabled: false })).resolves.toEqual({ enabled: false });
    const india = await makeWorkspace(t.db);
    await setSmsEnabled(india, { enabled: true });
    await setSmsDailyCap(india, { dailyCap: 50 });
    const [ws] = await t.db.select({ sms: workspaces.smsSettings }).from(workspaces).where(eq(workspaces.id, india.workspace.id));
    expect(ws.sms).toEqual({ enabled: true, dailyCap: 50 });
    const acts = await t.db.select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.workspaceId, india.workspace.id));
    expect(acts.map((r) => r.a).sort()).toEqual(["sms.daily_cap", "sms.enable"]);
  });

  test("marketing members cannot reach the SMS settings; admins and owners can", async () => {
    const owner = await makeWorkspace(t.db);
    const marketing = await addMember(owner, "marketing");
    const admin = await addMember(owner, "admin");
    await expect(contextFor(t.db, marketing.user, owner.workspace.slug, SMS_ROLE)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(contextFor(t.db, admin.user, owner.workspace.slug, SMS_ROLE)).resolves.toMatchObject({ role: "admin" });
    const stranger = await makeWorkspace(t.db);
    await expect(contextFor(t.db, stranger.user, owner.workspace.slug, SMS_ROLE)).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
  });
});

describe("sender IDs", () => {
  test("headers are stored upper-case without the handset suffix; duplicates and bad ones are refused", async () => {
    const ctx = await makeWorkspace(t.db);
    expect(await addSenderId(ctx, { senderId: "acmein-T" })).toMatchObject({ senderId: "ACMEIN" });
    await expect(addSenderId(ctx, { senderId: "ACMEIN-S" })).rejects.toMatchObject({ code: "SENDER_ID_TAKEN", field: "senderId" });
    const bad = addSenderIdSchema.safeParse({ senderId: "ACME12" });
    expect(bad.success).toBe(false);
    expect(addSenderIdSchema.safeParse({ senderId: "ACMEPR", entityId: "1.20116E+18" }).success).toBe(false);
    expect(addSenderIdSchema.parse({ senderId: "ACMEPR", entityId: "'1201160000000012345" }).entityId).toBe("1201160000000012345");
  });

  test("a header a mapped template goes out under cannot be removed; another workspace's cannot be touched", async () => {
    const w = await world();
    await saveSmsTemplate(w.ctx, map(w));
    const [row] = await t.db.select().from(senderIds).where(and(eq(senderIds.workspaceId, w.ctx.workspace.id), eq(senderIds.senderId, "ACMEIN")));
    await expect(removeSenderId(w.ctx, { id: row.id })).rejects.toMatchObject({ code: "SENDER_ID_IN_USE" });
    const other = await makeWorkspace(t.db);
    await expect(removeSenderId(other, { id: row.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [pr] = await t.db.select().from(senderIds).where(and(eq(senderIds.workspaceId, w.ctx.workspace.id), eq(senderIds.senderId, "ACMEPR")));
    await expect(removeSenderId(w.ctx, { id: pr.id })).resolves.toEqual({ senderId: "ACMEPR" });
  });
});

test("removing a header and mapping a template to it at the same time never leaves a mapping without its header", async () => {
  for (let round = 0; round < 5; round++) {
    const w = await world();
    const [row] = await t.db.select().from(senderIds).where(and(eq(senderIds.workspaceId, w.ctx.workspace.id), eq(senderIds.senderId, "ACMEIN")));
    const [saved, removed] = await Promise.allSettled([saveSmsTemplate(w.ctx, map(w)), removeSenderId(w.ctx, { id: row.id })]);
    const mapped = await savedRows(w);
    const headers = await t.db.select().from(senderIds).where(and(eq(senderIds.workspaceId, w.ctx.workspace.id), eq(senderIds.senderId, "ACMEIN")));
    // exactly one wins: either the mapping (and the header stays) or the removal (and nothing is mapped to it)
    expect([saved.status, removed.status].sort()).toEqual(["fulfilled", "rejected"]);
    if (saved.status === "fulfilled") expect(headers).toHaveLength(1);
    else expect(mapped).toEqual([]);
  }
});

describe("URL whitelist", () => {
  test("unlisted-by-rule URLs are refused and nothing is stored: shorteners, IPs, no host, other schemes", async () => {
    const ctx = await makeWorkspace(t.db);
    await expect(addWhitelistUrl(ctx, { url: "https://bit.ly/acme" })).rejects.toMatchObject({ code: "SMS_URL_SHORTENER", field: "url" });
    await expect(addWhitelistUrl(ctx, { url: "https://tinyurl.com/s/?" })).rejects.toMatchObject({ code: "SMS_URL_SHORTENER" });
    for (const url of ["http://203.0.113.7/s/?", "https://[2001:db8::1]/s/?", "http://", "https://", "ftp://acme.com/x", "acme.com/s/?"]) {
      await expect(addWhitelistUrl(ctx, { url })).rejects.toMatchObject({ code: "SMS_URL_INVALID", field: "url" });
    }
    expect(await t.db.select().from(urlWhitelist).where(eq(urlWhitelist.workspaceId, ctx.workspace.id))).toEqual([]);
  });

  test("static and dynamic entries; a duplicate is refused; removing is tenant-scoped", async () => {
    const ctx = await makeWorkspace(t.db);
    expect(await addWhitelistUrl(ctx, { url: "HTTPS://Portal.Acme.com/s/?" })).toMatchObject({ url: "https://portal.acme.com/s/?", kind: "dynamic" });
    const s = await addWhitelistUrl(ctx, { url: "https://acme.com/help" });
    expect(s.kind).toBe("static");
    await expect(addWhitelistUrl(ctx, { url: "https://portal.acme.com/s/?" })).rejects.toMatchObject({ code: "SMS_URL_TAKEN" });
    const other = await makeWorkspace(t.db);
    await expect(removeWhitelistUrl(other, { id: s.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeWhitelistUrl(ctx, { id: s.id })).resolves.toEqual({ url: "https://acme.com/help" });
  });
});

describe("mapping an SMS template to a DLT template", () => {
  test("an exact match saves, with MSG91 variable names var1..varN by default, and is audited", async () => {
    const w = await world();
    const saved = await saveSmsTemplate(w.ctx, map(w, { senderId: "acmein-S" }));
    expect(saved).toMatchObject({ dltTemplateId: w.dlt.code, senderId: "ACMEIN", msg91Vars: ["var1", "var2"] });
    // by its DLT template ID too
    await saveSmsTemplate(w.ctx, map(w, { dltTemplateId: "1107168543210987655", msg91Vars: "otp, otp2" }));
    const [row] = await savedRows(w);
    expect(row).toMatchObject({ kind: "sign_in_code", dltTemplateId: w.dlt.code, msg91Vars: ["otp", "otp2"], msg91TemplateId: "65f1a2b3c4d5e6f708192a3b" });
    const r = await getSmsReadiness(t.db, { workspaceId: w.ctx.workspace.id });
    expect(r.kinds.sign_in_code).toEqual({ ready: true, problem: null });
    expect(r.kinds.invitation.ready).toBe(false);
    expect(r.ready).toBe(false);
  });

  test("a one-character difference is refused as DLT_MISMATCH naming the difference, and nothing is saved", async () => {
    const w = await world();
    const body = defaultSmsTemplates.sign_in_code.replace("5 minutes.", "5 minutes!");
    const e = await saveSmsTemplate(w.ctx, map(w, { body })).catch((x) => x);
    expect(e).toMatchObject({ code: "DLT_MISMATCH", field: "body" });
    expect(e.message).toContain('The DLT template has "." where your text has "!"');
    expect(await savedRows(w)).toEqual([]);
  });

  test("typed tags: a compatible field passes, an incompatible one is named", async () => {
    const w = await world();
    await expect(saveSmsTemplate(w.ctx, map(w, { kind: "sign_in_link", body: defaultSmsTemplates.sign_in_link, dltTemplateId: w.dlt.link }))).resolves.toMatchObject({ msg91Vars: ["var1"] });
    const e = await saveSmsTemplate(w.ctx, map(w, { kind: "invitation", body: defaultSmsTemplates.invitation, dltTemplateId: w.dlt.typed })).catch((x) => x);
    expect(e).toMatchObject({ code: "DLT_MISMATCH", field: "body" });
    expect(e.message).toContain("{#alphanumeric#}");
    expect(e.message).toContain("{{contact.first_name}}");
  });

  test("a variable whose longest value passes 30 characters is refused by name with the fixed-prefix form", async () => {
    const w = await world();
    const e = await saveSmsTemplate(w.ctx, map(w, { kind: "invitation", body: "Hi {{contact.first_name}}, open {{portal.short_link}}", dltTemplateId: w.dlt.invite })).catch((x) => x);
    expect(e).toMatchObject({ code: "SMS_VAR_TOO_LONG", field: "body" });
    expect(e.message).toContain("{{portal.short_link}}");
    expect(e.message).toContain(`${w.url}/s/{#var#}`);
  });

  test("a character outside GSM-7 in a TEXT template is refused", async () => {
    const w = await world();
    const content = `{#numeric#} is your sign-in code – keep it safe.`;
    await t.db.update(dltTemplates).set({ content }).where(eq(dltTemplates.id, w.dlt.pending));
    await t.db.update(dltTemplates).set({ status: "Approved" }).where(eq(dltTemplates.id, w.dlt.pending));
    const e = await saveSmsTemplate(w.ctx, map(w, { body: "{{sign_in.code}} is your sign-in code – keep it safe.", dltTemplateId: w.dlt.pending })).catch((x) => x);
    expect(e).toMatchObject({ code: "SMS_UNICODE_IN_TEXT", field: "body" });
    expect(e.message).toContain("–");
    await t.db.update(dltTemplates).set({ contentType: "unicode" }).where(eq(dltTemplates.id, w.dlt.pending));
    await expect(saveSmsTemplate(w.ctx, map(w, { body: "{{sign_in.code}} is your sign-in code – keep it safe.", dltTemplateId: w.dlt.pending, msg91Vars: "" }))).resolves.toBeTruthy();
  });

  test("unknown, unapproved and other workspaces' DLT templates are refused; so is a header mismatch or an unregistered header", async () => {
    const w = await world();
    const other = await world();
    await expect(saveSmsTemplate(w.ctx, map(w, { dltTemplateId: other.dlt.code }))).rejects.toMatchObject({ code: "DLT_TEMPLATE_UNKNOWN", field: "dltTemplateId" });
    await expect(saveSmsTemplate(w.ctx, map(w, { dltTemplateId: "00000000-0000-4000-8000-000000000000" }))).rejects.toMatchObject({ code: "DLT_TEMPLATE_UNKNOWN" });
    await expect(saveSmsTemplate(w.ctx, map(w, { dltTemplateId: "not-an-id" }))).rejects.toMatchObject({ code: "DLT_TEMPLATE_UNKNOWN" });
    await expect(saveSmsTemplate(w.ctx, map(w, { dltTemplateId: "9999999999999999999" }))).rejects.toMatchObject({ code: "DLT_TEMPLATE_UNKNOWN" });
    const pending = await saveSmsTemplate(w.ctx, map(w, { body: "{{sign_in.code}} is your {{workspace.name}} sign-in code.", dltTemplateId: w.dlt.pending })).catch((x) => x);
    expect(pending).toMatchObject({ code: "DLT_TEMPLATE_UNKNOWN" });
    expect(pending.message).toContain("Pending");
    await expect(saveSmsTemplate(w.ctx, map(w, { dltTemplateId: w.dlt.other }))).rejects.toMatchObject({ code: "DLT_SENDER_MISMATCH", field: "senderId" });
    await expect(saveSmsTemplate(w.ctx, map(w, { senderId: "ZZZZZZ" }))).rejects.toMatchObject({ code: "SENDER_ID_INVALID", field: "senderId" });
    await expect(saveSmsTemplate(w.ctx, map(w, { msg91TemplateId: "" }))).rejects.toMatchObject({ code: "TEMPLATE_INVALID", field: "msg91TemplateId" });
    await expect(saveSmsTemplate(w.ctx, map(w, { msg91Vars: "one" }))).rejects.toMatchObject({ code: "TEMPLATE_INVALID", field: "msg91Vars" });
    await expect(saveSmsTemplate(w.ctx, map(w, { msg91Vars: "a, a" }))).rejects.toMatchObject({ code: "TEMPLATE_INVALID", field: "msg91Vars" });
    expect(await savedRows(w)).toEqual([]);
  });

  test("a link the whitelist does not cover is refused; text without a system tag is refused even unmapped", async () => {
    const w = await world({ whitelist: false });
    const e = await saveSmsTemplate(w.ctx, map(w, { kind: "sign_in_link", body: defaultSmsTemplates.sign_in_link, dltTemplateId: w.dlt.link })).catch((x) => x);
    expect(e).toMatchObject({ code: "SMS_URL_NOT_WHITELISTED" });
    expect(e.message).toContain(`${w.url}/s/?`);
    await expect(saveSmsTemplate(w.ctx, { kind: "sign_in_code", body: "Your code is ready" })).rejects.toMatchObject({ code: "TEMPLATE_INVALID", field: "body" });
    const draft = await saveSmsTemplate(w.ctx, { kind: "sign_in_code", body: "{{sign_in.code}} is your code" });
    expect(draft).toMatchObject({ dltTemplateId: null, senderId: null });
    const r = await getSmsReadiness(t.db, { workspaceId: w.ctx.workspace.id });
    expect(r.kinds.sign_in_code.problem).toContain("Pick the approved DLT template");
  });

  test("reset brings the default text back, unmapped", async () => {
    const w = await world();
    await saveSmsTemplate(w.ctx, map(w));
    expect(await resetSmsTemplate(w.ctx, { kind: "sign_in_code" })).toEqual({ kind: "sign_in_code", body: defaultSmsTemplates.sign_in_code, customised: false });
    expect(await savedRows(w)).toEqual([]);
  });

  test("readiness follows the whitelist: removing the portal prefix makes link SMS not ready", async () => {
    const w = await world();
    await mapAll(w);
    await setSmsEnabled(w.ctx, { enabled: true });
    expect((await getSmsReadiness(t.db, { workspaceId: w.ctx.workspace.id })).ready).toBe(true);
    const [entry] = await t.db.select().from(urlWhitelist).where(eq(urlWhitelist.workspaceId, w.ctx.workspace.id));
    await removeWhitelistUrl(w.ctx, { id: entry.id });
    const r = await getSmsReadiness(t.db, { workspaceId: w.ctx.workspace.id });
    expect(r.ready).toBe(false);
    expect(r.kinds.sign_in_code.ready).toBe(true);
    expect(r.kinds.invitation.problem).toContain("whitelist");
  });
});

test("a new primary domain breaks link SMS until the whitelist and DLT templates follow it", async () => {
  const w = await world();
  await mapAll(w);
  await setSmsEnabled(w.ctx, { enabled: true });
  expect((await getSmsReadiness(t.db, { workspaceId: w.ctx.workspace.id })).ready).toBe(true);
  await t.db.insert(domains).values({ workspaceId: w.ctx.workspace.id, hostname: `portal-${w.ctx.workspace.slug}.acme.example`, status: "active", isPrimary: true, verificationToken: "tok" });
  const r = await getSmsReadiness(t.db, { workspaceId: w.ctx.workspace.id });
  expect(r.ready).toBe(false);
  // the sign-in code's WebOTP line names the host too, so every kind must be registered again
  for (const k of ["invitation", "sign_in_link", "login_message", "sign_in_code"] as const) expect(r.kinds[k].ready).toBe(false);
  expect(r.kinds.invitation.problem).toContain("does not match DLT template");
  expect(r.kinds.invitation.problem).toContain('where your text has "acme.example"');
});

describe("queueing SMS", () => {
  const code = { to: "+919876543210", values: { "sign_in.code": "482913" } };

  test("refusals leave nothing queued and no credits taken", async () => {
    const w = await world({ balance: 10 });
    const send = (over: Partial<Parameters<typeof enqueueSms>[1]> = {}) =>
      t.db.transaction((tx) => enqueueSms(tx, { workspaceId: w.ctx.workspace.id, kind: "sign_in_code", messages: [code], ...over }));
    await expect(send()).rejects.toMatchObject({ code: "SMS_DISABLED" });
    await setSmsEnabled(w.ctx, { enabled: true });
    const notReady = await send().catch((x) => x);
    expect(notReady).toMatchObject({ code: "SMS_TEMPLATE_NOT_READY" });
    expect(notReady.message).toContain("Pick the approved DLT template");
    await mapAll(w);
    for (const to of ["+447400123456", "+915876543210", "9876543210", "+91987654321"]) {
      await expect(send({ messages: [{ ...code, to }] })).rejects.toMatchObject({ code: "SMS_COUNTRY_NOT_ALLOWED" });
    }
    await expect(send({ kind: "invitation", messages: [{ to: code.to, values: { "contact.first_name": "Asha", "portal.link_token": "x".repeat(31) } }] })).rejects.toMatchObject({ code: "SMS_VAR_TOO_LONG", field: "portal.link_token" });
    const url = await send({ kind: "invitation", messages: [{ to: code.to, values: { "contact.first_name": "www.evil.example", "portal.link_token": "abc" } }] }).catch((x) => x);
    expect(url).toMatchObject({ code: "SMS_URL_NOT_WHITELISTED" });
    expect(url.message).toContain("www.evil.example");
    await expect(send({ kind: "invitation", messages: [{ to: code.to, values: { "contact.first_name": "आशा", "portal.link_token": "abc" } }] })).rejects.toMatchObject({ code: "SMS_UNICODE_IN_TEXT" });
    // eleven one-part messages against ten credits: none goes, even when the caller carries on with its transaction
    const many = Array.from({ length: 11 }, (_, k) => ({ to: `+9198765432${String(k).padStart(2, "0")}`, values: { "sign_in.code": "482913" } }));
    await t.db.transaction(async (tx) => {
      await expect(enqueueSms(tx, { workspaceId: w.ctx.workspace.id, kind: "sign_in_code", messages: many })).rejects.toMatchObject({ code: "SMS_CREDITS_LOW" });
    });
    expect(await outbox(w)).toEqual([]);
    expect(await ledger(w)).toEqual([]);
    expect(await balance(w)).toBe(10);
    // a kind whose mapping broke (the DLT template left) is not ready
    await t.db.delete(dltTemplates).where(eq(dltTemplates.id, w.dlt.link));
    await expect(send({ kind: "sign_in_link", messages: [{ to: code.to, values: { "sign_in.link_token": "abc" } }] })).rejects.toMatchObject({ code: "SMS_TEMPLATE_NOT_READY" });
    expect(await outbox(w)).toEqual([]);
  });

  test("a workspace outside India cannot queue SMS at all", async () => {
    const w = await world({ balance: 10 });
    await setSmsEnabled(w.ctx, { enabled: true });
    await mapAll(w);
    await t.db.update(workspaces).set({ country: "GB" }).where(eq(workspaces.id, w.ctx.workspace.id));
    await expect(t.db.transaction((tx) => enqueueSms(tx, { workspaceId: w.ctx.workspace.id, kind: "sign_in_code", messages: [code] }))).rejects.toMatchObject({ code: "SMS_COUNTRY_NOT_IN" });
    expect(await outbox(w)).toEqual([]);
  });

  test("the happy path writes the outbox row as the contract says and reserves its credits", async () => {
    const w = await world({ balance: 10 });
    await setSmsEnabled(w.ctx, { enabled: true });
    await mapAll(w);
    const batchId = "11111111-1111-4111-8111-111111111111";
    const ids = await t.db.transaction((tx) =>
      enqueueSms(tx, {
        workspaceId: w.ctx.workspace.id,
        kind: "invitation",
        batchId,
        messages: [{ to: "+919876543210", values: { "contact.first_name": "Asha", "portal.link_token": "7Hq2Xk9LmP4vR8sT1wYz3B" }, meta: { portalUserId: "pu1" } }],
      }),
    );
    expect(ids).toHaveLength(1);
    const [m] = await outbox(w);
    const text = `Hi Asha, ${w.ctx.workspace.name} has invited you to its client portal. Open it with your personal link: ${w.url}/s/7Hq2Xk9LmP4vR8sT1wYz3B`;
    expect(m).toMatchObject({ id: ids[0].id, channel: "sms", to: "+919876543210", template: "portal.sms.invitation", batchId, status: "queued", credits: 1 });
    expect(m.text).not.toContain("7Hq2Xk9LmP4vR8sT1wYz3B");
    expect(openBody(m.text)).toBe(text);
    const sms = (m.meta as { sms: Record<string, unknown>; portalUserId: string }).sms;
    expect(m.meta).toMatchObject({ portalUserId: "pu1" });
    expect(sms).toMatchObject({ kind: "invitation", dltTemplateId: "1107168543210987654", senderId: "ACMEIN", msg91TemplateId: "65f1a2b3c4d5e6f708192a3b", segments: 1, encoding: "gsm7" });
    expect(String(sms.vars)).not.toContain("7Hq2");
    expect(JSON.parse(openBody(String(sms.vars)))).toEqual({ var1: "Asha", var2: "7Hq2Xk9LmP4vR8sT1wYz3B" });
    expect(await balance(w)).toBe(9);
    expect((await ledger(w)).map((l) => [l.reason, l.delta, l.messageId])).toEqual([["reserve", -1, ids[0].id]]);
  });

  test("a message reserves one credit per part", async () => {
    const w = await world({ balance: 10 });
    await setSmsEnabled(w.ctx, { enabled: true });
    await mapAll(w);
    await t.db.transaction((tx) =>
      enqueueSms(tx, { workspaceId: w.ctx.workspace.id, kind: "login_message", messages: [{ to: "+919876543210", values: { "contact.first_name": "Bartholomew Alexander Montgomery", "portal.link_token": "7Hq2Xk9LmP4vR8sT1wYz3B", "link.expires_in_days": "7" } }] }),
    );
    const [m] = await outbox(w);
    const parts = countSegments(openBody(m.text)).segments;
    expect(parts).toBe(2);
    expect(m.credits).toBe(parts);
    expect((m.meta as { sms: { segments: number } }).sms.segments).toBe(parts);
    expect(await balance(w)).toBe(10 - parts);
  });
});
