import { expect, test } from "@playwright/test";
import { OWNER_STATE, shot } from "./helpers";

test.use({ storageState: OWNER_STATE });

test("create an API key, see it once, call the API with it, revoke it and be refused", async ({ page, request }) => {
  await page.goto("/w/acme/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await expect(page.getByTestId("api-curl")).toContainText("/api/v1/contacts");
  await shot(page, "api-keys");

  const name = `E2E key ${Date.now()}`;
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const panel = page.getByTestId("new-api-key");
  await expect(panel).toContainText("you will not see it again");
  const key = (await page.getByTestId("new-api-key-value").textContent())!.trim();
  expect(key).toMatch(/^cpk_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText(`${key.slice(0, 12)}…`);
  await expect(row).toContainText("Active");
  await shot(page, "api-keys-created");

  const ok = await request.get("/api/v1/contacts?limit=5", { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { data: unknown[]; nextCursor: string | null };
  expect(body.data).toHaveLength(5);
  expect(body.nextCursor).toBeTruthy();

  // Gone once dismissed, and not on the page after a reload: the key is shown only once.
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(panel).toHaveCount(0);
  await page.reload();
  await expect(page.getByText(key)).toHaveCount(0);
  await expect(row).toContainText("last used");
  await expect(row).not.toContainText(/never/i);

  await page.getByTestId("api-key-row").filter({ hasText: name }).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("Revoked");
  await shot(page, "api-keys-revoked");

  const refused = await request.get("/api/v1/contacts?limit=5", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("API_KEY_INVALID");

  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
});
