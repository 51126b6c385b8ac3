import { expect, test, type Browser, type Page } from "@playwright/test";
import { OWNER_STATE, inviteByEmail, latestMessage } from "./helpers";

// Issue 9 items 10 and 11 as a client meets them: the check-email page (one wording for link and code emails, Resend
// with its cooldown, a wrong code marks the field), the same form with JavaScript off, and a revoked client told that
// their access ended and whom to ask.
const appOrigin = () => `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const portalOrigin = () => `http://acme.localhost:${process.env.E2E_PORT ?? 3100}`;

/** Full-page screenshots at a desktop and a phone width (test-results/screenshots/<name>-1280.png, -390.png). */
async function shots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** "You can ask for another in 42 seconds." or "… in 4:59.", as the server renders it and the countdown updates it. */
const WAIT = /You can ask for another in (\d+\sseconds|\d+:\d\d)\./;
const secondsIn = (text: string) => {
  const m = /in (?:(\d+)\sseconds|(\d+):(\d\d))\./.exec(text);
  return m ? (m[1] ? Number(m[1]) : Number(m[2]) * 60 + Number(m[3])) : 0;
};

async function outboxIds(browser: Browser, email: string) {
  const admin = await browser.newContext({ baseURL: appOrigin() });
  const rows = (await (await admin.request.get(`/dev/outbox?format=json&to=${encodeURIComponent(email)}`)).json()) as { id: string }[];
  await admin.close();
  return rows;
}

async function newestEmail(browser: Browser, email: string, after?: string) {
  const admin = await browser.newContext({ baseURL: appOrigin() });
  const msg = await latestMessage(admin.request, email, after);
  await admin.close();
  return msg;
}

async function askForEmail(page: Page, email: string) {
  await page.goto(`${portalOrigin()}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

test("check-email: one wording for link and code emails, Resend with its cooldown, a wrong code marks the field", async ({ browser }) => {
  const client = await browser.newContext();
  const page = await client.newPage();
  await page.goto(`${portalOrigin()}/sign-in`);
  await shots(page, "portal-sign-in");

  const email = "ananya.patel3@example.com"; // signs in with a link
  const prior = (await outboxIds(browser, email))[0]?.id;
  await askForEmail(page, email);
  await expect(page.getByText("Open the link in the email, or enter the code if it has one.")).toBeVisible();
  await expect(page.getByText(`If ${email} has access to this portal`)).toBeVisible();
  // Resend is offered with the seconds left, rendered by the server, and counts down once the page is live.
  const status = page.getByTestId("resend-status");
  await expect(status).toContainText(WAIT);
  await expect(page.getByRole("button", { name: "Resend email" })).toBeDisabled();
  const first = secondsIn(await status.innerText());
  expect(first).toBeGreaterThan(0);
  await expect.poll(async () => secondsIn(await status.innerText())).toBeLessThan(first);
  await shots(page, "portal-check-email");

  const msg = await newestEmail(browser, email, prior);
  expect(msg.links.some((l) => l.includes("/l/"))).toBe(true);

  // A wrong code (this email had none): the field is marked and the message sits next to it.
  await page.getByLabel("6-digit code").fill("000000");
  await page.getByRole("button", { name: "Sign in" }).click();
  const code = page.getByLabel("6-digit code");
  await expect(code).toHaveAttribute("aria-invalid", "true");
  await expect(code).toHaveAttribute("aria-describedby", "code-error");
  await expect(page.locator("#code-error")).toHaveText("That code didn't work. Enter the code from your newest email (or open its link), or ask for a new email below.");
  await shots(page, "portal-check-email-wrong-code");

  // An unknown address gets exactly the same page.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  const nobody = `nobody.${Date.now()}@example.com`;
  await askForEmail(p2, nobody);
  await expect(p2.getByText("Open the link in the email, or enter the code if it has one.")).toBeVisible();
  await expect(p2.getByTestId("resend-status")).toContainText(WAIT);
  expect(await outboxIds(browser, nobody)).toEqual([]);
  await other.close();
  await client.close();
});

test("with JavaScript off: sign in by code, Resend answers with the wait, a wrong code marks the field", async ({ browser }) => {
  // A client of the code type of their own, so no other spec's cooldown is in the way.
  const admin = await browser.newContext({ storageState: OWNER_STATE, baseURL: appOrigin() });
  const adminPage = await admin.newPage();
  const email = `nojs.${Date.now()}@example.com`;
  const invitation = await inviteByEmail(adminPage, email, "Noor", "Client (code) — 6-digit code by email");
  await admin.close();

  const client = await browser.newContext({ javaScriptEnabled: false });
  const page = await client.newPage();
  await askForEmail(page, email);
  expect(page.url()).toBe(`${portalOrigin()}/sign-in/check-email`);
  await expect(page.getByText("Open the link in the email, or enter the code if it has one.")).toBeVisible();
  // Before any script, the server says how long to wait; pressing Resend early sends nothing and says so.
  await expect(page.getByTestId("resend-status")).toContainText(WAIT);
  await page.getByRole("button", { name: "Resend email" }).click();
  await expect(page.getByText("We emailed this address a moment ago, so we didn't send another yet.")).toBeVisible();
  await expect(page.getByTestId("resend-status")).toContainText(WAIT);
  await shots(page, "portal-check-email-wait-nojs");
  const msg = await newestEmail(browser, email, invitation.id);
  const right = /\b(\d{6})\b/.exec(msg.subject ?? "")![1];
  expect((await outboxIds(browser, email)).length).toBe(2); // the invitation and one code

  await page.getByLabel("6-digit code").fill(right === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("6-digit code")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#code-error")).toBeVisible();
  await page.getByLabel("6-digit code").fill(right);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Noor" })).toBeVisible();
  expect(page.url()).toBe(`${portalOrigin()}/`);
  await client.close();
});

test("a revoked client back with their old session or link is told their access ended and whom to ask", async ({ browser }) => {
  const admin = await browser.newContext({ storageState: OWNER_STATE, baseURL: appOrigin() });
  const adminPage = await admin.newPage();
  const email = `leaving.${Date.now()}@example.com`;
  await adminPage.goto("/w/acme/portal");
  await adminPage.getByLabel("Contact, email or mobile number").fill(email);
  await adminPage.getByLabel("First name (optional)").fill("Lena");
  await adminPage.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(adminPage.getByText(`Invitation sent to ${email}. A new contact was added.`)).toBeVisible();
  const link = (await latestMessage(admin.request, email)).links.find((l) => l.includes("/l/"))!;

  const client = await browser.newContext();
  const page = await client.newPage();
  await page.goto(link);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Lena" })).toBeVisible();

  await adminPage.goto(`/w/acme/portal?tab=joined&q=${encodeURIComponent(email)}`);
  const row = adminPage.getByTestId("portal-user-row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: /^More actions for / }).click();
  await adminPage.getByRole("menuitem", { name: "Revoke access" }).click();
  await adminPage.getByRole("dialog").getByRole("button", { name: "Revoke access" }).click();
  await expect(adminPage.getByText(/access was revoked/)).toBeVisible();
  await admin.close();

  await page.reload();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Your access has ended" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "support@acme.test" })).toHaveAttribute("href", "mailto:support@acme.test");
  await expect(page.getByLabel("Email address")).toHaveCount(0);
  await shots(page, "portal-access-ended");

  // The old invitation link says the same.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Your access has ended" })).toBeVisible();
  // Someone else on this browser can still sign in with their own address.
  await page.goto(`${portalOrigin()}/sign-in`);
  await page.getByRole("link", { name: "Sign in with it" }).click();
  await expect(page.getByLabel("Email address")).toBeVisible();
  await client.close();
});

test("broken cookies on portal pages are ignored, never a 500", async ({ browser }) => {
  const client = await browser.newContext();
  const page = await client.newPage();
  const host = new URL(portalOrigin()).hostname;
  for (const value of ["%00", "%E0%A4%A", "a.b.c", "x".repeat(3000)]) {
    await client.addCookies([
      { name: "portal_pending", value, domain: host, path: "/" },
      { name: "portal_session", value, domain: host, path: "/" },
      { name: "portal_pending_email", value, domain: host, path: "/" },
    ]);
    for (const path of ["/", "/sign-in", "/sign-in/check-email", "/sign-in/check-email?error=CODE_WRONG", "/sign-in?error=__proto__"]) {
      const res = await page.goto(`${portalOrigin()}${path}`);
      expect([path, value.slice(0, 10), res!.status()]).toEqual([path, value.slice(0, 10), 200]);
    }
  }
  await client.close();
});
