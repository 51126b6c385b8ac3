// The admin forms that change something, in a browser with JavaScript off: each is a form POST whose effect shows
// on the page that comes back, menus and confirmations open without script, and no address goes into a URL
// (issue 9, item 6).
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { latestMessage, OWNER_STATE, signIn } from "./helpers";

/** Screenshots at desktop and phone width (test-results/screenshots, not the repo). */
async function shots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Every URL the page asks for, so the test can show no address was ever in one. */
function urls(page: Page) {
  const seen: string[] = [];
  page.on("request", (r) => seen.push(decodeURIComponent(r.url()).toLowerCase()));
  return (...addresses: string[]) => {
    for (const a of addresses) expect(seen.filter((u) => u.includes(a.toLowerCase()) || u.includes(a.split("@")[0].toLowerCase()))).toEqual([]);
  };
}

let context: BrowserContext;
let page: Page;
test.beforeEach(async ({ browser }) => {
  context = await browser.newContext({ javaScriptEnabled: false, storageState: OWNER_STATE });
  page = await context.newPage();
});
test.afterEach(async () => context.close());

test("Client portal without JavaScript: invite a client, send a login email and revoke access from the row's menu", async () => {
  const email = `nojs.client.${Date.now()}@example.com`;
  const name = email.split("@")[0]; // a contact added by address is named after it
  const clean = urls(page);
  await page.goto("/w/acme/portal");
  // Copying needs the clipboard, so until script runs it is plainly unavailable, not a dead button.
  await expect(page.getByRole("button", { name: "Copy magic link" }).first()).toBeDisabled();

  await page.getByLabel("Contact, email or mobile number").fill("not-an-address@");
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByText("Check the highlighted fields.")).toBeVisible();
  await expect(page.getByLabel("Contact, email or mobile number")).toHaveValue("not-an-address@");

  await page.getByLabel("Contact, email or mobile number").fill(email);
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByText(`Invitation sent to ${email}. A new contact was added.`)).toBeVisible();
  const invite = await latestMessage(page.request, email);
  expect(invite.subject).toContain("Acme Client Portal");
  // The newest invitation heads the Invited tab.
  const row = page.getByTestId("portal-user-row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await shots(page, "nojs-portal-invited");

  // The "…" menu opens without script, and its items are form POSTs.
  await row.getByRole("button", { name: /^More actions for / }).click();
  await expect(row.getByRole("menuitem", { name: "Send login email" })).toBeVisible();
  await shots(page, "nojs-portal-menu");
  await row.getByRole("menuitem", { name: "Send login email" }).click();
  await expect(page.getByText(`A login email to ${name} is on its way.`)).toBeVisible();
  const login = await latestMessage(page.request, email, invite.id);
  expect(login.subject).toBe("Your sign-in link for Acme Client Portal");

  await row.getByRole("button", { name: /^More actions for / }).click();
  await row.getByRole("menuitem", { name: "Resend invitation" }).click();
  await expect(page.getByText(`Invitation sent again to ${name} (${email}).`)).toBeVisible();

  // Revoke asks first, in a dialog an invoker command opens; Cancel changes nothing.
  await row.getByRole("button", { name: /^More actions for / }).click();
  await row.getByRole("menuitem", { name: "Revoke access" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Revoke ${name}'s access?`);
  await shots(page, "nojs-portal-revoke-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.goto("/w/acme/portal"); // not a reload: that would send the last POST again
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: /^More actions for / }).click();
  await row.getByRole("menuitem", { name: "Revoke access" }).click();
  await dialog.getByRole("button", { name: "Revoke access" }).click();
  await expect(page.getByText(`${name}'s access was revoked. They are now under Revoked.`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.goto("/w/acme/portal?tab=revoked");
  await expect(page.getByTestId("portal-user-row").filter({ hasText: email })).toHaveCount(1);

  // Restore from the Revoked tab is a form too.
  await page.getByTestId("portal-user-row").filter({ hasText: email }).getByRole("button", { name: "Restore and invite" }).click();
  await expect(page.getByText(`${name}'s access was restored and a new invitation sent.`)).toBeVisible();
  await expect(page.getByTestId("portal-user-row").filter({ hasText: email })).toHaveCount(0);
  clean(email);
});

test("Domains without JavaScript: add a domain, check it, and remove it after confirming", async () => {
  const host = `nojs-${Date.now()}.example.org`;
  await page.goto("/w/acme/settings/domains");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText("Enter the domain your clients will use")).toBeVisible();
  await page.getByLabel("Domain", { exact: true }).fill(host);
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText(`Added ${host}.`)).toBeVisible();
  const card = page.getByTestId("domain-card").filter({ hasText: host });
  await expect(card).toHaveCount(1);
  await expect(card.getByText("Pending", { exact: true })).toBeVisible();

  await card.getByRole("button", { name: "Check now" }).click();
  await expect(card.getByText("Not every record is right yet: the list below says what to change.")).toBeVisible();
  await shots(page, "nojs-domains");

  await card.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(card.getByRole("dialog")).toContainText(`Remove ${host}?`);
  await card.getByRole("button", { name: "Remove domain" }).click();
  await expect(page.getByTestId("domain-card").filter({ hasText: host })).toHaveCount(0);
});

test("Email settings without JavaScript: add, edit and delete a profile; save a template and reset it", async () => {
  const tag = Date.now();
  const from = `nojs-${tag}@acme.test`;
  const clean = urls(page);
  await page.goto("/w/acme/settings/email");
  await page.getByLabel("From name").fill("No Script");
  await page.getByLabel("From address").fill("not an address");
  await page.getByRole("button", { name: "Add profile" }).click();
  await expect(page.getByText("Enter a valid from address, e.g. hello@yourbusiness.com")).toBeVisible();
  await expect(page.getByLabel("From name")).toHaveValue("No Script");
  await page.getByLabel("From address").fill(from);
  await page.getByRole("button", { name: "Add profile" }).click();
  await expect(page.getByText(`Added No Script <${from}>.`)).toBeVisible();
  const profileRow = page.getByRole("row").filter({ hasText: from });
  await expect(profileRow).toHaveCount(1);

  // Edit is a link to the same page with the profile open in the form.
  await profileRow.getByRole("link", { name: `Edit No Script <${from}>` }).click();
  await page.getByLabel("From name").fill("No Script Two");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved No Script Two <${from}>.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Add an email profile" })).toBeVisible();

  await profileRow.getByRole("button", { name: "Delete" }).click();
  await profileRow.getByRole("button", { name: "Delete profile" }).click();
  await expect(page.getByText(`Deleted No Script Two <${from}>.`)).toBeVisible();
  await expect(profileRow).toHaveCount(0);

  // A template: its tab is a link; the textarea and Save post without script.
  await page.getByRole("tab", { name: "Sign-in code" }).click();
  await expect(page.getByRole("tab", { name: "Sign-in code" })).toHaveAttribute("aria-selected", "true");
  await page.getByLabel("Body").fill("No code in this one.");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /The body must contain the system tag/ })).toBeVisible();
  await expect(page.getByLabel("Body")).toHaveValue("No code in this one.");
  await page.goto("/w/acme/settings/email?template=sign_in_code");
  const subject = page.getByLabel("Subject");
  await subject.fill(`Your code, no script ${tag}`);
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByText("Saved. Every new sign-in code email uses this wording.")).toBeVisible();
  await page.goto("/w/acme/settings/email?template=sign_in_code");
  await expect(page.getByLabel("Subject")).toHaveValue(`Your code, no script ${tag}`);
  await expect(page.getByRole("tab", { name: /Sign-in code/ })).toContainText("edited");
  await shots(page, "nojs-email-settings");

  await page.getByRole("button", { name: "Reset to default" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Reset", exact: true }).click();
  await expect(page.getByText("Back to the default wording.")).toBeVisible();
  await expect(page.getByLabel("Subject")).not.toHaveValue(`Your code, no script ${tag}`);
  clean(from);
});

test("User types without JavaScript: add one, rename it, make it the default and back", async () => {
  const name = `No script ${Date.now()}`;
  await page.goto("/w/acme/settings/portal");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("How they sign in").selectOption("email_code");
  await page.getByRole("button", { name: "Add user type" }).click();
  await expect(page.getByText(`Added ${name}. Pick it when you invite someone.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`${name}.*6-digit code by email`) })).toBeVisible();

  await page.getByRole("link", { name: `Edit ${name}` }).click();
  await page.getByLabel("Name", { exact: true }).first().fill(`${name} B`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved ${name} B.`)).toBeVisible();

  await page.getByRole("button", { name: `Make ${name} B the default` }).click();
  await expect(page.getByText(`${name} B is now the default: invitations without a type use it.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`${name} B\\s*Default`) })).toBeVisible();
  await shots(page, "nojs-user-types");
  // On a phone the table scrolls inside its card; the page itself does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "Make Client the default", exact: true }).click();
  await expect(page.getByText("Client is now the default: invitations without a type use it.")).toBeVisible();
});

async function newMember(browser: Browser, email: string) {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await signIn(await ctx.newPage(), email);
  await ctx.close();
}

test("Members without JavaScript: change a member's role, remove them, and revoke an invitation", async ({ browser }) => {
  const email = `nojs-member-${Date.now()}@acme.test`;
  const pending = `nojs-pending-${Date.now()}@acme.test`;
  const clean = urls(page);
  await page.goto("/w/acme/members");
  for (const e of [email, pending]) {
    await page.getByLabel("Email address").fill(e);
    await page.getByLabel("Role").selectOption("marketing");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(e, { exact: true })).toBeVisible();
  }
  await newMember(browser, email); // signing in with the invited address joins

  await page.goto("/w/acme/members");
  const member = page.getByRole("listitem").filter({ hasText: email }).filter({ hasText: "Joined" });
  await expect(member.getByLabel(`Role for ${email}`)).toHaveValue("marketing");
  await member.getByLabel(`Role for ${email}`).selectOption("admin");
  await member.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: email }).filter({ hasText: "Joined" }).getByLabel(`Role for ${email}`)).toHaveValue("admin");
  await shots(page, "nojs-members");

  await member.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(member.getByRole("dialog")).toContainText(`Remove ${email}? They lose access at once.`);
  await member.getByRole("dialog").getByRole("button", { name: "Remove", exact: true }).click();
  await expect(page.getByRole("listitem").filter({ hasText: email }).filter({ hasText: "Joined" })).toHaveCount(0);

  const invitation = page.getByRole("listitem").filter({ hasText: pending });
  await invitation.getByRole("button", { name: "Revoke", exact: true }).click();
  await invitation.getByRole("dialog").getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByRole("listitem").filter({ hasText: pending })).toHaveCount(0);
  clean(email, pending);
});

test("API keys without JavaScript: revoking asks first and takes effect", async () => {
  const name = `No script key ${Date.now()}`;
  await page.goto("/w/acme/settings/api-keys");
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByRole("dialog")).toContainText(`Revoke “${name}”?`);
  await row.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("Revoked");
});
