import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { contextFor } from "@/lib/auth/admin-context";
import { listMembers, listPendingInvitations } from "@/lib/db/queries/members";
import { auditEvents, memberInvitations, memberships, messages, users } from "@/lib/db/schema";
import { acceptPendingInvitations } from "@/lib/members/accept-invitations";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { inviteMember } from "@/lib/members/invite-member";
import { removeMember } from "@/lib/members/remove-member";
import { revokeMemberInvitation } from "@/lib/members/revoke-member-invitation";
import { createTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";
import { openMessage } from "@/lib/messaging/sealed-body";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const DAY = 24 * 60 * 60 * 1000;

async function membershipOf(ctx: AdminCtx, userId = ctx.user.id) {
  const [m] = await ctx.db
    .select({ id: memberships.id, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, userId)));
  return m ?? null;
}

async function ownerCount(ctx: AdminCtx) {
  const rows = await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.role, "owner")));
  return rows.length;
}

async function newUser(ctx: AdminCtx, email: string) {
  const [u] = await ctx.db.insert(users).values({ email }).returning();
  return u;
}

const unique = () => Math.random().toString(36).slice(2, 8);

describe("inviting", () => {
  test("writes the invitation and its email into the outbox, expiring in 7 days, with an audit event", async () => {
    const owner = await makeWorkspace(t.db);
    const email = `new-${unique()}@example.test`;
    const inv = await inviteMember(owner, { email: `  ${email.toUpperCase()} `, role: "admin" });
    expect(inv.email).toBe(email);
    expect(inv.expiresAt.getTime() - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect(inv.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * DAY);

    const msg = openMessage((await t.db.select().from(messages).where(eq(messages.to, email)))[0]);
    expect(msg).toMatchObject({ workspaceId: owner.workspace.id, channel: "email", status: "queued", template: "member.invitation" });
    expect(msg.subject).toBe(`Test Admin invited you to ${owner.workspace.name} on Client Portal`);
    expect(msg.text).toContain("http://localhost:3000/sign-in");
    expect(msg.html).toContain("http://localhost:3000/sign-in");

    const pending = await listPendingInvitations(t.db, { workspaceId: owner.workspace.id });
    expect(pending).toEqual([expect.objectContaining({ id: inv.id, email, role: "admin", invitedByEmail: owner.user.email })]);

    const [ev] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, owner.workspace.id), eq(auditEvents.action, "member.invite")));
    expect(ev).toMatchObject({ actorUserId: owner.user.id, actorEmail: owner.user.email, targetType: "invitation", targetId: inv.id, ip: "127.0.0.1" });
  });

  test("an existing member cannot be invited again, whatever the case of the address", async () => {
    const owner = await makeWorkspace(t.db);
    const member = await addMember(owner, "marketing");
    await expect(inviteMember(owner, { email: member.user.email.toUpperCase(), role: "admin" })).rejects.toMatchObject({ code: "MEMBER_ALREADY_EXISTS" });
    await expect(inviteMember(owner, { email: owner.user.email, role: "owner" })).rejects.toMatchObject({ code: "MEMBER_ALREADY_EXISTS" });
    expect(await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).toEqual([]);
  });

  test("a second live invitation for the same address is refused and sends no second email", async () => {
    const owner = await makeWorkspace(t.db);
    const email = `twice-${unique()}@example.test`;
    await inviteMember(owner, { email, role: "marketing" });
    await expect(inviteMember(owner, { email: email.toUpperCase(), role: "admin" })).rejects.toMatchObject({ code: "INVITATION_PENDING", field: "email" });
    expect(await t.db.select().from(messages).where(eq(messages.to, email))).toHaveLength(1);
  });

  test("two invitations racing for one address: exactly one is written", async () => {
    const owner = await makeWorkspace(t.db);
    const email = `race-${unique()}@example.test`;
    const results = await Promise.allSettled([inviteMember(owner, { email, role: "admin" }), inviteMember(owner, { email, role: "admin" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "INVITATION_PENDING" } });
    expect(await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).toHaveLength(1);
  });

  test("an expired invitation is replaced by a new one", async () => {
    const owner = await makeWorkspace(t.db);
    const email = `late-${unique()}@example.test`;
    const first = await inviteMember(owner, { email, role: "marketing" });
    await t.db.update(memberInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(memberInvitations.id, first.id));
    const second = await inviteMember(owner, { email, role: "admin" });
    const pending = await listPendingInvitations(t.db, { workspaceId: owner.workspace.id });
    expect(pending.map((p) => p.id)).toEqual([second.id]);
  });

  test("an admin invites admins and marketing members but not owners", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    await expect(inviteMember(admin, { email: `o-${unique()}@example.test`, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await inviteMember(admin, { email: `a-${unique()}@example.test`, role: "admin" });
    await inviteMember(admin, { email: `m-${unique()}@example.test`, role: "marketing" });
    const roles = (await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).map((p) => p.role).sort();
    expect(roles).toEqual(["admin", "marketing"]);
  });

  test("a marketing member cannot invite: the action's context refuses them, and so does the operation", async () => {
    const owner = await makeWorkspace(t.db);
    const marketing = await addMember(owner, "marketing");
    await expect(contextFor(t.db, marketing.user, owner.workspace.slug, "admin")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(inviteMember(marketing, { email: `x-${unique()}@example.test`, role: "marketing" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).toEqual([]);
  });

  test("someone outside the workspace gets no context at all", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    await expect(contextFor(t.db, a.user, b.workspace.slug, "marketing")).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
  });

  test("an invalid address is refused before anything is written", async () => {
    const owner = await makeWorkspace(t.db);
    await expect(inviteMember(owner, { email: "not-an-email", role: "admin" })).rejects.toThrow();
    await expect(inviteMember(owner, { email: "x@example.test", role: "superuser" as "admin" })).rejects.toThrow();
    expect(await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).toEqual([]);
  });
});

describe("accepting on sign-in", () => {
  test("makes the membership with the invited role, matching the address case-insensitively", async () => {
    const owner = await makeWorkspace(t.db);
    const email = `join-${unique()}@example.test`;
    await inviteMember(owner, { email: email.toUpperCase(), role: "admin" });
    const user = await newUser(owner, email);
    const joined = await acceptPendingInvitations(t.db, { userId: user.id, email: `Join${email.slice(4)}` });
    expect(joined).toEqual([{ workspaceId: owner.workspace.id, role: "admin" }]);
    expect(await membershipOf(owner, user.id)).toMatchObject({ role: "admin" });
    expect(await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).toEqual([]);
    const [ev] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, owner.workspace.id), eq(auditEvents.action, "member.join")));
    expect(ev).toMatchObject({ actorUserId: user.id, targetId: user.id });
  });

  test("ignores expired invitations and other addresses", async () => {
    const owner = await makeWorkspace(t.db);
    const email = `exp-${unique()}@example.test`;
    const inv = await inviteMember(owner, { email, role: "admin" });
    await t.db.update(memberInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(memberInvitations.id, inv.id));
    await inviteMember(owner, { email: `someone-else-${unique()}@example.test`, role: "admin" });
    const user = await newUser(owner, email);
    expect(await acceptPendingInvitations(t.db, { userId: user.id, email })).toEqual([]);
    expect(await membershipOf(owner, user.id)).toBeNull();
    const [row] = await t.db.select({ acceptedAt: memberInvitations.acceptedAt }).from(memberInvitations).where(eq(memberInvitations.id, inv.id));
    expect(row.acceptedAt).toBeNull();
  });

  test("is idempotent, also when two sign-ins run at once", async () => {
    const owner = await makeWorkspace(t.db);
    const other = await makeWorkspace(t.db);
    const email = `idem-${unique()}@example.test`;
    await inviteMember(owner, { email, role: "marketing" });
    await inviteMember(other, { email, role: "admin" });
    const user = await newUser(owner, email);
    const [a, b] = await Promise.all([
      acceptPendingInvitations(t.db, { userId: user.id, email }),
      acceptPendingInvitations(t.db, { userId: user.id, email }),
    ]);
    expect([...a, ...b].map((j) => j.role).sort()).toEqual(["admin", "marketing"]);
    expect(await acceptPendingInvitations(t.db, { userId: user.id, email })).toEqual([]);
    const rows = await t.db.select().from(memberships).where(eq(memberships.userId, user.id));
    expect(rows).toHaveLength(2);
    const joins = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "member.join"), eq(auditEvents.actorUserId, user.id)));
    expect(joins).toHaveLength(2);
  });

  test("leaves an existing membership as it is", async () => {
    const owner = await makeWorkspace(t.db);
    const member = await addMember(owner, "marketing");
    // Written directly: the invite operation refuses existing members, but a user can join between invite and sign-in.
    await t.db.insert(memberInvitations).values({ workspaceId: owner.workspace.id, email: member.user.email, role: "owner", expiresAt: new Date(Date.now() + DAY) });
    expect(await acceptPendingInvitations(t.db, { userId: member.user.id, email: member.user.email })).toEqual([]);
    expect(await membershipOf(owner, member.user.id)).toMatchObject({ role: "marketing" });
  });
});

describe("roles and removal", () => {
  test("an owner promotes and demotes; each change is audited with from and to", async () => {
    const owner = await makeWorkspace(t.db);
    const m = await addMember(owner, "marketing");
    const mid = (await membershipOf(owner, m.user.id))!.id;
    await changeMemberRole(owner, { membershipId: mid, role: "owner" });
    expect(await membershipOf(owner, m.user.id)).toMatchObject({ role: "owner" });
    await changeMemberRole(owner, { membershipId: mid, role: "admin" });
    const events = await t.db
      .select({ data: auditEvents.data, targetId: auditEvents.targetId })
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, owner.workspace.id), eq(auditEvents.action, "member.role_change")))
      .orderBy(auditEvents.createdAt);
    expect(events).toEqual([
      { targetId: m.user.id, data: expect.objectContaining({ from: "marketing", to: "owner" }) },
      { targetId: m.user.id, data: expect.objectContaining({ from: "owner", to: "admin" }) },
    ]);
  });

  test("an admin manages admins and marketing members but cannot touch owners or make one", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    const other = await addMember(owner, "marketing");
    const ownerMid = (await membershipOf(owner))!.id;
    const otherMid = (await membershipOf(owner, other.user.id))!.id;
    const adminMid = (await membershipOf(owner, admin.user.id))!.id;
    await expect(changeMemberRole(admin, { membershipId: ownerMid, role: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeMember(admin, { membershipId: ownerMid })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMemberRole(admin, { membershipId: otherMid, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMemberRole(admin, { membershipId: adminMid, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await membershipOf(owner)).toMatchObject({ role: "owner" });
    await changeMemberRole(admin, { membershipId: otherMid, role: "admin" });
    await removeMember(admin, { membershipId: otherMid });
    expect(await membershipOf(owner, other.user.id)).toBeNull();
  });

  test("a marketing member cannot change roles or remove others, but can leave", async () => {
    const owner = await makeWorkspace(t.db);
    const marketing = await addMember(owner, "marketing");
    const admin = await addMember(owner, "admin");
    const adminMid = (await membershipOf(owner, admin.user.id))!.id;
    await expect(changeMemberRole(marketing, { membershipId: adminMid, role: "marketing" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeMember(marketing, { membershipId: adminMid })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const own = (await membershipOf(owner, marketing.user.id))!.id;
    await expect(removeMember(marketing, { membershipId: own })).resolves.toMatchObject({ self: true });
    expect(await membershipOf(owner, marketing.user.id)).toBeNull();
    const [ev] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, owner.workspace.id), eq(auditEvents.action, "member.remove")));
    expect(ev).toMatchObject({ actorUserId: marketing.user.id, targetId: marketing.user.id, data: expect.objectContaining({ self: true }) });
  });

  test("the only owner can neither be demoted nor removed, nor leave", async () => {
    const owner = await makeWorkspace(t.db);
    await addMember(owner, "admin");
    const mid = (await membershipOf(owner))!.id;
    await expect(changeMemberRole(owner, { membershipId: mid, role: "admin" })).rejects.toMatchObject({ code: "LAST_OWNER" });
    await expect(removeMember(owner, { membershipId: mid })).rejects.toMatchObject({ code: "LAST_OWNER" });
    expect(await membershipOf(owner)).toMatchObject({ role: "owner" });
    const changes = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, owner.workspace.id), sql`${auditEvents.action} like 'member.%'`));
    expect(changes).toEqual([]);
  });

  test("with two owners, one may leave; then the other is the last", async () => {
    const a = await makeWorkspace(t.db);
    const b = await addMember(a, "owner");
    await removeMember(b, { membershipId: (await membershipOf(a, b.user.id))!.id });
    await expect(removeMember(a, { membershipId: (await membershipOf(a))!.id })).rejects.toMatchObject({ code: "LAST_OWNER" });
    expect(await ownerCount(a)).toBe(1);
  });

  test("two owners demoting each other at the same moment leave one owner; the demoted one is refused", async () => {
    for (let i = 0; i < 5; i++) {
      const a = await makeWorkspace(t.db);
      const b = await addMember(a, "owner");
      const aMid = (await membershipOf(a))!.id;
      const bMid = (await membershipOf(a, b.user.id))!.id;
      const results = await Promise.allSettled([
        changeMemberRole(a, { membershipId: bMid, role: "admin" }),
        changeMemberRole(b, { membershipId: aMid, role: "marketing" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      // The loser waited for the winner's locks, so it acts with the role it has now: demoted, it may not touch an
      // owner (FORBIDDEN comes before LAST_OWNER, as for any admin).
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "FORBIDDEN" } });
      expect(await ownerCount(a)).toBe(1);
    }
  });

  test("two owners removing each other, or both leaving, at the same moment leave one owner", async () => {
    for (let i = 0; i < 3; i++) {
      const a = await makeWorkspace(t.db);
      const b = await addMember(a, "owner");
      const aMid = (await membershipOf(a))!.id;
      const bMid = (await membershipOf(a, b.user.id))!.id;
      await Promise.allSettled([removeMember(a, { membershipId: bMid }), removeMember(b, { membershipId: aMid })]);
      expect(await ownerCount(a)).toBe(1);

      const c = await makeWorkspace(t.db);
      const d = await addMember(c, "owner");
      await Promise.allSettled([
        removeMember(c, { membershipId: (await membershipOf(c))!.id }),
        removeMember(d, { membershipId: (await membershipOf(c, d.user.id))!.id }),
      ]);
      expect(await ownerCount(c)).toBe(1);
    }
  });

  test("revoking an invitation deletes it, audits it, and sign-in no longer joins", async () => {
    const owner = await makeWorkspace(t.db);
    const email = `rev-${unique()}@example.test`;
    const inv = await inviteMember(owner, { email, role: "admin" });
    await revokeMemberInvitation(owner, { invitationId: inv.id });
    expect(await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).toEqual([]);
    await expect(revokeMemberInvitation(owner, { invitationId: inv.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const user = await newUser(owner, email);
    expect(await acceptPendingInvitations(t.db, { userId: user.id, email })).toEqual([]);
    const [ev] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, owner.workspace.id), eq(auditEvents.action, "member.invitation_revoke")));
    expect(ev).toMatchObject({ targetId: inv.id, actorUserId: owner.user.id });
  });

  test("an admin cannot revoke an owner's invitation; a marketing member cannot revoke any", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    const marketing = await addMember(owner, "marketing");
    const ownerInv = await inviteMember(owner, { email: `oi-${unique()}@example.test`, role: "owner" });
    const adminInv = await inviteMember(owner, { email: `ai-${unique()}@example.test`, role: "admin" });
    await expect(revokeMemberInvitation(admin, { invitationId: ownerInv.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revokeMemberInvitation(marketing, { invitationId: adminInv.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await revokeMemberInvitation(admin, { invitationId: adminInv.id });
    expect((await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).map((p) => p.id)).toEqual([ownerInv.id]);
  });
});

describe("tenant isolation", () => {
  test("an owner of A cannot change, remove or revoke anything in B by passing B's ids", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    const bAdmin = await addMember(b, "admin");
    const bOwnerMid = (await membershipOf(b))!.id;
    const bAdminMid = (await membershipOf(b, bAdmin.user.id))!.id;
    const bInv = await inviteMember(b, { email: `b-${unique()}@example.test`, role: "marketing" });
    const before = { members: await listMembers(t.db, { workspaceId: b.workspace.id }), invitations: await listPendingInvitations(t.db, { workspaceId: b.workspace.id }) };

    await expect(changeMemberRole(a, { membershipId: bAdminMid, role: "marketing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(changeMemberRole(a, { membershipId: bOwnerMid, role: "admin" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeMember(a, { membershipId: bAdminMid })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeMember(a, { membershipId: bOwnerMid })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeMemberInvitation(a, { invitationId: bInv.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await listMembers(t.db, { workspaceId: b.workspace.id })).toEqual(before.members);
    expect(await listPendingInvitations(t.db, { workspaceId: b.workspace.id })).toEqual(before.invitations);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.workspaceId, a.workspace.id))).toEqual([]);
  });

  test("an invitation to A does not make the invitee a member of B; inviting B's member to A is fine", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    const bMember = await addMember(b, "admin");
    await inviteMember(a, { email: bMember.user.email, role: "marketing" });
    await acceptPendingInvitations(t.db, { userId: bMember.user.id, email: bMember.user.email });
    expect(await membershipOf(a, bMember.user.id)).toMatchObject({ role: "marketing" });
    expect(await membershipOf(b, bMember.user.id)).toMatchObject({ role: "admin" });
  });

  test("the member list shows only this workspace's members, owners first", async () => {
    const a = await makeWorkspace(t.db);
    await addMember(a, "marketing");
    await addMember(a, "admin");
    const b = await makeWorkspace(t.db);
    await addMember(b, "admin");
    const rows = await listMembers(t.db, { workspaceId: a.workspace.id });
    expect(rows.map((r) => r.role)).toEqual(["owner", "admin", "marketing"]);
    expect(rows.every((r) => r.email.endsWith("@example.test"))).toBe(true);
  });
});

describe("the actor's current role decides, not the role read when the context was built", () => {
  /** The context a server action builds at the start of a request, before anyone else acts. */
  const actingAs = (ctx: AdminCtx) => contextFor(t.db, ctx.user, ctx.workspace.slug, "admin", { ip: ctx.ip, userAgent: ctx.userAgent });

  /** Runs `change` in a transaction held open until `op` is waiting for its locks (or queued behind it, on PGlite). */
  async function whileUncommitted<T>(change: (tx: Parameters<Parameters<typeof t.db.transaction>[0]>[0]) => Promise<unknown>, op: () => Promise<T>) {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let changed!: () => void;
    const applied = new Promise<void>((r) => (changed = r));
    const holder = t.db.transaction(async (tx) => {
      await change(tx);
      changed();
      await gate;
    });
    await applied;
    const result = op().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    let waiting = t.kind === "pglite";
    try {
      if (t.kind === "postgres") {
        for (let i = 0; i < 300 && !waiting; i++) {
          const rows = await t.db.execute<{ n: number }>(
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          );
          waiting = Number((Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows)[0]?.n) > 0;
          if (!waiting) await new Promise((r) => setTimeout(r, 10));
        }
      } else {
        // PGlite runs one transaction at a time: the operation is queued behind the open one.
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      release();
      await holder;
    }
    const outcome = await result;
    // The operation must have reached a lock held by the uncommitted change, or the test proves nothing.
    expect(waiting).toBe(true);
    return outcome;
  }

  test("an owner demoted after their context was built cannot make themselves owner again", async () => {
    const a = await makeWorkspace(t.db);
    const b = await addMember(a, "owner");
    const aCtx = await actingAs(a);
    const aMid = (await membershipOf(a))!.id;
    await changeMemberRole(b, { membershipId: aMid, role: "admin" });

    await expect(changeMemberRole(aCtx, { membershipId: aMid, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await membershipOf(a)).toMatchObject({ role: "admin" });
    expect(await ownerCount(a)).toBe(1);
    const byA = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, a.workspace.id), eq(auditEvents.actorUserId, a.user.id)));
    expect(byA).toEqual([]);
  });

  test("an admin removed after their context was built can no longer invite", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    const adminCtx = await actingAs(admin);
    await removeMember(owner, { membershipId: (await membershipOf(owner, admin.user.id))!.id });

    const email = `gone-${unique()}@example.test`;
    await expect(inviteMember(adminCtx, { email, role: "marketing" })).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
    expect(await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).toEqual([]);
    expect(await t.db.select().from(messages).where(eq(messages.to, email))).toEqual([]);
  });

  test("a demoted owner cannot invite an owner, but may still invite as the admin they now are", async () => {
    const a = await makeWorkspace(t.db);
    const b = await addMember(a, "owner");
    const aCtx = await actingAs(a);
    await changeMemberRole(b, { membershipId: (await membershipOf(a))!.id, role: "admin" });

    const email = `own-${unique()}@example.test`;
    await expect(inviteMember(aCtx, { email, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.select().from(messages).where(eq(messages.to, email))).toEqual([]);
    await inviteMember(aCtx, { email, role: "admin" });
    expect((await listPendingInvitations(t.db, { workspaceId: a.workspace.id })).map((p) => p.role)).toEqual(["admin"]);
  });

  test("a demoted owner cannot demote or remove the other owner, nor revoke an owner's invitation", async () => {
    const a = await makeWorkspace(t.db);
    const b = await addMember(a, "owner");
    const c = await addMember(a, "owner");
    const aCtx = await actingAs(a);
    const ownerInv = await inviteMember(b, { email: `oi-${unique()}@example.test`, role: "owner" });
    await changeMemberRole(b, { membershipId: (await membershipOf(a))!.id, role: "admin" });
    const cMid = (await membershipOf(a, c.user.id))!.id;

    await expect(changeMemberRole(aCtx, { membershipId: cMid, role: "marketing" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeMember(aCtx, { membershipId: cMid })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revokeMemberInvitation(aCtx, { invitationId: ownerInv.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await ownerCount(a)).toBe(2);
    expect((await listPendingInvitations(t.db, { workspaceId: a.workspace.id })).map((p) => p.id)).toEqual([ownerInv.id]);
  });

  test("a member demoted to marketing can no longer manage anyone", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    const other = await addMember(owner, "marketing");
    const adminCtx = await actingAs(admin);
    const inv = await inviteMember(owner, { email: `mi-${unique()}@example.test`, role: "marketing" });
    await changeMemberRole(owner, { membershipId: (await membershipOf(owner, admin.user.id))!.id, role: "marketing" });
    const otherMid = (await membershipOf(owner, other.user.id))!.id;

    await expect(inviteMember(adminCtx, { email: `x-${unique()}@example.test`, role: "marketing" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMemberRole(adminCtx, { membershipId: otherMid, role: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeMember(adminCtx, { membershipId: otherMid })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revokeMemberInvitation(adminCtx, { invitationId: inv.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await membershipOf(owner, other.user.id)).toMatchObject({ role: "marketing" });
    // Leaving needs no management role.
    await expect(removeMember(adminCtx, { membershipId: (await membershipOf(owner, admin.user.id))!.id })).resolves.toMatchObject({ self: true });
  });

  test("a removed member gets the missing-workspace answer from every operation", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    const other = await addMember(owner, "marketing");
    const adminCtx = await actingAs(admin);
    const adminMid = (await membershipOf(owner, admin.user.id))!.id;
    const otherMid = (await membershipOf(owner, other.user.id))!.id;
    const inv = await inviteMember(owner, { email: `ri-${unique()}@example.test`, role: "marketing" });
    await removeMember(owner, { membershipId: adminMid });

    await expect(changeMemberRole(adminCtx, { membershipId: otherMid, role: "admin" })).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
    await expect(removeMember(adminCtx, { membershipId: otherMid })).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
    await expect(removeMember(adminCtx, { membershipId: adminMid })).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
    await expect(revokeMemberInvitation(adminCtx, { invitationId: inv.id })).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
    expect(await membershipOf(owner, other.user.id)).toMatchObject({ role: "marketing" });
    expect((await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).map((p) => p.id)).toEqual([inv.id]);
  });

  test("a demotion that commits while the owner's change waits for its locks is the role the change sees", async () => {
    const a = await makeWorkspace(t.db);
    await addMember(a, "owner");
    const aCtx = await actingAs(a);
    const aMid = (await membershipOf(a))!.id;
    const c = await addMember(a, "marketing");
    const cMid = (await membershipOf(a, c.user.id))!.id;

    const r = await whileUncommitted(
      (tx) => tx.update(memberships).set({ role: "admin" }).where(eq(memberships.id, aMid)),
      () => changeMemberRole(aCtx, { membershipId: cMid, role: "owner" }),
    );
    expect(r).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await membershipOf(a, c.user.id)).toMatchObject({ role: "marketing" });
    expect(await ownerCount(a)).toBe(1);
  });

  test("a removal that commits while an invitation is being written stops the invitation", async () => {
    const owner = await makeWorkspace(t.db);
    const admin = await addMember(owner, "admin");
    const adminCtx = await actingAs(admin);
    const adminMid = (await membershipOf(owner, admin.user.id))!.id;
    const email = `mid-${unique()}@example.test`;

    const r = await whileUncommitted(
      (tx) => tx.delete(memberships).where(eq(memberships.id, adminMid)),
      () => inviteMember(adminCtx, { email, role: "admin" }),
    );
    expect(r).toMatchObject({ ok: false, error: { code: "WORKSPACE_NOT_FOUND" } });
    expect(await listPendingInvitations(t.db, { workspaceId: owner.workspace.id })).toEqual([]);
    expect(await t.db.select().from(messages).where(eq(messages.to, email))).toEqual([]);
  });
});
