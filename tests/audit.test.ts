import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { decodeAuditCursor, encodeAuditCursor, listAuditActions, listAuditEvents } from "@/lib/db/queries/audit";
import { getDashboardCounts } from "@/lib/db/queries/dashboard";
import { auditEvents, contacts, memberships } from "@/lib/db/schema";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { inviteMember } from "@/lib/members/invite-member";
import { removeMember } from "@/lib/members/remove-member";
import { revokeMemberInvitation } from "@/lib/members/revoke-member-invitation";
import { createTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

async function membershipId(ctx: AdminCtx, userId: string) {
  const [m] = await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, userId)));
  return m.id;
}

async function allPages(p: Omit<Parameters<typeof listAuditEvents>[1], "after">) {
  const seen: Awaited<ReturnType<typeof listAuditEvents>>["events"] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof listAuditEvents>> = await listAuditEvents(t.db, { ...p, after: decodeAuditCursor(cursor) });
    seen.push(...page.events);
    cursor = page.nextCursor;
    if (++pages > 500) throw new Error("pagination does not end");
  } while (cursor);
  return { seen, pages };
}

describe("the audit log", () => {
  test("records each member operation with its actor, address and target", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    const marketing = await addMember(owner, "marketing");
    const inv = await inviteMember({ ...owner, ip: "203.0.113.7" }, { email: "audit-invitee@example.test", role: "admin" });
    await revokeMemberInvitation(admin, { invitationId: inv.id });
    await changeMemberRole(owner, { membershipId: await membershipId(owner, marketing.user.id), role: "admin" });
    await removeMember(owner, { membershipId: await membershipId(owner, admin.user.id) });

    const { events } = await listAuditEvents(t.db, { workspaceId: owner.workspace.id, limit: 10 });
    expect(events.map((e) => e.action)).toEqual(["member.remove", "member.role_change", "member.invitation_revoke", "member.invite"]);
    expect(events[3]).toMatchObject({ actorEmail: owner.user.email, ip: "203.0.113.7", targetType: "invitation", targetId: inv.id, summary: "Invited audit-invitee@example.test as Admin" });
    expect(events[2]).toMatchObject({ actorEmail: admin.user.email, targetId: inv.id });
    expect(events[1]).toMatchObject({ targetType: "member", targetId: marketing.user.id, summary: `Changed ${marketing.user.email} from Marketing to Admin` });
    expect(events[0]).toMatchObject({ targetId: admin.user.id, ip: "127.0.0.1" });
    expect(await listAuditActions(t.db, { workspaceId: owner.workspace.id })).toEqual(["member.invitation_revoke", "member.invite", "member.remove", "member.role_change"]);
  });

  test("keyset pagination over 120 events returns each exactly once, newest first, and never another workspace's", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    const ev = (ctx: AdminCtx, i: number, createdAt?: Date) => ({
      workspaceId: ctx.workspace.id,
      actorUserId: ctx.user.id,
      actorEmail: ctx.user.email,
      action: i % 3 === 0 ? "contact.create" : "member.invite",
      summary: `event ${i}`,
      ...(createdAt ? { createdAt } : {}),
    });
    // 40 sharing one timestamp (a transaction's now()), 40 sharing one explicit millisecond, 40 a microsecond apart.
    await t.db.transaction(async (tx) => {
      await tx.insert(auditEvents).values(Array.from({ length: 40 }, (_, i) => ev(a, i)));
      await tx.insert(auditEvents).values(Array.from({ length: 40 }, (_, i) => ev(b, i)));
    });
    const same = new Date(Date.now() - 60_000);
    await t.db.insert(auditEvents).values(Array.from({ length: 40 }, (_, i) => ev(a, 40 + i, same)));
    for (let i = 0; i < 40; i++) {
      await t.db.execute(
        sql`insert into audit_events (workspace_id, actor_email, action, summary, created_at)
            values (${a.workspace.id}, ${a.user.email}, 'member.remove', ${`event ${80 + i}`}, timestamptz '2024-05-01 10:00:00.123000+00' + make_interval(secs => ${i} * 0.000001))`,
      );
    }

    const { seen, pages } = await allPages({ workspaceId: a.workspace.id, limit: 7 });
    expect(pages).toBe(Math.ceil(120 / 7));
    expect(seen).toHaveLength(120);
    expect(new Set(seen.map((e) => e.id)).size).toBe(120);
    expect(new Set(seen.map((e) => e.summary))).toEqual(new Set(Array.from({ length: 120 }, (_, i) => `event ${i}`)));
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1].createdAt.getTime()).toBeGreaterThanOrEqual(seen[i].createdAt.getTime());
    expect(seen.slice(-40).map((e) => e.summary)).toEqual(Array.from({ length: 40 }, (_, i) => `event ${119 - i}`));

    const onlyB = await allPages({ workspaceId: b.workspace.id, limit: 25 });
    expect(onlyB.seen).toHaveLength(40);
    expect(onlyB.seen.every((e) => e.actorEmail === b.user.email)).toBe(true);
  });

  test("a cursor from another workspace's page does not reveal that workspace's events", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    await t.db.insert(auditEvents).values([{ workspaceId: a.workspace.id, action: "a.one" }, { workspaceId: b.workspace.id, action: "b.one" }, { workspaceId: b.workspace.id, action: "b.two" }]);
    const bPage = await listAuditEvents(t.db, { workspaceId: b.workspace.id, limit: 1 });
    const { events } = await listAuditEvents(t.db, { workspaceId: a.workspace.id, after: decodeAuditCursor(bPage.nextCursor), limit: 50 });
    expect(events.every((e) => e.action.startsWith("a."))).toBe(true);
    expect(await listAuditActions(t.db, { workspaceId: a.workspace.id })).toEqual(["a.one"]);
  });

  test("filters by action and by actor email (case-insensitive, wildcards taken literally) and paginate within the filter", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    const rows = Array.from({ length: 30 }, (_, i) => ({
      workspaceId: owner.workspace.id,
      actorUserId: (i % 2 ? admin : owner).user.id,
      actorEmail: (i % 2 ? admin : owner).user.email,
      action: i % 3 === 0 ? "member.invite" : "member.remove",
      summary: `row ${i}`,
    }));
    await t.db.insert(auditEvents).values(rows);

    const invites = await allPages({ workspaceId: owner.workspace.id, action: "member.invite", limit: 4 });
    expect(invites.seen).toHaveLength(10);
    expect(invites.seen.every((e) => e.action === "member.invite")).toBe(true);

    const byAdmin = await allPages({ workspaceId: owner.workspace.id, actorEmail: ` ${admin.user.email.toUpperCase()} `, limit: 4 });
    expect(byAdmin.seen).toHaveLength(15);
    expect(byAdmin.seen.every((e) => e.actorEmail === admin.user.email)).toBe(true);

    const partial = await listAuditEvents(t.db, { workspaceId: owner.workspace.id, actorEmail: admin.user.email.slice(0, 10) });
    expect(partial.events).toHaveLength(15);

    const both = await listAuditEvents(t.db, { workspaceId: owner.workspace.id, action: "member.invite", actorEmail: admin.user.email });
    expect(both.events).toHaveLength(5);

    expect((await listAuditEvents(t.db, { workspaceId: owner.workspace.id, actorEmail: "%" })).events).toEqual([]);
    expect((await listAuditEvents(t.db, { workspaceId: owner.workspace.id, actorEmail: "_" })).events).toEqual([]);
  });

  test("a malformed cursor reads as the first page", async () => {
    expect(decodeAuditCursor("garbage")).toBeNull();
    expect(decodeAuditCursor(Buffer.from("2024-01-01|not-a-uuid").toString("base64url"))).toBeNull();
    expect(decodeAuditCursor(Buffer.from("x'; drop table users; --|00000000-0000-0000-0000-000000000000").toString("base64url"))).toBeNull();
    const c = { createdAt: "2024-05-01T10:00:00.123456Z", id: "0b5ab1a4-2c43-4a8e-9b7e-2f1b4f6c9d10" };
    expect(decodeAuditCursor(encodeAuditCursor(c))).toEqual(c);
  });
});

describe("the dashboard counts", () => {
  test("count this workspace only", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    await addMember(a, "admin");
    await inviteMember(a, { email: "dash@example.test", role: "marketing" });
    await t.db.insert(contacts).values([{ workspaceId: a.workspace.id, firstName: "A" }, { workspaceId: a.workspace.id, firstName: "B" }, { workspaceId: b.workspace.id, firstName: "C" }]);
    expect(await getDashboardCounts(t.db, { workspaceId: a.workspace.id })).toEqual({ contacts: 2, members: 2, pendingInvitations: 1, portalInvited: 0, portalJoined: 0 });
    expect(await getDashboardCounts(t.db, { workspaceId: b.workspace.id })).toEqual({ contacts: 1, members: 1, pendingInvitations: 0, portalInvited: 0, portalJoined: 0 });
  });
});
