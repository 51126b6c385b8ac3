import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import type { Db } from "@/lib/db";
import { accounts, sessions, users, verificationTokens } from "@/lib/db/schema";
import { sha256 } from "@/lib/crypto";

/** A session row's key: SHA-256 of the cookie value, so a database dump holds no usable admin session. */
export const storedSessionToken = (raw: string) => sha256(raw);

/**
 * next-auth's adapter with session tokens stored as SHA-256: a database dump then holds no usable admin session.
 * The cookie keeps the raw token; every lookup hashes it first.
 */
export function hashedSessionAdapter(db: Db): Adapter {
  // @auth/drizzle-adapter is typed against @auth/core; v4's Adapter has the same shape (DESIGN.md §2).
  const base = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }) as unknown as Required<Adapter>;
  const withRaw = (s: AdapterSession | null | undefined, raw: string) => (s ? { ...s, sessionToken: raw } : s);
  return {
    ...base,
    async createSession(s) {
      return withRaw(await base.createSession({ ...s, sessionToken: storedSessionToken(s.sessionToken) }), s.sessionToken)!;
    },
    async getSessionAndUser(token) {
      const found = await base.getSessionAndUser(storedSessionToken(token));
      return found ? { user: found.user, session: withRaw(found.session, token)! } : null;
    },
    async updateSession(s) {
      return withRaw(await base.updateSession({ ...s, sessionToken: storedSessionToken(s.sessionToken) }), s.sessionToken);
    },
    async deleteSession(token) {
      return withRaw((await base.deleteSession(storedSessionToken(token))) ?? null, token);
    },
  };
}
