import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Limit, LimitAnswer } from "@/lib/rate-limit";
import { storeUnavailable, type RedisClient, type RedisConnection } from "@/lib/redis";

// The Redis side of lib/rate-limit.ts, used when REDIS_URL is set: the same keys ("name:key"), the same numbers and
// the same answers as the Postgres store, and every check one atomic step on the server.

const limiters = new WeakMap<RedisClient, Map<string, RateLimiterRedis>>();

function limiterFor(client: RedisClient, l: Limit) {
  let byName = limiters.get(client);
  if (!byName) limiters.set(client, (byName = new Map()));
  let rl = byName.get(l.name);
  if (!rl) {
    // rate-limiter-flexible's Lua script: SET NX with the window's expiry, INCRBY, PTTL, in one EVAL.
    rl = new RateLimiterRedis({ storeClient: client, useRedisPackage: true, keyPrefix: l.name, points: l.points, duration: l.durationSec });
    byName.set(l.name, rl);
  }
  return rl;
}

/** consumeLimit on Redis: a window of `durationSec` from the first attempt, shared by every connection to the server. */
export async function consumeRedisLimit(conn: RedisConnection, l: Limit, key: string): Promise<LimitAnswer> {
  try {
    await limiterFor(await conn.ready(), l).consume(key.toLowerCase());
    return { ok: true };
  } catch (e) {
    if (e instanceof RateLimiterRes) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    throw storeUnavailable(e);
  }
}

/**
 * takeSendSlot's upsert as one script: the hash keeps the streak length (`points`) and the last send + the streak
 * (`expire`, ms), as the Postgres row does. It answers the ms until the slot opens, or 0; with `take` (ARGV[3] = 1)
 * an open slot is taken. A closed slot is never written, so asking again never pushes it away. The clock is the
 * caller's (`now`, ARGV[1]), as in Postgres; the key's own TTL (the streak, from the server's clock) only removes it.
 */
const SLOT_SCRIPT = `
local now = tonumber(ARGV[1])
local streak = tonumber(ARGV[2])
local slot = redis.call('HMGET', KEYS[1], 'points', 'expire')
local points = tonumber(slot[1]) or 0
local expire = tonumber(slot[2]) or 0
if expire <= now then points = 0 end
if points > 0 then
  local wait = expire - streak + tonumber(ARGV[3 + math.min(points, #ARGV - 3)]) - now
  if wait > 0 then return wait end
end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[1], 'points', points + 1, 'expire', string.format('%.0f', now + streak))
  redis.call('PEXPIRE', KEYS[1], streak)
end
return 0
`;
const SLOT_SHA = createHash("sha1").update(SLOT_SCRIPT).digest("hex");

/** Runs the slot script (EVALSHA, and EVAL once if the server does not have it yet); the ms until the slot opens. */
export async function redisSlot(
  conn: RedisConnection,
  p: { key: string; now: Date; take: boolean; streakSec: number; cooldownsSec: readonly number[] },
): Promise<number> {
  const args = { keys: [p.key], arguments: [String(p.now.getTime()), String(p.streakSec * 1000), p.take ? "1" : "0", ...p.cooldownsSec.map((s) => String(s * 1000))] };
  try {
    const client = await conn.ready();
    try {
      return Number(await client.evalSha(SLOT_SHA, args));
    } catch (e) {
      if (!(e instanceof Error && e.message.startsWith("NOSCRIPT"))) throw e;
      return Number(await client.eval(SLOT_SCRIPT, args));
    }
  } catch (e) {
    throw storeUnavailable(e);
  }
}
