import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { now } from "@/lib/clock";
import type { Tx } from "@/lib/db";
import { contractFields, contracts, contractSigners, type ContractPage } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { lockDraftContract } from "./lock-draft-contract";
import { MAX_FIELDS, MIN_FIELD_SIZE, type AddContractFieldInput, type ContractFieldInput, type RemoveContractFieldInput, type SaveContractFieldsInput } from "./save-contract-fields.schema";

export * from "./save-contract-fields.schema";

// Rounding slack for boxes dragged flush against a page's edge in the browser.
const EDGE = 1e-6;

/** Throws CONTRACT_FIELD_OUT_OF_PAGE (with the field's index) unless the box lies on a page that exists, inside it. */
function checkPlacement(f: Pick<ContractFieldInput, "page" | "x" | "y" | "width" | "height">, pages: ContractPage[], at: string) {
  const inside =
    f.page < pages.length &&
    f.x >= 0 &&
    f.y >= 0 &&
    f.width >= MIN_FIELD_SIZE &&
    f.height >= MIN_FIELD_SIZE &&
    f.x + f.width <= 1 + EDGE &&
    f.y + f.height <= 1 + EDGE;
  if (!inside) {
    const where = f.page < pages.length ? "outside its page" : `on page ${f.page + 1}, but the document has ${pages.length} page${pages.length === 1 ? "" : "s"}`;
    throw new AppError("CONTRACT_FIELD_OUT_OF_PAGE", at, `A field lies ${where}. Move it onto the page, then save.`);
  }
}

async function signerIdsOf(tx: Tx, workspaceId: string, contractId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ id: contractSigners.id })
    .from(contractSigners)
    .where(and(eq(contractSigners.contractId, contractId), eq(contractSigners.workspaceId, workspaceId)));
  return new Set(rows.map((r) => r.id));
}

const touch = (tx: Tx, workspaceId: string, contractId: string) => tx.update(contracts).set({ updatedAt: now() }).where(and(eq(contracts.id, contractId), eq(contracts.workspaceId, workspaceId)));

/**
 * Replaces a draft's fields with `fields` (the editor saves its whole set at once). Every box must lie inside a page
 * that exists and belong to a signer of this contract (another contract's signer id is NOT_FOUND); nothing is
 * written unless all of them do.
 */
export async function saveContractFields(ctx: OpsCtx, input: SaveContractFieldsInput): Promise<{ id: string; fields: number }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const c = await lockDraftContract(tx, ws, input.contractId);
    const signers = await signerIdsOf(tx, ws, c.id);
    input.fields.forEach((f, i) => {
      if (!signers.has(f.signerId)) throw new AppError("NOT_FOUND", `fields.${i}.signerId`, "A field belongs to someone who is not a signer of this document. Pick one of its signers.");
      checkPlacement(f, c.pages, `fields.${i}`);
    });
    await tx.delete(contractFields).where(and(eq(contractFields.contractId, c.id), eq(contractFields.workspaceId, ws)));
    if (input.fields.length) {
      await tx.insert(contractFields).values(input.fields.map((f) => ({ workspaceId: ws, contractId: c.id, signerId: f.signerId, kind: f.kind, page: f.page, x: f.x, y: f.y, width: f.width, height: f.height, label: f.label, required: f.required })));
    }
    await touch(tx, ws, c.id);
    await audit(tx, ctx, { action: "contract.fields", targetType: "contract", targetId: c.id, summary: `Saved ${input.fields.length} field${input.fields.length === 1 ? "" : "s"} on “${c.title}”` });
    return { id: c.id, fields: input.fields.length };
  });
}

/** Preset box sizes (fractions of the page) for the no-script editor. */
const PRESET = { signature: { width: 0.3, height: 0.06 }, initials: { width: 0.1, height: 0.05 }, date: { width: 0.2, height: 0.04 }, text: { width: 0.3, height: 0.04 } } as const;

/**
 * Adds one field for a signer without the drag-and-drop editor: bottom-left of the last page, each new one stacked
 * above the last, so a contract can be prepared and sent before (or without) JavaScript.
 */
export async function addContractField(ctx: OpsCtx, input: AddContractFieldInput): Promise<{ id: string; fieldId: string }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const c = await lockDraftContract(tx, ws, input.contractId);
    if (!(await signerIdsOf(tx, ws, c.id)).has(input.signerId)) throw new AppError("NOT_FOUND", "signerId", "Pick one of this document's signers.");
    const [{ n }] = await tx.select({ n: count() }).from(contractFields).where(and(eq(contractFields.contractId, c.id), eq(contractFields.workspaceId, ws)));
    if (n >= MAX_FIELDS) throw new AppError("CONTRACT_FIELD_OUT_OF_PAGE", "kind", `A document can have up to ${MAX_FIELDS} fields. Remove one first.`);
    const page = c.pages.length - 1;
    const onPage = await tx
      .select({ y: contractFields.y })
      .from(contractFields)
      .where(and(eq(contractFields.contractId, c.id), eq(contractFields.workspaceId, ws), eq(contractFields.page, page)))
      .orderBy(asc(contractFields.y));
    const size = PRESET[input.kind];
    // Stack upwards from the bottom margin, one slot (8% of the page) per field already there.
    const y = Math.max(0.02, 0.92 - size.height - onPage.length * 0.08);
    const box = { page, x: 0.06, y, ...size };
    checkPlacement(box, c.pages, "kind");
    const [row] = await tx
      .insert(contractFields)
      .values({ workspaceId: ws, contractId: c.id, signerId: input.signerId, kind: input.kind, label: input.label, required: true, ...box })
      .returning({ id: contractFields.id });
    await touch(tx, ws, c.id);
    return { id: c.id, fieldId: row.id };
  });
}

/** Removes one field from a draft. */
export async function removeContractField(ctx: OpsCtx, input: RemoveContractFieldInput): Promise<{ id: string }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const c = await lockDraftContract(tx, ws, input.contractId);
    const gone = await tx
      .delete(contractFields)
      .where(and(eq(contractFields.id, input.fieldId), eq(contractFields.contractId, c.id), eq(contractFields.workspaceId, ws)))
      .returning({ id: contractFields.id });
    if (gone.length === 0) throw new AppError("NOT_FOUND");
    await touch(tx, ws, c.id);
    return { id: c.id };
  });
}
