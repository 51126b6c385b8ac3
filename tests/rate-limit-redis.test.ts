import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { consumeLimit, limitStore, limitUpsertSql, sendSlotWait, takeSendSlot } from "@/lib/rate-limit";
import { consumeRedisLimit, redisSlot } from "@/lib/rate-limit-redis";
import { closeRedis, openRedis, redisConnection, type RedisConnection } from "@/lib/redis";
import { resendWaitSec } from "@/lib/portal/check-email-state";
import { sendSlotKey } from "@/lib/portal/send-slot-key";
import { POST as signInPost } from "@/app/api/portal/sign-in/route";
import { emailProfiles, messages, portalUserTypes } from "@/lib/db/schema";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makePortalUser, makeWorkspace } from "./helpers/fixtures";
import { issueCode } from "@/lib/portal/codes";
import { signInWithCode } from "@/lib/portal/sign-in";
import { otpChallenges } from "@/lib/db/schema";
import { LIMITS } from "@/lib/rate-limit";

// The rate limits and send cooldowns with REDIS_URL set, against a real Redis (TEST_REDIS_URL, default the local
// one): the same behaviours as tests/rate-limit.test.ts pins on Postgres. Every key of this run carries `run`, and
// is deleted afterwards.
const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
const run = `t${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;

// Keys the app names itself (a workspace's) carry the workspace's id instead; they are deleted too.
const alsoMarks: string[] = [];
let t: TestDb;
useAppTestDb((db) => void (t = db));
// Two more connections, each an app instance of its own (the app's is redisConnection()).
let a: RedisConnection;
let b: RedisConnection;
beforeAll(async () => {
  a = openRedis(REDIS_URL);
  b = openRedis(REDIS_URL);
  const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
  await Promise.all([a.ready(), b.ready()])
    .catch(() => {
      throw new Error(`these tests need a Redis at ${REDIS_URL} (TEST_REDIS_URL): start one (redis-server) or point TEST_REDIS_URL at one`);
    })
    .finally(() => quiet.mockRestore());
});
beforeEach(() => void vi.stubEnv("REDIS_URL", REDIS_URL));
afterAll(async () => {
  vi.unstubAllEnvs();
  if (!a.client.isReady) return void (await Promise.all([a.close(), b.close(), closeRedis()]));
  const client = await a.ready();
  for (const mark of [run, ...alsoMarks]) {
    for await (const keys of client.scanIterator({ MATCH: `*${mark}*`, COUNT: 1000 })) if (keys.length) await client.del(keys);
  }
  await Promise.all([a.close(), b.close(), closeRedis()]);
});

const limit = (name: string, points = 5, durationSec = 60) => ({ name: `${name}-${run}`, points, durationSec });

async function rateLimitRows() {
  const res = (await t.db.execute(sql`select key from rate_limits`)) as unknown as { rows?: { key: string }[] } | { key: string }[];
  return ("rows" in res ? res.rows! : (res as { key: string }[])).map((r) => r.key);
}

test("with REDIS_URL the store is Redis: N attempts go through, the next is refused with a wait, keys are independent and case-insensitive", async () => {
  expect(limitStore()).toBe("redis");
  const l = limit("basic");
  for (let i = 0; i < 5; i++) expect(await consumeLimit(t.db, l, "Someone@Example.test")).toEqual({ ok: true });
  const refused = await consumeLimit(t.db, l, "someone@example.test");
  expect(refused.ok).toBe(false);
  expect(refused.ok === false && refused.retryAfterSec).toBeGreaterThan(50);
  expect(refused.ok === false && refused.retryAfterSec).toBeLessThanOrEqual(60);
  expect(await consumeLimit(t.db, l, "other@example.test")).toEqual({ ok: true });
  // The counter is rate-limiter-flexible's "name:key" in Redis, and nothing went to Postgres.
  expect(await (await a.ready()).get(`${l.name}:someone@example.test`)).toBe("6");
  expect(await rateLimitRows()).toEqual([]);
});

test("50 parallel attempts are counted atomically: exactly N get through", async () => {
  const l = limit("parallel");
  const results = await Promise.all(Array.from({ length: 50 }, () => consumeLimit(t.db, l, "burst")));
  expect(results.filter((r) => r.ok)).toHaveLength(5);
});

test("two instances (two connections) share one count, even when they race", async () => {
  const l = limit("shared", 10);
  for (let i = 0; i < 3; i++) expect(await consumeRedisLimit(a, l, "ip-1")).toEqual({ ok: true });
  for (let i = 0; i < 2; i++) expect(await consumeRedisLimit(b, l, "IP-1")).toEqual({ ok: true });
  const raced = await Promise.all(Array.from({ length: 20 }, (_, i) => consumeRedisLimit(i % 2 ? a : b, l, "ip-1")));
  expect(raced.filter((r) => r.ok)).toHaveLength(5);
  expect((await consumeRedisLimit(a, l, "ip-1")).ok).toBe(false);
  expect((await consumeRedisLimit(b, l, "ip-1")).ok).toBe(false);
});

test("the window starts at the first attempt and resets when it ends", async () => {
  const l = limit("window", 2, 1);
  expect((await consumeLimit(t.db, l, "k")).ok).toBe(true);
  expect((await consumeLimit(t.db, l, "k")).ok).toBe(true);
  expect(await consumeLimit(t.db, l, "k")).toEqual({ ok: false, retryAfterSec: 1 });
  await new Promise((r) => setTimeout(r, 1_100));
  expect((await consumeLimit(t.db, l, "k")).ok).toBe(true);
  expect((await consumeLimit(t.db, l, "k")).ok).toBe(true);
  expect((await consumeLimit(t.db, l, "k")).ok).toBe(false);
});

test("a sign-in email slot: 60 s after the 1st send, 2 min after the 2nd, 5 min after every later one, never longer", async () => {
  const T0 = new Date("2030-01-01T00:00:00Z");
  const at = (s: number) => new Date(T0.getTime() + s * 1000);
  const key = `ws-${run}:Slot@Example.test`;
  const take = async (s: number) => (await takeSendSlot(t.db, key, at(s))).ok;
  expect(await take(0)).toBe(true);
  expect(await takeSendSlot(t.db, key, at(1))).toEqual({ ok: false, retryAfterSec: 59 });
  // Refused requests change nothing: asking every few seconds does not push the slot away.
  for (let s = 2; s < 60; s += 7) expect(await take(s)).toBe(false);
  expect(await take(60)).toBe(true);
  expect(await take(179)).toBe(false);
  expect(await take(180)).toBe(true);
  expect(await sendSlotWait(t.db, key.toLowerCase(), at(200))).toBe(280);
  expect(await take(479)).toBe(false);
  // Every later send waits 5 minutes, however long it goes on: 12 an hour.
  let sent = 3;
  for (let s = 480; s < 480 + 3 * 3600; s += 60) if (await take(s)) sent++;
  expect(sent).toBe(3 + 36);
  // An hour without a send starts over: the next waits 60 s again.
  const last = 480 + 35 * 300;
  expect(await take(last + 3600)).toBe(true);
  expect(await take(last + 3600 + 60)).toBe(true);
  expect(await sendSlotWait(t.db, key, at(last + 3600 + 60))).toBe(120);
  expect(await sendSlotWait(t.db, `ws-${run}:never@example.test`, at(0))).toBe(0);
  expect(await rateLimitRows()).toEqual([]);
});

test("a refused request changes nothing in Redis", async () => {
  const now = new Date();
  const key = `ws-${run}:refused@example.test`;
  const redisKey = `portal-send-slot:${key}`;
  const client = await a.ready();
  expect((await takeSendSlot(t.db, key, now)).ok).toBe(true);
  const before = { hash: await client.hGetAll(redisKey), ttl: await client.pTTL(redisKey) };
  expect(before.hash).toEqual({ points: "1", expire: String(now.getTime() + 3600_000) });
  for (let s = 1; s < 60; s += 10) expect((await takeSendSlot(t.db, key, new Date(now.getTime() + s * 1000))).ok).toBe(false);
  expect(await sendSlotWait(t.db, key, new Date(now.getTime() + 30_000))).toBe(30);
  expect(await client.hGetAll(redisKey)).toEqual(before.hash);
  // The TTL was not renewed: it only ran down.
  expect(await client.pTTL(redisKey)).toBeLessThanOrEqual(before.ttl);
});

test("parallel requests from two instances take one slot", async () => {
  const now = new Date();
  const p = { key: `portal-send-slot:ws-${run}:burst@example.test`, now, take: true, streakSec: 3600, cooldownsSec: [60, 120, 300] };
  const waits = await Promise.all(Array.from({ length: 50 }, (_, i) => redisSlot(i % 2 ? a : b, p)));
  expect(waits.filter((ms) => ms === 0)).toHaveLength(1);
  expect(new Set(waits.filter((ms) => ms > 0))).toEqual(new Set([60_000]));
});

test("right after a send the page's wait is the same for every address (Redis too)", async () => {
  const T0 = new Date("2031-01-01T00:00:00Z");
  const at = (s: number) => new Date(T0.getTime() + s * 1000);
  const ws = `ws-${run}`;
  const id = (address: string) => ({ channel: "email" as const, address });
  await takeSendSlot(t.db, sendSlotKey(ws, id("busy@example.test")), at(0));
  await takeSendSlot(t.db, sendSlotKey(ws, id("busy@example.test")), at(61));
  await takeSendSlot(t.db, sendSlotKey(ws, id("fresh@example.test")), at(61));
  const shown = (email: string, refused: boolean) => resendWaitSec(t.db, { workspaceId: ws, identifier: id(email), refused, now: at(61) });
  expect(await shown("busy@example.test", false)).toBe(60);
  expect(await shown("fresh@example.test", false)).toBe(60);
  expect(await shown("busy@example.test", true)).toBe(120);
});

/** A port nothing listens on. */
async function closedPort() {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function timed<T>(p: Promise<T>) {
  const t0 = Date.now();
  const outcome = await p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, ms: Date.now() - t0 };
}

test("Redis down: every limited call fails closed with RATE_LIMIT_STORE_UNAVAILABLE, quickly, and passes nothing", async () => {
  vi.stubEnv("REDIS_URL", `redis://127.0.0.1:${await closedPort()}`);
  const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const calls: (() => Promise<unknown>)[] = [
      () => consumeLimit(t.db, limit("down"), "k"),
      () => takeSendSlot(t.db, `ws-${run}:down@example.test`),
      () => sendSlotWait(t.db, `ws-${run}:down@example.test`),
    ];
    for (const call of calls) {
      const r = await timed(call());
      expect(r).toMatchObject({ error: { code: "RATE_LIMIT_STORE_UNAVAILABLE" } });
      expect(r.ms).toBeLessThan(2_500);
    }
    // Postgres is not used as a fallback either.
    expect(await rateLimitRows()).toEqual([]);
  } finally {
    quiet.mockRestore();
  }
  // The same process reaches Redis again once REDIS_URL answers.
  vi.stubEnv("REDIS_URL", REDIS_URL);
  expect(await consumeLimit(t.db, limit("down-then-up"), "k")).toEqual({ ok: true });
});

test("Redis down: the portal's sign-in form answers with the error's code, and nothing is sent", async () => {
  const ctx = await makeWorkspace(t.db);
  alsoMarks.push(ctx.workspace.id);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  await t.db.insert(portalUserTypes).values({ workspaceId: ctx.workspace.id, name: "Client", signInMethod: "email_link", isDefault: true });
  await invitePortalUser(ctx, { email: "down@example.test", firstName: "Down" });
  const host = `${ctx.workspace.slug}.localhost:3000`;
  const signIn = () =>
    signInPost(
      new Request(`http://${host}/api/portal/sign-in`, {
        method: "POST",
        headers: { [WORKSPACE_HEADER]: ctx.workspace.id, [HOST_HEADER]: host, host, origin: `http://${host}`, "x-forwarded-for": "203.0.113.9", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "down@example.test" }).toString(),
      }),
    );
  const sent = async () => (await t.db.select().from(messages).where(eq(messages.to, "down@example.test"))).length;
  const invitations = await sent();
  vi.stubEnv("REDIS_URL", `redis://127.0.0.1:${await closedPort()}`);
  const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const refused = await signIn();
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toBe("/sign-in?error=RATE_LIMIT_STORE_UNAVAILABLE");
    expect(await sent()).toBe(invitations);
  } finally {
    quiet.mockRestore();
  }
  vi.stubEnv("REDIS_URL", REDIS_URL);
  expect((await signIn()).headers.get("location")).toBe("/sign-in/check-email");
  expect(await sent()).toBe(invitations + 1);
});

test("code entry's per-IP limit stays in Postgres with REDIS_URL (one statement, the same write for every answer), shared with the link's Continue; a Redis outage does not touch it", async () => {
  const who = await makePortalUser(t.db);
  alsoMarks.push(who.workspaceId);
  const c = await t.db.transaction((tx) => issueCode(tx, { workspaceId: who.workspaceId, portalUserId: who.portalUserId, purpose: "sign_in", channels: ["email"] }));
  const ip = "203.0.113.77";
  const enter = (code: string, from = ip) => signInWithCode(t.db, { workspaceId: who.workspaceId, challengeId: c.challengeId, code, host: who.host, ip: from }).then(() => "OK", (e: { code?: string }) => e.code);
  const wrongCode = ((Number(c.code) + 1) % 1_000_000).toString().padStart(6, "0");
  expect(await enter(wrongCode)).toBe("CODE_WRONG");
  // The link's Continue counts on the same row (consumeLimit): 28 more, then the code path's 30th passes, the 31st not.
  for (let i = 0; i < 28; i++) expect((await consumeLimit(t.db, LIMITS.portalVerifyPerIp, `${who.workspaceId}:${ip}`)).ok).toBe(true);
  expect(await enter(wrongCode)).toBe("CODE_WRONG");
  expect(await enter(c.code)).toBe("RATE_LIMITED");
  const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.id, c.challengeId));
  expect(row.attempts).toBe(2);
  expect(row.consumedAt).toBeNull();
  expect(await rateLimitRows()).toEqual([`${LIMITS.portalVerifyPerIp.name}:${who.workspaceId}:${ip}`]);
  expect(await (await a.ready()).get(`${LIMITS.portalVerifyPerIp.name}:${who.workspaceId}:${ip}`)).toBeNull();

  // Redis down: code entry does not need it, and the check page still shows its usual wait.
  vi.stubEnv("REDIS_URL", `redis://127.0.0.1:${await closedPort()}`);
  const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    expect(await resendWaitSec(t.db, { workspaceId: who.workspaceId, identifier: { channel: "email", address: "x@example.test" }, refused: false })).toBe(60);
    expect(await enter(c.code, "203.0.113.78")).toBe("OK");
  } finally {
    quiet.mockRestore();
  }
  await t.db.execute(sql`delete from rate_limits`);
  // A limit counted in Redis cannot be joined to a statement: it would be counted in two places.
  expect(() => limitUpsertSql(limit("joined"), "k")).toThrow(/counted in Redis/);
  expect(() => limitUpsertSql(LIMITS.portalVerifyPerIp, "k")).not.toThrow();
});

test("a server that accepts connections but never answers fails closed within the timeouts", async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  const conn = openRedis(`redis://127.0.0.1:${(silent.address() as net.AddressInfo).port}`);
  const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const first = await timed(consumeRedisLimit(conn, limit("silent"), "k"));
    expect(first).toMatchObject({ error: { code: "RATE_LIMIT_STORE_UNAVAILABLE" } });
    expect(first.ms).toBeLessThan(3_000);
    const second = await timed(redisSlot(conn, { key: `silent-${run}`, now: new Date(), take: true, streakSec: 3600, cooldownsSec: [60] }));
    expect(second).toMatchObject({ error: { code: "RATE_LIMIT_STORE_UNAVAILABLE" } });
    expect(second.ms).toBeLessThan(3_000);
  } finally {
    await conn.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
    quiet.mockRestore();
  }
});

/** A TCP relay to the real Redis that can hold what the client sends, as a stalled server would, and let it go. */
async function stallableRedis() {
  const target = new URL(REDIS_URL);
  let held: { to: net.Socket; data: Buffer }[] | null = null;
  const sockets = new Set<net.Socket>();
  // Connections that went silent for good (a host that vanished); new ones still reach the server.
  const silent = new Set<net.Socket>();
  const relay = net.createServer((down) => {
    const up = net.connect(Number(target.port || 6379), target.hostname);
    sockets.add(down).add(up);
    down.on("data", (data) => (silent.has(down) ? undefined : held ? held.push({ to: up, data }) : up.write(data)));
    up.on("data", (data) => down.write(data));
    for (const [x, y] of [[down, up], [up, down]]) x.on("close", () => y.destroy()).on("error", () => y.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, "127.0.0.1", r));
  return {
    url: `redis://127.0.0.1:${(relay.address() as net.AddressInfo).port}${target.pathname}`,
    stall: () => void (held = []),
    silenceOpenConnections: () => sockets.forEach((s) => silent.add(s)),
    resume() {
      const h = held ?? [];
      held = null;
      for (const { to, data } of h) to.write(data);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => relay.close(r));
    },
  };
}

test("a Redis that stops answering mid-connection fails requests within the command timeout; they pass again once it answers", async () => {
  const redis = await stallableRedis();
  const conn = openRedis(redis.url);
  const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
  const l = limit("stall", 3);
  try {
    expect(await consumeRedisLimit(conn, l, "k")).toEqual({ ok: true });
    redis.stall();
    const stalled = await timed(consumeRedisLimit(conn, l, "k"));
    expect(stalled).toMatchObject({ error: { code: "RATE_LIMIT_STORE_UNAVAILABLE" } });
    expect(stalled.ms).toBeLessThan(2_000);
    // The stalled command reaches the server late and is counted there (fail closed: it counted, and was refused).
    redis.resume();
    expect(await consumeRedisLimit(conn, l, "k")).toEqual({ ok: true });
    expect((await consumeRedisLimit(conn, l, "k")).ok).toBe(false);
    expect((await consumeRedisLimit(a, l, "k")).ok).toBe(false);
  } finally {
    await conn.close();
    await redis.close();
    quiet.mockRestore();
  }
});

test("after a reply that never came the process opens a new connection, so a server that went silent is left behind", async () => {
  const redis = await stallableRedis();
  await closeRedis();
  vi.stubEnv("REDIS_URL", redis.url);
  const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
  const l = limit("failover", 10);
  try {
    expect(await consumeLimit(t.db, l, "k")).toEqual({ ok: true });
    const before = redisConnection();
    redis.silenceOpenConnections();
    expect(await consumeLimit(t.db, l, "k").catch((e: { code?: string }) => e.code)).toBe("RATE_LIMIT_STORE_UNAVAILABLE");
    // The next request goes out on a new connection, which the server answers.
    expect(await consumeLimit(t.db, l, "k")).toEqual({ ok: true });
    expect(redisConnection()).not.toBe(before);
  } finally {
    await closeRedis();
    await redis.close();
    quiet.mockRestore();
  }
});

test("the process keeps one connection, opened on first use; a burst while it opens waits for it and is counted", async () => {
  await closeRedis();
  const first = redisConnection();
  expect(first.client.isReady).toBe(false);
  const burst = await Promise.all(Array.from({ length: 30 }, () => consumeLimit(t.db, limit("cold-start"), "k")));
  expect(burst.filter((r) => r.ok)).toHaveLength(5);
  expect(redisConnection()).toBe(first);
});

test("without REDIS_URL the Postgres store is used, and Redis is not touched", async () => {
  vi.stubEnv("REDIS_URL", "");
  expect(limitStore()).toBe("postgres");
  const l = limit("postgres", 1);
  expect(await consumeLimit(t.db, l, "PG-Key")).toEqual({ ok: true });
  expect((await consumeLimit(t.db, l, "pg-key")).ok).toBe(false);
  expect((await takeSendSlot(t.db, `ws-${run}:pg@example.test`)).ok).toBe(true);
  expect(await rateLimitRows()).toEqual(expect.arrayContaining([`${l.name}:pg-key`, `portal-send-slot:ws-${run}:pg@example.test`]));
  const client = await a.ready();
  expect(await client.exists([`${l.name}:pg-key`, `portal-send-slot:ws-${run}:pg@example.test`])).toBe(0);
});
