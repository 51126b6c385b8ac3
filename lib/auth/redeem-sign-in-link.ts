import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { sessions, users, verificationTokens } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { randomToken } from "@/lib/crypto";
import { acceptPendingInvitations } from "@/lib/members/accept-invitations";
import { storedSessionToken } from "./adapter";
import { SESSION_MAX_AGE_SEC } from "./session-cookie";
import { hashSignInToken, SIGN_IN_TOKEN_RE } from "./sign-in-token";

/**
 * Spends a sign-in link and starts an admin session: what next-auth's email callback did on GET, moved behind the
 * confirm page's POST. The token is deleted by one DELETE … RETURNING, so two presses (or two tabs) sign in once.
 * The user is created on first sign-in, as next-auth's adapter would; the session row stores the cookie's hash.
 */
export async function redeemSignInLink(db: Db, token: string): Promise<{ sessionToken: string; expires: Date; userId: string }> {
  if (!SIGN_IN_TOKEN_RE.test(token)) throw new AppError("LINK_INVALID");
  const now = new Date();
  const out = await db.transaction(async (tx) => {
    const [link] = await tx.delete(verificationTokens).where(eq(verificationTokens.token, hashSignInToken(token))).returning();
    if (!link) throw new AppError("LINK_INVALID");
    // Thrown inside the transaction, so an expired link stays as it was (the prune job removes it).
    if (link.expires.getTime() <= now.getTime()) throw new AppError("LINK_EXPIRED");
    const [user] = await tx
      .insert(users)
      .values({ email: link.identifier, emailVerified: now })
      .onConflictDoUpdate({ target: users.email, set: { emailVerified: now } })
      .returning({ id: users.id, email: users.email });
    const sessionToken = randomToken();
    const expires = new Date(now.getTime() + SESSION_MAX_AGE_SEC * 1000);
    await tx.insert(sessions).values({ sessionToken: storedSessionToken(sessionToken), userId: user.id, expires });
    return { sessionToken, expires, userId: user.id, email: user.email };
  });
  // Signing in proves control of the address, which is what a member invitation waits for.
  await acceptPendingInvitations(db, { userId: out.userId, email: out.email });
  return { sessionToken: out.sessionToken, expires: out.expires, userId: out.userId };
}
