import { expect, test, type Browser, type Page } from "@playwright/test";
import { OWNER_STATE, latestMessage, shot } from "./helpers";

// The client portal as an admin and their clients meet it: invitations, login emails, magic links, code sign-in.
test.use({ storageState: OWNER_STATE });

const portalOrigin = () => `http://acme.localhost:${process.env.E2E_PORT ?? 3100}`;

async function joinedCount(page: Page) {
  return Number((await page.getByTestId("count-joined").innerText()).replace(/\D/g, ""));
}

/** Opens a link the way a client does, in a browser of their own: the page, then Continue. */
async function continueAs(browser: Browser, link: string, firstName: string) {
  const client = await browser.newContext();
  const page = await client.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: /^Continue to / })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${firstName}` })).toBeVisible();
  return { client, page };
}

async function findUser(page: Page, email: string, tab: "Invited" | "Joined" = "Invited") {
  await page.goto("/w/acme/portal");
  await page.getByRole("link", { name: new RegExp(`^${tab}`) }).click();
  if (tab !== "Invited") await expect(page).toHaveURL(new RegExp(`tab=${tab.toLowerCase()}`));
  await page.getByPlaceholder("Search name, email or phone").fill(email);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(email).replace(/\./g, "\\.")}`));
  const row = page.getByTestId("portal-user-row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  return row;
}

test("invite a new client: the email's link, Continue, and the joined count goes up", async ({ page, browser }) => {
  const email = `invitee.${Date.now()}@example.com`;
  await page.goto("/w/acme/portal");
  const joinedBefore = await joinedCount(page);
  await page.getByLabel("Contact, email or mobile number").fill(email);
  await page.getByLabel("First name (optional)").fill("Ishaan");
  await page.getByLabel("User type").selectOption({ label: "Client — sign-in link by email" });
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByText(`Invitation sent to ${email}. A new contact was added.`)).toBeVisible();
  await shot(page, "portal-invited");

  const msg = await latestMessage(page.request, email);
  expect(msg.subject).toBe("You're invited to Acme Client Portal");
  const link = msg.links.find((l) => l.includes("/l/"))!;
  expect(link.startsWith(`${portalOrigin()}/l/`)).toBe(true);

  const { client, page: portal } = await continueAs(browser, link, "Ishaan");
  await shot(portal, "portal-home");
  await client.close();

  await page.reload();
  await expect.poll(() => joinedCount(page)).toBe(joinedBefore + 1);
  await findUser(page, email, "Joined");
});

test("a login email to selected clients shows progress until sent, and its link signs the client in", async ({ page, browser }) => {
  const email = "noah.smith19@example.com";
  const row = await findUser(page, email);
  const before = await page.request.get(`/dev/outbox?format=json&to=${email}`).then((r) => r.json() as Promise<{ id: string }[]>);
  await row.getByRole("checkbox").check();
  const bulk = page.getByRole("region", { name: "Bulk actions" });
  await expect(bulk.getByText("1 selected")).toBeVisible();
  await bulk.getByRole("button", { name: "Send login email" }).click();
  await expect(page.getByTestId("bulk-progress")).toContainText("Sent 1 login email.", { timeout: 30_000 });
  await expect(page.getByRole("progressbar", { name: "Login emails sent" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("bulk-progress")).toContainText("1 sent of 1");
  await shot(page, "portal-login-email-progress");

  const msg = await latestMessage(page.request, email, before[0]?.id);
  expect(msg.subject).toBe("Your sign-in link for Acme Client Portal");
  const { client } = await continueAs(browser, msg.links.find((l) => l.includes("/l/"))!, "Noah");
  await client.close();
});

test("copy a magic link and sign in with it; regenerating kills the old one at once", async ({ page, browser, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const email = "nisha.tanaka11@example.com";
  const row = await findUser(page, email);
  await row.getByRole("button", { name: "Copy magic link" }).click();
  const field = row.getByTestId("magic-link");
  await expect(field).toHaveValue(new RegExp(`^${portalOrigin()}/l/`));
  await expect(row.getByText(/^(Copied\. )?(Copy this link: )?Valid until/)).toBeVisible();
  const first = await field.inputValue();
  await shot(page, "portal-magic-link");

  // Copy again: the same link (one active link per client), not a new one.
  await row.getByRole("button", { name: "Copy magic link" }).click();
  await expect(field).toHaveValue(first);

  const { client: c1 } = await continueAs(browser, first, "Nisha");
  await c1.close();
  // A magic link works again until it expires or is replaced.
  const { client: c2 } = await continueAs(browser, first, "Nisha");
  await c2.close();

  const joined = await findUser(page, email, "Joined");
  await joined.getByRole("button", { name: "Copy magic link" }).click();
  await expect(joined.getByTestId("magic-link")).toHaveValue(first);
  await joined.getByRole("button", { name: /^Regenerate/ }).click();
  await expect(joined.getByTestId("magic-link")).not.toHaveValue(first);
  const second = await joined.getByTestId("magic-link").inputValue();

  const stale = await browser.newContext();
  const p = await stale.newPage();
  await p.goto(first);
  await expect(p.getByRole("heading", { name: "This link was replaced" })).toBeVisible();
  await expect(p.getByRole("button", { name: "Email me a fresh sign-in link" })).toBeVisible();
  await shot(p, "portal-link-replaced");
  await stale.close();
  const { client: c3 } = await continueAs(browser, second, "Nisha");
  await c3.close();
});

test("sign in by emailed code on the portal, a wrong code first; then sign out", async ({ browser }) => {
  const email = "priya.kapoor1@example.com";
  const client = await browser.newContext();
  const page = await client.newPage();
  await page.goto(`${portalOrigin()}/`);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in to Acme Client Portal" })).toBeVisible();
  await shot(page, "portal-sign-in");
  const before = await page.request.get(`http://localhost:${process.env.E2E_PORT ?? 3100}/dev/outbox?format=json&to=${email}`);
  const prior = ((await before.json()) as { id: string }[])[0]?.id;
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const admin = await browser.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3100}` });
  const msg = await latestMessage(admin.request, email, prior);
  await admin.close();
  const code = /\b(\d{6})\b/.exec(msg.subject ?? "")![1];
  const wrong = code === "000000" ? "111111" : "000000";

  await page.getByLabel("6-digit code").fill(wrong);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#code-error")).toContainText(/code/i);
  await shot(page, "portal-code-wrong");
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Priya" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You're signed out.")).toBeVisible();
  await page.goto(`${portalOrigin()}/`);
  await expect(page).toHaveURL(/\/sign-in$/);
  await client.close();
});

test("an unknown address gets the same 'check your email' answer, and nothing is sent", async ({ browser }) => {
  const client = await browser.newContext();
  const page = await client.newPage();
  const email = `nobody.${Date.now()}@example.com`;
  await page.goto(`${portalOrigin()}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(`If ${email} has access to this portal`)).toBeVisible();
  const res = await page.request.get(`http://localhost:${process.env.E2E_PORT ?? 3100}/dev/outbox?format=json&to=${email}`);
  expect(await res.json()).toEqual([]);
  await client.close();
});

test("editing the login email template: a missing system tag is refused; the saved wording is what clients get", async ({ page }) => {
  await page.goto("/w/acme/settings/email");
  await page.getByRole("tab", { name: "Login email" }).click();
  const body = page.getByLabel("Body");
  await body.fill("Hi {{contact.first_name}}, here is your portal.");
  await expect(page.getByText("The body must contain the system tag {{portal.magic_link}} exactly as written")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save template" })).toBeVisible();
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByText("Saved.")).toHaveCount(0);
  await shot(page, "email-template-error");

  await body.fill("Hi {{contact.first_name}},\n\nYour Acme documents are ready:\n\n{{portal.magic_link}}");
  await page.getByLabel("Subject").fill("Documents ready at {{workspace.name}}");
  await expect(page.getByTestId("preview-subject")).toHaveText("Documents ready at Acme Client Portal");
  await page.getByRole("button", { name: "Plain text" }).click();
  await expect(page.getByTestId("preview-text")).toContainText("Hi Asha,");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByText("Saved. Every new login email uses this wording.")).toBeVisible();
  await shot(page, "email-template-saved");

  const email = "aditya.brown14@example.com";
  const row = await findUser(page, email);
  const before = await page.request.get(`/dev/outbox?format=json&to=${email}`).then((r) => r.json() as Promise<{ id: string }[]>);
  await row.getByRole("button", { name: /^More actions for / }).click();
  await row.getByRole("menuitem", { name: "Send login email" }).click();
  await expect(page.getByTestId("bulk-progress")).toContainText("1 sent of 1", { timeout: 30_000 });
  const msg = await latestMessage(page.request, email, before[0]?.id);
  expect(msg.subject).toBe("Documents ready at Acme Client Portal");
  expect(msg.text).toContain("Your Acme documents are ready:");

  await page.goto("/w/acme/settings/email");
  await page.getByRole("tab", { name: /Login email/ }).click();
  await page.getByRole("button", { name: "Reset to default" }).click();
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await expect(page.getByText("Back to the default wording.")).toBeVisible();
});

test("sign-in & security: add a user type that signs in by code, and out-of-range lifetimes are refused", async ({ page }) => {
  await page.goto("/w/acme/settings/portal");
  const name = `Partner ${Date.now() % 100000}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("How they sign in").selectOption({ label: "6-digit code by email" });
  await page.getByRole("button", { name: "Add user type" }).click();
  await expect(page.getByText(`Added ${name}. Pick it when you invite someone.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`${name}.*6-digit code by email`) })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name.toLowerCase());
  await page.getByRole("button", { name: "Add user type" }).click();
  await expect(page.getByText("Another user type in this workspace already has this name.")).toBeVisible();

  await page.getByLabel("Personal link lifetime (days)").fill("31");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("The link lifetime is at most 30 days.")).toBeVisible();
  await shot(page, "settings-portal-error");
  await page.getByLabel("Personal link lifetime (days)").fill("14");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved. New links and sessions use these times; existing ones keep theirs.")).toBeVisible();

  await page.goto("/w/acme/portal");
  await expect(page.getByLabel("User type").locator("option", { hasText: name })).toHaveCount(1);
  await page.goto("/w/acme/settings/portal");
  await page.getByLabel("Personal link lifetime (days)").fill("7");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/^Saved\./)).toBeVisible();
});
