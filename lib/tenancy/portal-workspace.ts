import "server-only";
import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { workspaces } from "@/lib/db/schema";
import { WORKSPACE_HEADER } from "./headers";

/**
 * The workspace of a portal page. The id in the path must equal the one proxy.ts resolved from the Host, so the
 * internal segment cannot be used to reach another tenant's portal. Cached per request (React `cache`): metadata,
 * layout and page each ask, and one query answers all three.
 */
export const portalWorkspace = cache(async function portalWorkspace(idFromPath: string) {
  const resolved = (await headers()).get(WORKSPACE_HEADER);
  if (!resolved || resolved !== idFromPath) notFound();
  const [ws] = await getDb()
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, branding: workspaces.branding })
    .from(workspaces)
    .where(eq(workspaces.id, resolved))
    .limit(1);
  if (!ws) notFound();
  return ws;
});
