import { sql } from "drizzle-orm";
import { isValidPhoneNumber } from "libphonenumber-js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { contacts, emailProfiles, memberships, workspaces } from "@/lib/db/schema";
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
});
