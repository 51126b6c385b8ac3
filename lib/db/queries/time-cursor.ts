import "server-only";
import { sql, type AnyColumn } from "drizzle-orm";

// The keyset cursor of the newest-first logs (audit log, messages): the last row's created_at and id.

/** A position in a newest-first list: created_at at full (microsecond) precision and the row's id. */
export type TimeCursor = { createdAt: string; id: string };

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string) => UUID.test(s);

export function encodeTimeCursor(c: TimeCursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`).toString("base64url");
}

/** Anything malformed (edited by hand, truncated) reads as "no cursor", i.e. the first page. */
export function decodeTimeCursor(s: string | null | undefined): TimeCursor | null {
  if (!s || s.length > 200) return null;
  const [createdAt, id, extra] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !TS.test(createdAt ?? "") || !UUID.test(id ?? "")) return null;
  return { createdAt, id };
}

/** created_at as text at microsecond precision: JS dates keep milliseconds, and a truncated cursor would skip rows. */
export const createdAtText = (column: AnyColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
