import "server-only";
import { createClient, TimeoutReadError } from "redis";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// A request that needs Redis waits at most this long for a connection and for each reply, then fails closed.
const CONNECT_TIMEOUT_MS = 1_000;
const READY_WAIT_MS = 1_000;
const COMMAND_TIMEOUT_MS = 1_000;
// While Redis is away the client retries every 50 ms, doubling up to 2 s; requests meanwhile fail at once.
const reconnectIn = (retries: number) => Math.min(50 * 2 ** retries, 2_000);
// One line in the log per outage (and one a minute while it lasts), not one per reconnect attempt.
const LOG_EVERY_MS = 60_000;

function newClient(url: string) {
  return createClient({
    url,
    // RESP2: every Redis (and Valkey) server speaks it; the replies used here are the same in both.
    RESP: 2,
    // Commands never queue while disconnected: they fail, and the request with them.
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectIn },
    // rejectInFlight: a command sent to a server that stopped answering fails after the timeout too.
    commandOptions: { timeout: COMMAND_TIMEOUT_MS, rejectInFlight: true },
  });
}

export type RedisClient = ReturnType<typeof newClient>;

export type RedisConnection = {
  client: RedisClient;
  /**
   * The client once the connection is up. While it is down (an error since the last connect) this throws
   * RATE_LIMIT_STORE_UNAVAILABLE at once; while it first connects it waits READY_WAIT_MS at most.
   */
  ready(): Promise<RedisClient>;
  close(): Promise<void>;
};

/**
 * A connection that opens at once and reconnects by itself for as long as it is open. Every web instance and worker
 * holds one (redisConnection); tests open their own to play several instances.
 */
export function openRedis(url: string): RedisConnection {
  const client = newClient(url);
  const where = safeUrl(url);
  let lastLog = 0;
  let down = false;
  client.on("error", (e: unknown) => {
    down = true;
    if (Date.now() - lastLog < LOG_EVERY_MS) return;
    lastLog = Date.now();
    console.error(`[redis] ${where}: ${e instanceof Error ? e.message || e.name : String(e)} (reconnecting; rate-limited requests fail meanwhile)`);
  });
  client.on("ready", () => {
    if (down) console.error(`[redis] ${where}: connected again`);
    down = false;
    lastLog = 0;
  });
  // Every request that arrives while the connection is first being made shares one wait (one listener pair).
  let firstReady: Promise<void> | undefined;
  const waitForReady = () =>
    new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        client.off("ready", onReady);
        client.off("error", onError);
        firstReady = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => settle();
      const onError = (e: unknown) => settle(e instanceof Error ? e : new Error(String(e)));
      const timer = setTimeout(() => settle(new Error(`no connection to ${where} within ${READY_WAIT_MS} ms`)), READY_WAIT_MS);
      client.on("ready", onReady);
      client.on("error", onError);
    });
  // connect() settles on the first ready; later drops reconnect on their own. Its failure is the error event's.
  client.connect().catch(() => {});
  return {
    client,
    async ready() {
      if (client.isReady) return client;
      if (!client.isOpen) throw storeUnavailable(new Error("the Redis connection is closed"));
      if (down) throw storeUnavailable(new Error(`no connection to ${where} (reconnecting)`));
      await (firstReady ??= waitForReady()).catch((e: unknown) => {
        throw storeUnavailable(e);
      });
      return client;
    },
    async close() {
      if (client.isOpen) client.destroy();
    },
  };
}

// On globalThis, as the database handle: a module evaluated twice (next dev, two server bundles) shares it.
const g = globalThis as unknown as { __portalRedis?: { url: string; conn: RedisConnection; stale: boolean } };

/**
 * This process's connection to REDIS_URL, opened on first use (never at import: `next build` imports every module).
 * Only called when REDIS_URL is set. A connection whose server stopped answering without closing it (a failover
 * whose old host vanished) raises no error and would wait out each command until the kernel gives up on the
 * socket, many minutes: after a reply that timed out it is replaced by a new one (which also looks the host up again).
 */
export function redisConnection(): RedisConnection {
  const url = env.redisUrl;
  if (!url) throw new Error("REDIS_URL is not set");
  const shared = g.__portalRedis;
  if (shared?.url !== url || shared.stale) {
    void shared?.conn.close();
    g.__portalRedis = { url, conn: openRedis(url), stale: false };
  }
  return g.__portalRedis!.conn;
}

/** Closes this process's connection (tests; a process that exits does not need it). */
export async function closeRedis() {
  const s = g.__portalRedis;
  g.__portalRedis = undefined;
  await s?.conn.close();
}

/**
 * What a request that needed Redis answers when Redis failed it: RATE_LIMIT_STORE_UNAVAILABLE (503), never a pass.
 * The cause goes to the log.
 */
export function storeUnavailable(cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  // A reply that never came: the next request opens a new connection (redisConnection).
  if (cause instanceof TimeoutReadError && g.__portalRedis) g.__portalRedis.stale = true;
  failed++;
  if (Date.now() - lastFailLog >= FAIL_LOG_EVERY_MS) {
    lastFailLog = Date.now();
    console.error(`[redis] ${failed} rate-limited request(s) failed closed; the last: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
    failed = 0;
  }
  return new AppError("RATE_LIMIT_STORE_UNAVAILABLE");
}
const FAIL_LOG_EVERY_MS = 10_000;
let lastFailLog = 0;
let failed = 0;

/** The URL without its password, for the log. */
function safeUrl(url: string) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "REDIS_URL";
  }
}
