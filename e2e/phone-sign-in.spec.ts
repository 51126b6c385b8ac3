import { expect, test, type Page } from "@playwright/test";
import { OWNER_STATE, latestMessage, shot } from "./helpers";

// Phone sign-in end to end, in a workspace of its own so nothing of the demo's SMS set-up is reused: an owner sets up
// SMS the way the settings page asks (switch, sender ID, DLT export, whitelist, mappings, credits), adds a phone user
// type, invites a client by a typed mobile number; the client signs in on the portal with the number and the SMS code.
test.use({ storageState: OWNER_STATE });

const PORT = process.env.E2E_PORT ?? 3100;
const APP = `http://localhost:${PORT}`;

const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** This run's workspace, client and the four SMS: each DLT text (what the export holds) beside the text typed in the editor. */
function world() {
  const stamp = String(Date.now()).slice(-7);
  const name = "Kaveri Textiles";
  const slug = `kaveri-${stamp}`;
  const host = `${slug}.localhost`;
  const portal = `http://${host}:${PORT}`;
  // A fresh Indian mobile number, 98xxx xxxxx.
  const digits = `98${stamp}${Math.floor(Math.random() * 10)}`;
  const sender = "KAVERI";
  const sms = {
    invitation: {
      tab: "Portal invitation",
      id: "1107171000000000201",
      dlt: `Dear {#var#}, ${name} has invited you to its client portal. Open it with your personal link: ${portal}/s/{#alphanumeric#}`,
      body: "Dear {{contact.first_name}}, {{workspace.name}} has invited you to its client portal. Open it with your personal link: {{portal.url}}/s/{{portal.link_token}}",
    },
    sign_in_code: {
      tab: "Sign-in code",
      id: "1107171000000000202",
      // Ends with the WebOTP line, so phones offer the code.
      dlt: `{#numeric#} is your ${name} sign-in code. It expires in 5 minutes. Do not share it.\n\n@${host} #{#numeric#}`,
      body: "{{sign_in.code}} is your {{workspace.name}} sign-in code. It expires in 5 minutes. Do not share it.\n\n@{{portal.host}} #{{sign_in.code}}",
    },
    sign_in_link: {
      tab: "Sign-in link",
      id: "1107171000000000203",
      dlt: `Sign in to ${name} with ${portal}/s/{#alphanumeric#} It works once, for 15 minutes.`,
      body: "Sign in to {{workspace.name}} with {{portal.url}}/s/{{sign_in.link_token}} It works once, for 15 minutes.",
    },
    login_message: {
      tab: "Login message",
      id: "1107171000000000204",
      dlt: `Hi {#var#}, your ${name} portal link: ${portal}/s/{#alphanumeric#} It works for {#numeric#} days.`,
      body: "Hi {{contact.first_name}}, your {{workspace.name}} portal link: {{portal.url}}/s/{{portal.link_token}} It works for {{link.expires_in_days}} days.",
    },
  };
  // The DLT portal's export: the four approved templates and a rejected one the import must skip.
  const csv = [
    "TEMPLATE ID,TEMPLATE NAME,TYPE,HEADER,APPROVAL STATUS,STATUS,TEMPLATE MESSAGE",
    ...Object.entries(sms).map(([kind, t]) => [t.id, `kaveri_${kind}`, "Service-Implicit", sender, "Approved", "Active", csvCell(t.dlt)].join(",")),
    ["1107171000000000205", "kaveri_sale", "Promotional", sender, "Rejected", "Inactive", csvCell("Festive sale! Flat {#var#} off at Kaveri. T&C apply")].join(","),
  ].join("\r\n");
  return { name, slug, host, portal, digits, e164: `+91${digits}`, shown: `+91 ${digits.slice(0, 5)} ${digits.slice(5)}`, sender, sms, csv };
}

async function smsPage(page: Page, slug: string) {
  await page.goto(`/w/${slug}/settings/sms`);
  await expect(page.getByRole("heading", { name: "SMS", exact: true })).toBeVisible();
}

test("phone sign-in: set up SMS in a new workspace, invite by mobile number, sign in with the SMS code", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const w = world();

  // A new workspace in India, through onboarding.
  await page.goto("/w/acme");
  await page.getByRole("link", { name: "New workspace" }).filter({ visible: true }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByLabel("Business name").fill(w.name);
  await page.getByLabel("Portal address").fill(w.slug);
  await page.getByLabel("Country").selectOption("IN");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${w.slug}$`));

  // Settings → SMS, from the top: nothing is done yet.
  await smsPage(page, w.slug);
  const checklist = page.getByRole("region", { name: "SMS checklist" });
  await expect(checklist.getByRole("status")).toHaveText("9 of 9 steps left before this workspace can send SMS.");

  await page.getByRole("button", { name: "Turn SMS on" }).click();
  await expect(page.getByText("Notification SMS is on.", { exact: true })).toBeVisible();

  await page.getByLabel("New sender ID").fill(w.sender);
  await page.getByRole("button", { name: "Add sender ID" }).click();
  await expect(page.getByText(`Added ${w.sender}.`)).toBeVisible();

  // The DLT export: preview (four to import, the rejected row skipped), then confirm.
  const dlt = page.getByRole("region", { name: "DLT templates" });
  await dlt.locator("input[type=file]").setInputFiles({ name: "kaveri-dlt-export.csv", mimeType: "text/csv", buffer: Buffer.from(w.csv) });
  await dlt.getByRole("button", { name: "Preview" }).click();
  await expect(dlt.getByRole("status")).toHaveText("4 templates to import, 0 to update, 1 skipped.");
  await expect(dlt.locator("tr").filter({ hasText: "kaveri_sale" })).toContainText("Skip");
  await dlt.getByRole("button", { name: "Import 4 templates" }).click();
  await expect(dlt.getByText("Imported kaveri-dlt-export.csv.")).toBeVisible();

  // The whitelist: the page names the prefix to whitelist, and it is this workspace's portal.
  const whitelist = page.getByRole("region", { name: "URL whitelist" });
  await expect(whitelist.getByTestId("required-whitelist-url")).toHaveText(`${w.portal}/s/?`);
  await whitelist.getByLabel("Whitelisted URL").fill(`${w.portal}/s/?`);
  await whitelist.getByRole("button", { name: "Add URL" }).click();
  await expect(whitelist.getByText(`Whitelisted ${w.portal}/s/?`)).toBeVisible();

  // Each SMS: its text, its DLT template, the sender ID and the MSG91 template id; the check agrees before saving.
  const editor = page.getByRole("region", { name: "SMS templates" });
  for (const [kind, t] of Object.entries(w.sms)) {
    await editor.getByRole("tab", { name: t.tab }).click();
    const panel = editor.getByRole("tabpanel");
    await panel.getByLabel("Text", { exact: true }).fill(t.body);
    await panel.getByLabel("DLT template").selectOption({ label: `kaveri_${kind} · ${t.id} · ${w.sender}` });
    await expect(panel.getByLabel("Sender ID")).toHaveValue(w.sender);
    await panel.getByLabel("MSG91 template ID").fill(`kaveri-${kind.replaceAll("_", "-")}`);
    await expect(panel.getByText("The text matches the DLT template exactly.")).toBeVisible();
    await panel.getByRole("button", { name: "Save and map" }).click();
    await expect(panel.getByText("Saved and mapped. Every new SMS of this kind uses it.")).toBeVisible();
  }

  const credits = page.getByRole("form", { name: "Add SMS credits" });
  await credits.getByLabel("Credits to add").fill("100");
  await credits.getByLabel("Note").fill("MSG91 invoice E2E-1");
  await credits.getByRole("button", { name: "Add credits" }).click();
  await expect(page.getByText("Added 100 credits. The balance is now 100.")).toBeVisible();

  // Reloaded, the checklist shows every step done.
  await smsPage(page, w.slug);
  await expect(checklist.getByRole("status")).toHaveText("Everything is set: this workspace can send SMS.");
  await expect(checklist.getByRole("listitem")).toHaveCount(9);
  await expect(checklist.getByRole("listitem").filter({ hasText: "To do:" })).toHaveCount(0);
  await expect(page.getByTestId("sms-credit-balance")).toHaveText("100");
  await shot(page, "sms-settings-ready");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(checklist.getByRole("status")).toHaveText("Everything is set: this workspace can send SMS.");
  await shot(page, "sms-settings-ready-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Sign-in & security: a user type that signs in by SMS code.
  await page.goto(`/w/${w.slug}/settings/portal`);
  await page.getByLabel("Name", { exact: true }).fill("Clients (phone)");
  await page.getByLabel("How they sign in").selectOption({ label: "6-digit code by SMS (mobile number)" });
  await page.getByRole("button", { name: "Add user type" }).click();
  await expect(page.getByText("Added Clients (phone). Pick it when you invite someone.")).toBeVisible();

  // Client portal: invite by a typed number, written the way people do (a leading 0, a space).
  await page.goto(`/w/${w.slug}/portal`);
  const typed = `0${w.digits.slice(0, 5)} ${w.digits.slice(5)}`;
  await page.getByLabel("Contact, email or mobile number").fill(typed);
  await page.getByLabel("First name", { exact: true }).fill("Meera");
  await page.getByLabel("User type").selectOption({ label: "Clients (phone) — code by SMS" });
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByText(/^Invitation sent to .+\. A new contact was added\.$/)).toBeVisible();
  await shot(page, "portal-invited-by-phone");

  // The invitation SMS is the DLT text with its variables filled in: the name, and a short link on this portal.
  const invitation = (await latestMessage(page.request, w.e164)) as Awaited<ReturnType<typeof latestMessage>> & { sms: { dltTemplateId: string; senderId: string; segments: number } | null };
  expect(invitation.channel).toBe("sms");
  const token = /\/s\/([A-Za-z0-9]{22})$/.exec(invitation.text)?.[1];
  expect(token, invitation.text).toBeTruthy();
  expect(invitation.text).toBe(w.sms.invitation.dlt.replace("{#var#}", "Meera").replace("{#alphanumeric#}", token!));
  expect(invitation.sms).toMatchObject({ dltTemplateId: w.sms.invitation.id, senderId: w.sender });

  // The client, in a browser of their own, on a phone: the number as they know it, Continue, the code from the SMS.
  const client = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const portal = await client.newPage();
  // The invitation's short link opens the portal's Continue page (a GET signs nobody in).
  await portal.goto(`${w.portal}/s/${token}`);
  await expect(portal.getByRole("heading", { name: /^Continue to / })).toBeVisible();
  await portal.goto(`${w.portal}/sign-in`);
  await expect(portal.getByRole("heading", { name: `Sign in to ${w.name}` })).toBeVisible();
  await shot(portal, "portal-sign-in-phone");
  await portal.getByLabel("Email address or mobile number").fill(`${w.digits.slice(0, 5)} ${w.digits.slice(5)}`);
  await portal.getByRole("button", { name: "Continue" }).click();
  await expect(portal.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await expect(portal.getByText(`If ${w.shown} has access to this portal`)).toBeVisible();
  const codeField = portal.getByLabel("6-digit code");
  await expect(codeField).toHaveAttribute("autocomplete", "one-time-code");
  await expect(codeField).toHaveAttribute("inputmode", "numeric");
  await shot(portal, "portal-check-phone");

  const sms = await latestMessage(page.request, w.e164, invitation.id);
  const code = /^(\d{6}) is your /.exec(sms.text)?.[1];
  expect(code, sms.text).toBeTruthy();
  // The WebOTP line is filled in, so the phone offers the code.
  expect(sms.text).toBe(w.sms.sign_in_code.dlt.replaceAll("{#numeric#}", code!));

  const wrong = code === "000000" ? "111111" : "000000";
  await codeField.fill(wrong);
  await portal.getByRole("button", { name: "Sign in" }).click();
  await expect(portal.locator("#code-error")).toContainText("That code didn't work.");
  await expect(portal.locator("#code-error")).not.toContainText("email");
  await expect(portal.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await shot(portal, "portal-check-phone-wrong-code");
  await portal.getByLabel("6-digit code").fill(code!);
  await portal.getByRole("button", { name: "Sign in" }).click();
  await expect(portal.getByRole("heading", { name: "Welcome, Meera" })).toBeVisible();
  expect(new URL(portal.url()).origin).toBe(w.portal);
  await client.close();

  // Back as the admin: Meera has joined, and the number as typed finds her.
  await page.goto(`/w/${w.slug}/portal?tab=joined`);
  await expect(page.getByTestId("tab-count-joined")).toHaveText("1");
  await page.getByRole("searchbox", { name: /^Search portal users/ }).fill(`${w.digits.slice(0, 5)} ${w.digits.slice(5)}`);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/tab=joined&q=/);
  const row = page.getByTestId("portal-user-row").filter({ hasText: "Meera" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Clients (phone)");
  // The admin list writes Indian numbers nationally (0 98xxx xxxxx); the digits are the client's either way.
  await expect(row).toContainText(`${w.digits.slice(0, 5)} ${w.digits.slice(5)}`);
  await shot(page, "portal-joined-by-phone");
});
