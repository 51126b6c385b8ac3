import { expect, test } from "@playwright/test";
import { OWNER_STATE, shot } from "./helpers";

test.use({ storageState: OWNER_STATE });

test("create, find, edit and delete a contact; bad phone and duplicate email are field errors", async ({ page }) => {
  await page.goto("/w/acme/contacts");
  await expect(page.getByRole("heading", { name: "Contacts" })).toBeVisible();
  await shot(page, "contacts-list");
  await page.getByRole("link", { name: "Add contact" }).first().click();
  await shot(page, "contact-new");
  await page.getByLabel("First name").fill("Zoya");
  await page.getByLabel("Last name (optional)").fill("Qureshi");
  await page.getByLabel("Email").fill("Zoya.Qureshi@Example.com");
  await page.getByLabel("Phone").fill("12345");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByText(/valid phone number/i)).toBeVisible();
  await shot(page, "contact-new-error");
  // A national number with a leading 0 and spaces is read with the workspace's country (India).
  await page.getByLabel("Phone").fill("091234 56789");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page).toHaveURL(/\/w\/acme\/contacts(\?|$)/);

  await page.getByLabel("Search by name, email, phone or company").fill("qureshi");
  await expect(page.getByRole("cell", { name: "zoya.qureshi@example.com" })).toBeVisible();
  // The number typed differently still finds the contact.
  await page.getByLabel("Search by name, email, phone or company").fill("91234 56789");
  await expect(page).toHaveURL(/q=91234/);
  await expect(page.getByRole("cell", { name: "zoya.qureshi@example.com" })).toBeVisible();
  await shot(page, "contacts-search");

  await page.getByRole("link", { name: /Zoya Qureshi/ }).click();
  await page.getByLabel("Last name (optional)").fill("Qureshi-Khan");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByLabel("Search by name, email, phone or company").fill("qureshi-khan");
  await expect(page.getByRole("link", { name: /Zoya Qureshi-Khan/ })).toBeVisible();

  // Another contact cannot take the same email, whatever its case.
  await page.goto("/w/acme/contacts/new");
  await page.getByLabel("First name").fill("Copy");
  await page.getByLabel("Email").fill("ZOYA.QURESHI@example.com");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByText("Another contact in this workspace already has this email address.")).toBeVisible();

  await page.goto("/w/acme/contacts?q=qureshi-khan");
  await page.getByRole("link", { name: /Zoya Qureshi-Khan/ }).click();
  await shot(page, "contact-edit");
  await page.getByRole("button", { name: "Delete contact" }).click();
  await page.getByRole("button", { name: "Delete contact" }).last().click();
  // The list with its notice, not the contact's own page (whose URL also starts /w/acme/contacts): navigating on
  // before the delete has answered would cancel it.
  await expect(page).toHaveURL(/\/w\/acme\/contacts\?notice=deleted$/);
  await page.goto("/w/acme/contacts?q=qureshi");
  await expect(page.getByText("zoya.qureshi@example.com")).toHaveCount(0);
});

test("the list pages forward and back with keyset cursors", async ({ page }) => {
  // The demo has 53 contacts; with one more the list has a second page.
  await page.goto("/w/acme/contacts/new");
  await page.getByLabel("First name").fill("Zubin");
  await page.getByLabel("Email").fill(`zubin-${Date.now()}@example.com`);
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page).toHaveURL(/\/w\/acme\/contacts(\?|$)/);
  await page.goto("/w/acme/contacts?sort=name_asc");
  const firstRow = (await page.locator("tbody tr").first().textContent()) ?? "";
  await page.getByRole("link", { name: /Next/ }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.locator("tbody tr").first()).not.toHaveText(firstRow);
  await page.getByRole("link", { name: /Previous/ }).click();
  await expect(page.locator("tbody tr").first()).toHaveText(firstRow);
});

test("CSV import: preview, mapping, then a report of imported, updated and rejected rows", async ({ page }) => {
  const csv = [
    "Full Name,Email Address,Mobile,Company",
    "Meher Baba,meher@import.test,+91 99887 76655,Import Co",
    "Tara Sutaria,tara@import.test,09988776644,",
    "No Contact,,,",
    "Bad Phone,badphone@import.test,12345,",
    "Bad Email,not-an-email,,",
    // Matches a demo contact by email: updated, not duplicated.
    "Aarav Sharma,aarav.sharma0@example.com,,Updated Co",
    "Meher Again,meher@import.test,,",
  ].join("\r\n");
  await page.goto("/w/acme/contacts/import");
  await expect(page.getByRole("heading", { name: "Import contacts from CSV" })).toBeVisible();
  await page.getByLabel("CSV file").setInputFiles({ name: "clients.csv", mimeType: "text/csv", buffer: Buffer.from(`\ufeff${csv}`) });
  await expect(page.getByText("Match the columns")).toBeVisible();
  await expect(page.getByLabel(/Import the column “Email Address” as/)).toHaveValue("email");
  await expect(page.getByLabel(/Import the column “Mobile” as/)).toHaveValue("phone");
  await shot(page, "import-mapping");
  await page.getByRole("button", { name: "Import 7 rows" }).click();
  await expect(page.getByRole("heading", { name: /Import finished: 7 rows read/ })).toBeVisible({ timeout: 30_000 });
  const stat = (label: string) => page.locator("li", { hasText: label }).locator("span").last();
  await expect(stat("Added")).toHaveText("2");
  await expect(stat("Updated")).toHaveText("1");
  await expect(stat("Rejected")).toHaveText("4");
  const rejected = page.getByRole("list", { name: "Rejected rows" });
  await expect(rejected).toContainText("Row 4");
  await expect(rejected).toContainText("Row 5");
  await expect(rejected).toContainText("Row 6");
  await expect(rejected).toContainText("Row 8");
  await shot(page, "import-report");
  await page.goto("/w/acme/contacts?q=import.test");
  await expect(page.locator("tbody tr")).toHaveCount(2);
  await page.goto("/w/acme/contacts?q=aarav.sharma0");
  await expect(page.getByText("Updated Co")).toBeVisible();
});

test("a large CSV shows its progress and imports completely", async ({ page }) => {
  const rows = ["First name,Last name,Email,Phone"];
  for (let i = 0; i < 20_000; i++) rows.push(`Bulk${i},Client,bulk${i}@bulk.test,+9197${String(10_000_000 + i).padStart(8, "0")}`);
  await page.goto("/w/acme/contacts/import");
  await page.getByLabel("CSV file").setInputFiles({ name: "bulk.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
  await page.getByRole("button", { name: "Import 20,000 rows" }).click();
  await expect(page.getByRole("progressbar").first()).toBeVisible();
  await shot(page, "import-progress");
  await expect(page.getByRole("heading", { name: /Import finished: 20,000 rows read/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator("li", { hasText: "Added" }).locator("span").last()).toHaveText("20,000");
  await page.goto("/w/acme/contacts?q=bulk19999@");
  await expect(page.getByText("bulk19999@bulk.test")).toBeVisible();
});

test("the contacts list works on a phone-sized screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/w/acme/contacts");
  await expect(page.getByLabel("Search by name, email, phone or company")).toBeVisible();
  await shot(page, "contacts-mobile");
});
