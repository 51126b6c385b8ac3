import { errorMessages, type AppErrorCode } from "@/lib/errors";

// Requests Next.js itself answers with a bare 500 before any of our code runs: a path whose percent-encoding does
// not decode (its route matcher throws decoding `[slug]`), and server action bodies React cannot decode (cut
// short, over the size limit, not the encoding the action header promises). The proxy sees each one first and
// answers a 4xx instead; everything here is pure so it can be tested without a server.

/** Server action bodies over this are refused: the `bodySizeLimit` ("2mb") next.config.ts gives Next's own reader. */
export const ACTION_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * True when a path cannot name any page of ours: a `%` not followed by two hex digits, bytes that are not UTF-8,
 * or an encoded control character (NUL and friends), which no slug, token or id can hold.
 */
export function isMalformedPath(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return /[\u0000-\u001F\u007F]/.test(decoded);
}

/** Which POSTs Next.js hands to its server action decoder (the same test as next/dist/server/lib/server-action-request-meta). */
export function isPossibleServerAction(method: string, headers: Headers): boolean {
  if (method !== "POST") return false;
  const type = headers.get("content-type") ?? "";
  return headers.has("next-action") || type.startsWith("multipart/form-data") || type === "application/x-www-form-urlencoded";
}

export type Rejection = { status: number; code: AppErrorCode };

// In a plain-text action body (no FormData parts) React's encodeReply writes only these `$` forms; any other
// `$` tag refers to a part that cannot exist there, and React's decoder then fails the whole request.
const PLAIN_REFERENCE = /^\$(\$|undefined$|D|n-?\d+$|-0$|Infinity$|-Infinity$|NaN$)/;
const BAD_BIGINT = /^\$n(?!-?\d+$)/; // BigInt() would throw on it

function hasDanglingReference(value: unknown, depth = 0): boolean {
  if (depth > 64) return true;
  if (typeof value === "string") return value.startsWith("$") && !PLAIN_REFERENCE.test(value);
  if (value === null || typeof value !== "object") return false;
  return Object.values(value).some((v) => hasDanglingReference(v, depth + 1));
}

// In a multipart action body the JSON parts are keyed by decimal id and refer to each other as `$<tag><hex id>`.
// React's decoder fails the whole request (a 500) when a reference is missing or its part has the wrong shape, so
// the shapes are checked here, from the root part down. Our actions take plain data, FormData and files, so server
// references (`$F`, `$h`) and streams (`$R`, `$r`, `$X`, `$x`) as arguments are refused outright. `$K` (FormData)
// reads entries by prefix and may find none.
const PART_REFERENCE = /^\$([@FhQWiBAOoUSsLlGgMmVRrXx]?)([0-9a-f]+)$/;
const BLOB_TAGS = "BAOoUSsLlGgMmV"; // Blob and typed arrays: the part is a file
const ARRAY_TAGS = "QWi"; // Map, Set, iterator: the part is a JSON array
const REFUSED_TAGS = "FhRrXx";
const FORM_DATA_REFERENCE = /^\$K[0-9a-f]+$/; // FormData: its entries are the parts named `<id>_…`

function strings(value: unknown, out: string[], depth = 0): string[] {
  if (depth > 64) throw new Error("too deep");
  if (typeof value === "string") out.push(value);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) strings(v, out, depth + 1);
  return out;
}

/**
 * True when an action's multipart body lacks its root part, or a part it refers to is missing or misshapen. A fetch
 * action's parts are named by id and its root is the argument list; a form posted before hydration names its
 * bound action `$ACTION_REF_n`, with parts `$ACTION_n:<id>` whose root is `{ id, bound }` and `bound` the list of
 * bound arguments.
 */
function hasMisshapenPart(form: FormData, prefix = ""): boolean {
  const done = new Set<string>();
  const open = new Set<string>();
  const visit = (id: string, tag: string): boolean => {
    const part = form.get(prefix + id);
    if (part === null) return false;
    if (tag && BLOB_TAGS.includes(tag)) return typeof part !== "string";
    if (typeof part !== "string" || open.has(id)) return false; // a cycle: React's encoder never writes one for data
    if (done.has(id)) return true;
    let value: unknown;
    try {
      value = JSON.parse(part);
    } catch {
      return false;
    }
    const root = id === "0";
    if (root && prefix) {
      const meta = value as { id?: unknown; bound?: unknown } | null;
      if (typeof meta?.id !== "string" || (meta.bound !== null && !(typeof meta.bound === "string" && /^\$@[0-9a-f]+$/.test(meta.bound)))) return false;
      if (typeof meta.bound === "string" && !Array.isArray(JSON.parse(String(form.get(prefix + parseInt(meta.bound.slice(2), 16)) ?? "null")))) return false;
    } else if (((tag && ARRAY_TAGS.includes(tag)) || root) && !Array.isArray(value)) return false; // the root: the arguments
    if (tag === "Q" && !(value as unknown[]).every((e) => Array.isArray(e) && e.length === 2)) return false;
    open.add(id);
    for (const ref of strings(value, [])) {
      if (!ref.startsWith("$") || FORM_DATA_REFERENCE.test(ref)) continue;
      if (BAD_BIGINT.test(ref)) return false;
      if (PLAIN_REFERENCE.test(ref)) continue;
      // Any other tag our actions never send (`$T`, `$E`, `$Y`, `$Z…`, a bare `$x`): React's decoder would fail on it.
      const m = PART_REFERENCE.exec(ref);
      if (!m || (m[1] && REFUSED_TAGS.includes(m[1])) || !visit(String(parseInt(m[2], 16)), m[1])) return false;
    }
    open.delete(id);
    done.add(id);
    return true;
  };
  try {
    return !visit("0", "");
  } catch {
    return true;
  }
}

/**
 * Why a possible server action request cannot be decoded, or null to let Next.js handle it. `body` reads the
 * request body (the proxy's copy) with `readCapped`: null once it passes ACTION_BODY_LIMIT, a throw when cut short.
 */
export async function actionBodyRejection(headers: Headers, body: () => Promise<Uint8Array | null>): Promise<Rejection | null> {
  const type = headers.get("content-type") ?? "";
  const declared = Number(headers.get("content-length") ?? 0);
  if (declared > ACTION_BODY_LIMIT) return { status: 413, code: "REQUEST_TOO_LARGE" };
  // undefined: the body could not be read (cut short); null: it passed the limit (lib/http/read-capped.ts).
  const bytes = await body().catch(() => undefined);
  if (bytes === undefined) return { status: 400, code: "REQUEST_MALFORMED" };
  if (bytes === null || bytes.byteLength > ACTION_BODY_LIMIT) return { status: 413, code: "REQUEST_TOO_LARGE" };
  if (type.startsWith("multipart/form-data")) {
    // A body cut short has no closing boundary: the parser refuses it, as React's busboy would.
    try {
      const form = await new Response(bytes as BodyInit, { headers: { "content-type": type } }).formData();
      // A form posted before hydration names its action in its fields; a fetch action's parts must all be there.
      if (headers.has("next-action")) return hasMisshapenPart(form) ? { status: 400, code: "REQUEST_MALFORMED" } : null;
      for (const key of form.keys()) {
        const ref = /^\$ACTION_REF_(.*)$/.exec(key);
        if (ref && hasMisshapenPart(form, `$ACTION_${ref[1]}:`)) return { status: 400, code: "REQUEST_MALFORMED" };
      }
      return null;
    } catch {
      return { status: 400, code: "REQUEST_MALFORMED" };
    }
  }
  if (type === "application/x-www-form-urlencoded") return null; // Next refuses these itself, with a 4xx
  // A fetch action without parts: the arguments as one JSON array.
  try {
    const args: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return Array.isArray(args) && !hasDanglingReference(args) ? null : { status: 400, code: "REQUEST_MALFORMED" };
  } catch {
    return { status: 400, code: "REQUEST_MALFORMED" };
  }
}

/** The plain-text answer for a rejection, in the error code's words. */
export function rejectionResponse(r: Rejection): Response {
  return new Response(errorMessages[r.code], { status: r.status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
