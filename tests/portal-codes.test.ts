import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { otpChallenges } from "@/lib/db/schema";
import type { AppError } from "@/lib/errors";
import { hashCode, issueCode, verifyChallenge, type CodePurpose } from "@/lib/portal/codes";
import { createTestDb, type TestDb } from "./helpers/db";
import { makePortalUser } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const T0 = new Date("2026-01-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

const portalUser = () => makePortalUser(t.db);

type Who = Awaited<ReturnType<typeof portalUser>>;

function issue(who: Who, now: Date, channels: ("email" | "sms")[] = ["email"], purpose: CodePurpose = "sign_in") {
  return t.db.transaction((tx) => issueCode(tx, { ...who, purpose, channels, now }));
}

function verify(who: Who & { challengeId: string }, code: string, now: Date, purpose: CodePurpose = "sign_in") {
  return verifyChallenge(t.db, { workspaceId: who.workspaceId, challengeId: who.challengeId, purpose, code, now });
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

describe("verifyChallenge", () => {
  test("the right code works once, and says whose it was", async () => {
    const who = await portalUser();
    const { code, challengeId } = await issue(who, T0);
    expect(code).toMatch(/^\d{6}$/);
    await expect(verify({ ...who, challengeId }, code, at(MIN))).resolves.toEqual({ challengeId, portalUserId: who.portalUserId });
    expect(await codeOf(verify({ ...who, challengeId }, code, at(MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
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
    const c = await issue(who, T0);
    for (let i = 0; i < 5; i++) expect(await codeOf(verify({ ...who, ...c }, wrong(c.code), at(MIN)))).toBe("CODE_WRONG");
    expect(await codeOf(verify({ ...who, ...c }, c.code, at(MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
  });

  test("malformed input is wrong and costs an attempt", async () => {
    const who = await portalUser();
    const c = await issue(who, T0);
    for (const bad of ["", "12345", "1234567", "12a456", ` ${c.code}`]) {
      expect(await codeOf(verify({ ...who, ...c }, bad, at(MIN)))).toBe("CODE_WRONG");
    }
    const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, c.challengeId));
    expect(row.attempts).toBe(5);
    expect(await codeOf(verify({ ...who, ...c }, c.code, at(MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
  });

  test("20 parallel wrong guesses record at most 5 attempts", async () => {
    const who = await portalUser();
    const c = await issue(who, T0);
    const results = await Promise.all(Array.from({ length: 20 }, () => codeOf(verify({ ...who, ...c }, wrong(c.code), at(MIN)))));
    expect(results.filter((r) => r === "CODE_WRONG").length).toBe(5);
    expect(results.filter((r) => r === "CODE_EXPIRED_OR_EXHAUSTED").length).toBe(15);
    const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, c.challengeId));
    expect(row.attempts).toBe(5);
  });

  test("parallel uses of the right code sign in once", async () => {
    const who = await portalUser();
    const c = await issue(who, T0);
    const results = await Promise.all(Array.from({ length: 5 }, () => codeOf(verify({ ...who, ...c }, c.code, at(MIN)))));
    expect(results.filter((r) => r === "OK").length).toBe(1);
    expect(results.filter((r) => r === "CODE_EXPIRED_OR_EXHAUSTED").length).toBe(4);
  });

  test("a new code leaves the older one working: each belongs to the browser that asked for it", async () => {
    const who = await portalUser();
    const first = await issue(who, T0);
    const second = await issue(who, at(2 * MIN));
    await expect(verify({ ...who, ...first }, first.code, at(3 * MIN))).resolves.toMatchObject({ challengeId: first.challengeId });
    await expect(verify({ ...who, ...second }, second.code, at(3 * MIN))).resolves.toMatchObject({ challengeId: second.challengeId });
  });

  test("a code expires after 10 minutes", async () => {
    const who = await portalUser();
    const c = await issue(who, T0);
    expect(await codeOf(verify({ ...who, ...c }, c.code, at(10 * MIN)))).toBe("CODE_EXPIRED_OR_EXHAUSTED");
  });

  test("a challenge of another workspace, or an id that is not one, names nothing and costs nothing", async () => {
    const who = await portalUser();
    const other = await portalUser();
    const c = await issue(who, T0);
    expect(await codeOf(verifyChallenge(t.db, { workspaceId: other.workspaceId, challengeId: c.challengeId, purpose: "sign_in", code: c.code, now: at(MIN) }))).toBe(
      "CODE_EXPIRED_OR_EXHAUSTED",
    );
    for (const id of ["", "not-a-uuid", "%00", "x".repeat(5000)]) {
      expect(await codeOf(verifyChallenge(t.db, { workspaceId: who.workspaceId, challengeId: id, purpose: "sign_in", code: c.code, now: at(MIN) }))).toBe(
        "CODE_EXPIRED_OR_EXHAUSTED",
      );
    }
    const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, c.challengeId));
    expect(row.attempts).toBe(0);
    await expect(verify({ ...who, ...c }, c.code, at(MIN))).resolves.toBeTruthy();
  });
});

describe("issueCode budget", () => {
  test("at most 2 unused codes an hour; a used one does not count", async () => {
    const who = await portalUser();
    const a = await issue(who, T0);
    await verify({ ...who, ...a }, a.code, at(MIN)); // used: no longer counts
    await issue(who, at(2 * MIN));
    await issue(who, at(3 * MIN));
    await expect(issue(who, at(4 * MIN))).rejects.toMatchObject({ code: "CODE_SEND_LIMIT" });
    // An hour after the first unused one, another is allowed.
    await issue(who, at(62 * MIN + 1));
    await expect(issue(who, at(62 * MIN + 2))).rejects.toMatchObject({ code: "CODE_SEND_LIMIT" });
  });

  test("at most 10 unused codes a day", async () => {
    const who = await portalUser();
    for (let i = 0; i < 10; i++) await issue(who, at(i * 61 * MIN));
    await expect(issue(who, at(20 * 60 * MIN))).rejects.toMatchObject({ code: "CODE_SEND_LIMIT" });
    await issue(who, at(24 * 60 * MIN + 1));
  });

  test("codes of every purpose count against the user", async () => {
    const who = await portalUser();
    await issue(who, T0, ["email"], "sign_in");
    await issue(who, at(MIN), ["email"], "second_factor");
    await expect(issue(who, at(2 * MIN), ["email"], "sign_in")).rejects.toMatchObject({ code: "CODE_SEND_LIMIT" });
  });

  test("parallel issues for one user: the budget holds", async () => {
    const who = await portalUser();
    const results = await Promise.all(Array.from({ length: 8 }, () => codeOf(issue(who, T0))));
    expect(results.filter((r) => r === "OK").length).toBe(2);
    expect(results.filter((r) => r === "CODE_SEND_LIMIT").length).toBe(6);
    const rows = await t.db
      .select()
      .from(otpChallenges)
      .where(and(eq(otpChallenges.workspaceId, who.workspaceId), eq(otpChallenges.portalUserId, who.portalUserId)));
    expect(rows).toHaveLength(2);
  });
});
