import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contacts, otpChallenges, portalUsers } from "@/lib/db/schema";
import type { AppError } from "@/lib/errors";
import { assertSendAllowed, codeLockedUntil, hashCode, issueCode, verifyCode, type CodeLimitError, type CodePurpose } from "@/lib/portal/codes";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const T0 = new Date("2026-01-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

async function portalUser() {
  const ctx = await makeWorkspace(t.db);
  const [c] = await t.db
    .insert(contacts)
    .values({ workspaceId: ctx.workspace.id, firstName: "Pat", email: `pat-${randomUUID().slice(0, 8)}@example.test` })
    .returning();
  const [u] = await t.db.insert(portalUsers).values({ workspaceId: ctx.workspace.id, contactId: c.id }).returning();
  return { workspaceId: ctx.workspace.id, portalUserId: u.id };
}

type Who = Awaited<ReturnType<typeof portalUser>>;

function issue(who: Who, now: Date, channels: ("email" | "sms")[] = ["email"], purpose: CodePurpose = "sign_in") {
  return t.db.transaction((tx) => issueCode(tx, { ...who, purpose, channels, now }));
}

function verify(who: Who, code: string, now: Date, purpose: CodePurpose = "sign_in") {
  return verifyCode(t.db, { ...who, purpose, code, now });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return (e as AppError).code ?? String(e);
  }
}

const wrong = (code: string) => ((Number(code) + 1) % 1_000_000).toString().padStart(6, "0");

describe("verifyCode", () => {
  test("the right code works once", async () => {
    const who = await portalUser();
    const { code, challengeId } = await issue(who, T0);
    expect(code).toMatch(/^\d{6}$/);
    await expect(verify(who, code, at(MIN))).resolves.toEqual({ challengeId });
    expect(await codeOf(verify(who, code, at(MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
  });

  test("the stored hash is not the code, and is bound to the challenge id", async () => {
    const who = await portalUser();
    const { code, challengeId } = await issue(who, T0);
    const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, challengeId));
    expect(row.codeHash).not.toContain(code);
    expect(row.codeHash).toBe(hashCode(challengeId, code));
    expect(row.codeHash).not.toBe(hashCode(randomUUID(), code));
  });

  test("5 wrong tries kill the code; even the right code then fails", async () => {
    const who = await portalUser();
    const { code } = await issue(who, T0);
    for (let i = 0; i < 5; i++) expect(await codeOf(verify(who, wrong(code), at(MIN)))).toBe("CODE_WRONG");
    expect(await codeOf(verify(who, code, at(MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
  });

  test("malformed input is wrong and costs an attempt", async () => {
    const who = await portalUser();
    const { code, challengeId } = await issue(who, T0);
    for (const bad of ["", "12345", "1234567", "12a456", ` ${code}`]) {
      expect(await codeOf(verify(who, bad, at(MIN)))).toBe("CODE_WRONG");
    }
    const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, challengeId));
    expect(row.attempts).toBe(5);
    expect(await codeOf(verify(who, code, at(MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
  });

  test("20 parallel wrong guesses record at most 5 attempts", async () => {
    const who = await portalUser();
    const { code, challengeId } = await issue(who, T0);
    const results = await Promise.all(Array.from({ length: 20 }, () => codeOf(verify(who, wrong(code), at(MIN)))));
    expect(results.filter((r) => r === "CODE_WRONG").length).toBe(5);
    expect(results.filter((r) => r === "CODE_EXPIRED_OR_EXHAUSTED").length).toBe(15);
    const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, challengeId));
    expect(row.attempts).toBe(5);
  });

  test("parallel uses of the right code sign in once", async () => {
    const who = await portalUser();
    const { code } = await issue(who, T0);
    const results = await Promise.all(Array.from({ length: 5 }, () => codeOf(verify(who, code, at(MIN)))));
    expect(results.filter((r) => r === "OK").length).toBe(1);
    expect(results.filter((r) => r === "CODE_EXPIRED_OR_EXHAUSTED").length).toBe(4);
  });

  test("a new code replaces the old one", async () => {
    const who = await portalUser();
    const first = await issue(who, T0);
    const second = await issue(who, at(2 * MIN));
    expect(await codeOf(verify(who, first.code, at(3 * MIN)))).toBe(first.code === second.code ? "OK" : "CODE_WRONG");
    const [old] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, first.challengeId));
    expect(old.expiresAt.getTime()).toBe(at(2 * MIN).getTime());
    if (first.code !== second.code) await expect(verify(who, second.code, at(3 * MIN))).resolves.toEqual({ challengeId: second.challengeId });
  });

  test("codes of another purpose are separate", async () => {
    const who = await portalUser();
    const signIn = await issue(who, T0, ["email"], "sign_in");
    expect(await codeOf(verify(who, signIn.code, at(MIN), "second_factor"))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
    await expect(verify(who, signIn.code, at(MIN), "sign_in")).resolves.toEqual({ challengeId: signIn.challengeId });
  });

  test("email codes last 10 minutes, SMS codes 5 (at the boundary)", async () => {
    const a = await portalUser();
    const email = await issue(a, T0, ["email"]);
    expect(email.expiresAt.getTime()).toBe(at(10 * MIN).getTime());
    expect(await codeOf(verify(a, email.code, at(10 * MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
    const b = await portalUser();
    const email2 = await issue(b, T0, ["email"]);
    expect(await codeOf(verify(b, email2.code, at(10 * MIN - 1)))).toBe("OK");

    const c = await portalUser();
    const sms = await issue(c, T0, ["sms", "email"]);
    expect(sms.expiresAt.getTime()).toBe(at(5 * MIN).getTime());
    expect(await codeOf(verify(c, sms.code, at(5 * MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
    const d = await portalUser();
    const sms2 = await issue(d, T0, ["sms"]);
    expect(await codeOf(verify(d, sms2.code, at(5 * MIN - 1)))).toBe("OK");
  });

  test("no challenge at all is expired-or-exhausted", async () => {
    const who = await portalUser();
    expect(await codeOf(verify(who, "123456", T0))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
  });

  test("another workspace's user cannot verify or be issued a code", async () => {
    const who = await portalUser();
    const other = await portalUser();
    const { code } = await issue(who, T0);
    const cross = { workspaceId: other.workspaceId, portalUserId: who.portalUserId };
    expect(await codeOf(verify(cross, code, at(MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
    expect(await codeOf(issue(cross, at(10 * MIN)))).toBe("NOT_FOUND");
    // Nothing was counted against the real challenge, and the code still works in its own workspace.
    await expect(verify(who, code, at(MIN))).resolves.toBeTruthy();
  });

  test("10 failures across codes lock code sign-in for 15 minutes from the 10th, then it works again", async () => {
    const who = await portalUser();
    const a = await issue(who, T0);
    for (let i = 0; i < 5; i++) expect(await codeOf(verify(who, wrong(a.code), at(MIN)))).toBe("CODE_WRONG");
    const b = await issue(who, at(2 * MIN));
    for (let i = 0; i < 4; i++) expect(await codeOf(verify(who, wrong(b.code), at(3 * MIN)))).toBe("CODE_WRONG");
    // The 10th failure locks, at 4 min.
    const tenth = verifyCode(t.db, { ...who, purpose: "sign_in", code: wrong(b.code), now: at(4 * MIN) });
    await expect(tenth).rejects.toMatchObject({ code: "CODE_LOCKED", retryAfterSeconds: 15 * 60 });
    // A fresh code (after the cooldown) is refused while locked, even the right one, and costs no attempt.
    const c = await issue(who, at(6 * MIN));
    const locked = await verifyCode(t.db, { ...who, purpose: "sign_in", code: c.code, now: at(6 * MIN) }).catch((e) => e as CodeLimitError);
    expect(locked).toMatchObject({ code: "CODE_LOCKED", retryAfterSeconds: 13 * 60 });
    const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, c.challengeId));
    expect(row.attempts).toBe(0);
    expect(await codeOf(verify(who, c.code, at(19 * MIN - 1)))).toBe("CODE_LOCKED");
    expect(await codeLockedUntil(t.db, { ...who, now: at(19 * MIN - 1) })).toEqual(at(19 * MIN));
    expect(await codeLockedUntil(t.db, { ...who, now: at(19 * MIN) })).toBeNull();
    // 15 minutes after the 10th failure: allowed again.
    const d = await issue(who, at(19 * MIN));
    await expect(verify(who, d.code, at(19 * MIN))).resolves.toEqual({ challengeId: d.challengeId });
  });

  test("failures more than an hour old do not count towards the lock", async () => {
    const who = await portalUser();
    const a = await issue(who, T0);
    for (let i = 0; i < 5; i++) await codeOf(verify(who, wrong(a.code), at(MIN)));
    const b = await issue(who, at(61 * MIN));
    for (let i = 0; i < 4; i++) expect(await codeOf(verify(who, wrong(b.code), at(62 * MIN)))).toBe("CODE_WRONG");
    expect(await codeOf(verify(who, wrong(b.code), at(62 * MIN)))).toBe("CODE_WRONG");
  });
});

describe("issueCode limits", () => {
  test("cooldown is 60 s after the 1st send, 2 min after the 2nd, 5 min after the 3rd and later", async () => {
    const who = await portalUser();
    await issue(who, T0);
    await expect(issue(who, at(59_000))).rejects.toMatchObject({ code: "CODE_COOLDOWN", retryAfterSeconds: 1 });
    await issue(who, at(60_000)); // 2nd
    await expect(issue(who, at(60_000 + 2 * MIN - 1))).rejects.toMatchObject({ code: "CODE_COOLDOWN" });
    await issue(who, at(60_000 + 2 * MIN)); // 3rd at 3 min
    await expect(issue(who, at(3 * MIN + 5 * MIN - 1))).rejects.toMatchObject({ code: "CODE_COOLDOWN", retryAfterSeconds: 1 });
    await expect(issue(who, at(4 * MIN))).rejects.toMatchObject({ code: "CODE_COOLDOWN", retryAfterSeconds: 4 * 60 });
    await issue(who, at(8 * MIN)); // 4th
    await expect(issue(who, at(12 * MIN))).rejects.toMatchObject({ code: "CODE_COOLDOWN" });
    await issue(who, at(13 * MIN)); // 5th
    // The hourly cap: the 6th send in an hour is refused until the 1st is an hour old.
    await expect(issue(who, at(30 * MIN))).rejects.toMatchObject({ code: "CODE_SEND_LIMIT", retryAfterSeconds: 30 * 60 });
    const rows = await t.db.select().from(otpChallenges).where(eq(otpChallenges.portalUserId, who.portalUserId));
    expect(rows).toHaveLength(5);
    await issue(who, at(60 * MIN + 1));
  });

  test("the daily cap is 10 sends", async () => {
    const who = await portalUser();
    for (let i = 0; i < 10; i++) await issue(who, at(i * 2 * 60 * MIN)); // every 2 h
    await expect(issue(who, at(20 * 60 * MIN))).rejects.toMatchObject({ code: "CODE_SEND_LIMIT", retryAfterSeconds: 4 * 3600 });
    await issue(who, at(24 * 60 * MIN + 1));
  });

  test("sends of every purpose count against the recipient", async () => {
    const who = await portalUser();
    await issue(who, T0, ["email"], "sign_in");
    await expect(issue(who, at(30_000), ["email"], "second_factor")).rejects.toMatchObject({ code: "CODE_COOLDOWN" });
  });

  test("parallel issues for one user: only one passes the cooldown", async () => {
    const who = await portalUser();
    const results = await Promise.all(Array.from({ length: 8 }, () => codeOf(issue(who, T0))));
    expect(results.filter((r) => r === "OK").length).toBe(1);
    expect(results.filter((r) => r === "CODE_COOLDOWN").length).toBe(7);
    const rows = await t.db
      .select()
      .from(otpChallenges)
      .where(and(eq(otpChallenges.workspaceId, who.workspaceId), eq(otpChallenges.portalUserId, who.portalUserId)));
    expect(rows).toHaveLength(1);
  });

  test("assertSendAllowed ignores sends older than a day", () => {
    const old = Array.from({ length: 20 }, (_, i) => new Date(T0.getTime() - 25 * 3600_000 - i));
    expect(() => assertSendAllowed(old, T0)).not.toThrow();
  });
});
