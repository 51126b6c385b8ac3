import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contacts, portalSessions, portalUsers, workspaces } from "@/lib/db/schema";
import { sha256 } from "@/lib/crypto";
import {
  createPortalSession,
  readPortalSession,
  revokePortalSession,
  revokeUserSessions,
  sessionAccessEnded,
  sessionLifetimes,
} from "@/lib/portal/sessions";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOST = "acme.localhost:3000";

async function setup(status: "invited" | "joined" | "revoked" = "invited") {
  const ctx = await makeWorkspace(t.db);
  const workspaceId = ctx.workspace.id;
  const [c] = await t.db
    .insert(contacts)
    .values({ workspaceId, firstName: "Sam", email: `sam-${randomUUID().slice(0, 8)}@example.test` })
    .returning();
  const [u] = await t.db.insert(portalUsers).values({ workspaceId, contactId: c.id, status }).returning();
  return { workspaceId, portalUserId: u.id };
}

function create(s: { workspaceId: string; portalUserId: string }, o: { twoFactor?: boolean; now?: Date; host?: string } = {}) {
  return t.db.transaction((tx) =>
    createPortalSession(tx, { ...s, host: o.host ?? HOST, twoFactor: o.twoFactor ?? false, now: o.now ?? T0 }),
  );
}

function read(workspaceId: string, token: string, now: Date, o: { touch?: boolean; host?: string } = {}) {
  return readPortalSession(t.db, { token, workspaceId, host: o.host ?? HOST, touch: o.touch ?? true, now });
}

async function user(id: string) {
  const [u] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, id));
  return u;
}

describe("portal sessions", () => {
  test("default lifetimes: 60 min idle, 7 days absolute; token stored hashed", async () => {
    const s = await setup();
    const { token, expiresAt, idleExpiresAt } = await create(s);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(expiresAt.getTime()).toBe(T0.getTime() + 7 * 24 * HOUR);
    expect(idleExpiresAt.getTime()).toBe(T0.getTime() + 60 * MIN);
    const [row] = await t.db.select().from(portalSessions).where(eq(portalSessions.portalUserId, s.portalUserId));
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const got = await read(s.workspaceId, token, at(MIN));
    expect(got?.session.portalUserId).toBe(s.portalUserId);
    expect(got?.user.status).toBe("joined");
  });

  test("idle expiry is enforced on the server; activity slides it", async () => {
    const s = await setup();
    const { token } = await create(s);
    expect(await read(s.workspaceId, token, at(59 * MIN))).not.toBeNull(); // activity at 59 min → idle until 119 min
    expect(await read(s.workspaceId, token, at(118 * MIN))).not.toBeNull(); // → 178 min
    expect(await read(s.workspaceId, token, at(178 * MIN), { touch: false })).toBeNull(); // exactly at idle expiry
    expect(await read(s.workspaceId, token, at(179 * MIN))).toBeNull(); // and touching cannot revive it
  });

  test("background polling (touch: false) does not extend the session", async () => {
    const s = await setup();
    const { token } = await create(s);
    for (let m = 10; m < 60; m += 10) expect(await read(s.workspaceId, token, at(m * MIN), { touch: false })).not.toBeNull();
    expect(await read(s.workspaceId, token, at(60 * MIN), { touch: false })).toBeNull();
    const [row] = await t.db.select().from(portalSessions).where(eq(portalSessions.tokenHash, sha256(token)));
    expect(row.idleExpiresAt.getTime()).toBe(at(60 * MIN).getTime());
  });

  test("the absolute cap ends the session however active it is", async () => {
    const s = await setup();
    const { token, expiresAt } = await create(s, { twoFactor: true });
    expect(expiresAt.getTime()).toBe(at(12 * HOUR).getTime());
    let last = null;
    for (let m = 10; m < 12 * 60; m += 10) {
      last = await read(s.workspaceId, token, at(m * MIN));
      expect(last).not.toBeNull();
    }
    // idle slide is capped at the absolute expiry
    expect(last!.session.idleExpiresAt.getTime()).toBe(at(12 * HOUR).getTime());
    expect(await read(s.workspaceId, token, at(12 * HOUR))).toBeNull();
  });

  test("two-factor sessions idle out after 15 minutes", async () => {
    const s = await setup();
    const { token, idleExpiresAt } = await create(s, { twoFactor: true });
    expect(idleExpiresAt.getTime()).toBe(at(15 * MIN).getTime());
    expect(await read(s.workspaceId, token, at(14 * MIN))).not.toBeNull();
    expect(await read(s.workspaceId, token, at(28 * MIN + 59_000), { touch: false })).not.toBeNull();
    expect(await read(s.workspaceId, token, at(29 * MIN), { touch: false })).toBeNull();
  });

  test("workspace settings set single-factor lifetimes (clamped)", async () => {
    expect(sessionLifetimes({}, false)).toEqual({ idleMs: 60 * MIN, absoluteMs: 7 * 24 * HOUR });
    expect(sessionLifetimes({ sessionIdleMinutes: 1, sessionAbsoluteHours: 0 }, false)).toEqual({ idleMs: 5 * MIN, absoluteMs: HOUR });
    expect(sessionLifetimes({ sessionIdleMinutes: 999, sessionAbsoluteHours: 9999 }, true)).toEqual({ idleMs: 15 * MIN, absoluteMs: 12 * HOUR });
    const s = await setup();
    await t.db
      .update(workspaces)
      .set({ securitySettings: { sessionIdleMinutes: 30, sessionAbsoluteHours: 2 } })
      .where(eq(workspaces.id, s.workspaceId));
    const { token, expiresAt, idleExpiresAt } = await create(s);
    expect(idleExpiresAt.getTime()).toBe(at(30 * MIN).getTime());
    expect(expiresAt.getTime()).toBe(at(2 * HOUR).getTime());
    expect(await read(s.workspaceId, token, at(31 * MIN))).toBeNull();
  });

  test("another workspace or another host gets null", async () => {
    const a = await setup();
    const b = await setup();
    const { token } = await create(a);
    expect(await read(b.workspaceId, token, at(MIN))).toBeNull();
    expect(await read(a.workspaceId, token, at(MIN), { host: "other.localhost:3000" })).toBeNull();
    expect(await read(a.workspaceId, "not-a-token", at(MIN))).toBeNull();
    expect(await read(a.workspaceId, token, at(MIN), { host: "ACME.localhost:3000" })).not.toBeNull();
  });

  test("a revoked portal user's sessions are dead, and a revoked user cannot sign in", async () => {
    const s = await setup();
    const { token } = await create(s);
    await t.db.update(portalUsers).set({ status: "revoked" }).where(eq(portalUsers.id, s.portalUserId));
    expect(await read(s.workspaceId, token, at(MIN))).toBeNull();
    await expect(create(s)).rejects.toMatchObject({ code: "ACCESS_REVOKED" });
    expect((await user(s.portalUserId)).status).toBe("revoked"); // never revived
    const other = await setup();
    await expect(create({ workspaceId: other.workspaceId, portalUserId: s.portalUserId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("a revoked client's old session cookie tells the portal their access ended; nobody else's does", async () => {
    const s = await setup("joined");
    const other = await setup("joined");
    const { token } = await create(s);
    const { token: othersToken } = await create(other);
    expect(await sessionAccessEnded(t.db, { token, workspaceId: s.workspaceId, host: HOST })).toBe(false);
    await t.db.update(portalUsers).set({ status: "revoked", revokedAt: T0 }).where(eq(portalUsers.id, s.portalUserId));
    await revokeUserSessions(t.db, s);
    expect(await readPortalSession(t.db, { token, workspaceId: s.workspaceId, host: HOST, touch: false })).toBeNull();
    expect(await sessionAccessEnded(t.db, { token, workspaceId: s.workspaceId, host: HOST })).toBe(true);
    // Not on another host or workspace, not for an unknown or malformed token, not for a client still active.
    expect(await sessionAccessEnded(t.db, { token, workspaceId: s.workspaceId, host: "other.localhost:3000" })).toBe(false);
    expect(await sessionAccessEnded(t.db, { token, workspaceId: other.workspaceId, host: HOST })).toBe(false);
    for (const bad of ["", "%00", "x".repeat(5000), randomUUID()]) {
      expect(await sessionAccessEnded(t.db, { token: bad, workspaceId: s.workspaceId, host: HOST })).toBe(false);
    }
    expect(await sessionAccessEnded(t.db, { token: othersToken, workspaceId: other.workspaceId, host: HOST })).toBe(false);
  });

  test("revokeUserSessions ends all of that user's sessions at once, and only theirs", async () => {
    const s = await setup();
    const one = await create(s);
    const two = await create(s);
    const other = await setup();
    const theirs = await create(other);
    // another workspace's portal user id under this workspace: nothing happens
    const crossTenant = { workspaceId: s.workspaceId, portalUserId: other.portalUserId };
    expect(await t.db.transaction((tx) => revokeUserSessions(tx, crossTenant))).toBe(0);
    expect(await t.db.transaction((tx) => revokeUserSessions(tx, s))).toBe(2);
    expect(await read(s.workspaceId, one.token, at(MIN))).toBeNull();
    expect(await read(s.workspaceId, two.token, at(MIN))).toBeNull();
    expect(await read(other.workspaceId, theirs.token, at(MIN))).not.toBeNull();
  });

  test("sign out ends only that session", async () => {
    const s = await setup();
    const one = await create(s);
    const two = await create(s);
    const other = await setup();
    // another workspace's sign-out cannot end it
    expect(await revokePortalSession(t.db, { token: one.token, workspaceId: other.workspaceId })).toBe(false);
    expect(await read(s.workspaceId, one.token, at(MIN))).not.toBeNull();
    expect(await revokePortalSession(t.db, { token: one.token, workspaceId: s.workspaceId })).toBe(true);
    expect(await revokePortalSession(t.db, { token: one.token, workspaceId: s.workspaceId })).toBe(false);
    expect(await read(s.workspaceId, one.token, at(MIN))).toBeNull();
    expect(await read(s.workspaceId, two.token, at(MIN))).not.toBeNull();
  });

  test("the first sign-in sets joined_at once; a second sign-in does not change it", async () => {
    const s = await setup();
    expect((await user(s.portalUserId)).joinedAt).toBeNull();
    await create(s, { now: T0 });
    const first = await user(s.portalUserId);
    expect(first.status).toBe("joined");
    expect(first.joinedAt?.getTime()).toBe(T0.getTime());
    expect(first.lastSeenAt?.getTime()).toBe(T0.getTime());
    await create(s, { now: at(HOUR) });
    const second = await user(s.portalUserId);
    expect(second.joinedAt?.getTime()).toBe(T0.getTime());
    expect(second.lastSeenAt?.getTime()).toBe(at(HOUR).getTime());
  });

  test("parallel first sign-ins agree on one joined_at", async () => {
    const s = await setup();
    await Promise.all([create(s, { now: T0 }), create(s, { now: at(1000) }), create(s, { now: at(2000) })]);
    const u = await user(s.portalUserId);
    expect(u.status).toBe("joined");
    expect([T0.getTime(), at(1000).getTime(), at(2000).getTime()]).toContain(u.joinedAt?.getTime());
    const rows = await t.db.select().from(portalSessions).where(eq(portalSessions.portalUserId, s.portalUserId));
    expect(rows).toHaveLength(3);
  });
});
