import { afterAll, beforeAll, expect, test } from "vitest";
import { consumeLimit } from "@/lib/rate-limit";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const limit = { name: "test-limit", points: 5, durationSec: 60 };

test("a limit lets N attempts through, refuses the next with a wait, and keys are independent", async () => {
  for (let i = 0; i < 5; i++) expect(await consumeLimit(t.db, limit, "Someone@Example.test")).toEqual({ ok: true });
  const refused = await consumeLimit(t.db, limit, "someone@example.test"); // keys are case-insensitive
  expect(refused.ok).toBe(false);
  expect(refused.ok === false && refused.retryAfterSec).toBeGreaterThan(50);
  expect(await consumeLimit(t.db, limit, "other@example.test")).toEqual({ ok: true });
});

test("parallel attempts are counted atomically: exactly N of 20 get through", async () => {
  const results = await Promise.all(Array.from({ length: 20 }, () => consumeLimit(t.db, { ...limit, name: "parallel" }, "burst")));
  expect(results.filter((r) => r.ok)).toHaveLength(5);
});
