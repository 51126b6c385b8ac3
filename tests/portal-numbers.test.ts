import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { getDashboardCounts } from "@/lib/db/queries/dashboard";
import { countPortalUsers, listPortalUsers, portalActivity, type PortalUserStatus } from "@/lib/db/queries/portal-users";
import { contacts, emailProfiles, portalUsers } from "@/lib/db/schema";
import { invitePortalUser, invitePortalUserSchema } from "@/lib/portal/invite-portal-user";
import { revokeAccess } from "@/lib/portal/revoke-access";
import { createPortalSession } from "@/lib/portal/sessions";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

// The Client portal page and the dashboard once disagreed: "Invited" was 21 on the card (joined included), 12 on the
// tab and 25 in the chart legend. One definition each: Invited = has access and has not signed in yet; Joined = has
// signed in and not been revoked; Revoked = access ended. The chart places each Invited/Joined user once.

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

async function numbers(ctx: AdminCtx) {
  const w = ctx.workspace.id;
  const counts = await countPortalUsers(t.db, { workspaceId: w });
  const dash = await getDashboardCounts(t.db, { workspaceId: w });
  const chart = await portalActivity(t.db, { workspaceId: w, days: 30 });
  const tab = async (status: PortalUserStatus) => (await listPortalUsers(t.db, { workspaceId: w, status, limit: 200 })).rows.length;
  const sum = (k: "invited" | "joined") => chart.earlier[k] + chart.days.reduce((a, d) => a + d[k], 0);
  return {
    card: counts,
    tabs: { invited: await tab("invited"), joined: await tab("joined"), revoked: await tab("revoked") },
    dashboard: { invited: dash.portalInvited, joined: dash.portalJoined },
    chart: { invited: sum("invited"), joined: sum("joined") },
  };
}

function expectAgreement(n: Awaited<ReturnType<typeof numbers>>, want: Record<PortalUserStatus, number>) {
  expect(n.card).toEqual(want);
  expect(n.tabs).toEqual(want);
  expect(n.dashboard).toEqual({ invited: want.invited, joined: want.joined });
  expect(n.chart).toEqual({ invited: want.invited, joined: want.joined });
}

test("card, tabs, chart and dashboard give the same Invited, Joined and Revoked through invites, joins, revokes and re-invites", async () => {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  await t.db.insert(emailProfiles).values({ workspaceId: w, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const invite = async (i: number) => (await invitePortalUser(ctx, invitePortalUserSchema.parse({ email: `c${i}@example.test`, firstName: `C${i}` }))).portalUserId;
  const join = (id: string) => t.db.transaction((tx) => createPortalSession(tx, { workspaceId: w, portalUserId: id, host: "x.localhost", twoFactor: false }));

  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push(await invite(i));
  for (const id of ids.slice(0, 4)) await join(id);
  expectAgreement(await numbers(ctx), { invited: 4, joined: 4, revoked: 0 });

  // A joined user signing in again, and an invited one invited again, change nothing.
  await join(ids[0]);
  await invite(5);
  expectAgreement(await numbers(ctx), { invited: 4, joined: 4, revoked: 0 });

  // Revoking one joined and one invited user moves each out of its own number only.
  await revokeAccess(ctx, { portalUserId: ids[1] });
  await revokeAccess(ctx, { portalUserId: ids[6] });
  expectAgreement(await numbers(ctx), { invited: 3, joined: 3, revoked: 2 });

  // Restoring (inviting again): a user who had joined comes back as Joined, one who never did as Invited.
  await invite(1);
  await invite(6);
  expectAgreement(await numbers(ctx), { invited: 4, joined: 4, revoked: 0 });
  await revokeAccess(ctx, { portalUserId: ids[7] });

  // Users from before the chart's 30 days are still counted, in its "earlier" part, so the totals still agree.
  const [old] = await t.db.insert(contacts).values({ workspaceId: w, firstName: "Old", email: "old@example.test" }).returning({ id: contacts.id });
  const long = new Date(Date.now() - 90 * 86_400_000);
  await t.db.insert(portalUsers).values({ workspaceId: w, contactId: old.id, status: "joined", invitedAt: long, joinedAt: long });
  const n = await numbers(ctx);
  expectAgreement(n, { invited: 3, joined: 5, revoked: 1 });
  const chart = await portalActivity(t.db, { workspaceId: w, days: 30 });
  expect(chart.earlier).toEqual({ invited: 0, joined: 1 });

  // Another workspace's users never count here.
  const other = await makeWorkspace(t.db);
  expectAgreement(await numbers(other), { invited: 0, joined: 0, revoked: 0 });
  expect((await t.db.select().from(portalUsers).where(eq(portalUsers.workspaceId, w))).length).toBe(9);
});
