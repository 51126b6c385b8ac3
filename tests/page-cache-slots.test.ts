// Filling per-request values into a cached page (lib/page-cache/slots.ts). A wrong escape here is XSS, so every value
// is checked against what the real encoders produce: React's server renderer for the HTML, and for the RSC payload
// the two JSON layers and Next's script escaping, read back by running the script as a browser would.
import vm from "node:vm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { escapeSlot, fillPage, slotPlaceholders, splitPage } from "@/lib/page-cache/slots";

const NASTY = [
  "o'brien@example.com",
  `"quoted"@example.com`,
  "</script><script>alert(1)</script>",
  "<!--<script>",
  "a&amp;b <b>bold</b>",
  "back\\slash\\\\ and \\\"",
  "$dollar@example.com",
  "$$",
  "$L1",
  "line\u2028sep\u2029para",
  "tab\tnew\nline\r",
  "ü ñ 日本 🙂",
  "\u0000nul",
  "+91 98765 43210",
];

// What Next inlines for a payload chunk (use-flight-response.js), and what React Flight writes for a string.
const nextEscape = (s: string) => s.replace(/[&<>\u2028\u2029]/g, (c) => ({ "&": "\\u0026", ">": "\\u003e", "<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029" })[c]!);
const flightString = (s: string) => (s.startsWith("$") ? `$${s}` : s);
const pushScript = (chunk: string) => `<script nonce="N0NCE">self.__next_f.push(${nextEscape(JSON.stringify([1, chunk]))})</script>`;
/** The chunk a browser would read from a page's push scripts. */
const readPushes = (html: string) => {
  const ctx = { self: { __next_f: [] as unknown[][] } };
  for (const m of html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) vm.runInNewContext(m[1], ctx);
  return ctx.self.__next_f.map((p) => p[1]).join("");
};

/** A page as Next renders it: the value in a span (HTML) and in the payload, as a whole string and inside a longer one. */
function page(value: string, nonce: string) {
  const row = JSON.stringify(["$", "span", null, { children: flightString(value), title: flightString(`${value}-x`) }]);
  return `<html><body>${renderToStaticMarkup(createElement("span", { title: value }, value))}${pushScript(`0:${row}\n`)}<script nonce="${nonce}">1</script></body></html>`;
}

test("every value comes out exactly as the real encoders write it, in the HTML and in the RSC payload", () => {
  const { prefix, values } = slotPlaceholders(["shown"]);
  const nonce = "0123456789abcdef0123456789abcdef";
  const segments = splitPage(page(values.shown, nonce), nonce, prefix, ["shown"]);
  expect(segments).not.toBeNull();
  expect(segments!.filter((s) => typeof s !== "string" && "slot" in s).map((s) => typeof s !== "string" && "slot" in s && s.ctx)).toEqual(["html", "html", "flight", "flight"]);
  for (const v of NASTY) {
    const filled = fillPage(segments!, "REAL", { shown: v });
    expect(filled, JSON.stringify(v)).toBe(page(v, "REAL"));
    // Nothing in a value closes the script or opens a comment in it.
    const scripts = [...filled!.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(2);
    for (const s of scripts) expect(s).not.toMatch(/<\/?script|<!--/i);
    // And the browser reads back the value itself.
    const row = JSON.parse(readPushes(filled!).slice(2));
    expect(row[3].children).toBe(flightString(v));
    expect(row[3].title).toBe(flightString(`${v}-x`));
  }
});

test("a `$` is doubled only where Flight doubles it: at the start of a string, after however many backslashes", () => {
  expect(escapeSlot("$x", { ctx: "flight", atStart: true })).toBe("$$x");
  expect(escapeSlot("$x", { ctx: "flight", atStart: false })).toBe("$x");
  const { prefix, values } = slotPlaceholders(["v"]);
  const nonce = "f".repeat(32);
  // Inside a string that holds an escaped quote and backslashes right before the value: not a string's start.
  for (const before of ['\\"', "\\\\", "a\\\\\\\""]) {
    const html = (v: string) => `<p>${nonce}</p>${pushScript(`0:${JSON.stringify({ t: `${before}${v}`, w: flightString(v) })}\n`)}`;
    const seg = splitPage(html(values.v), nonce, prefix, ["v"])!;
    for (const v of ["$a", "a$", "\\$"]) expect(fillPage(seg, nonce, { v }), `${before} ${v}`).toBe(html(v));
  }
});

test("a placeholder anywhere it cannot be filled safely makes the page uncacheable", () => {
  const { prefix, values } = slotPlaceholders(["a"]);
  const nonce = "e".repeat(32);
  const P = values.a;
  const ok = `<p>${nonce}${P}</p>`;
  expect(splitPage(ok, nonce, prefix, ["a"])).not.toBeNull();
  // In a script that is not the payload, or in a payload chunk that is not a string.
  expect(splitPage(`${ok}<script>var x="${P}"</script>`, nonce, prefix, ["a"])).toBeNull();
  expect(splitPage(`${ok}<script>self.__next_f.push([3,"${P}"])</script>`, nonce, prefix, ["a"])).toBeNull();
  // A real binary push carries the placeholder in base64, where no count sees it: any binary push is refused.
  expect(splitPage(`${ok}<script>self.__next_f.push([3,"${Buffer.from(`1:"${P}"`).toString("base64")}"])</script>`, nonce, prefix, ["a"])).toBeNull();
  // Cut between two pushes, anywhere in it, or right at a push's edge (where its string starts is unknown).
  for (const cut of [3, 10, prefix.length - 3, prefix.length + 1, P.length - 1]) {
    const html = `${ok}${pushScript(`0:"${P.slice(0, cut)}`)}${pushScript(`${P.slice(cut)}"\n`)}`;
    expect(splitPage(html, nonce, prefix, ["a"]), String(cut)).toBeNull();
  }
  expect(splitPage(`${ok}${pushScript(`${P}"\n`)}`, nonce, prefix, ["a"])).toBeNull();
  expect(splitPage(`${ok}${pushScript(`0:"${P}`)}`, nonce, prefix, ["a"])).toBeNull();
  // A slot the page was not asked to render.
  expect(splitPage(`<p>${prefix}otherq</p>`, nonce, prefix, ["a"])).toBeNull();
});

test("a value that is empty, too long or missing is not filled in: the request renders per request", () => {
  const { prefix, values } = slotPlaceholders(["a"]);
  const seg = splitPage(`<p>${values.a}</p>`, "n".repeat(32), prefix, ["a"])!;
  expect(fillPage(seg, "x", { a: "ok" })).toBe("<p>ok</p>");
  expect(fillPage(seg, "x", { a: "" })).toBeNull();
  expect(fillPage(seg, "x", { a: "a".repeat(401) })).toBeNull();
  expect(fillPage(seg, "x", {})).toBeNull();
  expect(() => slotPlaceholders(["Bad"])).toThrow();
});
