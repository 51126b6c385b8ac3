import { z } from "zod";

// The wire format between the import page and the server: the browser parses and maps the CSV, the server
// validates every row again on arrival (it never trusts what the browser decided).

export const IMPORT_MAX_ROWS = 100_000;
export const IMPORT_CHUNK_ROWS = 1000;
/** Cells longer than this are cut by the browser before sending; no valid value comes close. */
export const IMPORT_MAX_CELL = 1000;

export const importFields = ["firstName", "lastName", "fullName", "email", "phone", "company"] as const;
export type ImportField = (typeof importFields)[number];

export const importFieldLabels: Record<ImportField, string> = {
  firstName: "First name",
  lastName: "Last name",
  fullName: "Full name (split into first and last)",
  email: "Email",
  phone: "Phone",
  company: "Company",
};

const cell = z.string().max(IMPORT_MAX_CELL).optional();

/** Row numbers as a spreadsheet shows them; blank lines keep their numbers, so they may run past the row count. */
export const IMPORT_MAX_ROW_NUMBER = 10_000_000;

/** One data row; `row` is its number as a spreadsheet shows it (the header is row 1). */
export const importRowSchema = z.object({
  row: z.number().int().min(2).max(IMPORT_MAX_ROW_NUMBER),
  firstName: cell,
  lastName: cell,
  fullName: cell,
  email: cell,
  phone: cell,
  company: cell,
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const startContactImportSchema = z.object({
  fileName: z.string().trim().max(255).default(""),
  totalRows: z.number().int().min(0),
  fields: z.array(z.enum(importFields)).max(importFields.length),
});
export type StartContactImportInput = z.input<typeof startContactImportSchema>;

export const addContactImportRowsSchema = z.object({
  importId: z.uuid(),
  rows: z
    .array(importRowSchema)
    .min(1)
    .max(IMPORT_CHUNK_ROWS)
    .refine((rows) => new Set(rows.map((r) => r.row)).size === rows.length, "Each row number may appear once."),
});
export type AddContactImportRowsInput = z.infer<typeof addContactImportRowsSchema>;

export const applyContactImportSchema = z.object({ importId: z.uuid() });
export type ApplyContactImportInput = z.infer<typeof applyContactImportSchema>;

export type ContactImportSummary = {
  importId: string;
  total: number;
  created: number;
  updated: number;
  rejected: number;
  /** The first rejected rows, in file order; the full report is downloadable. */
  rejectedRows: { row: number; reason: string }[];
};
