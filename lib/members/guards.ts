import "server-only";
import { and, eq, or } from "drizzle-orm";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { hasRole } from "@/lib/auth/roles";
import type { Tx } from "@/lib/db";
import { memberships, users, type Role } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

/** Admins manage admin and marketing members; anything touching the owner role needs an owner. */
export function assertCanManage(ctx: Pick<AdminCtx, "role">, roles: Role[]) {
  if (!hasRole(ctx.role, "admin")) throw new AppError("FORBIDDEN");
  if (roles.includes("owner") && ctx.role !== "owner") {
    throw new AppError("FORBIDDEN", undefined, "Only an owner can add, change or remove an owner. Ask an owner of this workspace.");
  }
}

/**
 * Locks the workspace's owner rows and the target membership (in id order, so two callers cannot deadlock) and
 * returns them: a concurrent change that demotes or removes an owner waits here, then sees the committed owners.
 */
export async function lockOwnersAndTarget(tx: Tx, workspaceId: string, membershipId: string) {
  const rows = await tx
    .select({ id: memberships.id, userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), or(eq(memberships.role, "owner"), eq(memberships.id, membershipId))))
    .orderBy(memberships.id)
    .for("update");
  const target = rows.find((r) => r.id === membershipId) ?? null;
  const owners = rows.filter((r) => r.role === "owner").length;
  return { target, owners };
}

/** The target membership's email, for audit summaries. */
export async function memberEmail(tx: Tx, userId: string) {
  const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u?.email ?? null;
}
