import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import type postgres from "postgres";
import { CHANGES_CHANNEL, parseChange, type Change } from "./change";

export type ChangeListener = { ready: Promise<void>; stop: () => Promise<void> };

/**
 * Listens for changes on one database and passes each valid one to `deliver`. Each time the listening connection is
 * (re)established, `deliver({ kind: "all" })` first: notifications sent while it was down are lost, so whatever was
 * cached may be stale. On Postgres, postgres.js keeps one dedicated connection for LISTEN and, when it drops, keeps
 * reconnecting (also while the server is down) and LISTENs again. Null when `h` has no driver to listen on.
 */
export function listenForChanges(h: { sql?: postgres.Sql; pglite?: PGlite }, deliver: (c: Change) => void): ChangeListener | null {
  const onPayload = (payload: string) => {
    const c = parseChange(payload);
    if (c) deliver(c);
  };
  const failed = (e: unknown) => console.error("[changes] could not listen for changes:", (e as Error).message);
  if (h.pglite) {
    // One process owns the embedded database: its notifications arrive as the writer's transaction commits.
    const sub = h.pglite.listen(CHANGES_CHANNEL, onPayload).then((unlisten) => {
      deliver({ kind: "all" });
      return unlisten;
    });
    return { ready: sub.then(() => undefined, failed), stop: async () => (await sub.catch(() => null))?.() };
  }
  if (!h.sql) return null;
  const sub = h.sql.listen(CHANGES_CHANNEL, onPayload, () => deliver({ kind: "all" }));
  return { ready: sub.then(() => undefined, failed), stop: async () => void (await (await sub.catch(() => null))?.unlisten()) };
}
