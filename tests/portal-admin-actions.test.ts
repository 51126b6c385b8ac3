import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { accessLinks, auditEvents, contacts, portalUsers } from "@/lib/db/schema";
import { resolveAccessLink } from "@/lib/portal/access-links";
import { copyMagicLink, regenerateMagicLink } from "@/lib/portal/magic-link";
import { revokeAccess } from "@/lib/portal/revoke-access";
import { createPortalSession, readPortalSession } from "@/lib/portal/sessions";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

async function portalUser(ctx: AdminCtx) {
  const [c] = await t.db.insert(contacts).values({ workspaceId: ctx.workspace.id, firstName: "Asha", email: `asha-${Math.random()}@example.in` }).returning();
  const [u] = await t.db.insert(portalUsers).values({ workspaceId: ctx.workspace.id, contactId: c.id }).returning();
  return u.id;
}
const tokenOf = (url: string) => url.split("/l/")[1];

test("copy shows the same active link each time, on the portal host; regenerate kills the old one at once", async () => {
  const ctx = await makeWorkspace(t.db, { slug: `copy-${Date.now().toString(36)}` });
  const id = await portalUser(ctx);
  const first = await copyMagicLink(ctx, { portalUserId: id });
  expect(first.created).toBe(true);
  expect(first.url).toMatch(new RegExp(`^http://${ctx.workspace.slug}\\.localhost:3000/l/[A-Za-z0-9_-]{43}$`));
  const again = await copyMagicLink(ctx, { portalUserId: id });
  expect(again).toMatchObject({ url: first.url, created: false });
  const fresh = await regenerateMagicLink(ctx, { portalUserId: id });
  expect(fresh.url).not.toBe(first.url);
  await expect(resolveAccessLink(t.db, { workspaceId: ctx.workspace.id, token: tokenOf(first.url) })).rejects.toMatchObject({ code: "LINK_SUPERSEDED" });
  await expect(resolveAccessLink(t.db, { workspaceId: ctx.workspace.id, token: tokenOf(fresh.url) })).resolves.toMatchObject({ portalUserId: id });
  expect((await copyMagicLink(ctx, { portalUserId: id })).url).toBe(fresh.url);
  // Every showing of a working link is audited: created twice (first copy, regenerate), shown again twice.
  const actions = (await t.db.select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.workspaceId, ctx.workspace.id))).map((r) => r.a);
  expect(actions.filter((a) => a === "portal_user.magic_link")).toHaveLength(2);
  expect(actions.filter((a) => a === "portal_user.magic_link_copy")).toHaveLength(2);
});

test("revoke access ends links and sessions at once, is audited, and leaves other workspaces alone", async () => {
  const ctx = await makeWorkspace(t.db);
  const other = await makeWorkspace(t.db);
  const id = await portalUser(ctx);
  const { url } = await copyMagicLink(ctx, { portalUserId: id });
  const session = await t.db.transaction((tx) => createPortalSession(tx, { workspaceId: ctx.workspace.id, portalUserId: id, host: "x.localhost", twoFactor: false }));

  // Another workspace's admin cannot revoke this user.
  await expect(revokeAccess(other, { portalUserId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await readPortalSession(t.db, { token: session.token, workspaceId: ctx.workspace.id, host: "x.localhost", touch: false })).not.toBeNull();

  expect(await revokeAccess(ctx, { portalUserId: id })).toEqual({ revoked: true, links: 1, sessions: 1 });
  expect(await readPortalSession(t.db, { token: session.token, workspaceId: ctx.workspace.id, host: "x.localhost", touch: false })).toBeNull();
  await expect(resolveAccessLink(t.db, { workspaceId: ctx.workspace.id, token: tokenOf(url) })).rejects.toMatchObject({ code: "ACCESS_REVOKED" });
  await expect(copyMagicLink(ctx, { portalUserId: id })).rejects.toMatchObject({ code: "ACCESS_REVOKED" });
  const [u] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, id));
  expect(u.status).toBe("revoked");
  expect(await t.db.select().from(accessLinks).where(eq(accessLinks.portalUserId, id))).toEqual([expect.objectContaining({ revokedAt: expect.any(Date) })]);
  const events = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.workspaceId, ctx.workspace.id));
  expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["portal_user.magic_link", "portal_user.revoke"]));
  expect(await revokeAccess(ctx, { portalUserId: id })).toEqual({ revoked: false, links: 0, sessions: 0 });
});
