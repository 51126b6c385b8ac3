import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { contacts } from "@/lib/db/schema";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

test("migrations create the schema, the trigram extension and the generated search columns", async () => {
  const ctx = await makeWorkspace(t.db);
  const [c] = await t.db
    .insert(contacts)
    .values({ workspaceId: ctx.workspace.id, firstName: "Asha", lastName: "Rao", email: "asha@example.in", phone: "+919876543210" })
    .returning();
  expect(c.sortName).toBe("asha rao");
  expect(c.search).toContain("+919876543210");
  const ext = await t.db.execute(sql`select 1 from pg_extension where extname = 'pg_trgm'`);
  expect((ext as unknown as { rows?: unknown[] }).rows ?? ext).toHaveLength(1);
});

test("one workspace cannot hold two contacts with the same email or phone", async () => {
  const ctx = await makeWorkspace(t.db);
  const base = { workspaceId: ctx.workspace.id, firstName: "A" };
  await t.db.insert(contacts).values({ ...base, email: "same@example.in", phone: "+919800000001" });
  await expect(t.db.insert(contacts).values({ ...base, email: "same@example.in" })).rejects.toThrow();
  await expect(t.db.insert(contacts).values({ ...base, phone: "+919800000001" })).rejects.toThrow();
  const other = await makeWorkspace(t.db);
  await t.db.insert(contacts).values({ workspaceId: other.workspace.id, firstName: "B", email: "same@example.in", phone: "+919800000001" });
});
