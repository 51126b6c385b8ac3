import { sql } from "drizzle-orm";
import { isValidPhoneNumber } from "libphonenumber-js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { contacts, emailProfiles, memberships, portalUsers, workspaces } from "@/lib/db/schema";
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
  expect(rows).toHaveLength(50);
  const phones = rows.map((r) => r.phone).filter((p): p is string => !!p);
  expect(phones.every((p) => isValidPhoneNumber(p))).toBe(true);
  expect(phones.filter((p) => p.startsWith("+91")).length).toBeGreaterThanOrEqual(30);
  const [{ n }] = await t.db.select({ n: sql<number>`count(distinct email)::int` }).from(contacts);
  expect(n).toBe(50);
  // Portal users in every state, so the portal page shows real numbers at once; joined ones have joined_at.
  const pus = await t.db.select().from(portalUsers);
  const by = (s: string) => pus.filter((p) => p.status === s);
  expect(by("invited").length).toBeGreaterThan(0);
  expect(by("joined").length).toBeGreaterThan(0);
  expect(by("revoked").length).toBeGreaterThan(0);
  expect(by("joined").every((p) => p.joinedAt && p.joinedAt >= p.invitedAt)).toBe(true);
  expect(by("revoked").every((p) => p.revokedAt)).toBe(true);
});
