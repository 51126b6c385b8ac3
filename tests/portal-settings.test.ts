// Sign-in & security settings: user types (how each kind of client signs in) and link/session lifetimes, as an
// admin changes them and as clients then meet them.
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { emailProfiles, messages, portalForms, portalSessions, portalUserTypes, workspaces } from "@/lib/db/schema";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { regenerateMagicLink } from "@/lib/portal/magic-link";
import { requestSignIn } from "@/lib/portal/request-sign-in";
import { createUserType, listUserTypesWithCounts, makeDefaultUserType, updateUserType } from "@/lib/portal/save-user-type";
import { createPortalSession } from "@/lib/portal/sessions";
import { securitySettingsSchema } from "@/lib/portal/portal-settings-schema";
import { getSecuritySettings, updateSecuritySettings } from "@/lib/workspaces/update-security";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";
import { openMessage } from "@/lib/messaging/sealed-body";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const DAY = 86_400_000;

async function withProfile(ctx: AdminCtx) {
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  return ctx;
}
const defaults = async (ctx: AdminCtx) =>
  t.db.select({ id: portalUserTypes.id }).from(portalUserTypes).where(and(eq(portalUserTypes.workspaceId, ctx.workspace.id), eq(portalUserTypes.isDefault, true)));
const lastTo = async (to: string) => openMessage((await t.db.select().from(messages).where(eq(messages.to, to)).orderBy(desc(messages.createdAt)).limit(1))[0]);

describe("user types", () => {
  test("the first type is the default; names are unique regardless of case; another workspace's type is unknown", async () => {
    const ctx = await makeWorkspace(t.db);
    const client = await createUserType(ctx, { name: "Client", signInMethod: "email_link" });
    const partner = await createUserType(ctx, { name: "Partner", signInMethod: "email_code" });
    expect(client.isDefault).toBe(true);
    expect(partner.isDefault).toBe(false);
    await expect(createUserType(ctx, { name: "  client ", signInMethod: "email_code" })).rejects.toMatchObject({ code: "USER_TYPE_NAME_TAKEN", field: "name" });
    await expect(updateUserType(ctx, { id: partner.id, name: "CLIENT", signInMethod: "email_code" })).rejects.toMatchObject({ code: "USER_TYPE_NAME_TAKEN" });

    const other = await makeWorkspace(t.db);
    await expect(updateUserType(other, { id: partner.id, name: "Mine now", signInMethod: "email_link" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(makeDefaultUserType(other, { id: partner.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const rows = await listUserTypesWithCounts(t.db, { workspaceId: ctx.workspace.id });
    expect(rows.map((r) => [r.name, r.signInMethod, r.isDefault])).toEqual([
      ["Client", "email_link", true],
      ["Partner", "email_code", false],
    ]);
  });

  test("bad names and methods are refused by the schema with a message per field", async () => {
    const ctx = await makeWorkspace(t.db);
    await expect(createUserType(ctx, { name: " x ", signInMethod: "email_link" })).rejects.toThrow(/2 characters or more/);
    await expect(createUserType(ctx, { name: "Client", signInMethod: "whatsapp" as "email_link" })).rejects.toThrow(/Pick how clients of this type sign in/);
    // SMS codes make a phone type, which needs SMS set up first; the error says what is missing.
    await expect(createUserType(ctx, { name: "Client", signInMethod: "sms_code" })).rejects.toMatchObject({
      code: "USER_TYPE_PHONE_NOT_READY",
      message: expect.stringMatching(/turn Notification SMS on/),
    });
    expect(await listUserTypesWithCounts(t.db, { workspaceId: ctx.workspace.id })).toEqual([]);
  });

  test("parallel 'make default' calls leave exactly one default", async () => {
    const ctx = await makeWorkspace(t.db);
    const types = [];
    for (const n of ["A", "B", "C", "D", "E"]) types.push(await createUserType(ctx, { name: `Type ${n}`, signInMethod: "email_link" }));
    await Promise.all(types.map((ty) => makeDefaultUserType(ctx, { id: ty.id })));
    expect(await defaults(ctx)).toHaveLength(1);
  });

  test("switching a type from link to code changes what its clients are emailed on their next sign-in", async () => {
    const ctx = await withProfile(await makeWorkspace(t.db));
    const type = await createUserType(ctx, { name: "Client", signInMethod: "email_link" });
    await invitePortalUser(ctx, { email: "meera@example.test", firstName: "Meera", userTypeId: type.id });
    await requestSignIn(t.db, { workspace: ctx.workspace, identifier: { channel: "email", address: "meera@example.test" }, ip: "10.1.0.1" });
    expect((await lastTo("meera@example.test")).template).toBe("portal.sign_in_link");

    await updateUserType(ctx, { id: type.id, name: "Client", signInMethod: "email_code" });
    // A minute later (one sign-in email an address a minute at first).
    await t.db.execute(sql`update rate_limits set expire = expire - interval '61 seconds' where key like 'portal-send-slot:%'`);
    await requestSignIn(t.db, { workspace: ctx.workspace, identifier: { channel: "email", address: "meera@example.test" }, ip: "10.1.0.2" });
    const msg = await lastTo("meera@example.test");
    expect(msg.template).toBe("portal.sign_in_code");
    expect(msg.subject).toMatch(/^\d{6} is your /);
    expect((await listUserTypesWithCounts(t.db, { workspaceId: ctx.workspace.id }))[0].users).toBe(1);
  });

  test("a phone type becomes an email one only while it has no users and no portal forms; then it is locked", async () => {
    const ctx = await withProfile(await makeWorkspace(t.db));
    const [sms] = await t.db
      .insert(portalUserTypes)
      .values({ workspaceId: ctx.workspace.id, name: "By phone", invitationPreference: "phone", signInMethod: "sms_code" })
      .returning();
    await updateUserType(ctx, { id: sms.id, name: "By phone", signInMethod: "email_code" });
    const [after] = await t.db.select().from(portalUserTypes).where(eq(portalUserTypes.id, sms.id));
    expect(after).toMatchObject({ signInMethod: "email_code", invitationPreference: "email" });

    await invitePortalUser(ctx, { email: "locked@example.test", userTypeId: sms.id });
    await expect(updateUserType(ctx, { id: sms.id, name: "By phone", signInMethod: "sms_code" })).rejects.toMatchObject({ code: "USER_TYPE_PREFERENCE_LOCKED" });
    // Within the channel it still changes: link and code are both email.
    await updateUserType(ctx, { id: sms.id, name: "By phone", signInMethod: "email_link" });
    // A portal form locks it too, even with no users.
    const [other] = await t.db
      .insert(portalUserTypes)
      .values({ workspaceId: ctx.workspace.id, name: "Formed", invitationPreference: "phone", signInMethod: "sms_code" })
      .returning();
    await t.db.insert(portalForms).values({ workspaceId: ctx.workspace.id, userTypeId: other.id, name: "KYC" });
    await expect(updateUserType(ctx, { id: other.id, name: "Formed", signInMethod: "email_link" })).rejects.toMatchObject({ code: "USER_TYPE_PREFERENCE_LOCKED" });
    const counts = await listUserTypesWithCounts(t.db, { workspaceId: ctx.workspace.id });
    expect(counts.find((c) => c.id === other.id)).toMatchObject({ users: 0, forms: 1 });
    expect(counts.find((c) => c.id === sms.id)).toMatchObject({ users: 1, forms: 0 });
  });
});

describe("links and sessions", () => {
  test("defaults are 7 days, 60 idle minutes and 7 days; saved values shape new links and sessions only", async () => {
    const ctx = await withProfile(await makeWorkspace(t.db));
    expect(await getSecuritySettings(t.db, { workspaceId: ctx.workspace.id })).toEqual({ magicLinkDays: 7, sessionIdleMinutes: 60, sessionAbsoluteHours: 168 });
    const invited = await invitePortalUser(ctx, { email: "arjun@example.test", firstName: "Arjun" });
    const before = await regenerateMagicLink(ctx, { portalUserId: invited.portalUserId });
    expect(before.expiresAt.getTime() - Date.now()).toBeGreaterThan(7 * DAY - 60_000);

    await updateSecuritySettings(ctx, { magicLinkDays: 2, sessionIdleMinutes: 20, sessionAbsoluteHours: 8 });
    const after = await regenerateMagicLink(ctx, { portalUserId: invited.portalUserId });
    const days = (after.expiresAt.getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(1.99);
    expect(days).toBeLessThan(2.01);

    const now = new Date();
    const session = await t.db.transaction((tx) =>
      createPortalSession(tx, { workspaceId: ctx.workspace.id, portalUserId: invited.portalUserId, host: "x.localhost", twoFactor: false, now }),
    );
    expect(session.idleExpiresAt.getTime() - now.getTime()).toBe(20 * 60_000);
    expect(session.expiresAt.getTime() - now.getTime()).toBe(8 * 3_600_000);
    const [row] = await t.db.select().from(portalSessions).where(eq(portalSessions.portalUserId, invited.portalUserId));
    expect(row).toBeDefined();
  });

  test("out-of-range and inconsistent values are refused with the field and nothing is saved", async () => {
    const ctx = await makeWorkspace(t.db);
    const bad = [
      [{ magicLinkDays: 0, sessionIdleMinutes: 60, sessionAbsoluteHours: 168 }, "magicLinkDays", /at least 1 day/],
      [{ magicLinkDays: 31, sessionIdleMinutes: 60, sessionAbsoluteHours: 168 }, "magicLinkDays", /at most 30 days/],
      [{ magicLinkDays: 7, sessionIdleMinutes: 2, sessionAbsoluteHours: 168 }, "sessionIdleMinutes", /at least 5 minutes/],
      [{ magicLinkDays: 7, sessionIdleMinutes: 1.5, sessionAbsoluteHours: 168 }, "sessionIdleMinutes", /whole number/],
      [{ magicLinkDays: 7, sessionIdleMinutes: 600, sessionAbsoluteHours: 2 }, "sessionAbsoluteHours", /at least as long as the idle timeout/],
    ] as const;
    for (const [input, field, message] of bad) {
      const r = securitySettingsSchema.safeParse(input);
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].path).toEqual([field]);
      expect(r.error!.issues[0].message).toMatch(message);
      await expect(updateSecuritySettings(ctx, input)).rejects.toThrow();
    }
    const [ws] = await t.db.select({ s: workspaces.securitySettings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id));
    expect(ws.s).toEqual({});
  });
});
