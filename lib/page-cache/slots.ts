/**
 * Per-request values in a cached page (lib/page-cache): the page is rendered once with a placeholder for each value
 * (a "slot"), and every answer fills in its own, escaped exactly as React and Next would have escaped it there.
 *
 * A value shows up in two contexts, and nowhere else is allowed:
 * - **html**: text or an attribute, escaped by React's `escapeTextForBrowser` (`"&'<>`);
 * - **flight**: inside the RSC payload Next inlines as `self.__next_f.push([1,"…"])`, where it is a JSON string (React
 *   Flight; a string that starts with `$` gets another) inside a JSON string (Next), then `&<>` U+2028 U+2029 as
 *   `\uXXXX` (Next's `htmlEscapeJsonString`, so nothing in it can close the script).
 * A render where a placeholder turns up anywhere else (another script, split between two pushes, half of it) is
 * not cached at all: the page then renders per request, as before.
 */
export type Segment = string | { nonce: true } | { slot: string; ctx: "html" | "flight"; atStart: boolean };

/** A value longer than this is not filled in (the request renders per request): React Flight moves strings of 1,024
 * characters and more out of the JSON into a text row, which this does not rebuild. The values are addresses (≤ 254),
 * numbers, tokens and waits. */
export const MAX_SLOT_VALUE = 400;

const SLOT_NAME = /^[a-z]{1,20}$/;

/** Placeholders for one render: letters and digits only, so no context escapes or splits them. */
export function slotPlaceholders(names: string[]): { prefix: string; values: Record<string, string> } {
  const prefix = `s${Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString("hex")}q`;
  const values: Record<string, string> = {};
  for (const n of names) {
    if (!SLOT_NAME.test(n)) throw new Error(`bad slot name ${n}`);
    values[n] = `${prefix}${n}q`;
  }
  return { prefix, values };
}

const count = (s: string, part: string) => s.split(part).length - 1;
const FLIGHT_OPEN = 'self.__next_f.push([1,"';
const FLIGHT_CLOSE = '"])';
const FLIGHT_BINARY = "self.__next_f.push([3,";

/**
 * The rendered page cut into literal text, nonce placeholders and slots with their context; null when a slot
 * placeholder is anywhere this cannot fill it safely.
 */
export function splitPage(html: string, nonce: string, prefix: string | null, names: string[]): Segment[] | null {
  if (prefix === null) return html.split(nonce).flatMap((s, i) => (i === 0 ? [s] : [{ nonce: true } as const, s]));
  const whole = new RegExp(`${nonce}|${prefix}([a-z]+)q`, "g");
  // Every copy of the prefix must be a whole placeholder: Next cuts its payload into pushes wherever a chunk ends,
  // and a placeholder cut in two would be left in the page as it is. The first and last 8 characters of the prefix
  // catch a cut anywhere in it; the full pattern, a cut after it.
  const n = count(html, prefix);
  if (count(html, prefix.slice(0, 8)) !== n || count(html, prefix.slice(-8)) !== n) return null;
  if ([...html.matchAll(new RegExp(`${prefix}([a-z]+)q`, "g"))].length !== n) return null;
  // A push Next could not inline as text goes in base64 (`[3,"…"]`), where no placeholder can be seen or filled: a
  // value in it would reach the browser as the placeholder. Our pages never send binary data, so none is cached.
  if (html.includes(FLIGHT_BINARY)) return null;

  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => {
    const start = m.index! + m[0].length - m[1].length - "</script>".length;
    return { start, end: start + m[1].length, flight: m[1].startsWith(FLIGHT_OPEN) && m[1].endsWith(FLIGHT_CLOSE) };
  });
  const out: Segment[] = [];
  let last = 0;
  for (const m of html.matchAll(whole)) {
    out.push(html.slice(last, m.index));
    last = m.index! + m[0].length;
    if (m[1] === undefined) {
      out.push({ nonce: true });
      continue;
    }
    if (!names.includes(m[1])) return null;
    const script = scripts.find((s) => s.start <= m.index! && m.index! < s.end);
    if (!script) {
      out.push({ slot: m[1], ctx: "html", atStart: false });
      continue;
    }
    if (!script.flight) return null;
    // At the very start or end of a push we cannot tell where its JSON string begins: not cached.
    if (m.index! === script.start + FLIGHT_OPEN.length || last === script.end - FLIGHT_CLOSE.length) return null;
    out.push({ slot: m[1], ctx: "flight", atStart: opensInnerString(html, m.index!) });
  }
  out.push(html.slice(last));
  return out;
}

/**
 * Whether the placeholder at `at` starts a JSON string of the payload (Flight escapes a leading `$` there). In the
 * push's outer string an inner `"` is written `\"` and an inner `\` is `\\`: before the placeholder, a `"` after an
 * odd run of k backslashes is an inner `"`, which is unescaped (a string's start) when (k - 1) / 2 is even.
 */
function opensInnerString(html: string, at: number): boolean {
  if (html[at - 1] !== '"') return false;
  let k = 0;
  while (html[at - 2 - k] === "\\") k++;
  return k % 2 === 1 && ((k - 1) / 2) % 2 === 0;
}

const HTML_ESCAPES: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;" };
const SCRIPT_ESCAPES: Record<string, string> = { "&": "\\u0026", ">": "\\u003e", "<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/** One value as it must appear in its context (the escaping React and Next apply there). */
export function escapeSlot(value: string, seg: { ctx: "html" | "flight"; atStart: boolean }): string {
  if (seg.ctx === "html") return value.replace(/["&'<>]/g, (c) => HTML_ESCAPES[c]);
  const flight = seg.atStart && value.startsWith("$") ? `$${value}` : value;
  const inner = JSON.stringify(flight).slice(1, -1);
  return JSON.stringify(inner)
    .slice(1, -1)
    .replace(/[&<>\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]);
}

/** The page with this answer's nonce and values; null when a value cannot be filled in (render it per request). */
export function fillPage(segments: Segment[], nonce: string, values: Record<string, string>): string | null {
  let html = "";
  for (const s of segments) {
    if (typeof s === "string") html += s;
    else if ("nonce" in s) html += nonce;
    else {
      const v = values[s.slot];
      if (typeof v !== "string" || v.length === 0 || v.length > MAX_SLOT_VALUE) return null;
      html += escapeSlot(v, s);
    }
  }
  return html;
}
