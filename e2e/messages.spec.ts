import { createHmac, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { OWNER_STATE, shot } from "./helpers";

test.use({ storageState: OWNER_STATE });

// The fake Resend and the webhook secret are the ones playwright.config.ts gives the e2e server.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const FAKE_RESEND = `http://127.0.0.1:${Number(process.env.E2E_RESEND_PORT ?? PORT + 50)}`;
const KEY = Buffer.from("e2e-webhook-secret-not-for-production");

type Sent = { id: string; to: string[]; subject: string; ref: string | null };
const sentSoFar = async (request: APIRequestContext) => (await (await request.get(`${FAKE_RESEND}/__sent`)).json()) as Sent[];

/** Posts an event the way Resend does: svix headers, HMAC-SHA256 over `${id}.${timestamp}.${body}`. */
function postWebhook(request: APIRequestContext, type: string, emailId: string, extra: Record<string, unknown> = {}, key = KEY) {
  const at = new Date().toISOString();
  const body = JSON.stringify({ type, created_at: at, data: { email_id: emailId, created_at: at, to: ["x@example.test"], subject: "s", ...extra } });
  const id = `msg_${randomUUID()}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v1,${createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64")}`;
  return request.post("/api/webhooks/resend", { headers: { "content-type": "application/json", "svix-id": id, "svix-timestamp": ts, "svix-signature": signature }, data: body });
}

test("a signed Resend bounce shows on the Messages page and in the message's timeline", async ({ page, request }) => {
  const before = await sentSoFar(request);
  await page.goto("/w/acme/portal");
  await page.getByRole("button", { name: /^More actions for / }).first().click();
  await page.getByRole("menuitem", { name: "Send login email" }).click();
  let sent: Sent | undefined;
  await expect
    .poll(async () => (sent = (await sentSoFar(request)).find((s) => s.ref && !before.some((b) => b.id === s.id))) !== undefined, { timeout: 20_000 })
    .toBe(true);
  const to = sent!.to[0];

  await page.goto(`/w/acme/messages?to=${encodeURIComponent(to)}`);
  const row = page.getByRole("row", { name: new RegExp(to.replace(/[.+]/g, "\\$&")) }).first();
  await expect(async () => {
    await page.reload();
    await expect(row.getByText("Sent", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  // A forged event (wrong secret) is refused and changes nothing; the portal host does not serve the endpoint.
  expect((await postWebhook(request, "email.delivered", sent!.id, {}, Buffer.from("not-the-secret"))).status()).toBe(401);
  const portal = await page.context().newPage();
  await portal.goto(`http://acme.localhost:${PORT}/`);
  expect(await portal.evaluate(async () => (await fetch("/api/webhooks/resend", { method: "POST", body: "{}" })).status)).toBe(404);
  await portal.close();

  const bounced = await postWebhook(request, "email.bounced", sent!.id, { bounce: { type: "Permanent", subType: "General", message: "550 5.1.1 No such mailbox" } });
  expect(bounced.status()).toBe(200);
  expect(await bounced.json()).toMatchObject({ matched: true, applied: true });
  // A late "delivered" cannot undo the bounce.
  expect((await postWebhook(request, "email.delivered", sent!.id)).status()).toBe(200);

  await page.goto(`/w/acme/messages?status=bounced&to=${encodeURIComponent(to)}`);
  await expect(row.getByText("Bounced", { exact: true })).toBeVisible();
  await expect(row.getByText("550 5.1.1 No such mailbox")).toBeVisible();
  await shot(page, "messages-bounced");

  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/w\/acme\/messages\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`To ${to}`)).toBeVisible();
  const timeline = page.getByRole("list", { name: /Message timeline/ });
  await expect(timeline.getByText("email.bounced")).toBeVisible();
  await expect(timeline.getByText(/550 5\.1\.1 No such mailbox/)).toBeVisible();
  await expect(timeline.getByText("email.delivered")).toBeVisible();
  await expect(page.getByText(sent!.id)).toBeVisible(); // the provider id
  await shot(page, "message-detail");

  // Another workspace's (or no) message id is a 404.
  const missing = await page.goto("/w/acme/messages/00000000-0000-4000-8000-000000000000");
  expect(missing?.status()).toBe(404);
});
