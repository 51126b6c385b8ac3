import { afterAll, beforeAll, expect, test } from "vitest";
import { consumeLimit, sendSlotWait, takeSendSlot } from "@/lib/rate-limit";
import { resendWaitSec } from "@/lib/portal/check-email-state";
import { sendSlotKey } from "@/lib/portal/send-slot-key";
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

test("a sign-in email slot: 60 s after the 1st send, 2 min after the 2nd, 5 min after every later one, never longer", async () => {
  const T0 = new Date("2030-01-01T00:00:00Z");
  const at = (s: number) => new Date(T0.getTime() + s * 1000);
  const key = "ws:slot@example.test";
  const take = async (s: number) => (await takeSendSlot(t.db, key, at(s))).ok;
  expect(await take(0)).toBe(true);
  expect(await takeSendSlot(t.db, key, at(1))).toEqual({ ok: false, retryAfterSec: 59 });
  // Refused requests change nothing: asking every second does not push the slot away.
  for (let s = 2; s < 60; s += 7) expect(await take(s)).toBe(false);
  expect(await take(60)).toBe(true);
  expect(await take(179)).toBe(false);
  expect(await take(180)).toBe(true);
  expect(await sendSlotWait(t.db, key, at(200))).toBe(280);
  expect(await take(479)).toBe(false);
  // Every later send waits 5 minutes, however long it goes on: 12 an hour.
  let sent = 3;
  for (let s = 480; s < 480 + 3 * 3600; s += 60) if (await take(s)) sent++;
  expect(sent).toBe(3 + 36);
  // An hour without a send starts over: the next waits 60 s again.
  const last = 480 + 35 * 300;
  expect(await take(last + 3600)).toBe(true);
  expect(await take(last + 3600 + 60)).toBe(true);
  expect(await sendSlotWait(t.db, key, at(last + 3600 + 60))).toBe(120);
  expect(await sendSlotWait(t.db, "ws:never@example.test", at(0))).toBe(0);
});

test("parallel requests take one slot", async () => {
  const results = await Promise.all(Array.from({ length: 20 }, () => takeSendSlot(t.db, "ws:burst@example.test")));
  expect(results.filter((r) => r.ok)).toHaveLength(1);
});

test("right after a send the page's wait is the same for every address, so it does not tell that someone signed in lately", async () => {
  const T0 = new Date("2031-01-01T00:00:00Z");
  const at = (s: number) => new Date(T0.getTime() + s * 1000);
  const ws = "00000000-0000-4000-8000-000000000001";
  // `busy` was emailed a minute ago, so its send now opens a 2-minute cooldown; `fresh` was never emailed.
  await takeSendSlot(t.db, sendSlotKey(ws, { channel: "email", address: "busy@example.test" }), at(0));
  await takeSendSlot(t.db, sendSlotKey(ws, { channel: "email", address: "busy@example.test" }), at(61));
  await takeSendSlot(t.db, sendSlotKey(ws, { channel: "email", address: "fresh@example.test" }), at(61));
  const shown = (email: string, refused: boolean) => resendWaitSec(t.db, { workspaceId: ws, identifier: { channel: "email", address: email }, refused, now: at(61) });
  expect(await shown("busy@example.test", false)).toBe(60);
  expect(await shown("fresh@example.test", false)).toBe(60);
  // A browser whose own request was refused is told the real wait: the refusal has said as much already.
  expect(await shown("busy@example.test", true)).toBe(120);
});
