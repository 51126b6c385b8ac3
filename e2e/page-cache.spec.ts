// The portal sign-in page comes from the per-workspace page cache (lib/page-cache): what a client, an attacker and an
// admin would notice — every answer has its own CSP nonce and the page still runs its scripts; a branding change
// shows on the very next request; a signed-in client is never handed the cached page.
import { expect, test, type Page } from "@playwright/test";
import { OWNER_STATE, invitedClient } from "./helpers";

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
