import "server-only";
// Storage keys are `<prefix>/<uuid>`: generated, never from a file name. A prefix is a few path segments of
// lowercase letters, digits and dashes (e.g. `ws/<workspace id>/requests/<request id>`).
import { randomUUID } from "node:crypto";

const SEGMENT = "[a-z0-9][a-z0-9-]{0,63}";
const PREFIX = new RegExp(`^${SEGMENT}(?:/${SEGMENT}){0,7}$`);
const KEY = new RegExp(`^${SEGMENT}(?:/${SEGMENT}){0,7}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`);

export function newKey(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new Error(`Invalid storage prefix: ${JSON.stringify(prefix)}`);
  return `${prefix}/${randomUUID()}`;
}

/** Keys come from our own rows; this refuses anything else before it can reach a path or a bucket. */
export function validKey(key: string): boolean {
  return KEY.test(key);
}
