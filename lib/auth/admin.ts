import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { randomToken } from "@/lib/crypto";
import { hashedSessionAdapter } from "./adapter";
import { SESSION_MAX_AGE_SEC, secureCookies, sessionCookie } from "./session-cookie";

let options: NextAuthOptions | undefined;

/**
 * next-auth reads and refreshes admin sessions. Signing in is ours (`request-sign-in-link.ts`, the confirm page and
 * `redeem-sign-in-link.ts`): next-auth's email callback signs in on the link's GET, which a mail scanner's prefetch
 * would spend. Built on first use, so importing this module (as `next build` does) never opens the database.
 */
export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const db = getDb();
  options = {
    adapter: hashedSessionAdapter(db),
    secret: env.secret,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SEC, updateAge: 24 * 60 * 60, generateSessionToken: randomToken },
    useSecureCookies: secureCookies(),
    cookies: { sessionToken: sessionCookie() },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    providers: [],
    callbacks: {
      session({ session, user }) {
        if (session.user) (session.user as { id?: string }).id = user.id;
        return session;
      },
    },
  };
  return options;
}
