// Admin sign-in as a mail scanner and an admin meet it, with and without JavaScript (issue 9, items 3 and 6).
import { expect, test, type Page } from "@playwright/test";
import { latestMessage } from "./helpers";

/** Screenshots at desktop and phone width (test-results/screenshots, not the repo). */
async function shots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Fails the test if any request the page makes carries the address (in any spelling a URL may use). */
function neverInUrl(page: Page, email: string) {
  const seen: string[] = [];
  page.on("request", (r) => {
    const url = decodeURIComponent(r.url()).toLowerCase();
    if (url.includes(email.toLowerCase()) || url.includes(email.split("@")[0].toLowerCase())) seen.push(r.url());
  });
  return () => expect(seen).toEqual([]);
}

test("a mail scanner fetching the link several times spends nothing; the button signs in once; a second press says to ask for a new link", async ({ page, browser, request }) => {
  const email = `scanned-${Date.now()}@example.test`;
  const clean = neverInUrl(page, email);
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  expect(page.url()).toMatch(/\/sign-in\/check-email$/);
  const msg = await latestMessage(request, email);
  const link = msg.links[0];
  expect(link).toMatch(/\/sign-in\/confirm\/[A-Za-z0-9_-]{43}$/);
  expect(link).not.toContain(email.split("@")[0]);

  // The scanner: plain GETs, with and without following redirects, as often as it likes.
  for (let i = 0; i < 4; i++) {
    const res = await request.get(link);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("Finish signing in");
  }

  // Two browsers open the page; the first to press signs in, the second is told to ask for a new link.
  const other = await browser.newPage();
  await other.goto(link);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Finish signing in" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  expect(await page.locator('meta[name="referrer"]').getAttribute("content")).toBe("no-referrer");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: "Create a workspace" })).toBeVisible();

  await other.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(other).toHaveURL(/\/sign-in\?error=LINK_INVALID$/);
  await expect(other.getByText("That sign-in link was already used or is not valid. Enter your email to get a new one.")).toBeVisible();
  await expect(other.getByLabel("Work email")).toBeVisible();
  await shots(other, "admin-sign-in-link-used");
  await other.close();
  // Opening the spent link now says so instead of offering a button.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This sign-in link cannot be used" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toHaveCount(0);
  await shots(page, "admin-confirm-used");
  clean();
});

test("without JavaScript: sign-in sends the email and the URL never holds the address; onboarding, a settings form and sign-out work", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const email = `nojs-${Date.now()}@example.test`;
  const clean = neverInUrl(page, email);

  await page.goto("/sign-in");
  await shots(page, "admin-sign-in");
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Enter a valid email address, like name@company.com.")).toBeVisible();
  expect(new URL(page.url()).search).toBe("");

  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  expect(page.url()).toMatch(/\/sign-in\/check-email$/);
  await shots(page, "admin-check-email");
  const res = await page.request.get(`/dev/outbox?format=json&to=${encodeURIComponent(email)}`);
  const [msg] = (await res.json()) as { subject: string; links: string[] }[];
  expect(msg.subject).toBe("Sign in to Client Portal");

  await page.goto(msg.links[0]);
  await expect(page.getByRole("heading", { name: "Finish signing in" })).toBeVisible();
  await shots(page, "admin-confirm");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/onboarding$/);

  // Onboarding: a refused name comes back with its message and the typed values; an empty address follows the name.
  await page.getByLabel("Business name").fill("X");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Name the workspace (2 characters or more).")).toBeVisible();
  const name = `Initech ${Date.now() % 100000}`;
  await page.getByLabel("Business name").fill(name);
  await page.getByLabel("Country").selectOption("GB");
  await page.getByRole("button", { name: "Create workspace" }).click();
  const slug = name.toLowerCase().replace(" ", "-");
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));

  // A settings form: a refused value names the problem; a good one is saved and shown.
  await page.goto(`/w/${slug}/settings/portal`);
  await page.getByLabel("Personal link lifetime (days)").fill("31");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("The link lifetime is at most 30 days.")).toBeVisible();
  await expect(page.getByLabel("Personal link lifetime (days)")).toHaveValue("31");
  await page.getByLabel("Personal link lifetime (days)").fill("12");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved. New links and sessions use these times; existing ones keep theirs.")).toBeVisible();
  await page.goto(`/w/${slug}/settings/portal`);
  await expect(page.getByLabel("Personal link lifetime (days)")).toHaveValue("12");

  // Branding, a contact, a member invitation and an API key, all as plain POSTs.
  await page.goto(`/w/${slug}/settings/branding`);
  await page.getByLabel("Primary colour", { exact: true }).fill("blue");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Use a colour like #4f46e5.")).toBeVisible();
  await page.getByLabel("Primary colour", { exact: true }).fill("#0f766e");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Saved. Your portal and new emails use this branding now.")).toBeVisible();

  await page.goto(`/w/${slug}/contacts/new`);
  await page.getByLabel("First name").fill("Ada");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByText("Add an email address or a phone number")).toBeVisible();
  await expect(page.getByLabel("First name")).toHaveValue("Ada");
  await page.getByLabel("Email").fill("ada@example.test");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/contacts\\?notice=created$`));
  await expect(page.getByText("ada@example.test")).toBeVisible();
  await page.getByRole("link", { name: /Ada/ }).click();
  await page.getByRole("button", { name: "Delete contact" }).click(); // an invoker command opens the dialog, no script
  await page.getByRole("dialog").getByRole("button", { name: "Delete contact" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/contacts\\?notice=deleted$`));
  await expect(page.getByText("Contact deleted.")).toBeVisible();

  await page.goto(`/w/${slug}/members`);
  await page.getByLabel("Email address").fill("colleague@example.test");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent to colleague@example.test.")).toBeVisible();
  await expect(page.getByText("colleague@example.test", { exact: true })).toBeVisible(); // the list, re-rendered

  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Key name").fill("No-JS key");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key-value")).toContainText(/^cpk_/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto(`/w/${slug}`);
  await expect(page).toHaveURL(/\/sign-in/);
  clean();
  await context.close();
});

test("an old-style next-auth link opens the confirm page and a cross-site POST to the confirm endpoint is refused", async ({ request }) => {
  const token = "A".repeat(43);
  const old = await request.get(`/api/auth/callback/email?token=${token}&email=x%40example.test`, { maxRedirects: 0 });
  expect(old.status()).toBe(303);
  expect(old.headers()["location"]).toBe(`/sign-in/confirm/${token}`);
  const page = await request.get(`/sign-in/confirm/${token}`);
  expect(await page.text()).toContain("This sign-in link cannot be used");
  const forged = await request.post("/api/auth/confirm", { form: { token }, headers: { origin: "https://evil.example" }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
});
