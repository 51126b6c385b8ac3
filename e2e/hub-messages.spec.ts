import { expect, test, type Browser, type Page } from "@playwright/test";
import { OWNER_STATE, invitedClient, latestMessage, shot } from "./helpers";

// Conversations end to end (issue 12): the admin invites a client and writes to them from the inbox; the client sees
// the unread count in the portal, reads the message and replies with a file; the admin's open conversation shows the
// reply without a reload (server-sent events fed by the database watcher), and the inbox counts it as unread.
test.use({ storageState: OWNER_STATE });

const PORT = process.env.E2E_PORT ?? 3100;
const PORTAL = `http://acme.localhost:${PORT}`;

/** A small valid PDF (the server checks the type from the bytes). */
function pdf(): Buffer {
  return Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
}

async function shots(page: Page, name: string) {
  await shot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  await page.setViewportSize(size ?? { width: 1280, height: 720 });
}

test("admin writes to a client, the client sees it unread and replies; the reply appears for the admin without a reload", async ({ page, browser }) => {
  const email = `messages.${Date.now()}@example.com`;
  const { context, client } = await invitedClient(page, browser, email, "Nisha");

  // The admin opens the contact and chooses to message them (the conversation is made on first use).
  await page.goto(`/w/acme/contacts?q=${encodeURIComponent(email)}`);
  await page.getByRole("link", { name: /Nisha/ }).first().click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}/);
  const contactId = page.url().split("/contacts/")[1].split(/[?#]/)[0];
  await page.goto(`/w/acme/inbox/contact/${contactId}`);
  await expect(page).toHaveURL(/\/w\/acme\/inbox\/[0-9a-f-]{36}/);
  await page.getByLabel(/^Reply to Nisha/).fill("Hello Nisha, could you send your latest payslip?");
  await page.getByRole("button", { name: "Send" }).click();
  const thread = page.getByRole("list", { name: "Messages, oldest first" });
  await expect(thread.getByText("Hello Nisha, could you send your latest payslip?")).toBeVisible();

  // The client sees one unread message, opens it; the count is gone once read.
  await client.goto(`${PORTAL}/messages`);
  const card = client.getByRole("link", { name: /Acme/ }).filter({ hasText: "1 unread" });
  await expect(card).toBeVisible();
  await shots(client, "hub-messages-portal-list");
  await card.click();
  await expect(client.getByText("Hello Nisha, could you send your latest payslip?")).toBeVisible();

  // The client replies with a file; the admin's open page shows it without reloading.
  await client.getByLabel("Message Acme").fill("Here it is. Thanks!");
  await client.locator('input[type="file"][name="files"]').setInputFiles({ name: "payslip.pdf", mimeType: "application/pdf", buffer: pdf() });
  await expect(client.getByRole("list", { name: "Files to send" }).getByText("payslip.pdf")).toBeVisible();
  await client.getByRole("button", { name: "Send" }).click();
  await expect(client.getByRole("list", { name: "Messages, oldest first" }).getByText("Here it is. Thanks!")).toBeVisible();
  await expect(client.getByLabel("Message Acme")).toHaveValue("");
  await shots(client, "hub-messages-portal-thread");

  await expect(thread.getByText("Here it is. Thanks!")).toBeVisible({ timeout: 15_000 });
  const attachment = thread.getByRole("link", { name: /payslip\.pdf/ });
  await expect(attachment).toBeVisible();
  const download = await page.request.get(await attachment.getAttribute("href").then((h) => h!));
  expect(download.status()).toBe(200);
  expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await shots(page, "hub-messages-admin-thread");

  // A browser without the client's session is sent to sign in, never given the file.
  const href = (await client.getByRole("link", { name: /payslip\.pdf/ }).getAttribute("href"))!;
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(`${PORTAL}${href}`);
  await expect(strangerPage).toHaveURL(/\/sign-in$/);
  await stranger.close();

  // The inbox lists the conversation; after the admin has seen the reply it is read.
  await page.goto("/w/acme/inbox");
  await expect(page.getByRole("link", { name: /Nisha/ }).first()).toBeVisible();
  await shots(page, "hub-messages-inbox");
  await page.getByLabel("Search").fill("payslip");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: /Nisha/ })).toHaveCount(1);
  await context.close();
});

test("without JavaScript the client's reply form still posts and a reload shows the message", async ({ browser, page }) => {
  const email = `nojs.${Date.now()}@example.com`;
  const { context } = await invitedClient(page, browser, email, "Omar");
  const cookies = await context.cookies();
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(cookies);
  const client = await noJs.newPage();
  await client.goto(`${PORTAL}/messages`);
  await client.getByRole("link", { name: /Acme/ }).first().click();
  await client.getByLabel("Message Acme").fill("Sent before any script ran");
  await client.getByRole("button", { name: "Send" }).click();
  await expect(client).toHaveURL(/sent=1/);
  await expect(client.getByText("Sent before any script ran")).toBeVisible();
  // An empty message comes back with the reason.
  await client.getByRole("button", { name: "Send" }).click();
  await expect(client.getByRole("alert")).toContainText("Write a message or attach a file before sending.");
  await noJs.close();
  await context.close();
});
