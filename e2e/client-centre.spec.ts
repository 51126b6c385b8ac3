import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { OWNER_STATE, latestMessage, shot } from "./helpers";

// The Client Centre end to end (issue 11), as people click it. The admin builds a request from a template on the
// demo opportunity and sends the invitation to its two complete applicants; Priya opens her link in a browser of her
// own, gets the code by SMS and email from the dev outbox, answers, uploads, goes idle past the limit (the server's
// test clock), signs in again with a fresh code without losing an answer, and submits; the admin rejects a document;
// Priya uploads again and resubmits. Last, a second invitation replaces her first link.
test.use({ storageState: OWNER_STATE });

const PORT = process.env.E2E_PORT ?? 3100;
const APP = `http://localhost:${PORT}`;
const PORTAL = `http://acme.localhost:${PORT}`;
const PRIYA = { email: "priya@example.com", mobile: "+919812345678" };
const ARJUN = { email: "arjun@example.com" };

/** A small, valid one-page PDF (the upload route checks the type from the bytes). */
function pdf(text: string): Buffer {
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null, // the content stream, below
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

/** The id of the newest outbox message to `to`, so a later read waits for a newer one. */
async function newestId(request: APIRequestContext, to: string): Promise<string | undefined> {
  const rows = (await (await request.get(`${APP}/dev/outbox?format=json&to=${encodeURIComponent(to)}`)).json()) as { id: string }[];
  return rows[0]?.id;
}

/** The screenshot at 1280 px, and (for the pages the brief names) at 390 px too, without reloading the page. */
async function shots(page: Page, name: string, phone = true) {
  await shot(page, name);
  if (!phone) return;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  await page.setViewportSize(size ?? { width: 1280, height: 720 });
}

/**
 * The code step as a client does it: the button that sends the code by SMS and email, then the code. The SMS and the
 * email must carry the same code.
 */
async function enterFreshCode(client: Page, admin: APIRequestContext, shotName: string) {
  const [smsBefore, mailBefore] = await Promise.all([newestId(admin, PRIYA.mobile), newestId(admin, PRIYA.email)]);
  await client.getByRole("button", { name: "Text and email me a code" }).click();
  await expect(client.getByLabel("6-digit code")).toBeVisible();
  await expect(client.getByText(/We sent a code by text message to .+ and by email to/)).toBeVisible();
  await shots(client, shotName);
  const sms = await latestMessage(admin, PRIYA.mobile, smsBefore);
  const mail = await latestMessage(admin, PRIYA.email, mailBefore);
  expect(sms.channel).toBe("sms");
  const smsCode = /\b(\d{6})\b/.exec(sms.text)?.[1];
  const mailCode = /\b(\d{6})\b/.exec(`${mail.subject ?? ""} ${mail.text}`)?.[1];
  expect(smsCode).toMatch(/^\d{6}$/);
  expect(mailCode).toBe(smsCode);
  await client.getByLabel("6-digit code").fill(smsCode!);
  await client.getByRole("button", { name: "Continue" }).click();
}

async function openClient(browser: Browser) {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 720 } });
  return { ctx, page: await ctx.newPage() };
}

/** One document item of the request page: its label, files and upload box. */
function documentItem(client: Page, label: string) {
  return client.locator("ol > li").filter({ has: client.getByText(label) }).filter({ has: client.getByTestId("file-drop") });
}

/** Waits for the autosave line to say Saved (not "Saving…"). */
async function saved(client: Page) {
  await expect(client.getByText(/^Saved \d/)).toBeVisible();
}

// The spec moves the server's clock forward; later specs run on real time again.
test.afterAll(async ({ request }) => {
  await request.post(`${APP}/api/dev/clock`, { data: { reset: true } });
});

test("Client Centre: request from a template, invitation, two-factor sign-in, idle re-auth, submit, reject, resubmit", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const admin = page.request;

  // 1. Opportunities → the demo opportunity → Client Centre → New request from the "Loan application" template.
  await page.goto("/w/acme");
  await page.getByRole("link", { name: "Opportunities", exact: true }).filter({ visible: true }).first().click();
  await expect(page).toHaveURL(/\/w\/acme\/opportunities$/);
  await shot(page, "cc-admin-opportunities");
  await page.getByRole("link", { name: "Home loan – Ravi Kumar" }).filter({ visible: true }).first().click();
  await expect(page.getByRole("heading", { name: "Home loan – Ravi Kumar", level: 1 })).toBeVisible();
  await shot(page, "cc-admin-opportunity");
  await page.getByRole("navigation", { name: "Opportunity" }).getByRole("link", { name: "Client Centre" }).click();
  await expect(page).toHaveURL(/\/client-centre$/);
  // Meera has no mobile: the tab says one applicant cannot be sent access yet.
  await expect(page.getByText("1 of 3 applicants cannot be sent access yet")).toBeVisible();
  await shot(page, "cc-admin-client-centre-tab");
  await page.getByRole("link", { name: "New request" }).first().click();
  await expect(page.getByRole("heading", { name: "New request" })).toBeVisible();
  await page.getByRole("radio", { name: /Loan application/ }).check();
  await shot(page, "cc-admin-new-request");
  await page.getByRole("button", { name: "Create request" }).click();
  await expect(page.getByText("Request created and open.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Loan application details", level: 1 })).toBeVisible();
  await expect(page.getByText("7 items · each applicant answers for themselves.")).toBeVisible();
  const progress = page.getByRole("table", { name: "Progress per applicant and item" });
  for (const label of ["Loan amount (₹)", "Purpose of the loan", "Salary slips, last 3 months", "Bank statements, last 6 months"]) {
    await expect(progress.getByRole("columnheader", { name: label })).toBeVisible();
  }
  await expect(progress.getByRole("row", { name: /Priya Sharma/ })).toContainText("Not opened");
  const requestUrl = page.url().split("?")[0];
  await shots(page, "cc-admin-request-created");

  // 2. Send invitation: the two complete applicants; Meera is listed, not selectable, with what is missing.
  await page.getByRole("link", { name: "Send invitation" }).first().click();
  await expect(page.getByRole("heading", { name: "Send invitation" })).toBeVisible();
  const meera = page.getByRole("checkbox", { name: /Meera Iyer/ });
  await expect(meera).toBeDisabled();
  await expect(page.getByText(/Missing .*mobile/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit the contact" })).toBeVisible();
  await page.getByRole("checkbox", { name: /Priya Sharma/ }).check();
  await page.getByRole("checkbox", { name: /Arjun Sharma/ }).check();
  await shots(page, "cc-admin-invite-step1");
  const [priyaBefore, arjunBefore] = await Promise.all([newestId(admin, PRIYA.email), newestId(admin, ARJUN.email)]);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Step 2 of 2: the email")).toBeVisible();
  await expect(page.getByText(/^To 2 applicants: (Priya Sharma, Arjun Sharma|Arjun Sharma, Priya Sharma)$/)).toBeVisible();
  await expect(page.getByLabel("Subject")).not.toHaveValue("");
  await expect(page.getByLabel("Locked system tag")).toContainText("{{client_centre.link}}");
  await shots(page, "cc-admin-invite-step2");
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByText("Sent to 2 applicants.")).toBeVisible();
  await shots(page, "cc-admin-invite-sent");

  const invite = await latestMessage(admin, PRIYA.email, priyaBefore);
  const arjunInvite = await latestMessage(admin, ARJUN.email, arjunBefore);
  expect(invite.subject).toContain("Loan application details");
  expect(arjunInvite.subject).toBe(invite.subject);
  const link = invite.links.find((l) => l.startsWith(`${PORTAL}/l/`));
  expect(link, `a portal link in ${JSON.stringify(invite.links)}`).toBeTruthy();
  expect(arjunInvite.links.find((l) => l.startsWith(`${PORTAL}/l/`))).not.toBe(link);

  // 3. Priya, in a browser of her own: the link's page, Continue, the code by SMS and email, the request.
  const { ctx, page: client } = await openClient(browser);
  await client.goto(link!);
  await expect(client.getByRole("heading", { name: /^Continue to / })).toBeVisible();
  await shots(client, "cc-portal-continue");
  await client.getByRole("button", { name: "Continue" }).click();
  await expect(client.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await shots(client, "cc-portal-code-step");
  await enterFreshCode(client, admin, "cc-portal-code-sent");
  await expect(client).toHaveURL(/\/requests\/[0-9a-f-]+$/);
  await expect(client.getByRole("heading", { name: "Loan application details", level: 1 })).toBeVisible();
  await shots(client, "cc-portal-request");

  // 4. Answers save as she types; a PDF per document item, each listed once uploaded.
  await client.getByLabel("Loan amount (₹)").fill("45,00,000");
  await saved(client);
  await client.getByRole("radio", { name: "Home purchase" }).check();
  await client.getByRole("checkbox", { name: "Car loan" }).check();
  await client.getByLabel("Anything else we should know").fill("We are buying a flat in Pune.");
  await saved(client);
  for (const [label, file] of [
    ["Salary slips, last 3 months", "salary-slips.pdf"],
    ["Bank statements, last 6 months", "bank-statements.pdf"],
  ] as const) {
    const item = documentItem(client, label);
    await item.getByLabel(/choose files/i).setInputFiles({ name: file, mimeType: "application/pdf", buffer: pdf(file) });
    await expect(item.getByRole("link", { name: file })).toBeVisible();
    await expect(item.getByText("Uploaded", { exact: true }).first()).toBeVisible();
  }
  await shots(client, "cc-portal-answered");

  // The admin sees her in progress.
  await page.goto(requestUrl);
  await expect(progress.getByRole("row", { name: /Priya Sharma/ })).toContainText("In progress");

  // 5. Idle past the limit (15 minutes by default) on the server's clock; the next keystroke leads to the code step.
  const moved = await admin.post(`${APP}/api/dev/clock`, { data: { advanceMs: 16 * 60 * 1000 } });
  expect(moved.ok(), await moved.text()).toBe(true);
  await client.getByLabel("Monthly take-home income (₹)").fill("1,85,000");
  await expect(client).toHaveURL(/\/verify\?reauth=1/);
  await expect(client.getByRole("heading", { name: "Welcome back" })).toBeVisible();
  await expect(client.getByText("You were away for a while; enter a fresh code to continue. Your answers are saved.")).toBeVisible();
  await shots(client, "cc-portal-reauth");
  await enterFreshCode(client, admin, "cc-portal-reauth-code-sent");
  await expect(client).toHaveURL(/\/requests\/[0-9a-f-]+$/);
  // Every answer is still there, the one typed as the session expired too.
  // A number is stored without its commas; the page may show either form.
  await expect(client.getByLabel("Loan amount (₹)")).toHaveValue(/^(45,00,000|4500000)$/);
  await expect(client.getByRole("radio", { name: "Home purchase" })).toBeChecked();
  await expect(client.getByRole("checkbox", { name: "Car loan" })).toBeChecked();
  await expect(client.getByLabel("Anything else we should know")).toHaveValue("We are buying a flat in Pune.");
  await expect(client.getByLabel("Monthly take-home income (₹)")).toHaveValue(/^(1,85,000|185000)$/);
  await saved(client);
  await shots(client, "cc-portal-after-reauth", false);

  // 6. Submit: read-only, "Submitted".
  await client.getByRole("button", { name: "Submit" }).click();
  await expect(client.getByRole("status").filter({ hasText: /Submitted on/ })).toContainText("You can no longer change your answers.");
  await expect(client.getByRole("button", { name: "Submit" })).toHaveCount(0);
  await expect(client.getByLabel("Loan amount (₹)")).toHaveCount(0);
  await expect(client.getByText(/^45,00,000$/)).toBeVisible();
  await shots(client, "cc-portal-submitted");

  // The admin: Priya submitted; reject the salary slips with a reason.
  await page.goto(requestUrl);
  await expect(progress.getByRole("row", { name: /Priya Sharma/ })).toContainText("Submitted");
  const priya = page.getByRole("region", { name: "Priya Sharma" });
  await expect(priya).toContainText("submitted");
  await expect(priya).toContainText("1,85,000");
  await shots(page, "cc-admin-request-submitted");
  const slips = priya.getByRole("listitem").filter({ hasText: "salary-slips.pdf" });
  await slips.getByText("Reject…").click();
  const reason = "The March slip is missing: upload all three months in one PDF";
  await slips.getByLabel("Reason the client will read").fill(reason);
  await shot(page, "cc-admin-reject-form");
  await slips.getByRole("button", { name: "Reject and tell the client" }).click();
  await expect(slips.getByText(`Reason given: ${reason}`)).toBeVisible();
  await expect(progress.getByRole("row", { name: /Priya Sharma/ })).toContainText("Rejected, waiting for a new file");
  await shots(page, "cc-admin-request-rejected");

  // Priya reloads: the reason, a new upload, submit again.
  await client.reload();
  await expect(client.getByText(`Rejected: ${reason}. Upload a new file.`)).toBeVisible();
  await expect(client.getByText(/A document needs your attention/)).toBeVisible();
  await shots(client, "cc-portal-rejected");
  const slipItem = documentItem(client, "Salary slips, last 3 months");
  await slipItem.getByLabel(/choose files/i).setInputFiles({ name: "salary-slips-jan-mar.pdf", mimeType: "application/pdf", buffer: pdf("Jan to Mar") });
  await expect(slipItem.getByRole("link", { name: "salary-slips-jan-mar.pdf" })).toBeVisible();
  await client.getByRole("button", { name: "Submit" }).click();
  await expect(client.getByRole("status").filter({ hasText: /Submitted on/ })).toBeVisible();
  await shots(client, "cc-portal-resubmitted", false);

  await page.goto(requestUrl);
  await expect(progress.getByRole("row", { name: /Priya Sharma/ })).toContainText("Submitted");
  await expect(priya.getByRole("listitem").filter({ hasText: "salary-slips-jan-mar.pdf" })).toContainText("To review");
  await shot(page, "cc-admin-request-resubmitted");

  // 7. A second invitation to Priya: her first link now says it was replaced.
  await page.getByRole("link", { name: "Send invitation" }).first().click();
  await page.getByRole("checkbox", { name: /Priya Sharma/ }).check();
  await page.getByRole("checkbox", { name: /Arjun Sharma/ }).uncheck();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("To 1 applicant: Priya Sharma")).toBeVisible();
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByText("Sent to 1 applicant.")).toBeVisible();
  const { ctx: other, page: stale } = await openClient(browser);
  await stale.goto(link!);
  await expect(stale.getByRole("heading", { name: "This invitation was replaced" })).toBeVisible();
  await expect(stale.getByRole("button", { name: "Continue" })).toHaveCount(0);
  await shots(stale, "cc-portal-replaced");
  await other.close();
  await ctx.close();
});
