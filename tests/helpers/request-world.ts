// The Client Centre world the portal request tests share: one workspace, two opportunities, applicants with portal
// users, requests with items, two-factor sessions, and route calls as proxy.ts would forward them.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { contacts, emailProfiles, opportunities, opportunityApplicants, portalUsers, requestItems, requests, type RequestItemKind } from "@/lib/db/schema";
import { createPortalSession } from "@/lib/portal/sessions";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { makeWorkspace } from "./fixtures";
import { freshIp } from "./portal-http";

export function requestTestKit(db: () => Db) {
  // ---- a Client Centre world: one workspace, two opportunities, applicants with two-factor sessions ----
  type Site = { workspaceId: string; host: string };
  type ItemSpec = { kind: RequestItemKind; label: string; required?: boolean; options?: string[] };

  async function world() {
    const ctx = await makeWorkspace(db());
    const workspaceId = ctx.workspace.id;
    const site: Site = { workspaceId, host: `${ctx.workspace.slug}.localhost:3000` };
    await db().insert(emailProfiles).values({ workspaceId, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
    const [oppA, oppB] = await db()
      .insert(opportunities)
      .values([
        { workspaceId, name: "Home loan A", ownerUserId: ctx.user.id },
        { workspaceId, name: "Car loan B" },
      ])
      .returning();
    const person = async (firstName: string, oppId: string) => {
      const [c] = await db()
        .insert(contacts)
        .values({ workspaceId, firstName, lastName: "Test", email: `${firstName.toLowerCase()}-${randomUUID().slice(0, 6)}@example.test` })
        .returning();
      await db().insert(opportunityApplicants).values({ workspaceId, opportunityId: oppId, contactId: c.id });
      const [u] = await db().insert(portalUsers).values({ workspaceId, contactId: c.id, status: "joined" }).returning();
      return { contactId: c.id, portalUserId: u.id, email: c.email!, firstName };
    };
    const [alice, bob, carol] = [await person("Alice", oppA.id), await person("Bob", oppA.id), await person("Carol", oppB.id)];
    const makeRequest = async (oppId: string, items: ItemSpec[], o: { status?: "draft" | "open" | "closed"; title?: string; dueAt?: Date; reminderDaysBefore?: number } = {}) => {
      const [r] = await db()
        .insert(requests)
        .values({ workspaceId, opportunityId: oppId, title: o.title ?? "KYC documents", message: "Please send these.", status: o.status ?? "open", dueAt: o.dueAt, reminderDaysBefore: o.reminderDaysBefore })
        .returning();
      const rows = await db()
        .insert(requestItems)
        .values(items.map((i, position) => ({ workspaceId, requestId: r.id, position, kind: i.kind, label: i.label, required: i.required ?? true, options: i.options })))
        .returning();
      const byLabel = Object.fromEntries(rows.map((x) => [x.label, x.id]));
      return { id: r.id, items: byLabel };
    };
    return { ctx, site, workspaceId, oppA, oppB, alice, bob, carol, makeRequest };
  }

  async function sessionFor(site: Site, who: { portalUserId: string }, o: { twoFactor?: boolean; now?: Date } = {}) {
    const s = await db().transaction((tx) =>
      createPortalSession(tx, { workspaceId: site.workspaceId, portalUserId: who.portalUserId, host: site.host, twoFactor: o.twoFactor ?? true, now: o.now }),
    );
    return `portal_session=${s.token}`;
  }

  function call(site: Site, path: string, body: unknown, o: { cookie?: string; json?: boolean; origin?: string } = {}) {
    const json = o.json ?? true;
    const headers: Record<string, string> = {
      [WORKSPACE_HEADER]: site.workspaceId,
      [HOST_HEADER]: site.host,
      host: site.host,
      origin: o.origin ?? `http://${site.host}`,
      "x-forwarded-for": freshIp(),
      "content-type": json ? "application/json" : "application/x-www-form-urlencoded",
    };
    if (json) headers.accept = "application/json";
    if (o.cookie) headers.cookie = o.cookie;
    const payload = json ? JSON.stringify(body) : new URLSearchParams(body as [string, string][]).toString();
    return new Request(`http://${site.host}${path}`, { method: "POST", headers, body: payload });
  }
  const params = (id: string) => ({ params: Promise.resolve({ id }) });
  return { world, sessionFor, call, params };
}
