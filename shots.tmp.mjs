import { chromium } from "playwright-core";
const BASE = "http://localhost:4450";
const R = "/w/acme/opportunities/11111111-1111-4111-8111-111111111111/requests/22222222-2222-4222-8222-222222222222";
const out = (n) => `/tmp/access/shots/${n}.png`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
// sign in
await page.goto(BASE + "/sign-in");
await page.getByLabel("Work email").fill("owner@acme.test");
await page.getByRole("button", { name: "Email me a sign-in link" }).click();
await page.waitForTimeout(1500);
const msgs = await (await page.request.get(BASE + "/dev/outbox?format=json&to=owner%40acme.test")).json();
await page.goto(msgs[0].links[0]);
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
const widths = process.argv.slice(2).includes("phone") ? [390] : [1280, 390];
for (const w of widths) {
  await page.setViewportSize({ width: w, height: 900 });
  const s = (n) => page.screenshot({ path: out(`${n}-${w}`), fullPage: true });
  await page.goto(BASE + R + "/invite"); await s("invite-step1");
  await page.getByRole("button", { name: "Next" }).click(); await page.waitForTimeout(800); await s("invite-step1-none");
  await page.locator('input[name="contactIds"]:not([disabled])').first().check();
  await page.locator('input[name="contactIds"]:not([disabled])').nth(1).check();
  await page.getByRole("button", { name: "Next" }).click(); await page.getByText("Step 2 of 2").waitFor(); await s("invite-step2");
  await page.locator("#invite-subject").fill("Link {{client_centre.link}}");
  await page.getByRole("button", { name: "Send invitation" }).click(); await page.waitForTimeout(1000); await s("invite-step2-error");
  await page.locator("#invite-subject").fill("{{workspace.name}}: {{request.title}}");
  await page.getByRole("button", { name: "Send invitation" }).click(); await page.getByText("Invitation sent").first().waitFor(); await s("invite-sent");
  await page.goto(BASE + R + "/copy-link"); await s("copy-link");
  await page.locator('input[name="contactId"]:not([disabled])').first().check();
  await page.getByRole("button", { name: "Copy link" }).click(); await page.getByText(/only working link/).waitFor(); await s("copy-link-done");
  await page.goto(BASE + "/w/acme/settings/client-centre/templates"); await s("templates");
  await page.goto(BASE + "/w/acme/settings/client-centre/templates/new"); await s("template-new");
  await page.locator("#tpl-name").fill("Client Centre invitation");
  await page.getByRole("button", { name: "Create template" }).click(); await page.waitForTimeout(1000); await s("template-new-error");
  if (process.env.PREVIEW) { await page.goto(BASE + R + "/invite/panel-preview"); await s("panel"); }
}
await browser.close();
