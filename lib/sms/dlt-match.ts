// Does an SMS template match its DLT template? The operator compares every SMS with the registered content: fixed
// text 100% (case, spaces, punctuation), each variable at most 30 characters and, for typed tags, of its type. Pure:
// the editor shows the same diff as the admin types that the server refuses a save with.
import { diffChars, diffWordsWithSpace, type Change } from "diff";
import { normaliseSmsText, smsMergeFields, type SmsMergeField, type SmsPart, type SmsValueKind } from "./sms-templates";

export const dltTags = ["var", "numeric", "alphanumeric", "url", "urlott", "cbn", "email"] as const;
export type DltTag = (typeof dltTags)[number];

/** DLT content split into fixed text and variables; `unknownTags` lists `{#…#}` DLT does not define. */
export type DltParsed = { parts: ({ text: string } | { tag: DltTag; raw: string })[]; unknownTags: string[] };

const TAG = /\{#\s*([a-z]*)\s*#\}/gi;

/** Splits DLT content at its `{#var#}` and typed tags (tag names in any case, as the portals accept). */
export function parseDlt(content: string): DltParsed {
  const text = normaliseSmsText(content);
  const parts: DltParsed["parts"] = [];
  const unknownTags: string[] = [];
  let last = 0;
  for (const m of text.matchAll(TAG)) {
    const name = m[1].toLowerCase();
    if (!(dltTags as readonly string[]).includes(name)) {
      unknownTags.push(m[0]);
      continue;
    }
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ tag: name as DltTag, raw: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return { parts, unknownTags };
}

/** How many variables a DLT template has (MSG91 names one per variable). */
export function dltVariableCount(content: string): number {
  return parseDlt(content).parts.filter((p) => "tag" in p).length;
}

/** The tags a kind of value may fill: `{#var#}` takes anything; a typed tag only its own type. */
const compatible: Record<SmsValueKind, DltTag[]> = {
  numeric: ["var", "numeric", "alphanumeric"],
  alphanumeric: ["var", "alphanumeric"],
  url: ["var", "url", "urlott"],
  email: ["var", "email"],
  text: ["var"],
};

export function isCompatible(kind: SmsValueKind, tag: DltTag): boolean {
  return compatible[kind].includes(tag);
}

const tagWords: Record<DltTag, string> = {
  var: "any value",
  numeric: "digits only",
  alphanumeric: "letters and digits only",
  url: "a URL",
  urlott: "an OTT app URL",
  cbn: "a call-back number",
  email: "an email address",
};

/** One piece of the character diff: `removed` is in the DLT template but not the text, `added` the other way. */
export type DiffPart = { value: string; added?: boolean; removed?: boolean };

export type DltMatch = {
  ok: boolean;
  /** Problems in words, in the order an admin would fix them. */
  problems: string[];
  /** The character diff (DLT template → the SMS text, variables shown as written on each side); empty when equal. */
  diff: DiffPart[];
  /** For each DLT variable, the merge field that fills it (when the fixed text matched). */
  fields: SmsMergeField[];
  tags: DltTag[];
};

// Each variable, on either side, is one private-use character while diffing, so a variable lines up with a variable
// whatever either side calls it, and the diff is about the fixed text only.
const SLOT = "\uE000";

/**
 * Matches a template (static fields already written in, see expandStatic) with DLT content: the fixed text must be
 * equal exactly, and the template's i-th dynamic field fills the DLT's i-th variable, which must accept its kind.
 */
export function matchDlt(template: SmsPart[], dltContent: string): DltMatch {
  const dlt = parseDlt(dltContent);
  const problems: string[] = [];
  const fields = template.filter((p): p is { field: SmsMergeField } => "field" in p).map((p) => p.field);
  const tags = dlt.parts.filter((p): p is { tag: DltTag; raw: string } => "tag" in p).map((p) => p.tag);
  const rawTags = dlt.parts.filter((p): p is { tag: DltTag; raw: string } => "tag" in p).map((p) => p.raw);
  for (const t of dlt.unknownTags) problems.push(`The DLT template has ${t}, which is not a DLT variable we know ({#var#}, {#numeric#}, {#alphanumeric#}, {#url#}, {#urlott#}, {#cbn#}, {#email#}).`);

  const ours = template.map((p) => ("text" in p ? p.text.replaceAll(SLOT, "") : SLOT)).join("");
  const theirs = dlt.parts.map((p) => ("text" in p ? p.text.replaceAll(SLOT, "") : SLOT)).join("");
  let diff: DiffPart[] = [];
  if (ours !== theirs) {
    diff = showSlots(diffChars(theirs, ours), rawTags, fields);
    if (fields.length !== tags.length) {
      problems.push(`The DLT template has ${tags.length} variable${tags.length === 1 ? "" : "s"} and the text has ${fields.length} merge field${fields.length === 1 ? "" : "s"} that change per message; each variable needs exactly one.`);
    }
    // In words, whole words read better than the characters the display marks.
    const changed = describeDiff(showSlots(diffWordsWithSpace(theirs, ours), rawTags, fields));
    if (changed) problems.push(changed);
    return { ok: false, problems, diff, fields: [], tags };
  }
  tags.forEach((tag, k) => {
    const field = fields[k];
    const kind = smsMergeFields[field].kind;
    if (!isCompatible(kind, tag)) {
      problems.push(`Variable ${k + 1} of the DLT template is ${rawTags[k]} (${tagWords[tag]}), but {{${field}}} fills it with ${kindWords[kind]}. Use a field of that type there, or register the template with {#var#}${kind === "url" ? " or {#url#}" : ""}.`);
    }
  });
  return { ok: problems.length === 0, problems, diff, fields, tags };
}

/** Diff parts with each variable slot written back as that side calls it: `{#tag#}` for DLT, `{{field}}` for the text. */
function showSlots(changes: Change[], rawTags: string[], fields: SmsMergeField[]): DiffPart[] {
  let i = 0; // DLT variables shown so far
  let j = 0; // template fields shown so far
  return changes.map((c) => {
    const value = c.value.replace(/\uE000/g, () => {
      if (c.added) return `{{${fields[j++] ?? "?"}}}`;
      const shown = rawTags[i++] ?? "{#var#}";
      if (!c.removed) j++;
      return shown;
    });
    return { value, ...(c.added ? { added: true } : {}), ...(c.removed ? { removed: true } : {}) };
  });
}

const kindWords: Record<SmsValueKind, string> = {
  numeric: "digits",
  alphanumeric: "letters and digits",
  url: "a URL",
  text: "free text",
  email: "an email address",
};

const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}…` : s);

/** The first few differences in words: what the DLT template has that the text lacks, and the other way. */
export function describeDiff(diff: DiffPart[]): string {
  const out: string[] = [];
  for (let k = 0; k < diff.length && out.length < 3; k++) {
    const d = diff[k];
    const next = diff[k + 1];
    if (d.removed && next?.added) {
      out.push(`the DLT template has ${show(d.value)} where your text has ${show(next.value)}`);
      k++;
    } else if (d.removed) out.push(`your text lacks ${show(d.value)}`);
    else if (d.added) out.push(`your text has ${show(d.value)}, which the DLT template does not`);
  }
  if (!out.length) return "";
  const s = out.join("; ");
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}
