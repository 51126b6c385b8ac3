import "server-only";
// CONTRACT (issue 11). Client Centre pages and routes need a session signed in with both factors. The two-factor
// helper owns this file and fills in step-up and re-authentication; the signatures below stay.
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { portalViewer, sessionTokenFrom, type PortalRequest, type PortalViewer } from "./portal-request";
import { readPortalSession } from "./sessions";

/**
 * For portal pages showing two-factor content. Returns the viewer when their session has both factors. Otherwise
 * redirects: no session at all → /sign-in; a one-factor session → /verify?next=<path> (step-up: ask for the code,
 * stay signed in); a two-factor session that went idle → /verify?reauth=1&next=<path> (a fresh code; drafts kept).
 * `next` must be a portal path starting with "/".
 */
export async function requireTwoFactorViewer(workspaceId: string, next: string): Promise<PortalViewer> {
  const viewer = await portalViewer(workspaceId);
  if (!viewer) redirect("/sign-in");
  if (!viewer.twoFactor) redirect(`/verify?next=${encodeURIComponent(next)}`);
  return viewer;
}

export type TwoFactorClient = { sessionId: string; portalUserId: string; contactId: string };

/**
 * For portal route handlers (uploads, downloads, draft saves): the client of a live two-factor session on this
 * workspace and host, or null (answer 401 / redirect to /verify). `touch` is true for what the client does (saving,
 * uploading, downloading) and false for background polling, which must not keep a session alive.
 */
export async function twoFactorClientFrom(request: Request, portal: PortalRequest, opts: { touch: boolean }): Promise<TwoFactorClient | null> {
  const token = sessionTokenFrom(request.headers, portal.secure);
  if (!token) return null;
  const s = await readPortalSession(getDb(), { token, workspaceId: portal.workspace.id, host: portal.host, touch: opts.touch });
  if (!s || !s.session.twoFactor) return null;
  return { sessionId: s.session.id, portalUserId: s.user.id, contactId: s.user.contactId };
}
