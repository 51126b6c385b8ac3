import { expect, type APIRequestContext, type Page } from "@playwright/test";

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
