import "server-only";
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { Db } from "./client";

const migrationsFolder = path.join(process.cwd(), "drizzle");

/** Applies drizzle/ migrations; idempotent, run at server start-up and by tests. */
export async function migrate(db: Db, kind: "pglite" | "postgres") {
  if (kind === "pglite") await migratePglite(db, { migrationsFolder });
  else await migratePostgres(db as unknown as PostgresJsDatabase, { migrationsFolder });
}
