import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite, type PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PgliteDatabase<typeof schema>;
/** A transaction handle; queries accept either, so they compose inside a caller's transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

type Handles = { db: Db; pglite?: PGlite; sql?: postgres.Sql; kind: "pglite" | "postgres" };
const g = globalThis as unknown as { __portalDb?: Handles };

/** Opens the database on first use, never at import time: `next build` imports modules but must not open PGlite. */
export function getHandles(): Handles {
  if (g.__portalDb) return g.__portalDb;
  g.__portalDb = openDatabase(env.databaseUrl ? { url: env.databaseUrl } : { dir: env.pgliteDir });
  return g.__portalDb;
}

export function getDb(): Db {
  return getHandles().db;
}

export function dbKind(): "pglite" | "postgres" {
  return getHandles().kind;
}

/**
 * The client drizzle gets: every query it sends runs as a named prepared statement. Drizzle asks postgres.js for
 * unnamed ones, which cost two round trips each (Parse+Describe, wait for the parameter types, then Bind+Execute)
 * and a parse and plan every time; a prepared one is one round trip after its first use on a connection.
 * Statements are kept per connection, and postgres.js replaces each connection after 30–60 min, which bounds how
 * many accumulate; a statement with many parameters (a bulk insert, whose text changes with its row count) runs
 * once and is not kept. Transactions and savepoints hand their callback a client of their own: wrapped the same
 * way. DATABASE_PREPARE=false sends everything unprepared, for a pooler in between that loses named statements.
 */
const MAX_PREPARED_PARAMS = 100;

function preparing(sql: postgres.Sql): postgres.Sql {
  if (!env.databasePrepare) return sql;
  const wrap = <T extends object>(client: T): T =>
    new Proxy(client, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key === "unsafe")
          return (query: string, args?: unknown[], options?: object) =>
            (value as postgres.Sql["unsafe"]).call(target, query, args as never, { ...options, prepare: (args?.length ?? 0) <= MAX_PREPARED_PARAMS });
        if (key === "begin" || key === "savepoint")
          return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map((a) => (typeof a === "function" ? (c: object) => a(wrap(c)) : a)));
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return wrap(sql);
}

/** Opens either driver with the same schema; tests use it with `{ dir: "memory://" }` or a throwaway database URL. */
export function openDatabase(target: { url: string } | { dir: string }): Handles {
  if ("url" in target) {
    // A prepared statement is still planned for each call's own values: after 5 runs Postgres may otherwise settle
    // on a generic plan, which made the contacts search by phone 30 times slower (npm run bench, database part).
    const sql = postgres(target.url, { max: 10, onnotice: () => {}, connection: { plan_cache_mode: "force_custom_plan" } });
    return { db: drizzlePostgres(preparing(sql), { schema }) as unknown as Db, sql, kind: "postgres" };
  }
  // PGlite creates its own directory but not the parents (a fresh clone has no .data/).
  if (!target.dir.includes("://")) mkdirSync(path.dirname(path.resolve(target.dir)), { recursive: true });
  const pglite = new PGlite(target.dir, { extensions: { pg_trgm } });
  return { db: drizzlePglite(pglite, { schema }), pglite, kind: "pglite" };
}
