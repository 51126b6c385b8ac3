import "server-only";
// A client removes their own upload before submitting: the row is marked deleted (so the admin's history and the
// per-item count see it gone) and the object is deleted after the commit. Reviewed files stay on record.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { applicantDocument } from "@/lib/db/queries/client-centre-access";
import { now } from "@/lib/clock";
import { documents, requestResponses, requests } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getStorage } from "./storage";

/** Returns the request id the file belonged to. Throws NOT_FOUND (not theirs), REQUEST_NOT_OPEN, REQUEST_SUBMITTED, FILE_REVIEWED. */
export async function removeRequestFile(db: Db, p: { workspaceId: string; contactId: string; documentId: string }): Promise<{ requestId: string }> {
  const doc = await applicantDocument(db, p);
  if (!doc?.requestId) throw new AppError("NOT_FOUND");
  const requestId = doc.requestId;
  const key = await db.transaction(async (tx) => {
    // Lock the applicant's response row, as uploads and submits do, so a remove cannot race a submit.
    const [resp] = await tx
      .select({ submittedAt: requestResponses.submittedAt })
      .from(requestResponses)
      .where(and(eq(requestResponses.requestId, requestId), eq(requestResponses.contactId, p.contactId), eq(requestResponses.workspaceId, p.workspaceId)))
      .for("update");
    if (resp?.submittedAt) throw new AppError("REQUEST_SUBMITTED");
    const [req] = await tx.select({ status: requests.status }).from(requests).where(and(eq(requests.id, requestId), eq(requests.workspaceId, p.workspaceId)));
    if (req?.status !== "open") throw new AppError("REQUEST_NOT_OPEN");
    const [row] = await tx
      .update(documents)
      .set({ deletedAt: now() })
      .where(
        and(
          eq(documents.id, doc.id),
          eq(documents.workspaceId, p.workspaceId),
          eq(documents.contactId, p.contactId),
          eq(documents.reviewStatus, "pending"),
          isNull(documents.deletedAt),
        ),
      )
      .returning({ key: documents.storageKey });
    if (!row) throw new AppError("FILE_REVIEWED");
    return row.key;
  });
  // After the commit: a failed object delete leaves an orphan object (logged), never a row pointing at nothing.
  await getStorage()
    .delete(key)
    .catch((e) => console.error("Could not delete a removed upload's object", key, e));
  return { requestId };
}
