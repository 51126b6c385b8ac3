// One SMS, rendered exactly as DLT will see it, with the values MSG91 fills its template variables with. Pure. The
// mapping is checked before (checkSmsMapping); this checks what only the real values can break: a variable over 30
// characters, a character outside GSM-7 in a TEXT template, a link the whitelist does not cover.
import { AppError } from "@/lib/errors";
import { parseDlt, type DltTag } from "./dlt-match";
import { countSegments, nonGsmChars, type SegmentCount } from "./segments";
import { DLT_VAR_MAX, expandStatic, normaliseSmsText, smsParts, type SmsMergeField, type SmsStaticValues, type SmsValues } from "./sms-templates";
import { uncoveredUrls, type WhitelistEntry } from "./whitelist";

export type RenderedSms = { text: string; vars: Record<string, string>; segments: SegmentCount };

export type RenderSmsInput = {
  body: string;
  statics: SmsStaticValues;
  values: SmsValues;
  dlt: { content: string; contentType: string };
  /** MSG91's names for the DLT variables, in order. */
  msg91Vars: readonly string[];
  whitelist: readonly WhitelistEntry[];
};

const typeChecks: Partial<Record<DltTag, (v: string) => boolean>> = {
  numeric: (v) => /^\d+$/.test(v),
  alphanumeric: (v) => /^[A-Za-z0-9]+$/.test(v),
};

/** Values as they may go into a variable: one line, and a first name cut to DLT's 30 characters. */
function valueOf(field: SmsMergeField, values: SmsValues): string {
  const raw = (values[field] ?? "").replace(/\s+/g, " ").trim();
  if (field === "contact.first_name") return Array.from(raw).slice(0, DLT_VAR_MAX).join("").trim();
  if (!raw) throw new Error(`renderSms: no value for {{${field}}}`); // a caller's bug: the system fields are always given
  return raw;
}

/** Renders the text and MSG91's variables; throws an AppError naming what DLT or the whitelist would refuse. */
export function renderSms(i: RenderSmsInput): RenderedSms {
  const parts = expandStatic(smsParts(normaliseSmsText(i.body)), i.statics);
  const tags = parseDlt(i.dlt.content).parts.flatMap((p) => ("tag" in p ? [p.tag] : []));
  const vars: Record<string, string> = {};
  let text = "";
  let k = 0;
  for (const p of parts) {
    if ("text" in p) {
      text += p.text;
      continue;
    }
    const value = valueOf(p.field, i.values);
    const length = Array.from(value).length;
    if (length > DLT_VAR_MAX) {
      throw new AppError("SMS_VAR_TOO_LONG", p.field, `{{${p.field}}} is ${length} characters here, and a DLT variable holds at most ${DLT_VAR_MAX}. Put the fixed part of it in the template text.`);
    }
    const check = tags[k] ? typeChecks[tags[k]] : undefined;
    if (check && !check(value)) {
      throw new AppError("DLT_MISMATCH", p.field, `Variable ${k + 1} of the DLT template takes ${tags[k]} values only, and {{${p.field}}} is "${value}" here.`);
    }
    const name = i.msg91Vars[k] ?? `var${k + 1}`;
    vars[name] = value;
    text += value;
    k++;
  }
  const foreign = nonGsmChars(text);
  if (i.dlt.contentType.toLowerCase() !== "unicode" && foreign.length) {
    throw new AppError("SMS_UNICODE_IN_TEXT", undefined, `The message has ${foreign.map((c) => `"${c}"`).join(", ")}, outside the GSM alphabet, and its DLT template is registered as TEXT, so operators would refuse it. Use a UNICODE template for such names, or change the text.`);
  }
  const [url] = uncoveredUrls(text, i.whitelist);
  if (url) {
    throw new AppError("SMS_URL_NOT_WHITELISTED", undefined, `The message contains ${url}, which is not on this workspace's DLT URL whitelist. Whitelist it on DLT, add it under Settings → SMS, then try again.`);
  }
  return { text, vars, segments: countSegments(text) };
}
