// The public API as a workflow tool meets it: real Requests through the /api/v1 route handlers, a real database.
import { readdirSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { expect, test, vi } from "vitest";
import { GET as catchAll } from "@/app/api/v1/[...path]/route";
import { GET as listContactsGet, POST as createContactPost } from "@/app/api/v1/contacts/route";
import { GET as openApiGet } from "@/app/api/v1/openapi.json/route";
import { POST as invitePost } from "@/app/api/v1/portal/invitations/route";
import { POST as loginEmailsPost } from "@/app/api/v1/portal/login-emails/route";
import { GET as magicLinkGet } from "@/app/api/v1/portal/users/[id]/magic-link/route";
import { GET as portalUsersGet } from "@/app/api/v1/portal/users/route";
import { toErrorResponse } from "@/lib/api/api-route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createContact } from "@/lib/contacts/create-contact";
import { accessLinks, auditEvents, contacts, emailProfiles, messages, portalUsers } from "@/lib/db/schema";
import { resolveAccessLink } from "@/lib/portal/access-links";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { revokeAccess } from "@/lib/portal/revoke-access";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { callApi } from "./helpers/api";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));

/** A workspace with a default email profile and an API key. */
async function workspace(opts: { emailProfile?: boolean } = {}) {
  const ctx = await makeWorkspace(t.db);
  if (opts.emailProfile !== false) {
    await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  }
  const { key, id: keyId } = await createApiKey(ctx, { name: "Workflow" });
  return { ctx, key, keyId, w: ctx.workspace.id };
}
const countWhere = async (table: typeof contacts | typeof portalUsers | typeof messages | typeof accessLinks, w: string) =>
  (await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table).where(eq(table.workspaceId, w)))[0].n;
const tokenOf = (url: string) => /\/l\/([A-Za-z0-9_-]+)$/.exec(url)![1];

test("POST /contacts creates a contact with the admin form's rules; GET lists and searches it", async () => {
  const { key, w } = await workspace();
  const res = await callApi(createContactPost, "/contacts", { key, body: { firstName: " Asha ", lastName: "Rao", email: "Asha@Example.test", phone: "098765 43210", company: "Rao & Co" } });
  expect(res.status).toBe(201);
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.json.data).toMatchObject({ firstName: "Asha", lastName: "Rao", email: "asha@example.test", phone: "+919876543210", company: "Rao & Co" });
  const [row] = await t.db.select().from(contacts).where(eq(contacts.id, res.json.data.id));
  expect(row.workspaceId).toBe(w);
  const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, w), eq(auditEvents.action, "contact.create")));
  expect(event).toMatchObject({ actorUserId: null, actorEmail: expect.stringMatching(/^API key “Workflow” \(cpk_/), ip: "203.0.113.7", userAgent: "vitest-api" });

  const found = await callApi(listContactsGet, "/contacts?q=rao%20%26", { key });
  expect(found.status).toBe(200);
  expect(found.json).toEqual({ data: [expect.objectContaining({ id: res.json.data.id })], nextCursor: null });
  expect((await callApi(listContactsGet, "/contacts?q=nobody", { key })).json.data).toEqual([]);
});

test("bad contact input is 422 with the field (or 400/409), and nothing is created", async () => {
  const { key, w } = await workspace();
  await callApi(createContactPost, "/contacts", { key, body: { firstName: "Taken", email: "taken@example.test", phone: "+14155550100" } });
  const before = await countWhere(contacts, w);
  const cases: [unknown, number, string, string | null][] = [
    [{ firstName: "A", email: "not an email" }, 422, "VALIDATION_FAILED", "email"],
    [{ firstName: "A", phone: "12345" }, 422, "PHONE_INVALID", "phone"],
    [{ email: "a@example.test" }, 422, "VALIDATION_FAILED", "firstName"],
    [{ firstName: "A" }, 422, "VALIDATION_FAILED", "email"],
    [[1, 2], 422, "VALIDATION_FAILED", "_"],
    [{ firstName: "Dup", email: "TAKEN@example.test" }, 409, "CONTACT_EMAIL_TAKEN", "email"],
    [{ firstName: "Dup", phone: "+1 415 555 0100" }, 409, "CONTACT_PHONE_TAKEN", "phone"],
  ];
  for (const [body, status, code, field] of cases) {
    const res = await callApi(createContactPost, "/contacts", { key, body });
    expect(res.status, JSON.stringify(body)).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(Object.keys(res.json.error.fields ?? {})).toContain(field);
    expect(typeof res.json.error.message).toBe("string");
  }
  const broken = await callApi(createContactPost, "/contacts", { key, rawBody: "{not json" });
  expect(broken.status).toBe(400);
  expect(broken.json.error.code).toBe("INVALID_JSON");
  const tooBig = await callApi(createContactPost, "/contacts", { key, rawBody: JSON.stringify({ firstName: "x".repeat(1_000_001) }) });
  expect(tooBig.status).toBe(413);
  expect(await countWhere(contacts, w)).toBe(before);
});

test("keyset paging returns every contact exactly once, in order; bad limits and cursors are 422", async () => {
  const { ctx, key } = await workspace();
  for (let i = 0; i < 11; i++) await createContact(ctx, { firstName: `Pager ${String(i % 4)}`, lastName: "", email: `p${i}@example.test`, phone: "", company: "" });
  for (const sort of ["name_asc", "newest"]) {
    const all = (await callApi(listContactsGet, `/contacts?limit=100&sort=${sort}`, { key })).json.data.map((c: { id: string }) => c.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await callApi(listContactsGet, `/contacts?limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ""}`, { key });
      expect(res.status).toBe(200);
      expect(res.json.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.json.data.map((c: { id: string }) => c.id));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    expect(seen).toEqual(all);
  }
  for (const qs of ["limit=0", "limit=101", "limit=abc", "sort=random"]) {
    const res = await callApi(listContactsGet, `/contacts?${qs}`, { key });
    expect(res.status, qs).toBe(422);
    expect(res.json.error.code).toBe("VALIDATION_FAILED");
  }
  const bad = await callApi(listContactsGet, "/contacts?cursor=garbage", { key });
  expect(bad.status).toBe(422);
  expect(bad.json.error.field).toBe("cursor");
  const page1 = await callApi(listContactsGet, "/contacts?limit=3", { key });
  expect((await callApi(listContactsGet, `/contacts?sort=newest&cursor=${page1.json.nextCursor}`, { key })).status).toBe(422);
  expect((await callApi(listContactsGet, "/contacts?limit=100", { key })).json.data).toHaveLength(11);
});

test("invite by email or contact id: the portal user is invited and one email is queued in the outbox", async () => {
  const { key, w } = await workspace();
  const res = await callApi(invitePost, "/portal/invitations", { key, body: { email: "Neha@Example.test", firstName: "Neha", lastName: "Iyer" } });
  expect(res.status).toBe(201);
  expect(res.json.data).toMatchObject({ outcome: "invited", contactCreated: true });
  const [pu] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, res.json.data.portalUserId));
  expect(pu).toMatchObject({ workspaceId: w, status: "invited" });
  const queued = await t.db.select().from(messages).where(eq(messages.workspaceId, w));
  expect(queued).toHaveLength(1);
  expect(queued[0]).toMatchObject({ id: res.json.data.messageId, to: "neha@example.test", template: "portal.invitation", status: "queued" });

  const again = await callApi(invitePost, "/portal/invitations", { key, body: { contactId: res.json.data.contactId } });
  expect(again.status).toBe(200);
  expect(again.json.data).toMatchObject({ outcome: "reinvited", portalUserId: res.json.data.portalUserId, contactCreated: false });
  expect(await countWhere(messages, w)).toBe(2);

  const empty = await callApi(invitePost, "/portal/invitations", { key, body: {} });
  expect(empty.status).toBe(422);
  expect(empty.json.error.fields.email).toBeDefined();
  const missing = await callApi(invitePost, "/portal/invitations", { key, body: { contactId: crypto.randomUUID() } });
  expect(missing.status).toBe(404);
  expect(missing.json.error).toMatchObject({ code: "NOT_FOUND", field: "contactId" });
});

test("without a default email profile an invitation is 409 NO_EMAIL_PROFILE and nothing is created", async () => {
  const { key, w } = await workspace({ emailProfile: false });
  const res = await callApi(invitePost, "/portal/invitations", { key, body: { email: "x@example.test" } });
  expect(res.status).toBe(409);
  expect(res.json.error.code).toBe("NO_EMAIL_PROFILE");
  expect(await countWhere(contacts, w)).toBe(0);
  expect(await countWhere(portalUsers, w)).toBe(0);
  expect(await countWhere(messages, w)).toBe(0);
});

test("GET /portal/users lists one status at a time, pages each row once, and needs a valid status", async () => {
  const { ctx, key } = await workspace();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await invitePortalUser(ctx, { email: `u${i}@example.test`, firstName: `U${i}` })).portalUserId);
  await revokeAccess(ctx, { portalUserId: ids[0] });

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await callApi(portalUsersGet, `/portal/users?status=invited&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { key });
    expect(res.status).toBe(200);
    for (const u of res.json.data) expect(u.status).toBe("invited");
    seen.push(...res.json.data.map((u: { id: string }) => u.id));
    cursor = res.json.nextCursor;
  } while (cursor);
  expect(seen.sort()).toEqual(ids.slice(1).sort());

  const revoked = await callApi(portalUsersGet, "/portal/users?status=revoked", { key });
  expect(revoked.json.data.map((u: { id: string }) => u.id)).toEqual([ids[0]]);
  expect(revoked.json.data[0]).toMatchObject({ email: "u0@example.test", firstName: "U0", status: "revoked" });
  const searched = await callApi(portalUsersGet, "/portal/users?status=invited&q=u3%40", { key });
  expect(searched.json.data.map((u: { id: string }) => u.id)).toEqual([ids[3]]);
  expect((await callApi(portalUsersGet, "/portal/users?status=joined", { key })).json.data).toEqual([]);
  for (const qs of ["", "status=all", "status=invited&limit=500", "status=invited&cursor=nope"]) {
    const res = await callApi(portalUsersGet, `/portal/users?${qs}`, { key });
    expect(res.status, qs).toBe(422);
  }
});

test("the magic-link endpoint returns the same working link twice; revoked users and unknown ids get clear errors", async () => {
  const { ctx, key, w } = await workspace();
  const { portalUserId } = await invitePortalUser(ctx, { email: "ml@example.test" });
  const first = await callApi(magicLinkGet, `/portal/users/${portalUserId}/magic-link`, { key, params: { id: portalUserId } });
  expect(first.status).toBe(200);
  expect(first.json.data).toMatchObject({ portalUserId, url: expect.stringMatching(new RegExp(`^http://${ctx.workspace.slug}\\.localhost:3000/l/`)), created: false });
  const second = await callApi(magicLinkGet, `/portal/users/${portalUserId}/magic-link`, { key, params: { id: portalUserId } });
  expect(second.json.data.url).toBe(first.json.data.url);
  expect(second.json.data.expiresAt).toBe(first.json.data.expiresAt);
  expect(new Date(first.json.data.expiresAt).getTime()).toBeGreaterThan(Date.now());
  const link = await resolveAccessLink(t.db, { workspaceId: w, token: tokenOf(first.json.data.url) });
  expect(link.portalUserId).toBe(portalUserId);

  // With no active link one is issued, then returned again.
  await t.db.update(accessLinks).set({ revokedAt: new Date() }).where(eq(accessLinks.portalUserId, portalUserId));
  const fresh = await callApi(magicLinkGet, "", { key, params: { id: portalUserId } });
  expect(fresh.json.data.created).toBe(true);
  expect(fresh.json.data.url).not.toBe(first.json.data.url);
  expect((await callApi(magicLinkGet, "", { key, params: { id: portalUserId } })).json.data).toMatchObject({ url: fresh.json.data.url, created: false });
  expect((await resolveAccessLink(t.db, { workspaceId: w, token: tokenOf(fresh.json.data.url) })).kind).toBe("magic");

  await revokeAccess(ctx, { portalUserId });
  const gone = await callApi(magicLinkGet, "", { key, params: { id: portalUserId } });
  expect(gone.status).toBe(409);
  expect(gone.json.error.code).toBe("ACCESS_REVOKED");
  for (const id of [crypto.randomUUID(), "not-a-uuid"]) {
    const res = await callApi(magicLinkGet, "", { key, params: { id } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NOT_FOUND");
  }
});

test("login emails: one batch queued, revoked and unknown ids reported as skipped", async () => {
  const { ctx, key, w } = await workspace();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await invitePortalUser(ctx, { email: `le${i}@example.test` })).portalUserId);
  await revokeAccess(ctx, { portalUserId: ids[2] });
  const unknown = crypto.randomUUID();
  const res = await callApi(loginEmailsPost, "/portal/login-emails", { key, body: { portalUserIds: [...ids, ids[0], unknown] } });
  expect(res.status).toBe(202);
  expect(res.json.data).toMatchObject({ batchId: expect.any(String), queued: 2 });
  expect(res.json.data.skipped).toEqual([
    { portalUserId: ids[2], name: expect.any(String), reason: "Access revoked" },
    { portalUserId: unknown, name: null, reason: "Not found" },
  ]);
  const batch = await t.db.select().from(messages).where(and(eq(messages.workspaceId, w), eq(messages.batchId, res.json.data.batchId)));
  expect(batch.map((m) => m.to).sort()).toEqual(["le0@example.test", "le1@example.test"]);
  expect(batch.every((m) => m.template === "portal.login_email" && m.status === "queued")).toBe(true);

  for (const body of [{}, { portalUserIds: [] }, { portalUserIds: ["x"] }, { portalUserIds: Array.from({ length: 10_001 }, () => crypto.randomUUID()) }]) {
    const bad = await callApi(loginEmailsPost, "/portal/login-emails", { key, body });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields).toBeDefined();
  }
});

test("workspace A's key cannot see or touch workspace B's contacts and portal users: 404 or not found, B unchanged", async () => {
  const a = await workspace();
  const b = await workspace();
  const bContact = await createContact(b.ctx, { firstName: "Bee", lastName: "", email: "bee@example.test", phone: "", company: "" });
  const bUser = await invitePortalUser(b.ctx, { email: "bee-user@example.test" });
  const snapshot = async () => ({
    contacts: await countWhere(contacts, b.w),
    users: await t.db.select().from(portalUsers).where(eq(portalUsers.workspaceId, b.w)),
    links: await t.db.select().from(accessLinks).where(eq(accessLinks.workspaceId, b.w)),
    messages: await countWhere(messages, b.w),
    audit: (await t.db.select().from(auditEvents).where(eq(auditEvents.workspaceId, b.w))).length,
  });
  const before = await snapshot();

  expect((await callApi(listContactsGet, "/contacts?q=bee", { key: a.key })).json.data).toEqual([]);
  expect((await callApi(portalUsersGet, "/portal/users?status=invited", { key: a.key })).json.data).toEqual([]);
  const invite = await callApi(invitePost, "/portal/invitations", { key: a.key, body: { contactId: bContact.id } });
  expect(invite.status).toBe(404);
  const ml = await callApi(magicLinkGet, "", { key: a.key, params: { id: bUser.portalUserId } });
  const missing = await callApi(magicLinkGet, "", { key: a.key, params: { id: crypto.randomUUID() } });
  expect(ml.status).toBe(404);
  expect(ml.json).toEqual(missing.json); // the same answer as an id that does not exist
  const le = await callApi(loginEmailsPost, "/portal/login-emails", { key: a.key, body: { portalUserIds: [bUser.portalUserId] } });
  expect(le.json.data).toMatchObject({ queued: 0, skipped: [{ portalUserId: bUser.portalUserId, name: null, reason: "Not found" }] });

  expect(await snapshot()).toEqual(before);
  expect(await countWhere(portalUsers, a.w)).toBe(0);
  // B's own key still sees B's data.
  expect((await callApi(listContactsGet, "/contacts?q=bee", { key: b.key })).json.data.map((c: { id: string }) => c.id)).toContain(bContact.id);
});

test("past the per-key budget a key gets 429 with Retry-After; other keys are unaffected", async () => {
  const a = await workspace();
  const other = await createApiKey(a.ctx, { name: "Other" });
  // Spend all but one of the budget directly (the same counter the wrapper uses), then go through the handler.
  const spend = LIMITS.apiPerKey.points - 1;
  for (let i = 0; i < spend; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, spend - i) }, () => consumeLimit(t.db, LIMITS.apiPerKey, a.keyId)));
  }
  expect((await callApi(listContactsGet, "/contacts", { key: a.key })).status).toBe(200);
  const limited = await callApi(listContactsGet, "/contacts", { key: a.key });
  expect(limited.status).toBe(429);
  expect(limited.json.error.code).toBe("RATE_LIMITED");
  const retry = Number(limited.headers.get("retry-after"));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(LIMITS.apiPerKey.durationSec);
  expect((await callApi(createContactPost, "/contacts", { key: a.key, body: { firstName: "No", email: "no@example.test" } })).status).toBe(429);
  expect(await countWhere(contacts, a.w)).toBe(0);
  expect((await callApi(listContactsGet, "/contacts", { key: other.key })).status).toBe(200);
});

test("an unexpected failure is a bare 500 INTERNAL (logged on the server); unknown paths are JSON 404s", async () => {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const res = toErrorResponse(new Error("connection to 10.0.0.5 refused: secret detail"), new Request("http://localhost:3000/api/v1/contacts"));
  expect(res.status).toBe(500);
  const text = await res.text();
  expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: expect.any(String) } });
  expect(text).not.toContain("secret detail");
  expect(String(logged.mock.calls[0]?.[1])).toContain("secret detail");
  logged.mockRestore();
  const unknown = await callApi(catchAll, "/nope");
  expect(unknown.status).toBe(404);
  expect(unknown.json.error.code).toBe("NOT_FOUND");
});

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts under app/api/v1 as an OpenAPI path: `portal/users/[id]/magic-link` → `/portal/users/{id}/magic-link`. */
function routeFiles(dir = path.resolve("app/api/v1"), rel = ""): { file: string; apiPath: string }[] {
  const out: { file: string; apiPath: string }[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...routeFiles(path.join(dir, e.name), `${rel}/${e.name}`));
    else if (e.name === "route.ts") out.push({ file: path.join(dir, e.name), apiPath: rel.replace(/\[(\w+)\]/g, "{$1}") || "/" });
  }
  return out;
}

test("the OpenAPI document is public, 3.1, and describes every route file under app/api/v1 with the methods it exports", async () => {
  const res = await callApi(openApiGet, "/openapi.json", { authorization: null });
  expect(res.status).toBe(200);
  const doc = res.json;
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.servers).toEqual([{ url: "http://localhost:3000/api/v1" }]);
  expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);

  const files = routeFiles().filter((r) => !r.apiPath.includes("[..."));
  expect(files.length).toBeGreaterThanOrEqual(6);
  for (const r of files) {
    const mod = (await import(r.file)) as Record<string, unknown>;
    const exported = METHODS.filter((m) => typeof mod[m] === "function").map((m) => m.toLowerCase());
    expect(doc.paths[r.apiPath], r.apiPath).toBeDefined();
    expect(Object.keys(doc.paths[r.apiPath]).sort(), r.apiPath).toEqual(exported.sort());
  }
  expect(Object.keys(doc.paths).sort()).toEqual(files.map((r) => r.apiPath).sort());
  // Every operation that needs a key documents the 401, and every $ref resolves.
  for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>)) {
    for (const [m, op] of Object.entries(ops)) if (!op.security) expect(op.responses["401"], `${m} ${p}`).toBeDefined();
  }
  for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)) expect(doc.components.schemas[name], name).toBeDefined();
  expect(doc.components.schemas.ContactInput.required).toEqual(["firstName"]);
});
