import { expect, test, type Page } from "@playwright/test";
import { OWNER_STATE, magicLinkClient, shot } from "./helpers";

// Shared documents (issue 12), as people click them: the owner uploads a PDF with a note and shares it with one
// client through the picker; the client opens the magic link the owner copied for them, finds it under Documents and previews it in
// the browser (an inline PDF response); the owner sees the view, with its time and address, in the file's activity.
test.use({ storageState: OWNER_STATE });

const PORT = process.env.E2E_PORT ?? 3100;
const PORTAL = `http://acme.localhost:${PORT}`;
const CLIENT = "aarav.sharma0@example.com";

function pdf(text: string): Buffer {
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 12 Tf 20 70 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
  objs[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

async function shots(page: Page, name: string) {
  await shot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  await page.setViewportSize(size ?? { width: 1280, height: 720 });
}

test("an admin shares a PDF with a client, the client previews it, and the admin sees the view", async ({ page, browser }) => {
  const name = `Engagement letter ${Date.now()}.pdf`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/w/acme/documents");
  await expect(page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
  await page.getByLabel("Note for clients (optional)").fill("Please read and keep a copy.");
  await page.getByLabel("Files", { exact: true }).setInputFiles({ name, mimeType: "application/pdf", buffer: pdf("Engagement letter") });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByText(`Uploaded ${name}.`)).toBeVisible();
  await expect(page.getByRole("link", { name }).first()).toBeVisible();
  await shots(page, "hub-documents-admin-list");

  await page.getByRole("link", { name }).first().click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByLabel("Share with clients").fill("aarav");
  const pick = page.getByRole("list", { name: "Clients with portal access" }).getByRole("checkbox").first();
  await expect(pick).toBeVisible();
  await pick.check();
  await page.getByRole("button", { name: "Share", exact: true }).click();
  await expect(page.getByText(/^Shared\. 1 client will get a notification/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Stop sharing with Aarav/ })).toBeVisible();
  await expect(page.getByText("No client has opened this file yet.")).toBeVisible();

  const fileUrl = page.url();

  // The client, in a browser of their own, opens the magic link the owner copies for them.
  const { context: client, client: cp } = await magicLinkClient(page, browser, CLIENT, "Aarav");
  await page.goto(fileUrl);

  await cp.goto(`${PORTAL}/documents`);
  await expect(cp.getByRole("heading", { name: "Documents" })).toBeVisible();
  await shots(cp, "hub-documents-portal-list");
  await cp.getByRole("link", { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).click();
  await expect(cp.getByRole("heading", { name })).toBeVisible();
  await expect(cp.getByText("Please read and keep a copy.")).toBeVisible();
  await shots(cp, "hub-documents-portal-file");

  const [preview] = await Promise.all([cp.waitForEvent("popup"), cp.getByRole("link", { name: "Preview PDF" }).click()]);
  const res = await preview.waitForResponse((r) => r.url().includes("/api/portal/documents/") && r.url().includes("inline=1"));
  expect(res.status()).toBe(200);
  // Chromium's PDF viewer takes the navigation over and Playwright sees no headers for it, so the same URL is asked
  // again from the client's page (same origin, same cookies) to check what the browser was given.
  const again = await cp.evaluate(async (u) => {
    const r = await fetch(u);
    return { type: r.headers.get("content-type"), disposition: r.headers.get("content-disposition"), head: (await r.text()).slice(0, 5) };
  }, res.url());
  expect(again).toMatchObject({ type: "application/pdf", head: "%PDF-" });
  expect(again.disposition).toMatch(/^inline;/);
  await client.close();

  await page.reload();
  await expect(page.getByText("Aarav Sharma previewed it").first()).toBeVisible();
  await expect(page.getByText(/IP /).first()).toBeVisible();
  await shots(page, "hub-documents-admin-file");

  // A folder that takes client uploads: created, then opened on its own page.
  await page.goto("/w/acme/documents");
  await page.getByLabel("Folder name").fill(`Tax documents ${Date.now()}`);
  await page.getByLabel("Clients who see this folder may upload files into it").check();
  await page.getByRole("button", { name: "Create folder" }).click();
  await expect(page.getByRole("heading", { name: /^Tax documents/, level: 1 })).toBeVisible();
  await expect(page.getByText("Loading clients…")).toHaveCount(0);
  await shots(page, "hub-documents-admin-folder");

});
