// Is an SMS template ready to send: its text, its DLT template, its header, its MSG91 template and the links in it?
// Pure and complete, so saving a mapping, the readiness checklist, the sender and the editor's live view all decide
// alike; the first problem is the one a save is refused with.
import type { AppErrorCode } from "@/lib/errors";
import { isDltApproved, normaliseSenderId } from "./sender-id";
import { dltVariableCount, matchDlt, type DltMatch } from "./dlt-match";
import { countSegments, nonGsmChars, type SegmentCount } from "./segments";
import {
  expandStatic,
  normaliseSmsText,
  smsMergeFields,
  smsParts,
  validateSmsTemplate,
  type SmsStaticValues,
  type SmsTemplateKind,
  type SmsValues,
} from "./sms-templates";
import { uncoveredUrls, type WhitelistEntry } from "./whitelist";

export type DltTemplateView = { id: string; templateId: string; name: string; senderId: string; content: string; contentType: string; status: string };

export type SmsMappingInput = {
  kind: SmsTemplateKind;
  body: string;
  statics: SmsStaticValues;
  /** The chosen DLT template as stored for this workspace; null when none is chosen or it is not this workspace's. */
  dlt: DltTemplateView | null;
  /** True when a DLT template was asked for (null `dlt` then means unknown, not "not mapped yet"). */
  dltRequested?: boolean;
  senderId: string | null;
  senderIds: readonly string[];
  msg91TemplateId: string | null;
  msg91Vars: readonly string[] | null;
  whitelist: readonly WhitelistEntry[];
};

export type MappingField = "body" | "dltTemplateId" | "senderId" | "msg91TemplateId" | "msg91Vars";
export type SmsMappingProblem = { code: AppErrorCode; field: MappingField; message: string };

export type SmsMappingCheck = {
  problems: SmsMappingProblem[];
  /** The DLT comparison, when a DLT template was there to compare with. */
  match: DltMatch | null;
  /** A sample message (sample dynamic values) and what it costs. */
  sample: { text: string; segments: SegmentCount };
};

/** Sample values the preview and the link checks render with: each field at a typical value. */
export function sampleSmsValues(portalUrl: string, magicLinkDays = 7): SmsValues {
  const url = portalUrl.replace(/\/+$/, "");
  return {
    "contact.first_name": "Asha",
    "sign_in.code": "482913",
    "link.expires_in_days": String(magicLinkDays),
    "portal.link_token": "7Hq2Xk9LmP4vR8sT1wYz3B",
    "sign_in.link_token": "Q4n8Zr2Lx7Vb1Tm5Kd9Hs3",
    "portal.short_link": `${url}/s/7Hq2Xk9LmP4vR8sT1wYz3B`,
    "sign_in.short_link": `${url}/s/Q4n8Zr2Lx7Vb1Tm5Kd9Hs3`,
  };
}

/** The template filled with static values and the given dynamic ones (no checks: see renderSms for sending). */
export function fillSms(body: string, statics: SmsStaticValues, values: SmsValues): string {
  return expandStatic(smsParts(normaliseSmsText(body)), statics)
    .map((p) => ("text" in p ? p.text : (values[p.field] ?? "")))
    .join("");
}

/** Every problem with a template and its mapping, in the order to fix them. */
export function checkSmsMapping(i: SmsMappingInput): SmsMappingCheck {
  const body = normaliseSmsText(i.body);
  const problems: SmsMappingProblem[] = validateSmsTemplate(i.kind, body, { portalUrl: i.statics["portal.url"] }).map((p) => ({ ...p }));
  const sampleText = fillSms(body, i.statics, sampleSmsValues(i.statics["portal.url"]));
  const sample = { text: sampleText, segments: countSegments(sampleText) };
  const add = (code: AppErrorCode, field: MappingField, message: string) => problems.push({ code, field, message });

  let match: DltMatch | null = null;
  if (!i.dlt) {
    if (i.dltRequested) add("DLT_TEMPLATE_UNKNOWN", "dltTemplateId", "That DLT template is not among this workspace's imported templates. Pick one from the list, or import your DLT export first.");
    else add("SMS_TEMPLATE_NOT_READY", "dltTemplateId", "Pick the approved DLT template this text was registered as.");
  } else {
    if (!isDltApproved(i.dlt.status)) {
      add("DLT_TEMPLATE_UNKNOWN", "dltTemplateId", `DLT template ${i.dlt.templateId} is "${i.dlt.status}", not approved. Only an approved template can be used; pick another or wait for approval and import the export again.`);
    }
    const chosen = i.senderId ? normaliseSenderId(i.senderId) : null;
    const header = normaliseSenderId(i.dlt.senderId);
    if (!chosen) add("SENDER_ID_INVALID", "senderId", `Pick the sender ID (DLT header) this SMS goes out under: ${header}, the one DLT template ${i.dlt.templateId} was approved for.`);
    else if (!i.senderIds.map(normaliseSenderId).includes(chosen)) add("SENDER_ID_INVALID", "senderId", `${chosen} is not one of this workspace's sender IDs. Add it under Sender IDs first.`);
    else if (chosen !== header) add("DLT_SENDER_MISMATCH", "senderId", `DLT template ${i.dlt.templateId} is registered for the header ${header}, not ${chosen}. Pick ${header}, or a DLT template approved for ${chosen}.`);

    match = matchDlt(expandStatic(smsParts(body), i.statics), i.dlt.content);
    if (!match.ok) add("DLT_MISMATCH", "body", `The text does not match DLT template ${i.dlt.templateId} exactly. ${match.problems.join(" ")}`.trim());

    const fixed = expandStatic(smsParts(body), i.statics).map((p) => ("text" in p ? p.text : "")).join("");
    const foreign = nonGsmChars(fixed);
    if (i.dlt.contentType.toLowerCase() !== "unicode" && foreign.length) {
      add("SMS_UNICODE_IN_TEXT", "body", `DLT template ${i.dlt.templateId} is registered as TEXT, and the message has ${foreign.map((c) => `"${c}"`).join(", ")}, outside the GSM alphabet (it would go as Unicode). Replace ${foreign.length === 1 ? "it" : "them"} (e.g. straight quotes for curly ones), or register a UNICODE template.`);
    }

    const vars = dltVariableCount(i.dlt.content);
    if (!i.msg91TemplateId?.trim()) add("TEMPLATE_INVALID", "msg91TemplateId", "Enter the MSG91 template ID (MSG91 → SMS → Templates) of the template that holds this DLT template.");
    const names = i.msg91Vars ?? [];
    if (names.length !== vars) {
      add("TEMPLATE_INVALID", "msg91Vars", `DLT template ${i.dlt.templateId} has ${vars} variable${vars === 1 ? "" : "s"}, so give ${vars} MSG91 variable name${vars === 1 ? "" : "s"} in order (e.g. ${defaultMsg91Vars(vars).join(", ") || "none"}).`);
    }
  }
  for (const url of uncoveredUrls(sampleText, i.whitelist)) {
    add("SMS_URL_NOT_WHITELISTED", "body", `The message links to ${url}, which the URL whitelist does not cover. Whitelist it on DLT for your header, then add it under URL whitelist${url.includes("/s/") ? ` (as the dynamic URL ${url.slice(0, url.indexOf("/s/") + 3)}?)` : ""}.`);
  }
  return { problems, match, sample };
}

/** MSG91's variable names when none are given: var1, var2, … (what MSG91 calls a DLT template's variables by default). */
export function defaultMsg91Vars(n: number): string[] {
  return Array.from({ length: n }, (_, k) => `var${k + 1}`);
}

/** Parses "var1, var2" or one name a line into a list; blank gives the defaults for `count` variables. */
export function parseMsg91Vars(input: string, count: number): string[] {
  const names = input.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  return names.length ? names : defaultMsg91Vars(count);
}

const suggestedTag = { numeric: "{#numeric#}", alphanumeric: "{#alphanumeric#}", url: "{#url#}", email: "{#email#}", text: "{#var#}" } as const;

/**
 * The text to register on DLT for a template: static fields written in, each dynamic field as the typed tag that
 * fits it ({#var#} for free text such as a name).
 */
export function suggestedDltText(body: string, statics: SmsStaticValues): string {
  return expandStatic(smsParts(normaliseSmsText(body)), statics)
    .map((p) => ("text" in p ? p.text : suggestedTag[smsMergeFields[p.field].kind]))
    .join("");
}
