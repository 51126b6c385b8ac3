import { expect, test } from "@playwright/test";
import { latestMessage, OWNER_STATE, shot, signIn } from "./helpers";

test.use({ storageState: OWNER_STATE });

test("an owner invites a marketing member, who signs in and is refused contacts", async ({ page, browser }) => {
  const email = `marketing-${Date.now()}@acme.test`;
  await page.goto("/w/acme/members");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption("marketing");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(email)).toBeVisible();
  await shot(page, "members");
  const invite = await latestMessage(page.request, email);
  expect(invite.subject).toContain("Acme");

  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } }); // not the owner
  const marketer = await ctx.newPage();
  await signIn(marketer, email);
  await expect(marketer).toHaveURL(/\/w\/acme$/);
  await expect(marketer.getByText("Marketing ·")).toBeVisible();
  // The portal URL is there for marketing; contacts are not, in the menu or by URL.
  await expect(marketer.getByText(/acme\.localhost/).first()).toBeVisible();
  await expect(marketer.getByRole("link", { name: "Contacts" })).toHaveCount(0);
  await marketer.goto("/w/acme/contacts");
  await expect(marketer).toHaveURL(/\/w\/acme\/forbidden$/);
  await expect(marketer.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
  await shot(marketer, "marketing-forbidden");
  await marketer.goto("/w/acme/audit");
  await expect(marketer).toHaveURL(/\/forbidden$/);
  // The CSV report route refuses too.
  const report = await marketer.request.get("/api/w/acme/contacts/import/00000000-0000-0000-0000-000000000000/report");
  expect([403, 404]).toContain(report.status());
  await ctx.close();

  // The owner sees the change in the audit log.
  await page.goto("/w/acme/audit");
  await expect(page.getByText(email).first()).toBeVisible();
  await shot(page, "audit-log");
});
