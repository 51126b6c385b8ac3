import "server-only";
// CONTRACT (issue 11). Client Centre pages and routes need a session signed in with both factors. The two-factor
// helper owns this file and fills in step-up and re-authentication; the signatures below stay.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { portalViewer, sessionTokenFrom, type PortalRequest, type PortalViewer } from "./portal-request";
import { peekPortalSession, readPortalSession } from "./sessions";
import { safeNext } from "./two-factor/cookie";

/**
 * For portal pages showing two-factor content. Returns the viewer when their session has both factors. Otherwise
 * redirects: no session at all → /sign-in; a one-factor session → /verify?next=<path> (step-up: ask for the code,
 * stay signed in); a two-factor session that went idle → /verify?reauth=1&next=<path> (a fresh code; drafts kept).
 * `next` must be a portal path starting with "/".
 */
export async function requireTwoFactorViewer(workspaceId: string, next: string): Promise<PortalViewer> {
  const to = encodeURIComponent(safeNext(next));
  const viewer = await portalViewer(workspaceId);
  if (!viewer) {
    // A two-factor session past its idle limit (within its absolute one) is asked for a fresh code, not signed out.
    if (await idleTwoFactorSession(workspaceId)) redirect(`/verify?reauth=1&next=${to}`);
    redirect("/sign-in");
  }
  if (!viewer.twoFactor) redirect(`/verify?next=${to}`);
  return viewer;
}

async function idleTwoFactorSession(workspaceId: string): Promise<boolean> {
  const h = await headers();
  const host = h.get(HOST_HEADER);
  if (!host || h.get(WORKSPACE_HEADER) !== workspaceId) return false;
  // As portal-request.ts decides it: the proxy's scheme, else the app URL's.
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(env.appUrl).protocol.replace(":", "");
  const token = sessionTokenFrom(h, proto === "https");
  if (!token) return false;
  const s = await peekPortalSession(getDb(), { token, workspaceId, host });
  return !!s && s.twoFactor && s.state === "idle";
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
