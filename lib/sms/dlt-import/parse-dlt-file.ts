import { AppError } from "@/lib/errors";
import { unstorableChar } from "@/lib/validation/storable-text";
import { applyColumnChoices, guessDltColumns, knownHeaderCount, missingDltColumns, type DltColumn, type DltColumnMap } from "./dlt-columns";
import { DLT_MAX_ROWS, readDltCells, type CellRow } from "./read-dlt-cells";

// A DLT export → one verdict per row: the template to write, or why not. Pure (no database): the preview and the
// import run the very same code on the very same bytes, so what the admin confirmed is what gets written.

/** A row as it goes into `dlt_templates`. IDs are strings of digits, never numbers. */
export type DltTemplateValues = {
  templateId: string;
  name: string;
  senderId: string;
  content: string;
  type: string | null;
  contentType: "text" | "unicode";
  status: string;
  entityId: string | null;
  consentTemplateId: string | null;
};

/** One data row: what the preview shows, and `values` when it can be imported (`skip` says why not otherwise). */
export type DltRow = {
  row: number;
  templateId: string;
  name: string;
  senderId: string;
  content: string;
  status: string;
  skip: string | null;
  values: DltTemplateValues | null;
  /**
   * A row skipped because DLT no longer approves it (rejected, pending, inactive), with the status to give a template
   * of that ID already imported: the import marks it unusable, so nothing is sent under it any more.
   */
  retire: { templateId: string; status: string } | null;
};

export type DltParse = {
  fileName: string;
  format: "csv" | "xlsx";
  headers: string[];
  headerRow: number;
  /** Which column each field was read from (guessed from the headers, then the admin's choices). */
  columns: DltColumnMap;
  /** Required fields no column holds: the admin must map them, and `rows` is empty until they do. */
  missing: DltColumn[];
  rows: DltRow[];
};

export const DLT_MAX_CONTENT = 2000;

const letters = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");

/** The header row: the first of the top rows that names at least two known columns (some exports put a title above). */
function findHeader(rows: CellRow[]): number {
  const top = rows.slice(0, 20);
  const known = top.findIndex((r) => knownHeaderCount(r.cells) >= 2);
  return known >= 0 ? known : 0;
}

type IdRead = { id: string } | { problem: string } | null;

/** A template, entity or consent ID as digits, from what exports make of it: `'1207…`, `="1207…"`, or a float. */
function readId(raw: string, what: string): IdRead {
  let s = raw.trim().replace(/^="(.*)"$/, "$1").trim();
  s = s.replace(/^'+/, "").trim();
  if (!s) return null;
  if (/^\d+$/.test(s)) {
    if (s.length < 6 || s.length > 30) return { problem: `The ${what} "${s}" is not a DLT ID (those are long strings of digits, about 19).` };
    return { id: s };
  }
  if (/^[+-]?\d+(\.\d*)?e[+-]?\d+$/i.test(s) || /^\d{1,3}([,.\s]\d{3})+$/.test(s) || /^\d+\.\d+$/.test(s)) {
    return {
      problem: `The ${what} reads ${s}: a spreadsheet turned it into a number and its last digits are lost. Download the CSV from the DLT portal again and upload it without opening it in Excel, or format the column as Text before pasting the IDs.`,
    };
  }
  return { problem: `The ${what} "${s.slice(0, 40)}" is not a DLT ID (only digits, about 19 of them).` };
}

/** Why an approval status does not allow importing, or null when it does. */
function approvalProblem(raw: string): string | null {
  const s = letters(raw);
  // "Approved", "APPROVED & ACTIVE", "Approved (Service Implicit)"; an approval column that only says "Active" too.
  if (s.startsWith("approved") || ["approve", "active", "activeapproved"].includes(s)) return null;
  if (!s) return "No approval status in this row.";
  if (s.startsWith("reject")) return "Rejected on DLT.";
  if (/^(pending|submitted|underreview|inreview|inprogress|awaiting|new|draft)/.test(s)) return "Pending approval on DLT.";
  if (/^(inactive|deactivat|blocked|expired|suspended|deleted|disabled)/.test(s)) return "Inactive on DLT.";
  return `Not approved on DLT (status "${raw.trim().slice(0, 40)}").`;
}

function activeProblem(raw: string): string | null {
  const s = letters(raw);
  if (!s || ["active", "yes", "y", "true", "approved", "enabled"].includes(s)) return null;
  if (/^(inactive|deactivat|no$|n$|false|blocked|expired|suspended|deleted|disabled)/.test(s)) return "Inactive on DLT.";
  return `Not active on DLT (status "${raw.trim().slice(0, 40)}").`;
}

/** The header (sender ID) without the handset's decorations: "VM-ACMEIN-S" is ACMEIN. */
function readHeader(raw: string): { id: string } | { problem: string } {
  const s = raw.trim().toUpperCase();
  if (!s) return { problem: "No header (sender ID) in this row." };
  if (s.split(/[,;/\s]+/).filter(Boolean).length > 1) {
    return { problem: `The row lists several headers (${s.slice(0, 40)}). Export one row per header, or keep only the header these messages go out under.` };
  }
  const bare = s.replace(/^[A-Z]{2}-(?=[A-Z]{6}\b)/, "").replace(/-[STPG]$/, "");
  if (!/^[A-Z]{6}$/.test(bare)) return { problem: `The header "${s.slice(0, 20)}" is not 6 letters, so it is not a DLT header for service messages.` };
  return { id: bare };
}

// GSM 03.38, basic set and extension table: one character outside it makes a message UCS-2 (Unicode).
const GSM7 = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f",
);
const isGsm7 = (s: string) => [...s].every((c) => GSM7.has(c));

function readContentType(raw: string | undefined, content: string): "text" | "unicode" {
  const s = letters(raw ?? "");
  if (/^(text|english|gsm|plain|plaintext|normal)$/.test(s)) return "text";
  if (/^(unicode|regional|ucs|hindi|nonenglish)/.test(s)) return "unicode";
  return isGsm7(content) ? "text" : "unicode";
}

const contentTypeWord = (v: string) => /^(text|english|gsm|plain|plaintext|normal|unicode|regional|ucs2?|hindi|nonenglish)$/.test(letters(v));

/**
 * "Template Type" is TEXT/UNICODE on some portals and Transactional/Promotional on others: when the column guessed as
 * the content type holds categories, it is the category.
 */
function settleContentTypeColumn(columns: DltColumnMap, rows: CellRow[]): DltColumnMap {
  const i = columns.contentType;
  if (i === undefined) return columns;
  const values = rows.map((r) => (r.cells[i] ?? "").trim()).filter(Boolean);
  if (!values.length || values.filter(contentTypeWord).length * 2 >= values.length) return columns;
  const out = { ...columns };
  delete out.contentType;
  if (out.type === undefined) out.type = i;
  return out;
}

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/**
 * Reads a DLT export (CSV or XLSX) and decides row by row what can be imported. `columns` are the admin's choices
 * for columns the headers did not name (index into `headers`; -1 for "not in the file"). Throws an AppError for a file
 * that cannot be read at all: empty, over 5 MB or 10,000 rows, binary, not UTF-8/UTF-16, a broken quote.
 */
export async function parseDltFile(bytes: Uint8Array, fileName: string, columns?: DltColumnMap): Promise<DltParse> {
  const grid = await readDltCells(bytes, fileName);
  const nonBlank = grid.rows.filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (nonBlank.length === 0) throw new AppError("DLT_IMPORT_EMPTY");
  const h = findHeader(nonBlank);
  const headerCells = nonBlank[h].cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, "") : c).trim().replace(/\s+/g, " "));
  const data = nonBlank.slice(h + 1);
  if (data.length === 0) throw new AppError("DLT_IMPORT_EMPTY");
  if (data.length > DLT_MAX_ROWS) throw new AppError("DLT_IMPORT_TOO_LARGE");

  const width = Math.max(headerCells.length, ...data.slice(0, 50).map((r) => r.cells.length));
  const headers = Array.from({ length: width }, (_, i) => headerCells[i] || `Column ${i + 1}`);
  const cols = settleContentTypeColumn(applyColumnChoices(guessDltColumns(headerCells), columns, width), data);
  const missing = missingDltColumns(cols);
  const base = { fileName, format: grid.format, headers, headerRow: nonBlank[h].n, columns: cols, missing };
  if (missing.length) return { ...base, rows: [] };

  const cell = (r: CellRow, c: DltColumn) => {
    const i = cols[c];
    return i === undefined ? "" : (r.cells[i] ?? "");
  };
  const firstRowOf = new Map<string, number>();
  const rows = data.map((r): DltRow => {
    const rawId = cell(r, "templateId");
    const id = readId(rawId, "template ID");
    const header = readHeader(cell(r, "header"));
    // Line breaks inside a quoted cell come as CRLF from Windows exports; DLT stores them as LF.
    const content = cell(r, "content").replace(/\r\n?/g, "\n").trim();
    const name = cut(cell(r, "name").trim().replace(/\s+/g, " "), 200);
    const status = cut(cell(r, "status").trim(), 100);
    const entity = readId(cell(r, "entityId"), "entity ID");
    const consent = readId(cell(r, "consentTemplateId"), "consent template ID");
    const shown: DltRow = {
      row: r.n,
      templateId: id && "id" in id ? id.id : cut(rawId.trim(), 40),
      name,
      senderId: "id" in header ? header.id : cut(cell(r, "header").trim(), 20),
      content,
      status,
      skip: null,
      values: null,
      retire: null,
    };
    const skip = (why: string): DltRow => ({ ...shown, skip: why });
    const retired = (why: string, stored: string): DltRow => ({ ...shown, skip: why, retire: id && "id" in id ? { templateId: id.id, status: stored } : null });

    const notApproved = approvalProblem(status);
    if (notApproved) return retired(notApproved, status || "Not approved");
    if (cols.active !== undefined) {
      const inactive = activeProblem(cell(r, "active"));
      if (inactive) return retired(inactive, `${status} (inactive)`);
    }
    if (!id) return skip("No template ID in this row.");
    if ("problem" in id) return skip(id.problem);
    if (!content) return skip("The template content is empty.");
    if (content.length > DLT_MAX_CONTENT) return skip(`The content is longer than ${DLT_MAX_CONTENT.toLocaleString("en")} characters, more than a DLT template can hold.`);
    if ("problem" in header) return skip(header.problem);
    if (entity && "problem" in entity) return skip(entity.problem);
    if (consent && "problem" in consent) return skip(consent.problem);
    const type = cut(cell(r, "type").trim(), 100) || null;
    const bad = [content, name, status, type ?? ""].map(unstorableChar).find(Boolean);
    if (bad) return skip(`The row holds a character that can't be stored (${bad}). Remove it on the DLT portal's export and upload again.`);
    const earlier = firstRowOf.get(id.id);
    if (earlier !== undefined) return skip(`The same template ID is already in row ${earlier}; only the first is imported.`);
    firstRowOf.set(id.id, r.n);
    return {
      ...shown,
      values: {
        templateId: id.id,
        name: name || id.id,
        senderId: header.id,
        content,
        type,
        contentType: readContentType(cols.contentType === undefined ? undefined : cell(r, "contentType"), content),
        status,
        entityId: entity && "id" in entity ? entity.id : null,
        consentTemplateId: consent && "id" in consent ? consent.id : null,
      },
    };
  });
  return { ...base, rows };
}

