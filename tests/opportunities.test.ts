import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type { AdminCtx, AdminUser } from "@/lib/auth/admin-context";
import { auditEvents, contacts, opportunities, opportunityApplicants, requestResponses, requests } from "@/lib/db/schema";
import { getOpportunity, listApplicants, listOpportunities, listOpportunityRequests, searchApplicantCandidates } from "@/lib/db/queries/opportunities";
import { addApplicant, addApplicantSchema } from "@/lib/opportunities/add-applicant";
import { changeApplicantRole } from "@/lib/opportunities/change-applicant-role";
import { createOpportunity, createOpportunitySchema } from "@/lib/opportunities/create-opportunity";
import { formatMoney, moneyInputValue, parseMoney } from "@/lib/opportunities/money";
import { removeApplicant } from "@/lib/opportunities/remove-applicant";
import { openSearch, sealSearch } from "@/lib/opportunities/search-token";
import { updateOpportunity, updateOpportunitySchema } from "@/lib/opportunities/update-opportunity";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";

// The operations run against the real database; the form actions are called as the browser posts them, with only
// the signed-in admin played by `actor` (membership and role come from the database as in production).
let actor: AdminUser | null = null;
vi.mock("@/lib/auth/admin-context", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/admin-context")>();
  const { getDb } = await import("@/lib/db");
  const { AppError } = await import("@/lib/errors");
  return {
    ...real,
    requireAdmin: async (slug: string, need: "owner" | "admin" | "marketing") => {
      if (!actor) throw new AppError("UNAUTHENTICATED");
      return real.contextFor(getDb(), actor, slug, need);
    },
  };
});
vi.mock("next/cache", () => ({ refresh: () => {} }));

const actions = await import("@/app/(admin)/w/[slug]/opportunities/[id]/actions");

let t: TestDb;
useAppTestDb((db) => void (t = db));

const create = (ctx: AdminCtx, raw: Record<string, unknown>) => createOpportunity(ctx, createOpportunitySchema.parse(raw));
const add = (ctx: AdminCtx, raw: Record<string, unknown>) => addApplicant(ctx, addApplicantSchema.parse(raw));

async function contact(ctx: AdminCtx, v: Partial<typeof contacts.$inferInsert> = {}) {
  const n = randomUUID().slice(0, 8);
  const [row] = await t.db
    .insert(contacts)
    .values({ workspaceId: ctx.workspace.id, firstName: "Asha", lastName: `Rao${n}`, email: `asha.${n}@example.test`, phone: `+9198${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, ...v })
    .returning();
  return row;
}
const oppRows = (ctx: AdminCtx) => t.db.select().from(opportunities).where(eq(opportunities.workspaceId, ctx.workspace.id));
const applicantRows = (oppId: string) => t.db.select().from(opportunityApplicants).where(eq(opportunityApplicants.opportunityId, oppId));
const audits = (ctx: AdminCtx, action: string) =>
  t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, ctx.workspace.id), eq(auditEvents.action, action)));

function form(ctx: AdminCtx, fields: Record<string, string>) {
  const data = new FormData();
  data.set("_workspace", ctx.workspace.slug);
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}
/** Runs a form action that redirects on success; returns where it went, or the state it returned. */
async function post<S>(fn: (prev: S, d: FormData) => Promise<S>, data: FormData): Promise<{ to?: string; state?: S }> {
  try {
    return { state: await fn({} as S, data) };
  } catch (e) {
    const digest = (e as { digest?: string }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { to: digest.split(";")[2] };
    throw e;
  }
}

let owner: AdminCtx;
beforeAll(async () => {
  owner = await makeWorkspace(t.db);
});

describe("money as typed", () => {
  test("Indian and Western groupings, decimals and a rupee sign are read exactly, in paise", () => {
    expect(parseMoney("12,50,000")).toBe(125_000_000);
    expect(parseMoney("1250000.50")).toBe(125_000_050);
    expect(parseMoney("1,250,000.5")).toBe(125_000_050);
    expect(parseMoney("₹ 0.29")).toBe(29);
    expect(parseMoney("  ")).toBeNull();
    expect(formatMoney(125_000_050)).toBe("₹12,50,000.50");
    expect(moneyInputValue(125_000_000)).toBe("12,50,000");
  });

  test("words, minus signs, exponents, hex, three decimals and stray commas are not amounts", () => {
    for (const bad of ["abc", "-5", "1e3", "0x10", "1.234", "12,,000", ",100", "100,", "1.2.3", "9".repeat(16), "Infinity", "NaN"]) {
      expect(parseMoney(bad), bad).toBeUndefined();
    }
  });
});

describe("create and edit", () => {
  test("an opportunity is stored with its value in paise, owned by its creator by default, and audited", async () => {
    const { id } = await create(owner, { name: "  Home loan – Rao  ", stage: "in_progress", value: "12,50,000" });
    const o = await getOpportunity(t.db, { workspaceId: owner.workspace.id, id });
    expect(o).toMatchObject({ name: "Home loan – Rao", stage: "in_progress", valueCents: 125_000_000, currency: "INR", ownerUserId: owner.user.id });
    expect(await audits(owner, "opportunity.create")).toEqual([expect.objectContaining({ targetId: id, actorUserId: owner.user.id })]);
  });

  test("the schema refuses an empty name, a 201-character name, a bad stage, 'abc' and a negative value with words that say what to do", () => {
    const bad = createOpportunitySchema.safeParse({ name: " ", stage: "maybe", value: "abc" });
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages.name).toMatch(/^Enter a name/);
    expect(messages.stage).toBe("Pick a stage from the list.");
    expect(messages.value).toMatch(/^Enter an amount in rupees, e\.g\. 12,50,000/);
    expect(createOpportunitySchema.safeParse({ name: "x".repeat(201) }).error?.issues[0].message).toBe("Keep the name under 200 characters.");
    expect(createOpportunitySchema.safeParse({ name: "A", value: "-100" }).success).toBe(false);
  });

  test("through the form: bad input comes back with field errors and what was typed; nothing is written", async () => {
    actor = owner.user;
    const before = (await oppRows(owner)).length;
    const res = await post(actions.createOpportunityFormAction, form(owner, { name: "", value: "-5", stage: "new" }));
    expect(res.to).toBeUndefined();
    expect(res.state?.result).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { name: [expect.any(String)], value: [expect.any(String)] } });
    expect(res.state?.values).toMatchObject({ value: "-5" });
    const nul = await post(actions.createOpportunityFormAction, form(owner, { name: "Loan\u0000", stage: "new" }));
    expect(nul.state?.result).toMatchObject({ ok: false, code: "TEXT_UNSTORABLE" });
    expect(await oppRows(owner)).toHaveLength(before);
  });

  test("through the form: a good create goes to the new opportunity's page", async () => {
    actor = owner.user;
    const res = await post(actions.createOpportunityFormAction, form(owner, { name: "Car loan", stage: "new", value: "5,00,000.50", ownerUserId: "" }));
    const id = res.to!.match(/opportunities\/([0-9a-f-]{36})\?notice=created$/)![1];
    expect(await getOpportunity(t.db, { workspaceId: owner.workspace.id, id })).toMatchObject({ name: "Car loan", valueCents: 50_000_050 });
  });

  test("a marketing member cannot create one; nothing is written", async () => {
    const marketing = await addMember(owner, "marketing");
    actor = marketing.user;
    const before = (await oppRows(owner)).length;
    const res = await post(actions.createOpportunityFormAction, form(owner, { name: "Sneaky", stage: "new" }));
    expect(res.state?.result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await oppRows(owner)).toHaveLength(before);
  });

  test("the owner must be a member of this workspace: another workspace's member is a field error", async () => {
    const other = await makeWorkspace(t.db);
    await expect(create(owner, { name: "X", ownerUserId: other.user.id })).rejects.toMatchObject({ code: "OPPORTUNITY_OWNER_NOT_MEMBER", field: "ownerUserId" });
    const admin = await addMember(owner, "admin");
    const { id } = await create(owner, { name: "Owned by admin", ownerUserId: admin.user.id });
    expect((await getOpportunity(t.db, { workspaceId: owner.workspace.id, id }))?.ownerUserId).toBe(admin.user.id);
  });

  test("an edit changes only what changed and audits the field names; a blank value clears it", async () => {
    const { id } = await create(owner, { name: "Edit me", value: "100" });
    const res = await updateOpportunity(owner, updateOpportunitySchema.parse({ id, name: "Edited", stage: "won", value: "", ownerUserId: owner.user.id }));
    expect(res.changed.sort()).toEqual(["name", "stage", "valueCents"]);
    expect(await getOpportunity(t.db, { workspaceId: owner.workspace.id, id })).toMatchObject({ name: "Edited", stage: "won", valueCents: null });
    const again = await updateOpportunity(owner, updateOpportunitySchema.parse({ id, name: "Edited", stage: "won", value: "", ownerUserId: owner.user.id }));
    expect(again.changed).toEqual([]);
    expect((await audits(owner, "opportunity.update")).filter((a) => a.targetId === id)).toHaveLength(1);
  });

  test("delete needs the confirm box, and takes the applicants with it (the contacts stay)", async () => {
    actor = owner.user;
    const { id } = await create(owner, { name: "Delete me" });
    const c = await contact(owner);
    await add(owner, { opportunityId: id, contactId: c.id, role: "primary" });
    const unconfirmed = await post(actions.deleteOpportunityFormAction, form(owner, { id }));
    expect(unconfirmed.state?.result).toMatchObject({ ok: false, fieldErrors: { confirm: [expect.stringMatching(/^Tick the box/)] } });
    expect(await getOpportunity(t.db, { workspaceId: owner.workspace.id, id })).not.toBeNull();
    const done = await post(actions.deleteOpportunityFormAction, form(owner, { id, confirm: "yes" }));
    expect(done.to).toMatch(/\/opportunities\?notice=deleted$/);
    expect(await getOpportunity(t.db, { workspaceId: owner.workspace.id, id })).toBeNull();
    expect(await applicantRows(id)).toEqual([]);
    expect(await t.db.select().from(contacts).where(eq(contacts.id, c.id))).toHaveLength(1);
  });
});

describe("tenant isolation", () => {
  test("another workspace's opportunity or contact id is NOT_FOUND, and nothing changes", async () => {
    const other = await makeWorkspace(t.db);
    const theirs = await create(other, { name: "Theirs", value: "1" });
    const theirContact = await contact(other);
    const mine = await create(owner, { name: "Mine" });
    const myContact = await contact(owner);

    await expect(updateOpportunity(owner, updateOpportunitySchema.parse({ id: theirs.id, name: "Hijacked" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(add(owner, { opportunityId: theirs.id, contactId: myContact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(add(owner, { opportunityId: mine.id, contactId: theirContact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    actor = owner.user;
    const del = await post(actions.deleteOpportunityFormAction, form(owner, { id: theirs.id, confirm: "yes" }));
    expect(del.state?.result).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const theirApplicant = await add(other, { opportunityId: theirs.id, contactId: theirContact.id });
    await expect(changeApplicantRole(owner, { applicantId: theirApplicant.id, role: "other" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeApplicant(owner, { applicantId: theirApplicant.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await getOpportunity(t.db, { workspaceId: other.workspace.id, id: theirs.id })).toMatchObject({ name: "Theirs" });
    expect(await applicantRows(theirs.id)).toEqual([expect.objectContaining({ contactId: theirContact.id, role: "applicant" })]);
    expect(await applicantRows(mine.id)).toEqual([]);
    // Reads are scoped too: a guessed id reads as nothing.
    expect(await getOpportunity(t.db, { workspaceId: owner.workspace.id, id: theirs.id })).toBeNull();
    expect(await listApplicants(t.db, { workspaceId: owner.workspace.id, opportunityId: theirs.id })).toEqual([]);
    expect(await getOpportunity(t.db, { workspaceId: owner.workspace.id, id: "not-a-uuid" })).toBeNull();
  });
});

describe("applicants", () => {
  test("at most one primary: adding or setting a primary demotes the previous one to applicant", async () => {
    const { id } = await create(owner, { name: "Primary rules" });
    const [a, b, c] = [await contact(owner), await contact(owner), await contact(owner)];
    await add(owner, { opportunityId: id, contactId: a.id, role: "primary" });
    const second = await add(owner, { opportunityId: id, contactId: b.id, role: "primary" });
    expect(second.demoted).toEqual([a.id]);
    const third = await add(owner, { opportunityId: id, contactId: c.id, role: "guarantor" });
    await changeApplicantRole(owner, { applicantId: third.id, role: "primary" });
    const rows = await applicantRows(id);
    expect(Object.fromEntries(rows.map((r) => [r.contactId, r.role]))).toEqual({ [a.id]: "applicant", [b.id]: "applicant", [c.id]: "primary" });
    expect(await audits(owner, "opportunity.applicant_role")).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: id, data: expect.objectContaining({ from: "guarantor", to: "primary", demoted: [b.id] }) })]));
  });

  test("race: ten primaries added at once leave exactly one primary", async () => {
    const { id } = await create(owner, { name: "Race" });
    const people = await Promise.all(Array.from({ length: 10 }, () => contact(owner)));
    const results = await Promise.allSettled(people.map((p) => add(owner, { opportunityId: id, contactId: p.id, role: "primary" })));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const rows = await applicantRows(id);
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.role === "primary")).toHaveLength(1);
  });

  test("race: two role changes to primary at once leave exactly one primary", async () => {
    const { id } = await create(owner, { name: "Race 2" });
    const [a, b] = [await contact(owner), await contact(owner)];
    const ra = await add(owner, { opportunityId: id, contactId: a.id });
    const rb = await add(owner, { opportunityId: id, contactId: b.id });
    await Promise.all([changeApplicantRole(owner, { applicantId: ra.id, role: "primary" }), changeApplicantRole(owner, { applicantId: rb.id, role: "primary" })]);
    expect((await applicantRows(id)).filter((r) => r.role === "primary")).toHaveLength(1);
  });

  test("a contact already on the opportunity is refused, also when two adds race; one row stays", async () => {
    actor = owner.user;
    const { id } = await create(owner, { name: "Dupes" });
    const a = await contact(owner);
    await add(owner, { opportunityId: id, contactId: a.id, role: "guarantor" });
    await expect(add(owner, { opportunityId: id, contactId: a.id, role: "primary" })).rejects.toMatchObject({ code: "APPLICANT_ALREADY_ADDED" });
    const b = await contact(owner);
    const both = await Promise.allSettled([add(owner, { opportunityId: id, contactId: b.id }), add(owner, { opportunityId: id, contactId: b.id })]);
    expect(both.filter((r) => r.status === "rejected")).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: "APPLICANT_ALREADY_ADDED" }) })]);
    const res = await post(actions.addApplicantFormAction, form(owner, { opportunityId: id, contactId: a.id, role: "applicant" }));
    expect(res.state?.result).toMatchObject({ ok: false, code: "APPLICANT_ALREADY_ADDED", message: expect.stringContaining("already an applicant") });
    expect(await applicantRows(id)).toEqual(expect.arrayContaining([expect.objectContaining({ contactId: a.id, role: "guarantor" })]));
    expect(await applicantRows(id)).toHaveLength(2);
  });

  test("through the forms: add goes back to the opportunity, a role change and a removal are saved; a guessed id is refused", async () => {
    actor = owner.user;
    const { id } = await create(owner, { name: "Forms" });
    const a = await contact(owner);
    const added = await post(actions.addApplicantFormAction, form(owner, { opportunityId: id, contactId: a.id, role: "primary" }));
    expect(added.to).toBe(`/w/${owner.workspace.slug}/opportunities/${id}?notice=applicant_added`);
    const [row] = await applicantRows(id);
    const bad = await post(actions.changeApplicantRoleFormAction, form(owner, { applicantId: row.id, role: "boss" }));
    expect(bad.state?.result).toMatchObject({ ok: false, fieldErrors: { role: [expect.stringMatching(/^Pick a role/)] } });
    const changed = await post(actions.changeApplicantRoleFormAction, form(owner, { applicantId: row.id, role: "other" }));
    expect(changed.state?.result).toMatchObject({ ok: true });
    expect((await applicantRows(id))[0].role).toBe("other");
    const guessed = await post(actions.removeApplicantFormAction, form(owner, { applicantId: randomUUID() }));
    expect(guessed.state?.result).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const removed = await post(actions.removeApplicantFormAction, form(owner, { applicantId: row.id }));
    expect(removed.state?.result).toMatchObject({ ok: true });
    expect(await applicantRows(id)).toEqual([]);
    expect(await audits(owner, "opportunity.applicant_remove")).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: id })]));
    const again = await post(actions.removeApplicantFormAction, form(owner, { applicantId: row.id }));
    expect(again.state?.result).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  test("each applicant lists what Client Centre access still needs, primary first", async () => {
    const { id } = await create(owner, { name: "Missing fields" });
    const full = await contact(owner, { firstName: "Zed" });
    const noMobile = await contact(owner, { firstName: "Meera", phone: null });
    const onlyEmail = await contact(owner, { firstName: "Om", lastName: "", phone: null });
    const onlyPhone = await contact(owner, { firstName: "Ira", email: null });
    await add(owner, { opportunityId: id, contactId: noMobile.id });
    await add(owner, { opportunityId: id, contactId: full.id, role: "primary" });
    await add(owner, { opportunityId: id, contactId: onlyEmail.id, role: "guarantor" });
    await add(owner, { opportunityId: id, contactId: onlyPhone.id });
    const list = await listApplicants(t.db, { workspaceId: owner.workspace.id, opportunityId: id });
    expect(list.map((a) => [a.contactId, a.missing])).toEqual([
      [full.id, []],
      [onlyPhone.id, ["email"]],
      [noMobile.id, ["phone"]],
      [onlyEmail.id, ["lastName", "phone"]],
    ]);
  });
});

describe("lists", () => {
  test("120 opportunities page newest first, 50 at a time, with no duplicates or gaps, even with equal timestamps", async () => {
    const ws = await makeWorkspace(t.db);
    // Ten share one created_at, so the id must break the tie.
    const same = new Date("2026-01-01T00:00:00.123456Z");
    const values = Array.from({ length: 120 }, (_, i) => ({
      workspaceId: ws.workspace.id,
      name: `Opp ${i}`,
      createdAt: i < 10 ? same : new Date(Date.UTC(2026, 0, 2, 0, 0, i)),
    }));
    await t.db.insert(opportunities).values(values);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listOpportunities>> = await listOpportunities(t.db, { workspaceId: ws.workspace.id, after });
      seen.push(...page.rows.map((r) => r.id));
      after = page.nextCursor;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    const all = await t.db.select({ id: opportunities.id }).from(opportunities).where(eq(opportunities.workspaceId, ws.workspace.id)).orderBy(sql`created_at desc, id desc`);
    expect(seen).toEqual(all.map((r) => r.id));
    // A forged or garbled cursor reads as the first page, never an error.
    const forged = await listOpportunities(t.db, { workspaceId: ws.workspace.id, after: "%%%\u0000" });
    expect(forged.rows[0].id).toBe(all[0].id);
  });

  test("search finds by opportunity name, applicant name, email and phone; the stage filter narrows it; wildcards are literal", async () => {
    const ws = await makeWorkspace(t.db);
    const loan = await create(ws, { name: "Home loan 50% down", stage: "won" });
    const other = await create(ws, { name: "Business account" });
    const c = await contact(ws, { firstName: "Kavya", lastName: "Iyer", email: "kavya@iyer.example", phone: "+919812345678" });
    await add(ws, { opportunityId: other.id, contactId: c.id, role: "primary" });
    const names = async (q: string, stage?: string) => (await listOpportunities(t.db, { workspaceId: ws.workspace.id, q, stage })).rows.map((r) => r.name);
    expect(await names("home")).toEqual(["Home loan 50% down"]);
    expect(await names("50%")).toEqual(["Home loan 50% down"]);
    expect(await names("5_%")).toEqual([]);
    expect(await names("kavya iyer")).toEqual(["Business account"]);
    expect(await names("KAVYA@IYER")).toEqual(["Business account"]);
    expect(await names("98123 45678")).toEqual(["Business account"]);
    expect(await names("a", "won")).toEqual(["Home loan 50% down"]);
    expect(await names("a", "bogus")).toHaveLength(2);
    expect(await names("nul\u0000")).toEqual([]);
    const page = await listOpportunities(t.db, { workspaceId: ws.workspace.id, q: "kavya" });
    expect(page.rows[0]).toMatchObject({ applicantCount: 1, primaryName: "Kavya Iyer" });
    // Another workspace's applicants never match.
    expect((await listOpportunities(t.db, { workspaceId: owner.workspace.id, q: "kavya@iyer" })).rows).toEqual([]);
    void loan;
  });

  test("the search term travels sealed: no address in the redirect, and it opens back to the term", async () => {
    actor = owner.user;
    const res = await post((_p: unknown, d: FormData) => actions.searchOpportunitiesAction(d), form(owner, { q: "kavya@iyer.example", stage: "won" }));
    expect(res.to).toMatch(new RegExp(`^/w/${owner.workspace.slug}/opportunities\\?s=[^&]+&stage=won$`));
    expect(res.to).not.toMatch(/kavya|iyer|%40/i);
    const s = new URL(res.to!, "http://x").searchParams.get("s");
    expect(openSearch(s)).toBe("kavya@iyer.example");
    const [iv, tag] = s!.split(".");
    expect(openSearch(`${iv}.${tag}.${Buffer.from("someone@else.example").toString("base64url")}`)).toBe("");
    expect(openSearch("garbage")).toBe("");
    expect(openSearch(sealSearch("  hi  "))).toBe("hi");
  });

  test("the contact picker searches by name, email or phone, pages by name and leaves out current applicants and other workspaces", async () => {
    const ws = await makeWorkspace(t.db);
    const { id } = await create(ws, { name: "Picker" });
    const people = await Promise.all(Array.from({ length: 25 }, (_, i) => contact(ws, { firstName: `Person${String(i).padStart(2, "0")}` })));
    await add(ws, { opportunityId: id, contactId: people[3].id });
    await contact(owner, { firstName: "Person99" }); // another workspace
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: Awaited<ReturnType<typeof searchApplicantCandidates>> = await searchApplicantCandidates(t.db, { workspaceId: ws.workspace.id, opportunityId: id, q: "person", after, limit: 10 });
      seen.push(...page.rows.map((r) => r.firstName));
      after = page.nextCursor;
      if (!after) break;
    }
    expect(seen).toHaveLength(24);
    expect(seen).toEqual([...seen].sort());
    expect(seen).not.toContain("Person03");
    expect(seen).not.toContain("Person99");
    const byEmail = await searchApplicantCandidates(t.db, { workspaceId: ws.workspace.id, opportunityId: id, q: people[5].email! });
    expect(byEmail.rows.map((r) => r.id)).toEqual([people[5].id]);
    expect(byEmail.rows[0].missing).toEqual([]);
  });

  test("the Client Centre tab lists requests with status, due date and how many current applicants submitted", async () => {
    const ws = await makeWorkspace(t.db);
    const { id } = await create(ws, { name: "With requests" });
    const [a, b, gone] = [await contact(ws), await contact(ws), await contact(ws)];
    await add(ws, { opportunityId: id, contactId: a.id, role: "primary" });
    await add(ws, { opportunityId: id, contactId: b.id });
    const due = new Date("2026-12-31T00:00:00Z");
    const [r1] = await t.db.insert(requests).values({ workspaceId: ws.workspace.id, opportunityId: id, title: "KYC", dueAt: due, createdAt: new Date("2026-01-01Z") }).returning();
    const [r2] = await t.db.insert(requests).values({ workspaceId: ws.workspace.id, opportunityId: id, title: "Income proof", status: "draft", createdAt: new Date("2026-02-01Z") }).returning();
    await t.db.insert(requestResponses).values([
      { workspaceId: ws.workspace.id, requestId: r1.id, contactId: a.id, submittedAt: new Date() },
      { workspaceId: ws.workspace.id, requestId: r1.id, contactId: b.id, openedAt: new Date() },
      // Someone no longer an applicant does not count.
      { workspaceId: ws.workspace.id, requestId: r1.id, contactId: gone.id, submittedAt: new Date() },
    ]);
    const list = await listOpportunityRequests(t.db, { workspaceId: ws.workspace.id, opportunityId: id });
    expect(list.map((r) => [r.id, r.title, r.status, r.dueAt?.toISOString() ?? null, r.submitted, r.applicants])).toEqual([
      [r2.id, "Income proof", "draft", null, 0, 2],
      [r1.id, "KYC", "open", due.toISOString(), 1, 2],
    ]);
    expect(await listOpportunityRequests(t.db, { workspaceId: owner.workspace.id, opportunityId: id })).toEqual([]);
  });
});
