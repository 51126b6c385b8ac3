import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "@/lib/db";
import { accessLinks, contacts, portalUsers, workspaces } from "@/lib/db/schema";
import { sha256 } from "@/lib/crypto";
import {
  currentAccessLink,
  issueAccessLink,
  accessLinkState,
  magicLinkDays,
  resolveAccessLink,
  revokeAccessLinks,
  useAccessLink,
  type AccessLinkKind,
} from "@/lib/portal/access-links";
import { linkLandingState } from "@/lib/portal/link-landing-state";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const DAY = 86_400_000;

async function portalUser(db: Db, workspaceId: string, status: "invited" | "joined" | "revoked" = "invited") {
  const [c] = await db
    .insert(contacts)
    .values({ workspaceId, firstName: "Pat", email: `pat-${randomUUID().slice(0, 8)}@example.test` })
    .returning();
  const [u] = await db.insert(portalUsers).values({ workspaceId, contactId: c.id, status }).returning();
  return u.id;
}

async function setup(status: "invited" | "joined" | "revoked" = "invited") {
  const ctx = await makeWorkspace(t.db);
  const workspaceId = ctx.workspace.id;
  const portalUserId = await portalUser(t.db, workspaceId, status);
  return { workspaceId, portalUserId };
}

function issue(p: { workspaceId: string; portalUserId: string; kind?: AccessLinkKind; now?: Date }) {
  return t.db.transaction((tx) => issueAccessLink(tx, { kind: "magic", ...p }));
}

function use(p: { workspaceId: string; token: string; now?: Date }) {
  return t.db.transaction((tx) => useAccessLink(tx, p));
}

async function activeLinks(portalUserId: string) {
  return t.db
    .select()
    .from(accessLinks)
    .where(and(eq(accessLinks.portalUserId, portalUserId), isNull(accessLinks.revokedAt)));
}

describe("magic links", () => {
  test("a second issued link kills the first at once; the second works repeatedly", async () => {
    const s = await setup();
    const first = await issue(s);
    expect(await resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: first.token })).toMatchObject({
      portalUserId: s.portalUserId,
      kind: "magic",
    });
    const second = await issue(s);
    await expect(resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: first.token })).rejects.toMatchObject({
      code: "LINK_SUPERSEDED",
    });
    await expect(use({ workspaceId: s.workspaceId, token: first.token })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
    for (let i = 0; i < 3; i++) {
      expect(await use({ workspaceId: s.workspaceId, token: second.token })).toMatchObject({ portalUserId: s.portalUserId });
    }
    const [row] = await activeLinks(s.portalUserId);
    expect(row.tokenHash).toBe(sha256(second.token));
    expect(row.lastUsedAt).not.toBeNull();
  });

  test("resolving (the GET) does not use the link", async () => {
    const s = await setup();
    const link = await issue({ ...s, kind: "sign_in" });
    await resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: link.token });
    await resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: link.token });
    const [row] = await activeLinks(s.portalUserId);
    expect(row.lastUsedAt).toBeNull();
    expect(await use({ workspaceId: s.workspaceId, token: link.token })).toMatchObject({ kind: "sign_in" });
  });

  test("expiry at the boundary: valid a millisecond before, expired at expires_at", async () => {
    const s = await setup();
    const now = new Date("2030-01-01T00:00:00Z");
    const link = await issue({ ...s, now });
    expect(link.expiresAt.getTime()).toBe(now.getTime() + 7 * DAY);
    const before = new Date(link.expiresAt.getTime() - 1);
    await expect(resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: link.token, now: before })).resolves.toBeTruthy();
    await expect(use({ workspaceId: s.workspaceId, token: link.token, now: before })).resolves.toBeTruthy();
    await expect(
      resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: link.token, now: link.expiresAt }),
    ).rejects.toMatchObject({ code: "LINK_EXPIRED" });
    await expect(use({ workspaceId: s.workspaceId, token: link.token, now: link.expiresAt })).rejects.toMatchObject({
      code: "LINK_EXPIRED",
    });
    // An expired link is not offered for copying.
    expect(await currentAccessLink(t.db, { ...s, now: link.expiresAt })).toBeNull();
  });

  test("another workspace's token, and a made-up one, are LINK_INVALID", async () => {
    const a = await setup();
    const b = await setup();
    const link = await issue(a);
    await expect(resolveAccessLink(t.db, { workspaceId: b.workspaceId, token: link.token })).rejects.toMatchObject({
      code: "LINK_INVALID",
    });
    await expect(use({ workspaceId: b.workspaceId, token: link.token })).rejects.toMatchObject({ code: "LINK_INVALID" });
    await expect(resolveAccessLink(t.db, { workspaceId: a.workspaceId, token: "nope" })).rejects.toMatchObject({
      code: "LINK_INVALID",
    });
    await expect(resolveAccessLink(t.db, { workspaceId: a.workspaceId, token: "" })).rejects.toMatchObject({
      code: "LINK_INVALID",
    });
    // and it still works on its own workspace
    await expect(use({ workspaceId: a.workspaceId, token: link.token })).resolves.toBeTruthy();
  });

  test("issuing for another workspace's portal user is NOT_FOUND and writes nothing", async () => {
    const a = await setup();
    const b = await setup();
    await expect(issue({ workspaceId: b.workspaceId, portalUserId: a.portalUserId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await activeLinks(a.portalUserId)).toEqual([]);
  });

  test("the token is stored hashed and encrypted, never in plain text", async () => {
    const s = await setup();
    const link = await issue(s);
    const [row] = await activeLinks(s.portalUserId);
    expect(row.tokenHash).toBe(sha256(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);
    expect(row.tokenEncrypted).not.toContain(link.token);
  });

  test("copy returns the same active link; null when none or only a sign-in link", async () => {
    const s = await setup();
    expect(await currentAccessLink(t.db, s)).toBeNull();
    const link = await issue(s);
    const copy1 = await currentAccessLink(t.db, s);
    const copy2 = await currentAccessLink(t.db, s);
    expect(copy1).toEqual({ token: link.token, expiresAt: link.expiresAt, kind: "magic" });
    expect(copy2?.token).toBe(link.token);
    // another workspace cannot read it
    const other = await setup();
    expect(await currentAccessLink(t.db, { workspaceId: other.workspaceId, portalUserId: s.portalUserId })).toBeNull();
    // A sign-in link the client asks for is never handed out as the magic link, and does not replace it.
    const signIn = await issue({ ...s, kind: "sign_in" });
    expect((await currentAccessLink(t.db, s))?.token).toBe(link.token);
    expect(await use({ workspaceId: s.workspaceId, token: signIn.token })).toMatchObject({ kind: "sign_in" });
    expect(await use({ workspaceId: s.workspaceId, token: link.token })).toMatchObject({ kind: "magic" });
    // A new magic link replaces the old one but leaves a pending sign-in link alone.
    const signIn2 = await issue({ ...s, kind: "sign_in" });
    await issue(s);
    await expect(use({ workspaceId: s.workspaceId, token: link.token })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
    expect(await use({ workspaceId: s.workspaceId, token: signIn2.token })).toMatchObject({ kind: "sign_in" });
  });

  test("only the personal link of a user without one is null", async () => {
    const s = await setup();
    await issue({ ...s, kind: "sign_in" });
    expect(await currentAccessLink(t.db, s)).toBeNull();
  });

  test("magic-link days come from the workspace, clamped to 1..30", async () => {
    expect(magicLinkDays(undefined)).toBe(7);
    expect(magicLinkDays(0)).toBe(1);
    expect(magicLinkDays(-5)).toBe(1);
    expect(magicLinkDays(31)).toBe(30);
    expect(magicLinkDays(1000)).toBe(30);
    expect(magicLinkDays(2.9)).toBe(2);
    expect(magicLinkDays("10")).toBe(7);
    const now = new Date("2030-01-01T00:00:00Z");
    for (const [setting, days] of [
      [90, 30],
      [0, 1],
      [3, 3],
    ] as const) {
      const s = await setup();
      await t.db.update(workspaces).set({ securitySettings: { magicLinkDays: setting } }).where(eq(workspaces.id, s.workspaceId));
      expect((await issue({ ...s, now })).expiresAt.getTime()).toBe(now.getTime() + days * DAY);
      expect((await issue({ ...s, kind: "invitation", now })).expiresAt.getTime()).toBe(now.getTime() + days * DAY);
      // sign-in links are always 15 minutes
      expect((await issue({ ...s, kind: "sign_in", now })).expiresAt.getTime()).toBe(now.getTime() + 15 * 60_000);
    }
  });

  test("a sign-in link is single-use; replaying it is LINK_INVALID", async () => {
    const s = await setup();
    const link = await issue({ ...s, kind: "sign_in" });
    expect(await use({ workspaceId: s.workspaceId, token: link.token })).toMatchObject({ kind: "sign_in" });
    await expect(use({ workspaceId: s.workspaceId, token: link.token })).rejects.toMatchObject({ code: "LINK_INVALID" });
    await expect(resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: link.token })).rejects.toMatchObject({
      code: "LINK_INVALID",
    });
  });

  test("parallel POSTs of one sign-in link: exactly one succeeds", async () => {
    const s = await setup();
    const link = await issue({ ...s, kind: "sign_in" });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => use({ workspaceId: s.workspaceId, token: link.token })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  test("an unused sign-in link that was replaced is SUPERSEDED; expires after 15 minutes", async () => {
    const s = await setup();
    const now = new Date("2030-01-01T00:00:00Z");
    const a = await issue({ ...s, kind: "sign_in", now });
    await expect(
      resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: a.token, now: new Date(now.getTime() + 15 * 60_000) }),
    ).rejects.toMatchObject({ code: "LINK_EXPIRED" });
    await issue({ ...s, kind: "sign_in", now });
    await expect(resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: a.token, now })).rejects.toMatchObject({
      code: "LINK_SUPERSEDED",
    });
  });

  test("two concurrent issues both succeed and leave exactly one active link", async () => {
    const s = await setup();
    const links = await Promise.all(Array.from({ length: 5 }, () => issue(s)));
    const active = await activeLinks(s.portalUserId);
    expect(active).toHaveLength(1);
    const survivor = links.find((l) => sha256(l.token) === active[0].tokenHash);
    expect(survivor).toBeDefined();
    for (const l of links) {
      if (l === survivor) await expect(use({ workspaceId: s.workspaceId, token: l.token })).resolves.toBeTruthy();
      else await expect(use({ workspaceId: s.workspaceId, token: l.token })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
    }
  });

  test("a revoked portal user's links say ACCESS_REVOKED, and no new link is issued", async () => {
    const s = await setup();
    const link = await issue(s);
    await t.db.transaction(async (tx) => {
      await tx.update(portalUsers).set({ status: "revoked", revokedAt: new Date() }).where(eq(portalUsers.id, s.portalUserId));
      expect(await revokeAccessLinks(tx, s)).toBe(1);
    });
    await expect(resolveAccessLink(t.db, { workspaceId: s.workspaceId, token: link.token })).rejects.toMatchObject({
      code: "ACCESS_REVOKED",
    });
    await expect(use({ workspaceId: s.workspaceId, token: link.token })).rejects.toMatchObject({ code: "ACCESS_REVOKED" });
    await expect(issue(s)).rejects.toMatchObject({ code: "ACCESS_REVOKED" });
    expect(await activeLinks(s.portalUserId)).toEqual([]);
    expect(await currentAccessLink(t.db, s)).toBeNull();
  });

  test("a user revoked without their links being revoked still cannot use them", async () => {
    const s = await setup();
    const link = await issue(s);
    await t.db.update(portalUsers).set({ status: "revoked" }).where(eq(portalUsers.id, s.portalUserId));
    await expect(use({ workspaceId: s.workspaceId, token: link.token })).rejects.toMatchObject({ code: "ACCESS_REVOKED" });
  });
});

describe("a link's landing state (accessLinkState, read by the proxy for the page cache)", () => {
  test("each state a link can be in, from one statement built once and reused across workspaces and links", async () => {
    const now = new Date();
    const a = await setup();
    const b = await setup();
    const state = (workspaceId: string, token: string, at = now) => accessLinkState(t.db, { workspaceId, token, now: at });

    const magic = await issue({ ...a, now });
    expect(await state(a.workspaceId, magic.token)).toEqual({ kind: "magic", problem: null });
    // The same token in another workspace is unknown there; a well-formed token nobody issued is unknown; a
    // malformed one is never looked up.
    expect(await state(b.workspaceId, magic.token)).toEqual({ kind: null, problem: "LINK_INVALID" });
    expect(await state(a.workspaceId, "B".repeat(43))).toEqual({ kind: null, problem: "LINK_INVALID" });
    expect(await state(a.workspaceId, "<script>")).toEqual({ kind: null, problem: "LINK_INVALID" });
    // Expired, then replaced by a newer one.
    expect(await state(a.workspaceId, magic.token, new Date(magic.expiresAt.getTime() + 1))).toEqual({ kind: "magic", problem: "LINK_EXPIRED" });
    const newer = await issue({ ...a, now });
    expect(await state(a.workspaceId, magic.token)).toEqual({ kind: "magic", problem: "LINK_SUPERSEDED" });
    expect(await state(a.workspaceId, newer.token)).toEqual({ kind: "magic", problem: null });

    // A sign-in link spent by its own use is invalid, not replaced.
    const once = await issue({ ...b, kind: "sign_in", now });
    expect(await state(b.workspaceId, once.token)).toEqual({ kind: "sign_in", problem: null });
    await use({ workspaceId: b.workspaceId, token: once.token, now });
    expect(await state(b.workspaceId, once.token)).toEqual({ kind: "sign_in", problem: "LINK_INVALID" });

    // A client whose access was revoked: the page says so whatever the link.
    await t.db.update(portalUsers).set({ status: "revoked" }).where(eq(portalUsers.id, a.portalUserId));
    expect(await state(a.workspaceId, newer.token)).toEqual({ kind: "magic", problem: "ACCESS_REVOKED" });
  });

  test("a passing error of the Continue POST (a rate limit) shows Continue again only for a link that still works", async () => {
    const now = new Date();
    const a = await setup();
    const magic = await issue({ ...a, now });
    const landing = async (token: string, error?: string) => (await linkLandingState(t.db, { workspaceId: a.workspaceId, token, error, now })).shape;
    expect(await landing(magic.token, "RATE_LIMITED")).toMatchObject({ problem: null, transient: "RATE_LIMITED" });
    // Unknown, replaced, expired or revoked: the link's own problem, not Continue with "too many attempts".
    expect(await landing("B".repeat(43), "RATE_LIMITED")).toMatchObject({ problem: "LINK_INVALID", transient: null });
    const newer = await issue({ ...a, now });
    expect(await landing(magic.token, "RATE_LIMITED")).toMatchObject({ problem: "LINK_SUPERSEDED", transient: null });
    expect(await landing(newer.token, "INTERNAL")).toMatchObject({ problem: null, transient: "INTERNAL" });
    await t.db.update(portalUsers).set({ status: "revoked" }).where(eq(portalUsers.id, a.portalUserId));
    expect(await landing(newer.token, "RATE_LIMITED")).toMatchObject({ problem: "ACCESS_REVOKED", transient: null });
    // An error the POST sent back about the link itself still wins.
    expect(await landing(newer.token, "LINK_EXPIRED")).toMatchObject({ problem: "LINK_EXPIRED", transient: null });
  });
});
