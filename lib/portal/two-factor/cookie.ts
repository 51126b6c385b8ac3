// The browser half of a two-factor sign-in: a host-only cookie naming the pending row and holding a secret whose
// hash the row keeps. Without this exact browser's cookie a right code signs nobody in.
import { randomToken } from "@/lib/crypto";

export const PENDING_MINUTES = 15;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET = /^[A-Za-z0-9_-]{20,100}$/;

/** `__Host-` on https pins it to this host (no Domain, Path=/, Secure); plain HTTP in development cannot use it. */
export function twoFactorCookieName(secure: boolean) {
  return secure ? "__Host-portal_2fa" : "portal_2fa";
}

export function newBrowserSecret(): string {
  return randomToken();
}

export function twoFactorCookie(pendingId: string, secret: string, secure: boolean): string {
  return `${twoFactorCookieName(secure)}=${pendingId}.${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${PENDING_MINUTES * 60}${secure ? "; Secure" : ""}`;
}

export function clearTwoFactorCookie(secure: boolean): string {
  return `${twoFactorCookieName(secure)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

export type BrowserHold = { pendingId: string; secret: string };

/** The pending id and secret a cookie value holds, or null when it is not our shape (never reaches a query). */
export function parseTwoFactorCookie(value: string | null | undefined): BrowserHold | null {
  if (!value || value.length > 200) return null;
  const dot = value.indexOf(".");
  if (dot < 0) return null;
  const pendingId = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  if (!UUID.test(pendingId) || !SECRET.test(secret)) return null;
  return { pendingId, secret };
}

function cookieValue(h: Headers, name: string): string | null {
  for (const part of (h.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}

/** This browser's hold on a pending two-factor sign-in, from a request's Cookie header. */
export function browserHoldFrom(h: Headers, secure: boolean): BrowserHold | null {
  return parseTwoFactorCookie(cookieValue(h, twoFactorCookieName(secure)));
}

/**
 * Where to go after the code: a path on this portal, or "/". Anything that could leave the host (`//evil`, `/\evil`,
 * a scheme) or carries control characters becomes "/".
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || next.length > 300) return "/";
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  if (next.startsWith("/verify") || next.startsWith("/api/")) return "/";
  return next;
}
