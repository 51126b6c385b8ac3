import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { expect, request as httpClient, test, type APIRequestContext, type Page } from "@playwright/test";
import { OWNER_STATE, latestMessage, shot } from "./helpers";

// What a directly exposed instance shows a browser and an attacker: its security headers, a CSP that the admin and
// portal pages run under without a single violation, and per-IP limits a rotating X-Forwarded-For cannot get around.

const PORT = Number(process.env.E2E_PORT ?? 3100);
const portalOrigin = `http://acme.localhost:${PORT}`;

/** Records CSP violations (the DOM event and Chromium's console line) and uncaught errors of a page. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return { problems, violations: () => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []) };
}

async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

function expectStrictPolicy(csp: string | undefined) {
  expect(csp).toBeTruthy();
  const directives = Object.fromEntries(csp!.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(directives["script-src"]).toEqual(expect.arrayContaining([expect.stringMatching(/^'nonce-[A-Za-z0-9+/]+={0,2}'$/)]));
  expect(directives["script-src"]).not.toContain("'unsafe-inline'");
  expect(directives["object-src"]).toEqual(["'none'"]);
  expect(directives["base-uri"]).toEqual(["'none'"]);
  expect(directives["form-action"]).toEqual(["'self'"]);
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
}

test.describe("pages under the Content-Security-Policy", () => {
  test.use({ storageState: OWNER_STATE });

  test("admin pages: strict headers, no violation, and a server action form still submits", async ({ page }) => {
    await recordViolations(page);
    const { problems, violations } = watch(page);
    const res = await page.goto("/w/acme");
    const h = res!.headers();
    expectStrictPolicy(h["content-security-policy"]);
    expect(h["referrer-policy"]).toBe("same-origin");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["strict-transport-security"]).toBeUndefined(); // plain http: HSTS would be meaningless (and ignored)
    // A new nonce per response, and the page's scripts carry it (Next read it from the request's copy).
    const again = (await page.request.get("/w/acme")).headers()["content-security-policy"];
    expect(again).not.toBe(h["content-security-policy"]);
    const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"])![1];
    expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
    expect(await page.evaluate((n) => [...document.scripts].every((s) => s.nonce === n), nonce)).toBe(true);

    for (const path of ["/w/acme/portal", "/w/acme/settings/email", "/w/acme/settings/domains", "/w/acme/contacts"]) {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
    }
    // The email preview is an srcdoc iframe (inline styles, the logo): still rendered under the page's policy.
    await page.goto("/w/acme/settings/email");
    await page.getByRole("tab", { name: "Login email" }).click();
    await expect(page.getByTestId("preview-subject")).not.toBeEmpty();

    // A server action (React-enhanced form, fetch to this origin) and its result rendered on the page.
    const email = `csp.${Date.now()}@example.com`;
    await page.goto("/w/acme/portal");
    await page.getByLabel("Contact, email or mobile number").fill(email);
    await page.getByLabel("First name (optional)").fill("Nonce");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();
    await shot(page, "csp-admin-portal");
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);

    // The client's side: the portal link page, its Continue form (a POST to /api/portal/link), the home page.
    const msg = await latestMessage(page.request, email);
    const link = msg.links.find((l) => l.includes("/l/"))!;
    const client = await page.context().browser()!.newContext();
    const portal = await client.newPage();
    await recordViolations(portal);
    const seen = watch(portal);
    const linkRes = await portal.goto(link);
    expectStrictPolicy(linkRes!.headers()["content-security-policy"]);
    expect(linkRes!.headers()["x-middleware-rewrite"]).toBeUndefined();
    await portal.getByRole("button", { name: "Continue" }).click();
    await expect(portal.getByRole("heading", { name: "Welcome, Nonce" })).toBeVisible();
    await shot(portal, "csp-portal-home");
    expect(await seen.violations()).toEqual([]);
    expect(seen.problems).toEqual([]);
    await client.close();
  });
});

test("the portal sign-in form posts and redirects under the policy, before and after hydration; no internal path leaks", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await recordViolations(page);
  const { problems, violations } = watch(page);
  const res = await page.goto(`${portalOrigin}/sign-in`);
  const h = res!.headers();
  expectStrictPolicy(h["content-security-policy"]);
  expect(h["x-middleware-rewrite"]).toBeUndefined();
  expect(Object.values(h).join(" ")).not.toMatch(/\/portal\/[0-9a-f-]{36}/);
  await page.getByLabel(/email/i).first().fill("nobody.csp@example.com");
  await page.getByRole("button", { name: /email me|send|continue/i }).first().click();
  await expect(page.getByRole("heading", { name: /check your email/i })).toBeVisible();
  expect(await violations()).toEqual([]);
  expect(problems).toEqual([]);
  // Markup an attacker managed to inject does not run: an inline handler has no nonce.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="/x.png" onerror="window.__pwned = 1">'));
  await expect.poll(violations).toEqual([expect.stringMatching(/^script-src/)]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // Without JavaScript the same form is a plain POST (form-action 'self' allows it and its same-origin redirect).
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(`${portalOrigin}/sign-in`);
  await plain.getByLabel(/email/i).first().fill("nobody.nojs@example.com");
  await plain.getByRole("button", { name: /email me|send|continue/i }).first().click();
  await expect(plain.getByRole("heading", { name: /check your email/i })).toBeVisible();
  await noJs.close();
  await context.close();
});

// ---- Per-IP limits over real HTTP, each against a server process of its own (its own empty database, so the
// ---- spent budgets cannot touch the other specs).

const EXTRA_PORT = PORT + 1;

async function startServer(extraEnv: Record<string, string>): Promise<{ stop: () => Promise<void>; api: APIRequestContext }> {
  const dir = `.data/e2e-edge-${process.pid}-${Date.now()}`;
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(EXTRA_PORT),
      SKIP_BUILD: "true",
      APP_URL: `http://localhost:${EXTRA_PORT}`,
      NEXTAUTH_URL: `http://localhost:${EXTRA_PORT}`,
      APP_SECRET: "e2e-secret-not-for-production",
      PORTAL_ROOT_DOMAIN: "localhost",
      PGLITE_DIR: dir,
      DATABASE_URL: "",
      RUN_WORKER: "false",
      SEED_DEMO: "false",
      TRUSTED_PROXIES: "",
      NEXT_TELEMETRY_DISABLED: "1",
      ...extraEnv,
    },
  });
  const api = await httpClient.newContext({ baseURL: `http://localhost:${EXTRA_PORT}`, maxRedirects: 0 });
  await expect
    .poll(async () => (await api.get("/api/health").catch(() => null))?.status() ?? 0, { timeout: 90_000, intervals: [500] })
    .toBe(200);
  return {
    api,
    stop: async () => {
      await api.dispose();
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
/**
 * One admin sign-in as a browser without JavaScript sends it (the sign-in page's server action form, with its hidden
 * fields), for a fresh address each time so only the per-IP limit can refuse it: "sent" (303 to check-email) or
 * "limited" (the form again, saying to wait).
 */
async function adminSignIn(api: APIRequestContext, headers: Record<string, string>) {
  const html = await (await api.get("/sign-in", { headers })).text();
  const form = html.slice(html.indexOf("<form"), html.indexOf("</form>"));
  const fields: Record<string, string> = {};
  for (const [, attrs] of form.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (name && /type="hidden"/.test(attrs)) fields[unescape(name)] = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? "");
  }
  fields.email = `edge${++seq}.${Date.now()}@example.com`;
  const res = await api.post("/sign-in", { multipart: fields, headers });
  if (res.status() === 303 && /\/sign-in\/check-email/.test(res.headers().location ?? "")) return "sent";
  if (/Too many sign-in emails were asked for from here/.test(await res.text())) return "limited";
  return `unexpected ${res.status()}`;
}
const rotating = (i: number) => ({ "x-forwarded-for": `198.51.100.${i % 250}`, "x-real-ip": `198.51.${i}.1`, "x-portal-client-ip": `192.0.2.${i % 250}` });

test("with no trusted proxy, rotating X-Forwarded-For buys nothing: the 21st admin sign-in from one socket is refused", async () => {
  test.setTimeout(180_000);
  const server = await startServer({});
  try {
    const outcomes: string[] = [];
    for (let i = 1; i <= 22; i++) outcomes.push(await adminSignIn(server.api, rotating(i)));
    expect(outcomes.slice(0, 20)).toEqual(Array(20).fill("sent"));
    expect(outcomes.slice(20)).toEqual(["limited", "limited"]);
    // An untrusted client's X-Forwarded-Proto is dropped, so it cannot turn on HSTS (or Secure cookies) for itself.
    const page = await server.api.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
    expect(page.headers()["strict-transport-security"]).toBeUndefined();
  } finally {
    await server.stop();
  }
});

test("behind a trusted proxy (TRUSTED_PROXIES=loopback), the forwarded address is the client: limits count per forwarded address", async () => {
  test.setTimeout(180_000);
  const server = await startServer({ TRUSTED_PROXIES: "loopback" });
  try {
    // 25 different clients behind the proxy: none is limited by the others.
    for (let i = 1; i <= 25; i++) expect(await adminSignIn(server.api, { "x-forwarded-for": `203.0.113.${i}` })).toBe("sent");
    // One client, seen through the proxy (with its own made-up entries to the left): the 21st is refused...
    const one = { "x-forwarded-for": "6.6.6.6, 198.51.100.77" };
    const outcomes: string[] = [];
    for (let i = 1; i <= 21; i++) outcomes.push(await adminSignIn(server.api, { "x-forwarded-for": `${i}.1.1.1, 198.51.100.77` }));
    expect(outcomes.slice(0, 20)).toEqual(Array(20).fill("sent"));
    expect(outcomes[20]).toBe("limited");
    expect(await adminSignIn(server.api, one)).toBe("limited");
    // ...while the next client is not.
    expect(await adminSignIn(server.api, { "x-forwarded-for": "198.51.100.78" })).toBe("sent");
    // The proxy's X-Forwarded-Proto is believed: HSTS for a year on the app host.
    const page = await server.api.get("/sign-in", { headers: { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.79" } });
    expect(page.headers()["strict-transport-security"]).toBe("max-age=31536000");
  } finally {
    await server.stop();
  }
});
