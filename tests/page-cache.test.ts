// The per-workspace page cache (lib/page-cache): which requests it may answer, how it fills (over real loopback HTTP,
// as proxy.ts does against its own instance), how a change makes it render again, and what it refuses to keep.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { publishChange } from "@/lib/changes";
import type { Db } from "@/lib/db";
import { cacheablePage } from "@/lib/page-cache/cacheable-page";
import { cachedPage, clearPageCache, invalidateWorkspacePages, type CachedPage } from "@/lib/page-cache/page-store";
import { FILL_HEADER, FILL_NONCE_HEADER, FILL_WORKSPACE_HEADER, fillRequest, renderPage } from "@/lib/page-cache/render-page";
import { fillPage } from "@/lib/page-cache/slots";
import { useAppTestDb } from "./helpers/db";

// The app database the change bus listens on (never the developer's own .data/pglite).
let db: Db;
useAppTestDb((t) => void (db = t.db));

const req = (path: string, opts: { method?: string; headers?: Record<string, string> } = {}) => {
  const u = new URL(path, "http://acme.localhost");
  return { method: opts.method ?? "GET", path: u.pathname, search: u.searchParams, headers: new Headers(opts.headers) };
};

const key = (r: ReturnType<typeof cacheablePage>) => (r ? `${r.proto} ${r.page}${r.page === "link" ? ` ${r.base} ${r.token}` : ""}${r.query}` : null);
const TOKEN = "A".repeat(43);

test("the sign-in page, plain or after signing out, for a browser without a portal session", () => {
  expect(key(cacheablePage(req("/sign-in")))).toBe("http sign-in");
  expect(key(cacheablePage(req("/sign-in", { method: "HEAD" })))).toBe("http sign-in");
  expect(key(cacheablePage(req("/sign-in?signed_out=1")))).toBe("http sign-in?signed_out=1");
  expect(key(cacheablePage(req("/sign-in?signed_out=%31")))).toBe("http sign-in?signed_out=1"); // one key per variant, however spelt
  expect(key(cacheablePage(req("/sign-in", { headers: { "x-forwarded-proto": "https" } })))).toBe("https sign-in");
  // A pending sign-in or any other cookie does not change the sign-in page.
  expect(key(cacheablePage(req("/sign-in", { headers: { cookie: "portal_pending=abc; theme=x" } })))).toBe("http sign-in");

  // A session (plain or __Host-) makes the page the viewer's: a signed-in client goes home, a revoked one is told.
  expect(cacheablePage(req("/sign-in", { headers: { cookie: "portal_session=t" } }))).toBeNull();
  expect(cacheablePage(req("/sign-in", { headers: { cookie: "a=1; __Host-portal_session=t" } }))).toBeNull();
  // Next's own client navigations and actions, other methods, other pages, unknown or extra query parameters.
  for (const h of ["rsc", "next-action", "next-router-prefetch", "next-router-state-tree"]) expect(cacheablePage(req("/sign-in", { headers: { [h]: "1" } }))).toBeNull();
  expect(cacheablePage(req("/sign-in", { method: "POST" }))).toBeNull();
  for (const p of ["/", "/sign-in/", "/l/abc", "/l/", `/l/${TOKEN}/x`, `/x/${TOKEN}`, "/requests", "/verify"]) expect(cacheablePage(req(p)), p).toBeNull();
  // After an error the sign-in page renders per request.
  for (const q of ["?error=LINK_EXPIRED", "?error=NOT_A_CODE", "?error=", "?signed_out=2", "?signed_out=1&x=1", "?utm_source=mail", "?other=1"]) {
    expect(cacheablePage(req(`/sign-in${q}`)), q).toBeNull();
  }
});

test("check-email and link pages: the errors of the normal course, one spelling of each query, link tokens only", () => {
  expect(key(cacheablePage(req("/sign-in/check-email")))).toBe("http check-email");
  expect(key(cacheablePage(req("/sign-in/check-email?wait=1")))).toBe("http check-email?wait=1");
  expect(key(cacheablePage(req("/sign-in/check-email?fresh=%31")))).toBe("http check-email?fresh=1");
  expect(key(cacheablePage(req("/sign-in/check-email?error=CODE_WRONG")))).toBe("http check-email?error=CODE_WRONG");
  expect(key(cacheablePage(req(`/l/${TOKEN}`)))).toBe(`http link /l ${TOKEN}`);
  expect(key(cacheablePage(req(`/s/${"b".repeat(22)}?error=LINK_EXPIRED`)))).toBe(`http link /s ${"b".repeat(22)}?error=LINK_EXPIRED`);
  // Anything an attacker could vary freely renders per request instead of filling the cache: unknown codes, other
  // parameters, repeated ones, a token that is not one of ours (percent-encoded, too short), a session.
  for (const p of [
    "/sign-in/check-email?error=NOT_A_CODE",
    "/sign-in/check-email?error=SIGN_IN_IDENTIFIER_INVALID", // one of ours, but not one this page is sent back with
    "/sign-in/check-email?error=INTERNAL",
    "/sign-in/check-email?error=code_wrong",
    "/sign-in/check-email?error=__proto__",
    "/sign-in/check-email?error=CODE_WRONG&error=CODE_WRONG",
    "/sign-in/check-email?wait=2",
    "/sign-in/check-email?wait=1&fresh=1",
    "/sign-in/check-email?x=1",
    `/l/${TOKEN}?error=NOPE`,
    `/l/${TOKEN}?error=CODE_WRONG`,
    `/l/${TOKEN}?utm=1`,
    `/l/${TOKEN.slice(1)}%3C`,
    "/l/short",
  ]) {
    expect(cacheablePage(req(p)), p).toBeNull();
  }
  expect(cacheablePage(req(`/l/${TOKEN}`, { headers: { cookie: "portal_session=t" } }))).toBeNull();
  expect(cacheablePage(req("/sign-in/check-email", { headers: { rsc: "1" } }))).toBeNull();
});

// A stand-in for this instance's own HTTP server: it checks the fill is marked as ours and renders with the nonce asked for.
let calls = 0;
let answer: (res: http.ServerResponse, nonce: string) => void = () => {};
const server = http.createServer((rq, res) => {
  calls++;
  const fill = fillRequest(new Headers(rq.headers as Record<string, string>));
  if (!fill || fill.workspaceId !== WS) {
    res.writeHead(400).end("not a fill");
    return;
  }
  answer(res, fill.nonce);
});
let origin = "";
const WS = "00000000-0000-4000-8000-0000000000ff";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  calls = 0;
  clearPageCache();
  answer = (res, nonce) => res.writeHead(200, { "content-type": "text/html; charset=utf-8", "x-frame-options": "DENY", "x-secret": "no" }).end(page(nonce));
});
const page = (nonce: string) => `<html><head><script nonce="${nonce}">1</script></head><body>Acme<script nonce="${nonce}">self.x=["${nonce}"]</script></body></html>`;
const render = () => renderPage({ origin, host: "acme.localhost", path: "/sign-in", proto: "http", workspaceId: WS });

test("a fill renders through real HTTP with a placeholder nonce, and every answer carries its own nonce instead", async () => {
  const got = await render();
  expect(got).not.toBeNull();
  const a = fillPage(got!.segments, "NONCE-A", {});
  const b = fillPage(got!.segments, "NONCE-B", {});
  expect(a).toBe(page("NONCE-A"));
  expect(b).toBe(page("NONCE-B"));
  expect(got!.segments.filter((s) => typeof s !== "string")).toHaveLength(3); // three copies of the placeholder, all found
  // Only the headers worth replaying are kept.
  expect(Object.fromEntries(got!.headers)).toEqual({ "content-type": "text/html; charset=utf-8", "x-frame-options": "DENY" });
});

test("a request that only claims to be a fill is not one: no secret, a wrong secret or a malformed nonce", () => {
  const nonce = "0123456789abcdef0123456789abcdef";
  expect(fillRequest(new Headers({ [FILL_NONCE_HEADER]: nonce, [FILL_WORKSPACE_HEADER]: WS }))).toBeNull();
  expect(fillRequest(new Headers({ [FILL_HEADER]: "guess", [FILL_NONCE_HEADER]: nonce, [FILL_WORKSPACE_HEADER]: WS }))).toBeNull();
  expect(fillRequest(new Headers({ [FILL_HEADER]: "", [FILL_NONCE_HEADER]: nonce, [FILL_WORKSPACE_HEADER]: WS }))).toBeNull();
});

test("what is not a plain page is never kept: an error, a redirect, a cookie, another type, a page cut off", async () => {
  answer = (res) => res.writeHead(500, { "content-type": "text/html" }).end("boom");
  expect(await render()).toBeNull();
  answer = (res) => res.writeHead(307, { location: "/" }).end();
  expect(await render()).toBeNull();
  answer = (res, n) => res.writeHead(200, { "content-type": "text/html", "set-cookie": "portal_session=x" }).end(page(n));
  expect(await render()).toBeNull();
  answer = (res) => res.writeHead(200, { "content-type": "application/json" }).end("{}");
  expect(await render()).toBeNull();
  answer = (res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.write("<html>");
    res.destroy();
  };
  expect(await render()).toBeNull();
  answer = (res) => res.writeHead(200, { "content-type": "text/html" }).end("x".repeat(1024 * 1024 + 1));
  expect(await render()).toBeNull();
  // A page without the placeholder: its scripts would carry no nonce this cache can give them.
  answer = (res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><script>1</script></html>");
  expect(await render()).toBeNull();
  // Nothing listening there: null, not a throw (the proxy then renders the page as usual).
  expect(await renderPage({ origin: "http://127.0.0.1:1", host: "acme.localhost", path: "/sign-in", proto: "http", workspaceId: WS })).toBeNull();
});

const fake = (label: string): CachedPage => ({ segments: [label], status: 200, headers: [] });

test("concurrent misses share one render; later requests are hits; a change renders again, per workspace", async () => {
  let renders = 0;
  const slow = (label: string) => () => new Promise<CachedPage>((r) => setTimeout(() => (renders++, r(fake(label))), 20));
  const first = await Promise.all(Array.from({ length: 10 }, () => cachedPage("ws-a", "http /sign-in", slow("v1"))));
  expect(renders).toBe(1);
  expect(new Set(first.map((p) => p!.segments[0]))).toEqual(new Set(["v1"]));
  expect((await cachedPage("ws-a", "http /sign-in", slow("never")))!.segments[0]).toBe("v1");
  expect((await cachedPage("ws-b", "http /sign-in", slow("b1")))!.segments[0]).toBe("b1");

  invalidateWorkspacePages("ws-a");
  expect((await cachedPage("ws-a", "http /sign-in", slow("v2")))!.segments[0]).toBe("v2");
  // The other workspace's page is untouched.
  expect((await cachedPage("ws-b", "http /sign-in", slow("never")))!.segments[0]).toBe("b1");
  expect(renders).toBe(3);
});

test("a render that began before a change is served to its own waiters but never kept", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const inFlight = cachedPage("ws-a", "http /sign-in", async () => (await gate, fake("old")));
  invalidateWorkspacePages("ws-a"); // e.g. the admin saved new branding while the old page was rendering
  release();
  expect((await inFlight)!.segments[0]).toBe("old");
  expect((await cachedPage("ws-a", "http /sign-in", async () => fake("new")))!.segments[0]).toBe("new");
});

test("a render that could not be cached is not remembered, and clearing the cache forgets every workspace", async () => {
  expect(await cachedPage("ws-a", "http /sign-in", async () => null)).toBeNull();
  expect((await cachedPage("ws-a", "http /sign-in", async () => fake("now")))!.segments[0]).toBe("now");
  clearPageCache();
  expect((await cachedPage("ws-a", "http /sign-in", async () => fake("after")))!.segments[0]).toBe("after");
});

test("a change published in the writer's transaction (a branding save, a domain) renders that workspace's pages again", async () => {
  const a = "00000000-0000-4000-8000-00000000000a";
  const b = "00000000-0000-4000-8000-00000000000b";
  expect((await cachedPage(a, "http /sign-in", async () => fake("a1")))!.segments[0]).toBe("a1");
  expect((await cachedPage(b, "http /sign-in", async () => fake("b1")))!.segments[0]).toBe("b1");
  await db.transaction((tx) => publishChange(tx, { kind: "workspace", workspaceId: a }));
  expect((await cachedPage(a, "http /sign-in", async () => fake("a2")))!.segments[0]).toBe("a2");
  expect((await cachedPage(b, "http /sign-in", async () => fake("never")))!.segments[0]).toBe("b1");
  // A listener that reconnected may have missed changes: everything renders again.
  await db.transaction((tx) => publishChange(tx, { kind: "all" }));
  expect((await cachedPage(b, "http /sign-in", async () => fake("b2")))!.segments[0]).toBe("b2");
});
