// The daily prune: what can never be used again goes; what is alive, or recently ended, stays.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { accessLinks, emailProfiles, otpChallenges, pendingSignIns, portalSessions, rateLimits } from "@/lib/db/schema";
import { pruneExpired } from "@/lib/jobs/prune-expired";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { createPortalSession } from "@/lib/portal/sessions";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

test("ended sessions, old links and codes and spent counters go, in slices; live and recent ones stay", async () => {
  const ctx = await makeWorkspace(t.db);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hi@acme.test", isDefault: true });
  const users: string[] = [];
  for (const n of ["a", "b", "c", "d", "e"]) users.push((await invitePortalUser(ctx, { email: `${n}@example.test`, firstName: n })).portalUserId);
  const session = (id: string) => t.db.transaction((tx) => createPortalSession(tx, { workspaceId: ctx.workspace.id, portalUserId: id, host: "x.localhost", twoFactor: false }));
  for (const id of users) await session(id);

  // Sessions: three ended more than a week ago (absolute, idle, revoked), one ended yesterday, one alive.
  const rows = await t.db.select({ id: portalSessions.id, user: portalSessions.portalUserId }).from(portalSessions);
  const s = (i: number) => rows.find((r) => r.user === users[i])!.id;
  await t.db.update(portalSessions).set({ absoluteExpiresAt: ago(8), idleExpiresAt: ago(8) }).where(eq(portalSessions.id, s(0)));
  await t.db.update(portalSessions).set({ idleExpiresAt: ago(9) }).where(eq(portalSessions.id, s(1)));
  await t.db.update(portalSessions).set({ revokedAt: ago(10) }).where(eq(portalSessions.id, s(2)));
  await t.db.update(portalSessions).set({ idleExpiresAt: ago(1) }).where(eq(portalSessions.id, s(3)));

  // Links: one expired 31 days ago, one revoked 40 days ago, one expired 3 days ago (its page still says so), two live.
  const links = await t.db.select({ id: accessLinks.id, user: accessLinks.portalUserId }).from(accessLinks);
  const l = (i: number) => links.find((r) => r.user === users[i])!.id;
  await t.db.update(accessLinks).set({ expiresAt: ago(31) }).where(eq(accessLinks.id, l(0)));
  await t.db.update(accessLinks).set({ revokedAt: ago(40) }).where(eq(accessLinks.id, l(1)));
  await t.db.update(accessLinks).set({ expiresAt: ago(3) }).where(eq(accessLinks.id, l(2)));

  await t.db.insert(otpChallenges).values([
    { workspaceId: ctx.workspace.id, portalUserId: users[0], purpose: "sign_in", channels: ["email"], codeHash: "x", expiresAt: ago(3), createdAt: ago(3) },
    { workspaceId: ctx.workspace.id, portalUserId: users[0], purpose: "sign_in", channels: ["email"], codeHash: "y", expiresAt: new Date(Date.now() + 600_000) },
  ]);
  // Two-factor sign-ins in progress: one ended two days ago, one live.
  const pending = await t.db
    .insert(pendingSignIns)
    .values([
      { workspaceId: ctx.workspace.id, portalUserId: users[4], purpose: "link", browserHash: "x", host: "x.localhost", expiresAt: ago(2), createdAt: ago(2) },
      { workspaceId: ctx.workspace.id, portalUserId: users[4], purpose: "link", browserHash: "y", host: "x.localhost", expiresAt: new Date(Date.now() + 600_000) },
    ])
    .returning({ id: pendingSignIns.id });
  await t.db.insert(rateLimits).values([
    { key: "old", points: 3, expire: ago(1) },
    { key: "live", points: 1, expire: new Date(Date.now() + 60_000) },
  ]);

  const report = await pruneExpired(t.db, { batch: 2 });
  expect(report["portal sessions ended a week ago"]).toBe(3);
  expect(report["links expired or replaced a month ago"]).toBe(2);
  expect(report["sign-in codes from two days ago"]).toBe(1);
  expect(report["spent rate-limit counters"]).toBe(1);
  expect(report["two-factor sign-ins ended a day ago"]).toBe(1);
  expect(await t.db.select({ id: pendingSignIns.id }).from(pendingSignIns)).toEqual([{ id: pending[1].id }]);
  expect((await t.db.select({ id: portalSessions.id }).from(portalSessions)).map((r) => r.id).sort()).toEqual([s(3), s(4)].sort());
  expect((await t.db.select({ id: accessLinks.id }).from(accessLinks)).map((r) => r.id).sort()).toEqual([l(2), l(3), l(4)].sort());
  expect(await t.db.select({ k: rateLimits.key }).from(rateLimits).where(sql`${rateLimits.key} in ('old', 'live')`)).toEqual([{ k: "live" }]);
  // Running again finds nothing more.
  expect(Object.values(await pruneExpired(t.db)).every((n) => n === 0)).toBe(true);
});
