// `npm run test:scale`: the product as it runs at scale, on this machine. Two app instances (`npm start`,
// RUN_WORKER=false, SKIP_BUILD=true after one build) and one `npm run worker` on one throwaway Postgres database,
// behind Debian's Caddy as a round-robin load balancer, with the fake Resend as the email provider. Every scenario
// drives the product through Caddy and prints PASS or FAIL with its timing; the exit code is 1 if any failed. It
// stops by itself (SCALE_TIMEOUT_S after the build, 9 minutes by default), kills everything it started and drops its database, also
// on failure, Ctrl+C or timeout.
//
// Environment: PG_ADMIN_URL (a Postgres role that may create databases; default the local server), SCALE_PORT_BASE
// (default 4500: Caddy, two instances and the fake Resend take the first free ports of the 100 from there),
// SCALE_BULK (login emails in scenario 4, default 1000), CADDY_BIN, SCALE_SKIP_BUILD=true (use the build as it is),
// SCALE_ONLY=1,3 (run only those scenarios), SCALE_REDIS_URL (a Redis: after the others, scenario 3r restarts both
// instances with it as REDIS_URL and runs scenario 3 again; unset, 3r is skipped).
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startFakeResend } from "@/tests/helpers/fake-resend";
import { caddyBin, ensureBuild, freePorts, healthy, isRunning, signalGroup, startCaddy, startProc, stopAll, tail, waitFor, type Proc } from "./cluster";
import { get } from "./http";
import { openRedis } from "@/lib/redis";
import {
  bulkExactlyOnce,
  domainRemovalReachesOthers,
  Failure,
  limitsAcrossInstances,
  limitsAcrossInstancesInRedis,
  signInAcrossInstances,
  type Ctx,
  type Instance,
} from "./scenarios";
import { CUSTOM_DOMAIN, seedWorld } from "./seed";

const ADMIN_URL = process.env.PG_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PORT_BASE = Number(process.env.SCALE_PORT_BASE ?? 4500);
const BULK = Number(process.env.SCALE_BULK ?? 1000);
const TIMEOUT_S = Number(process.env.SCALE_TIMEOUT_S ?? 540);
const REDIS_URL = process.env.SCALE_REDIS_URL || undefined;

const dir = mkdtempSync(path.join(os.tmpdir(), "portal-scale-"));
const dbName = `scale_${randomBytes(4).toString("hex")}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
let created = false;
let checks: postgres.Sql | null = null;
let fake: Awaited<ReturnType<typeof startFakeResend>> | null = null;
let workspaceId: string | null = null; // the seeded workspace: every Redis key 3r makes names it
const started = performance.now();
const secs = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;
let over = false; // once the run is being torn down (a timeout, a signal), the scenarios still unwinding stay quiet
const say = (line: string) => void (over || console.log(line));

let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    await stopAll();
    await fake?.close().catch(() => {});
    await checks?.end({ timeout: 5 }).catch(() => {});
    if (REDIS_URL && workspaceId) await dropRedisKeys(REDIS_URL, workspaceId).catch((e) => console.error(`could not delete the run's Redis keys: ${e.message}`));
    if (created) await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch((e) => console.error(`could not drop database ${dbName}: ${e.message}`));
    await admin.end({ timeout: 5 }).catch(() => {});
  })());
}

async function dropRedisKeys(url: string, mark: string) {
  const conn = openRedis(url);
  try {
    const client = await conn.ready();
    for await (const keys of client.scanIterator({ MATCH: `*${mark}*`, COUNT: 1000 })) if (keys.length) await client.del(keys);
  } finally {
    await conn.close();
  }
}

async function finish(code: number, keepLogs: boolean) {
  over = true;
  await cleanup();
  if (keepLogs) console.log(`scale: logs kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void finish(1, true));
for (const ev of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(ev, (e) => {
    say(`FAIL ${e instanceof Error ? e.stack : String(e)}`);
    void finish(1, true);
  });
}
/** Armed once the build is done (the build blocks this process while it runs, and CI has built already). */
function armTimeout() {
  setTimeout(() => {
    say(`FAIL the run did not finish within ${TIMEOUT_S} s of the build (SCALE_TIMEOUT_S)`);
    void finish(1, true);
  }, TIMEOUT_S * 1000).unref();
}

async function main() {
  let t = performance.now();
  try {
    await admin`select 1`;
  } catch (e) {
    throw new Failure(`npm run test:scale needs a Postgres server at PG_ADMIN_URL (${new URL(ADMIN_URL).host}): ${(e as Error).message}`);
  }
  const caddy = caddyBin();
  if (caddy instanceof Error) throw new Failure(caddy.message);
  say(ensureBuild(dir) ? `scale: built the app once for every instance (${secs(t)})` : "scale: the build is up to date; every instance runs it");
  armTimeout();

  t = performance.now();
  const [caddyPort, portA, portB, resendPort] = await freePorts(4, PORT_BASE, PORT_BASE + 99);
  await admin.unsafe(`create database ${dbName}`);
  created = true;
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  const databaseUrl = u.toString();
  // One secret for every process (docs/deploy.md); the seed's sealed values must open on the instances too.
  const secret = randomBytes(32).toString("base64url");
  process.env.APP_SECRET = secret;
  const world = await seedWorld(databaseUrl, BULK);
  workspaceId = world.workspaceId;
  checks = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  fake = await startFakeResend({ port: resendPort });
  say(`scale: database ${dbName} seeded with ${BULK} more clients, fake Resend on :${resendPort} (${secs(t)})`);

  t = performance.now();
  const appHost = `localhost:${caddyPort}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["PGLITE_DIR", "REDIS_URL", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "MSG91_AUTH_KEY", "TEST_CLOCK", "PORT", "HOST", "INSTANCE_NAME", "NODE_ENV"]) delete env[k];
  Object.assign(env, {
    DATABASE_URL: databaseUrl,
    APP_SECRET: secret,
    APP_URL: `http://${appHost}`, // the address browsers use: Caddy's, never an instance's
    PORTAL_ROOT_DOMAIN: "localhost",
    RESEND_API_KEY: "re_scale_test",
    RESEND_BASE_URL: fake.url,
    EMAIL_FROM: "Client Portal <no-reply@scale.test>",
    DEV_OUTBOX: "false",
    SEED_DEMO: "false",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  const instanceEnv = (name: string, port: number) => ({ ...env, INSTANCE_NAME: name, PORT: String(port), HOST: "127.0.0.1", RUN_WORKER: "false", SKIP_BUILD: "true", TRUSTED_PROXIES: "127.0.0.1" });
  const instances: Instance[] = [
    { name: "a", port: portA, proc: startProc("instance-a", dir, "npm", ["start"], instanceEnv("a", portA)) },
    { name: "b", port: portB, proc: startProc("instance-b", dir, "npm", ["start"], instanceEnv("b", portB)) },
  ];
  let workers = 0;
  const startWorker = () => startProc(`worker-${++workers}`, dir, "npm", ["run", "worker"], env);
  const workerReady = (p: Proc) =>
    waitFor(`${p.name} to start`, () => {
      if (!isRunning(p)) throw new Failure(`${p.name} exited:\n${tail(p)}`);
      return existsSync(p.log) && readFileSync(p.log, "utf8").includes("[worker] delivering the outbox");
    }, 90_000);
  let worker = startWorker();
  for (const i of instances) {
    await waitFor(`instance ${i.name} to answer /api/health`, async () => {
      if (!isRunning(i.proc)) throw new Failure(`instance ${i.name} exited:\n${tail(i.proc)}`);
      return healthy(i.port, appHost);
    }, 120_000, 250);
  }
  await workerReady(worker);
  const lb = startCaddy(dir, caddy, caddyPort, [portA, portB]);
  await waitFor("Caddy to answer", async () => {
    if (!isRunning(lb)) throw new Failure(`caddy exited:\n${tail(lb)}`);
    return healthy(caddyPort, appHost);
  }, 30_000, 100);
  say(`scale: instances a (:${portA}) and b (:${portB}), a worker, Caddy on :${caddyPort} round robin (${secs(t)})`);

  const ctx: Ctx = {
    caddy: caddyPort,
    appHost,
    portalHost: `acme.localhost:${caddyPort}`,
    customHost: `${CUSTOM_DOMAIN}:${caddyPort}`,
    instances,
    world,
    fake,
    sql: checks,
    worker: () => worker,
    restartWorker: async () => {
      worker = startWorker();
      await workerReady(worker);
      return worker;
    },
  };
  /** Stops both instances (scenario 4 has killed one) and starts them again on their ports with `extra` set. */
  const restartInstances = async (extra: Record<string, string>) => {
    for (const i of instances) signalGroup(i.proc, "SIGTERM");
    await Promise.race([Promise.all(instances.map((i) => i.proc.exited)), new Promise((r) => setTimeout(r, 10_000))]);
    for (const i of instances) signalGroup(i.proc, "SIGKILL");
    await Promise.all(instances.map((i) => i.proc.exited));
    for (const i of instances) i.proc = startProc(`instance-${i.name}-2`, dir, "npm", ["start"], { ...instanceEnv(i.name, i.port), ...extra });
    for (const i of instances) {
      await waitFor(`instance ${i.name} to answer /api/health again`, async () => {
        if (!isRunning(i.proc)) throw new Failure(`instance ${i.name} exited:\n${tail(i.proc)}`);
        return healthy(i.port, appHost);
      }, 120_000, 250);
    }
    // Caddy keeps an upstream that failed out of its rotation for 30 s (fail_duration): wait until it uses both.
    const seen = new Set<string>();
    await waitFor("Caddy to route to both instances again", async () => {
      const a = await get(caddyPort, "/api/health", appHost).catch(() => null);
      if (a?.status === 200 && a.servedBy) seen.add(a.servedBy);
      return seen.size === instances.length;
    }, 45_000, 250);
  };
  const scenarios: [string, (c: Ctx) => Promise<string>][] = [
    ["1 sign-in across instances", signInAcrossInstances],
    ["2 domain removal reaches the other instance", domainRemovalReachesOthers],
    ["3 rate limits across instances", limitsAcrossInstances],
    [`4 ${BULK} login emails exactly once through crashes`, bulkExactlyOnce],
  ];
  if (REDIS_URL) {
    scenarios.push([
      "3r rate limits across instances, both on REDIS_URL",
      async (c) => {
        await restartInstances({ REDIS_URL });
        return limitsAcrossInstancesInRedis(c, REDIS_URL);
      },
    ]);
  } else say("scale: scenario 3r (rate limits in Redis) skipped: SCALE_REDIS_URL is unset");
  const only = (process.env.SCALE_ONLY ?? "").split(",").filter(Boolean);
  const chosen = scenarios.filter(([name]) => !only.length || only.includes(name.split(" ")[0]));
  let failed = 0;
  for (const [name, run] of chosen) {
    const s = performance.now();
    try {
      const verdict = await run(ctx);
      say(`PASS ${name} (${secs(s)}): ${verdict}`);
    } catch (e) {
      failed++;
      say(`FAIL ${name} (${secs(s)}): ${e instanceof Failure ? e.message : (e as Error).stack}`);
    }
  }
  say(`scale: ${chosen.length - failed} passed, ${failed} failed, ${secs(started)} in all`);
  if (failed) for (const p of [...instances.map((i) => i.proc), worker]) say(`--- ${p.name} (last lines)\n${tail(p, 15)}`);
  return failed;
}

main()
  .then((failed) => finish(failed ? 1 : 0, failed > 0))
  .catch(async (e) => {
    say(`FAIL ${e instanceof Failure ? e.message : (e as Error).stack}`);
    await finish(1, true);
  });
