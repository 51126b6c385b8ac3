import "server-only";
// CONTRACT (issue 11). Client Centre pages and routes need a session signed in with both factors. The two-factor
// helper owns this file and fills in step-up and re-authentication; the signatures below stay.
import { redirect } from "next/navigation";
import { portalViewer, type PortalViewer } from "./portal-request";

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
