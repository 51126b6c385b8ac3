import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import postgres from "postgres";
import { openDatabase, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

export type TestDb = { db: Db; kind: "pglite" | "postgres"; close: () => Promise<void>; url?: string };

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a throwaway database on the
 * Postgres server at TEST_DATABASE_URL (dropped on close), so the same tests prove both drivers.
 */
export async function createTestDb(): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const h = openDatabase({ dir: "memory://" });
    await migrate(h.db, "pglite");
    return { db: h.db, kind: "pglite", close: async () => void (await h.pglite!.close()) };
  }
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const h = openDatabase({ url: url.toString() });
  await migrate(h.db, "postgres");
  return {
    db: h.db,
    kind: "postgres",
    url: url.toString(),
    close: async () => {
      await h.sql!.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** Makes `db` what `getDb()` answers (route handlers, pages and actions under test read it); undefined undoes it. */
export function useAsAppDb(db: Db | undefined) {
  const g = globalThis as unknown as { __portalDb?: ReturnType<typeof openDatabase> };
  g.__portalDb = db ? ({ db } as ReturnType<typeof openDatabase>) : undefined;
}

/**
 * A fresh database for this test file that `getDb()` also answers with, for tests that call route handlers, pages or
 * actions: `receive` gets it before the tests run, and it is closed after them.
 */
export function useAppTestDb(receive: (t: TestDb) => void | Promise<void>) {
  let t: TestDb | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    useAsAppDb(t.db);
    await receive(t);
  });
  afterAll(async () => {
    useAsAppDb(undefined);
    await t?.close();
  });
}
