import "server-only";
// Between "enter your email" and "enter the code", the browser that asked holds the pending sign-in: a cookie the
// server sealed (AES-256-GCM, its own key) naming the workspace, the identifier (an email address or a mobile
// number) and the code challenge issued to this browser. Only the server can read or make one, so verify-code acts on the challenge it names and never on an
// address a client chose; another browser (an attacker who knows the address) cannot name this one's challenge.
import { randomUUID } from "node:crypto";
import { decrypt, encrypt } from "@/lib/crypto";
import type { Identifier } from "./identifier";

/** `__Host-` on https, like the session cookie: no other host (a sibling portal subdomain) can plant one here. */
export function pendingCookieName(secure: boolean) {
  return secure ? "__Host-portal_pending" : "portal_pending";
}
export const PENDING_TTL_SEC = 15 * 60;
const PURPOSE = "portal-pending-sign-in";
// Sealed JSON of at most a 254-character address: far below this. Anything longer was not made by us.
const MAX_VALUE = 1024;

export type PendingSignIn = { workspaceId: string; identifier: Identifier; challengeId: string; issuedAt: Date };

/**
 * A new pending sign-in for this browser. Unknown addresses and link sign-ins get a random challenge id that names
 * nothing, so the cookie looks the same for every address and a code typed against it is simply wrong.
 */
export function pendingSignInCookie(p: { workspaceId: string; identifier: Identifier; challengeId: string | null; now?: Date }, secure: boolean): string {
  const body = { w: p.workspaceId, ch: p.identifier.channel, a: p.identifier.address, c: p.challengeId ?? randomUUID(), t: (p.now ?? new Date()).getTime() };
  return `${pendingCookieName(secure)}=${encrypt(JSON.stringify(body), PURPOSE)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${PENDING_TTL_SEC}${secure ? "; Secure" : ""}`;
}

export function clearPendingSignInCookie(secure: boolean): string {
  return `${pendingCookieName(secure)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

/**
 * The pending sign-in a cookie value seals, for this workspace and still fresh, or null: absent, too long, not our
 * base64url shape, failing authentication (tampered, forged, another key), another workspace's, or expired.
 */
export function openPendingSignIn(value: string | null | undefined, workspaceId: string, now = new Date()): PendingSignIn | null {
  if (!value || value.length > MAX_VALUE || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) return null;
  let body: unknown;
  try {
    body = JSON.parse(decrypt(value, PURPOSE));
  } catch {
    return null;
  }
  const b = body as { w?: unknown; ch?: unknown; a?: unknown; e?: unknown; c?: unknown; t?: unknown };
  // `e` is the email-only shape cookies had before phone sign-in; one issued just before an upgrade still works.
  const identifier: Identifier | null =
    (b.ch === "email" || b.ch === "sms") && typeof b.a === "string" ? { channel: b.ch, address: b.a } : typeof b.e === "string" ? { channel: "email", address: b.e } : null;
  if (typeof b.w !== "string" || !identifier || typeof b.c !== "string" || typeof b.t !== "number") return null;
  if (b.w !== workspaceId) return null;
  const age = now.getTime() - b.t;
  if (age < -60_000 || age > PENDING_TTL_SEC * 1000) return null;
  return { workspaceId: b.w, identifier, challengeId: b.c, issuedAt: new Date(b.t) };
}
