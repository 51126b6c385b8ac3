import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db";

// Rows that can never be used again, deleted daily so the hot tables stay the size of what is alive. Kept a while
// past their end on purpose: an expired or replaced link still says so (and offers a fresh one) for a month.
const rules: { table: string; key: string; name: string; where: SQL }[] = [
  {
    name: "portal sessions ended a week ago",
    table: "portal_sessions",
    key: "id",
    where: sql`least(absolute_expires_at, idle_expires_at, coalesce(revoked_at, 'infinity')) < now() - interval '7 days'`,
  },
  { name: "links expired or replaced a month ago", table: "access_links", key: "id", where: sql`least(expires_at, coalesce(revoked_at, 'infinity')) < now() - interval '30 days'` },
  // Lockouts look back an hour and send caps a day; two days keeps both whole.
  { name: "sign-in codes from two days ago", table: "otp_challenges", key: "id", where: sql`created_at < now() - interval '2 days'` },
  // A two-factor sign-in in progress lives 15 minutes; a day later it is only clutter.
  { name: "two-factor sign-ins ended a day ago", table: "pending_sign_ins", key: "id", where: sql`least(expires_at, coalesce(consumed_at, 'infinity')) < now() - interval '1 day'` },
  { name: "spent rate-limit counters", table: "rate_limits", key: "key", where: sql`expire < now() - interval '1 hour'` },
  { name: "admin sessions expired a day ago", table: "sessions", key: "session_token", where: sql`expires < now() - interval '1 day'` },
  { name: "admin sign-in tokens expired a day ago", table: "verification_tokens", key: "token", where: sql`expires < now() - interval '1 day'` },
];

/** Deletes in slices of `batch` rows, so no statement holds its locks for long on a big table. */
export async function pruneExpired(db: Db, p: { batch?: number } = {}): Promise<Record<string, number>> {
  const batch = p.batch ?? 5_000;
  const out: Record<string, number> = {};
  for (const r of rules) {
    let total = 0;
    for (;;) {
      const key = sql.raw(`"${r.key}"`);
      const res = await db.execute(
        sql`delete from ${sql.raw(r.table)} where ${key} in (select ${key} from ${sql.raw(r.table)} where ${r.where} limit ${batch})`,
      );
      const n = affected(res);
      total += n;
      if (n < batch) break;
    }
    out[r.name] = total;
  }
  return out;
}

function affected(res: unknown): number {
  const r = res as { count?: number; affectedRows?: number; rowCount?: number };
  return Number(r.count ?? r.affectedRows ?? r.rowCount ?? 0);
}
