import { expect, test } from "@playwright/test";
import { latestMessage, OWNER_STATE, shot, signIn } from "./helpers";

test.use({ storageState: OWNER_STATE });

test("an owner invites a marketing member, who signs in and is refused contacts", async ({ page, browser }) => {
  const email = `marketing-${Date.now()}@acme.test`;
  await page.goto("/w/acme/members");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption("marketing");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(email, { exact: true })).toBeVisible(); // the list entry, not the "Invitation sent to …" notice
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
  // Marketing copies the portal URL and downloads its QR code.
  await marketer.goto("/w/acme");
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"]);
  await marketer.getByRole("button", { name: "Copy URL" }).click();
  await expect(marketer.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await marketer.evaluate(() => navigator.clipboard.readText())).toMatch(/^http:\/\/acme\.localhost:\d+$/);
  await shot(marketer, "dashboard-marketing");
  const svg = await marketer.request.get("/api/w/acme/portal/qr?download");
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toBe("image/svg+xml");
  expect(svg.headers()["content-disposition"]).toContain("acme-portal-qr.svg");
  expect(await svg.text()).toContain("<svg");
  const png = await marketer.request.get("/api/w/acme/portal/qr?format=png");
  expect(png.headers()["content-type"]).toBe("image/png");
  expect((await png.body()).subarray(1, 4).toString()).toBe("PNG");
  // The CSV report route refuses too.
  const report = await marketer.request.get("/api/w/acme/contacts/import/00000000-0000-0000-0000-000000000000/report");
  expect([403, 404]).toContain(report.status());
  await ctx.close();

  // The owner sees the change in the audit log.
  await page.goto("/w/acme/audit");
  await expect(page.getByText(email).first()).toBeVisible();
  await shot(page, "audit-log");
});

test("another workspace's owner reaches none of Acme's contacts or import reports, by page or by route", async ({ page, browser }) => {
  // As Acme's owner: a small import, to have a report, and a contact id.
  await page.goto("/w/acme/contacts/import");
  await shot(page, "import-choose-file");
  await page.getByLabel("CSV file").setInputFiles({ name: "one.csv", mimeType: "text/csv", buffer: Buffer.from("First name,Email\nSecret,secret@acme-client.test\n") });
  await page.getByRole("button", { name: "Import 1 row" }).click();
  const reportHref = await page.getByRole("link", { name: "Download the full report (CSV)" }).getAttribute("href");
  const ownReport = await page.request.get(reportHref!);
  expect(ownReport.status()).toBe(200);
  expect(await ownReport.text()).toContain("secret@acme-client.test");
  const importId = reportHref!.split("/import/")[1].split("/")[0];
  await page.goto("/w/acme/contacts?q=secret@acme-client.test");
  const contactHref = (await page.getByRole("link", { name: /Secret/ }).getAttribute("href"))!;
  const contactId = contactHref.split("/").pop()!;

  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const other = await ctx.newPage();
  await signIn(other, `founder-${Date.now()}@initech.test`);
  const slug = `initech-${Date.now().toString(36)}`;
  await other.getByLabel("Business name").fill("Initech");
  await other.getByLabel("Portal address").fill(slug);
  await other.getByRole("button", { name: "Create workspace" }).click();
  await expect(other).toHaveURL(new RegExp(`/w/${slug}$`));

  for (const url of [
    `/api/w/acme/contacts/import/${importId}/report?rows=all`, // not a member of Acme
    `/api/w/${slug}/contacts/import/${importId}/report?rows=all`, // Acme's import under their own workspace
  ]) {
    const res = await other.request.get(url);
    expect(res.status()).toBe(404);
    expect(await res.text()).not.toContain("secret@acme-client.test");
  }
  expect((await other.request.get("/api/w/acme/portal/qr")).status()).toBe(404);
  for (const url of [`/w/acme/contacts/${contactId}`, `/w/${slug}/contacts/${contactId}`, `/w/acme/contacts?q=secret`]) {
    const res = await other.goto(url);
    expect(res?.status()).toBe(404);
    await expect(other.getByText("secret@acme-client.test")).toHaveCount(0);
  }
  await ctx.close();
});

test("an admin brands the portal; bad input is refused with the reason, and the portal shows the new name", async ({ page, baseURL }) => {
  await page.goto("/w/acme/settings/branding");
  await page.getByLabel("Primary colour", { exact: true }).fill("blue");
  await page.getByLabel("Logo URL (optional)").fill("http://insecure.test/logo.png");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Use a colour like #4f46e5.")).toBeVisible();
  await expect(page.getByText("Use an https:// address for the logo")).toBeVisible();
  await page.getByLabel("Primary colour", { exact: true }).fill("#0f766e");
  await page.getByLabel("Logo URL (optional)").fill("");
  await page.getByLabel("Portal name").fill("Acme Client Hub");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await shot(page, "settings-branding");
  await page.goto(`http://acme.localhost:${new URL(baseURL!).port}/`);
  await expect(page.getByRole("heading", { name: "Acme Client Hub" })).toBeVisible();
  await page.goto("/w/acme/settings/branding");
  await page.getByLabel("Portal name").fill("Acme Client Portal"); // leave the demo as it was for other specs
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
});
