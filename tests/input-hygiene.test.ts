// Input no person types (NUL bytes, stray control characters, lone surrogates, bodies cut short) meets every entry
// point: real Requests through the route handlers, the list queries the admin pages call, a real database. Each
// answer is a 4xx or "no match", never a 500, and nothing is written.
import { createHmac, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { GET as listContactsGet, POST as createContactPost } from "@/app/api/v1/contacts/route";
import { POST as invitePost } from "@/app/api/v1/portal/invitations/route";
import { POST as loginEmailsPost } from "@/app/api/v1/portal/login-emails/route";
import { GET as magicLinkGet } from "@/app/api/v1/portal/users/[id]/magic-link/route";
import { GET as portalUsersGet } from "@/app/api/v1/portal/users/route";
import { GET as outboxGet } from "@/app/api/dev/outbox/route";
import { GET as tlsAskGet } from "@/app/api/tls/ask/route";
import { POST as webhook } from "@/app/api/webhooks/resend/route";
import { adminAction, toActionError } from "@/lib/actions/admin-action";
import { assertStorable } from "@/lib/validation/storable-text";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { decodeCursor, encodeCursor, listContacts } from "@/lib/db/queries/contacts";
import { listAuditEvents } from "@/lib/db/queries/audit";
import { listMessages } from "@/lib/db/queries/messages";
import { listRecentMessages } from "@/lib/db/queries/messages";
import { countMatchingPortalUsers, listPortalUsers } from "@/lib/db/queries/portal-users";
import { auditEvents, contacts, emailProfiles, messageEvents, messages, portalUsers } from "@/lib/db/schema";
import { actionBodyRejection, isMalformedPath } from "@/lib/http/reject-malformed";
import { findUnstorable, storableString } from "@/lib/validation/storable-text";
import { callApi } from "./helpers/api";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

const WEBHOOK_KEY = Buffer.from("obviously-fake-webhook-key-for-input-tests");

let t: TestDb;
useAppTestDb((db) => void (t = db));
beforeAll(() => void (process.env.RESEND_WEBHOOK_SECRET = `whsec_${WEBHOOK_KEY.toString("base64")}`));
afterAll(() => void delete process.env.RESEND_WEBHOOK_SECRET);

const NUL = "\u0000";
const BAD_TEXT = [`a${NUL}b`, "bell\u0007", "esc\u001b[31m", "half \uD800 pair", "\uDC00tail", "del\u007f"];

async function workspace() {
  const ctx = await makeWorkspace(t.db);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const { key } = await createApiKey(ctx, { name: "Fuzz" });
  return { ctx, key, w: ctx.workspace.id };
}

/** Rows a request could have written in this workspace (the key's own audit event is made before we count). */
async function written(w: string) {
  const n = async (table: typeof contacts | typeof portalUsers | typeof messages | typeof auditEvents) =>
    (await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table).where(eq(table.workspaceId, w)))[0].n;
  return { contacts: await n(contacts), portalUsers: await n(portalUsers), messages: await n(messages), audit: await n(auditEvents) };
}

test("a NUL, a control character or a lone surrogate in any API JSON field is 422 TEXT_UNSTORABLE naming the field, and nothing is written", async () => {
  const { key, w } = await workspace();
  const before = await written(w);
  for (const bad of BAD_TEXT) {
    const cases: [typeof createContactPost, string, unknown, string][] = [
      [createContactPost, "/contacts", { firstName: bad, email: "a@example.test" }, "firstName"],
      [createContactPost, "/contacts", { firstName: "A", lastName: "B", company: bad, email: "c@example.test" }, "company"],
      [createContactPost, "/contacts", { firstName: "A", email: `x${bad}@example.test` }, "email"],
      [invitePost, "/portal/invitations", { email: `new${bad}@example.test`, firstName: "New" }, "email"],
      [invitePost, "/portal/invitations", { email: "new@example.test", firstName: bad }, "firstName"],
      [loginEmailsPost, "/portal/login-emails", { portalUserIds: [`${randomUUID()}${bad}`] }, "portalUserIds.0"],
    ];
    for (const [handler, path, body, field] of cases) {
      const res = await callApi(handler, path, { key, body });
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(422);
      expect(res.json.error.code).toBe("TEXT_UNSTORABLE");
      expect(res.json.error.field).toBe(field);
      expect(res.json.error.fields[field][0]).toMatch(/character that can't be stored/);
    }
  }
  const nul = await callApi(createContactPost, "/contacts", { key, body: { firstName: `A${NUL}`, email: "a@example.test" } });
  expect(nul.json.error.message).toBe("This contains a character that can't be stored (NUL). Remove it and try again.");
  expect(await written(w)).toEqual(before);
});

test("the same text with tabs and line breaks is stored: only characters nobody types are refused", async () => {
  const { key } = await workspace();
  const res = await callApi(createContactPost, "/contacts", { key, body: { firstName: "Asha\tRao", company: "Rao\r\n& Co 🚀", email: "asha@example.test" } });
  expect(res.status).toBe(201);
});

test("API query strings and path ids holding a NUL are 4xx, never 500", async () => {
  const { key } = await workspace();
  for (const path of ["/contacts?q=%00", "/contacts?q=a%07b", "/contacts?cursor=%00", "/portal/users?status=invited&q=%00", "/portal/users?status=invited&cursor=x%00"]) {
    const handler = path.startsWith("/contacts") ? listContactsGet : portalUsersGet;
    const res = await callApi(handler, path, { key });
    expect(res.status, path).toBe(422);
    expect(res.json.error.code).toBe("TEXT_UNSTORABLE");
  }
  // A hand-made cursor whose sort key holds a NUL is refused as "not one this list made", not sent to Postgres.
  const forged = encodeCursor({ s: "name_asc", k: `a${NUL}`, id: randomUUID() });
  expect((await callApi(listContactsGet, `/contacts?cursor=${forged}`, { key })).status).toBe(422);
  for (const id of [NUL, "not-a-uuid", "%E0%A4%A", `${randomUUID()}${NUL}`]) {
    const res = await callApi(magicLinkGet, `/portal/users/x/magic-link`, { key, params: { id } });
    expect(res.status, JSON.stringify(id)).toBe(404);
  }
});

test("API bodies that are cut short, nested absurdly deep or far too large are 400/413", async () => {
  const { key, w } = await workspace();
  const before = await written(w);
  expect((await callApi(createContactPost, "/contacts", { key, rawBody: '{"firstName":"A","email":"a@ex' })).status).toBe(400);
  expect((await callApi(createContactPost, "/contacts", { key, rawBody: "[".repeat(5000) + "]".repeat(5000) })).status).toBe(400);
  expect((await callApi(createContactPost, "/contacts", { key, rawBody: JSON.stringify({ firstName: "x".repeat(1_100_000) }) })).status).toBe(413);
  expect((await callApi(createContactPost, "/contacts", { key, body: { firstName: 42, email: ["a"] } })).status).toBe(422);
  expect(await written(w)).toEqual(before);
});

test("admin list filters holding a NUL match nothing instead of failing", async () => {
  const { ctx, w } = await workspace();
  await t.db.insert(contacts).values({ workspaceId: w, firstName: "Asha", lastName: "Rao", email: "asha@example.test" });
  for (const q of [NUL, `asha${NUL}`, "a\u0007"]) {
    expect((await listContacts(t.db, { workspaceId: w, q, sort: "name_asc" })).rows).toEqual([]);
    expect((await listPortalUsers(t.db, { workspaceId: w, status: "invited", q })).rows).toEqual([]);
    expect(await countMatchingPortalUsers(t.db, { workspaceId: w, status: "invited", q })).toBe(0);
    expect((await listAuditEvents(t.db, { workspaceId: w, action: q })).events).toEqual([]);
    expect((await listAuditEvents(t.db, { workspaceId: w, actorEmail: q })).events).toEqual([]);
    expect((await listMessages(t.db, { workspaceId: w, to: q })).messages).toEqual([]);
    expect(await listRecentMessages(t.db, { limit: 5, to: q })).toEqual([]);
  }
  expect(decodeCursor(encodeCursor({ s: "name_asc", k: `Rao${NUL}`, id: randomUUID() }), "name_asc")).toBeNull();
  // A forged cursor reads as "from the start", as any other malformed one does.
  const forged = encodeCursor({ s: "name_asc", k: `Rao${NUL}`, id: randomUUID() });
  expect((await listContacts(t.db, { workspaceId: w, sort: "name_asc", after: forged })).rows).toHaveLength(1);
  expect(ctx.workspace.id).toBe(w);
});

test("the dev outbox JSON and the TLS ask answer a NUL with an empty list and a 404", async () => {
  const outbox = await outboxGet(new Request("http://localhost:3000/api/dev/outbox?to=%00"));
  expect(outbox.status).toBe(200);
  expect(await outbox.json()).toEqual([]);
  expect((await tlsAskGet(new Request("http://localhost:3000/api/tls/ask?domain=a%00.example.com"))).status).toBe(404);
});

test("a signed Resend event carrying a NUL is stored (as U+FFFD) and answered 200, so Resend does not retry it for days", async () => {
  const ctx = await makeWorkspace(t.db);
  const providerId = `re_${randomUUID()}`;
  const [m] = await t.db
    .insert(messages)
    .values({ workspaceId: ctx.workspace.id, channel: "email", to: "client@example.test", subject: "Hi", text: "Hi", status: "sent", provider: "resend", providerId, attempts: 1, sentAt: new Date() })
    .returning();
  const body = JSON.stringify({
    type: "email.bounced",
    created_at: new Date().toISOString(),
    data: { email_id: providerId, to: ["client@example.test"], bounce: { type: "Permanent", message: `550 no such user${NUL} \uD800here` } },
  });
  const id = `msg_${randomUUID()}`;
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v1,${createHmac("sha256", WEBHOOK_KEY).update(`${id}.${ts}.${body}`).digest("base64")}`;
  const res = await webhook(
    new Request("http://localhost:3000/api/webhooks/resend", {
      method: "POST",
      headers: { "content-type": "application/json", "svix-id": id, "svix-timestamp": String(ts), "svix-signature": signature },
      body,
    }),
  );
  expect(res.status).toBe(200);
  const [row] = await t.db.select().from(messages).where(eq(messages.id, m.id));
  expect(row.status).toBe("bounced");
  expect(row.lastError).toContain("550 no such user\uFFFD \uFFFDhere");
  expect(await t.db.select().from(messageEvents).where(eq(messageEvents.messageId, m.id))).toHaveLength(1);
});

test("an admin action given a NUL slug answers 'not found' before any query; the input backstop names the field", async () => {
  let ran = false;
  const action = adminAction(storableString(), "admin", async () => void (ran = true));
  expect(await action(`acme${NUL}`, "x")).toMatchObject({ ok: false, code: "WORKSPACE_NOT_FOUND" });
  expect(await action({ then: 1 } as unknown as string, "x")).toMatchObject({ ok: false, code: "WORKSPACE_NOT_FOUND" });
  expect(ran).toBe(false);
  expect(() => assertStorable({ name: `Key${NUL}` })).toThrow(expect.objectContaining({ code: "TEXT_UNSTORABLE", field: "name" }));
  let thrown: unknown;
  try {
    assertStorable({ name: `Key${NUL}` });
  } catch (e) {
    thrown = e;
  }
  expect(toActionError(thrown)).toEqual({
    ok: false,
    code: "TEXT_UNSTORABLE",
    message: "A field holds a character that can't be stored (such as NUL or another control character). Remove it from the highlighted field and try again.",
    fieldErrors: { name: ["This contains a character that can't be stored (NUL). Remove it and try again."] },
  });
  const form = new FormData();
  form.set("portalName", `Acme${NUL}`);
  expect(findUnstorable(form)).toMatchObject({ field: "portalName", message: expect.stringContaining("(NUL)") });
  expect(findUnstorable({ rows: [{ cells: ["ok", "bad\u0001"] }] })).toMatchObject({ field: "rows.0.cells.1" });
  expect(findUnstorable({ text: "line 1\r\n\tline 2 — ü 🚀" })).toBeNull();
  const proxyLike = new Proxy({}, { ownKeys: () => { throw new Error("temporary reference"); } });
  expect(() => assertStorable({ a: proxyLike })).toThrow(expect.objectContaining({ code: "REQUEST_MALFORMED" }));
  expect(storableString().safeParse(`x${NUL}`).error?.issues[0].message).toMatch(/\(NUL\)/);
});

test("paths that do not decode, or decode to control characters, are malformed; ordinary ones are not", () => {
  for (const p of ["/w/%E0%A4%A", "/l/%E0%A4%A", "/w/%", "/w/%zz", "/w/acme%00/contacts", "/l/%0a", "/w/%FF"]) expect(isMalformedPath(p), p).toBe(true);
  for (const p of ["/", "/w/acme/contacts", "/l/AbC-_09", "/w/%E0%A4%A4", "/w/caf%C3%A9", "/w/a%20b"]) expect(isMalformedPath(p), p).toBe(false);
});

test("server action bodies React cannot decode are refused with 400/413 before Next.js reads them", async () => {
  const h = (type: string, length?: number) => new Headers({ "next-action": "7f00", "content-type": type, ...(length ? { "content-length": String(length) } : {}) });
  const body = (s: string | Uint8Array) => async () => (typeof s === "string" ? new TextEncoder().encode(s) : s);
  const text = "text/plain;charset=UTF-8";
  expect(await actionBodyRejection(h(text), body('["acme",{"name":"ok","n":"$n5","d":"$D2026-01-01T00:00:00.000Z","s":"$$cash"}]'))).toBeNull();
  expect(await actionBodyRejection(h(text), body('["acme",{"name":"ab"'))).toMatchObject({ status: 400, code: "REQUEST_MALFORMED" });
  expect(await actionBodyRejection(h(text), body('"x"'))).toMatchObject({ status: 400 });
  expect(await actionBodyRejection(h(text), body('["$Q5"]'))).toMatchObject({ status: 400 });
  expect(await actionBodyRejection(h(text), body('["acme","$n12x"]'))).toMatchObject({ status: 400 });
  expect(await actionBodyRejection(h(text), body(new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d])))).toMatchObject({ status: 400 });
  expect(await actionBodyRejection(h("application/json"), body("xx"))).toMatchObject({ status: 400 });
  expect(await actionBodyRejection(h(text, 3_000_000), body("[]"))).toMatchObject({ status: 413, code: "REQUEST_TOO_LARGE" });
  expect(await actionBodyRejection(h(text), body(new Uint8Array(2 * 1024 * 1024 + 10)))).toMatchObject({ status: 413 });
  const mp = "multipart/form-data; boundary=----x";
  const whole = '------x\r\nContent-Disposition: form-data; name="0"\r\n\r\n["acme",{"name":"mp"}]\r\n------x--\r\n';
  expect(await actionBodyRejection(h(mp), body(whole))).toBeNull();
  expect(await actionBodyRejection(h(mp), body(whole.slice(0, 60)))).toMatchObject({ status: 400, code: "REQUEST_MALFORMED" });
  expect(await actionBodyRejection(h(mp), async () => { throw new TypeError("terminated"); })).toMatchObject({ status: 400 });
  expect(await actionBodyRejection(h(mp), async () => null)).toMatchObject({ status: 413, code: "REQUEST_TOO_LARGE" });
  // React's own multipart encoding of (slug, FormData): the root part refers to the form's entries by prefix.
  const part = (name: string, value: string) => `------x\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const withForm = part("0", '["acme","$K1"]') + part("1_name", "Key $Q9 name") + "------x--\r\n";
  expect(await actionBodyRejection(h(mp), body(withForm))).toBeNull();
  const withMap = part("0", '["acme","$Q1"]') + part("1", '[["a",1]]') + "------x--\r\n";
  expect(await actionBodyRejection(h(mp), body(withMap))).toBeNull();
  const file = '------x\r\nContent-Disposition: form-data; name="1"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\r\n';
  expect(await actionBodyRejection(h(mp), body(part("0", '["acme","$B1"]') + file + "------x--\r\n"))).toBeNull();
  const misshapen = [
    part("0", '["acme","$B1"]') + part("1", "not a file"), // a Blob reference to a text part
    part("0", '["acme","$Q1"]') + part("1", '{"x":1}'), // a Map that is not a list of pairs
    part("0", '["acme","$W1"]') + part("1", '"str"'),
    part("0", '["acme","$i1"]') + part("1", "5"),
    part("0", '["acme","$1"]') + part("1", '["$1"]'), // a cycle
    part("0", '["acme","$h1"]') + part("1", '{"id":"x","bound":null}'), // a server reference as an argument
    part("0", '["acme","$F1"]') + part("1", '{"id":"x","bound":null}'),
    part("0", '["acme","$R1"]') + part("1", "x"),
    part("0", '{"not":"args"}'),
    part("0", '["acme","$nope"]'),
    // Tags React knows but our actions never send: its decoder fails the request with a 500 on each.
    ...["$T", "$E", "$Y", "$Zx", "$S"].map((tag) => part("0", `[{"a":"${tag}"},"$K1"]`) + part("_1_email", "a@b.c")),
  ];
  for (const bad of misshapen) expect(await actionBodyRejection(h(mp), body(bad + "------x--\r\n")), bad).toMatchObject({ status: 400 });
  for (const bad of [part("0", '["acme","$Q9"]'), part("0", '["acme",{"x":"$@2"}]'), part("1", "[]"), part("0", '["acme"')]) {
    expect(await actionBodyRejection(h(mp), body(bad + "------x--\r\n")), bad).toMatchObject({ status: 400 });
  }
  // A form posted before hydration (no Next-Action header) carries its own field names; only its framing is checked.
  const mpa = new Headers({ "content-type": mp });
  expect(await actionBodyRejection(mpa, body(part("$ACTION_ID_7f00", "") + part("0", "not json") + "------x--\r\n"))).toBeNull();
  // A bound action posted before hydration (useActionState's form): its metadata and bound arguments must decode.
  const bound = (meta: string, args?: string) => part("$ACTION_REF_1", "") + part("$ACTION_1:0", meta) + (args ? part("$ACTION_1:1", args) : "") + part("name", "Key") + "------x--\r\n";
  expect(await actionBodyRejection(mpa, body(bound('{"id":"7f00","bound":"$@1"}', '["acme",null]')))).toBeNull();
  expect(await actionBodyRejection(mpa, body(bound('{"id":"7f00","bound":null}')))).toBeNull();
  expect(await actionBodyRejection(mpa, body(bound('{"id":"7f00","bound":"$@1"}', '[{"a":"$T"}]'))), "$T bound").toMatchObject({ status: 400 });
  for (const [meta, args] of [['{"id":"7f00","bound":"$@1"}', undefined], ['{"id":"7f00","bound":"$@1"}', '{"x":1}'], ["not json", undefined], ['{"bound":null}', undefined]] as const) {
    expect(await actionBodyRejection(mpa, body(bound(meta, args))), meta).toMatchObject({ status: 400 });
  }
});
