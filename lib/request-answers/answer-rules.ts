// What a valid answer is, per question kind. Shared by the draft save (server) and the page (which shows the same
// words next to an item the no-JS form sent back). `lib/` knows no screen: these return words, not markup.
import type { AnswerValue, RequestItemKind } from "@/lib/db/schema";
import { unstorableChar } from "@/lib/validation/storable-text";

export const SHORT_TEXT_MAX = 500;
export const LONG_TEXT_MAX = 10_000;
export const NUMBER_MAX = 1e15;

export type QuestionItem = { id: string; kind: RequestItemKind; options: string[] | null };

export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; message: string; unstorable?: true };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Digits with optional thousands commas (Indian 1,00,000 or western 100,000 grouping both pass: commas are dropped),
// one optional dot, an optional leading minus. No exponent, no hex, no spaces inside.
const NUMBER = /^-?(?:\d[\d,]*)(?:\.\d+)?$|^-?\.\d+$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isRealDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** The number as stored: commas dropped, e.g. "1,25,000.50" → "125000.50"; null when it is not a number we accept. */
export function normaliseNumber(s: string): string | null {
  if (!NUMBER.test(s) || s.startsWith(",") || s.includes(",.") ) return null;
  const plain = s.replace(/,/g, "");
  const n = Number(plain);
  if (!Number.isFinite(n) || Math.abs(n) > NUMBER_MAX) return null;
  return plain;
}

function text(raw: unknown): string | null {
  if (raw === null || raw === undefined) return "";
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  return typeof raw === "string" ? raw : null;
}

/**
 * Checks one answer and returns the value to store (null for an empty answer: a draft may be empty). `raw` is what
 * the browser sent: a string, or for multiple choice a list of strings (a single string is a one-item list).
 */
export function checkAnswer(item: QuestionItem, raw: unknown): AnswerCheck {
  const strings = Array.isArray(raw) ? raw : [raw];
  for (const s of strings) {
    if (typeof s === "string") {
      const bad = unstorableChar(s);
      if (bad) return { ok: false, unstorable: true, message: `This answer contains a character that can't be stored (${bad}). Remove it and save again.` };
    }
  }
  const options = item.options ?? [];
  switch (item.kind) {
    case "short_text":
    case "long_text": {
      const s = text(raw);
      if (s === null) return { ok: false, message: "Type your answer as text." };
      const max = item.kind === "short_text" ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
      const v = item.kind === "short_text" ? s.trim() : s.replace(/\s+$/, "");
      if (v.length > max) return { ok: false, message: `This answer is ${v.length.toLocaleString("en-IN")} characters long; the limit is ${max.toLocaleString("en-IN")}. Shorten it and save again.` };
      return { ok: true, value: v.trim() === "" ? null : v };
    }
    case "date": {
      const s = text(raw)?.trim();
      if (s === undefined) return { ok: false, message: "Enter a date like 2026-03-31." };
      if (s === "") return { ok: true, value: null };
      if (!isRealDate(s)) return { ok: false, message: `"${s.slice(0, 20)}" is not a date on the calendar. Enter it as year-month-day, e.g. 2026-03-31.` };
      return { ok: true, value: s };
    }
    case "number": {
      const s = text(raw)?.trim();
      if (s === undefined) return { ok: false, message: "Enter a number, e.g. 125000 or 1,25,000.50." };
      if (s === "") return { ok: true, value: null };
      const n = normaliseNumber(s);
      if (n === null && NUMBER.test(s)) return { ok: false, message: "This number is too large. Enter an amount up to 1,000,000,000,000,000." };
      if (n === null) return { ok: false, message: `"${s.slice(0, 20)}" is not a number we can read. Use digits, at most one decimal point and an optional minus, e.g. 1,25,000.50` };
      return { ok: true, value: n };
    }
    case "single_choice": {
      const s = text(raw);
      if (s === null) return { ok: false, message: "Pick one of the options." };
      if (s === "") return { ok: true, value: null };
      if (!options.includes(s)) return { ok: false, message: "That option is not one of this question's choices. Reload the page and pick one of the options shown." };
      return { ok: true, value: s };
    }
    case "multiple_choice": {
      if (raw === null || raw === undefined || raw === "") return { ok: true, value: [] };
      if (!strings.every((s) => typeof s === "string")) return { ok: false, message: "Tick the options that apply." };
      const picked = [...new Set(strings as string[])];
      if (picked.some((s) => !options.includes(s))) return { ok: false, message: "One of the ticked options is not among this question's choices. Reload the page and tick the options shown." };
      // Kept in the question's own order, whatever order the browser sent them in.
      return { ok: true, value: options.filter((o) => picked.includes(o)) };
    }
    default:
      return { ok: false, message: "This item takes a file, not a typed answer. Upload the document instead." };
  }
}


export const questionKinds: RequestItemKind[] = ["short_text", "long_text", "date", "number", "single_choice", "multiple_choice"];
