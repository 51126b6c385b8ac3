import "server-only";
// A signer signs (or accepts a proposal) in the portal. One transaction locks the contract row, so a double click,
// two tabs, or the last two signers of a parallel contract signing at the same moment are put in a line: each sees
// what the one before it wrote, one signature per signer, and exactly one of them completes the contract (one signed
// PDF, one "completed" event). Signed rows are then frozen by the database's own triggers (migration 0012).
import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { now as clockNow } from "@/lib/clock";
import type { Db, Tx } from "@/lib/db";
import { contractEvents, contractFields, contracts, contractSigners, workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getStorage } from "@/lib/files/storage";
import { queueHubNotice } from "@/lib/hub-notices/queue-hub-notice";
import { unstorableChar } from "@/lib/validation/storable-text";
import { appendAuditPages } from "./audit-page";
import { burnInFields } from "./burn-in";
import { readStoredBytes, sha256Hex, storeBytes } from "./verify-integrity";
import { initialsOf, parseSignature, signatureInputSchema, type Signature } from "./signature";

export const MAX_FIELD_TEXT = 200;
/** A drawn signature field's value; the drawing itself is on the signer row. */
export const DRAWN_SIGNATURE_VALUE = "(drawn signature)";

export const signContractSchema = z.object({
  signature: signatureInputSchema,
  // Values for the signer's own text and initials fields, by field id; other ids are ignored.
  fields: z.record(z.string().max(64), z.string().max(20_000)).default({}),
});
export type SignContractInput = z.input<typeof signContractSchema>;

export type SignContractParams = {
  workspaceId: string;
  contactId: string;
  contractId: string;
  input: unknown;
  ip: string | null;
  userAgent: string | null;
};

export type SignResult = { completed: boolean; signedAt: Date };

/** The date a date field shows: the signing day, in UTC, unambiguous in every country. */
export const signingDate = (at: Date) => at.toISOString().slice(0, 10);

/** Signs for the viewer (their signer row on this contract) and completes the contract when they are the last. */
export async function signContract(db: Db, p: SignContractParams): Promise<SignResult> {
  const parsed = signContractSchema.safeParse(p.input);
  if (!parsed.success) {
    const sigIssue = parsed.error.issues.some((i) => i.path[0] === "signature");
    throw new AppError(sigIssue ? "SIGNATURE_INVALID" : "REQUEST_MALFORMED");
  }
  // Checked before any lock is taken: decoding a drawing costs a few milliseconds.
  const signature = parseSignature(parsed.data.signature);
  for (const v of Object.values(parsed.data.fields)) {
    if (unstorableChar(v)) throw new AppError("TEXT_UNSTORABLE");
  }
  const uploaded: string[] = [];
  try {
    return await db.transaction(async (tx) => {
      const at = clockNow();
      const { contract, signer } = await lockForSigner(tx, p);
      if (contract.status !== "sent") throw new AppError("CONTRACT_CLOSED");
      if (signer.status === "waiting") throw new AppError("CONTRACT_NOT_YOUR_TURN");
      if (signer.status === "signed") throw new AppError("CONTRACT_ALREADY_SIGNED");
      if (signer.status !== "pending") throw new AppError("CONTRACT_CLOSED");

      const fields = await tx
        .select({ id: contractFields.id, kind: contractFields.kind, required: contractFields.required, label: contractFields.label })
        .from(contractFields)
        .where(and(eq(contractFields.contractId, contract.id), eq(contractFields.workspaceId, p.workspaceId), eq(contractFields.signerId, signer.id)));
      const values = fieldValues(fields, parsed.data.fields, signature, signer.name, at);
      for (const [id, value] of values) {
        await tx.update(contractFields).set({ value }).where(and(eq(contractFields.id, id), eq(contractFields.workspaceId, p.workspaceId)));
      }

      await tx
        .update(contractSigners)
        .set({
          status: "signed",
          signedAt: at,
          viewedAt: signer.viewedAt ?? at,
          signatureKind: signature.kind,
          signatureText: signature.kind === "typed" ? signature.text : null,
          signatureImage: signature.kind === "drawn" ? signature.base64 : null,
          ip: p.ip,
          userAgent: p.userAgent?.slice(0, 500) ?? null,
        })
        .where(and(eq(contractSigners.id, signer.id), eq(contractSigners.workspaceId, p.workspaceId)));
      await tx.insert(contractEvents).values({
        workspaceId: p.workspaceId,
        contractId: contract.id,
        signerId: signer.id,
        kind: contract.kind === "proposal" ? "accepted" : "signed",
        actorName: signer.name,
        ip: p.ip,
        userAgent: p.userAgent?.slice(0, 500) ?? null,
        detail: { signature: signature.kind },
        createdAt: at,
      });

      const others = await tx
        .select({ id: contractSigners.id, contactId: contractSigners.contactId, status: contractSigners.status, position: contractSigners.position })
        .from(contractSigners)
        .where(and(eq(contractSigners.contractId, contract.id), eq(contractSigners.workspaceId, p.workspaceId), ne(contractSigners.id, signer.id)))
        .orderBy(asc(contractSigners.position), asc(contractSigners.createdAt));
      const unsigned = others.filter((o) => o.status !== "signed");
      if (unsigned.length > 0) {
        // Sequential: the next signer in order may sign now, and is told so.
        if (!unsigned.some((o) => o.status === "pending")) {
          const next = unsigned.find((o) => o.status === "waiting");
          if (next) {
            await tx.update(contractSigners).set({ status: "pending" }).where(and(eq(contractSigners.id, next.id), eq(contractSigners.workspaceId, p.workspaceId)));
            await queueHubNotice(tx, { workspaceId: p.workspaceId, to: { contactId: next.contactId }, kind: "contract", item: { id: contract.id, label: contract.title } });
          }
        }
        return { completed: false, signedAt: at };
      }

      await completeContract(tx, { workspaceId: p.workspaceId, contract, at, uploaded });
      return { completed: true, signedAt: at };
    });
  } catch (e) {
    // A signed PDF stored by a transaction that did not commit belongs to nothing.
    for (const key of uploaded) await getStorage().delete(key).catch(() => {});
    throw e;
  }
}

type LockedContract = { id: string; kind: "contract" | "proposal"; title: string; status: string; originalStorageKey: string; originalSha256: string; originalName: string; createdByUserId: string | null };

/** Locks the contract (FOR UPDATE) and finds the viewer's signer row; anything not theirs reads as NOT_FOUND. */
export async function lockForSigner(tx: Tx, p: { workspaceId: string; contactId: string; contractId: string }) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p.contractId)) throw new AppError("NOT_FOUND");
  const [contract] = await tx
    .select({
      id: contracts.id,
      kind: contracts.kind,
      title: contracts.title,
      status: contracts.status,
      originalStorageKey: contracts.originalStorageKey,
      originalSha256: contracts.originalSha256,
      originalName: contracts.originalName,
      createdByUserId: contracts.createdByUserId,
    })
    .from(contracts)
    .where(and(eq(contracts.id, p.contractId), eq(contracts.workspaceId, p.workspaceId)))
    .for("update");
  if (!contract || contract.status === "draft") throw new AppError("NOT_FOUND");
  const [signer] = await tx
    .select({ id: contractSigners.id, status: contractSigners.status, name: contractSigners.name, viewedAt: contractSigners.viewedAt })
    .from(contractSigners)
    .where(and(eq(contractSigners.contractId, contract.id), eq(contractSigners.workspaceId, p.workspaceId), eq(contractSigners.contactId, p.contactId)));
  if (!signer) throw new AppError("NOT_FOUND");
  return { contract: contract as LockedContract, signer };
}

/**
 * The values the signer's fields get: signatures carry the signature, dates the signing day (never the client's
 * clock), initials what they typed or the initials of their name, text what they typed. A required field left empty
 * is CONTRACT_FIELDS_INCOMPLETE; nothing is written then.
 */
function fieldValues(
  fields: { id: string; kind: string; required: boolean }[],
  given: Record<string, string>,
  signature: Signature,
  signerName: string,
  at: Date,
): [string, string][] {
  const out: [string, string][] = [];
  const name = signature.kind === "typed" ? signature.text : signerName;
  for (const f of fields) {
    const typed = (given[f.id] ?? "").trim().replace(/\s+/g, " ");
    if (typed.length > MAX_FIELD_TEXT) throw new AppError("CONTRACT_FIELD_TOO_LONG");
    let value: string | null;
    switch (f.kind) {
      case "signature": value = signature.kind === "typed" ? signature.text : DRAWN_SIGNATURE_VALUE; break;
      case "date": value = signingDate(at); break;
      case "initials": value = (typed || initialsOf(name)).slice(0, 10); break;
      default: value = typed || null;
    }
    if (value) out.push([f.id, value]);
    else if (f.required) throw new AppError("CONTRACT_FIELDS_INCOMPLETE");
  }
  return out;
}

/**
 * Everyone has signed: the signed PDF (fields burned in, then the audit pages) is stored, and the contract is marked
 * completed with that file's hash, in the signing transaction. The creator and every signer are told.
 */
async function completeContract(tx: Tx, p: { workspaceId: string; contract: LockedContract; at: Date; uploaded: string[] }) {
  const { contract, at } = p;
  const original = await readStoredBytes(contract.originalStorageKey);
  if (!original || sha256Hex(original) !== contract.originalSha256) throw new AppError("CONTRACT_INTEGRITY_FAILED");

  const [signers, fields, events, [ws]] = await Promise.all([
    tx
      .select()
      .from(contractSigners)
      .where(and(eq(contractSigners.contractId, contract.id), eq(contractSigners.workspaceId, p.workspaceId)))
      .orderBy(asc(contractSigners.position), asc(contractSigners.createdAt)),
    tx
      .select()
      .from(contractFields)
      .where(and(eq(contractFields.contractId, contract.id), eq(contractFields.workspaceId, p.workspaceId))),
    tx
      .select({ at: contractEvents.createdAt, kind: contractEvents.kind, who: contractEvents.actorName, ip: contractEvents.ip })
      .from(contractEvents)
      .where(and(eq(contractEvents.contractId, contract.id), eq(contractEvents.workspaceId, p.workspaceId)))
      .orderBy(asc(contractEvents.createdAt), asc(contractEvents.id)),
    tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, p.workspaceId)),
  ]);

  const burned = await burnInFields(original, fields, signers);
  const afterSha256 = sha256Hex(burned);
  const signed = await appendAuditPages(burned, {
    title: contract.title,
    contractId: contract.id,
    kind: contract.kind,
    workspaceName: ws?.name ?? "",
    originalName: contract.originalName,
    beforeSha256: contract.originalSha256,
    afterSha256,
    completedAt: at,
    signers: signers.map((s) => ({ ...s })),
    events: [...events, { at, kind: "completed", who: null, ip: null }],
  });
  const stored = await storeBytes(signed, `contracts/${p.workspaceId}/signed`);
  p.uploaded.push(stored.key);

  await tx.insert(contractEvents).values({
    workspaceId: p.workspaceId,
    contractId: contract.id,
    kind: "completed",
    detail: { sha256: stored.sha256, beforeSha256: contract.originalSha256, afterSha256, afterSize: burned.byteLength, size: stored.size },
    createdAt: at,
  });
  const item = { id: contract.id, label: contract.title };
  if (contract.createdByUserId) await queueHubNotice(tx, { workspaceId: p.workspaceId, to: { userId: contract.createdByUserId }, kind: "contract", item });
  for (const s of signers) await queueHubNotice(tx, { workspaceId: p.workspaceId, to: { contactId: s.contactId }, kind: "contract", item });
  // Last: once completed, the row is frozen by its trigger.
  await tx
    .update(contracts)
    .set({ status: "completed", completedAt: at, signedStorageKey: stored.key, signedSha256: stored.sha256, signedSize: stored.size, updatedAt: at })
    .where(and(eq(contracts.id, contract.id), eq(contracts.workspaceId, p.workspaceId)));
}
