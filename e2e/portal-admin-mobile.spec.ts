import { expect, test, type Locator, type Page } from "@playwright/test";
import { OWNER_STATE, shot } from "./helpers";

// The admin pages on a phone (390 px): every row action reachable through a "…" menu, nothing scrolling sideways,
// a workspace menu with nothing cut off; and the Client portal's numbers meaning one thing each, everywhere.
test.use({ storageState: OWNER_STATE, viewport: { width: 390, height: 844 } });

const num = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/\D/g, ""));

async function portalNumbers(page: Page) {
  return {
    card: { invited: await num(page, "count-invited"), joined: await num(page, "count-joined"), revoked: await num(page, "count-revoked") },
    tab: { invited: await num(page, "tab-count-invited"), joined: await num(page, "tab-count-joined"), revoked: await num(page, "tab-count-revoked") },
    chart: { invited: await num(page, "chart-invited"), joined: await num(page, "chart-joined") },
  };
}

function expectAgree(n: Awaited<ReturnType<typeof portalNumbers>>) {
  expect(n.tab).toEqual(n.card);
  expect(n.chart).toEqual({ invited: n.card.invited, joined: n.card.joined });
}

/** Entirely within the phone's width (vertical position is the page's scrolling, which is fine). */
async function expectWithinWidth(l: Locator) {
  const box = (await l.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
}

async function expectNoSideScroll(page: Page) {
  // The message names the outermost elements that stick out, so a failure says what to fix.
  const { width, wide } = await page.evaluate(() => {
    const out = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 391);
    const outer = out.filter((e) => !out.includes(e.parentElement!)).slice(0, 5);
    return { width: document.documentElement.scrollWidth, wide: outer.map((e) => `${e.tagName.toLowerCase()}.${e.className}`.slice(0, 120)) };
  });
  expect(width, `${page.url()} is ${width} px wide: ${wide.join(" | ")}`).toBeLessThanOrEqual(390);
}

test("on a phone every portal user action is in reach: copy confirms, the menu works by keyboard, revoke asks first, and the numbers agree after it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/w/acme/portal");
  await expectNoSideScroll(page);
  const before = await portalNumbers(page);
  expectAgree(before);
  await expect(page.getByText("has access, not signed in yet")).toBeVisible();

  // A seeded client no other spec uses.
  await page.getByPlaceholder("Search name, email or phone").fill("17@example.com");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=17%40example\.com/);
  const row = page.getByTestId("portal-user-row").filter({ hasText: /17@example\.com/ });
  await expect(row).toHaveCount(1);
  await expectNoSideScroll(page);

  // The primary action, in view, and it says it copied.
  const copy = row.getByRole("button", { name: "Copy magic link" });
  await expectWithinWidth(copy);
  await copy.click();
  await expect(row.getByText(/^Copied\. Valid until/)).toBeVisible();
  const link = await row.getByTestId("magic-link").inputValue();
  expect(link).toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // The "…" menu: a real menu button, arrow keys, Escape, focus back on the button.
  const more = row.getByRole("button", { name: /^More actions for / });
  await expect(more).toHaveAttribute("aria-haspopup", "menu");
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await more.click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(more).toHaveAttribute("aria-expanded", "true");
  const items = menu.getByRole("menuitem");
  await expect(items).toHaveText(["Send login email", "Resend invitation", "Revoke access"]);
  for (const item of await items.all()) await expectWithinWidth(item);
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("End");
  await expect(items.last()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.first()).toBeFocused();
  await shot(page, "portalui-390-portal-menu");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();

  // Resend invitation from the menu, by keyboard.
  await page.keyboard.press("ArrowDown");
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByText(/^Invitation sent again to /)).toBeVisible();

  // Revoke asks first; Cancel changes nothing.
  await more.click();
  await menu.getByRole("menuitem", { name: "Revoke access" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(/^Revoke .+'s access\? Their links and sessions stop working at once/);
  await shot(page, "portalui-390-portal-revoke-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(1);
  await page.reload();
  expect((await portalNumbers(page)).card).toEqual(before.card);

  await more.click();
  await menu.getByRole("menuitem", { name: "Revoke access" }).click();
  await dialog.getByRole("button", { name: "Revoke access" }).click();
  await expect(page.getByText(/access was revoked/)).toBeVisible();
  await expect(row).toHaveCount(0);

  // One Invited fewer and one Revoked more, the same on the card, the tabs and the chart.
  await page.goto("/w/acme/portal");
  const after = await portalNumbers(page);
  expectAgree(after);
  expect(after.card).toEqual({ invited: before.card.invited - 1, joined: before.card.joined, revoked: before.card.revoked + 1 });

  // And the dashboard says the same.
  await page.goto("/w/acme");
  await expectNoSideScroll(page);
  expect(await num(page, "dashboard-invited")).toBe(after.card.invited);
  expect(await num(page, "dashboard-joined")).toBe(after.card.joined);
});

test("nothing scrolls sideways at 390 px on the admin pages", async ({ page }) => {
  for (const [path, name] of [
    ["/w/acme", "dashboard"],
    ["/w/acme/portal", "portal"],
    ["/w/acme/portal?tab=revoked", "portal-revoked"],
    ["/w/acme/contacts", "contacts"],
    ["/w/acme/members", "members"],
    ["/w/acme/messages", "messages"],
    ["/w/acme/audit", "audit"],
    ["/w/acme/settings/api-keys", "api-keys"],
  ]) {
    await page.goto(path);
    await expect(page.locator("main h1")).toBeVisible();
    await expectNoSideScroll(page);
    await shot(page, `portalui-390-${name}`);
  }
});

test("the workspace menu on a phone opens in full, nothing cut off, and closes after a choice", async ({ page }) => {
  await page.goto("/w/acme");
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await expect(nav).toBeHidden();
  await page.getByText("Menu", { exact: true }).click();
  await expect(nav).toBeVisible();
  const links = nav.getByRole("link");
  expect(await links.count()).toBeGreaterThanOrEqual(10);
  for (const l of await links.all()) await expectWithinWidth(l);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectNoSideScroll(page);
  await shot(page, "portalui-390-nav-open");
  await nav.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(/\/w\/acme\/members$/);
  await expect(nav).toBeHidden();
});

test.describe("at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("rows keep one action and a menu; the menu ends with Revoke, apart and red", async ({ page }) => {
    await page.goto("/w/acme/portal?tab=joined");
    const row = page.getByTestId("portal-user-row").first();
    await expect(row.getByRole("button")).toHaveText(["Copy magic link", ""]);
    await row.getByRole("button", { name: /^More actions for / }).click();
    await expect(page.getByRole("separator")).toBeVisible();
    await expect(page.getByRole("menuitem").last()).toHaveText("Revoke access");
    await expect(page.getByRole("menuitem").last()).toHaveClass(/text-red-700/);
    await shot(page, "portalui-1280-portal-menu");
    await page.keyboard.press("Escape");

    // A bulk send says plainly what happened and whom it went to.
    const rows = page.getByTestId("portal-user-row");
    const names = [await rows.nth(1).getByRole("link").innerText(), await rows.nth(2).getByRole("link").innerText()];
    await rows.nth(1).getByRole("checkbox").check();
    await rows.nth(2).getByRole("checkbox").check();
    await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Send login emails" }).click();
    const progress = page.getByTestId("bulk-progress");
    await expect(progress).toContainText("Sent 2 login emails.", { timeout: 30_000 });
    await progress.getByText("See who they were for (2)").click();
    for (const name of names) await expect(progress.getByTestId("bulk-recipients")).toContainText(name);
    await shot(page, "portalui-1280-portal-bulk-sent");
    for (const [path, name] of [
      ["/w/acme", "dashboard"],
      ["/w/acme/contacts", "contacts"],
      ["/w/acme/members", "members"],
      ["/w/acme/messages", "messages"],
      ["/w/acme/audit", "audit"],
    ]) {
      await page.goto(path);
      await expect(page.locator("main h1")).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways at 1280 px`).toBeLessThanOrEqual(1280);
      await shot(page, `portalui-1280-${name}`);
    }
  });
});

test.describe("on a laptop screen (1280 × 720)", () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  // With the hub's sections the sidebar has more links than the screen is tall: they scroll, and the account footer
  // never covers one.
  test("every sidebar link can be reached and clicked; the footer covers none", async ({ page }) => {
    await page.goto("/w/acme");
    const nav = page.getByRole("navigation", { name: "Workspace" }).filter({ visible: true });
    const footer = page.getByRole("button", { name: "Sign out" }).filter({ visible: true });
    const top = (await footer.boundingBox())!.y;
    for (const name of ["Request templates", "API keys", "Audit log"]) {
      const link = nav.getByRole("link", { name, exact: true });
      await link.scrollIntoViewIfNeeded();
      const box = (await link.boundingBox())!;
      expect(box.y + box.height, `${name} ends above the account footer`).toBeLessThanOrEqual(top);
    }
    await nav.getByRole("link", { name: "Audit log", exact: true }).click();
    await expect(page).toHaveURL(/\/w\/acme\/audit$/);
  });
});
