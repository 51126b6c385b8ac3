import "server-only";
import { LINKED_STATUS } from "@/lib/domains/status";
import type { DbOrTx } from "@/lib/db";
import { getPrimaryDomain } from "@/lib/db/queries/dashboard";
import { hostUrl } from "@/lib/domains/domain-url";
import { env } from "@/lib/env";

/** The platform address of a workspace's portal: its slug under the portal root domain, on the portals' public origin. */
export function platformPortalUrl(slug: string): string {
  return hostUrl(`${slug}.${env.portalRootDomain}`);
}

/**
 * The address clients are given: the primary custom domain once it is active, else the platform subdomain.
 * Built from the database, never from a request's Host header, so a spoofed Host cannot redirect a link.
 */
export async function portalUrl(db: DbOrTx, ws: { id: string; slug: string }): Promise<string> {
  const custom = await getPrimaryDomain(db, { workspaceId: ws.id, status: LINKED_STATUS });
  return custom ? hostUrl(custom) : platformPortalUrl(ws.slug);
}
