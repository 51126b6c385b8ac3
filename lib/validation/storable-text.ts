import { z } from "zod";
import { AppError } from "@/lib/errors";

// Text a person can type never holds these, and Postgres refuses NUL outright (text and jsonb), so one reaching a
// query is a 500. Tab, line feed and carriage return stay allowed: multi-line fields and pasted text carry them.
// Lone UTF-16 surrogates cannot be encoded as UTF-8 at all (drivers silently turn them into U+FFFD).
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, in words (e.g. "NUL"), or null when every character can be stored. */
export function unstorableChar(s: string): string | null {
  const m = UNSTORABLE.exec(s);
  if (!m) return null;
  const code = m[0].charCodeAt(0);
  if (code === 0) return "NUL";
  if (code >= 0xd800) return "a broken character (half of a UTF-16 surrogate pair)";
  return `a control character, U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The field error for a string holding such a character. */
export function unstorableMessage(s: string): string | null {
  const what = unstorableChar(s);
  return what ? `This contains a character that can't be stored (${what}). Remove it and try again.` : null;
}

/** A zod string that refuses NUL, stray control characters and lone surrogates with a message that says so. */
export function storableString() {
  return z.string().superRefine((s, ctx) => {
    const message = unstorableMessage(s);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}

export type UnstorableField = { field: string; message: string };

const MAX_DEPTH = 32;

/**
 * The first string anywhere in `value` (objects, arrays, FormData, object keys) that cannot be stored, with its
 * dotted path, or null. The backstop every entry point runs before an operation's own schema: a schema written
 * without `storableString()` still never lets a NUL reach the database. Throws on input it cannot walk (a
 * reference proxy, a cycle deeper than MAX_DEPTH), which callers answer as a malformed request.
 */
export function findUnstorable(value: unknown, path: string[] = [], depth = 0): UnstorableField | null {
  if (depth > MAX_DEPTH) throw new Error("Input is nested too deeply");
  const at = (p: string[]) => p.join(".") || "_";
  if (typeof value === "string") {
    const message = unstorableMessage(value);
    return message ? { field: at(path), message } : null;
  }
  if (value === null || typeof value !== "object") return null;
  if (typeof FormData !== "undefined" && value instanceof FormData) {
    for (const [key, v] of value.entries()) {
      const hit = unstorableMessage(key) ? { field: "_", message: unstorableMessage(key)! } : findUnstorable(v, [...path, key], depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (typeof Blob !== "undefined" && value instanceof Blob) return null;
  if (value instanceof Date) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    const keyMessage = unstorableMessage(key);
    if (keyMessage) return { field: at(path), message: keyMessage };
    const hit = findUnstorable(v, [...path, key], depth + 1);
    if (hit) return hit;
  }
  return null;
}

/** A copy of provider data with unstorable characters replaced by U+FFFD: for signed input we must keep, not refuse. */
export function scrubUnstorable<T>(value: T, depth = 0): T {
  if (typeof value === "string") return value.replace(new RegExp(UNSTORABLE.source, "g"), "\uFFFD") as T;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => scrubUnstorable(v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubUnstorable(k), scrubUnstorable(v, depth + 1)])) as T;
}

/**
 * The backstop every entry point (admin actions, the API's bodies and queries) runs before an operation's schema: a
 * string anywhere in `raw` that Postgres cannot store is TEXT_UNSTORABLE naming the field; input that cannot even be
 * walked (a serialisation reference from a hand-made request, absurd nesting) is REQUEST_MALFORMED.
 */
export function assertStorable(raw: unknown): void {
  let hit;
  try {
    hit = findUnstorable(raw);
  } catch {
    throw new AppError("REQUEST_MALFORMED");
  }
  if (hit) throw new AppError("TEXT_UNSTORABLE", hit.field, hit.message);
}
