import "server-only";
// What every email-profile change shares: the workspace lock that keeps exactly one default, the tenant-scoped
// lookup, and the refusal of the platform's own sending domains.
import { and, eq } from "drizzle-orm";
import { getDomain } from "tldts";
import type { Tx } from "@/lib/db";
import { emailProfileColumns, type EmailProfileRow } from "@/lib/db/queries/email-settings";
import { emailProfiles, workspaces } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export { emailProfileColumns as profileColumns, type EmailProfileRow } from "@/lib/db/queries/email-settings";

/**
 * Every change that can move the default takes this lock first (the workspace row, FOR NO KEY UPDATE, so inserts
 * that merely reference the workspace are not blocked): two changes at once take turns, and the one-default
 * partial unique index never sees two defaults, even for a moment.
 */
export async function lockProfiles(tx: Tx, workspaceId: string) {
  const [ws] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("no key update");
  if (!ws) throw new AppError("WORKSPACE_NOT_FOUND");
}

export const PROFILE_NOT_FOUND = "That email profile does not exist in this workspace. Reload the page.";

export async function findProfile(tx: Tx, workspaceId: string, id: string): Promise<EmailProfileRow> {
  const [row] = await tx
    .select(emailProfileColumns)
    .from(emailProfiles)
    .where(and(eq(emailProfiles.workspaceId, workspaceId), eq(emailProfiles.id, id)));
  if (!row) throw new AppError("NOT_FOUND", undefined, PROFILE_NOT_FOUND);
  return row;
}

export const profileLabel = (p: { fromName: string; fromAddress: string }) => `${p.fromName} <${p.fromAddress}>`;

/**
 * The platform's own sending domains (EMAIL_FROM's, the app host's and the portal root's, with their subdomains) are
 * not a workspace's to send from: otherwise any tenant could mail clients as the platform. Other domains must still
 * be verified in the Resend account, which refuses the rest.
 */
export function refusePlatformAddress(fields: { fromAddress: string; replyTo?: string | null }) {
  const own = [env.emailFrom.match(/@([^>\s]+)/)?.[1], new URL(env.appUrl).hostname, env.portalRootDomain]
    .filter((d): d is string => !!d)
    .map((d) => (getDomain(d) ?? d).toLowerCase());
  for (const [field, address] of [["fromAddress", fields.fromAddress], ["replyTo", fields.replyTo ?? ""]] as const) {
    const host = address.split("@")[1]?.toLowerCase();
    if (host && own.some((d) => host === d || host.endsWith(`.${d}`))) throw new AppError("EMAIL_FROM_RESERVED", field);
  }
}
