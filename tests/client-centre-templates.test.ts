import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { auditEvents, clientCentreTemplates } from "@/lib/db/schema";
import {
  defaultClientCentreTemplate,
  DEFAULT_TEMPLATE_NAME,
  ensureDefaultTemplate,
  getClientCentreTemplate,
  joinBody,
  listClientCentreTemplates,
  renderInvitation,
  splitBody,
  SYSTEM_TAG,
} from "@/lib/client-centre/client-centre-templates";
import { deleteClientCentreTemplate } from "@/lib/client-centre/delete-client-centre-template";
import { makeDefaultClientCentreTemplate, saveClientCentreTemplate, saveClientCentreTemplateSchema } from "@/lib/client-centre/save-client-centre-template";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const rows = (w: string) => t.db.select().from(clientCentreTemplates).where(eq(clientCentreTemplates.workspaceId, w));

test("the default template is created lazily, once, even when asked for 10 times at once", async () => {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  expect(await rows(w)).toHaveLength(0);
  const all = await Promise.all(Array.from({ length: 10 }, () => ensureDefaultTemplate(t.db, { workspaceId: w })));
  expect(new Set(all.map((r) => r.id)).size).toBe(1);
  const [row] = await rows(w);
  expect(row).toMatchObject({ name: DEFAULT_TEMPLATE_NAME, isDefault: true, ...defaultClientCentreTemplate });
  expect(row.body.split(SYSTEM_TAG)).toHaveLength(2);
});

test("saving refuses a body without the tag, with it twice or altered, and the tag in the subject; nothing is saved", async () => {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  const bad: [string, string, string][] = [
    ["Hi", "No link", "body"],
    ["Hi", `${SYSTEM_TAG} ${SYSTEM_TAG}`, "body"],
    ["Hi", "{{ client_centre.link }}", "body"],
    ["Hi", "{{client_centre.lnk}}", "body"],
    ["Hi", `{{Client_Centre.Link}} ${SYSTEM_TAG}`, "body"],
    [`Link ${SYSTEM_TAG}`, SYSTEM_TAG, "subject"],
  ];
  for (const [subject, body, field] of bad) {
    await expect(saveClientCentreTemplate(ctx, { name: "Mine", subject, body }), body).rejects.toMatchObject({ code: "SYSTEM_TAG_MISSING", field });
  }
  await expect(saveClientCentreTemplate(ctx, { name: "Mine", subject: "Hi", body: `{{nope}} ${SYSTEM_TAG}` })).rejects.toMatchObject({ code: "VALIDATION_FAILED", field: "body" });
  await expect(saveClientCentreTemplate(ctx, { name: "Mine", subject: "Hi {{", body: SYSTEM_TAG })).rejects.toMatchObject({ code: "VALIDATION_FAILED", field: "subject" });
  expect((await rows(w)).filter((r) => r.name === "Mine")).toHaveLength(0);
  // The schema refuses blanks and oversize input with words per field.
  expect(saveClientCentreTemplateSchema.safeParse({ name: "", subject: "", body: SYSTEM_TAG }).error?.issues.map((i) => i.path[0]).sort()).toEqual(["name", "subject"]);
  expect(saveClientCentreTemplateSchema.safeParse({ name: "x", subject: "x", body: "a".repeat(10_001) }).success).toBe(false);
});

test("create from the editor's two boxes, rename clash, edit, make default (one default at a time), delete", async () => {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  const a = await saveClientCentreTemplate(ctx, { name: "Follow-up", subject: "Reminder: {{request.title}}", bodyBefore: "Hi {{contact.first_name}},\n\n", bodyAfter: "\n\nDue {{request.due_date}}." });
  const saved = await getClientCentreTemplate(t.db, { workspaceId: w, templateId: a.id });
  expect(saved.body).toBe(`Hi {{contact.first_name}},\n\n${SYSTEM_TAG}\n\nDue {{request.due_date}}.`);
  expect(saved.isDefault).toBe(false);
  // The default was made on the way; names are unique regardless of case.
  await expect(saveClientCentreTemplate(ctx, { name: "follow-UP", subject: "x", body: SYSTEM_TAG })).rejects.toMatchObject({ code: "CLIENT_CENTRE_TEMPLATE_NAME_TAKEN", field: "name" });
  await saveClientCentreTemplate(ctx, { id: a.id, name: "Follow-up 2", subject: "Again", body: `x ${SYSTEM_TAG}` });
  expect(await getClientCentreTemplate(t.db, { workspaceId: w, templateId: a.id })).toMatchObject({ name: "Follow-up 2", subject: "Again" });

  const def = await ensureDefaultTemplate(t.db, { workspaceId: w });
  await expect(deleteClientCentreTemplate(ctx, { id: def.id })).rejects.toMatchObject({ code: "CLIENT_CENTRE_TEMPLATE_IS_DEFAULT" });
  await makeDefaultClientCentreTemplate(ctx, { id: a.id });
  const list = await listClientCentreTemplates(t.db, { workspaceId: w });
  expect(list.filter((r) => r.isDefault).map((r) => r.id)).toEqual([a.id]);
  expect(list[0].id).toBe(a.id);
  await deleteClientCentreTemplate(ctx, { id: def.id });
  expect((await rows(w)).map((r) => r.id)).toEqual([a.id]);
  // The last template is the default, so it cannot go.
  await expect(deleteClientCentreTemplate(ctx, { id: a.id })).rejects.toMatchObject({ code: "CLIENT_CENTRE_TEMPLATE_IS_DEFAULT" });
  const actions = (await t.db.select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.workspaceId, w))).map((r) => r.a).sort();
  expect(actions).toEqual(["client_centre_template.create", "client_centre_template.delete", "client_centre_template.make_default", "client_centre_template.update"]);
});

test("another workspace's template is unknown: read, edit, default and delete all say NOT_FOUND", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  const theirs = await saveClientCentreTemplate(b, { name: "Theirs", subject: "x", body: SYSTEM_TAG });
  await expect(getClientCentreTemplate(t.db, { workspaceId: a.workspace.id, templateId: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(saveClientCentreTemplate(a, { id: theirs.id, name: "Mine", subject: "x", body: SYSTEM_TAG })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(makeDefaultClientCentreTemplate(a, { id: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(deleteClientCentreTemplate(a, { id: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  const [row] = await t.db.select().from(clientCentreTemplates).where(and(eq(clientCentreTemplates.id, theirs.id)));
  expect(row).toMatchObject({ name: "Theirs", workspaceId: b.workspace.id });
});

test("rendering fills fields, escapes HTML, makes the lone link a button and never re-reads tags inside values", () => {
  const r = renderInvitation(
    { subject: "{{request.title}}\nfor you", body: `Hi {{contact.first_name}},\n\n${SYSTEM_TAG}\n\nBye` },
    { "contact.first_name": "<b>{{client_centre.link}}</b>", "request.title": "KYC", "client_centre.link": "https://acme.example/l/abc" },
  );
  expect(r.subject).toBe("KYC for you");
  expect(r.text).toBe("Hi <b>{{client_centre.link}}</b>,\n\nhttps://acme.example/l/abc\n\nBye");
  expect(r.html).toContain("&lt;b&gt;");
  expect(r.html).toContain('href="https://acme.example/l/abc"');
  expect(splitBody(joinBody("a", "b"))).toEqual({ bodyBefore: "a", bodyAfter: "b" });
});
