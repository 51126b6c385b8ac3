// Client Centre settings: re-authentication minutes, geoblocking and the SMS countries, as the operation saves them
// (validated, audited, other settings kept) and as the SMS rules and the proxy's policy then read them.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { auditEvents, workspaces } from "@/lib/db/schema";
import { geoPolicy } from "@/lib/security/geo-block";
import { smsNumberAllowed } from "@/lib/sms/enqueue-sms";
import { getClientCentreSettings, updateClientCentreSettings } from "@/lib/workspaces/update-client-centre-settings";
import { clientCentreSettingsSchema } from "@/lib/workspaces/update-client-centre-settings-schema";
import { updateSecuritySettings } from "@/lib/workspaces/update-security";
import { createTestDb, useAsAppDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useAsAppDb(t.db); // geoPolicy reads through getDb(), as the proxy does
});
afterAll(async () => {
  useAsAppDb(undefined);
  await t.close();
});

const valid = { twoFactorIdleMinutes: 20, geoBlockedCountries: ["de", "FR", "DE"], geoUnknownCountry: "block" as const, smsCountries: ["IN", "GB"] };
const UK_MOBILE = "+447400123456";

test("defaults before anything is saved: 15 minutes, nothing blocked, unknown allowed, SMS to India only", async () => {
  const ctx = await makeWorkspace(t.db);
  expect(await getClientCentreSettings(t.db, { workspaceId: ctx.workspace.id })).toEqual({
    twoFactorIdleMinutes: 15,
    geoBlockedCountries: [],
    geoUnknownCountry: "allow",
    smsCountries: ["IN"],
  });
});

test("a save stores all three, normalised, keeps the other settings, is audited, and touches only its workspace", async () => {
  const ctx = await makeWorkspace(t.db);
  const other = await makeWorkspace(t.db);
  await updateSecuritySettings(ctx, { magicLinkDays: 3, sessionIdleMinutes: 30, sessionAbsoluteHours: 24 });
  await t.db.update(workspaces).set({ smsSettings: { enabled: true, dailyCap: 50 } }).where(eq(workspaces.id, ctx.workspace.id));

  const saved = await updateClientCentreSettings(ctx, valid);
  expect(saved).toEqual({ twoFactorIdleMinutes: 20, geoBlockedCountries: ["DE", "FR"], geoUnknownCountry: "block", smsCountries: ["GB", "IN"] });
  const [row] = await t.db.select().from(workspaces).where(eq(workspaces.id, ctx.workspace.id));
  expect(row.securitySettings).toEqual({ magicLinkDays: 3, sessionIdleMinutes: 30, sessionAbsoluteHours: 24, twoFactorIdleMinutes: 20, geoBlockedCountries: ["DE", "FR"], geoUnknownCountry: "block" });
  expect(row.smsSettings).toEqual({ enabled: true, dailyCap: 50, countries: ["GB", "IN"] });
  expect(await geoPolicy(ctx.workspace.id)).toEqual({ blocked: ["DE", "FR"], unknown: "block" });

  const [a] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, ctx.workspace.id), eq(auditEvents.action, "workspace.client_centre_settings_update")));
  expect(a.actorUserId).toBe(ctx.user.id);
  expect(a.summary).toBe("Client Centre: re-authenticate after 20 idle minutes; blocked countries DE, FR; unknown country blocked; SMS to GB, IN");
  expect(a.data).toMatchObject({ before: { smsCountries: null }, after: { smsCountries: ["GB", "IN"] } });

  expect(await getClientCentreSettings(t.db, { workspaceId: other.workspace.id })).toMatchObject({ geoBlockedCountries: [], smsCountries: ["IN"] });
});

test("SMS countries saved: smsNumberAllowed then allows a UK mobile, and refuses it again once GB is removed", async () => {
  const ctx = await makeWorkspace(t.db);
  const countries = async () => (await getClientCentreSettings(t.db, { workspaceId: ctx.workspace.id })).smsCountries;
  expect(smsNumberAllowed(UK_MOBILE, await countries())).toBe(false);
  await updateClientCentreSettings(ctx, { ...valid, smsCountries: ["IN", "GB"] });
  expect(smsNumberAllowed(UK_MOBILE, await countries())).toBe(true);
  expect(smsNumberAllowed("+919812345678", await countries())).toBe(true);
  await updateClientCentreSettings(ctx, { ...valid, smsCountries: ["IN"] });
  expect(smsNumberAllowed(UK_MOBILE, await countries())).toBe(false);
});

test("bad input is refused with a specific message and changes nothing", async () => {
  const ctx = await makeWorkspace(t.db);
  await updateClientCentreSettings(ctx, valid);
  const before = await getClientCentreSettings(t.db, { workspaceId: ctx.workspace.id });
  const refused = async (patch: Record<string, unknown>, message: RegExp) => {
    await expect(updateClientCentreSettings(ctx, { ...valid, ...patch })).rejects.toThrow(message);
  };
  await refused({ twoFactorIdleMinutes: 4 }, /at least 5 idle minutes/);
  await refused({ twoFactorIdleMinutes: 61 }, /at most 60 idle minutes/);
  await refused({ twoFactorIdleMinutes: "12.5" }, /whole number/);
  await refused({ twoFactorIdleMinutes: "" }, /at least 5/);
  await refused({ geoBlockedCountries: ["DE", "ZZ"] }, /ZZ is not a country code we know/);
  await refused({ geoBlockedCountries: ["Germany"] }, /not a country code/);
  await refused({ smsCountries: ["XK1"] }, /not a country code/);
  await refused({ smsCountries: [] }, /at least one country/);
  await refused({ geoUnknownCountry: "maybe" }, /cannot be told/);
  await expect(updateClientCentreSettings(ctx, { ...valid, geoBlockedCountries: ["D\u0000E"] })).rejects.toMatchObject({ code: "TEXT_UNSTORABLE" });
  await expect(updateClientCentreSettings(ctx, { ...valid, smsCountries: ["IN\u0007"] })).rejects.toMatchObject({ code: "TEXT_UNSTORABLE" });
  expect(await getClientCentreSettings(t.db, { workspaceId: ctx.workspace.id })).toEqual(before);
  const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, ctx.workspace.id), eq(auditEvents.action, "workspace.client_centre_settings_update")));
  expect(audits).toHaveLength(1);
});

test("the form's shapes: a comma-separated string, absent lists, and codes in any case", () => {
  const p = clientCentreSettingsSchema.parse({ twoFactorIdleMinutes: "5", geoUnknownCountry: "allow", geoBlockedCountries: "cn, ru", smsCountries: "in" });
  expect(p).toEqual({ twoFactorIdleMinutes: 5, geoUnknownCountry: "allow", geoBlockedCountries: ["CN", "RU"], smsCountries: ["IN"] });
  expect(clientCentreSettingsSchema.parse({ twoFactorIdleMinutes: 60, geoUnknownCountry: "block", smsCountries: ["IN"] }).geoBlockedCountries).toEqual([]);
});
