import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contextFor } from "@/lib/auth/admin-context";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { CONTACTS_ROLE } from "@/lib/contacts/access";
import { createContact, createContactSchema } from "@/lib/contacts/create-contact";
import { deleteContact } from "@/lib/contacts/delete-contact";
import { contactSorts, type ContactSort } from "@/lib/contacts/list-options";
import { updateContact, updateContactSchema } from "@/lib/contacts/update-contact";
import { auditEvents, contacts } from "@/lib/db/schema";
import { countContacts, getContact, listContacts } from "@/lib/db/queries/contacts";
import { createTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const create = (ctx: AdminCtx, raw: Record<string, unknown>) => createContact(ctx, createContactSchema.parse(raw));
const update = (ctx: AdminCtx, raw: Record<string, unknown>) => updateContact(ctx, updateContactSchema.parse(raw));

async function auditsFor(ctx: AdminCtx, action: string) {
  return t.db
    .select({ targetId: auditEvents.targetId, data: auditEvents.data, actor: auditEvents.actorUserId })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, ctx.workspace.id), eq(auditEvents.action, action)));
}

async function allRows(ctx: AdminCtx) {
  return t.db.select().from(contacts).where(eq(contacts.workspaceId, ctx.workspace.id)).orderBy(contacts.id);
}

describe("create, edit, delete", () => {
  test("a contact is stored with a lower-cased email and an E.164 phone, and audited", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    const { id } = await create(ctx, { firstName: " Asha ", lastName: "Rao", email: "Asha.Rao@Example.IN", phone: "098765 43210", company: "Acme" });
    const c = await getContact(t.db, { workspaceId: ctx.workspace.id, id });
    expect(c).toMatchObject({ firstName: "Asha", lastName: "Rao", email: "asha.rao@example.in", phone: "+919876543210", company: "Acme" });
    expect(await auditsFor(ctx, "contact.create")).toEqual([expect.objectContaining({ targetId: id, actor: ctx.user.id })]);
  });

  test("the form's schema refuses what the server would, with words that say what to do", () => {
    const bad = createContactSchema.safeParse({ firstName: "", email: "not-an-email" });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages.firstName).toBe("Enter a first name.");
    expect(messages.email).toBe("Enter a valid email address, e.g. name@example.com");
    const neither = createContactSchema.safeParse({ firstName: "A" });
    expect(neither.error?.issues[0]).toMatchObject({ path: ["email"], message: expect.stringContaining("email address or a phone number") });
  });

  test("an invalid phone is a field error with an example, and nothing is written", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    await expect(create(ctx, { firstName: "A", phone: "12345" })).rejects.toMatchObject({
      code: "PHONE_INVALID",
      field: "phone",
      message: expect.stringMatching(/^Enter a valid phone number, e\.g\. \+91 /),
    });
    expect(await allRows(ctx)).toHaveLength(0);
    expect(await auditsFor(ctx, "contact.create")).toHaveLength(0);
  });

  test("a duplicate email in another case is a field error, and nothing is written", async () => {
    const ctx = await makeWorkspace(t.db);
    await create(ctx, { firstName: "Asha", email: "asha@example.in" });
    await expect(create(ctx, { firstName: "Other", email: "ASHA@Example.in" })).rejects.toMatchObject({
      code: "CONTACT_EMAIL_TAKEN",
      field: "email",
      message: "Another contact in this workspace already has this email address.",
    });
    expect(await allRows(ctx)).toHaveLength(1);
    expect(await auditsFor(ctx, "contact.create")).toHaveLength(1);
  });

  test("a duplicate phone typed differently is a field error, and nothing is written", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    await create(ctx, { firstName: "Asha", phone: "+91 98765 43210" });
    await expect(create(ctx, { firstName: "Other", phone: "098765-43210" })).rejects.toMatchObject({
      code: "CONTACT_PHONE_TAKEN",
      field: "phone",
      message: "Another contact in this workspace already has this phone number.",
    });
    expect(await allRows(ctx)).toHaveLength(1);
  });

  test("editing changes the fields and audits which ones; taking another contact's email or phone is refused", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    const a = await create(ctx, { firstName: "Asha", email: "asha@example.in", phone: "9876543210" });
    const b = await create(ctx, { firstName: "Ravi", email: "ravi@example.in", phone: "9876500000" });
    const r = await update(ctx, { id: a.id, firstName: "Asha", lastName: "Rao", email: "asha@example.in", phone: "+91 98765 43210", company: "Acme" });
    expect(r.changed.sort()).toEqual(["company", "lastName"]);
    const audits = await auditsFor(ctx, "contact.update");
    expect(audits).toEqual([expect.objectContaining({ targetId: a.id, data: { changed: ["lastName", "company"] } })]);

    const before = await allRows(ctx);
    await expect(update(ctx, { id: b.id, firstName: "Ravi", email: "Asha@example.in" })).rejects.toMatchObject({ code: "CONTACT_EMAIL_TAKEN", field: "email" });
    await expect(update(ctx, { id: b.id, firstName: "Ravi", phone: "09876543210" })).rejects.toMatchObject({ code: "CONTACT_PHONE_TAKEN", field: "phone" });
    expect(await allRows(ctx)).toEqual(before);
    expect(await auditsFor(ctx, "contact.update")).toHaveLength(1);
  });

  test("an edit that changes nothing writes nothing", async () => {
    const ctx = await makeWorkspace(t.db);
    const a = await create(ctx, { firstName: "Asha", email: "asha@example.in" });
    expect((await update(ctx, { id: a.id, firstName: "Asha", email: "ASHA@example.in" })).changed).toEqual([]);
    expect(await auditsFor(ctx, "contact.update")).toHaveLength(0);
  });

  test("deleting removes the contact and audits it; deleting again is NOT_FOUND", async () => {
    const ctx = await makeWorkspace(t.db);
    const a = await create(ctx, { firstName: "Asha", email: "asha@example.in" });
    await deleteContact(ctx, { id: a.id });
    expect(await getContact(t.db, { workspaceId: ctx.workspace.id, id: a.id })).toBeNull();
    expect(await auditsFor(ctx, "contact.delete")).toEqual([expect.objectContaining({ targetId: a.id })]);
    await expect(deleteContact(ctx, { id: a.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The freed email can be used again.
    await create(ctx, { firstName: "New Asha", email: "asha@example.in" });
  });

  test("a malformed id is simply not found", async () => {
    const ctx = await makeWorkspace(t.db);
    expect(await getContact(t.db, { workspaceId: ctx.workspace.id, id: "nope' or 1=1 --" })).toBeNull();
    expect(updateContactSchema.safeParse({ id: "nope", firstName: "A", email: "a@b.co" }).success).toBe(false);
  });
});

describe("search", () => {
  let ctx: AdminCtx;
  beforeAll(async () => {
    ctx = await makeWorkspace(t.db, { country: "IN" });
    await create(ctx, { firstName: "Asha", lastName: "Rao", email: "asha@acme.in", phone: "+91 98765 43210", company: "Acme" });
    await create(ctx, { firstName: "Ravi", lastName: "Kumar", email: "ravi_k@globex.com", phone: "9123456789", company: "Globex 100%" });
    await create(ctx, { firstName: "Meera", lastName: "Iyer", email: "meera@initech.io" });
  });
  const names = async (q: string) =>
    (await listContacts(t.db, { workspaceId: ctx.workspace.id, q, sort: "name_asc" })).rows.map((r) => r.firstName);

  test("by name, in any case, first and last together", async () => {
    expect(await names("asha")).toEqual(["Asha"]);
    expect(await names("RAVI kum")).toEqual(["Ravi"]);
    expect(await names("iyer")).toEqual(["Meera"]);
  });

  test("by email fragment and company", async () => {
    expect(await names("@acme")).toEqual(["Asha"]);
    expect(await names("globex.com")).toEqual(["Ravi"]);
    expect(await names("initech")).toEqual(["Meera"]);
  });

  test("by phone typed with spaces, dashes, a leading 0 or the country code", async () => {
    expect(await names("98765 43210")).toEqual(["Asha"]);
    expect(await names("098765-43210")).toEqual(["Asha"]);
    expect(await names("+91 98765 43210")).toEqual(["Asha"]);
    expect(await names("91234")).toEqual(["Ravi"]);
  });

  test("wildcards in the input are literal", async () => {
    expect(await names("%")).toEqual(["Ravi"]); // only "Globex 100%" contains a percent sign
    expect(await names("_")).toEqual(["Ravi"]); // only ravi_k has an underscore
    expect(await names("a%a")).toEqual([]);
    expect(await names("nobody")).toEqual([]);
  });
});

describe("keyset pagination", () => {
  let ctx: AdminCtx;
  const N = 130;
  beforeAll(async () => {
    ctx = await makeWorkspace(t.db);
    // Three statements (three created_at values, many ties) and repeated names, so the id tie-break matters.
    for (let batch = 0; batch < 3; batch++) {
      const values = [];
      for (let i = batch; i < N; i += 3) {
        values.push({ workspaceId: ctx.workspace.id, firstName: `Person ${String(i % 40).padStart(2, "0")}`, email: `p${i}@example.test` });
      }
      await t.db.insert(contacts).values(values);
    }
  });

  async function expected(sort: ContactSort) {
    const order = {
      name_asc: sql`sort_name asc, id asc`,
      name_desc: sql`sort_name desc, id desc`,
      newest: sql`created_at desc, id desc`,
      oldest: sql`created_at asc, id asc`,
    }[sort];
    const rows = await t.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.workspaceId, ctx.workspace.id)).orderBy(order);
    return rows.map((r) => r.id);
  }

  test.each(Object.keys(contactSorts) as ContactSort[])("walks all rows forward and back in %s order, no duplicates or gaps", async (sort) => {
    const want = await expected(sort);
    expect(want).toHaveLength(N);
    const pages: string[][] = [];
    let after: string | null = null;
    let page;
    do {
      page = await listContacts(t.db, { workspaceId: ctx.workspace.id, sort, after });
      pages.push(page.rows.map((r) => r.id));
      expect(page.prev === null).toBe(pages.length === 1);
      after = page.next;
    } while (after);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 30]);
    expect(pages.flat()).toEqual(want);

    // Back from the last page with "Previous" links gives the same pages.
    let before = page.prev;
    for (let i = pages.length - 2; i >= 0; i--) {
      const back = await listContacts(t.db, { workspaceId: ctx.workspace.id, sort, before });
      expect(back.rows.map((r) => r.id)).toEqual(pages[i]);
      expect(back.next).not.toBeNull();
      before = back.prev;
    }
    expect(before).toBeNull();
  });

  test("search and pagination combine", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await listContacts(t.db, { workspaceId: ctx.workspace.id, sort: "name_asc", q: "person 1", after, limit: 7 });
      seen.push(...page.rows.map((r) => r.firstName));
      after = page.next;
    } while (after);
    // "Person 10".."Person 19": i % 40 in 10..19 for i < 130 is i in 10–19, 50–59 and 90–99.
    expect(seen.every((n) => n.startsWith("Person 1"))).toBe(true);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(10);
  });

  test("a cursor from another sort order, or a forged one, starts from the beginning", async () => {
    const first = await listContacts(t.db, { workspaceId: ctx.workspace.id, sort: "name_asc" });
    const other = await listContacts(t.db, { workspaceId: ctx.workspace.id, sort: "newest", after: first.next });
    expect(other.prev).toBeNull();
    expect(other.rows.map((r) => r.id)).toEqual((await expected("newest")).slice(0, 50));
    const forged = Buffer.from(JSON.stringify({ s: "newest", k: "'; drop table contacts; --", id: first.rows[0].id })).toString("base64url");
    expect((await listContacts(t.db, { workspaceId: ctx.workspace.id, sort: "newest", after: forged })).prev).toBeNull();
    expect((await listContacts(t.db, { workspaceId: ctx.workspace.id, sort: "newest", after: "garbage!!" })).rows).toHaveLength(50);
    expect(await countContacts(t.db, { workspaceId: ctx.workspace.id })).toBe(N);
  });
});

describe("tenant isolation and roles", () => {
  test("an admin of workspace A can neither read nor change workspace B's contacts", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    const x = await create(b, { firstName: "Secret", lastName: "Client", email: "secret@b.example", phone: "+91 98765 11111" });
    const snapshot = await allRows(b);

    expect(await getContact(t.db, { workspaceId: a.workspace.id, id: x.id })).toBeNull();
    for (const q of ["secret", "b.example", "98765 11111", ""]) {
      expect((await listContacts(t.db, { workspaceId: a.workspace.id, sort: "name_asc", q })).rows).toEqual([]);
    }
    await expect(update(a, { id: x.id, firstName: "Hacked", email: "hacked@a.example" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteContact(a, { id: x.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await allRows(b)).toEqual(snapshot);
    expect(await allRows(a)).toEqual([]);

    // The same email and phone are free in another workspace: uniqueness is per workspace.
    await create(a, { firstName: "Own", email: "secret@b.example", phone: "+91 98765 11111" });
    expect(await allRows(b)).toEqual(snapshot);
  });

  test("marketing members are refused contacts; non-members do not even see the workspace", async () => {
    const owner = await makeWorkspace(t.db);
    const marketing = await addMember(owner, "marketing");
    const admin = await addMember(owner, "admin");
    await expect(contextFor(t.db, marketing.user, owner.workspace.slug, CONTACTS_ROLE)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(contextFor(t.db, admin.user, owner.workspace.slug, CONTACTS_ROLE)).resolves.toMatchObject({ role: "admin" });
    await expect(contextFor(t.db, owner.user, owner.workspace.slug, CONTACTS_ROLE)).resolves.toMatchObject({ role: "owner" });
    const stranger = await makeWorkspace(t.db);
    await expect(contextFor(t.db, stranger.user, owner.workspace.slug, CONTACTS_ROLE)).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
  });
});
