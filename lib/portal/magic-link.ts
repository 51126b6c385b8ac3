import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { portalRecipients } from "@/lib/db/queries/portal-users";
import { portalUsers } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { audit } from "@/lib/audit";
import { currentAccessLink, issueAccessLink } from "./access-links";
import { channelOf } from "./identifier";
import { linkPath } from "./link-path";
import { portalUrl } from "./portal-url";

export const magicLinkSchema = z.object({ portalUserId: z.uuid("That portal user does not exist.") });

/** The URL a link token opens: on the portal's own host, so the client lands on the branded page. */
export async function magicLinkUrl(ctx: Pick<OpsCtx, "db" | "workspace">, token: string) {
  return `${await portalUrl(ctx.db, ctx.workspace)}${linkPath(token)}`;
}

/**
 * "Copy magic link": the portal user's current link if one is active, otherwise a new one. Copying never replaces a
 * link the client may already have; only `regenerateMagicLink` does.
 */
export async function copyMagicLink(ctx: OpsCtx, input: z.infer<typeof magicLinkSchema>) {
  const current = await currentAccessLink(ctx.db, { workspaceId: ctx.workspace.id, portalUserId: input.portalUserId });
  if (current) {
    // Showing a working credential again is worth a line in the audit log: who copied whose link, and when.
    await audit(ctx.db, ctx, { action: "portal_user.magic_link_copy", targetType: "portal_user", targetId: input.portalUserId, summary: "Copied the magic link" });
    return { url: await magicLinkUrl(ctx, current.token), expiresAt: current.expiresAt, created: false };
  }
  return { ...(await regenerateMagicLink(ctx, input)), created: true };
}

/** "Regenerate": a new link; the old one stops working at once (same transaction). */
export async function regenerateMagicLink(ctx: OpsCtx, input: z.infer<typeof magicLinkSchema>) {
  const issued = await ctx.db.transaction(async (tx) => {
    // A phone user's link is the short kind, so the same link also fits the login SMS.
    const [user] = await portalRecipients(tx, { workspaceId: ctx.workspace.id, where: eq(portalUsers.id, input.portalUserId), limit: 1 });
    const short = user ? channelOf(user.preference) === "sms" : false;
    const link = await issueAccessLink(tx, { workspaceId: ctx.workspace.id, portalUserId: input.portalUserId, kind: "magic", short });
    await audit(tx, ctx, { action: "portal_user.magic_link", targetType: "portal_user", targetId: input.portalUserId, summary: "Created a magic link" });
    return link;
  });
  return { url: await magicLinkUrl(ctx, issued.token), expiresAt: issued.expiresAt };
}
