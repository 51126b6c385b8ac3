// Queries on Postgres run as named prepared statements (lib/db/client.ts): one round trip each instead of two, and
// a plan Postgres keeps. Checked from the server's side, in pg_prepared_statements of the connection that ran them:
// plain queries, queries in a transaction and in a nested one (savepoint), and none with DATABASE_PREPARE=false.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openDatabase, type Db } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/rows";
import { workspaces } from "@/lib/db/schema";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const onPostgres = () => t.kind === "postgres";

/** The statements this connection has prepared whose text contains `marker` (the query asking is one of them). */
async function prepared(db: Pick<Db, "execute">, marker: string): Promise<string[]> {
  const rows = rowsOf<{ statement: string }>(
    await db.execute(sql`select statement from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`),
  );
  return rows.map((r) => r.statement);
}

test("a query runs as a prepared statement, on its own, in a transaction and in a savepoint", async ({ skip }) => {
  if (!onPostgres()) skip("PGlite runs in-process: there is no round trip to save");
  const h = openDatabase({ url: t.url! });
  try {
    // The marker makes each statement's text unique to this test.
    await h.db.select({ id: workspaces.id }).from(workspaces).where(sql`${workspaces.slug} = ${"acme"} and 'plain_marker' <> ''`);
    const anywhere = async (marker: string) => {
      const found = new Set<string>();
      // The pool may have put the query on any of its connections: ask each of them (max 10) at once.
      await Promise.all(Array.from({ length: 10 }, async () => (await prepared(h.db, marker)).forEach((s) => found.add(s))));
      return [...found];
    };
    expect(await anywhere("plain_marker")).toHaveLength(1);
    // Planned for each call's values, never a generic plan kept after 5 runs (the contacts search by phone went from
    // 8 to 360 ms with one).
    const [mode] = rowsOf<{ mode: string }>(await h.db.execute(sql`select current_setting('plan_cache_mode') as mode`));
    expect(mode.mode).toBe("force_custom_plan");

    await h.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 as tx_marker where ${1} = 1`);
      expect(await prepared(tx, "tx_marker")).toHaveLength(1);
      await tx.transaction(async (sp) => {
        await sp.execute(sql`select 1 as savepoint_marker where ${1} = 1`);
        expect(await prepared(sp, "savepoint_marker")).toHaveLength(1);
      });
    });
  } finally {
    await h.sql!.end();
  }
});

test("DATABASE_PREPARE=false sends them unprepared", async ({ skip }) => {
  if (!onPostgres()) skip("PGlite runs in-process: there is no round trip to save");
  process.env.DATABASE_PREPARE = "false";
  const h = openDatabase({ url: t.url! });
  delete process.env.DATABASE_PREPARE;
  try {
    await h.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 as unprepared_marker where ${1} = 1`);
      await tx.execute(sql`select 1 as unprepared_marker where ${1} = 1`);
      expect(await prepared(tx, "unprepared_marker")).toEqual([]);
    });
  } finally {
    await h.sql!.end();
  }
});
