import ExcelJS from "exceljs";
import Papa from "papaparse";
import { AppError } from "@/lib/errors";

// Bytes → a grid of strings, whatever the file: CSV in UTF-8 (with or without a BOM) or UTF-16 with a BOM, or XLSX.
// Everything else is refused with words that say how to export again; nothing here guesses at a legacy code page,
// because DLT scrubbing compares the text byte for byte and a wrong guess would import a template that never matches.

export const DLT_MAX_BYTES = 5 * 1024 * 1024;
export const DLT_MAX_ROWS = 10_000;

/** `n` is the row number a spreadsheet shows (the header is usually 1); multi-line cells do not add rows. */
export type CellRow = { n: number; cells: string[] };
export type CellGrid = { format: "csv" | "xlsx"; rows: CellRow[] };

const formatError = (message: string) => new AppError("DLT_IMPORT_FORMAT", undefined, message);
const REEXPORT = "Download the export again from your DLT portal and upload it as it is, or save it from Excel as \"CSV UTF-8\" or .xlsx.";

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** The UTF-16 byte order of a file without a BOM, told by the zero bytes ASCII leaves in every other position. */
function bareUtf16(b: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(b.length - (b.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero === 0) return "utf-16le";
  if (evenZero > pairs * 0.6 && oddZero === 0) return "utf-16be";
  return null;
}

/** Control characters a text export never holds (tab, CR, LF and form feed aside): a sign of a binary file. */
function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 8192);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const x = b[i];
    if (x === 0) return true;
    if (x < 0x20 && x !== 9 && x !== 10 && x !== 13 && x !== 12) bad++;
  }
  return bad > 0 && bad >= n * 0.01;
}

function decodeText(b: Uint8Array): string {
  if (startsWith(b, [0xef, 0xbb, 0xbf])) return utf8(b.subarray(3));
  if (startsWith(b, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(b.subarray(2));
  if (startsWith(b, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(b.subarray(2));
  const bare = bareUtf16(b);
  if (bare) return new TextDecoder(bare).decode(b);
  if (looksBinary(b)) throw formatError(`That file is not a CSV or an Excel (.xlsx) file. ${REEXPORT}`);
  return utf8(b);
}

function utf8(b: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    throw formatError(
      "That file is not in UTF-8, so its Hindi and other non-English characters would be read wrongly (it was probably saved as \"CSV\" in a Windows code page such as Latin-1). In Excel use Save As → \"CSV UTF-8 (Comma delimited)\", or upload the .xlsx, or download the CSV from the DLT portal again.",
    );
  }
}

function csvGrid(text: string): CellGrid {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false, delimitersToGuess: [",", ";", "\t", "|"] });
  const quote = parsed.errors.find((e) => e.type === "Quotes");
  if (quote) {
    const n = (quote.row ?? 0) + 1;
    throw formatError(`Row ${n} opens a quoted cell that is never closed, so the rest of the file cannot be read. ${REEXPORT}`);
  }
  return { format: "csv", rows: parsed.data.map((cells, i) => ({ n: i + 1, cells })) };
}

/**
 * A number cell as text. Whole numbers Excel holds exactly stay digits; a 19-digit ID Excel stored as a number has
 * lost its last digits (a double holds 15–17), so it reads the way Excel shows it, 1.20717E+18, and is refused later.
 */
function numberText(v: number): string {
  if (Number.isSafeInteger(v)) return String(v);
  if (Number.isInteger(v) || Math.abs(v) >= 1e15) return v.toExponential(5).toUpperCase();
  return String(v);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("error" in v) return "";
  }
  return String(v);
}

async function xlsxGrid(bytes: Uint8Array): Promise<CellGrid> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs wants a Node Buffer; a view over the same memory, not a copy.
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw formatError(`That Excel file could not be opened (it may be damaged or password-protected). ${REEXPORT}`);
  }
  const sheet = wb.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) return { format: "xlsx", rows: [] };
  // Rows that hold values (a sheet formatted down to row 1,048,576 has a huge rowCount and few actual rows).
  if (sheet.actualRowCount > DLT_MAX_ROWS + 50) throw new AppError("DLT_IMPORT_TOO_LARGE");
  const rows: CellRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= "";
    rows.push({ n: row.number, cells });
  });
  return { format: "xlsx", rows };
}

/** The file's cells, or an AppError that says what is wrong with it (empty, too large, binary, wrong encoding). */
export async function readDltCells(bytes: Uint8Array, fileName: string): Promise<CellGrid> {
  if (bytes.length > DLT_MAX_BYTES) throw new AppError("DLT_IMPORT_TOO_LARGE");
  if (bytes.length === 0) throw new AppError("DLT_IMPORT_EMPTY");
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return xlsxGrid(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw formatError("That is an old Excel .xls workbook. Open it in Excel and save it as .xlsx or \"CSV UTF-8\", then upload that file.");
  }
  if (/\.(xlsx|xlsm)$/i.test(fileName)) throw formatError(`That file is named .xlsx but is not an Excel workbook. ${REEXPORT}`);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw formatError(`That is a PDF. ${REEXPORT}`);
  return csvGrid(decodeText(bytes));
}
