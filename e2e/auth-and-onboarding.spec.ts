import { expect, test, type APIRequestContext } from "@playwright/test";
import { shot, signIn } from "./helpers";

/** Milliseconds until owner@acme.test may be emailed again: owner.setup's sign-in started a one-minute cooldown. */
async function ownerCooldownLeft(request: APIRequestContext) {
  const [last] = (await (await request.get("/dev/outbox?format=json&to=owner@acme.test")).json()) as { createdAt: string }[];
  return last ? Math.max(0, 61_000 - (Date.now() - Date.parse(last.createdAt))) : 0;
}

test("the demo owner signs in through the link in the dev outbox", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await shot(page, "sign-in");
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  // owner.setup signed this address in moments ago; the next email to it waits out the one-minute cooldown.
  await expect.poll(() => ownerCooldownLeft(page.request), { timeout: 75_000, intervals: [2_000] }).toBe(0);
  await signIn(page, "owner@acme.test");
  await expect(page).toHaveURL(/\/w\/acme$/);
  await expect(page.getByRole("link", { name: "Acme", exact: true })).toBeVisible();
  await shot(page, "dashboard");
});

test("a used sign-in link does not work twice: opening it again says to ask for a new one", async ({ page, browser }) => {
  const email = `twice-${Date.now()}@example.test`;
  await signIn(page, email);
  const [msg] = await (await page.request.get(`/dev/outbox?format=json&to=${encodeURIComponent(email)}`)).json();
  const other = await browser.newPage();
  await other.goto(msg.links[0]);
  await expect(other.getByRole("heading", { name: "This sign-in link cannot be used" })).toBeVisible();
  await other.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(other).toHaveURL(/\/sign-in$/);
  await other.close();
});

test("the dev outbox lists messages newest first, with clickable links", async ({ page }) => {
  await page.goto("/dev/outbox");
  await expect(page.getByRole("heading", { name: "Dev outbox" })).toBeVisible();
  const first = page.getByTestId("outbox-message").first();
  await expect(first).toContainText("Sign in to Client Portal"); // the previous test's sign-in email
  await expect(first.getByRole("link").first()).toHaveAttribute("href", /\/sign-in\/confirm\//);
  await shot(page, "dev-outbox");
});

test("a new admin creates a workspace and becomes its owner; bad and taken slugs are refused", async ({ page }) => {
  const email = `founder-${Date.now()}@globex.test`;
  await signIn(page, email);
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByLabel("Business name").fill("Globex Corporation");
  await expect(page.getByLabel("Portal address")).toHaveValue("globex-corporation");
  await page.getByLabel("Portal address").fill("acme");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("already taken")).toBeVisible();
  await page.getByLabel("Portal address").fill("Bad Slug!");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Use lower-case letters")).toBeVisible();
  await page.getByLabel("Portal address").fill("globex");
  await page.getByLabel("Country").selectOption("GB");
  await shot(page, "onboarding");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/w\/globex$/);
  await expect(page.getByText("Owner ·")).toBeVisible();
  // The owner of Globex is not a member of Acme: its pages are a plain 404.
  const res = await page.goto("/w/acme/contacts");
  expect(res?.status()).toBe(404);
});

test("portal hosts: the demo portal answers on its subdomain; unknown hosts and the internal segment are 404", async ({ page, request, baseURL }) => {
  const port = new URL(baseURL!).port;
  await page.goto(`http://acme.localhost:${port}/`);
  await expect(page.getByRole("heading", { name: "Acme Client Portal" })).toBeVisible();
  await shot(page, "portal-home");
  expect((await page.goto(`http://nobody.localhost:${port}/`))?.status()).toBe(404);
  expect((await page.goto(`http://acme.localhost:${port}/api/health`))?.status()).toBe(404);
  expect((await request.get(`${baseURL}/portal/anything`)).status()).toBe(404);
  // A client-supplied routing header is discarded, not trusted: the app host still answers as the admin.
  const spoof = await request.get(`${baseURL}/`, { headers: { "x-portal-workspace-id": "00000000-0000-0000-0000-000000000000" }, maxRedirects: 0 });
  expect(spoof.status()).toBe(307);
  // Forged routing headers on the app host do not make it a portal: the portal's endpoints there are 404.
  const forged = { "x-portal-workspace-id": "00000000-0000-0000-0000-000000000000", "x-portal-host": `acme.localhost:${port}` };
  const post = await request.post(`${baseURL}/api/portal/sign-in`, { headers: { ...forged, origin: baseURL! }, form: { email: "aarav.sharma0@example.com" }, maxRedirects: 0 });
  expect(post.status()).toBe(404);
  // …and on a portal host the proxy's own values replace them: still Acme's portal, not the forged workspace.
  await page.setExtraHTTPHeaders(forged);
  const res = await page.goto(`http://acme.localhost:${port}/sign-in`);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Sign in to Acme Client Portal" })).toBeVisible();
});

test("one address is emailed at most once a minute, with a message that says what to do; other addresses are unaffected", async ({ page }) => {
  const email = `limited-${Date.now()}@example.test`;
  const ask = async () => {
    await page.goto("/sign-in");
    await page.getByLabel("Work email").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  };
  await ask();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await ask();
  await expect(page.getByText(/^We emailed a sign-in link to this address a moment ago\. Use the link in that email, or ask again in \d+ seconds\.$/)).toBeVisible();
  await expect(page.getByLabel("Work email")).toHaveValue(email);
  await shot(page, "sign-in-rate-limited");
  // Other addresses are unaffected.
  await signIn(page, `unlimited-${Date.now()}@example.test`);
  await expect(page).toHaveURL(/\/onboarding$/);
});

test("next-auth's own sign-in endpoints are closed: only the form and the confirm page sign in", async ({ request }) => {
  const res = await request.post("/api/auth/signin/email", { form: { email: "someone@example.test", csrfToken: "x", callbackUrl: "/" } });
  expect(res.status()).toBe(404);
});

test("health reports the database driver", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ ok: true, db: process.env.E2E_DATABASE_URL ? "postgres" : "pglite" });
});

test("no page can be framed by another site: admin and portal pages forbid it", async ({ page, request, baseURL }) => {
  const admin = await request.get("/sign-in");
  expect(admin.headers()["x-frame-options"]).toBe("DENY");
  expect(admin.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const port = new URL(baseURL!).port;
  const portal = await page.goto(`http://acme.localhost:${port}/sign-in`);
  expect(portal?.headers()["x-frame-options"]).toBe("DENY");
  expect(portal?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});
