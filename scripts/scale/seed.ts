// The world the scale test drives, written before any instance starts: the Acme demo, an admin session and an API
// key for its owner, an active custom domain (inserted as if its DNS checks had passed, as bench/portal-http.ts does;
// its next check a day away, so the worker's domain sweep leaves it alone), one more code client, and `bulk` clients
// of the link type for the login-email run. Everything else goes through Caddy.
import { and, eq, sql } from "drizzle-orm";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { randomToken, sha256 } from "@/lib/crypto";
import { openDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { rowsOf } from "@/lib/db/rows";
import { domains, portalUserTypes, sessions, users, workspaces } from "@/lib/db/schema";
import { DEMO, seedDemoIfEmpty } from "@/lib/demo/seed-demo";

export const CUSTOM_DOMAIN = "portal.scale.test";
export const CODE_CLIENT_2 = "scale.code@example.com";

export type World = {
  workspaceId: string;
  domainId: string;
  /** The raw admin session token (the row keeps its SHA-256, as next-auth's adapter here does). */
  adminSession: string;
  apiKey: string;
  bulk: { id: string; email: string }[];
};

export async function seedWorld(databaseUrl: string, bulk: number): Promise<World> {
  const h = openDatabase({ url: databaseUrl });
  try {
    await migrate(h.db, "postgres");
    await seedDemoIfEmpty(h.db);
    const [ws] = await h.db.select().from(workspaces).where(eq(workspaces.slug, DEMO.slug));
    const [owner] = await h.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, DEMO.owner));
    const adminSession = randomToken();
    await h.db.insert(sessions).values({ sessionToken: sha256(adminSession), userId: owner.id, expires: new Date(Date.now() + 86_400_000) });
    const ctx = { db: h.db, workspace: { id: ws.id, slug: ws.slug, name: ws.name, country: ws.country }, user: { id: owner.id, email: owner.email }, ip: null, userAgent: "scale test" };
    const { key } = await createApiKey(ctx, { name: "scale test" });
    const [domain] = await h.db
      .insert(domains)
      .values({ workspaceId: ws.id, hostname: CUSTOM_DOMAIN, kind: "subdomain", status: "active", verificationToken: "scale", verifiedAt: new Date(), nextCheckAt: new Date(Date.now() + 86_400_000) })
      .returning({ id: domains.id });
    const typeId = async (method: "email_code" | "email_link") =>
      (await h.db.select({ id: portalUserTypes.id }).from(portalUserTypes).where(and(eq(portalUserTypes.workspaceId, ws.id), eq(portalUserTypes.signInMethod, method))))[0].id;
    const codeType = await typeId("email_code");
    const linkType = await typeId("email_link");
    await h.db.execute(sql`
      with c as (insert into contacts (workspace_id, first_name, last_name, email) values (${ws.id}::uuid, 'Scale', 'Code', ${CODE_CLIENT_2}) returning id)
      insert into portal_users (workspace_id, contact_id, user_type_id, status, joined_at) select ${ws.id}::uuid, id, ${codeType}::uuid, 'joined', now() from c`);
    const made = rowsOf<{ id: string; email: string }>(
      await h.db.execute(sql`
        with c as (
          insert into contacts (workspace_id, first_name, last_name, email)
          select ${ws.id}::uuid, 'Scale', 'Client ' || i, 'scale.client' || i || '@example.com' from generate_series(1, ${bulk}) as i
          returning id, email)
        insert into portal_users (workspace_id, contact_id, user_type_id)
        select ${ws.id}::uuid, id, ${linkType}::uuid from c
        returning id, (select email from c where c.id = contact_id) as email`),
    );
    return { workspaceId: ws.id, domainId: domain.id, adminSession, apiKey: key, bulk: made };
  } finally {
    await h.sql?.end();
  }
}
