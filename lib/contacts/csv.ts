import Papa from "papaparse";
import { IMPORT_CHUNK_ROWS, IMPORT_MAX_CELL, type ImportField, type ImportRow } from "./import-contacts.schema";

// Browser side of the import: parse the file (papaparse handles BOM, CRLF and quoted multi-line cells), map columns
// to fields, cut the rows into chunks small enough for one request each. The server validates every row again.

/** `n` is the row's number as a spreadsheet shows it: blank lines keep their numbers, multi-line cells do not add any. */
export type CsvRow = { n: number; cells: string[] };
export type ParsedCsv = { headers: string[]; rows: CsvRow[]; tooLarge: boolean };

const PARSE_CHUNK_BYTES = 512 * 1024;
const blank = (cells: string[]) => cells.every((c) => c.trim() === "");

/** Parses the whole file; stops early (tooLarge) once it holds more than `maxRows` data rows. */
export function parseContactsCsv(input: File | string, opts: { maxRows: number; onProgress?: (fraction: number) => void }): Promise<ParsedCsv> {
  const size = typeof input === "string" ? input.length : input.size;
  return new Promise((resolve, reject) => {
    let headers: string[] | null = null;
    const rows: CsvRow[] = [];
    let tooLarge = false;
    let index = 0;
    let chunks = 0;
    Papa.parse<string[]>(input, {
      skipEmptyLines: false,
      chunkSize: PARSE_CHUNK_BYTES,
      chunk(results, parser) {
        for (const cells of results.data) {
          index++;
          if (blank(cells)) continue;
          if (!headers) headers = cells.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
          else rows.push({ n: index, cells });
        }
        chunks++;
        opts.onProgress?.(Math.min(1, (chunks * PARSE_CHUNK_BYTES) / Math.max(size, 1)));
        if (rows.length > opts.maxRows) {
          tooLarge = true;
          parser.abort();
        }
      },
      complete() {
        opts.onProgress?.(1);
        resolve({ headers: headers ?? [], rows, tooLarge });
      },
      error(err: Error) {
        reject(err);
      },
    });
  });
}

/** Rows as the server expects them, each with its spreadsheet row number. */
export function toImportRows(rows: CsvRow[], mapping: (ImportField | null)[]): ImportRow[] {
  return rows.map(({ n, cells }) => {
    const out: ImportRow = { row: n };
    mapping.forEach((field, col) => {
      const v = cells[col];
      if (field && v !== undefined && v.trim() !== "") out[field] = v.length > IMPORT_MAX_CELL ? v.slice(0, IMPORT_MAX_CELL) : v;
    });
    return out;
  });
}

/** Chunks of at most IMPORT_CHUNK_ROWS rows and roughly `maxBytes` of JSON, so every request stays small. */
export function chunkImportRows(rows: ImportRow[], maxBytes = 512 * 1024): ImportRow[][] {
  const chunks: ImportRow[][] = [];
  let cur: ImportRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    const size = JSON.stringify(r).length + 1;
    if (cur.length && (cur.length >= IMPORT_CHUNK_ROWS || bytes + size > maxBytes)) {
      chunks.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(r);
    bytes += size;
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}

/** What starts a formula: = + - @ and their fullwidth forms (＝ ＋ － ＠), which some spreadsheets accept too. */
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
const PHONE_LIKE = /^\+?[\d\s().\/-]+$/;

/**
 * A cell a spreadsheet would run as a formula gets a leading apostrophe: one starting with a tab or carriage return,
 * or whose first character after any leading whitespace or line breaks (raw cells are kept untrimmed, and
 * spreadsheets trim them) starts a formula. Phone numbers like "+91 98765 43210", untrimmed or not, stay as they are.
 */
export function safeCell(v: string): string {
  if (/^[\t\r]/.test(v)) return `'${v}`;
  const t = v.replace(/^\s+/, "");
  if (!FORMULA_START.test(t)) return v;
  return /^[+-]/.test(t) && PHONE_LIKE.test(t) ? v : `'${v}`;
}

const rawLabels = { firstName: "First name", lastName: "Last name", fullName: "Full name", email: "Email", phone: "Phone", company: "Company" };
const outcomeLabels = { created: "Added", updated: "Updated", rejected: "Rejected" };

/**
 * An import's report as CSV: the row number, (optionally) what happened, why, and the original cells, so rejected
 * rows can be fixed in a spreadsheet and imported again.
 */
export function importReportCsv(
  rows: { row: number; outcome?: "created" | "updated" | "rejected" | null; reason: string | null; raw: Record<string, string | undefined> }[],
  opts: { withOutcome: boolean },
): string {
  const cols = (Object.keys(rawLabels) as (keyof typeof rawLabels)[]).filter((c) => rows.some((r) => r.raw[c]));
  const fields = ["Row", ...(opts.withOutcome ? ["Result"] : []), "Reason", ...cols.map((c) => rawLabels[c])];
  const data = rows.map((r) => [
    String(r.row),
    ...(opts.withOutcome ? [r.outcome ? outcomeLabels[r.outcome] : ""] : []),
    safeCell(r.reason ?? ""),
    ...cols.map((c) => safeCell(r.raw[c] ?? "")),
  ]);
  return Papa.unparse({ fields, data }, { newline: "\r\n" });
}
