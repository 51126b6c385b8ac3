import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { auditEvents, contacts, documents, emailProfiles, messages, opportunities, opportunityApplicants, requestItems, requestResponses, requests } from "@/lib/db/schema";
import { openBody } from "@/lib/messaging/sealed-body";
import { reviewDocument, reviewDocumentSchema } from "@/lib/requests/review-document";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

/** A workspace with an open request, two applicants who both submitted, and a pending document from each. */
async function world(p: { profile?: boolean } = {}) {
  const ctx = await makeWorkspace(t.db);
  const ws = ctx.workspace.id;
  if (p.profile !== false) await t.db.insert(emailProfiles).values({ workspaceId: ws, fromName: "Acme Loans", fromAddress: "loans@acme.test", isDefault: true });
  const [opp] = await t.db.insert(opportunities).values({ workspaceId: ws, name: "Home loan" }).returning();
  const [priya, arjun] = await t.db
    .insert(contacts)
    .values([
      { workspaceId: ws, firstName: "Priya", lastName: "Sharma", email: "priya@example.com", phone: "+919812345678" },
      { workspaceId: ws, firstName: "Arjun", lastName: "Sharma", email: "arjun@example.com", phone: "+919812345679" },
    ])
    .returning();
  await t.db.insert(opportunityApplicants).values([
    { workspaceId: ws, opportunityId: opp.id, contactId: priya.id, role: "primary" },
    { workspaceId: ws, opportunityId: opp.id, contactId: arjun.id, role: "guarantor" },
  ]);
  const [req] = await t.db.insert(requests).values({ workspaceId: ws, opportunityId: opp.id, title: "KYC documents", status: "open" }).returning();
  const [item] = await t.db.insert(requestItems).values({ workspaceId: ws, requestId: req.id, kind: "document", label: "PAN card" }).returning();
  const submittedAt = new Date("2026-01-05T10:00:00Z");
  await t.db.insert(requestResponses).values([
    { workspaceId: ws, requestId: req.id, contactId: priya.id, openedAt: submittedAt, submittedAt },
    { workspaceId: ws, requestId: req.id, contactId: arjun.id, openedAt: submittedAt, submittedAt },
  ]);
  const doc = (contactId: string, name: string) => ({
    workspaceId: ws,
    requestId: req.id,
    requestItemId: item.id,
    contactId,
    name,
    contentType: "application/pdf",
    size: 2048,
    sha256: "abc",
    storageKey: `key-${Math.random()}`,
  });
  const [priyaDoc, arjunDoc] = await t.db.insert(documents).values([doc(priya.id, "pan-priya.pdf"), doc(arjun.id, "pan-arjun.pdf")]).returning();
  return { ctx, ws, req, priya, arjun, priyaDoc, arjunDoc, submittedAt };
}

const review = (ctx: AdminCtx, raw: Record<string, unknown>) => reviewDocument(ctx, reviewDocumentSchema.parse(raw));
const emailsOf = (ws: string) => t.db.select().from(messages).where(and(eq(messages.workspaceId, ws), eq(messages.channel, "email")));
const responseOf = async (requestId: string, contactId: string) =>
  (await t.db.select().from(requestResponses).where(and(eq(requestResponses.requestId, requestId), eq(requestResponses.contactId, contactId))))[0];
const docOf = async (id: string) => (await t.db.select().from(documents).where(eq(documents.id, id)))[0];

describe("reviewing a document", () => {
  test("reject without a reason is refused and changes nothing; a reason over 500 characters too", async () => {
    const w = await world();
    for (const reason of [undefined, "", "   "]) {
      await expect(review(w.ctx, { documentId: w.priyaDoc.id, decision: "reject", reason })).rejects.toMatchObject({ code: "REVIEW_REASON_REQUIRED", field: "reason" });
    }
    const long = reviewDocumentSchema.safeParse({ documentId: w.priyaDoc.id, decision: "reject", reason: "x".repeat(501) });
    expect(long.error?.issues[0]).toMatchObject({ path: ["reason"], message: expect.stringContaining("under 500 characters") });
    expect(reviewDocumentSchema.safeParse({ documentId: w.priyaDoc.id, decision: "reject", reason: "bad\u0000" }).success).toBe(false);
    expect(await docOf(w.priyaDoc.id)).toMatchObject({ reviewStatus: "pending", reviewReason: null });
    expect((await responseOf(w.req.id, w.priya.id)).submittedAt).toEqual(w.submittedAt);
    expect(await emailsOf(w.ws)).toHaveLength(0);
  });

  test("reject re-opens that applicant's response only and queues exactly one email to them, audited", async () => {
    const w = await world();
    const r = await review(w.ctx, { documentId: w.priyaDoc.id, decision: "reject", reason: "  The PAN card is blurry. Scan it again in colour.  " });
    expect(r).toEqual({ documentId: w.priyaDoc.id, status: "rejected", emailed: true });
    expect(await docOf(w.priyaDoc.id)).toMatchObject({ reviewStatus: "rejected", reviewReason: "The PAN card is blurry. Scan it again in colour.", reviewedBy: w.ctx.user.id });
    expect((await responseOf(w.req.id, w.priya.id)).submittedAt).toBeNull();
    expect((await responseOf(w.req.id, w.arjun.id)).submittedAt).toEqual(w.submittedAt);
    const mails = await emailsOf(w.ws);
    expect(mails).toHaveLength(1);
    const m = mails[0];
    expect(m).toMatchObject({ to: "priya@example.com", fromAddress: "loans@acme.test", template: "client_centre.document_rejected", status: "queued" });
    expect(openBody(m.subject)).toBe("A document needs your attention");
    const text = openBody(m.text);
    expect(text).toContain("The PAN card is blurry. Scan it again in colour.");
    expect(text).toContain("pan-priya.pdf");
    expect(text).toMatch(/https?:\/\/[^\s]+/);
    // The portal's address, never a sign-in link.
    expect(text).not.toMatch(/\/l\/|\/s\/|token/i);
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, w.ws), eq(auditEvents.action, "document.reject")));
    expect(audits).toEqual([expect.objectContaining({ targetId: w.priyaDoc.id, actorUserId: w.ctx.user.id })]);
    // Rejecting again with the same reason sends nothing more.
    expect(await review(w.ctx, { documentId: w.priyaDoc.id, decision: "reject", reason: "The PAN card is blurry. Scan it again in colour." })).toMatchObject({ emailed: false });
    expect(await emailsOf(w.ws)).toHaveLength(1);
  });

  test("two admins rejecting at once send one email", async () => {
    const w = await world();
    await Promise.all([1, 2].map(() => review(w.ctx, { documentId: w.arjunDoc.id, decision: "reject", reason: "Expired" })));
    expect((await emailsOf(w.ws)).map((m) => m.to)).toEqual(["arjun@example.com"]);
  });

  test("approve marks it approved, keeps the response submitted and sends nothing", async () => {
    const w = await world();
    expect(await review(w.ctx, { documentId: w.arjunDoc.id, decision: "approve", reason: "" })).toEqual({ documentId: w.arjunDoc.id, status: "approved", emailed: false });
    expect(await docOf(w.arjunDoc.id)).toMatchObject({ reviewStatus: "approved", reviewReason: null });
    expect((await responseOf(w.req.id, w.arjun.id)).submittedAt).toEqual(w.submittedAt);
    expect(await emailsOf(w.ws)).toHaveLength(0);
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, w.ws), eq(auditEvents.action, "document.approve")));
    expect(audits).toHaveLength(1);
  });

  test("without a default email profile the email still goes (no sender override); a contact without email gets none", async () => {
    const w = await world({ profile: false });
    await review(w.ctx, { documentId: w.priyaDoc.id, decision: "reject", reason: "Wrong file" });
    expect((await emailsOf(w.ws)).map((m) => [m.to, m.fromAddress])).toEqual([["priya@example.com", null]]);
    await t.db.update(contacts).set({ email: null }).where(eq(contacts.id, w.arjun.id));
    expect(await review(w.ctx, { documentId: w.arjunDoc.id, decision: "reject", reason: "Wrong file" })).toMatchObject({ status: "rejected", emailed: false });
    expect((await responseOf(w.req.id, w.arjun.id)).submittedAt).toBeNull();
    expect(await emailsOf(w.ws)).toHaveLength(1);
  });

  test("another workspace's document, a removed one, or a guessed id is NOT_FOUND and changes nothing", async () => {
    const w = await world();
    const other = await makeWorkspace(t.db);
    await expect(review(other, { documentId: w.priyaDoc.id, decision: "reject", reason: "mine now" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(review(other, { documentId: w.priyaDoc.id, decision: "approve" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(review(w.ctx, { documentId: "6f0e1c3a-1111-4222-8333-444455556666", decision: "approve" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await t.db.update(documents).set({ deletedAt: new Date() }).where(eq(documents.id, w.arjunDoc.id));
    await expect(review(w.ctx, { documentId: w.arjunDoc.id, decision: "approve" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await docOf(w.priyaDoc.id)).toMatchObject({ reviewStatus: "pending" });
    expect((await responseOf(w.req.id, w.priya.id)).submittedAt).toEqual(w.submittedAt);
    expect(await emailsOf(w.ws)).toHaveLength(0);
    expect(await emailsOf(other.workspace.id)).toHaveLength(0);
    expect(reviewDocumentSchema.safeParse({ documentId: "../../etc/passwd", decision: "approve" }).success).toBe(false);
  });
});
