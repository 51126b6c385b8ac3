// Workspace API keys: shown once, stored as a hash, checked on every request, revoked at once, one workspace only.
import { and, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { GET as listContactsGet } from "@/app/api/v1/contacts/route";
import { authenticateApiKey, LAST_USED_RESOLUTION_MS } from "@/lib/api-keys/authenticate-api-key";
import { createApiKey, createApiKeySchema } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { sha256 } from "@/lib/crypto";
import { apiKeys, auditEvents } from "@/lib/db/schema";
import { callApi } from "./helpers/api";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));

const keyRow = async (id: string) => (await t.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0];

test("a new key is returned in full once; only its SHA-256 and a short prefix are stored, and the list never has the hash", async () => {
  const ctx = await makeWorkspace(t.db);
  const created = await createApiKey(ctx, { name: "  Zapier  " });
  expect(created.key).toMatch(/^cpk_[A-Za-z0-9_-]{43}$/);
  expect(created).toMatchObject({ name: "Zapier", prefix: created.key.slice(0, 12) });

  const row = await keyRow(created.id);
  expect(row).toMatchObject({ workspaceId: ctx.workspace.id, keyHash: sha256(created.key), createdBy: ctx.user.id, lastUsedAt: null, revokedAt: null });
  expect(JSON.stringify(row)).not.toContain(created.key);

  const listed = await listApiKeys(t.db, { workspaceId: ctx.workspace.id });
  expect(listed).toEqual([
    { id: created.id, name: "Zapier", prefix: created.prefix, createdByEmail: expect.stringContaining("@example.test"), createdAt: row.createdAt, lastUsedAt: null, revokedAt: null },
  ]);
  expect(JSON.stringify(listed)).not.toContain(row.keyHash);

  const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, ctx.workspace.id), eq(auditEvents.action, "api_key.create")));
  expect(event).toMatchObject({ targetId: created.id, actorUserId: ctx.user.id });
  expect(JSON.stringify(event)).not.toContain(created.key);

  // Two keys never collide, and a name is required.
  const other = await createApiKey(ctx, { name: "Make" });
  expect(other.key).not.toBe(created.key);
  expect(createApiKeySchema.safeParse({ name: "   " }).success).toBe(false);
});

test("a key authenticates as its own workspace; last used is written at most once a minute", async () => {
  const ctx = await makeWorkspace(t.db);
  const { id, key } = await createApiKey(ctx, { name: "n8n" });
  const t0 = new Date(Date.now() + 1000);
  const who = await authenticateApiKey(t.db, `Bearer ${key}`, t0);
  expect(who).toEqual({ key: { id, name: "n8n", prefix: key.slice(0, 12) }, workspace: ctx.workspace });
  expect((await keyRow(id)).lastUsedAt?.getTime()).toBe(t0.getTime());

  await authenticateApiKey(t.db, `Bearer ${key}`, new Date(t0.getTime() + LAST_USED_RESOLUTION_MS - 1000));
  expect((await keyRow(id)).lastUsedAt?.getTime()).toBe(t0.getTime());

  const t2 = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS + 1000);
  await authenticateApiKey(t.db, `bearer   ${key}`, t2); // the scheme is case-insensitive
  expect((await keyRow(id)).lastUsedAt?.getTime()).toBe(t2.getTime());
});

test("a revoked key gets 401 on its very next request, and the revoke is audited", async () => {
  const ctx = await makeWorkspace(t.db);
  const { id, key } = await createApiKey(ctx, { name: "Workflow" });
  expect((await callApi(listContactsGet, "/contacts", { key })).status).toBe(200);

  const r = await revokeApiKey(ctx, { apiKeyId: id });
  expect(r.apiKeyId).toBe(id);
  const res = await callApi(listContactsGet, "/contacts", { key });
  expect(res.status).toBe(401);
  expect(res.json).toEqual({ error: { code: "API_KEY_INVALID", message: expect.stringContaining("Bearer") } });
  expect((await keyRow(id)).revokedAt).not.toBeNull();
  const events = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, id));
  expect(events.map((e) => e.action).sort()).toEqual(["api_key.create", "api_key.revoke"]);

  // Revoking twice is NOT_FOUND (already revoked); the listing shows it as revoked.
  await expect(revokeApiKey(ctx, { apiKeyId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await listApiKeys(t.db, { workspaceId: ctx.workspace.id }))[0].revokedAt).not.toBeNull();
});

test("missing, malformed, unknown and wrong-scheme Authorization headers all get the same JSON 401", async () => {
  const ctx = await makeWorkspace(t.db);
  const { key } = await createApiKey(ctx, { name: "Real" });
  const unknown = `cpk_${"A".repeat(43)}`;
  const cases: (string | null)[] = [null, "", "Bearer", "Bearer ", `Basic ${Buffer.from(`x:${key}`).toString("base64")}`, key, `Bearer ${key}x`, `Bearer ${key.slice(0, -1)}`, `Bearer ${unknown}`, `Bearer ${key} extra`, `Token ${key}`];
  for (const authorization of cases) {
    const res = await callApi(listContactsGet, "/contacts", { authorization });
    expect(res.status, String(authorization)).toBe(401);
    expect(res.json.error.code).toBe("API_KEY_INVALID");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  }
  expect((await callApi(listContactsGet, "/contacts", { key })).status).toBe(200);
});

test("another workspace's key id cannot be revoked: NOT_FOUND and the key keeps working", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  const bKey = await createApiKey(b, { name: "B's key" });
  await expect(revokeApiKey(a, { apiKeyId: bKey.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await keyRow(bKey.id)).revokedAt).toBeNull();
  expect(await listApiKeys(t.db, { workspaceId: a.workspace.id })).toEqual([]);
  expect((await callApi(listContactsGet, "/contacts", { key: bKey.key })).status).toBe(200);
  expect(await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, a.workspace.id), eq(auditEvents.action, "api_key.revoke")))).toHaveLength(0);
});
