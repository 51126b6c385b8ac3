// The headers proxy.ts puts on what it answers: a CSP whose nonce is fresh per response and is also handed to the
// render (the request's copy, which Next reads to stamp its scripts), and HSTS only over https.
import { NextRequest } from "next/server";
import { afterEach, expect, test } from "vitest";
import { domains } from "@/lib/db/schema";
import { clearHostCache } from "@/lib/tenancy/resolve";
import { proxy } from "@/proxy";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));
afterEach(() => {
  process.env.APP_URL = "http://localhost:3000";
});

const get = (url: string, headers: Record<string, string> = {}) => proxy(new NextRequest(url, { headers: { host: new URL(url).host, ...headers } }));
const nonceOf = (csp: string | null) => /'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(csp ?? "")?.[1];

test("every page answer has the strict policy with its own nonce, and the render gets the same policy", async () => {
  const a = await get("http://localhost:3000/sign-in", { "content-security-policy": "script-src 'nonce-chosenbyclient'" });
  const b = await get("http://localhost:3000/sign-in");
  const csp = a.headers.get("content-security-policy")!;
  for (const d of ["object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'", "'strict-dynamic'"]) expect(csp).toContain(d);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(nonceOf(csp)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(nonceOf(b.headers.get("content-security-policy"))).not.toBe(nonceOf(csp));
  // The request Next renders with carries exactly this policy (NextResponse.next encodes request headers this way),
  // not the nonce a client sent.
  expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
});

test("portal pages, the portal's 404s and rewrites carry the policy too", async () => {
  const ctx = await makeWorkspace(t.db);
  const page = await get(`http://${ctx.workspace.slug}.localhost:3000/sign-in`);
  expect(page.headers.get("x-middleware-rewrite")).toContain(`/portal/${ctx.workspace.id}/sign-in`); // internal; scripts/server.mjs drops it
  expect(nonceOf(page.headers.get("content-security-policy"))).toBeTruthy();
  const missing = await get("http://nope.localhost:3000/");
  expect(missing.status).toBe(404);
  expect(missing.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
});

test("HSTS only over https: a year on our hosts, a day on a customer's domain, never includeSubDomains", async () => {
  expect((await get("http://localhost:3000/sign-in")).headers.get("strict-transport-security")).toBeNull();
  expect((await get("http://localhost:3000/sign-in", { "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBe("max-age=31536000");
  process.env.APP_URL = "https://app.example.test";
  expect((await get("https://app.example.test/sign-in")).headers.get("strict-transport-security")).toBe("max-age=31536000");

  const ctx = await makeWorkspace(t.db);
  await t.db.insert(domains).values({ workspaceId: ctx.workspace.id, hostname: `portal.${ctx.workspace.slug}.test`, verificationToken: "x", status: "active" });
  clearHostCache();
  const custom = await get(`https://portal.${ctx.workspace.slug}.test/sign-in`, { "x-forwarded-proto": "https" });
  expect(custom.headers.get("strict-transport-security")).toBe("max-age=86400");
});
