// The processes `npm run test:scale` runs: two `npm start` instances, one `npm run worker`, Caddy in front (round
// robin), the fake Resend, all on one throwaway Postgres database. Every child gets its own process group, so a
// SIGKILL reaches `npm`, `node scripts/start.mjs` and the server it spawned alike, and nothing outlives the run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { buildIsStale, builtAt, nextBuild } from "../next-build.mjs";
import { get } from "./http";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export type Proc = { name: string; child: ChildProcess; log: string; exited: Promise<void> };

const running = new Set<Proc>();

/** Starts `command` in a process group of its own, its output into `<dir>/<name>.log`. */
export function startProc(name: string, dir: string, command: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const log = path.join(dir, `${name}.log`);
  const out = createWriteStream(log, { flags: "a" });
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const p = { name, child, log, exited };
  running.add(p);
  void exited.then(() => running.delete(p));
  return p;
}

export const isRunning = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;

/** Signals the whole group (npm and everything it started); a group already gone is not an error. */
export function signalGroup(p: Proc, sig: NodeJS.Signals) {
  try {
    process.kill(-p.child.pid!, sig);
  } catch {}
}

/** SIGKILL, as a crash: no shutdown hook runs. Resolves once the group leader is gone. */
export async function crash(p: Proc) {
  signalGroup(p, "SIGKILL");
  await p.exited;
}

/** Stops everything still running: SIGTERM, then SIGKILL for whatever has not gone after `graceMs`. */
export async function stopAll(graceMs = 5000) {
  const procs = [...running];
  for (const p of procs) signalGroup(p, "SIGTERM");
  await Promise.race([Promise.all(procs.map((p) => p.exited)), new Promise((r) => setTimeout(r, graceMs))]);
  // The group, not only its leader: a server whose npm parent already exited is still in it.
  for (const p of procs) signalGroup(p, "SIGKILL");
}

/** The last lines of a process's log, for a failure message. */
export function tail(p: Proc, lines = 25): string {
  try {
    return readFileSync(p.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `n` ports from the range that nothing listens on (on 127.0.0.1). */
export async function freePorts(n: number, from: number, to: number): Promise<number[]> {
  const out: number[] = [];
  for (let port = from; port <= to && out.length < n; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(false));
      s.listen({ port, host: "127.0.0.1", exclusive: true }, () => s.close(() => resolve(true)));
    });
    if (ok) out.push(port);
  }
  if (out.length < n) throw new Error(`only ${out.length} of the ${n} ports needed are free in ${from}–${to} (SCALE_PORT_BASE moves the range)`);
  return out;
}

/**
 * One build for every instance (they must run the same one: docs/deploy.md): built here when missing or older than
 * the sources (the rule scripts/start.mjs applies), so the instances start with SKIP_BUILD=true and never race to
 * build. Returns whether it built.
 */
export function ensureBuild(dir: string): boolean {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  if (process.env.SCALE_SKIP_BUILD === "true" && builtAt(dist)) return false;
  if (!buildIsStale(dist)) return false;
  nextBuild(dist, path.join(dir, "build.log"));
  return true;
}

/**
 * Debian's Caddy as the load balancer: round robin over the instances, http only, no admin API, nothing written
 * outside `dir`. It trusts X-Forwarded-For from 127.0.0.1 (the test, standing in for a front load balancer) and
 * appends the peer, so each simulated client keeps its own address through Caddy to the instances.
 */
/** The Caddy binary to run, or an error saying how to get one. */
export function caddyBin(): string | Error {
  const bin = process.env.CADDY_BIN || "caddy";
  return spawnSync(bin, ["version"]).status === 0 ? bin : new Error(`no Caddy at "${bin}": install Debian's (apt-get install caddy) or set CADDY_BIN`);
}

export function startCaddy(dir: string, bin: string, port: number, upstreams: number[]): Proc {
  const caddyfile = path.join(dir, "Caddyfile");
  writeFileSync(
    caddyfile,
    `{
	admin off
	auto_https off
}

http://:${port} {
	reverse_proxy ${upstreams.map((p) => `127.0.0.1:${p}`).join(" ")} {
		lb_policy round_robin
		# A request to an instance that is gone is retried on the next (passive health checks).
		lb_try_duration 5s
		fail_duration 30s
		trusted_proxies 127.0.0.1/32
	}
}
`,
  );
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, "caddy-data"), XDG_CONFIG_HOME: path.join(dir, "caddy-config") };
  return startProc("caddy", dir, bin, ["run", "--config", caddyfile, "--adapter", "caddyfile"], env);
}

/** Answers /api/health with the app host's name (on the instance's port, or through Caddy). */
export async function healthy(port: number, appHost: string): Promise<boolean> {
  try {
    return (await get(port, "/api/health", appHost)).status === 200;
  } catch {
    return false;
  }
}
