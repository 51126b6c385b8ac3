import "server-only";
// The Client Centre part of the demo: two request templates, an opportunity with three applicants (one without a
// mobile, to show the missing-fields gate when sending access) and an open KYC request due in a week. Idempotent:
// every row is looked up by its natural key first, so running it twice adds nothing.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { contacts, opportunities, opportunityApplicants, requestItems, requests, requestTemplates, type ApplicantRole, type RequestItemDef } from "@/lib/db/schema";

const DAY = 86_400_000;

export const DEMO_CLIENT_CENTRE = {
  opportunity: "Home loan – Ravi Kumar",
  kyc: "KYC documents",
  loan: "Loan application",
} as const;

export const demoRequestTemplates: { name: string; title: string; message: string; items: RequestItemDef[] }[] = [
  {
    name: DEMO_CLIENT_CENTRE.kyc,
    title: "KYC documents",
    message: "To process your application we need to verify your identity and address. Upload clear scans or photos; PDF, JPEG and PNG all work.",
    items: [
      { kind: "document", label: "PAN card", helpText: "The front side, with your photo and PAN clearly readable.", required: true },
      { kind: "document", label: "Aadhaar card", helpText: "Both sides. You may mask the first 8 digits.", required: true },
      { kind: "document", label: "Address proof", helpText: "A utility bill, rent agreement or passport page from the last 3 months.", required: true },
      { kind: "date", label: "Date of birth", helpText: "As printed on your PAN card.", required: true },
      { kind: "single_choice", label: "Employment type", required: true, options: ["Salaried", "Self-employed professional", "Self-employed business", "Retired", "Other"] },
    ],
  },
  {
    name: DEMO_CLIENT_CENTRE.loan,
    title: "Loan application details",
    message: "A few details about the loan you need and your income.",
    items: [
      { kind: "number", label: "Loan amount (₹)", required: true },
      { kind: "single_choice", label: "Purpose of the loan", required: true, options: ["Home purchase", "Construction", "Renovation", "Balance transfer"] },
      { kind: "number", label: "Monthly take-home income (₹)", required: true },
      { kind: "document", label: "Salary slips, last 3 months", required: true },
      { kind: "document", label: "Bank statements, last 6 months", required: true },
      { kind: "multiple_choice", label: "Existing loans", required: false, options: ["Home loan", "Car loan", "Personal loan", "Credit card dues", "None"] },
      { kind: "long_text", label: "Anything else we should know", required: false },
    ],
  },
];

export const demoApplicants: { firstName: string; lastName: string; email: string; phone: string | null; role: ApplicantRole }[] = [
  { firstName: "Priya", lastName: "Sharma", email: "priya@example.com", phone: "+919812345678", role: "primary" },
  { firstName: "Arjun", lastName: "Sharma", email: "arjun@example.com", phone: "+919812345679", role: "guarantor" },
  // No mobile: the invitation screen lists her with "mobile number missing" and a link to fix it.
  { firstName: "Meera", lastName: "Iyer", email: "meera.iyer@example.com", phone: null, role: "applicant" },
];

export async function seedDemoClientCentre(db: Db, p: { workspaceId: string; ownerUserId: string | null; now?: number }): Promise<{ opportunityId: string; requestId: string }> {
  const ws = p.workspaceId;
  const now = p.now ?? Date.now();
  return db.transaction(async (tx) => {
    const templateIds: Record<string, string> = {};
    for (const t of demoRequestTemplates) {
      const [found] = await tx
        .select({ id: requestTemplates.id })
        .from(requestTemplates)
        .where(and(eq(requestTemplates.workspaceId, ws), sql`lower(${requestTemplates.name}) = ${t.name.toLowerCase()}`));
      templateIds[t.name] = found?.id ?? (await tx.insert(requestTemplates).values({ workspaceId: ws, ...t }).returning({ id: requestTemplates.id }))[0].id;
    }

    const [existing] = await tx
      .select({ id: opportunities.id })
      .from(opportunities)
      .where(and(eq(opportunities.workspaceId, ws), eq(opportunities.name, DEMO_CLIENT_CENTRE.opportunity)));
    const opportunityId =
      existing?.id ??
      (
        await tx
          .insert(opportunities)
          .values({ workspaceId: ws, name: DEMO_CLIENT_CENTRE.opportunity, stage: "in_progress", valueCents: 45_00_000_00, currency: "INR", ownerUserId: p.ownerUserId })
          .returning({ id: opportunities.id })
      )[0].id;

    for (const a of demoApplicants) {
      const [c] = await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, ws), eq(contacts.email, a.email)));
      const contactId =
        c?.id ??
        (await tx.insert(contacts).values({ workspaceId: ws, firstName: a.firstName, lastName: a.lastName, email: a.email, phone: a.phone, createdBy: p.ownerUserId }).returning({ id: contacts.id }))[0].id;
      await tx.insert(opportunityApplicants).values({ workspaceId: ws, opportunityId, contactId, role: a.role }).onConflictDoNothing();
    }

    const kyc = demoRequestTemplates[0];
    const [req] = await tx.select({ id: requests.id }).from(requests).where(and(eq(requests.workspaceId, ws), eq(requests.opportunityId, opportunityId)));
    if (req) return { opportunityId, requestId: req.id };
    // Due at the end of the day a week from now, reminded 2 days before.
    const due = new Date(now + 7 * DAY);
    due.setUTCHours(23, 59, 59, 999);
    const [made] = await tx
      .insert(requests)
      .values({
        workspaceId: ws,
        opportunityId,
        title: kyc.title,
        message: kyc.message,
        status: "open",
        dueAt: due,
        reminderDaysBefore: 2,
        templateId: templateIds[kyc.name],
        createdBy: p.ownerUserId,
      })
      .returning({ id: requests.id });
    await tx.insert(requestItems).values(
      kyc.items.map((it, position) => ({
        workspaceId: ws,
        requestId: made.id,
        position,
        kind: it.kind,
        label: it.label,
        helpText: it.helpText ?? null,
        required: it.required,
        options: it.options ?? null,
      })),
    );
    return { opportunityId, requestId: made.id };
  });
}
