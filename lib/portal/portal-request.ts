import "server-only";
// Request plumbing shared by the portal's route handlers and pages: which workspace and host (as proxy.ts resolved
// them), the session cookie, same-origin checks for POSTs, and redirects that stay on the portal's own host.
import { and, eq } from "drizzle-orm";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { contacts, portalUsers, workspaces } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/request-ip";
import { HOST_HEADER, WORKSPACE_HEADER, WORKSPACE_SLUG_HEADER } from "@/lib/tenancy/headers";
import { openPendingSignIn, pendingCookieName, type PendingSignIn } from "./pending-sign-in";
import { readPortalSession, sessionAccessEnded } from "./sessions";

export type PortalRequest = { workspace: { id: string; slug: string }; host: string; ip: string | null; secure: boolean };

function isSecure(h: Headers): boolean {
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(env.appUrl).protocol.replace(":", "");
  return proto === "https";
}

/** `__Host-` pins the cookie to exactly this host (no Domain, Path=/, Secure); plain HTTP in development can't use it. */
export function sessionCookieName(secure: boolean) {
  return secure ? "__Host-portal_session" : "portal_session";
}

/** The portal workspace and host of a request that came through proxy.ts, or null (then answer 404). */
export async function portalRequest(h: Headers): Promise<PortalRequest | null> {
  const id = h.get(WORKSPACE_HEADER);
  const host = h.get(HOST_HEADER);
  if (!id || !host) return null;
  // The proxy resolved both from the Host (its cache follows every change, lib/changes): no query on the sign-in
  // and code paths. Without the slug (a caller that is not the proxy, e.g. a test) it is looked up.
  const slug = h.get(WORKSPACE_SLUG_HEADER);
  const [ws] = slug
    ? [{ id, slug }]
    : await getDb().select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, id)).limit(1);
  if (!ws) return null;
  return { workspace: ws, host, ip: clientIp(h), secure: isSecure(h) };
}

/**
 * Cross-site POSTs are refused: a browser sends Origin with every form POST, and it must be this portal host.
 * (SameSite=Lax already keeps the cookie off cross-site POSTs; this also stops sign-in CSRF, which needs no cookie.)
 */
export function sameOrigin(h: Headers, host: string): boolean {
  const origin = h.get("origin");
  if (!origin) return h.get("sec-fetch-site") !== "cross-site";
  // A page with a no-referrer policy makes browsers send `Origin: null`; then only the browser's own
  // (unforgeable by pages) Sec-Fetch-Site can vouch for the request.
  if (origin === "null") return h.get("sec-fetch-site") === "same-origin";
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** A 303 to a path on the same host: relative, so a spoofed Host can never send the browser elsewhere. */
export function seeOther(path: string, setCookie?: string[]): Response {
  const res = new Response(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
  for (const c of setCookie ?? []) res.headers.append("set-cookie", c);
  return res;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return `${sessionCookieName(secure)}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure ? "; Secure" : ""}`;
}

export function clearSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

function cookieValue(h: Headers, name: string): string | null {
  for (const part of (h.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}

/** The session cookie's value from a request's Cookie header. */
export function sessionTokenFrom(h: Headers, secure: boolean): string | null {
  return cookieValue(h, sessionCookieName(secure));
}

/** For pages: the pending sign-in this browser holds for this workspace (see pending-sign-in.ts), or null. */
export async function pendingSignIn(workspaceId: string): Promise<PendingSignIn | null> {
  const h = await headers();
  return openPendingSignIn(cookieValue(h, pendingCookieName(isSecure(h))), workspaceId);
}

/** For route handlers: the same, from the request's own headers. */
export function pendingSignInFrom(h: Headers, workspaceId: string): PendingSignIn | null {
  return openPendingSignIn(cookieValue(h, pendingCookieName(isSecure(h))), workspaceId);
}

export type PortalViewer = {
  sessionId: string;
  portalUserId: string;
  contactId: string;
  /** Signed in with both factors (link + code): may open Client Centre requests and files. */
  twoFactor: boolean;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  joinedAt: Date | null;
  idleExpiresAt: Date;
};

/**
 * The signed-in client of a portal page, checked against this workspace and this host (a cookie from another host
 * or workspace is nobody), or null. Loading a page is activity, so it slides the idle expiry; cached per request.
 */
export const portalViewer = cache(async function portalViewer(workspaceId: string): Promise<PortalViewer | null> {
  const h = await headers();
  const host = h.get(HOST_HEADER);
  if (!host || h.get(WORKSPACE_HEADER) !== workspaceId) return null;
  const token = (await cookies()).get(sessionCookieName(isSecure(h)))?.value;
  if (!token) return null;
  const db = getDb();
  const s = await readPortalSession(db, { token, workspaceId, host, touch: true });
  if (!s) return null;
  const [c] = await db
    .select({ firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone })
    .from(portalUsers)
    .innerJoin(contacts, and(eq(contacts.id, portalUsers.contactId), eq(contacts.workspaceId, portalUsers.workspaceId)))
    .where(and(eq(portalUsers.id, s.user.id), eq(portalUsers.workspaceId, workspaceId)));
  if (!c) return null;
  return { sessionId: s.session.id, portalUserId: s.user.id, contactId: s.user.contactId, twoFactor: s.session.twoFactor, ...c, joinedAt: s.user.joinedAt, idleExpiresAt: s.session.idleExpiresAt };
});

/** For pages: whether this browser's session cookie is a client's whose access was revoked (see sessionAccessEnded). */
export async function viewerAccessEnded(workspaceId: string): Promise<boolean> {
  const h = await headers();
  const host = h.get(HOST_HEADER);
  if (!host || h.get(WORKSPACE_HEADER) !== workspaceId) return false;
  const token = cookieValue(h, sessionCookieName(isSecure(h)));
  return token ? sessionAccessEnded(getDb(), { token, workspaceId, host }) : false;
}
