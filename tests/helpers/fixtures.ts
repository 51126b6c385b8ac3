import { randomUUID } from "node:crypto";
import type { AdminCtx } from "@/lib/auth/admin-context";
import type { Db } from "@/lib/db";
import { contacts, memberships, portalUsers, users, workspaces, type Role } from "@/lib/db/schema";

/** A user, a workspace and a membership, returned as the context an admin action runs with. */
export async function makeWorkspace(db: Db, p: { slug?: string; role?: Role; country?: string; email?: string } = {}): Promise<AdminCtx> {
  const slug = p.slug ?? `ws-${randomUUID().slice(0, 8)}`;
  const [user] = await db
    .insert(users)
    .values({ email: p.email ?? `${slug}-${randomUUID().slice(0, 6)}@example.test`, name: "Test Admin" })
    .returning();
  const [ws] = await db.insert(workspaces).values({ slug, name: `Workspace ${slug}`, country: p.country ?? "IN" }).returning();
  const role = p.role ?? "owner";
  await db.insert(memberships).values({ workspaceId: ws.id, userId: user.id, role });
  return {
    db,
    user: { id: user.id, email: user.email, name: user.name },
    workspace: { id: ws.id, slug: ws.slug, name: ws.name, country: ws.country },
    role,
    ip: "127.0.0.1",
    userAgent: "vitest",
  };
}

/** Another member of an existing workspace, with the given role. */
export async function addMember(ctx: AdminCtx, role: Role): Promise<AdminCtx> {
  const [user] = await ctx.db.insert(users).values({ email: `${role}-${randomUUID().slice(0, 8)}@example.test` }).returning();
  await ctx.db.insert(memberships).values({ workspaceId: ctx.workspace.id, userId: user.id, role });
  return { ...ctx, user: { id: user.id, email: user.email, name: null }, role };
}

/** A new workspace with one portal client (an email contact with portal access): for tests of codes and sessions. */
export async function makePortalUser(db: Db) {
  const ctx = await makeWorkspace(db);
  const [c] = await db
    .insert(contacts)
    .values({ workspaceId: ctx.workspace.id, firstName: "Pat", email: `pat-${randomUUID().slice(0, 8)}@example.test` })
    .returning();
  const [u] = await db.insert(portalUsers).values({ workspaceId: ctx.workspace.id, contactId: c.id }).returning();
  return { workspaceId: ctx.workspace.id, portalUserId: u.id, host: `${ctx.workspace.slug}.localhost:3000` };
}
