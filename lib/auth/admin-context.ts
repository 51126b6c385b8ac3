import "server-only";
import { and, eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { getDb, type Db } from "@/lib/db";
import { memberships, workspaces, users, type Role } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { clientIp } from "@/lib/request-ip";
import { getAuthOptions } from "./admin";
import { hasRole } from "./roles";

export type AdminUser = { id: string; email: string; name: string | null };
export type { WorkspaceRef } from "@/lib/ops-context";

/**
 * A signed-in admin in a workspace: the operation context (OpsCtx, which operations take) plus the person and the role
 * the guards checked. Screens use the role to decide what to show; operations never need it.
 */
export type AdminCtx = OpsCtx & { user: AdminUser; role: Role };

/** The signed-in admin user from the next-auth database session, or null. */
export async function currentUser(): Promise<AdminUser | null> {
  const session = await getServerSession(getAuthOptions());
  const u = session?.user as { id?: string; email?: string | null; name?: string | null } | undefined;
  if (!u?.id || !u.email) return null;
  return { id: u.id, email: u.email, name: u.name ?? null };
}

/** The workspace by slug, only if the user is a member of it: a non-member gets the same answer as a missing slug. */
export async function loadMembership(db: Db, p: { userId: string; slug: string }) {
  const [row] = await db
    .select({
      workspace: { id: workspaces.id, slug: workspaces.slug, name: workspaces.name, country: workspaces.country },
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, p.userId), eq(workspaces.slug, p.slug)))
    .limit(1);
  return row ?? null;
}

/** Builds the context for a user acting in a workspace; throws unless they are a member with at least `need`. */
export async function contextFor(db: Db, user: AdminUser, slug: string, need: Role, from?: { ip: string | null; userAgent: string | null }): Promise<AdminCtx> {
  const m = await loadMembership(db, { userId: user.id, slug });
  if (!m) throw new AppError("WORKSPACE_NOT_FOUND");
  if (!hasRole(m.role, need)) throw new AppError("FORBIDDEN");
  return { db, user, workspace: m.workspace, role: m.role, ip: from?.ip ?? null, userAgent: from?.userAgent ?? null };
}

export async function requestOrigin() {
  const h = await headers();
  return { ip: clientIp(h), userAgent: h.get("user-agent") };
}

/** For server actions and route handlers: the signed-in admin acting in `slug` with at least `need`. */
export async function requireAdmin(slug: string, need: Role): Promise<AdminCtx> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED");
  return contextFor(getDb(), user, slug, need, await requestOrigin());
}

/** The workspaces a user belongs to, for the switcher and the post-sign-in redirect. */
export async function listMyWorkspaces(db: Db, userId: string) {
  return db
    .select({ slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(workspaces.name);
}

export async function getUserByEmail(db: Db, email: string) {
  const [u] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email.toLowerCase()));
  return u ?? null;
}
