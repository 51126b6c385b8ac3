import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { verificationTokens } from "@/lib/db/schema";
import { hashSignInToken, SIGN_IN_TOKEN_RE } from "./sign-in-token";

export type SignInLinkState = { state: "valid"; email: string } | { state: "expired" } | { state: "invalid" };

/** What the emailed link's page shows. A read only: opening the page (or a scanner fetching it) spends nothing. */
export async function readSignInLink(db: Db, token: string): Promise<SignInLinkState> {
  if (!SIGN_IN_TOKEN_RE.test(token)) return { state: "invalid" };
  const [row] = await db
    .select({ email: verificationTokens.identifier, expires: verificationTokens.expires })
    .from(verificationTokens)
    .where(eq(verificationTokens.token, hashSignInToken(token)))
    .limit(1);
  if (!row) return { state: "invalid" };
  if (row.expires.getTime() <= Date.now()) return { state: "expired" };
  return { state: "valid", email: row.email };
}
