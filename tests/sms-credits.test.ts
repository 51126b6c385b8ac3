// SMS credits against a real database: never negative under parallel sends, settled and refunded once, topped up by
// owners only, and read back page by page.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { decodeLedgerCursor, getSmsCreditSummary, listSmsCreditLedger } from "@/lib/db/queries/sms-credits";
import { auditEvents, messages, smsCreditLedger, workspaces } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { refundSmsCredits } from "@/lib/sms/credits/refund-sms-credits";
import { reserveSmsCredits } from "@/lib/sms/credits/reserve-sms-credits";
import { settleSmsCredits } from "@/lib/sms/credits/settle-sms-credits";
import { topUpSmsCredits } from "@/lib/sms/credits/top-up-sms-credits";
import { createTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";
import { queueSms } from "./helpers/sms-outbox";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => await t.close());

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : String(e);
  }
};
const summary = (workspaceId: string) => getSmsCreditSummary(t.db, { workspaceId });
const ledgerSum = async (workspaceId: string) =>
  Number((await t.db.select({ s: sql<number>`coalesce(sum(delta), 0)` }).from(smsCreditLedger).where(eq(smsCreditLedger.workspaceId, workspaceId)))[0].s);

test("50 parallel sends against a balance of 20: exactly 20 are reserved, the balance never goes below zero", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 20, note: "parallel test" });
  const ids = await enqueueMessages(t.db, Array.from({ length: 50 }, (_, i) => ({ workspaceId: ctx.workspace.id, channel: "sms" as const, to: `+91987654${String(3000 + i)}`, text: "hi" })));
  // Each send in its own transaction, all at once: on Postgres they really run in parallel on separate connections.
  const outcomes = await Promise.all(
    ids.map(({ id }) => codeOf(t.db.transaction((tx) => reserveSmsCredits(tx, { workspaceId: ctx.workspace.id, messages: [{ id, credits: 1 }] })))),
  );
  expect(outcomes.filter((o) => o === null)).toHaveLength(20);
  expect(outcomes.filter((o) => o === "SMS_CREDITS_LOW")).toHaveLength(30);
  expect((await summary(ctx.workspace.id)).balance).toBe(0);
  expect(await ledgerSum(ctx.workspace.id)).toBe(0);
  const reserves = await t.db.select().from(smsCreditLedger).where(eq(smsCreditLedger.reason, "reserve"));
  const mine = reserves.filter((r) => r.workspaceId === ctx.workspace.id);
  expect(mine).toHaveLength(20);
  expect(mine.every((r) => r.balanceAfter >= 0)).toBe(true);
  expect(new Set(mine.map((r) => r.balanceAfter)).size).toBe(20); // each saw its own balance: 19 … 0
});

test("multi-part messages in parallel: a send that does not fit whole takes nothing", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 10, note: "x" });
  const ids = await enqueueMessages(t.db, Array.from({ length: 20 }, (_, i) => ({ workspaceId: ctx.workspace.id, channel: "sms" as const, to: `+91987655${String(3000 + i)}`, text: "hi" })));
  const outcomes = await Promise.all(ids.map(({ id }) => codeOf(t.db.transaction((tx) => reserveSmsCredits(tx, { workspaceId: ctx.workspace.id, messages: [{ id, credits: 3 }] })))));
  expect(outcomes.filter((o) => o === null)).toHaveLength(3);
  expect((await summary(ctx.workspace.id)).balance).toBe(1);
});

test("a delivery is settled once at what it cost, and a settled message is not refunded", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 10, note: "x" });
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 3 }]);
  const ws = ctx.workspace.id;
  const first = await t.db.transaction((tx) => settleSmsCredits(tx, { workspaceId: ws, messageId: m.id, credits: 1 }));
  expect(first).toMatchObject({ applied: true, delta: 2, balance: 9 });
  const again = await t.db.transaction((tx) => settleSmsCredits(tx, { workspaceId: ws, messageId: m.id, credits: 5 }));
  expect(again.applied).toBe(false);
  expect((await t.db.transaction((tx) => refundSmsCredits(tx, { workspaceId: ws, messageId: m.id }))).applied).toBe(false);
  expect((await summary(ws)).balance).toBe(9);
  expect(await ledgerSum(ws)).toBe(9);
});

test("a failure is refunded once, in parallel too, and a refunded message is not settled", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 10, note: "x" });
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 2 }]);
  const ws = ctx.workspace.id;
  const results = await Promise.all(Array.from({ length: 5 }, () => t.db.transaction((tx) => refundSmsCredits(tx, { workspaceId: ws, messageId: m.id }))));
  expect(results.filter((r) => r.applied)).toHaveLength(1);
  expect((await t.db.transaction((tx) => settleSmsCredits(tx, { workspaceId: ws, messageId: m.id, credits: 2 }))).applied).toBe(false);
  expect((await summary(ws)).balance).toBe(10);
  const rows = await t.db.select().from(smsCreditLedger).where(eq(smsCreditLedger.messageId, m.id));
  expect(rows.map((r) => [r.reason, r.delta, r.balanceAfter]).sort()).toEqual([["refund", 2, 10], ["reserve", -2, 8]]);
});

test("settling or refunding another workspace's message changes nothing", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  await topUpSmsCredits(a, { credits: 5, note: "x" });
  const [m] = await queueSms(t.db, a.workspace.id, [{ to: "+919876543210", credits: 2 }]);
  expect((await t.db.transaction((tx) => refundSmsCredits(tx, { workspaceId: b.workspace.id, messageId: m.id }))).applied).toBe(false);
  expect((await t.db.transaction((tx) => settleSmsCredits(tx, { workspaceId: b.workspace.id, messageId: m.id, credits: 0 }))).applied).toBe(false);
  expect((await summary(b.workspace.id)).balance).toBe(0);
  expect((await summary(a.workspace.id)).balance).toBe(3);
});

test("MSG91 charging more than was reserved takes what the balance holds, never below zero, and says so", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 2, note: "x" });
  const [m] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 1 }]);
  const r = await t.db.transaction((tx) => settleSmsCredits(tx, { workspaceId: ctx.workspace.id, messageId: m.id, credits: 4 }));
  expect(r).toMatchObject({ applied: true, delta: -1, balance: 0 });
  const [settle] = await t.db.select().from(smsCreditLedger).where(and(eq(smsCreditLedger.reason, "settle"), eq(smsCreditLedger.messageId, m.id)));
  expect(settle.note).toContain("could not be taken");
});

test("owners top up with a note (ledger row, audit event); admins and marketing members cannot", async () => {
  const owner = await makeWorkspace(t.db);
  const r = await topUpSmsCredits(owner, { credits: 250, note: "MSG91 invoice 2026-118" });
  expect(r).toEqual({ balance: 250, credits: 250 });
  const [row] = await t.db.select().from(smsCreditLedger).where(eq(smsCreditLedger.workspaceId, owner.workspace.id));
  expect(row).toMatchObject({ reason: "top_up", delta: 250, note: "MSG91 invoice 2026-118", actorEmail: owner.user.email, balanceAfter: 250, messageId: null });
  const [a] = await t.db.select().from(auditEvents).where(eq(auditEvents.workspaceId, owner.workspace.id));
  expect(a).toMatchObject({ action: "sms_credits.top_up", actorEmail: owner.user.email });
  expect(a.summary).toContain("250");

  for (const role of ["admin", "marketing"] as const) {
    const member = await addMember(owner, role);
    expect(await codeOf(topUpSmsCredits(member, { credits: 10, note: "sneaky" }))).toBe("FORBIDDEN");
  }
  // An API key or a job (no person) cannot either.
  expect(await codeOf(topUpSmsCredits({ ...owner, user: { id: null, email: "api-key:abc" } }, { credits: 10, note: "x" }))).toBe("FORBIDDEN");
  // An owner demoted since the page loaded is refused by the role read in the transaction.
  const demoted = await addMember(owner, "owner");
  await t.db.execute(sql`update memberships set role = 'admin' where user_id = ${demoted.user.id}`);
  expect(await codeOf(topUpSmsCredits(demoted, { credits: 10, note: "x" }))).toBe("FORBIDDEN");
  expect((await summary(owner.workspace.id)).balance).toBe(250);
});

test("a top-up outside 1..1,000,000 credits, not whole, or without a note is refused and writes nothing", async () => {
  const owner = await makeWorkspace(t.db);
  for (const credits of [0, -5, 1_000_001, 1.5, Number.NaN]) {
    expect(await codeOf(topUpSmsCredits(owner, { credits, note: "x" })), String(credits)).toBe("CREDITS_INVALID");
  }
  expect(await codeOf(topUpSmsCredits(owner, { credits: 5, note: "   " }))).toBe("VALIDATION_FAILED");
  expect(await codeOf(topUpSmsCredits(owner, { credits: 1_000_000, note: "max" }))).toBeNull();
  const rows = await t.db.select().from(smsCreditLedger).where(eq(smsCreditLedger.workspaceId, owner.workspace.id));
  expect(rows).toHaveLength(1);
});

test("the summary shows today's count against the cap and warns under the low-balance mark (default 50)", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 52, note: "x" });
  expect(await summary(ctx.workspace.id)).toMatchObject({ balance: 52, sentToday: 0, dailyCap: 500, lowBalance: 50, low: false });
  await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 2 }, { to: "+919812345678", credits: 1 }]);
  expect(await summary(ctx.workspace.id)).toMatchObject({ balance: 49, sentToday: 2, low: true });
  await t.db.update(workspaces).set({ smsSettings: { dailyCap: 40, lowBalance: 10 } }).where(eq(workspaces.id, ctx.workspace.id));
  expect(await summary(ctx.workspace.id)).toMatchObject({ dailyCap: 40, lowBalance: 10, low: false });
  // Tomorrow, today's count starts again.
  const tomorrow = new Date(Date.now() + 24 * 60 * 60_000);
  expect((await getSmsCreditSummary(t.db, { workspaceId: ctx.workspace.id, now: tomorrow })).sentToday).toBe(0);
});

test("the ledger reads newest first in keyset pages, one workspace only", async () => {
  const ctx = await makeWorkspace(t.db);
  const other = await makeWorkspace(t.db);
  for (let i = 1; i <= 7; i++) await topUpSmsCredits(ctx, { credits: i, note: `n${i}` });
  await topUpSmsCredits(other, { credits: 99, note: "other" });
  const seen: string[] = [];
  let after = null;
  for (let page = 0; page < 5; page++) {
    const p: Awaited<ReturnType<typeof listSmsCreditLedger>> = await listSmsCreditLedger(t.db, { workspaceId: ctx.workspace.id, limit: 3, after });
    seen.push(...p.entries.map((e) => e.note!));
    if (!p.nextCursor) break;
    after = decodeLedgerCursor(p.nextCursor);
  }
  expect(seen).toEqual(["n7", "n6", "n5", "n4", "n3", "n2", "n1"]);
  const first = await listSmsCreditLedger(t.db, { workspaceId: ctx.workspace.id, limit: 1 });
  expect(first.entries[0]).toMatchObject({ reason: "top_up", delta: 7, balanceAfter: 28 });
  await t.db.delete(messages);
});
