// Issue 13: code verification counts the per-IP attempt, the challenge's attempt and consumes it in one statement.
// These pin down what that statement must keep: races between guesses and the right code, one session per code,
// the per-IP limit shared with consumeLimit's row, and challenges that do not fit answering as wrong codes.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, expect, test } from "vitest";
import { otpChallenges, portalSessions, portalUsers, rateLimits, workspaces, type SecuritySettings } from "@/lib/db/schema";
import { issueCode, MAX_ATTEMPTS, type CodePurpose } from "@/lib/portal/codes";
import { createPortalSession, sessionLifetimes } from "@/lib/portal/sessions";
import { signInWithCode, signInWithLink } from "@/lib/portal/sign-in";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { createTestDb, type TestDb } from "./helpers/db";
import { makePortalUser } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const MIN = 60_000;
let ipSeq = 0;
const freshIp = () => `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
const wrong = (code: string, i = 1) => ((Number(code) + i) % 1_000_000).toString().padStart(6, "0");

const portalUser = () => makePortalUser(t.db);
type Who = Awaited<ReturnType<typeof portalUser>>;

function issue(who: Who, o: { purpose?: CodePurpose; now?: Date } = {}) {
  return t.db.transaction((tx) => issueCode(tx, { workspaceId: who.workspaceId, portalUserId: who.portalUserId, purpose: o.purpose ?? "sign_in", channels: ["email"], now: o.now }));
}

const enter = (who: Who, challengeId: string, code: string, ip = freshIp()) =>
  signInWithCode(t.db, { workspaceId: who.workspaceId, challengeId, code, host: who.host, ip });

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

const challenge = async (id: string) => (await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, id)))[0];
const sessionsOf = (who: Who) => t.db.select().from(portalSessions).where(eq(portalSessions.portalUserId, who.portalUserId));
const ipPoints = async (workspaceId: string, ip: string) =>
  (await t.db.select({ points: rateLimits.points }).from(rateLimits).where(eq(rateLimits.key, `${LIMITS.portalVerifyPerIp.name}:${workspaceId}:${ip}`)))[0]?.points ?? 0;

test("5 wrong guesses and the right code at once: at most 5 attempts count, and the right code signs in only within them", async () => {
  for (let round = 0; round < 8; round++) {
    const who = await portalUser();
    const c = await issue(who);
    const guesses = Array.from({ length: 5 }, (_, i) => wrong(c.code, i + 1));
    // The right code at a different place in the burst each round.
    guesses.splice(round % 6, 0, c.code);
    const results = await Promise.all(guesses.map((g) => outcome(enter(who, c.challengeId, g))));
    const row = await challenge(c.challengeId);
    const sessions = await sessionsOf(who);
    expect(row.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(results.filter((r) => r === "OK").length).toBe(sessions.length);
    expect(sessions.length).toBeLessThanOrEqual(1);
    if (sessions.length === 1) expect(row.consumedAt).not.toBeNull();
    // Otherwise the right code came after 5 counted wrong ones, or arrived while a wrong one held the row (skipped,
    // uncounted): either way it is still unused, and only as many attempts count as wrong answers were checked.
    else expect(row.consumedAt).toBeNull();
    // The first to take the row is always checked and counted (a right code counts as it consumes).
    expect(row.attempts).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r === "OK" || r === "CODE_WRONG")).toBe(true);
  }
});

test("a guess while another request holds the challenge is answered at once as wrong, uncounted; the code still works after", async ({ skip }) => {
  if (t.kind !== "postgres") skip("PGlite has one connection: no request can hold a row while another runs");
  const who = await portalUser();
  const c = await issue(who);
  const other = postgres(t.url!, { max: 1, onnotice: () => {} });
  try {
    let answer = "";
    await other.begin(async (tx) => {
      await tx`select id from otp_challenges where id = ${c.challengeId} for update`;
      // Waiting for the row would never end while this transaction is open: the race says which happened.
      const blocked = new Promise<string>((r) => setTimeout(() => r("BLOCKED"), 10_000));
      answer = await Promise.race([outcome(enter(who, c.challengeId, c.code)), blocked]);
    });
    expect(answer).toBe("CODE_WRONG");
    const row = await challenge(c.challengeId);
    expect(row.attempts).toBe(0);
    expect(row.consumedAt).toBeNull();
    expect(await outcome(enter(who, c.challengeId, c.code))).toBe("OK");
  } finally {
    await other.end();
  }
});

test("after 5 wrong guesses the right code is refused and no session is made", async () => {
  const who = await portalUser();
  const c = await issue(who);
  for (let i = 1; i <= 5; i++) expect(await outcome(enter(who, c.challengeId, wrong(c.code, i)))).toBe("CODE_WRONG");
  expect(await outcome(enter(who, c.challengeId, c.code))).toBe("CODE_WRONG");
  expect(await sessionsOf(who)).toHaveLength(0);
  expect((await challenge(c.challengeId)).attempts).toBe(5);
});

test("the same right code twice at once makes exactly one session", async () => {
  for (let round = 0; round < 5; round++) {
    const who = await portalUser();
    const c = await issue(who);
    const results = await Promise.all([outcome(enter(who, c.challengeId, c.code)), outcome(enter(who, c.challengeId, c.code))]);
    expect(results.sort()).toEqual(["CODE_WRONG", "OK"]);
    expect(await sessionsOf(who)).toHaveLength(1);
    const [user] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, who.portalUserId));
    expect(user.status).toBe("joined");
  }
});

test("the per-IP limit refuses the 31st attempt in 5 minutes, counts with consumeLimit on one row, and a refused code changes nothing", async () => {
  const who = await portalUser();
  const c = await issue(who);
  const ip = freshIp();
  // 20 through consumeLimit (what the link sign-in counts), 10 through the folded statement: 30 in all.
  for (let i = 0; i < 20; i++) expect(await consumeLimit(t.db, LIMITS.portalVerifyPerIp, `${who.workspaceId}:${ip}`)).toEqual({ ok: true });
  const other = await issue(who);
  for (let i = 0; i < 10; i++) expect(await outcome(enter(who, randomUUID(), "123456", ip))).toBe("CODE_WRONG");
  expect(await ipPoints(who.workspaceId, ip)).toBe(30);

  // The 31st, with the right code: refused, the challenge neither counted nor consumed.
  expect(await outcome(enter(who, c.challengeId, c.code, ip))).toBe("RATE_LIMITED");
  expect(await challenge(c.challengeId)).toMatchObject({ attempts: 0, consumedAt: null });
  expect(await sessionsOf(who)).toHaveLength(0);
  // consumeLimit's path sees the same count (a link sign-in from that IP is refused before its token is looked at).
  expect(await outcome(signInWithLink(t.db, { workspaceId: who.workspaceId, token: "x".repeat(43), host: who.host, ip }))).toBe("RATE_LIMITED");

  // Another IP, or the same one 5 minutes later, gets through.
  expect(await outcome(enter(who, c.challengeId, c.code))).toBe("OK");
  await t.db.execute(sql`update rate_limits set expire = expire - interval '5 minutes' where key like ${`%${ip}`}`);
  expect(await outcome(enter(who, other.challengeId, other.code, ip))).toBe("OK");
  expect(await ipPoints(who.workspaceId, ip)).toBe(1);
});

test("parallel attempts from one IP: exactly 30 get past the limit", async () => {
  const who = await portalUser();
  const ip = freshIp();
  const results = await Promise.all(Array.from({ length: 40 }, () => outcome(enter(who, randomUUID(), "123456", ip))));
  expect(results.filter((r) => r === "CODE_WRONG")).toHaveLength(30);
  expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(10);
});

test("another workspace, another purpose, an expired code: CODE_WRONG, and only the IP attempt is counted", async () => {
  const who = await portalUser();
  const stranger = await portalUser();
  const live = await issue(who);
  const [u2, u3] = [await portalUser(), await portalUser()];
  const secondFactor = await issue(u2, { purpose: "second_factor" });
  const expired = await issue(u3, { now: new Date(Date.now() - 11 * MIN) });
  const cases = [
    { as: stranger, c: live }, // the right code, sent to another workspace's portal
    { as: u2, c: secondFactor }, // a Client Centre code on the sign-in form
    { as: u3, c: expired },
  ];
  for (const { as, c } of cases) {
    const ip = freshIp();
    const before = await challenge(c.challengeId);
    expect(await outcome(enter(as, c.challengeId, c.code, ip))).toBe("CODE_WRONG");
    expect(await challenge(c.challengeId)).toEqual(before);
    expect(await ipPoints(as.workspaceId, ip)).toBe(1);
  }
  for (const u of [who, stranger, u2, u3]) expect(await sessionsOf(u)).toHaveLength(0);
  // None of that touched the live code.
  expect(await outcome(enter(who, live.challengeId, live.code))).toBe("OK");
});

test("a challenge id that is not a uuid, or names nothing, runs the same statement: an IP attempt and CODE_WRONG", async () => {
  const who = await portalUser();
  for (const id of ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000", randomUUID()]) {
    const ip = freshIp();
    expect(await outcome(enter(who, id, "123456", ip))).toBe("CODE_WRONG");
    expect(await ipPoints(who.workspaceId, ip)).toBe(1);
  }
  const rows = await t.db.select().from(otpChallenges).where(and(eq(otpChallenges.workspaceId, who.workspaceId)));
  expect(rows).toHaveLength(0);
});

test("a session's lifetimes, now computed in its insert, match sessionLifetimes for every kind of setting", async () => {
  const who = await portalUser();
  const now = new Date("2030-05-01T12:00:00.000Z");
  const odd: unknown[] = [undefined, null, 3, 30.7, "90", 99_999, 1e20, 0, -5, true, { n: 1 }];
  const cases = odd.flatMap((v) => [
    { twoFactor: false, settings: { sessionIdleMinutes: v } },
    { twoFactor: false, settings: { sessionAbsoluteHours: v, sessionIdleMinutes: 90 } },
    { twoFactor: true, settings: { twoFactorIdleMinutes: v } },
  ]);
  for (const c of cases) {
    const settings = JSON.parse(JSON.stringify(c.settings)) as SecuritySettings; // as stored: undefined keys dropped
    await t.db.update(workspaces).set({ securitySettings: settings }).where(eq(workspaces.id, who.workspaceId));
    const s = await createPortalSession(t.db, { workspaceId: who.workspaceId, portalUserId: who.portalUserId, host: who.host, twoFactor: c.twoFactor, now });
    const { idleMs, absoluteMs } = sessionLifetimes(settings, c.twoFactor);
    const label = JSON.stringify(c);
    expect(s.expiresAt.getTime() - now.getTime(), label).toBe(absoluteMs);
    expect(s.idleExpiresAt.getTime() - now.getTime(), label).toBe(Math.min(idleMs, absoluteMs));
  }
  // A re-authentication keeps the absolute limit of the session it replaces.
  const cap = new Date(now.getTime() + 30 * MIN);
  const s = await createPortalSession(t.db, { workspaceId: who.workspaceId, portalUserId: who.portalUserId, host: who.host, twoFactor: true, now, capAbsoluteAt: cap });
  expect(s.expiresAt).toEqual(cap);
  expect(s.idleExpiresAt.getTime()).toBeLessThanOrEqual(cap.getTime());
});

test("the right code of a client whose access was revoked starts no session (ACCESS_REVOKED)", async () => {
  const who = await portalUser();
  const c = await issue(who);
  await t.db.update(portalUsers).set({ status: "revoked" }).where(eq(portalUsers.id, who.portalUserId));
  expect(await outcome(enter(who, c.challengeId, c.code))).toBe("ACCESS_REVOKED");
  expect(await sessionsOf(who)).toHaveLength(0);
  const [user] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, who.portalUserId));
  expect(user.status).toBe("revoked");
});
