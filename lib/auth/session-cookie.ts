import "server-only";
import { env } from "@/lib/env";

/** Admin sessions last 30 days; next-auth's options and our own sign-in write the same lifetime. */
export const SESSION_MAX_AGE_SEC = 30 * 24 * 60 * 60;

/** https deployments get next-auth's `__Secure-` cookie; plain http (a local install) cannot set one. */
export function secureCookies(): boolean {
  return new URL(env.appUrl).protocol === "https:";
}

/**
 * The admin session cookie, named and shaped as next-auth reads it. next-auth's options take this same object, so
 * the cookie our sign-in sets is the one `getServerSession` finds.
 */
export function sessionCookie() {
  const secure = secureCookies();
  return {
    name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}
