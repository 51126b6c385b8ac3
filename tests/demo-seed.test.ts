import { eq, sql } from "drizzle-orm";
import { isValidPhoneNumber } from "libphonenumber-js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { contacts, dltTemplates, emailProfiles, memberships, portalUsers, portalUserTypes, smsCreditBalances, workspaces } from "@/lib/db/schema";
import { DEMO_PHONE } from "@/lib/demo/seed-demo-sms";
import { getSmsReadiness } from "@/lib/sms/sms-readiness";
import { seedDemoIfEmpty } from "@/lib/demo/seed-demo";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

test("an empty database gets the Acme demo with an owner, a default email profile and ~50 valid contacts, once", async () => {
  expect(await seedDemoIfEmpty(t.db)).toBe(true);
  expect(await seedDemoIfEmpty(t.db)).toBe(false);
  const [ws] = await t.db.select().from(workspaces);
  expect(ws).toMatchObject({ slug: "acme", name: "Acme", country: "IN" });
  expect(await t.db.select().from(memberships)).toEqual([expect.objectContaining({ role: "owner" })]);
  expect(await t.db.select().from(emailProfiles)).toEqual([expect.objectContaining({ isDefault: true })]);
  const rows = await t.db.select({ phone: contacts.phone, email: contacts.email }).from(contacts);
  // 50 email contacts, 3 phone-only clients of the phone user type, and the Client Centre's 3 applicants.
  expect(rows).toHaveLength(56);
  const phones = rows.map((r) => r.phone).filter((p): p is string => !!p);
  expect(phones.every((p) => isValidPhoneNumber(p))).toBe(true);
  expect(phones.filter((p) => p.startsWith("+91")).length).toBeGreaterThanOrEqual(30);
  const [{ n }] = await t.db.select({ n: sql<number>`count(distinct email)::int` }).from(contacts);
  expect(n).toBe(53);
  // Portal users in every state, so the portal page shows real numbers at once; joined ones have joined_at.
  const pus = await t.db.select().from(portalUsers);
  const by = (s: string) => pus.filter((p) => p.status === s);
  expect(by("invited").length).toBeGreaterThan(0);
  expect(by("joined").length).toBeGreaterThan(0);
  expect(by("revoked").length).toBeGreaterThan(0);
  expect(by("joined").every((p) => p.joinedAt && p.joinedAt >= p.invitedAt)).toBe(true);
  expect(by("revoked").every((p) => p.revokedAt)).toBe(true);
});

test("the demo texts its clients: SMS set up and ready, a phone type with a client on +91 98765 43210, credits", async () => {
  const [ws] = await t.db.select().from(workspaces);
  const ready = await getSmsReadiness(t.db, { workspaceId: ws.id });
  expect(ready.kinds).toEqual(Object.fromEntries(Object.keys(ready.kinds).map((k) => [k, { ready: true, problem: null }])));
  expect(ready.ready).toBe(true);
  const [ravi] = await t.db
    .select({ status: portalUsers.status, preference: portalUserTypes.invitationPreference, method: portalUserTypes.signInMethod })
    .from(contacts)
    .innerJoin(portalUsers, eq(portalUsers.contactId, contacts.id))
    .innerJoin(portalUserTypes, eq(portalUserTypes.id, portalUsers.userTypeId))
    .where(eq(contacts.phone, DEMO_PHONE.number));
  expect(ravi).toEqual({ status: "invited", preference: "phone", method: "sms_code" });
  const [balance] = await t.db.select().from(smsCreditBalances).where(eq(smsCreditBalances.workspaceId, ws.id));
  expect(balance.balance).toBe(1000);
  // Both sample exports were imported, with their rejected and pending rows left out, plus the demo's link templates.
  const ids = (await t.db.select({ id: dltTemplates.templateId }).from(dltTemplates)).map((r) => r.id).sort();
  expect(ids).toEqual(["1107168543210987654", "1107168543210987655", "1107168543210987657", "1107169000000000101", "1107169000000000102", "1107169000000000103", "1207169999000011111", "1207169999000011112"]);
});
