import "server-only";
// A client uploads a document to a request item. The checks run before a byte of the body is read (a guessed id or
// a submitted request costs nothing), the file is streamed to storage (type from its bytes, limit while streaming),
// and the row is written in a transaction that re-checks the state under the response's row lock, so two parallel
// uploads cannot pass the per-item limit or slip past a submit. If the row cannot be written, the object is deleted.
import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db";
import { applicantRequestItem } from "@/lib/db/queries/client-centre-access";
import { now } from "@/lib/clock";
import { documents, requestResponses, requests } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { cleanFileName } from "./file-name";
import { peek } from "./read-upload";
import { SNIFF_BYTES, sniffType, uploadAllowed } from "./sniff";
import { getStorage, type StoredObject } from "./storage";

/** At most this many live (not removed) files per item per applicant. */
export const MAX_FILES_PER_ITEM = 10;

export type UploadTarget = { workspaceId: string; contactId: string; portalUserId: string; requestId: string; itemId: string };

/** Throws unless this client may upload to this item now: NOT_FOUND (not theirs, not a document item), REQUEST_NOT_OPEN, REQUEST_SUBMITTED, FILE_LIMIT. */
export async function checkUploadTarget(db: DbOrTx, t: UploadTarget): Promise<void> {
  const found = await applicantRequestItem(db, t);
  if (!found || found.item.kind !== "document") throw new AppError("NOT_FOUND");
  if (found.request.status !== "open") throw new AppError("REQUEST_NOT_OPEN");
  const [resp] = await db
    .select({ submittedAt: requestResponses.submittedAt })
    .from(requestResponses)
    .where(and(eq(requestResponses.requestId, t.requestId), eq(requestResponses.contactId, t.contactId), eq(requestResponses.workspaceId, t.workspaceId)));
  if (resp?.submittedAt) throw new AppError("REQUEST_SUBMITTED");
  if ((await liveFiles(db, t)) >= MAX_FILES_PER_ITEM) throw new AppError("FILE_LIMIT");
}

async function liveFiles(db: DbOrTx, t: UploadTarget): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(documents)
    .where(
      and(
        eq(documents.workspaceId, t.workspaceId),
        eq(documents.requestItemId, t.itemId),
        eq(documents.contactId, t.contactId),
        isNull(documents.deletedAt),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Streams one file to storage after checking its first bytes: empty → FILE_EMPTY; an old .doc/.xls (OLE, which an
 * .msi installer also is) → FILE_TYPE_LEGACY_OFFICE; anything not on the allowlist → FILE_TYPE_NOT_ALLOWED, whatever
 * its name or claimed type. Nothing is stored for a refused file.
 */
export async function storeUpload(file: AsyncIterable<Uint8Array>, opts: { maxBytes: number; prefix: string }): Promise<StoredObject> {
  const { head, all } = await peek(file, SNIFF_BYTES);
  if (head.byteLength === 0) throw new AppError("FILE_EMPTY");
  const type = await sniffType(head);
  if (type === "application/x-cfb") throw new AppError("FILE_TYPE_LEGACY_OFFICE");
  if (!uploadAllowed(type)) throw new AppError("FILE_TYPE_NOT_ALLOWED");
  return getStorage().put(all, opts);
}

export const uploadPrefix = (t: { workspaceId: string; requestId: string }) => `ws/${t.workspaceId}/requests/${t.requestId}`;

export type UploadedDocument = { id: string; name: string; size: number; contentType: string };

/** Records a stored upload (or deletes the object and throws when the state changed meanwhile). */
export async function recordUpload(db: Db, t: UploadTarget, stored: StoredObject, rawName: string): Promise<UploadedDocument> {
  try {
    return await db.transaction(async (tx) => {
      const at = now();
      // The upsert locks this applicant's response row: concurrent uploads and a submit queue up behind it.
      const [resp] = await tx
        .insert(requestResponses)
        .values({ workspaceId: t.workspaceId, requestId: t.requestId, contactId: t.contactId, openedAt: at })
        .onConflictDoUpdate({
          target: [requestResponses.requestId, requestResponses.contactId],
          set: { openedAt: sql`coalesce(${requestResponses.openedAt}, ${at.toISOString()}::timestamptz)`, updatedAt: at },
        })
        .returning({ submittedAt: requestResponses.submittedAt });
      if (resp.submittedAt) throw new AppError("REQUEST_SUBMITTED");
      const [req] = await tx
        .select({ status: requests.status })
        .from(requests)
        .where(and(eq(requests.id, t.requestId), eq(requests.workspaceId, t.workspaceId)));
      if (req?.status !== "open") throw new AppError("REQUEST_NOT_OPEN");
      if ((await liveFiles(tx, t)) >= MAX_FILES_PER_ITEM) throw new AppError("FILE_LIMIT");
      const [doc] = await tx
        .insert(documents)
        .values({
          workspaceId: t.workspaceId,
          contactId: t.contactId,
          requestId: t.requestId,
          requestItemId: t.itemId,
          name: cleanFileName(rawName),
          contentType: stored.contentType,
          size: stored.size,
          sha256: stored.sha256,
          storageKey: stored.key,
          uploadedByPortalUserId: t.portalUserId,
          reviewStatus: "pending",
        })
        .returning({ id: documents.id, name: documents.name, size: documents.size, contentType: documents.contentType });
      return doc;
    });
  } catch (e) {
    await getStorage()
      .delete(stored.key)
      .catch((err) => console.error("Could not delete an unrecorded upload", stored.key, err));
    throw e;
  }
}
