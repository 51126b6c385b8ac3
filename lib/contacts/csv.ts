import Papa from "papaparse";
import { IMPORT_CHUNK_ROWS, IMPORT_MAX_CELL, type ImportField, type ImportRow } from "./import-contacts.schema";

// Browser side of the import: parse the file (papaparse handles BOM, CRLF and quoted multi-line cells), map columns
// to fields, cut the rows into chunks small enough for one request each. The server validates every row again.

export type ParsedCsv = { headers: string[]; rows: string[][]; tooLarge: boolean };

const PARSE_CHUNK_BYTES = 512 * 1024;

/** Parses the whole file; stops early (tooLarge) once it holds more than `maxRows` data rows. */
export function parseContactsCsv(input: File | string, opts: { maxRows: number; onProgress?: (fraction: number) => void }): Promise<ParsedCsv> {
  const size = typeof input === "string" ? input.length : input.size;
  return new Promise((resolve, reject) => {
    const all: string[][] = [];
    let tooLarge = false;
    let chunks = 0;
    Papa.parse<string[]>(input, {
      skipEmptyLines: "greedy",
      chunkSize: PARSE_CHUNK_BYTES,
      chunk(results, parser) {
        for (const r of results.data) all.push(r);
        chunks++;
        opts.onProgress?.(Math.min(1, (chunks * PARSE_CHUNK_BYTES) / Math.max(size, 1)));
        if (all.length > opts.maxRows + 1) {
          tooLarge = true;
          parser.abort();
        }
      },
      complete() {
        opts.onProgress?.(1);
        const [head = [], ...rows] = all;
        const headers = head.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
        resolve({ headers, rows: tooLarge ? rows.slice(0, opts.maxRows + 1) : rows, tooLarge });
      },
      error(err: Error) {
        reject(err);
      },
    });
  });
}

/** Rows as the server expects them; row numbers match a spreadsheet's (the header is row 1). */
export function toImportRows(rows: string[][], mapping: (ImportField | null)[]): ImportRow[] {
  return rows.map((cells, i) => {
    const out: ImportRow = { row: i + 2 };
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

// A cell a spreadsheet would run as a formula gets a leading apostrophe; phone numbers like "+91 98765 43210" stay.
function safeCell(v: string): string {
  return /^[=@\t\r]/.test(v) || (/^[+-]/.test(v) && !/^\+?[\d\s().\/-]+$/.test(v)) ? `'${v}` : v;
}

/** The rejected rows as a CSV a person can fix and import again: the original cells plus the reason. */
export function rejectedRowsCsv(rows: { row: number; reason: string; raw: Record<string, string | undefined> }[]): string {
  const cols = ["firstName", "lastName", "fullName", "email", "phone", "company"] as const;
  const used = cols.filter((c) => rows.some((r) => r.raw[c]));
  const header = ["Row", "Reason", ...used.map((c) => ({ firstName: "First name", lastName: "Last name", fullName: "Full name", email: "Email", phone: "Phone", company: "Company" })[c])];
  return Papa.unparse({ fields: header, data: rows.map((r) => [String(r.row), safeCell(r.reason), ...used.map((c) => safeCell(r.raw[c] ?? ""))]) }, { newline: "\r\n" });
}
