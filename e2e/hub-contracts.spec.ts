import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Browser, type Download, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { OWNER_STATE, invitedClient, latestMessage, shot } from "./helpers";

// Contracts end to end (issue 12), as people click them. The admin uploads a two-page PDF, adds an invited client as
// signer, places a signature field with the drag-and-drop editor (pdf.js draws the pages) and sends it; the client
// opens it from the portal's home page, signs by drawing on the pad and sees it completed; both download the signed
// PDF: the same bytes, one page longer than the original, ending with the audit trail. Then a proposal the client
// declines with a comment, which the admin reads on the proposal's page.
test.use({ storageState: OWNER_STATE });

const PORT = process.env.E2E_PORT ?? 3100;
const PORTAL = `http://acme.localhost:${PORT}`;
const FONTS = path.join(process.cwd(), "node_modules/pdfjs-dist/standard_fonts/");

/** A real PDF made with pdf-lib: `pages` A4 pages with a line of text each. */
async function makePdf(title: string, pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${title}, page ${i + 1}`, { x: 60, y: 760, size: 18, font });
    page.drawText("The parties agree to the terms set out in this document.", { x: 60, y: 720, size: 11, font });
  }
  return Buffer.from(await doc.save());
}

/** Each page's text, read with pdf.js the way a viewer would. */
async function pdfText(bytes: Uint8Array): Promise<string[]> {
  // pdf.js needs Promise.withResolvers, which Node 20 lacks (browsers have it).
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve: unknown, reject: unknown;
    const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
    return { promise, resolve, reject };
  };
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: FONTS });
  const doc = await task.promise;
  const out: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const tc = await (await doc.getPage(i)).getTextContent();
    out.push(tc.items.map((it) => ("str" in it ? it.str : "")).join(" ").replace(/\s+/g, " "));
  }
  await task.destroy();
  return out;
}

async function shots(page: Page, name: string) {
  await shot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  await page.setViewportSize(size ?? { width: 1280, height: 720 });
}

/** Contracts → Upload a PDF → the form; lands on the new draft. */
async function uploadDraft(page: Page, o: { title: string; kind: "Contract" | "Proposal"; file: Buffer; message?: string }) {
  await page.goto("/w/acme");
  await page.getByRole("link", { name: "Contracts", exact: true }).filter({ visible: true }).first().click();
  await expect(page.getByRole("heading", { name: "Contracts and proposals" })).toBeVisible();
  await page.getByRole("link", { name: "Upload a PDF" }).first().click();
  await expect(page.getByRole("heading", { name: "Upload a contract or proposal" })).toBeVisible();
  await page.getByLabel("PDF", { exact: true }).setInputFiles({ name: `${o.title}.pdf`, mimeType: "application/pdf", buffer: o.file });
  await page.getByLabel("Title").fill(o.title);
  await page.getByLabel("Kind").selectOption({ label: o.kind });
  if (o.message) await page.getByLabel("Message to signers (optional)").fill(o.message);
  await page.getByRole("button", { name: "Upload and continue" }).click();
  await expect(page.getByText("PDF uploaded. Add the signers, place their fields, then send.")).toBeVisible();
  await expect(page.getByRole("heading", { name: o.title, level: 1 })).toBeVisible();
}

/** Finds the client in the signer picker and adds them. */
async function addSigner(page: Page, email: string, name: string) {
  await page.getByLabel("Find a client with portal access").fill(email);
  await page.getByRole("search", { name: "Find a signer" }).getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: `Add ${name} as a signer` }).click();
  await expect(page.getByText("Signers saved.")).toBeVisible();
  await expect(page.getByRole("button", { name: `Remove ${name} as a signer` })).toBeVisible();
}

async function bytesOf(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

test("contract: upload, signer, a field dragged in the editor, send; the client draws a signature; both download the same signed PDF", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const email = `contract.${Date.now()}@example.com`;
  const { context, client } = await invitedClient(page, browser, email, "Kavya");
  const title = `Service agreement ${Date.now()}`;
  const original = await makePdf(title, 2);

  // 1. The admin uploads the PDF and adds the client as signer.
  await uploadDraft(page, { title, kind: "Contract", file: original, message: "Please sign by Friday." });
  await expect(page.getByText("Add at least one signer.")).toBeVisible();
  await addSigner(page, email, "Kavya");
  await expect(page.getByText("Place a signature field for Kavya.")).toBeVisible();

  // 2. The editor draws the pages (pdf.js); a signature box is added on the last page, then dragged down and left.
  const fieldsCard = page.locator("#fields");
  await expect(fieldsCard.getByRole("button", { name: "Save fields" })).toBeVisible({ timeout: 20_000 });
  const lastPage = fieldsCard.getByRole("region", { name: "Page 2 of 2" });
  await expect(lastPage.locator("canvas")).toBeVisible();
  // The canvas has been painted once its backing store is sized by the render.
  await expect.poll(() => lastPage.locator("canvas").evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(300);
  await fieldsCard.getByRole("group", { name: "Add a field" }).getByRole("button", { name: "+ Signature" }).click();
  const box = lastPage.getByRole("button", { name: /^Signature for Kavya, page 2, 35% from the left, 40% from the top$/ });
  await expect(box).toBeVisible();
  await box.hover(); // waits for the smooth scroll to settle
  const holder = (await lastPage.locator("canvas").boundingBox())!;
  const start = (await box.boundingBox())!;
  // Drag by (−25%, +35%) of the page: to about 10% from the left and 75% from the top.
  const from = { x: start.x + start.width / 2, y: start.y + start.height / 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x - holder.width * 0.25, from.y + holder.height * 0.35, { steps: 12 });
  await page.mouse.up();
  const moved = lastPage.getByRole("button", { name: /^Signature for Kavya, page 2, (9|10|11)% from the left, (74|75|76)% from the top$/ });
  await expect(moved).toBeVisible();
  await expect(fieldsCard.getByText("Unsaved changes")).toBeVisible();
  await shots(page, "hub-contracts-admin-editor");
  await fieldsCard.getByRole("button", { name: "Save fields" }).click();
  await expect(fieldsCard.getByText("Saved 1 field.")).toBeVisible();
  await expect(page.getByText("Place a signature field for Kavya.")).toHaveCount(0);
  // Saved where it was dropped: the page drawn again from the server shows the box there.
  await page.reload();
  await expect(page.locator("#fields").getByRole("button", { name: /^Signature for Kavya, page 2, (9|10|11)% from the left, (74|75|76)% from the top$/ })).toBeVisible({ timeout: 20_000 });

  // 3. Send.
  await page.getByRole("button", { name: "Send for signature" }).click();
  await expect(page.getByText("Sent. Each signer whose turn it is gets a notification with a link to the portal.")).toBeVisible();
  const contractUrl = page.url().split("?")[0];

  // 4. The client opens it from the portal's home page.
  await client.goto(`${PORTAL}/`);
  // The card under "needs you" (recent activity links the same contract too).
  const card = client.getByRole("link", { name: new RegExp(title) }).filter({ hasText: "Contract to sign" });
  await expect(card).toBeVisible();
  await shots(client, "hub-contracts-portal-home");
  await card.click();
  await expect(client.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(client.getByText("Please sign by Friday.")).toBeVisible();

  // 5. Signing needs a signature: the empty pad is refused with what to do.
  const pad = client.getByRole("img", { name: "Signature pad for Kavya" });
  await expect(pad).toBeVisible();
  await client.getByRole("button", { name: "Sign document" }).click();
  await expect(client.getByRole("alert").filter({ hasText: "Draw your signature in the box, or choose “Type instead”." })).toBeVisible();

  // 6. The client draws a signature with the mouse: the box on the page shows the drawing; then signs.
  await pad.scrollIntoViewIfNeeded();
  const p = (await pad.boundingBox())!;
  await client.mouse.move(p.x + p.width * 0.15, p.y + p.height * 0.6);
  await client.mouse.down();
  for (const [fx, fy] of [[0.25, 0.3], [0.35, 0.7], [0.45, 0.35], [0.55, 0.7], [0.7, 0.4], [0.85, 0.55]]) {
    await client.mouse.move(p.x + p.width * fx, p.y + p.height * fy, { steps: 6 });
  }
  await client.mouse.up();
  await expect(client.locator('a[href="#signature"] img')).toBeVisible();
  await expect(client.getByText("Draw your signature in the box")).toHaveCount(0);
  await shots(client, "hub-contracts-portal-sign");
  await client.getByRole("button", { name: "Sign document" }).click();
  await expect(client.getByRole("status").filter({ hasText: "Thank you, it's done: everyone has signed." })).toBeVisible();
  await expect(client.getByText(/Signed by everyone on/)).toBeVisible();
  // The page now shows the signed copy: its two pages and the audit page, all drawn.
  await expect(client.getByRole("group", { name: `${title}, 3 pages` })).toBeVisible();
  await expect(client.getByText(/^Loading page/)).toHaveCount(0, { timeout: 20_000 });
  await shots(client, "hub-contracts-portal-completed");

  // 7. The client downloads the signed PDF.
  const [clientDl] = await Promise.all([client.waitForEvent("download"), client.getByRole("link", { name: "Download signed PDF" }).click()]);
  const clientCopy = await bytesOf(clientDl);
  expect(clientDl.suggestedFilename()).toBe(`${title} (signed).pdf`);

  // 8. The admin sees it completed, intact, with the client's drawn signature, and downloads it too.
  await page.goto(contractUrl);
  await expect(page.getByText("Intact.")).toBeVisible();
  await expect(page.getByText(/Signed: .*\(drawn\)/)).toBeVisible();
  await shots(page, "hub-contracts-admin-completed");
  const [adminDl] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^Download signed PDF/ }).click()]);
  const adminCopy = await bytesOf(adminDl);

  // Both are the same bytes: one page more than the original (the audit trail), the original's words still there.
  expect(adminCopy.equals(clientCopy)).toBe(true);
  expect(clientCopy.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const [before, after] = await Promise.all([PDFDocument.load(original), PDFDocument.load(clientCopy)]);
  expect(after.getPageCount()).toBe(before.getPageCount() + 1);
  const text = await pdfText(clientCopy);
  expect(text[0]).toContain(`${title}, page 1`);
  expect(text.at(-1)).toContain("Audit trail");
  expect(text.at(-1)).toContain("Kavya");
  expect(text.at(-1)).toContain(email);

  // The client's home no longer asks them to sign it.
  await client.goto(`${PORTAL}/`);
  await expect(client.getByRole("link", { name: new RegExp(title) }).filter({ hasText: "Contract to sign" })).toHaveCount(0);
  await context.close();
});

test("proposal: the client is emailed, declines with a comment, and the admin reads it", async ({ page, browser }) => {
  test.setTimeout(200_000);
  const email = `proposal.${Date.now()}@example.com`;
  const { context, client } = await invitedClient(page, browser, email, "Rohan");
  const title = `Website redesign proposal ${Date.now()}`;
  const comment = "The price is above our budget; could you send a version without the blog?";

  // A proposal needs no field: accepting it is signing.
  await uploadDraft(page, { title, kind: "Proposal", file: await makePdf(title, 1) });
  await addSigner(page, email, "Rohan");
  await page.getByRole("button", { name: "Send for signature" }).click();
  await expect(page.getByText(/^Sent\./)).toBeVisible();
  const proposalUrl = page.url().split("?")[0];
  const proposalId = proposalUrl.split("/").pop()!;

  await client.goto(`${PORTAL}/`);
  const card = client.getByRole("link", { name: new RegExp(title) }).filter({ hasText: "Proposal to review" });
  await expect(card).toBeVisible();

  // The notice (the hub-notices job, every minute) brings an email whose link is the proposal's portal page, no token.
  let notice: Awaited<ReturnType<typeof latestMessage>> | undefined;
  await expect
    .poll(
      async () => {
        const rows = (await (await page.request.get(`/dev/outbox?format=json&to=${encodeURIComponent(email)}`)).json()) as Awaited<ReturnType<typeof latestMessage>>[];
        notice = rows.find((m) => /to sign from Acme/.test(m.subject ?? ""));
        return !!notice;
      },
      { timeout: 100_000, intervals: [2_000] },
    )
    .toBe(true);
  expect(notice!.text).toContain(title);
  const link = notice!.links.find((l) => l.includes("/contracts/"))!;
  expect(new URL(link).pathname).toBe(`/contracts/${proposalId}`);
  expect(new URL(link).search).toBe("");
  await client.goto(link);
  await expect(client.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(client.getByRole("button", { name: "Accept proposal" })).toBeVisible();

  // Declining a proposal asks why; the comment is required.
  await client.getByText("Decline this proposal").click();
  const why = client.getByLabel("Why are you declining? (required)");
  await expect(why).toBeVisible();
  await why.fill(comment);
  await shots(client, "hub-contracts-portal-decline");
  await client.getByRole("button", { name: "Decline", exact: true }).click();
  await expect(client.getByRole("status").filter({ hasText: "You declined." })).toBeVisible();
  await expect(client.getByText(`This proposal was declined by you, with your comment: “${comment}”.`)).toBeVisible();
  await expect(client.getByRole("button", { name: "Accept proposal" })).toHaveCount(0);

  await page.goto(proposalUrl);
  await expect(page.getByText(/A signer declined/)).toBeVisible();
  await expect(page.getByText(comment).first()).toBeVisible();
  await shots(page, "hub-contracts-admin-declined");
  await context.close();
});

test("without JavaScript: the admin prepares and sends a contract with plain forms, the client signs with a typed name", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const email = `nojs.contract.${Date.now()}@example.com`;
  const { context } = await invitedClient(page, browser, email, "Meena");
  const title = `Consent form ${Date.now()}`;

  // The admin's browser runs no script: upload is a multipart POST with a 303, signers and fields are form actions.
  const adminNoJs = await browser.newContext({ storageState: OWNER_STATE, javaScriptEnabled: false });
  const admin = await adminNoJs.newPage();
  await admin.goto("/w/acme/contracts/new");
  await admin.getByLabel("PDF", { exact: true }).setInputFiles({ name: "consent.pdf", mimeType: "application/pdf", buffer: await makePdf(title, 1) });
  await admin.getByLabel("Title").fill(title);
  await admin.getByRole("button", { name: "Upload and continue" }).click();
  await expect(admin.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await admin.getByLabel("Find a client with portal access").fill(email);
  await admin.getByRole("search", { name: "Find a signer" }).getByRole("button", { name: "Search" }).click();
  await admin.getByRole("button", { name: "Add Meena as a signer" }).click();
  await expect(admin.getByRole("button", { name: "Remove Meena as a signer" })).toBeVisible();
  // No editor without script: the list and "Add field" place a signature on the last page.
  await expect(admin.getByText("No fields yet.")).toBeVisible();
  await admin.getByLabel("Field", { exact: true }).selectOption({ label: "Signature" });
  await admin.getByRole("button", { name: "Add field" }).click();
  await expect(admin.getByText("Signature for Meena · page 1")).toBeVisible();
  await shots(admin, "hub-contracts-admin-nojs-fields");
  await admin.getByRole("button", { name: "Send for signature" }).click();
  await expect(admin.getByText(/^Sent\./)).toBeVisible();
  const contractUrl = admin.url().split("?")[0];

  // The client's browser runs no script either: a link to the PDF, a typed name, a plain POST.
  const clientNoJs = await browser.newContext({ javaScriptEnabled: false });
  await clientNoJs.addCookies(await context.cookies());
  const client = await clientNoJs.newPage();
  await client.goto(`${PORTAL}/contracts`);
  await client.getByRole("link", { name: new RegExp(title) }).first().click();
  await expect(client.getByRole("link", { name: "Open the document (PDF)" })).toBeVisible();
  const typed = client.getByLabel("Type your full name");
  await expect(typed).toHaveValue("Meena");
  // An empty name is stopped by the browser (the field is required) and signs nothing.
  await typed.fill("");
  await client.getByRole("button", { name: "Sign document" }).click();
  await expect(client.locator('input[name="typedName"]:invalid')).toHaveCount(1);
  await expect(client.getByText("Thank you, it's done")).toHaveCount(0);
  await client.getByLabel("Type your full name").fill("Meena Joshi");
  await client.getByRole("button", { name: "Sign document" }).click();
  await expect(client.getByText("Thank you, it's done: everyone has signed.")).toBeVisible();
  await shots(client, "hub-contracts-portal-nojs-signed");
  const [dl] = await Promise.all([client.waitForEvent("download"), client.getByRole("link", { name: "Download signed PDF" }).click()]);
  const text = await pdfText(await bytesOf(dl));
  expect(text.length).toBe(2);
  expect(text[0]).toContain("Meena Joshi");
  expect(text[1]).toContain("Audit trail");

  await admin.goto(contractUrl);
  await expect(admin.getByText(/Signed: .*\(typed\)/)).toBeVisible();
  await adminNoJs.close();
  await clientNoJs.close();
  await context.close();
});
