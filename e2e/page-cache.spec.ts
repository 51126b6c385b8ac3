// The portal sign-in page comes from the per-workspace page cache (lib/page-cache): what a client, an attacker and an
// admin would notice — every answer has its own CSP nonce and the page still runs its scripts; a branding change
// shows on the very next request; a signed-in client is never handed the cached page.
import { expect, test, type Page } from "@playwright/test";
import { OWNER_STATE, inviteByEmail, invitedClient } from "./helpers";

test.use({ storageState: OWNER_STATE });

const portalOrigin = () => `http://acme.localhost:${process.env.E2E_PORT ?? 3100}`;

const nonceOfHeader = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

test("each cached answer carries its own nonce, the one its policy names, and the page's scripts run under it", async ({ browser }) => {
  // A browser without the admin's cookies, as a client arrives.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const answers = [];
  for (let i = 0; i < 3; i++) {
    const res = (await page.goto(`${portalOrigin()}/sign-in`))!;
    expect(res.status()).toBe(200);
    const html = await res.text();
    const nonce = nonceOfHeader(res.headers()["content-security-policy"]);
    const inPage = new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
    answers.push({ cache: res.headers()["x-page-cache"], nonce, inPage, html: html.split(nonce!).join("N") });
  }
  expect(answers.map((a) => a.cache)).toEqual(["cached", "cached", "cached"]);
  expect(new Set(answers.map((a) => a.nonce)).size).toBe(3);
  for (const a of answers) expect([...a.inPage]).toEqual([a.nonce]);
  // Apart from the nonce the answers are the same page, byte for byte.
  expect(answers[1].html).toBe(answers[0].html);
  expect(answers[2].html).toBe(answers[0].html);

  // In a browser: no script is refused by the policy, and the page hydrates (Next's router is there).
  const violations: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
  await page.goto(`${portalOrigin()}/sign-in`);
  await expect(page.getByRole("heading", { name: /^Sign in to / })).toBeVisible();
  await page.waitForFunction(() => typeof (window as unknown as { next?: unknown }).next === "object");
  expect(violations).toEqual([]);
  await context.close();
});

async function setPortalName(page: Page, name: string) {
  await page.goto("/w/acme/settings/branding");
  await page.getByLabel("Portal name").fill(name);
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Saved. Your portal and new emails use this branding now.")).toBeVisible();
}

test("a branding change shows on the next request, after signing out too; an error notice renders for its request", async ({ page, browser }) => {
  await page.goto("/w/acme/settings/branding");
  const saved = await page.getByLabel("Portal name").inputValue();
  const client = await browser.newPage();
  try {
    await client.goto(`${portalOrigin()}/sign-in`);
    await expect(client.getByRole("heading", { name: `Sign in to ${saved || "Acme"}` })).toBeVisible();

    await setPortalName(page, "Acme Cached Portal");
    await client.goto(`${portalOrigin()}/sign-in`);
    await expect(client.getByRole("heading", { name: "Sign in to Acme Cached Portal" })).toBeVisible();
    await client.goto(`${portalOrigin()}/sign-in?signed_out=1`);
    await expect(client.getByText("You're signed out.")).toBeVisible();
    await client.goto(`${portalOrigin()}/sign-in?error=LINK_EXPIRED`);
    await expect(client.locator("#email-error")).toBeVisible();
    await expect(client.getByText("You're signed out.")).toHaveCount(0);
  } finally {
    await setPortalName(page, saved);
    await client.close();
  }
  const after = await browser.newPage();
  await after.goto(`${portalOrigin()}/sign-in`);
  await expect(after.getByRole("heading", { name: `Sign in to ${saved || "Acme"}` })).toBeVisible();
  await after.close();
});

test("a signed-in client asking for the sign-in page goes home: the cached page is only for browsers without a session", async ({ page, browser }) => {
  const { context, client } = await invitedClient(page, browser, `cache.${Date.now()}@example.test`, "Cachet");
  try {
    const res = await client.goto(`${portalOrigin()}/sign-in`);
    await expect(client.getByRole("heading", { name: "Welcome, Cachet" })).toBeVisible();
    expect(res?.headers()["x-page-cache"]).toBeUndefined();
  } finally {
    await context.close();
  }
});

test("check-email comes from the cache with this browser's own address and wait filled in, and hydrates as rendered", async ({ page, browser }) => {
  test.setTimeout(60_000);
  // A workspace of its own: the sign-in form's per-IP budget on the demo belongs to the specs that test it.
  const slug = `cache${Date.now().toString(36)}`;
  await page.goto("/w/acme");
  await page.getByRole("link", { name: "New workspace" }).filter({ visible: true }).click();
  await page.getByLabel("Business name").fill("Cache & Co");
  await page.getByLabel("Portal address").fill(slug);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));

  const origin = `http://${slug}.localhost:${process.env.E2E_PORT ?? 3100}`;
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const client = await context.newPage();
  const problems: string[] = [];
  client.on("pageerror", (e) => problems.push(e.message));
  // Hydration mismatches are reported on the console (the portal has no favicon of its own: that 404 is not one).
  client.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && problems.push(`${m.text()} ${m.location().url}`));
  // An address with an apostrophe: escaped in the HTML (&#x27;) and carried as itself in the page's payload.
  const address = `o'brien.${Date.now()}@example.test`;
  try {
    await client.goto(`${origin}/sign-in`);
    await client.getByLabel(/^Email/).fill(address);
    const landed = client.waitForResponse((r) => r.url().endsWith("/sign-in/check-email") && r.request().method() === "GET");
    await client.getByRole("button", { name: "Continue" }).click();
    expect((await landed).headers()["x-page-cache"]).toBe("cached");
    await expect(client.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await expect(client.getByText(`If ${address} has access to this portal`)).toBeVisible();
    // Hydrated from the filled-in payload: the wait counts down from the server's figure, the button stays disabled.
    const status = client.getByTestId("resend-status");
    await expect(status).toHaveText(/You can ask for another in (1:00|59\u00a0seconds)\./);
    await expect(status).toHaveText(/You can ask for another in 5\d\u00a0seconds\./, { timeout: 5_000 });
    await expect(client.getByRole("button", { name: "Resend email" })).toBeDisabled();
    const cached = await client.locator("main").innerText();

    // The same page rendered for this request alone (an unknown parameter is never cached) says the same.
    const own = await client.goto(`${origin}/sign-in/check-email?x=1`);
    expect(own?.headers()["x-page-cache"]).toBeUndefined();
    const rendered = await client.locator("main").innerText();
    const withoutWait = (t: string) => t.replace(/in (\d+:\d\d|\d+\u00a0seconds)\./, "in …");
    expect(withoutWait(rendered)).toBe(withoutWait(cached));

    // A wrong code: the error variant, still this browser's address.
    await client.getByLabel("6-digit code").fill("000000");
    const again = client.waitForResponse((r) => r.url().includes("/sign-in/check-email?error=") && r.request().method() === "GET");
    await client.getByRole("button", { name: "Sign in" }).click();
    expect((await again).headers()["x-page-cache"]).toBe("cached");
    await expect(client.locator("#code-error")).toBeVisible();
    await expect(client.getByText(`If ${address} has access to this portal`)).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test("a link's landing page comes from the cache with its own token: Continue signs in with it", async ({ page, browser }) => {
  const email = `cache.link.${Date.now()}@example.test`;
  const msg = await inviteByEmail(page, email, "Linka");
  const link = msg.links.find((l) => l.includes("/l/"))!;

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const client = await context.newPage();
  const problems: string[] = [];
  client.on("pageerror", (e) => problems.push(e.message));
  try {
    const res = await client.goto(link);
    expect(res?.headers()["x-page-cache"]).toBe("cached");
    const token = new URL(link).pathname.split("/").pop()!;
    await expect(client.locator('input[name="token"]')).toHaveValue(token);
    await client.getByRole("button", { name: "Continue" }).click();
    await expect(client.getByRole("heading", { name: "Welcome, Linka" })).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
