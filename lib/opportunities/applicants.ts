import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contacts, opportunities, opportunityApplicants } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

// Shared by the applicant operations: every change to an opportunity's applicants first locks the opportunity row,
// so two admins adding a primary applicant at once run one after the other and exactly one primary remains.

/** Locks the opportunity (in the caller's transaction) and returns its name; another workspace's id is NOT_FOUND. */
export async function lockOpportunity(tx: DbOrTx, workspaceId: string, opportunityId: string): Promise<{ id: string; name: string }> {
  const [row] = await tx
    .select({ id: opportunities.id, name: opportunities.name })
    .from(opportunities)
    .where(and(eq(opportunities.id, opportunityId), eq(opportunities.workspaceId, workspaceId)))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** Demotes the opportunity's current primary applicant (other than `keep`) to applicant; returns who was demoted. */
export async function demotePrimary(tx: DbOrTx, workspaceId: string, opportunityId: string, keep?: string): Promise<string[]> {
  const rows = await tx
    .update(opportunityApplicants)
    .set({ role: "applicant" })
    .where(
      and(
        eq(opportunityApplicants.workspaceId, workspaceId),
        eq(opportunityApplicants.opportunityId, opportunityId),
        eq(opportunityApplicants.role, "primary"),
        keep ? ne(opportunityApplicants.id, keep) : undefined,
      ),
    )
    .returning({ contactId: opportunityApplicants.contactId });
  return rows.map((r) => r.contactId);
}

/** A contact's display name within the workspace, or NOT_FOUND (also for another workspace's contact). */
export async function contactName(tx: DbOrTx, workspaceId: string, contactId: string): Promise<string> {
  const [c] = await tx
    .select({ firstName: contacts.firstName, lastName: contacts.lastName })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.workspaceId, workspaceId)))
    .limit(1);
  if (!c) throw new AppError("NOT_FOUND", undefined, "That contact does not exist in this workspace, or it was deleted.");
  return `${c.firstName} ${c.lastName}`.trim();
}
