"use server";
import { gunzipSync, gzipSync } from "node:zlib";
import { refresh } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { SLUG_FIELD } from "@/lib/actions/form-state";
import { AppError, errorMessages, type ActionResult } from "@/lib/errors";
import { DLT_COLUMNS, type DltColumnMap } from "./dlt-columns";
import { DLT_IMPORT_ROLE, dltColumnChoicesSchema } from "./dlt-import.schema";
import type { DltImportState } from "./dlt-import-state";
import { importDltTemplates } from "./import-dlt-templates";
import { previewDltImport } from "./preview-dlt-import";
import { DLT_MAX_BYTES } from "./read-dlt-cells";

// The DLT import's one form action (useActionState), so choosing a file, mapping columns and confirming all work as
// plain multipart POSTs before the page's JavaScript has loaded. Nothing is kept on the server between the steps:
// the preview hands the file back gzipped in a hidden field, and the confirm posts it again and re-reads it, so what
// is written is exactly what the preview showed (the admin could post any file anyway: they may import any file).

const uploadSchema = z.object({
  file: z.instanceof(Blob),
  fileName: z.string().max(255),
  columns: dltColumnChoicesSchema.optional(),
});

const bytesOf = async (file: Blob) => new Uint8Array(await file.arrayBuffer());
const toInput = async (i: z.infer<typeof uploadSchema>) => ({ bytes: await bytesOf(i.file), fileName: i.fileName || "upload.csv", columns: i.columns });

const previewAction = adminAction(uploadSchema, DLT_IMPORT_ROLE, async (ctx, input) => previewDltImport(ctx, await toInput(input)));
const importAction = adminAction(uploadSchema, DLT_IMPORT_ROLE, async (ctx, input) => importDltTemplates(ctx, await toInput(input)));

/**
 * The file from this post: a newly chosen one as it is (a POST before hydration), gzipped (`packed`, once hydrated,
 * so a 5 MB export fits the 2 MB action body), or the one the preview handed back (`staged`: gzipped, base64).
 */
async function postedFile(data: FormData): Promise<{ file: Blob; fileName: string; packed: boolean } | null> {
  const chosen = data.get("file");
  if (chosen instanceof File && chosen.size > 0) {
    if (chosen.size > DLT_MAX_BYTES) throw new AppError("DLT_IMPORT_TOO_LARGE");
    return { file: chosen, fileName: chosen.name, packed: false };
  }
  const packed = data.get("packed");
  const staged = data.get("staged");
  let gz: Buffer;
  const packedGz = packed instanceof Blob && packed.size > 0 ? Buffer.from(await packed.arrayBuffer()) : null;
  if (packedGz) gz = packedGz;
  else if (typeof staged === "string" && staged) gz = Buffer.from(staged, "base64");
  else return null;
  let bytes: Buffer;
  try {
    bytes = gunzipSync(gz, { maxOutputLength: DLT_MAX_BYTES });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new AppError("DLT_IMPORT_TOO_LARGE");
    throw new AppError("DLT_IMPORT_FORMAT", "file", "The file did not arrive intact. Choose it again and preview it.");
  }
  const name = packed instanceof File && packed.name ? packed.name : data.get("fileName");
  return { file: new Blob([new Uint8Array(bytes)]), fileName: typeof name === "string" && name ? name.slice(0, 255) : "upload.csv", packed: gz === packedGz };
}

/** Column choices posted as `column.<field>` = column index, or -1 for "not in this file"; blank means "guess". */
function postedColumns(data: FormData): DltColumnMap | undefined {
  const out: DltColumnMap = {};
  for (const c of DLT_COLUMNS) {
    const v = data.get(`column.${c}`);
    if (typeof v === "string" && /^-?\d{1,5}$/.test(v)) out[c] = Number(v);
  }
  return Object.keys(out).length ? out : undefined;
}

const failed = (e: unknown): ActionResult<never> => (e instanceof AppError ? { ok: false, code: e.code, message: e.message } : { ok: false, code: "INTERNAL", message: errorMessages.INTERNAL });

/** Preview (intent "preview") or import (intent "import") the posted DLT export. */
export async function dltImportFormAction(_prev: DltImportState, data: FormData): Promise<DltImportState> {
  const slug = String(data.get(SLUG_FIELD) ?? "");
  const intent = data.get("intent") === "import" ? "import" : "preview";
  let posted: Awaited<ReturnType<typeof postedFile>>;
  try {
    posted = await postedFile(data);
  } catch (e) {
    return { step: "upload", result: failed(e) };
  }
  if (!posted) return { step: "upload", result: { ok: false, code: "DLT_IMPORT_EMPTY", message: "Choose your DLT export file (CSV or .xlsx) first." } };
  const input = { file: posted.file, fileName: posted.fileName, columns: postedColumns(data) };
  let refused: string | undefined;
  if (intent === "import") {
    const result = await importAction(slug, input);
    if (result.ok) {
      refresh(); // the page around the form (its count of imported templates) re-renders with the answer
      return { step: "done", result };
    }
    // A refused import goes back to its preview with the reason, so the admin can fix the mapping or pick a file.
    refused = result.message;
  }
  const preview = await previewAction(slug, input);
  if (!preview.ok) return { step: "upload", result: preview };
  // A hydrated form sent the file gzipped and keeps it; a plain POST gets it back to post with the next step.
  const staged = posted.packed ? undefined : gzipSync(await bytesOf(posted.file)).toString("base64");
  return { step: "preview", result: preview, staged, fileName: posted.fileName, refused };
}
