import { z } from "zod";
import { storableString } from "@/lib/validation/storable-text";
import { DLT_COLUMNS, type DltColumnMap } from "./dlt-columns";

// The input of both the preview and the import: the file's bytes, its name, and the admin's column choices.

export const dltColumnChoicesSchema = z.partialRecord(z.enum(DLT_COLUMNS), z.number().int().min(-1).max(10_000));

export const dltImportSchema = z.object({
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "Choose a DLT export file (CSV or .xlsx)."),
  fileName: storableString().trim().max(255).catch("upload.csv"),
  columns: dltColumnChoicesSchema.optional(),
});

export type DltImportInput = { bytes: Uint8Array; fileName: string; columns?: DltColumnMap };

/** Who may import DLT templates: owners and admins (marketing members manage neither SMS nor senders). */
export const DLT_IMPORT_ROLE = "admin" as const;
