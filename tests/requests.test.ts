import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { auditEvents, contacts, documents, opportunities, opportunityApplicants, requestAnswers, requestItems, requestResponses, requests, requestTemplates } from "@/lib/db/schema";
import { getRequest, listRequestTemplates, requestProgress } from "@/lib/db/queries/requests";
import { addRequestItem, addRequestItemSchema } from "@/lib/requests/add-request-item";
import { createRequest, createRequestSchema } from "@/lib/requests/create-request";
import { deleteRequestTemplate } from "@/lib/requests/delete-request-template";
import { requestItemDefSchema } from "@/lib/requests/item.schema";
import { moveRequestItem, moveRequestItemSchema } from "@/lib/requests/move-request-item";
import { removeRequestItem } from "@/lib/requests/remove-request-item";
import { saveRequestAsTemplate, saveRequestAsTemplateSchema } from "@/lib/requests/save-request-as-template";
import { saveRequestTemplate, saveRequestTemplateSchema } from "@/lib/requests/save-request-template";
import { setRequestStatus, updateRequest, updateRequestSchema } from "@/lib/requests/update-request";
import { updateRequestItem, updateRequestItemSchema } from "@/lib/requests/update-request-item";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const kyc = [
  { kind: "document", label: "PAN card", required: true },
  { kind: "date", label: "Date of birth", required: true, helpText: "As on your PAN card" },
  { kind: "single_choice", label: "Employment type", required: true, options: ["Salaried", "Self-employed"] },
];

async function opportunity(ctx: AdminCtx, name = "Home loan") {
  const [o] = await t.db.insert(opportunities).values({ workspaceId: ctx.workspace.id, name }).returning();
  return o;
}
async function applicant(ctx: AdminCtx, oppId: string, firstName: string, role: "primary" | "guarantor" | "applicant" = "applicant") {
  const [c] = await t.db.insert(contacts).values({ workspaceId: ctx.workspace.id, firstName, lastName: "Test", email: `${firstName.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com` }).returning();
  await t.db.insert(opportunityApplicants).values({ workspaceId: ctx.workspace.id, opportunityId: oppId, contactId: c.id, role });
  return c;
}
const template = (ctx: AdminCtx, raw: Record<string, unknown>) => saveRequestTemplate(ctx, saveRequestTemplateSchema.parse(raw));
const create = (ctx: AdminCtx, raw: Record<string, unknown>) => createRequest(ctx, createRequestSchema.parse(raw));
const addItem = (ctx: AdminCtx, requestId: string, item: Record<string, unknown>) => addRequestItem(ctx, addRequestItemSchema.parse({ owner: "request", ownerId: requestId, item }));
const itemsOf = async (requestId: string) =>
  (await t.db.select().from(requestItems).where(eq(requestItems.requestId, requestId)).orderBy(requestItems.position)).map((i) => ({ label: i.label, kind: i.kind, options: i.options, position: i.position, id: i.id }));
const messagesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("creating a request", () => {
  test("from scratch: a draft with no items, that cannot be opened until it has one", async () => {
    const ctx = await makeWorkspace(t.db);
    const o = await opportunity(ctx);
    const r = await create(ctx, { opportunityId: o.id, title: "Bank statements", message: "Last 6 months", dueDate: "2099-01-31", reminderDaysBefore: "3" });
    expect(r.status).toBe("draft");
    await expect(setRequestStatus(ctx, { id: r.id, status: "open" })).rejects.toMatchObject({ code: "REQUEST_NO_ITEMS" });
    const base = { id: r.id, title: "Bank statements", dueDate: "2099-01-31", reminderDaysBefore: 3 };
    await expect(updateRequest(ctx, updateRequestSchema.parse({ ...base, status: "open" }))).rejects.toMatchObject({ code: "REQUEST_NO_ITEMS" });
    const [row] = await t.db.select().from(requests).where(eq(requests.id, r.id));
    expect(row).toMatchObject({ status: "draft", reminderDaysBefore: 3, message: "Last 6 months" });
    expect(row.dueAt?.toISOString()).toBe("2099-01-31T23:59:59.999Z");
    await addItem(ctx, r.id, { kind: "document", label: "Statement", required: "on" });
    expect(await setRequestStatus(ctx, { id: r.id, status: "open" })).toEqual({ id: r.id, status: "open" });
    const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.workspaceId, ctx.workspace.id));
    expect(audits.map((a) => a.action).sort()).toEqual(["request.create", "request.item_add", "request.status"]);
  });

  test("from a template: title, message and items are copied, and editing the template later changes nothing", async () => {
    const ctx = await makeWorkspace(t.db);
    const o = await opportunity(ctx);
    const tpl = await template(ctx, { name: "KYC documents", title: "KYC", message: "Please upload", items: kyc });
    const r = await create(ctx, { opportunityId: o.id, templateId: tpl.id, dueDate: "" });
    expect(r.status).toBe("open");
    const before = await getRequest(t.db, { workspaceId: ctx.workspace.id, id: r.id });
    expect(before).toMatchObject({ title: "KYC", message: "Please upload", templateId: tpl.id, dueAt: null });
    expect(before!.items.map((i) => [i.kind, i.label, i.required, i.options, i.helpText])).toEqual([
      ["document", "PAN card", true, null, null],
      ["date", "Date of birth", true, null, "As on your PAN card"],
      ["single_choice", "Employment type", true, ["Salaried", "Self-employed"], null],
    ]);
    await template(ctx, { id: tpl.id, name: "KYC documents", title: "KYC v2", items: [{ kind: "number", label: "Income", required: false }] });
    await addRequestItem(ctx, addRequestItemSchema.parse({ owner: "template", ownerId: tpl.id, item: { kind: "short_text", label: "Extra" } }));
    const after = await getRequest(t.db, { workspaceId: ctx.workspace.id, id: r.id });
    expect(after).toEqual(before);
    // A typed title wins over the template's.
    const r2 = await create(ctx, { opportunityId: o.id, templateId: tpl.id, title: "Ravi's KYC" });
    expect((await getRequest(t.db, { workspaceId: ctx.workspace.id, id: r2.id }))!.title).toBe("Ravi's KYC");
  });

  test("bad input: no title, reminders without a due date, an impossible date", () => {
    const id = "00000000-0000-4000-8000-000000000000";
    expect(messagesOf(createRequestSchema.safeParse({ opportunityId: id, title: "" }))).toEqual({ title: "Give the request a title the client will see." });
    expect(messagesOf(createRequestSchema.safeParse({ opportunityId: id, title: "A", reminderDaysBefore: "2" }))).toEqual({
      reminderDaysBefore: "Reminders count back from the due date: set a due date, or turn reminders off.",
    });
    expect(messagesOf(createRequestSchema.safeParse({ opportunityId: id, title: "A", dueDate: "2026-02-30" }))).toEqual({ dueDate: "That date does not exist. Pick it from the calendar." });
    expect(messagesOf(createRequestSchema.safeParse({ opportunityId: id, title: "A\u0000" })).title).toMatch(/NUL/);
    expect(messagesOf(createRequestSchema.safeParse({ opportunityId: "x", title: "A" }))).toEqual({ opportunityId: "That opportunity does not exist." });
  });
});

describe("editing a request", () => {
  test("only changed fields are recorded; a new due date restarts reminders; a form's flat fields map to an item", async () => {
    const ctx = await makeWorkspace(t.db);
    const o = await opportunity(ctx);
    const r = await create(ctx, { opportunityId: o.id, title: "Bank statements", dueDate: "2099-01-31", reminderDaysBefore: 2 });
    await t.db.update(requests).set({ lastReminderAt: new Date("2099-01-29T00:00:00Z") }).where(eq(requests.id, r.id));
    const same = { id: r.id, title: "Bank statements", dueDate: "2099-01-31", reminderDaysBefore: "2", status: "draft" };
    expect(await updateRequest(ctx, updateRequestSchema.parse(same))).toEqual({ id: r.id, changed: [] });
    expect((await t.db.select().from(requests).where(eq(requests.id, r.id)))[0].lastReminderAt).not.toBeNull();
    expect(await updateRequest(ctx, updateRequestSchema.parse({ ...same, title: "Statements", dueDate: "2099-02-28", message: "6 months" }))).toEqual({
      id: r.id,
      changed: ["title", "message", "dueAt"],
    });
    const [row] = await t.db.select().from(requests).where(eq(requests.id, r.id));
    expect(row).toMatchObject({ title: "Statements", message: "6 months", lastReminderAt: null });
    expect(updateRequestSchema.safeParse({ ...same, status: "archived" }).success).toBe(false);
    const { itemFormInput } = await import("@/lib/requests/request-item.schema");
    const posted = itemFormInput({ owner: "request", ownerId: r.id, itemId: "", kind: "single_choice", label: "Status", options: "A\nB", required: "on" });
    expect(updateRequestItemSchema.safeParse({ ...posted, itemId: "0" }).data?.item).toEqual({ kind: "single_choice", label: "Status", required: true, options: ["A", "B"] });
  });
});

describe("items", () => {
  test("validation: choices need 2–20 distinct options of ≤100 chars; labels ≤200; help ≤1000; NUL refused", () => {
    const bad = (item: Record<string, unknown>) => messagesOf(requestItemDefSchema.safeParse(item));
    expect(bad({ kind: "single_choice", label: "Pick" })).toEqual({ options: "A choice needs at least 2 options, one per line." });
    expect(bad({ kind: "multiple_choice", label: "Pick", options: "only one" })).toEqual({ options: "A choice needs at least 2 options, one per line." });
    expect(bad({ kind: "single_choice", label: "Pick", options: Array.from({ length: 21 }, (_, i) => `o${i}`) })).toEqual({
      options: "A choice can have at most 20 options. Remove some, or use a short answer instead.",
    });
    expect(bad({ kind: "single_choice", label: "Pick", options: "Yes\nyes\n" })).toEqual({ options: '"yes" is listed twice. Each option must be different.' });
    expect(bad({ kind: "single_choice", label: "Pick", options: ["a", "x".repeat(101)] })).toEqual({ "options.1": "Keep each option under 100 characters." });
    expect(bad({ kind: "short_text", label: "x".repeat(201) })).toEqual({ label: "Keep the label under 200 characters." });
    expect(bad({ kind: "short_text", label: "ok", helpText: "h".repeat(1001) })).toEqual({ helpText: "Keep the help text under 1,000 characters." });
    expect(bad({ kind: "short_text", label: "a\u0000b" }).label).toMatch(/NUL/);
    expect(bad({ kind: "video", label: "a" })).toEqual({ kind: "Pick what kind of item this is." });
    // Options one per line from a textarea, blank lines dropped; a non-choice keeps none.
    expect(requestItemDefSchema.parse({ kind: "single_choice", label: "P", options: " A \r\n\r\nB\n", required: "on" })).toEqual({ kind: "single_choice", label: "P", required: true, options: ["A", "B"] });
    expect(requestItemDefSchema.parse({ kind: "number", label: "N", options: "A\nB" })).toEqual({ kind: "number", label: "N", required: false });
  });

  test("a template holding an invalid item is refused with the same rules", () => {
    const r = saveRequestTemplateSchema.safeParse({ name: "T", title: "T", items: JSON.stringify([{ kind: "single_choice", label: "P", options: ["a"] }]) });
    expect(messagesOf(r)).toEqual({ "items.0.options": "A choice needs at least 2 options, one per line." });
  });

  test("reorder up and down; the ends stay put; edits keep the id", async () => {
    const ctx = await makeWorkspace(t.db);
    const o = await opportunity(ctx);
    const tpl = await template(ctx, { name: "Three", title: "T", items: kyc });
    const r = await create(ctx, { opportunityId: o.id, templateId: tpl.id });
    let items = await itemsOf(r.id);
    const move = (itemId: string, direction: string) => moveRequestItem(ctx, moveRequestItemSchema.parse({ owner: "request", ownerId: r.id, itemId, direction }));
    expect(await move(items[2].id, "up")).toEqual({ moved: true });
    expect((await itemsOf(r.id)).map((i) => i.label)).toEqual(["PAN card", "Employment type", "Date of birth"]);
    expect(await move(items[0].id, "up")).toEqual({ moved: false });
    expect(await move(items[1].id, "down")).toEqual({ moved: false });
    expect(await move(items[0].id, "down")).toEqual({ moved: true });
    items = await itemsOf(r.id);
    expect(items.map((i) => [i.label, i.position])).toEqual([["Employment type", 0], ["PAN card", 1], ["Date of birth", 2]]);
    await updateRequestItem(ctx, updateRequestItemSchema.parse({ owner: "request", ownerId: r.id, itemId: items[0].id, item: { kind: "multiple_choice", label: "Employment", options: "A\nB\nC" } }));
    expect((await itemsOf(r.id))[0]).toMatchObject({ id: items[0].id, kind: "multiple_choice", label: "Employment", options: ["A", "B", "C"] });

    // Template items are moved by position.
    await moveRequestItem(ctx, moveRequestItemSchema.parse({ owner: "template", ownerId: tpl.id, itemId: "0", direction: "down" }));
    const [row] = await t.db.select().from(requestTemplates).where(eq(requestTemplates.id, tpl.id));
    expect(row.items.map((i) => i.label)).toEqual(["Date of birth", "PAN card", "Employment type"]);
    await expect(moveRequestItem(ctx, moveRequestItemSchema.parse({ owner: "template", ownerId: tpl.id, itemId: "7", direction: "up" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("removing an answered item deletes its answers; an answered item's kind cannot change; an open request keeps one item", async () => {
    const ctx = await makeWorkspace(t.db);
    const o = await opportunity(ctx);
    const c = await applicant(ctx, o.id, "Asha");
    const tpl = await template(ctx, { name: "Two", title: "T", items: kyc.slice(1) });
    const r = await create(ctx, { opportunityId: o.id, templateId: tpl.id });
    const [dob, emp] = await itemsOf(r.id);
    await t.db.insert(requestAnswers).values([
      { workspaceId: ctx.workspace.id, requestId: r.id, itemId: dob.id, contactId: c.id, value: "1990-01-01" },
      { workspaceId: ctx.workspace.id, requestId: r.id, itemId: emp.id, contactId: c.id, value: "Salaried" },
    ]);
    await expect(
      updateRequestItem(ctx, updateRequestItemSchema.parse({ owner: "request", ownerId: r.id, itemId: dob.id, item: { kind: "number", label: "Age" } })),
    ).rejects.toMatchObject({ code: "REQUEST_ITEM_ANSWERED", field: "item.kind" });
    expect(await removeRequestItem(ctx, { owner: "request", ownerId: r.id, itemId: dob.id })).toEqual({ answers: 1, documents: 0 });
    expect(await t.db.select().from(requestAnswers).where(eq(requestAnswers.requestId, r.id))).toHaveLength(1);
    await expect(removeRequestItem(ctx, { owner: "request", ownerId: r.id, itemId: emp.id })).rejects.toMatchObject({ code: "REQUEST_NO_ITEMS" });
    expect(await itemsOf(r.id)).toHaveLength(1);
    // Closed, the last item may go.
    await setRequestStatus(ctx, { id: r.id, status: "closed" });
    await removeRequestItem(ctx, { owner: "request", ownerId: r.id, itemId: emp.id });
    expect(await itemsOf(r.id)).toHaveLength(0);
  });
});

describe("templates", () => {
  test("names are unique per workspace whatever their case; another workspace may reuse a name", async () => {
    const ctx = await makeWorkspace(t.db);
    const other = await makeWorkspace(t.db);
    const a = await template(ctx, { name: "KYC documents", title: "KYC" });
    await expect(template(ctx, { name: "kyc DOCUMENTS", title: "x" })).rejects.toMatchObject({ code: "REQUEST_TEMPLATE_NAME_TAKEN", field: "name" });
    const b = await template(ctx, { name: "Loan application", title: "Loan" });
    await expect(template(ctx, { id: b.id, name: " Kyc Documents ", title: "Loan" })).rejects.toMatchObject({ code: "REQUEST_TEMPLATE_NAME_TAKEN" });
    await template(other, { name: "KYC documents", title: "KYC" });
    const o = await opportunity(ctx);
    const r = await create(ctx, { opportunityId: o.id, title: "R" });
    await expect(saveRequestAsTemplate(ctx, saveRequestAsTemplateSchema.parse({ requestId: r.id, name: "KYC Documents" }))).rejects.toMatchObject({ code: "REQUEST_TEMPLATE_NAME_TAKEN" });
    const list = await listRequestTemplates(t.db, { workspaceId: ctx.workspace.id, limit: 1 });
    expect(list.rows.map((x) => x.id)).toEqual([a.id]);
    const page2 = await listRequestTemplates(t.db, { workspaceId: ctx.workspace.id, limit: 1, after: list.next });
    expect(page2).toMatchObject({ rows: [expect.objectContaining({ id: b.id })], next: null });
  });

  test("save a request as a template copies its items in order; deleting a template leaves requests alone", async () => {
    const ctx = await makeWorkspace(t.db);
    const o = await opportunity(ctx);
    const tpl = await template(ctx, { name: "Src", title: "Src title", items: kyc });
    const r = await create(ctx, { opportunityId: o.id, templateId: tpl.id });
    const items = await itemsOf(r.id);
    await moveRequestItem(ctx, { owner: "request", ownerId: r.id, itemId: items[2].id, direction: "up" });
    const { id } = await saveRequestAsTemplate(ctx, saveRequestAsTemplateSchema.parse({ requestId: r.id, name: "Copy" }));
    const [copy] = await t.db.select().from(requestTemplates).where(eq(requestTemplates.id, id));
    expect(copy).toMatchObject({ title: "Src title", items: [expect.objectContaining({ label: "PAN card" }), expect.objectContaining({ label: "Employment type", options: ["Salaried", "Self-employed"] }), expect.objectContaining({ label: "Date of birth" })] });
    await deleteRequestTemplate(ctx, { id: tpl.id });
    const [req] = await t.db.select().from(requests).where(eq(requests.id, r.id));
    expect(req.templateId).toBeNull();
    expect(await itemsOf(r.id)).toHaveLength(3);
  });
});

describe("tenant isolation", () => {
  test("another workspace's opportunity, request, item and template ids are NOT_FOUND and change nothing", async () => {
    const mine = await makeWorkspace(t.db);
    const theirs = await makeWorkspace(t.db);
    const theirOpp = await opportunity(theirs, "Theirs");
    const theirTpl = await template(theirs, { name: "Their KYC", title: "T", items: kyc });
    const theirReq = await create(theirs, { opportunityId: theirOpp.id, templateId: theirTpl.id });
    const [theirItem] = await itemsOf(theirReq.id);
    const myOpp = await opportunity(mine);
    const myReq = await create(mine, { opportunityId: myOpp.id, title: "Mine" });
    const snapshot = async () => ({
      reqs: await t.db.select().from(requests).where(eq(requests.workspaceId, theirs.workspace.id)),
      items: await itemsOf(theirReq.id),
      tpl: await t.db.select().from(requestTemplates).where(eq(requestTemplates.workspaceId, theirs.workspace.id)),
      mineItems: await itemsOf(myReq.id),
    });
    const before = await snapshot();
    const nf = { code: "NOT_FOUND" };
    await expect(create(mine, { opportunityId: theirOpp.id, title: "x" })).rejects.toMatchObject(nf);
    await expect(create(mine, { opportunityId: myOpp.id, templateId: theirTpl.id })).rejects.toMatchObject(nf);
    await expect(updateRequest(mine, updateRequestSchema.parse({ id: theirReq.id, title: "hacked", status: "closed" }))).rejects.toMatchObject(nf);
    await expect(setRequestStatus(mine, { id: theirReq.id, status: "closed" })).rejects.toMatchObject(nf);
    await expect(addItem(mine, theirReq.id, { kind: "short_text", label: "x" })).rejects.toMatchObject(nf);
    const item = { kind: "short_text", label: "x" };
    await expect(updateRequestItem(mine, updateRequestItemSchema.parse({ owner: "request", ownerId: theirReq.id, itemId: theirItem.id, item }))).rejects.toMatchObject(nf);
    // Their item id under my request: still not found.
    await expect(updateRequestItem(mine, updateRequestItemSchema.parse({ owner: "request", ownerId: myReq.id, itemId: theirItem.id, item }))).rejects.toMatchObject(nf);
    await expect(removeRequestItem(mine, { owner: "request", ownerId: myReq.id, itemId: theirItem.id })).rejects.toMatchObject(nf);
    await expect(moveRequestItem(mine, { owner: "request", ownerId: theirReq.id, itemId: theirItem.id, direction: "down" })).rejects.toMatchObject(nf);
    await expect(template(mine, { id: theirTpl.id, name: "x", title: "x" })).rejects.toMatchObject(nf);
    await expect(addRequestItem(mine, addRequestItemSchema.parse({ owner: "template", ownerId: theirTpl.id, item }))).rejects.toMatchObject(nf);
    await expect(deleteRequestTemplate(mine, { id: theirTpl.id })).rejects.toMatchObject(nf);
    await expect(saveRequestAsTemplate(mine, { requestId: theirReq.id, name: "steal" })).rejects.toMatchObject(nf);
    expect(await getRequest(t.db, { workspaceId: mine.workspace.id, id: theirReq.id })).toBeNull();
    expect(await getRequest(t.db, { workspaceId: theirs.workspace.id, id: theirReq.id, opportunityId: myOpp.id })).toBeNull();
    expect(await snapshot()).toEqual(before);
  });
});

describe("progress", () => {
  test("per applicant per item: not opened, in progress (answered or not), submitted; answers and documents newest first", async () => {
    const ctx = await makeWorkspace(t.db);
    const o = await opportunity(ctx);
    const tpl = await template(ctx, { name: "P", title: "P", items: kyc });
    const r = await create(ctx, { opportunityId: o.id, templateId: tpl.id });
    const [pan, dob, emp] = await itemsOf(r.id);
    const none = await applicant(ctx, o.id, "Nobody", "guarantor"); // no response row
    const invited = await applicant(ctx, o.id, "Invited"); // response row, never opened
    const working = await applicant(ctx, o.id, "Working", "primary");
    const done = await applicant(ctx, o.id, "Done");
    const ws = ctx.workspace.id;
    const at = (s: string) => new Date(s);
    await t.db.insert(requestResponses).values([
      { workspaceId: ws, requestId: r.id, contactId: invited.id, invitedAt: at("2026-01-01T00:00:00Z") },
      { workspaceId: ws, requestId: r.id, contactId: working.id, invitedAt: at("2026-01-01T00:00:00Z"), openedAt: at("2026-01-02T00:00:00Z") },
      { workspaceId: ws, requestId: r.id, contactId: done.id, openedAt: at("2026-01-02T00:00:00Z"), submittedAt: at("2026-01-03T00:00:00Z") },
    ]);
    await t.db.insert(requestAnswers).values([
      { workspaceId: ws, requestId: r.id, itemId: dob.id, contactId: working.id, value: "1990-05-01" },
      { workspaceId: ws, requestId: r.id, itemId: emp.id, contactId: working.id, value: "" }, // a cleared draft
      { workspaceId: ws, requestId: r.id, itemId: emp.id, contactId: done.id, value: "Salaried" },
      // Text that reads as JSON (a number answer is stored as its digits): it must come back as the same text.
      { workspaceId: ws, requestId: r.id, itemId: dob.id, contactId: done.id, value: "4500000" },
    ]);
    const doc = (contactId: string, name: string, createdAt: string, extra: Partial<typeof documents.$inferInsert> = {}) => ({
      workspaceId: ws,
      requestId: r.id,
      requestItemId: pan.id,
      contactId,
      name,
      contentType: "application/pdf",
      size: 1234,
      sha256: "x",
      storageKey: `k-${Math.random()}`,
      createdAt: at(createdAt),
      ...extra,
    });
    await t.db.insert(documents).values([
      doc(working.id, "pan-old.pdf", "2026-01-02T01:00:00Z", { reviewStatus: "rejected", reviewReason: "Blurry" }),
      doc(working.id, "removed.pdf", "2026-01-02T01:30:00Z", { deletedAt: at("2026-01-02T01:40:00Z") }),
      doc(done.id, "pan.pdf", "2026-01-02T02:00:00Z"),
      doc(done.id, "pan-2.pdf", "2026-01-02T03:00:00Z", { reviewStatus: "approved" }),
    ]);
    const req = (await getRequest(t.db, { workspaceId: ws, id: r.id, opportunityId: o.id }))!;
    const progress = await requestProgress(t.db, { workspaceId: ws, request: req });
    expect(progress.map((p) => [p.firstName, p.role, p.state, p.answeredCount])).toEqual([
      ["Working", "primary", "in_progress", 1],
      ["Done", "applicant", "submitted", 3],
      ["Invited", "applicant", "not_opened", 0],
      ["Nobody", "guarantor", "not_opened", 0],
    ]);
    const w = progress[0].items;
    expect(w[pan.id]).toMatchObject({ state: "in_progress", answered: false, documents: [expect.objectContaining({ name: "pan-old.pdf", reviewStatus: "rejected", reviewReason: "Blurry" })] });
    expect(w[dob.id]).toMatchObject({ answered: true, value: "1990-05-01" });
    expect(w[emp.id]).toMatchObject({ answered: false, value: "" });
    expect(progress[1].items[dob.id]).toMatchObject({ answered: true, value: "4500000" });
    const d = progress[1].items;
    expect(d[pan.id].documents.map((x) => x.name)).toEqual(["pan-2.pdf", "pan.pdf"]);
    expect(d[pan.id]).toMatchObject({ state: "submitted", answered: true });
    expect(d[emp.id]).toMatchObject({ state: "submitted", value: "Salaried" });
    expect(progress[3].items[pan.id]).toEqual({ state: "not_opened", answered: false, value: null, documents: [] });
    // Another workspace reading the same request sees nothing of it.
    const other = await makeWorkspace(t.db);
    expect(await requestProgress(t.db, { workspaceId: other.workspace.id, request: req })).toEqual([]);
    void none;
  });
});

describe("demo seed", () => {
  test("two valid templates, an opportunity with three applicants and an open KYC request; running it twice adds nothing", async () => {
    const { seedDemoClientCentre, demoRequestTemplates } = await import("@/lib/demo/seed-demo-client-centre");
    const { requestItemsSchema } = await import("@/lib/requests/item.schema");
    for (const tpl of demoRequestTemplates) expect(requestItemsSchema.parse(tpl.items)).toHaveLength(tpl.items.length);
    const ctx = await makeWorkspace(t.db);
    const ws = ctx.workspace.id;
    const now = Date.parse("2026-03-10T08:00:00Z");
    const first = await seedDemoClientCentre(t.db, { workspaceId: ws, ownerUserId: ctx.user.id, now });
    const again = await seedDemoClientCentre(t.db, { workspaceId: ws, ownerUserId: ctx.user.id, now });
    expect(again).toEqual(first);
    const req = (await getRequest(t.db, { workspaceId: ws, id: first.requestId, opportunityId: first.opportunityId }))!;
    expect(req).toMatchObject({ status: "open", title: "KYC documents", opportunityName: "Home loan – Ravi Kumar" });
    expect(req.dueAt?.toISOString()).toBe("2026-03-17T23:59:59.999Z");
    expect(req.items.map((i) => i.label)).toEqual(["PAN card", "Aadhaar card", "Address proof", "Date of birth", "Employment type"]);
    const progress = await requestProgress(t.db, { workspaceId: ws, request: req });
    expect(progress.map((p) => [p.firstName, p.lastName, p.role, p.email])).toEqual([
      ["Priya", "Sharma", "primary", "priya@example.com"],
      ["Meera", "Iyer", "applicant", "meera.iyer@example.com"],
      ["Arjun", "Sharma", "guarantor", "arjun@example.com"],
    ]);
    const [meera] = await t.db.select().from(contacts).where(eq(contacts.email, "meera.iyer@example.com"));
    expect(meera.phone).toBeNull();
    expect(await t.db.select().from(requestTemplates).where(eq(requestTemplates.workspaceId, ws))).toHaveLength(2);
    expect(await t.db.select().from(requests).where(eq(requests.workspaceId, ws))).toHaveLength(1);
    expect(await t.db.select().from(contacts).where(eq(contacts.workspaceId, ws))).toHaveLength(3);
  });
});
