// `npm run bench`, HTTP part: the built app under load on loopback. Builds into .next-bench if the sources changed,
// starts `next start` on a free port ≥ 3300 with its own fresh database (a temporary PGlite dir, or a throwaway
// database on BENCH_DATABASE_URL), and measures with autocannon:
//   - the portal sign-in page on a workspace subdomain (proxy: host → workspace through the LRU, rewrite to
//     /portal/[workspace]/sign-in, then a dynamic render) against a statically prerendered page of the same build on
//     the app host (the proxy's cheap branch, then a file from the prerender cache), and their ratio;
//   - the admin sign-in page (dynamic, app host) as a reference between the two;
//   - POST /api/portal/verify-code with a wrong code against a live challenge (the attack path: one statement that
//     counts the IP and the attempt) and with the right code (→ a session), against GET /api/ping, a route handler
//     that does nothing (the ceiling for a route), and their ratios.
// The portal users and their live codes are seeded before the server starts (see seedLiveCodes). Every request goes
// to 127.0.0.1 with the Host it is meant for (Node does not resolve *.localhost); each scenario stops after
// BENCH_DURATION seconds (or when its live codes are used up), and the server is stopped at the end, also on failure.
// The trivial route and the verification scenarios run interleaved in rounds (BENCH_ROUNDS), and each ratio is the
// median of its rounds' ratios: on a shared 2-core VM the machine's speed drifts by a third within minutes, and a
// ratio of two runs minutes apart measured the drift. Each row also shows the CPU the server process (and, on
// Postgres, the bench database's backends) spent per request, which drift and steal time distort far less.
// BENCH_HTTP_ONLY=verify runs only those rounds; BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server there.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { domains, portalUserTypes, workspaces } from "@/lib/db/schema";
import { DEMO, seedDemoIfEmpty } from "@/lib/demo/seed-demo";
import { issueAccessLink } from "@/lib/portal/access-links";
import { issueCode } from "@/lib/portal/codes";
import { buildIsStale, nextBuild } from "../scripts/next-build.mjs";
import { pendingSignInCookie } from "@/lib/portal/pending-sign-in";
import { createPortalSession } from "@/lib/portal/sessions";

const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = ".next-bench";
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Live codes for the right-code run (one request each); the wrong-code run gets half as many users, 5 guesses each. */
const CODE_USERS = Number(process.env.BENCH_CODE_USERS ?? 8000);
const WRONG_USERS = Math.ceil(CODE_USERS / 2);
/** Phone clients with live SMS codes for the SMS right-code run (one request each). */
const SMS_USERS = Number(process.env.BENCH_SMS_USERS ?? CODE_USERS);
const WARMUP_S = 2;
/** Rounds of (t), (g), (c), (d); together each scenario runs 1.5 × BENCH_DURATION (5 rounds of 3 s by default). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const BENCH_DOMAIN = "portal.bench.test";

type Row = {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  seconds: number;
  note: string;
  /** CPU ms per request: the server process's, and the bench database's backends' (Postgres only). */
  cpu?: { app: number; db: number | null };
  /** Per round, for the interleaved scenarios: req/s. */
  rounds?: number[];
};

// ---------------------------------------------------------------------------------------------------------------
// Build, database, server

/** Builds into .next-bench when any source is newer than its build (the rule `npm start` applies to .next). */
function ensureBuild() {
  if (process.env.BENCH_SKIP_BUILD === "true" || !buildIsStale(DIST)) return;
  console.log(`Building the app into ${DIST}/ (about a minute)…`);
  nextBuild(DIST, path.join(os.tmpdir(), `portal-bench-build-${process.pid}.log`));
}

/** The first port from 3300 up that nothing listens on (other work in this checkout uses 3000–3212). */
async function freePort(from = 3300, to = 3999): Promise<number> {
  for (let port = from; port <= to; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(false));
      s.listen({ port, host: "127.0.0.1", exclusive: true }, () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${from}–${to}`);
}

type Target = {
  kind: "pglite" | "postgres";
  env: Record<string, string>;
  cleanup: () => Promise<void>;
  leftover: string;
  /** Postgres: the process ids of the bench database's backends (the server's pool), for their CPU time. */
  backends?: () => Promise<number[]>;
};

/** A fresh database: a temporary PGlite dir, or a throwaway database on BENCH_DATABASE_URL. */
async function freshDatabase(): Promise<Target> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
    const cleanup = () => rmSync(dir, { recursive: true, force: true });
    return { kind: "pglite", env: { PGLITE_DIR: path.join(dir, "pglite") }, cleanup: async () => cleanup(), leftover: dir };
  }
  const name = `bench_http_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    kind: "postgres",
    env: { DATABASE_URL: u.toString() },
    leftover: `database ${name}`,
    backends: async () => (await admin.unsafe(`select pid from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`)).map((r) => Number(r.pid)),
    cleanup: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Migrates, seeds the Acme demo and `n` more invited portal users of its code type, and issues each one a sign-in
 * code with the server's own `issueCode` (what POST /api/portal/sign-in does for them, minus the email), then closes
 * the database — all before the server starts. PGlite has no multi-process locking, so the server must be the only
 * process with the dir open while it runs; one process after the other is safe, and the server's boot then finds a
 * non-empty database and seeds nothing. (Asking for the codes over HTTP instead is slow: the send path runs at ~20
 * requests/s on PGlite here, so a few thousand codes would take minutes.) Codes live 10 minutes, far longer than a run.
 */
async function seedLiveCodes(
  target: Target,
  n: number,
  smsN: number,
  portalHost: string,
): Promise<{ users: { email: string; code: string; cookie: string }[]; smsUsers: { code: string; cookie: string }[]; nobodyCookie: string; sessionCookie: string; linkToken: string }> {
  const h = target.kind === "pglite" ? openDatabase({ dir: target.env.PGLITE_DIR }) : openDatabase({ url: target.env.DATABASE_URL });
  try {
    await migrate(h.db, h.kind);
    await seedDemoIfEmpty(h.db);
    const [ws] = await h.db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, DEMO.slug));
    const [type] = await h.db
      .select({ id: portalUserTypes.id })
      .from(portalUserTypes)
      .where(and(eq(portalUserTypes.workspaceId, ws.id), eq(portalUserTypes.signInMethod, "email_code")));
    const users = (await h.db.execute(sql`
      with c as (
        insert into contacts (workspace_id, first_name, last_name, email)
        select ${ws.id}::uuid, 'Bench', 'Client ' || i, 'bench.client' || i || '@example.com' from generate_series(1, ${n}) as i
        returning id, email)
      insert into portal_users (workspace_id, contact_id, user_type_id)
      select ${ws.id}::uuid, id, ${type.id}::uuid from c
      returning id, (select email from c where c.id = contact_id) as email`)) as unknown;
    const list = (Array.isArray(users) ? users : (users as { rows: unknown[] }).rows) as { id: string; email: string }[];
    // The browser that asked holds a sealed pending sign-in naming its challenge (sealed with the server's APP_SECRET).
    const pending = (email: string, challengeId: string | null) => pendingSignInCookie({ workspaceId: ws.id, identifier: { channel: "email", address: email }, challengeId }, false).split(";")[0];
    const out: { email: string; code: string; cookie: string }[] = new Array(list.length);
    let next = 0;
    // PGlite runs one statement at a time anyway; a Postgres server takes a few transactions at once.
    await Promise.all(
      Array.from({ length: h.kind === "postgres" ? 8 : 1 }, async () => {
        while (next < list.length) {
          const i = next++;
          const { code, challengeId } = await h.db.transaction((tx) =>
            issueCode(tx, { workspaceId: ws.id, portalUserId: list[i].id, purpose: "sign_in", channels: ["email"] }),
          );
          out[i] = { email: list[i].email, code, cookie: pending(list[i].email, challengeId) };
        }
      }),
    );
    // Phone clients of the demo's SMS type with live SMS codes (5 minutes: the SMS scenario runs first among the
    // verify runs, well inside that), for the same verification path with the SMS channel.
    const [phoneType] = await h.db
      .select({ id: portalUserTypes.id })
      .from(portalUserTypes)
      .where(and(eq(portalUserTypes.workspaceId, ws.id), eq(portalUserTypes.signInMethod, "sms_code")));
    const phones = (await h.db.execute(sql`
      with c as (
        insert into contacts (workspace_id, first_name, last_name, phone)
        select ${ws.id}::uuid, 'Bench', 'Phone ' || i, '+9197' || lpad(i::text, 8, '0') from generate_series(1, ${smsN}) as i
        returning id, phone)
      insert into portal_users (workspace_id, contact_id, user_type_id)
      select ${ws.id}::uuid, id, ${phoneType.id}::uuid from c
      returning id, (select phone from c where c.id = contact_id) as phone`)) as unknown;
    const phoneList = (Array.isArray(phones) ? phones : (phones as { rows: unknown[] }).rows) as { id: string; phone: string }[];
    const smsUsers: { code: string; cookie: string }[] = [];
    for (const u of phoneList) {
      const { code, challengeId } = await h.db.transaction((tx) => issueCode(tx, { workspaceId: ws.id, portalUserId: u.id, purpose: "sign_in", channels: ["sms"] }));
      smsUsers.push({ code, cookie: pendingSignInCookie({ workspaceId: ws.id, identifier: { channel: "sms", address: u.phone }, challengeId }, false).split(";")[0] });
    }
    // An active custom domain (as if its DNS checks had passed) for the custom-domain and TLS `ask` scenarios; its
    // next check a day away, or the server's domain sweep would ask real DNS, find nothing and take it down.
    await h.db.insert(domains).values({
      workspaceId: ws.id,
      hostname: BENCH_DOMAIN,
      kind: "subdomain",
      status: "active",
      verificationToken: "bench",
      isPrimary: true,
      verifiedAt: new Date(),
      nextCheckAt: new Date(Date.now() + 86_400_000),
    });
    // A signed-in client for the pages that depend on the viewer (a session is bound to its host, so the port is known by now).
    const session = await createPortalSession(h.db, { workspaceId: ws.id, portalUserId: list[0].id, host: portalHost, twoFactor: false });
    // A magic link for its landing page (a GET shows it and uses nothing, so every request sees it valid).
    const link = await h.db.transaction((tx) => issueAccessLink(tx, { workspaceId: ws.id, portalUserId: list[1].id, kind: "magic" }));
    await h.db.execute(sql`analyze`);
    return { users: out, smsUsers, nobodyCookie: pending("nobody@example.com", null), sessionCookie: `portal_session=${session.token}`, linkToken: link.token };
  } finally {
    if (h.pglite) await h.pglite.close();
    if (h.sql) await h.sql.end();
  }
}

type Server = { port: number; child: ChildProcess; log: string; stop: () => Promise<void> };

async function startServer(target: Target, port: number, secret: string): Promise<Server> {
  const appUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...target.env,
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
    PORTAL_ROOT_DOMAIN: "localhost",
    APP_SECRET: secret,
    DEV_OUTBOX: "true",
    SEED_DEMO: "false",
  };
  for (const k of ["RESEND_API_KEY", "MSG91_AUTH_KEY", "REDIS_URL", "RUN_WORKER", "NEXTAUTH_SECRET", "PORT", "HOST"]) delete env[k];
  if (target.kind === "pglite") delete env.DATABASE_URL;
  const log = path.join(os.tmpdir(), `portal-bench-server-${port}.log`);
  const out = createWriteStream(log);
  // Bound to "localhost", as `npm start` does: with -H 127.0.0.1 Next renames the host and portal rewrites break.
  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "localhost"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(t);
  };
  const server = { port, child, log, stop };
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); log: ${log}\n${readFileSync(log, "utf8").slice(-2000)}`);
    try {
      const r = await request(port, { path: "/api/health", host: `localhost:${port}` });
      if (r.status === 200) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`the server did not answer /api/health within 2 minutes; log: ${log}`);
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP helpers (Node does not resolve *.localhost, so every request connects to 127.0.0.1 and names its Host)

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(
  port: number,
  o: { method?: string; path: string; host: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: o.method ?? "GET", path: o.path, agent, headers: { host: o.host, ...o.headers }, timeout: 30_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${o.path}`)));
    req.on("error", reject);
    req.end(o.body);
  });
}

/** A distinct client address per request: the server trusts the rightmost X-Forwarded-For entry (no proxy in front). */
let ipCounter = 0;
function nextIp(): string {
  const n = ++ipCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const headerOf = (h: Record<string, unknown> | undefined, name: string) => {
  const k = Object.keys(h ?? {}).find((x) => x.toLowerCase() === name);
  const v = k ? h![k] : undefined;
  return Array.isArray(v) ? v.join("\n") : typeof v === "string" ? v : "";
};

/** How busy the machine's CPUs are over one second (the bench idle, the server idle): other people's work. */
async function cpuBusy(): Promise<number> {
  const sample = () => os.cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, total: a.total + Object.values(c.times).reduce((x, y) => x + y, 0) }), { idle: 0, total: 0 });
  const a = sample();
  await new Promise((r) => setTimeout(r, 1000));
  const b = sample();
  return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
}

const TICK_MS = 1000 / 100; // USER_HZ: /proc reports CPU time in 1/100 s on Linux

/** CPU time (ms) a process has used so far (user + system), from /proc; 0 where there is no /proc or no process. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

type CpuMark = { app: number; db: Map<number, number> | null };

/** What the server (and the database's backends) have spent so far; `cpuPerRequest` turns two marks into ms/request. */
async function cpuMark(server: Server, target: Target): Promise<CpuMark> {
  const pids = target.backends ? await target.backends() : null;
  return { app: processCpuMs(server.child.pid ?? 0), db: pids ? new Map(pids.map((p) => [p, processCpuMs(p)])) : null };
}

function cpuPerRequest(a: CpuMark, b: CpuMark, requests: number): Row["cpu"] {
  if (!requests || !b.app) return undefined;
  // A backend that appeared between the marks counts from 0 (the pool opened it during the run).
  const db = b.db ? [...b.db].reduce((sum, [pid, ms]) => sum + ms - (a.db?.get(pid) ?? 0), 0) : null;
  return { app: (b.app - a.app) / requests, db: db === null ? null : db / requests };
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

function toRow(scenario: string, r: autocannon.Result, note = ""): Row {
  // From the run's own start and finish: `duration` is rounded, which skews a run that stops early (codes used up).
  const seconds = Math.max(0.001, (new Date(r.finish).getTime() - new Date(r.start).getTime()) / 1000) || r.duration;
  return { scenario, rps: r.requests.total / seconds, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, seconds, note };
}

function cannon(opts: autocannon.Options, stopAfterS?: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    if (stopAfterS) {
      const t = setTimeout(() => inst.stop(), stopAfterS * 1000);
      inst.on("done", () => clearTimeout(t));
    }
  });
}

/** Set once the server is up: every scenario then also reports the CPU spent per request. */
let meter: { server: Server; target: Target } | null = null;

async function metered(run: () => Promise<autocannon.Result>): Promise<{ r: autocannon.Result; cpu: Row["cpu"] }> {
  const a = meter ? await cpuMark(meter.server, meter.target) : null;
  const r = await run();
  const b = meter ? await cpuMark(meter.server, meter.target) : null;
  return { r, cpu: a && b ? cpuPerRequest(a, b, r.requests.total) : undefined };
}

async function pageScenario(
  port: number,
  name: string,
  host: string,
  p: string,
  expect: number,
  connections = CONNECTIONS,
  cookie?: string,
  o: { duration?: number; warmup?: boolean } = {},
): Promise<Row> {
  const url = `http://127.0.0.1:${port}${p}`;
  const opts = { url, connections, headers: { host, ...(cookie ? { cookie } : {}) } };
  if (o.warmup !== false) await cannon({ ...opts, duration: WARMUP_S });
  const { r, cpu } = await metered(() => cannon({ ...opts, duration: o.duration ?? DURATION }));
  const good = r.statusCodeStats?.[String(expect) as `${number}`]?.count ?? 0;
  if (r.errors || good !== r.requests.total) throw new Error(`${name}: ${r.requests.total - good} of ${r.requests.total} answers were not ${expect} (${r.errors} errors; statuses ${JSON.stringify(r.statusCodeStats)})`);
  return { ...toRow(name, r), cpu };
}

/**
 * POST /api/portal/verify-code as the check-email form sends it: the browser's sealed pending sign-in cookie, a same-origin Origin,
 * a fresh X-Forwarded-For per request (so the per-IP limit of 30 per 5 min is not what is measured). `next()` gives
 * each request's cookie and code and carries on across rounds (a used code is never sent again); `budget` caps the
 * requests at what is left. Outcomes are added to `outcomes`.
 */
async function verifyScenario(
  port: number,
  portalHost: string,
  name: string,
  next: () => { cookie: string; code: string },
  budget: number,
  seconds: number,
  expected: (location: string, setCookie: string) => boolean,
  outcomes: Map<string, number>,
): Promise<Row> {
  const headers = { origin: `http://${portalHost}`, "content-type": "application/x-www-form-urlencoded" };
  // Timed here: autocannon ends a run that reaches `amount` on its next whole-second tick, so its own start and
  // finish would stretch a run that used up its codes.
  const started = Date.now();
  let lastAnswer = started;
  const { r, cpu } = await metered(() =>
    cannon(
      {
        url: `http://127.0.0.1:${port}/api/portal/verify-code`,
        connections: CONNECTIONS,
        amount: Math.max(1, budget),
        requests: [
          {
            method: "POST",
            setupRequest: (req) => {
              const { cookie, code } = next();
              return { ...req, headers: { ...headers, host: portalHost, cookie, "x-forwarded-for": nextIp() }, body: form({ code }) };
            },
            onResponse: (status, _body, _ctx, h) => {
              const loc = headerOf(h as Record<string, unknown>, "location");
              const key = status === 303 && expected(loc, headerOf(h as Record<string, unknown>, "set-cookie")) ? "expected" : `${status} ${loc}`;
              outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
              lastAnswer = Date.now();
            },
          },
        ],
      },
      seconds,
    ),
  );
  const took = (lastAnswer - started) / 1000;
  const ran = took < seconds - 0.5 ? `codes used up after ${took.toFixed(1)} s` : "";
  return { ...toRow(name, r, ran), rps: r.requests.total / Math.max(0.001, took), seconds: took, cpu };
}

/** Rounds of one scenario folded into one row: totals over all rounds, the median round's latencies, each round's rate. */
function foldRounds(rounds: Row[]): Row {
  const requests = rounds.reduce((a, r) => a + r.requests, 0);
  const seconds = rounds.reduce((a, r) => a + r.seconds, 0);
  const mid = [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)];
  const cpuOf = (k: "app" | "db") => {
    const known = rounds.filter((r) => r.cpu && r.cpu[k] !== null);
    return known.length ? known.reduce((a, r) => a + r.cpu![k]! * r.requests, 0) / known.reduce((a, r) => a + r.requests, 0) : null;
  };
  const app = cpuOf("app");
  return {
    ...mid,
    rps: requests / seconds,
    requests,
    seconds,
    note: rounds.map((r) => r.note).find(Boolean) ?? "",
    cpu: app === null ? undefined : { app, db: cpuOf("db") },
    rounds: rounds.map((r) => r.rps),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function checkOutcomes(name: string, outcomes: Map<string, number>) {
  const bad = [...outcomes].filter(([k]) => k !== "expected");
  const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
  const badCount = bad.reduce((a, [, v]) => a + v, 0);
  // A few stragglers at the end of a run are tolerated; anything more means the scenario measured the wrong path.
  if (badCount > Math.max(CONNECTIONS, total * 0.01)) throw new Error(`${name}: unexpected answers ${JSON.stringify(bad)}`);
}

// ---------------------------------------------------------------------------------------------------------------

export async function portalHttpBench(): Promise<void> {
  ensureBuild();
  const target = await freshDatabase();
  let server: Server | null = null;
  const onSignal = () => {
    server?.child.kill("SIGKILL");
    if (target.kind === "pglite") rmSync(target.leftover, { recursive: true, force: true });
    else console.error(`interrupted: drop the ${target.leftover} by hand`);
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    console.log(`\nHTTP benchmark: seeding ${(WRONG_USERS + CODE_USERS + SMS_USERS).toLocaleString()} portal users with live sign-in codes into a fresh ${target.kind} database…`);
    const t0 = Date.now();
    // Codes are stored as HMACs keyed by APP_SECRET: the seeding here and the server must share it.
    const secret = randomBytes(32).toString("base64url");
    const savedSecret = process.env.APP_SECRET;
    process.env.APP_SECRET = secret;
    const from = Number(process.env.BENCH_PORT ?? 3300); // BENCH_PORT: where parallel work has its own range
    const port = await freePort(from, process.env.BENCH_PORT ? from + 49 : 3999);
    const portalHost = `acme.localhost:${port}`;
    const { users: live, smsUsers, nobodyCookie, sessionCookie, linkToken } = await seedLiveCodes(target, WRONG_USERS + CODE_USERS, SMS_USERS, portalHost).finally(() => {
      if (savedSecret === undefined) delete process.env.APP_SECRET;
      else process.env.APP_SECRET = savedSecret;
    });
    console.log(`Seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    server = await startServer(target, port, secret);
    const appHost = `localhost:${port}`;
    console.log(`Server up on port ${port} (log: ${server.log}); ${CONNECTIONS} connections, ${DURATION} s a scenario after a ${WARMUP_S} s warm-up.`);
    // The fresh server keeps a core busy for a while after /api/health answers (start-up work); wait for it to settle.
    let busy = 1;
    for (let i = 0; i < 30 && busy > 0.25; i++) busy = await cpuBusy();
    if (busy > 0.25) console.warn(`  (before any load the CPUs are ${(busy * 100).toFixed(0)}% busy: other work on this machine will skew the figures)`);

    meter = { server, target };
    const rows: Row[] = [];
    if (process.env.BENCH_HTTP_ONLY !== "verify") {
    rows.push(await pageScenario(port, "(a) portal sign-in page, acme.localhost", portalHost, "/sign-in", 200));
    rows.push(await pageScenario(port, "(b) static page /about, app host", appHost, process.env.BENCH_STATIC_PATH ?? "/about", 200));
    rows.push(await pageScenario(port, "    admin sign-in page (dynamic, app host)", appHost, "/sign-in", 200));
    // (a) without the cache: a browser holding a session cookie that names nobody gets the page rendered for it.
    rows.push(await pageScenario(port, "    (a) rendered per request (stale session cookie)", portalHost, "/sign-in", 200, CONNECTIONS, "portal_session=stale"));
    // Pages that depend on the viewer render per request, checks and all: against the admin's dynamic page.
    rows.push(await pageScenario(port, "(h) portal home, a signed-in client", portalHost, "/", 200, CONNECTIONS, sessionCookie));
    // check-email and a link's landing page: the page cache with this browser's own values filled in, after the one
    // query their shape needs (the resend wait; the link's state).
    rows.push(await pageScenario(port, "(i) check-email, a pending sign-in", portalHost, "/sign-in/check-email", 200, CONNECTIONS, nobodyCookie));
    rows.push(await pageScenario(port, "(j) link landing page, a valid magic link", portalHost, `/l/${linkToken}`, 200));
    rows.push(await pageScenario(port, "    (i) rendered per request (stale session cookie)", portalHost, "/sign-in/check-email", 200, CONNECTIONS, `${nobodyCookie}; portal_session=stale`));
    // The proxy's own work on a portal host (classify the Host, LRU lookup) with no page after it: it answers a
    // non-portal /api/ path on a portal host with 404 itself.
    rows.push(await pageScenario(port, "    proxy alone: acme.localhost/api/x → 404", portalHost, "/api/x", 404));
    // Issue 4: the same page on the workspace's custom domain (a cached domain lookup instead of a slug lookup), and
    // Caddy's on-demand TLS `ask` for a verified domain and for an unknown one (a cached miss).
    rows.push(await pageScenario(port, `(e) portal sign-in page, custom domain ${BENCH_DOMAIN}`, `${BENCH_DOMAIN}:${port}`, "/sign-in", 200));
    rows.push(await pageScenario(port, `    proxy alone: ${BENCH_DOMAIN}/api/x → 404`, `${BENCH_DOMAIN}:${port}`, "/api/x", 404));
    rows.push(await pageScenario(port, `(f) TLS ask, verified domain → 200`, `127.0.0.1:${port}`, `/api/tls/ask?domain=${BENCH_DOMAIN}`, 200));
    rows.push(await pageScenario(port, "    TLS ask, unknown domain → 404", `127.0.0.1:${port}`, "/api/tls/ask?domain=nobody.example.org", 404));
    // One request at a time, as Caddy asks: the latency of a single answer without queueing behind nine others.
    rows.push(await pageScenario(port, "    TLS ask, verified, 1 connection (latency)", `127.0.0.1:${port}`, `/api/tls/ask?domain=${BENCH_DOMAIN}`, 200, 1));
    }

    const wrongUsers = live.slice(0, WRONG_USERS).map((u) => u.cookie);
    const rightUsers = live.slice(WRONG_USERS);

    // Warm the route on an unknown address (same answer as a wrong code, no challenge touched), and the ping.
    await cannon({
      url: `http://127.0.0.1:${port}/api/portal/verify-code`,
      connections: CONNECTIONS,
      duration: WARMUP_S,
      requests: [
        {
          method: "POST",
          setupRequest: (req) => ({
            ...req,
            headers: { host: portalHost, origin: `http://${portalHost}`, "content-type": "application/x-www-form-urlencoded", cookie: nobodyCookie, "x-forwarded-for": nextIp() },
            body: form({ code: "000000" }),
          }),
        },
      ],
    });
    await cannon({ url: `http://127.0.0.1:${port}/api/ping`, connections: CONNECTIONS, duration: WARMUP_S, headers: { host: appHost } });

    // Each user's code once (right codes), or "000000" 5 times (wrong: the 5th guess kills the code); "000000" is
    // wrong for all but about one user in a million, and such a stray sign-in would show in the outcomes.
    let sms = 0;
    let right = 0;
    let wrong = 0;
    const take = {
      sms: () => smsUsers[sms++ % smsUsers.length],
      right: () => rightUsers[right++ % rightUsers.length],
      wrong: () => ({ cookie: wrongUsers[wrong++ % wrongUsers.length], code: "000000" }),
    };
    const left = { sms: () => smsUsers.length - sms, right: () => rightUsers.length - right, wrong: () => 5 * wrongUsers.length - CONNECTIONS - wrong };
    const session = (loc: string, cookie: string) => loc === "/" && cookie.includes("portal_session=");
    const outcomes = { sms: new Map<string, number>(), wrong: new Map<string, number>(), right: new Map<string, number>() };
    const seconds = (1.5 * DURATION) / ROUNDS;
    const rounds: Record<"t" | "g" | "c" | "d", Row[]> = { t: [], g: [], c: [], d: [] };
    const share = (n: number, round: number) => Math.floor(n / (ROUNDS - round));
    for (let round = 0; round < ROUNDS; round++) {
      rounds.t.push(await pageScenario(port, "(t) trivial route handler /api/ping, app host", appHost, "/api/ping", 200, CONNECTIONS, undefined, { duration: seconds, warmup: false }));
      const runs = [
        async () => rounds.g.push(await verifyScenario(port, portalHost, "(g) verify-code, right SMS code → session", take.sms, share(left.sms(), round), seconds, session, outcomes.sms)),
        async () => rounds.c.push(await verifyScenario(port, portalHost, "(c) verify-code, wrong code, live challenge", take.wrong, share(left.wrong(), round), seconds, (loc) => loc.endsWith("error=CODE_WRONG"), outcomes.wrong)),
        async () => rounds.d.push(await verifyScenario(port, portalHost, "(d) verify-code, right code → session", take.right, share(left.right(), round), seconds, session, outcomes.right)),
      ];
      // A different one goes first in each round: the run right after the ping starts on a server that just served
      // another route, and that cost should not always fall on the same scenario.
      for (let k = 0; k < runs.length; k++) await runs[(k + round) % runs.length]();
    }
    checkOutcomes("right SMS code", outcomes.sms);
    checkOutcomes("wrong code", outcomes.wrong);
    checkOutcomes("right code", outcomes.right);
    rows.push(foldRounds(rounds.t), foldRounds(rounds.g), foldRounds(rounds.c), foldRounds(rounds.d));

    print(rows, target.kind);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    agent.destroy();
    await server?.stop();
    await target.cleanup();
  }
}

function print(rows: Row[], kind: string) {
  const w = Math.max(...rows.map((r) => r.scenario.length));
  const cpu = (r: Row) => (r.cpu ? `${r.cpu.app.toFixed(2)}${r.cpu.db === null ? "" : ` + ${r.cpu.db.toFixed(2)}`}` : "");
  console.log(`\nPortal over HTTP, ${kind}, ${CONNECTIONS} connections, autocannon on 127.0.0.1\n`);
  const cpuHead = kind === "postgres" ? "CPU ms/req app + db" : "CPU ms/req";
  console.log(`${"scenario".padEnd(w)}  ${"req/s".padStart(7)}  ${"p50 ms".padStart(7)}  ${"p99 ms".padStart(7)}  ${"requests".padStart(8)}  ${cpuHead.padStart(19)}  note`);
  console.log(`${"-".repeat(w)}  ${"-".repeat(7)}  ${"-".repeat(7)}  ${"-".repeat(7)}  ${"-".repeat(8)}  ${"-".repeat(19)}  ----`);
  for (const r of rows) {
    const note = [r.rounds ? `rounds ${r.rounds.map((x) => x.toFixed(0)).join(" / ")}` : "", r.note].filter(Boolean).join("; ");
    console.log(
      `${r.scenario.padEnd(w)}  ${r.rps.toFixed(0).padStart(7)}  ${r.p50.toFixed(0).padStart(7)}  ${r.p99.toFixed(0).padStart(7)}  ${String(r.requests).padStart(8)}  ${cpu(r).padStart(19)}  ${note}`,
    );
  }
  const find = (k: string) => rows.find((r) => r.scenario.trimStart().startsWith(k));
  const [a, b] = [find("(a)"), find("(b)")];
  const shells = [a, find("(i)"), find("(j)")].filter((r) => r !== undefined);
  if (b && shells.length) console.log(`\nPortal pages that do not depend on the viewer against the static page's ${b.rps.toFixed(0)} req/s: ${shells.map((r) => `${r.scenario.slice(0, 3)}/(b) = ${(r.rps / b.rps).toFixed(2)}`).join(", ")} (target ≥ 0.9).`);
  const admin = find("admin sign-in page");
  const viewer = ["(h)"].map(find).filter((r) => r !== undefined);
  if (admin) console.log(`Pages that depend on the viewer against the admin's dynamic page (${admin.rps.toFixed(0)} req/s): ${viewer.map((r) => `${r.scenario.slice(0, 3)} = ${(r.rps / admin.rps).toFixed(2)}`).join(", ")}.`);
  const t = find("(t)");
  const verify = ["(c)", "(d)", "(g)"].map(find).filter((r) => r !== undefined);
  if (t?.rounds) {
    // Per round against the ping of that round, then the median: the machine's drift between rounds cancels out.
    const ratio = (r: Row) => {
      const each = r.rounds!.map((x, i) => x / t.rounds![i]);
      return `${r.scenario.slice(0, 3)}/(t) = ${median(each).toFixed(2)} (${each.map((x) => x.toFixed(2)).join(", ")})`;
    };
    console.log(`Code verification against the trivial route (${ROUNDS} interleaved rounds, median of the rounds' ratios): ${verify.map(ratio).join("; ")} (target ≥ 0.5).`);
    const cpuRatio = (r: Row) => (r.cpu && t.cpu ? `${r.scenario.slice(0, 3)} ${(r.cpu.app / t.cpu.app).toFixed(1)}×` : "");
    if (t.cpu) console.log(`The server's own CPU per request against the trivial route's ${t.cpu.app.toFixed(2)} ms: ${verify.map(cpuRatio).filter(Boolean).join(", ")}.`);
  }
  console.log(`
(a) host → workspace (in-process LRU), geoblocking, then the page from the per-workspace page cache with this
    answer's own CSP nonce (lib/page-cache); "rendered per request" is the same page for a browser holding a session
    cookie: rewrite to /portal/[workspace]/sign-in and a dynamic render with its queries (what (a) was before).
(h) the portal home for a signed-in client: session check (sliding its idle expiry), the hub's queries, the render.
(i) check-email for a browser with a pending sign-in: the sealed cookie and the resend cooldown query in the proxy,
    then the page cache's page for that shape (channel, error, wait on) with the address and wait filled in; "rendered
    per request" is the same browser with a session cookie (what (i) was before).
(j) a magic link's landing page: the link's state (one query) in the proxy, then the cached page with its token.
(b) the proxy's app-host branch, then a page prerendered at build time: the ceiling for this server on this machine.
    The admin sign-in page is dynamic but has no tenant lookup and no query; "proxy alone" is the host resolution
    with nothing rendered after it. So (a)/(b) is mostly the price of a dynamic render, not of the routing.
(c) each request a new client IP and one of ${WRONG_USERS.toLocaleString()} users with a live emailed code, at most 5
    guesses each (the 5th kills the code): one statement counts the IP and the attempt, 303 to the form.
(d) the emailed code itself: the same statement also consumes the code, then one more creates the session (303 to /).
(t) GET /api/ping on the app host: the proxy's app branch and a route handler that answers "ok", no database.
(e) (a) on the workspace's active custom domain: the proxy's lookup is a cached domain row instead of a slug, so
    (e) should match (a), and its "proxy alone" row the subdomain's.
(g) (d) for a phone client's SMS code: the same route and statements (the code's channel only sets its 5-minute
    life), so (g) should match (d).
(f) GET /api/tls/ask, what Caddy calls before it gets a certificate: the cached lookup and a plain-text answer, no
    DNS; its p50/p99 are the latency Caddy waits for.`);
}
