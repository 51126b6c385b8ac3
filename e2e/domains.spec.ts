import { expect, test, type Page } from "@playwright/test";
import type { DnsServer, Zone } from "../scripts/dns-server.mjs";
import { OWNER_STATE, shot } from "./helpers";

// A workspace connects portal.example.com: the DNS records it is shown are served by a real DNS server on loopback
// (the app's DNS_SERVERS points at it), Chromium maps the name to 127.0.0.1, and the client signs in on it.
test.use({ storageState: OWNER_STATE });

const PORT = Number(process.env.E2E_PORT ?? 3100);
const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 3153);
const CUSTOM = "portal.example.com";
let dns: DnsServer;
let zone: Zone = {};

test.beforeAll(async () => {
  // A dynamic import: the script is ESM with a top-level await (its CLI), which require() cannot load.
  const { startDnsServer } = await import("../scripts/dns-server.mjs");
  dns = await startDnsServer({ port: DNS_PORT, zone: () => zone });
});
test.afterAll(async () => dns?.close());

async function continueWith(page: Page, link: string, firstName: string) {
  await page.goto(link);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${firstName}` })).toBeVisible();
}

async function copyMagicLink(page: Page, slug: string, email: string, tab: "invited" | "joined" = "invited") {
  await page.goto(`/w/${slug}/portal?${tab === "joined" ? "tab=joined&" : ""}q=${encodeURIComponent(email)}`);
  const row = page.getByTestId("portal-user-row").filter({ hasText: email });
  await row.getByRole("button", { name: "Copy magic link" }).click();
  return row.getByTestId("magic-link").inputValue();
}

test("connect a custom domain: records, check, the portal URL moves, the client signs in there, and hosts stay apart", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const slug = `dom${Date.now().toString(36)}`;
  const subdomain = `http://${slug}.localhost:${PORT}`;
  const client = "kavya.rao@example.com";

  // A workspace of its own, so the Acme demo keeps its subdomain for the other specs.
  await page.goto("/onboarding");
  await page.getByLabel("Business name").fill("Domain Demo");
  await page.getByLabel("Portal address").fill(slug);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
  await page.goto(`/w/${slug}/settings/email`);
  await page.getByLabel("From name").fill("Domain Demo");
  await page.getByLabel("From address").fill("hello@domain-demo.test");
  await page.getByRole("button", { name: "Add profile" }).click();
  await expect(page.getByText(/^Added Domain Demo/)).toBeVisible();
  await page.goto(`/w/${slug}/portal`);
  await page.getByLabel("Contact or email").fill(client);
  await page.getByLabel("First name (optional)").fill("Kavya");
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByText(`Invitation sent to ${client}.`, { exact: false })).toBeVisible();

  // The client signs in on the platform subdomain first.
  const clientCtx = await browser.newContext();
  const portal = await clientCtx.newPage();
  const onSubdomain = await copyMagicLink(page, slug, client);
  expect(onSubdomain.startsWith(`${subdomain}/l/`)).toBe(true);
  await continueWith(portal, onSubdomain, "Kavya");

  // Add the domain: it is pending, and its page shows the records to create.
  await page.goto(`/w/${slug}/settings/domains`);
  await page.getByLabel("Domain", { exact: true }).fill("Portal.Example.com.");
  await page.getByRole("button", { name: "Add domain" }).click();
  const card = page.getByTestId("domain-card").filter({ hasText: CUSTOM });
  await expect(card.getByText("Pending", { exact: true })).toBeVisible();
  await expect(card.getByTestId("dns-record")).toHaveCount(2);
  const records = await card.getByTestId("dns-record").evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll("code")].map((c) => c.textContent ?? "")),
  );
  const txt = records.find(([host]) => host.startsWith("_portal-verification"))!;
  const cname = records.find(([host]) => host === "portal")!;
  expect(cname[1]).toBe("cname.localhost");
  expect(await page.request.get(`/api/tls/ask?domain=${CUSTOM}`).then((r) => r.status())).toBe(404);
  await shot(page, "domains-pending");

  // Only the TXT first: ownership proven, but links keep the subdomain until the CNAME is right.
  zone = { [`_portal-verification.${CUSTOM}`]: { TXT: [txt[1]] } };
  await card.getByRole("button", { name: "Check now" }).click();
  await expect(card.getByText("Verified", { exact: true })).toBeVisible();
  await expect(card.getByTestId("dns-record").filter({ hasText: "CNAME" })).toContainText("Not found yet");

  // Both records: active.
  zone = { ...zone, [CUSTOM]: { CNAME: "cname.localhost" }, "cname.localhost": { A: ["127.0.0.1"] } };
  await card.getByRole("button", { name: "Check now" }).click();
  await expect(card.getByText("Active", { exact: true })).toBeVisible();
  await shot(page, "domains-active");
  expect(await page.request.get(`/api/tls/ask?domain=${CUSTOM}`).then((r) => r.status())).toBe(200);

  // The dashboard's portal URL (and the QR code, and every new link) now use the custom domain.
  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId("portal-url")).toHaveText(`http://${CUSTOM}:${PORT}`);
  const onCustom = await copyMagicLink(page, slug, client, "joined");
  expect(onCustom.startsWith(`http://${CUSTOM}:${PORT}/l/`)).toBe(true);

  // The subdomain session is no good on the custom domain, even if its cookie is carried over by hand.
  const cookies = await clientCtx.cookies(subdomain);
  const session = cookies.find((c) => c.name === "portal_session")!;
  expect(session).toBeTruthy();
  await clientCtx.addCookies([{ name: session.name, value: session.value, domain: CUSTOM, path: "/", httpOnly: true, sameSite: "Lax" }]);
  await portal.goto(`http://${CUSTOM}:${PORT}/`);
  await expect(portal).toHaveURL(`http://${CUSTOM}:${PORT}/sign-in`);
  await expect(portal.getByRole("heading", { name: "Sign in to Domain Demo" })).toBeVisible();

  // The client signs in on the custom domain with the new link; the subdomain session is untouched.
  await continueWith(portal, onCustom, "Kavya");
  await shot(portal, "domains-portal-home");
  await portal.goto(`${subdomain}/`);
  await expect(portal.getByRole("heading", { name: "Welcome, Kavya" })).toBeVisible();
  await clientCtx.close();

  // An unknown domain pointed at us is a plain 404, never somebody's portal (Chromium maps it to 127.0.0.1).
  const stranger = await browser.newPage();
  expect((await stranger.goto(`http://unknown.example.com:${PORT}/sign-in`))?.status()).toBe(404);

  // Removing the domain stops it at once and the portal URL goes back to the subdomain.
  await page.goto(`/w/${slug}/settings/domains`);
  await card.getByRole("button", { name: "Remove" }).click();
  await card.getByRole("button", { name: "Remove domain" }).click();
  await expect(page.getByTestId("domain-card")).toHaveCount(0);
  expect((await stranger.goto(`http://${CUSTOM}:${PORT}/sign-in`))?.status()).toBe(404);
  await stranger.close();
  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId("portal-url")).toHaveText(subdomain);
});

/** A workspace of its own (the Acme demo keeps its links for the other specs), on its Domains page. */
async function domainsPageOfNewWorkspace(page: Page, prefix: string) {
  const slug = `${prefix}${Date.now().toString(36)}`;
  await page.goto("/onboarding");
  await page.getByLabel("Business name").fill(`Domains ${prefix}`);
  await page.getByLabel("Portal address").fill(slug);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
  await page.goto(`/w/${slug}/settings/domains`);
  return slug;
}

async function addDomain(page: Page, name: string) {
  await page.getByLabel("Domain", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Add domain" }).click();
  const card = page.getByTestId("domain-card").filter({ has: page.getByRole("heading", { name: new RegExp(`^${name.replace(/\./g, "\\.")}`) }) });
  await expect(card).toBeVisible();
  return card;
}

/** The TXT value a card shows (its record's second code cell). */
async function txtValueOn(card: ReturnType<Page["getByTestId"]>) {
  const rows = await card.getByTestId("dns-record").evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll("code")].map((c) => c.textContent ?? "")));
  return rows.find(([host]) => host.startsWith("_portal-verification"))![1];
}

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test("an open Domains page follows the server's own check: pending becomes active without a reload, and a break names the CNAME", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const slug = await domainsPageOfNewWorkspace(page, "live");
  const host = "live.example.com";
  const card = await addDomain(page, host);
  await expect(card.getByText("Pending", { exact: true })).toBeVisible();
  const token = await txtValueOn(card);

  // The polled states are the workspace's own: signed out gets 401, a workspace one is not in 404.
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await anon.request.get(`/api/w/${slug}/domains`)).status()).toBe(401);
  await anon.close();
  expect((await page.request.get(`/api/w/no-such-${slug}/domains`)).status()).toBe(404);

  // DNS is made right while the page stays open; nobody clicks or reloads. The scheduler's sweep (every minute,
  // the domain due a minute after it was added) checks it, and the page shows it.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  zone = { [`_portal-verification.${host}`]: { TXT: [token] }, [host]: { CNAME: "cname.localhost" }, "cname.localhost": { A: ["127.0.0.1"] } };
  await expect(card.getByText("Active", { exact: true })).toBeVisible({ timeout: 180_000 });
  await expect(page.getByText(`${host} is now active.`)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await shot(page, "domains-live-active");

  // The TXT is tidied away (no longer needed) and the CNAME moves elsewhere: the card names the CNAME, and the TXT
  // row says it is not needed rather than asking for it.
  zone = { [host]: { CNAME: "elsewhere.example.net" }, "elsewhere.example.net": { A: ["198.51.100.20"] } };
  await card.getByRole("button", { name: "Check now" }).click();
  await expect(card.getByText("Misconfigured", { exact: true })).toBeVisible();
  await expect(page.getByText(`${host} is now active.`)).toHaveCount(0); // no notice outlives a later check
  await expect(card.getByText(`${host} is a CNAME to elsewhere.example.net; change it to cname.localhost.`).first()).toBeVisible();
  const txtRow = card.getByTestId("dns-record").filter({ hasText: "TXT" });
  await expect(txtRow).toContainText("Not needed any more");
  await expect(txtRow).not.toContainText("Not found yet");
  await shot(page, "domains-misconfigured");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await noSideways(page)).toBe(true);
  await shot(page, "domains-misconfigured-390");
});

test("long names and a companion: nothing scrolls sideways at 1280 or 390 px, names wrap, and removing the primary names the next one", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await domainsPageOfNewWorkspace(page, "long");
  const long = "a-rather-long-subdomain-label-for-the-overflow-check.clients.some-very-long-business-name.example.com";
  const longCard = await addDomain(page, long);
  await expect(longCard.getByText("Pending", { exact: true })).toBeVisible();
  await expect(longCard.getByText(/No TXT record at _portal-verification\./)).toBeVisible();
  expect(await noSideways(page)).toBe(true);
  await shot(page, "domains-long-pending");

  // An apex with its www companion: both active, then the apex's A record breaks and www follows it.
  const apex = "shop-example.com";
  await page.getByLabel("Domain", { exact: true }).fill(apex);
  await expect(page.getByLabel(/Also connect www\.shop-example\.com/)).toBeChecked();
  await page.getByRole("button", { name: "Add domain" }).click();
  const apexCard = page.getByTestId("domain-card").filter({ has: page.getByRole("heading", { name: /^shop-example\.com/ }) });
  await expect(apexCard.getByTestId("companion")).toBeVisible();
  const token = await txtValueOn(apexCard);
  zone = { [`_portal-verification.${apex}`]: { TXT: [token] }, [apex]: { A: ["127.0.0.1"] }, [`www.${apex}`]: { CNAME: "cname.localhost" }, "cname.localhost": { A: ["127.0.0.1"] } };
  await apexCard.getByRole("button", { name: "Check now" }).click();
  const companion = apexCard.getByTestId("companion");
  await expect(apexCard.getByRole("heading", { level: 2 }).getByText("Active", { exact: true })).toBeVisible();
  await expect(companion.getByText("Active", { exact: true })).toBeVisible();
  await shot(page, "domains-companion-active");
  zone = { ...zone, [apex]: { A: ["198.51.100.30"] } };
  await apexCard.getByRole("button", { name: "Check now" }).click();
  await expect(apexCard.getByRole("heading", { level: 2 }).getByText("Misconfigured", { exact: true })).toBeVisible();
  await expect(companion.getByText("Misconfigured", { exact: true })).toBeVisible();
  await expect(companion.getByText(/Works once shop-example\.com does/)).toBeVisible();
  expect(await page.request.get(`/api/tls/ask?domain=www.${apex}`).then((r) => r.status())).toBe(404);
  expect(await noSideways(page)).toBe(true);
  await shot(page, "domains-companion-misconfigured");

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await noSideways(page)).toBe(true);
  await shot(page, "domains-long-390");

  // The long domain is the primary: removing it says which domain becomes primary.
  await page.setViewportSize({ width: 1280, height: 900 });
  await longCard.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(longCard.getByRole("dialog")).toContainText(`${apex} becomes the primary domain.`);
  await longCard.getByRole("button", { name: "Remove domain" }).click();
  await expect(page.getByTestId("domain-card")).toHaveCount(1);
  await expect(apexCard.getByText("Primary", { exact: true })).toBeVisible();
});
