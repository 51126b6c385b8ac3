import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Change } from "@/lib/changes/change";
import { listenForChanges } from "@/lib/changes/listen-changes";
import { onChange, stopChangeListener } from "@/lib/changes/on-change";
import { publishChange } from "@/lib/changes/publish-change";
import { openDatabase } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import { removeDomain } from "@/lib/domains/remove-domain";
import { updateClientCentreSettings } from "@/lib/workspaces/update-client-centre-settings";
import { clearGeoPolicyCache, geoPolicy } from "@/lib/security/geo-block";
import { clearHostCache, hostCacheStats, resolveWorkspace } from "@/lib/tenancy/resolve";
import { createTestDb, useAsAppDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

// The change bus (lib/changes): what one instance publishes in a transaction reaches every instance's caches when
// it commits, and never when it rolls back. On Postgres the "other instance" is a second connection, and for the
// host cache a second process; on PGlite (one process owns the database) the embedded database's own notifications.

let t: TestDb;
let other: ReturnType<typeof openDatabase> | undefined;
const onPostgres = !!process.env.TEST_DATABASE_URL;

beforeAll(async () => {
  t = await createTestDb();
  useAsAppDb(t.db);
  // A second handle on the same database: another instance's connections.
  if (t.url) other = openDatabase({ url: t.url });
});
afterAll(async () => {
  useAsAppDb(undefined);
  await stopChangeListener();
  await other?.sql!.end();
  await t.close();
});

/** Collects what a listener on `other` receives, and waits for a given change to arrive. */
function collector() {
  const got: Change[] = [];
  const waiters: Array<() => void> = [];
  const listener = listenForChanges(other!, (c) => {
    got.push(c);
    for (const w of waiters.splice(0)) w();
  })!;
  const until = async (pred: (c: Change) => boolean, ms = 1000) => {
    const started = Date.now();
    while (!got.some(pred)) {
      if (Date.now() - started > ms) throw new Error(`not delivered within ${ms} ms; got ${JSON.stringify(got)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 20);
      });
    }
    return Date.now() - started;
  };
  return { got, listener, until };
}
const ws = (id: string): Change => ({ kind: "workspace", workspaceId: id });
const is = (c: Change) => (x: Change) => JSON.stringify(x) === JSON.stringify(c);

describe("publishing and listening", () => {
  let l: ReturnType<typeof collector>;
  beforeAll(async () => {
    if (!onPostgres) return; // see the PGlite block below
    l = collector();
    await l.listener.ready;
  });
  afterAll(async () => void (await l?.listener.stop()));

  test.runIf(onPostgres)("a change committed on one connection reaches another's listener within a second; a rolled-back one never", async () => {
    const a = crypto.randomUUID();
    const b = crypto.randomUUID();
    await expect(
      t.db.transaction(async (tx) => {
        await publishChange(tx, ws(a));
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    await t.db.transaction(async (tx) => {
      await publishChange(tx, ws(b));
      // Not before commit: the other instance must never drop a cache for a write it cannot see yet.
      await new Promise((r) => setTimeout(r, 100));
      expect(l.got.some(is(ws(b)))).toBe(false);
    });
    expect(await l.until(is(ws(b)))).toBeLessThan(1000);
    // Notifications arrive in commit order, so once b is here a would have been too.
    expect(l.got.some(is(ws(a)))).toBe(false);
  });

  test.runIf(onPostgres)("junk on the channel reaches no handler, and the listener keeps going", async () => {
    const marker = ws(crypto.randomUUID());
    const before = l.got.length;
    for (const junk of ["not json", "{}", '{"kind":"workspace"}', '{"kind":"workspace","workspaceId":"x"}', '{"kind":"drop","table":"users"}', '{"kind":"hosts","extra":1}', "[1]"]) {
      await t.db.execute(sql`select pg_notify('portal_changes', ${junk})`);
    }
    await t.db.transaction((tx) => publishChange(tx, marker));
    await l.until(is(marker));
    expect(l.got.slice(before)).toEqual([marker]);
  });

  test.runIf(onPostgres)("a publish that is not a change is refused and tells nobody", async () => {
    await expect(t.db.transaction((tx) => publishChange(tx, { kind: "workspace", workspaceId: "'; drop table x" } as Change))).rejects.toThrow();
  });

  test.runIf(onPostgres)("after its connection is killed the listener reconnects, says everything may have changed, and hears later changes", async () => {
    const flushes = l.got.filter((c) => c.kind === "all").length;
    const admin = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      const killed = await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`;
      expect(killed.length).toBe(1);
    } finally {
      await admin.end();
    }
    await l.until(() => l.got.filter((c) => c.kind === "all").length > flushes, 5000);
    const after = ws(crypto.randomUUID());
    await t.db.transaction((tx) => publishChange(tx, after));
    expect(await l.until(is(after))).toBeLessThan(1000);
  });
});

describe.runIf(!onPostgres)("on PGlite", () => {
  test("the embedded database's notifications arrive as the transaction commits, never on rollback, and junk is ignored", async () => {
    const h = openDatabase({ dir: "memory://" });
    const got: Change[] = [];
    const listener = listenForChanges(h, (c) => got.push(c))!;
    await listener.ready;
    expect(got).toEqual([{ kind: "all" }]); // listening began: whatever was cached before may be stale
    const a = ws(crypto.randomUUID());
    const b = ws(crypto.randomUUID());
    await expect(
      h.db.transaction(async (tx) => {
        await publishChange(tx, a);
        throw new Error("the write failed");
      }),
    ).rejects.toThrow();
    await h.db.execute(sql`select pg_notify('portal_changes', 'junk')`);
    await h.db.transaction(async (tx) => {
      await publishChange(tx, b);
      expect(got).not.toContainEqual(b);
    });
    expect(got).toEqual([{ kind: "all" }, b]);
    await listener.stop();
    await h.pglite!.close();
  });
});

describe("this process's handlers", () => {
  test("run at once when a change is published here, and a handler that throws does not stop the others", async () => {
    const seen: Change[] = [];
    const offBad = onChange(() => {
      throw new Error("a broken cache");
    });
    const off = onChange((c) => seen.push(c));
    const c = ws(crypto.randomUUID());
    await t.db.transaction(async (tx) => {
      await publishChange(tx, c);
      expect(seen).toContainEqual(c);
    });
    off();
    offBad();
    const later = ws(crypto.randomUUID());
    await t.db.transaction((tx) => publishChange(tx, later));
    expect(seen).not.toContainEqual(later);
  });

  test("a lookup that began before a change does not put its old answer back after the change cleared the cache", async () => {
    const ctx = await makeWorkspace(t.db);
    clearHostCache();
    // The change arrives while the lookup waits for the database (as a NOTIFY can, mid-query).
    const lookup = resolveWorkspace({ kind: "subdomain", slug: ctx.workspace.slug, hostname: `${ctx.workspace.slug}.localhost` });
    clearHostCache();
    expect(await lookup).toMatchObject({ id: ctx.workspace.id });
    expect(hostCacheStats()).toMatchObject({ hits: 0, misses: 0 });
    // Without a change in between, the answer is kept as before.
    await resolveWorkspace({ kind: "subdomain", slug: ctx.workspace.slug, hostname: `${ctx.workspace.slug}.localhost` });
    expect(hostCacheStats().hits).toBe(1);

    const policy = geoPolicy(ctx.workspace.id);
    await updateClientCentreSettings(ctx, { twoFactorIdleMinutes: 30, geoBlockedCountries: ["RU"], geoUnknownCountry: "block", smsCountries: ["IN"] });
    await policy; // read before the save: it may be the old policy, but it must not be what is cached now
    expect(await geoPolicy(ctx.workspace.id)).toEqual({ blocked: ["RU"], unknown: "block" });
    clearGeoPolicyCache();
  });

  test("saving geoblocking drops the cached policy at once", async () => {
    const ctx = await makeWorkspace(t.db);
    expect(await geoPolicy(ctx.workspace.id)).toEqual({ blocked: [], unknown: "allow" });
    await updateClientCentreSettings(ctx, { twoFactorIdleMinutes: 30, geoBlockedCountries: ["RU"], geoUnknownCountry: "block", smsCountries: ["IN"] });
    expect(await geoPolicy(ctx.workspace.id)).toEqual({ blocked: ["RU"], unknown: "block" });
  });
});

describe.runIf(onPostgres)("two instances", () => {
  let child: ChildProcess;
  let ask: (host: string) => Promise<string | null>;
  beforeAll(async () => {
    child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/helpers/change-instance.ts"], {
      env: { ...process.env, DATABASE_URL: t.url, APP_URL: "https://app.portals.test", PORTAL_ROOT_DOMAIN: "portals.test", RUN_WORKER: "false" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const out = createInterface({ input: child.stdout! });
    const pending: Array<(line: string) => void> = [];
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    out.on("line", (line) => (line === "ready" ? ready() : pending.shift()?.(line)));
    ask = (host) =>
      new Promise((r) => {
        pending.push((line) => r((JSON.parse(line) as { id: string | null }).id));
        child.stdin!.write(`${host}\n`);
      });
    await isReady;
  }, 60_000);
  afterAll(() => void child?.kill("SIGKILL"));

  /** Asks the other instance every 20 ms until it answers `want`; returns how long that took. */
  async function otherAnswers(host: string, want: string | null, ms = 1000) {
    const started = Date.now();
    while ((await ask(host)) !== want) {
      if (Date.now() - started > ms) throw new Error(`the other instance still answers otherwise after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now() - started;
  }

  test("a domain removed through one instance stops serving on the other within a second, not after its cache's minute", async () => {
    const ctx = await makeWorkspace(t.db);
    const [d] = await t.db
      .insert(domains)
      .values({ workspaceId: ctx.workspace.id, hostname: "portal.moved.test", kind: "subdomain", verificationToken: "x".repeat(32), status: "active", isPrimary: true })
      .returning({ id: domains.id });
    expect(await ask("portal.moved.test")).toBe(ctx.workspace.id);
    // The other instance answers from its cache: a change that is not published is not seen there (the TTL's minute)…
    await t.db.update(domains).set({ status: "misconfigured" }).where(eq(domains.id, d.id));
    expect(await ask("portal.moved.test")).toBe(ctx.workspace.id);
    await t.db.update(domains).set({ status: "active" }).where(eq(domains.id, d.id));
    // …while removing it through this instance is seen there on the next request.
    await removeDomain(ctx, { id: d.id });
    expect(await resolveWorkspace({ kind: "custom", hostname: "portal.moved.test" })).toBeNull();
    expect(await otherAnswers("portal.moved.test", null)).toBeLessThan(1000);
  });

  test("a workspace created through one instance is served on the other though it had cached the subdomain as unknown", async () => {
    expect(await ask("fresh-start.portals.test")).toBeNull();
    const { createWorkspace } = await import("@/lib/workspaces/create-workspace");
    const user = (await makeWorkspace(t.db)).user;
    const created = await createWorkspace(t.db, { id: user.id!, email: user.email }, { name: "Fresh Start", slug: "fresh-start", country: "IN" });
    expect(await otherAnswers("fresh-start.portals.test", created.id)).toBeLessThan(1000);
  });

  test("when the other instance's listening connection is killed, it reconnects and drops what it had cached", async () => {
    const ctx = await makeWorkspace(t.db);
    const [d] = await t.db
      .insert(domains)
      .values({ workspaceId: ctx.workspace.id, hostname: "portal.lost.test", kind: "subdomain", verificationToken: "y".repeat(32), status: "active", isPrimary: true })
      .returning({ id: domains.id });
    expect(await ask("portal.lost.test")).toBe(ctx.workspace.id);
    // A change it cannot hear about (no publish): the way a notification sent while it was disconnected is lost.
    await t.db.delete(domains).where(eq(domains.id, d.id));
    expect(await ask("portal.lost.test")).toBe(ctx.workspace.id);
    const admin = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      const killed = await admin`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query ilike 'listen%' and application_name = 'postgres.js' and pid <> pg_backend_pid()`;
      expect(killed.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    expect(await otherAnswers("portal.lost.test", null, 5000)).toBeLessThan(5000);
  });
});
