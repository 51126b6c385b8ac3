import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { hashedSessionAdapter } from "@/lib/auth/adapter";
import { sha256 } from "@/lib/crypto";
import { sessions, users } from "@/lib/db/schema";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

test("admin session tokens are stored hashed; the raw cookie value still finds the session", async () => {
  const adapter = hashedSessionAdapter(t.db);
  const [u] = await t.db.insert(users).values({ email: "admin@example.test" }).returning();
  const raw = "raw-cookie-token-value";
  const created = await adapter.createSession!({ sessionToken: raw, userId: u.id, expires: new Date(Date.now() + 60_000) });
  expect(created.sessionToken).toBe(raw);
  const [row] = await t.db.select().from(sessions);
  expect(row.sessionToken).toBe(sha256(raw));
  expect(row.sessionToken).not.toContain(raw);
  expect((await adapter.getSessionAndUser!(raw))?.user.email).toBe("admin@example.test");
  // The stored hash itself is not a usable cookie.
  expect(await adapter.getSessionAndUser!(row.sessionToken)).toBeNull();
  await adapter.deleteSession!(raw);
  expect(await t.db.select().from(sessions).where(eq(sessions.userId, u.id))).toHaveLength(0);
});
