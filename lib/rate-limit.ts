import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { redisConnection } from "@/lib/redis";
import { consumeRedisLimit, redisSlot } from "@/lib/rate-limit-redis";

/** `inPostgres`: counted in Postgres even when REDIS_URL is set (see portalVerifyPerIp). */
export type Limit = { name: string; points: number; durationSec: number; inPostgres?: true };
export type LimitAnswer = { ok: true } | { ok: false; retryAfterSec: number };

/**
 * Where a limit's counters live (all of them, without `l`): Postgres (`rate_limits`), or Redis when REDIS_URL is set
 * (lib/rate-limit-redis.ts), except a limit marked `inPostgres`. In Redis a counter cannot join a Postgres
 * statement, so limitUpsertSql is Postgres only.
 */
export function limitStore(l?: Limit): "postgres" | "redis" {
  return env.redisUrl && !l?.inPostgres ? "redis" : "postgres";
}

/** The limits in one place, so the numbers that protect sign-in are easy to find and review. */
export const LIMITS = {
  adminSignInPerIp: { name: "admin-signin-ip", points: 20, durationSec: 15 * 60 },
  // DESIGN §5: per IP ≤10 send requests per 15 min and ≤30 verify attempts per 5 min; per address the same cap
  // whether or not the address is known, so the limit itself reveals nothing.
  // Per address there is no hard cap an attacker could spend (issue 9): see SEND_COOLDOWNS_SEC below.
  portalSendPerIp: { name: "portal-send-ip", points: 10, durationSec: 15 * 60 },
  // Always in Postgres: code entry counts it inside its one statement, so every answer, a live challenge's or one
  // that names nothing, writes and commits alike (with the count in Redis, only a live challenge would write, and
  // the commit's flush would tell an address with an account). The link's Continue counts on the same row.
  portalVerifyPerIp: { name: "portal-verify-ip", points: 30, durationSec: 5 * 60, inPostgres: true },
  // DESIGN §10, SMS pumping: sign-in SMS to numbers sharing all but their last 4 digits. Only real sends (numbers on
  // file) count, so strangers cannot spend it with made-up numbers.
  smsSendPerPrefix: { name: "sms-send-prefix", points: 30, durationSec: 60 * 60 },
  // DESIGN §5 for SMS: at most 5 sign-in SMS a number an hour and 10 a day, whoever asks, so nobody can flood a phone or
  // spend the workspace's credits on it. Past them a client with an email address gets a one-time link by email.
  smsSendPerNumberHour: { name: "sms-send-number-h", points: 5, durationSec: 60 * 60 },
  smsSendPerNumberDay: { name: "sms-send-number-d", points: 10, durationSec: 24 * 60 * 60 },
  /** Public API: per key, generous for workflows, a brake on a runaway loop. */
  apiPerKey: { name: "api-key", points: 600, durationSec: 60 },
} satisfies Record<string, Limit>;

const cache = new WeakMap<Db, Map<string, RateLimiterDrizzle>>();

function limiterFor(db: Db, l: Limit) {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  let rl = byName.get(l.name);
  if (!rl) {
    rl = new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: l.name, points: l.points, duration: l.durationSec });
    byName.set(l.name, rl);
  }
  return rl;
}

/**
 * Counts one attempt against a limit, atomically in the store (one upsert, or one script in Redis), so parallel
 * requests cannot slip past it and every app instance shares the count. Returns how long to wait when the limit is
 * reached; throws RATE_LIMIT_STORE_UNAVAILABLE when Redis does not answer.
 */
export async function consumeLimit(db: Db, l: Limit, key: string): Promise<LimitAnswer> {
  if (limitStore(l) === "redis") return consumeRedisLimit(redisConnection(), l, key);
  try {
    await limiterFor(db, l).consume(key.toLowerCase());
    return { ok: true };
  } catch (e) {
    if (e instanceof RateLimiterRes) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    throw e;
  }
}

/**
 * consumeLimit's upsert as SQL, for a statement that counts an attempt and acts on it at once (code verification):
 * rate-limiter-flexible's Drizzle store row ("name:key", points, expire), so both count on the same row. Returns
 * `points` and `expire`; read them with limitVerdict.
 */
export function limitUpsertSql(l: Limit, key: string, now = new Date()): SQL {
  // Counted here in Postgres while consumeLimit counted the same limit in Redis, the two would split the count.
  if (limitStore(l) !== "postgres") throw new Error(`limit ${l.name} is counted in Redis: mark it inPostgres to count it in SQL`);
  const k = `${l.name}:${key.toLowerCase()}`;
  const at = now.toISOString();
  const expire = new Date(now.getTime() + l.durationSec * 1000).toISOString();
  return sql`insert into rate_limits (key, points, expire) values (${k}, 1, ${expire}::timestamptz)
    on conflict (key) do update set
      points = case when rate_limits.expire <= ${at}::timestamptz then 1 else rate_limits.points + 1 end,
      expire = case when rate_limits.expire <= ${at}::timestamptz then excluded.expire else rate_limits.expire end
    returning points, expire`;
}

/** What consumeLimit answers for the row limitUpsertSql returned. */
export function limitVerdict(l: Limit, row: { points: number; expire: Date | string | null }, now = new Date()): LimitAnswer {
  if (row.points <= l.points) return { ok: true };
  const ms = row.expire === null ? 0 : new Date(row.expire).getTime() - now.getTime();
  return { ok: false, retryAfterSec: Math.max(1, Math.ceil(ms / 1000)) };
}

/**
 * Sign-in emails to one address: after a send the next waits 60 s, then 2 min, then 5 min for every later one, while
 * sends keep coming less than an hour apart; an hour without a send starts over. Never a longer wait, so someone who
 * knows only the address can delay its owner by 5 minutes at most, and causes at most 14 emails in an hour
 * (0, 1, 3, 8, … 58 min) and 12 an hour after that (≤ 290 a day).
 */
export const SEND_COOLDOWNS_SEC = [60, 120, 300] as const;
const STREAK_SEC = 60 * 60;
const SLOT_PREFIX = "portal-send-slot:";

function rowsOf<T>(res: unknown): T[] {
  return ((res as { rows?: T[] }).rows ?? (res as T[])) as T[];
}

const cooldownSql = sql.raw(
  `(case least(rate_limits.points, ${SEND_COOLDOWNS_SEC.length}) ${SEND_COOLDOWNS_SEC.map((s, i) => `when ${i + 1} then interval '${s} seconds'`).join(" ")} end)`,
);

/**
 * Takes the address's next send slot if it is open, in one upsert (parallel requests cannot both take it): the row
 * keeps the streak length in `points` and the last send + 1 h in `expire`. A refused request changes nothing, so
 * asking again and again never pushes the slot further away.
 */
export async function takeSendSlot(db: Db, key: string, now = new Date()): Promise<LimitAnswer> {
  const k = SLOT_PREFIX + key.toLowerCase();
  if (limitStore() === "redis") {
    const ms = await redisSlot(redisConnection(), { key: k, now, take: true, streakSec: STREAK_SEC, cooldownsSec: SEND_COOLDOWNS_SEC });
    return ms > 0 ? { ok: false, retryAfterSec: Math.max(1, Math.ceil(ms / 1000)) } : { ok: true };
  }
  const at = now.toISOString();
  const taken = rowsOf<{ points: number }>(
    await db.execute(sql`
      insert into rate_limits (key, points, expire) values (${k}, 1, ${at}::timestamptz + make_interval(secs => ${STREAK_SEC}))
      on conflict (key) do update set
        points = case when rate_limits.expire is null or rate_limits.expire <= ${at}::timestamptz then 1 else rate_limits.points + 1 end,
        expire = excluded.expire
      where rate_limits.expire is null or rate_limits.expire <= ${at}::timestamptz
        or ${at}::timestamptz >= rate_limits.expire - make_interval(secs => ${STREAK_SEC}) + ${cooldownSql}
      returning points`),
  );
  if (taken.length > 0) return { ok: true };
  const wait = await sendSlotWait(db, key, now);
  return { ok: false, retryAfterSec: Math.max(1, wait) };
}

/** Seconds until the address's next send slot opens (0 when open now); read-only, for the check-email page. */
export async function sendSlotWait(db: Db, key: string, now = new Date()): Promise<number> {
  const k = SLOT_PREFIX + key.toLowerCase();
  if (limitStore() === "redis") {
    const ms = await redisSlot(redisConnection(), { key: k, now, take: false, streakSec: STREAK_SEC, cooldownsSec: SEND_COOLDOWNS_SEC });
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }
  const at = now.toISOString();
  const [row] = rowsOf<{ ms: number | string | null }>(
    await db.execute(sql`
      select extract(epoch from (rate_limits.expire - make_interval(secs => ${STREAK_SEC}) + ${cooldownSql} - ${at}::timestamptz)) * 1000 as ms
      from rate_limits where key = ${k} and rate_limits.expire > ${at}::timestamptz`),
  );
  const ms = Number(row?.ms ?? 0);
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}
