import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";

export type Limit = { name: string; points: number; durationSec: number };

/** The limits in one place, so the numbers that protect sign-in are easy to find and review. */
export const LIMITS = {
  adminSignInPerEmail: { name: "admin-signin-email", points: 5, durationSec: 60 * 60 },
  adminSignInPerIp: { name: "admin-signin-ip", points: 20, durationSec: 15 * 60 },
  // DESIGN §5: per IP ≤10 send requests per 15 min and ≤30 verify attempts per 5 min; per address the same cap
  // whether or not the address is known, so the limit itself reveals nothing.
  portalSendPerIp: { name: "portal-send-ip", points: 10, durationSec: 15 * 60 },
  portalSendPerEmail: { name: "portal-send-email", points: 5, durationSec: 60 * 60 },
  portalVerifyPerIp: { name: "portal-verify-ip", points: 30, durationSec: 5 * 60 },
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
 * Counts one attempt against a limit, atomically in Postgres (one upsert), so parallel requests cannot slip past it
 * and every app instance shares the count. Returns how long to wait when the limit is reached.
 */
export async function consumeLimit(db: Db, l: Limit, key: string): Promise<{ ok: true } | { ok: false; retryAfterSec: number }> {
  try {
    await limiterFor(db, l).consume(key.toLowerCase());
    return { ok: true };
  } catch (e) {
    if (e instanceof RateLimiterRes) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    throw e;
  }
}
