import "server-only";
import { and, eq, or } from "drizzle-orm";
import { personOf, type OpsCtx } from "@/lib/ops-context";
import { hasRole } from "@/lib/auth/roles";
import type { Tx } from "@/lib/db";
import { memberships, users, type Role } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Admins manage admin and marketing members; anything touching the owner role needs an owner. Pass the actor's
 * role as read (and locked) inside the operation's transaction, never `ctx.role`: that was read before the
 * transaction began, and another owner may have demoted or removed the actor since.
 */
export function assertCanManage(actorRole: Role, roles: Role[]) {
  if (!hasRole(actorRole, "admin")) throw new AppError("FORBIDDEN");
  if (roles.includes("owner") && actorRole !== "owner") {
    throw new AppError("FORBIDDEN", undefined, "Only an owner can add, change or remove an owner. Ask an owner of this workspace.");
  }
}

type Actor = Pick<OpsCtx, "workspace" | "user">;

/**
 * Locks the actor's own membership row and returns their current role, so a demotion or removal cannot commit
 * while the operation runs; an actor who is no longer a member gets the same answer as a missing workspace.
 * For operations that lock no other membership (a single row lock cannot take part in a deadlock among them).
 */
export async function lockActor(tx: Tx, ctx: Actor): Promise<Role> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, personOf(ctx))))
    .for("update");
  if (!row) throw new AppError("WORKSPACE_NOT_FOUND");
  return row.role;
}

/**
 * Locks the workspace's owner rows, the target membership and the actor's own membership, in one statement and in
 * id order (so two callers cannot deadlock), and returns them: a concurrent change that demotes or removes an
 * owner, or the actor, waits here or is seen once committed. `actorRole` is the role to check, not `ctx.role`;
 * an actor who is no longer a member gets WORKSPACE_NOT_FOUND.
 */
export async function lockOwnersAndTarget(tx: Tx, ctx: Actor, membershipId: string) {
  const rows = await tx
    .select({ id: memberships.id, userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.workspaceId, ctx.workspace.id),
        or(eq(memberships.role, "owner"), eq(memberships.id, membershipId), eq(memberships.userId, personOf(ctx))),
      ),
    )
    .orderBy(memberships.id)
    .for("update");
  const actor = rows.find((r) => r.userId === ctx.user.id);
  if (!actor) throw new AppError("WORKSPACE_NOT_FOUND");
  const target = rows.find((r) => r.id === membershipId) ?? null;
  const owners = rows.filter((r) => r.role === "owner").length;
  return { actorRole: actor.role, target, owners };
}

/** The target membership's email, for audit summaries. */
export async function memberEmail(tx: Tx, userId: string) {
  const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u?.email ?? null;
}
