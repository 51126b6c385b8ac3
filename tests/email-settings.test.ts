import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { auditEvents, emailProfiles, emailTemplates } from "@/lib/db/schema";
import { listEmailProfiles } from "@/lib/db/queries/email-settings";
import { createEmailProfile, createEmailProfileSchema } from "@/lib/email-settings/create-email-profile";
import { deleteEmailProfile } from "@/lib/email-settings/delete-email-profile";
import { listEmailTemplates, templatePreviewSamples } from "@/lib/email-settings/email-templates";
import { makeDefaultEmailProfile } from "@/lib/email-settings/make-default-email-profile";
import { resetEmailTemplate } from "@/lib/email-settings/reset-email-template";
import { saveEmailTemplate, saveEmailTemplateSchema } from "@/lib/email-settings/save-email-template";
import { updateEmailProfile } from "@/lib/email-settings/update-email-profile";
import { defaultEmailTemplates } from "@/lib/messaging/templates";
import { getDefaultEmailProfile, loadEmailTemplate } from "@/lib/messaging/workspace-email";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const profile = (n: string) => ({ fromName: `Acme ${n}`, fromAddress: `${n}@acme.test`, replyTo: "" });

async function defaults(ctx: AdminCtx) {
  return t.db
    .select({ id: emailProfiles.id })
    .from(emailProfiles)
    .where(and(eq(emailProfiles.workspaceId, ctx.workspace.id), eq(emailProfiles.isDefault, true)));
}

async function actions(ctx: AdminCtx) {
  const rows = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.workspaceId, ctx.workspace.id)).orderBy(auditEvents.createdAt);
  return rows.map((r) => r.action);
}

describe("email profiles", () => {
  test("the platform's own sending domains cannot be a workspace's from or reply-to address", async () => {
    const ctx = await makeWorkspace(t.db);
    const saved = { from: process.env.EMAIL_FROM, app: process.env.APP_URL };
    process.env.EMAIL_FROM = "Client Portal <no-reply@mail.portals.example.net>";
    process.env.APP_URL = "https://app.portals.example.net";
    try {
      for (const fromAddress of ["no-reply@mail.portals.example.net", "security@portals.example.net", "billing@app.portals.example.net"]) {
        await expect(createEmailProfile(ctx, { fromName: "Platform Security", fromAddress, replyTo: "" })).rejects.toMatchObject({ code: "EMAIL_FROM_RESERVED", field: "fromAddress" });
      }
      await expect(createEmailProfile(ctx, { fromName: "Acme", fromAddress: "hello@acme.test", replyTo: "help@portals.example.net" })).rejects.toMatchObject({ code: "EMAIL_FROM_RESERVED", field: "replyTo" });
      expect(await listEmailProfiles(t.db, { workspaceId: ctx.workspace.id })).toEqual([]);
      const ok = await createEmailProfile(ctx, { fromName: "Acme", fromAddress: "hello@acme.test", replyTo: "" });
      await expect(updateEmailProfile(ctx, { id: ok.id, fromName: "Acme", fromAddress: "x@portals.example.net", replyTo: "" })).rejects.toMatchObject({ code: "EMAIL_FROM_RESERVED" });
    } finally {
      process.env.EMAIL_FROM = saved.from;
      process.env.APP_URL = saved.app;
      if (saved.from === undefined) delete process.env.EMAIL_FROM;
      if (saved.app === undefined) delete process.env.APP_URL;
    }
  });

  test("the first profile becomes the default; later ones do not; addresses are lower-cased", async () => {
    const ctx = await makeWorkspace(t.db);
    expect(await getDefaultEmailProfile(t.db, { workspaceId: ctx.workspace.id })).toBeNull();
    const first = await createEmailProfile(ctx, createEmailProfileSchema.parse({ fromName: " Acme Team ", fromAddress: "Hello@Acme.TEST", replyTo: "Help@Acme.test" }));
    expect(first).toMatchObject({ fromName: "Acme Team", fromAddress: "hello@acme.test", replyTo: "help@acme.test", isDefault: true });
    const second = await createEmailProfile(ctx, profile("billing"));
    expect(second).toMatchObject({ isDefault: false, replyTo: null });
    expect(await getDefaultEmailProfile(t.db, { workspaceId: ctx.workspace.id })).toMatchObject({ id: first.id, fromAddress: "hello@acme.test" });
    const list = await listEmailProfiles(t.db, { workspaceId: ctx.workspace.id });
    expect(list.map((p) => [p.id, p.isDefault])).toEqual([
      [first.id, true],
      [second.id, false],
    ]);
    expect(await actions(ctx)).toEqual(["email_profile.create", "email_profile.create"]);
  });

  test("bad names and addresses are field errors", () => {
    const r = createEmailProfileSchema.safeParse({ fromName: "x".repeat(101), fromAddress: "not-an-address", replyTo: "nope" });
    expect(r.success).toBe(false);
    expect(r.success ? [] : r.error.issues.map((i) => i.path[0]).sort()).toEqual(["fromAddress", "fromName", "replyTo"]);
    const header = createEmailProfileSchema.safeParse({ fromName: 'Acme" <evil@x.test>', fromAddress: "a@acme.test", replyTo: "" });
    expect(header.success).toBe(false);
    const empty = createEmailProfileSchema.safeParse({ fromName: "", fromAddress: "", replyTo: "" });
    expect(empty.success ? [] : empty.error.issues.map((i) => i.path[0]).sort()).toEqual(["fromAddress", "fromName"]);
  });

  test("update changes the fields and keeps the default where it was", async () => {
    const ctx = await makeWorkspace(t.db);
    const a = await createEmailProfile(ctx, profile("a"));
    const b = await createEmailProfile(ctx, profile("b"));
    const updated = await updateEmailProfile(ctx, { id: b.id, fromName: "Billing", fromAddress: "BILLING@acme.test", replyTo: "accounts@acme.test" });
    expect(updated).toMatchObject({ id: b.id, fromName: "Billing", fromAddress: "billing@acme.test", replyTo: "accounts@acme.test", isDefault: false });
    const cleared = await updateEmailProfile(ctx, { id: b.id, fromName: "Billing", fromAddress: "billing@acme.test", replyTo: "" });
    expect(cleared.replyTo).toBeNull();
    expect(await defaults(ctx)).toEqual([{ id: a.id }]);
    expect(await actions(ctx)).toContain("email_profile.update");
  });

  test("make default swaps the default in one step", async () => {
    const ctx = await makeWorkspace(t.db);
    const a = await createEmailProfile(ctx, profile("a"));
    const b = await createEmailProfile(ctx, profile("b"));
    await expect(makeDefaultEmailProfile(ctx, { id: b.id })).resolves.toEqual({ id: b.id, previousId: a.id, changed: true });
    expect(await defaults(ctx)).toEqual([{ id: b.id }]);
    expect(await getDefaultEmailProfile(t.db, { workspaceId: ctx.workspace.id })).toMatchObject({ id: b.id });
    await expect(makeDefaultEmailProfile(ctx, { id: b.id })).resolves.toMatchObject({ changed: false });
    expect((await actions(ctx)).filter((x) => x === "email_profile.make_default")).toHaveLength(1);
  });

  test("two make-defaults at once leave exactly one default", async () => {
    const ctx = await makeWorkspace(t.db);
    const ps = [];
    for (const n of ["a", "b", "c", "d"]) ps.push(await createEmailProfile(ctx, profile(n)));
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled([makeDefaultEmailProfile(ctx, { id: ps[1].id }), makeDefaultEmailProfile(ctx, { id: ps[2].id }), makeDefaultEmailProfile(ctx, { id: ps[3].id })]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      const now = await defaults(ctx);
      expect(now).toHaveLength(1);
      expect([ps[1].id, ps[2].id, ps[3].id]).toContain(now[0].id);
      await makeDefaultEmailProfile(ctx, { id: ps[0].id });
    }
  });

  test("profiles created at once in an empty workspace make exactly one default", async () => {
    const ctx = await makeWorkspace(t.db);
    const created = await Promise.all(["a", "b", "c"].map((n) => createEmailProfile(ctx, profile(n))));
    expect(created.filter((p) => p.isDefault)).toHaveLength(1);
    expect(await defaults(ctx)).toHaveLength(1);
  });

  test("the default can be deleted only when it is the last profile", async () => {
    const ctx = await makeWorkspace(t.db);
    const a = await createEmailProfile(ctx, profile("a"));
    const b = await createEmailProfile(ctx, profile("b"));
    await expect(deleteEmailProfile(ctx, { id: a.id })).rejects.toMatchObject({
      code: "EMAIL_PROFILE_IS_DEFAULT",
      message: expect.stringContaining("Make another profile the default first"),
    });
    expect(await listEmailProfiles(t.db, { workspaceId: ctx.workspace.id })).toHaveLength(2);

    await expect(deleteEmailProfile(ctx, { id: b.id })).resolves.toEqual({ id: b.id, wasDefault: false });
    await expect(deleteEmailProfile(ctx, { id: a.id })).resolves.toEqual({ id: a.id, wasDefault: true });
    expect(await listEmailProfiles(t.db, { workspaceId: ctx.workspace.id })).toEqual([]);
    expect(await getDefaultEmailProfile(t.db, { workspaceId: ctx.workspace.id })).toBeNull();
    expect((await actions(ctx)).filter((x) => x === "email_profile.delete")).toHaveLength(2);

    const again = await createEmailProfile(ctx, profile("again"));
    expect(again.isDefault).toBe(true);
    await expect(deleteEmailProfile(ctx, { id: b.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("another workspace's profile is NOT_FOUND for every change, and stays as it was", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    const mine = await createEmailProfile(a, profile("mine"));
    const theirs = await createEmailProfile(b, profile("theirs"));
    const theirsToo = await createEmailProfile(b, profile("theirs2"));
    const before = await listEmailProfiles(t.db, { workspaceId: b.workspace.id });

    await expect(updateEmailProfile(a, { id: theirs.id, ...profile("hijack") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(makeDefaultEmailProfile(a, { id: theirsToo.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteEmailProfile(a, { id: theirsToo.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await listEmailProfiles(t.db, { workspaceId: b.workspace.id })).toEqual(before);
    expect(await listEmailProfiles(t.db, { workspaceId: a.workspace.id })).toEqual([expect.objectContaining({ id: mine.id, isDefault: true })]);
    expect(await actions(b)).toEqual(["email_profile.create", "email_profile.create"]);
  });
});

describe("email templates", () => {
  const custom = {
    subject: "Welcome to {{workspace.name}}, {{contact.first_name}}",
    body: "Hello {{contact.first_name}},\n\nYour portal is ready:\n\n{{portal.magic_link}}\n\nSee you there.",
  };

  test("saving stores the template; loadEmailTemplate returns it; reset brings the default back", async () => {
    const ctx = await makeWorkspace(t.db);
    const w = ctx.workspace.id;
    expect(await loadEmailTemplate(t.db, { workspaceId: w, kind: "invitation" })).toEqual({ ...defaultEmailTemplates.invitation, customised: false });

    await expect(saveEmailTemplate(ctx, { kind: "invitation", ...custom })).resolves.toEqual({ kind: "invitation", ...custom, customised: true });
    expect(await loadEmailTemplate(t.db, { workspaceId: w, kind: "invitation" })).toEqual({ ...custom, customised: true });
    expect(await loadEmailTemplate(t.db, { workspaceId: w, kind: "login_email" })).toMatchObject({ customised: false });

    const all = await listEmailTemplates(t.db, { workspaceId: w });
    expect(all.invitation).toMatchObject({ ...custom, customised: true });
    expect(all.sign_in_code).toEqual({ kind: "sign_in_code", ...defaultEmailTemplates.sign_in_code, customised: false });

    await expect(resetEmailTemplate(ctx, { kind: "invitation" })).resolves.toEqual({ kind: "invitation", ...defaultEmailTemplates.invitation, customised: false });
    expect(await loadEmailTemplate(t.db, { workspaceId: w, kind: "invitation" })).toEqual({ ...defaultEmailTemplates.invitation, customised: false });
    expect(await t.db.select().from(emailTemplates).where(eq(emailTemplates.workspaceId, w))).toEqual([]);
    expect(await actions(ctx)).toEqual(["email_template.save", "email_template.reset"]);

    await resetEmailTemplate(ctx, { kind: "invitation" });
    expect(await actions(ctx)).toHaveLength(2);
  });

  test("a second save replaces the first (one row per kind)", async () => {
    const ctx = await makeWorkspace(t.db);
    await saveEmailTemplate(ctx, { kind: "login_email", ...custom });
    const second = { subject: "Your link", body: "Here it is:\r\n\r\n{{portal.magic_link}}" };
    await saveEmailTemplate(ctx, { kind: "login_email", ...second });
    const rows = await t.db.select().from(emailTemplates).where(eq(emailTemplates.workspaceId, ctx.workspace.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "login_email", subject: "Your link", body: "Here it is:\n\n{{portal.magic_link}}" });
  });

  test("a body without the exact system tag is refused on the body field and nothing is stored", async () => {
    const ctx = await makeWorkspace(t.db);
    const w = ctx.workspace.id;
    await expect(saveEmailTemplate(ctx, { kind: "invitation", subject: "Hi", body: "Come to {{portal.url}}" })).rejects.toMatchObject({
      code: "TEMPLATE_INVALID",
      field: "body",
      message: expect.stringContaining("{{portal.magic_link}}"),
    });
    // Spaces inside the braces name a known field, but the system tag must stay exactly as written.
    await expect(saveEmailTemplate(ctx, { kind: "login_email", subject: "Hi", body: "Open {{ portal.magic_link }}" })).rejects.toMatchObject({
      code: "TEMPLATE_INVALID",
      field: "body",
      message: expect.stringContaining("exactly as written"),
    });
    await expect(saveEmailTemplate(ctx, { kind: "sign_in_code", subject: "Code", body: "Your code: {{sign_in.link}}" })).rejects.toMatchObject({
      code: "TEMPLATE_INVALID",
      message: expect.stringContaining("{{sign_in.code}}"),
    });
    // The tag in the subject does not count: the body carries it.
    await expect(saveEmailTemplate(ctx, { kind: "sign_in_link", subject: "{{sign_in.link}}", body: "Sign in above." })).rejects.toMatchObject({ code: "TEMPLATE_INVALID", field: "body" });
    expect(await t.db.select().from(emailTemplates).where(eq(emailTemplates.workspaceId, w))).toEqual([]);
    expect(await actions(ctx)).toEqual([]);
  });

  test("an unknown field, a stray brace or an empty subject is refused on its field, and a saved template stays", async () => {
    const ctx = await makeWorkspace(t.db);
    const w = ctx.workspace.id;
    await saveEmailTemplate(ctx, { kind: "invitation", ...custom });
    await expect(saveEmailTemplate(ctx, { kind: "invitation", subject: "Hi {{contact.nickname}}", body: custom.body })).rejects.toMatchObject({
      code: "TEMPLATE_INVALID",
      field: "subject",
      message: expect.stringContaining("{{contact.nickname}} is not a field we know"),
    });
    await expect(saveEmailTemplate(ctx, { kind: "invitation", subject: "Hi", body: `${custom.body} {{oops` })).rejects.toMatchObject({
      code: "TEMPLATE_INVALID",
      field: "body",
      message: expect.stringContaining("unmatched {{"),
    });
    await expect(saveEmailTemplate(ctx, { kind: "invitation", subject: "   ", body: custom.body })).rejects.toMatchObject({
      code: "TEMPLATE_INVALID",
      field: "subject",
      message: "Write a subject line.",
    });
    expect(await loadEmailTemplate(t.db, { workspaceId: w, kind: "invitation" })).toEqual({ ...custom, customised: true });
  });

  test("subject and body lengths are limited", () => {
    const base = { kind: "invitation", subject: "Hi", body: "{{portal.magic_link}}" };
    expect(saveEmailTemplateSchema.safeParse(base).success).toBe(true);
    const long = saveEmailTemplateSchema.safeParse({ ...base, subject: "x".repeat(201), body: `{{portal.magic_link}}${"x".repeat(10_000)}` });
    expect(long.success ? [] : long.error.issues.map((i) => i.path[0]).sort()).toEqual(["body", "subject"]);
    expect(saveEmailTemplateSchema.safeParse({ ...base, kind: "newsletter" }).success).toBe(false);
  });

  test("one workspace's templates never touch another's", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    await saveEmailTemplate(b, { kind: "invitation", subject: "B's invitation", body: "{{portal.magic_link}}" });
    await saveEmailTemplate(a, { kind: "invitation", ...custom });
    expect(await loadEmailTemplate(t.db, { workspaceId: b.workspace.id, kind: "invitation" })).toEqual({ subject: "B's invitation", body: "{{portal.magic_link}}", customised: true });
    await resetEmailTemplate(a, { kind: "invitation" });
    expect(await loadEmailTemplate(t.db, { workspaceId: b.workspace.id, kind: "invitation" })).toMatchObject({ subject: "B's invitation", customised: true });
    expect(await loadEmailTemplate(t.db, { workspaceId: a.workspace.id, kind: "invitation" })).toMatchObject({ customised: false });
  });

  test("the preview uses the workspace's own name and portal address with a sample client", async () => {
    const ctx = await makeWorkspace(t.db);
    const s = await templatePreviewSamples(t.db, ctx.workspace);
    expect(s.values).toMatchObject({ "contact.first_name": "Asha", "contact.last_name": "Rao", "workspace.name": ctx.workspace.name, "link.expires_in_days": "7" });
    expect(s.values["portal.magic_link"]).toContain(ctx.workspace.slug);
  });
});
