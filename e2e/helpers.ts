import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

/** Saved by owner.setup.ts: the cookies of a signed-in Acme owner. */
export const OWNER_STATE = "test-results/owner-state.json";

type OutboxMessage = { id: string; channel: string; to: string; subject: string | null; text: string; links: string[]; createdAt: string };

/** The newest message to `to` in the dev outbox, waiting for it to land. */
export async function latestMessage(request: APIRequestContext, to: string, after?: string): Promise<OutboxMessage> {
  let found: OutboxMessage | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/dev/outbox?format=json&to=${encodeURIComponent(to)}`);
        const rows = (await res.json()) as OutboxMessage[];
        found = rows.find((m) => !after || m.id !== after);
        return !!found && (!after || found.id !== after);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** Signs in as an admin the way a person does: the form, then the link from the email. */
export async function signIn(page: Page, email: string) {
  const before = await page.request.get(`/dev/outbox?format=json&to=${encodeURIComponent(email)}`).then((r) => r.json() as Promise<OutboxMessage[]>);
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  if (email === "owner@acme.test") await shot(page, "sign-in-check-email");
  const msg = await latestMessage(page.request, email, before[0]?.id);
  expect(msg.subject).toBe("Sign in to Client Portal");
  // The link opens a page that changes nothing (a mail scanner may fetch it); its button signs in.
  await page.goto(msg.links[0]);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/**
 * A client in a browser of their own, signed in through a link the admin side hands out (an invitation, or the
 * Client portal page's magic link), never the portal's sign-in form: the form's per-address budget (10 sends in 15
 * minutes per workspace) belongs to the specs that test it, and every spec here comes from 127.0.0.1.
 */
async function openLinkAsClient(browser: Browser, link: string, firstName: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 720 } });
  const client = await context.newPage();
  await client.goto(link);
  await client.getByRole("button", { name: "Continue" }).click();
  await expect(client.getByRole("heading", { name: `Welcome, ${firstName}` })).toBeVisible();
  return { context, client };
}

/** The admin (on `page`) invites a new client of the demo by email, as a person does it; returns the invitation. */
export async function inviteByEmail(page: Page, email: string, firstName: string, userType = "Client — sign-in link by email") {
  await page.goto("/w/acme/portal");
  await page.getByLabel("Contact, email or mobile number").fill(email);
  await page.getByLabel("First name (optional)").fill(firstName);
  await page.getByLabel("User type").selectOption({ label: userType });
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByText(`Invitation sent to ${email}. A new contact was added.`)).toBeVisible();
  return latestMessage(page.request, email);
}

/** The admin (on `page`) invites a new client by email; the client opens the invitation's link. */
export async function invitedClient(page: Page, browser: Browser, email: string, firstName: string) {
  const msg = await inviteByEmail(page, email, firstName);
  return openLinkAsClient(browser, msg.links.find((l) => l.includes("/l/"))!, firstName);
}

/** The admin (on `page`) copies a joined client's magic link on the Client portal page; the client opens it. */
export async function magicLinkClient(page: Page, browser: Browser, email: string, firstName: string) {
  await page.goto(`/w/acme/portal?tab=joined&q=${encodeURIComponent(email)}`);
  const row = page.getByTestId("portal-user-row").filter({ hasText: email });
  await row.getByRole("button", { name: "Copy magic link" }).click();
  const link = await row.getByTestId("magic-link").inputValue();
  return openLinkAsClient(browser, link, firstName);
}
