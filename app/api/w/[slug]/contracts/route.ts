import { adminRoute } from "@/lib/actions/admin-route";
import { createContract, createContractSchema, storeContractPdf } from "@/lib/contracts/create-contract";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { maxUploadBytes } from "@/lib/files/files-env";
import { errorAnswer, jsonAnswer, seeOtherWith, wantsJson } from "@/lib/files/portal-file-answers";
import { readUpload } from "@/lib/files/read-upload";
import { getStorage } from "@/lib/files/storage";
import { sameOriginPost } from "@/lib/same-origin";
import { findUnstorable } from "@/lib/validation/storable-text";

export const dynamic = "force-dynamic";

/** readUpload's per-field cap (busboy `fieldSize`). */
const FIELD_CAP = 2048;

/**
 * An admin uploads a PDF to be signed (multipart: `file`, `title`, `kind`, `message`, `signingOrder`,
 * `opportunityId`). The role is checked before a byte of the body is read; the file is streamed to storage only if
 * its bytes are a PDF. A plain form gets a 303 to the new draft's page (or back to the form with ?error=CODE); the
 * JavaScript form (Accept: application/json) gets `{ id }` or `{ error }`.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!sameOriginPost(request.headers)) return new Response("Cross-site request refused", { status: 403 });
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const base = `/w/${encodeURIComponent(ctx.workspace.slug)}/contracts`;
  const back = `${base}/new`;

  const maxBytes = maxUploadBytes();
  const out = await readUpload(request, {
    maxBytes,
    handle: async (file, filename) => ({ stored: await storeContractPdf(file, { maxBytes, workspaceId: ctx.workspace.id }), filename }),
  });
  if (out.error !== undefined || !out.result) return errorAnswer(request, out.error, back);
  const { stored, filename } = out.result;

  const bad = findUnstorable(out.fields);
  // busboy cuts a field at 2 KB without saying so: a field that reached the cap was cut, and is refused, not stored cut.
  const cut = Object.entries(out.fields).find(([, v]) => Buffer.byteLength(v) >= FIELD_CAP)?.[0];
  const input = bad || cut ? null : createContractSchema.safeParse(out.fields);
  if (!input?.success) {
    await getStorage().delete(stored.key).catch((e) => console.error("Could not delete a refused contract upload", stored.key, e));
    if (bad) return errorAnswer(request, new AppError("TEXT_UNSTORABLE", bad.field, bad.message), back, { field: bad.field });
    const fields = cut ? { [cut]: ["That is too long to send with the upload. Upload without it, then write it under Details (up to 2,000 characters)."] } : fieldErrorsOf(input!.error);
    if (wantsJson(request)) return jsonAnswer({ error: { code: "VALIDATION_FAILED", message: "Check the highlighted fields.", fields } }, 422);
    return seeOtherWith(back, { error: "VALIDATION_FAILED", field: Object.keys(fields)[0] ?? "_" });
  }
  try {
    const { id } = await createContract(ctx, input.data, stored, filename);
    if (wantsJson(request)) return jsonAnswer({ id }, 201);
    return seeOtherWith(`${base}/${id}`, { notice: "uploaded" });
  } catch (e) {
    return errorAnswer(request, e, back);
  }
}
