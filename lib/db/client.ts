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

/** Opens either driver with the same schema; tests use it with `{ dir: "memory://" }` or a throwaway database URL. */
export function openDatabase(target: { url: string } | { dir: string }): Handles {
  if ("url" in target) {
    const sql = postgres(target.url, { max: 10, onnotice: () => {} });
    return { db: drizzlePostgres(sql, { schema }) as unknown as Db, sql, kind: "postgres" };
  }
  // PGlite creates its own directory but not the parents (a fresh clone has no .data/).
  if (!target.dir.includes("://")) mkdirSync(path.dirname(path.resolve(target.dir)), { recursive: true });
  const pglite = new PGlite(target.dir, { extensions: { pg_trgm } });
  return { db: drizzlePglite(pglite, { schema }), pglite, kind: "pglite" };
}
