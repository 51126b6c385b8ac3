import { describe, expect, test } from "vitest";
import { describeDiff, dltVariableCount, matchDlt, parseDlt } from "@/lib/sms/dlt-match";
import { renderSms } from "@/lib/sms/render-sms";
import { countSegments, nonGsmChars } from "@/lib/sms/segments";
import { isDltApproved, isValidSenderId, normaliseSenderId } from "@/lib/sms/sender-id";
import { checkSmsMapping, parseMsg91Vars, type SmsMappingInput } from "@/lib/sms/sms-mapping";
import { defaultSmsTemplates, expandStatic, smsParts, smsTemplateKinds, validateSmsTemplate, type SmsStaticValues } from "@/lib/sms/sms-templates";
import { findUrls, isUrlCovered, parseWhitelistUrl, portalLinkPrefix, uncoveredUrls } from "@/lib/sms/whitelist";

const statics: SmsStaticValues = {
  "workspace.name": "Acme",
  "portal.url": "https://acme.portal.example",
  "portal.host": "acme.portal.example",
  "support.email": "help@acme.example",
};
const ctx = { portalUrl: statics["portal.url"] };
const whitelist = [{ url: "https://acme.portal.example/s/?", kind: "dynamic" as const }];

describe("segments", () => {
  test("GSM-7: 160 in one part, 153 per part after that", () => {
    expect(countSegments("")).toEqual({ encoding: "gsm7", units: 0, segments: 1, perSegment: 160 });
    expect(countSegments("a".repeat(160))).toEqual({ encoding: "gsm7", units: 160, segments: 1, perSegment: 160 });
    expect(countSegments("a".repeat(161))).toEqual({ encoding: "gsm7", units: 161, segments: 2, perSegment: 153 });
    expect(countSegments("a".repeat(306)).segments).toBe(2);
    expect(countSegments("a".repeat(307)).segments).toBe(3);
  });

  test("each extension character ^{}\\[]~|€ counts two, and never splits across parts", () => {
    for (const c of "^{}\\[]~|€") expect(countSegments(c)).toMatchObject({ encoding: "gsm7", units: 2 });
    expect(countSegments("€".repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(countSegments("a" + "€".repeat(80))).toMatchObject({ units: 161, segments: 2 });
    // 152 plain characters then a euro: 154 units, and the euro's two septets cannot straddle the parts
    expect(countSegments("a".repeat(152) + "€" + "a".repeat(10))).toMatchObject({ units: 164, segments: 2 });
    expect(countSegments("a".repeat(152) + "€".repeat(77))).toMatchObject({ units: 306, segments: 3 });
  });

  test("GSM's own accented letters stay GSM-7; one other character makes the whole message UCS-2", () => {
    expect(countSegments("Ünicode? No: ÄÖÑÜäöñüàèéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¡¿§£¥").encoding).toBe("gsm7");
    expect(countSegments("a".repeat(100) + "’")).toEqual({ encoding: "ucs2", units: 101, segments: 2, perSegment: 67 });
    expect(countSegments("नमस्ते")).toMatchObject({ encoding: "ucs2", segments: 1, perSegment: 70 });
    expect(countSegments("ç").encoding).toBe("ucs2"); // only capital Ç is in GSM-7
    expect(nonGsmChars("Hi “Asha” ç")).toEqual(["“", "”", "ç"]);
  });

  test("UCS-2: 70 then 67 code units a part; an emoji is two units and is not split", () => {
    expect(countSegments("अ".repeat(70))).toMatchObject({ units: 70, segments: 1 });
    expect(countSegments("अ".repeat(71))).toMatchObject({ units: 71, segments: 2 });
    expect(countSegments("अ".repeat(134))).toMatchObject({ segments: 2 });
    expect(countSegments("😀")).toMatchObject({ encoding: "ucs2", units: 2 });
    expect(countSegments("अ".repeat(66) + "😀" + "अ".repeat(10))).toMatchObject({ units: 78, segments: 2 });
    expect(countSegments("अ".repeat(66) + "😀".repeat(34))).toMatchObject({ units: 134, segments: 3 });
  });
});

describe("sender IDs and DLT statuses", () => {
  test("headers are upper-cased and lose the handset's suffix and prefix", () => {
    expect(normaliseSenderId(" acmein ")).toBe("ACMEIN");
    for (const s of ["ACMEIN-S", "acmein-t", "ACMEIN-P", "AcmeIn-G", "VM-ACMEIN", "AD-ACMEIN-S"]) expect(normaliseSenderId(s)).toBe("ACMEIN");
    expect(isValidSenderId("ACMEIN-S")).toBe(true);
    for (const s of ["ACME", "ACMEIN1", "ACME1N", "ACMEINX", "", "ACMEIN-X"]) expect(isValidSenderId(s)).toBe(false);
  });

  test("only approved or active templates count", () => {
    for (const s of ["Approved", "approved", "Active", "Approved, Active"]) expect(isDltApproved(s)).toBe(true);
    for (const s of ["Rejected", "Pending", "Inactive", "Not Approved", "Unapproved", "Blocked", ""]) expect(isDltApproved(s)).toBe(false);
  });
});

describe("merge fields and template checks", () => {
  test("every default template is valid for its kind", () => {
    for (const kind of smsTemplateKinds) expect(validateSmsTemplate(kind, defaultSmsTemplates[kind], ctx)).toEqual([]);
  });

  test("a missing system tag, unknown or unusable fields, stray braces and DLT tags typed in are refused", () => {
    const words = (kind: (typeof smsTemplateKinds)[number], body: string) => validateSmsTemplate(kind, body, ctx).map((p) => p.message).join("\n");
    expect(words("sign_in_code", "Your code is ready")).toContain("{{sign_in.code}}");
    expect(words("invitation", "Hi {{contact.first_name}}")).toMatch(/\{\{portal\.link_token\}\} or \{\{portal\.short_link\}\}/);
    expect(words("sign_in_code", "{{sign_in.code}} {{contact.nickname}}")).toContain("{{contact.nickname}} is not a field we know");
    expect(words("sign_in_code", "{{sign_in.code}} {{portal.link_token}}")).toContain("has no value in this message");
    expect(words("sign_in_code", "{{sign_in.code}} {{oops")).toContain("unmatched");
    expect(words("sign_in_code", "{{sign_in.code}} {#var#}")).toContain("not DLT tags");
    expect(words("sign_in_code", "   ")).toContain("Write the text");
  });

  test("a link token must follow the portal's /s/ path, written as a field or spelled out", () => {
    expect(validateSmsTemplate("sign_in_link", "Sign in: {{sign_in.link_token}}", ctx)[0]?.message).toContain("{{portal.url}}/s/ right before");
    expect(validateSmsTemplate("sign_in_link", "Sign in: https://acme.portal.example/s/{{sign_in.link_token}}", ctx)).toEqual([]);
  });

  test("a field whose longest value is over 30 characters is refused by name, with the fixed-prefix form", () => {
    const [p] = validateSmsTemplate("invitation", "Hi {{contact.first_name}}, open {{portal.short_link}}", ctx);
    expect(p).toMatchObject({ code: "SMS_VAR_TOO_LONG", field: "body" });
    expect(p.message).toContain("{{portal.short_link}} can be 52 characters long");
    expect(p.message).toContain("https://acme.portal.example/s/{#var#}");
    expect(p.message).toContain("{{portal.url}}/s/{{portal.link_token}}");
  });

  test("static fields are written into the fixed text; dynamic ones stay as variables", () => {
    const parts = expandStatic(smsParts("Hi {{contact.first_name}}, {{workspace.name}} at {{portal.url}}/s/{{portal.link_token}}"), statics);
    expect(parts).toEqual([{ text: "Hi " }, { field: "contact.first_name" }, { text: ", Acme at https://acme.portal.example/s/" }, { field: "portal.link_token" }]);
  });
});

describe("DLT matching", () => {
  test("tags are found in any case; unknown ones are reported", () => {
    const p = parseDlt("Code {#NUMERIC#} for {#Var#} at {#url#} {#foo#}");
    expect(p.parts.filter((x) => "tag" in x).map((x) => ("tag" in x ? x.tag : ""))).toEqual(["numeric", "var", "url"]);
    expect(p.unknownTags).toEqual(["{#foo#}"]);
    expect(dltVariableCount("{#var#} {#cbn#} {#email#} {#urlott#} {#alphanumeric#}")).toBe(5);
  });

  test("an exact match maps each variable to its field", () => {
    const m = matchDlt(expandStatic(smsParts("{{sign_in.code}} is your {{workspace.name}} code"), statics), "{#var#} is your Acme code");
    expect(m).toMatchObject({ ok: true, problems: [], diff: [], fields: ["sign_in.code"], tags: ["var"] });
  });

  test("a one-character difference is a character diff with the DLT side removed and the text's side added", () => {
    const m = matchDlt(expandStatic(smsParts("{{sign_in.code}} is your Acme code."), statics), "{#var#} is your Acme code!");
    expect(m.ok).toBe(false);
    expect(m.diff).toEqual([{ value: "{#var#} is your Acme code" }, { value: "!", removed: true }, { value: ".", added: true }]);
    expect(m.problems.join(" ")).toContain('The DLT template has "!" where your text has "."');
    expect(describeDiff(m.diff)).toBe('The DLT template has "!" where your text has ".".');
  });

  test("case and spaces matter", () => {
    expect(matchDlt(smsParts("{{sign_in.code}} is your acme code"), "{#var#} is your Acme code").ok).toBe(false);
    expect(matchDlt(smsParts("{{sign_in.code}}  is your Acme code"), "{#var#} is your Acme code").ok).toBe(false);
    expect(matchDlt(smsParts("{{sign_in.code}} is your Acme code"), "{#var#} is your Acme code\r\n").ok).toBe(false);
    expect(matchDlt(smsParts("{{sign_in.code}} is\nyour Acme code"), "{#var#} is\r\nyour Acme code").ok).toBe(true);
  });

  test("a variable count that differs is named, and the diff shows each side's variables as written", () => {
    const m = matchDlt(smsParts("Hi {{contact.first_name}}, code {{sign_in.code}}"), "Hi, code {#numeric#}");
    expect(m.ok).toBe(false);
    expect(m.problems[0]).toContain("1 variable and the text has 2 merge fields");
    expect(m.diff.filter((d) => d.added).map((d) => d.value).join("")).toContain("{{contact.first_name}}");
    expect(m.diff.filter((d) => !d.added && !d.removed).map((d) => d.value).join("")).toContain("{#numeric#}");
  });

  test("typed tags: compatible kinds pass, others are named", () => {
    const ok = (body: string, dlt: string) => matchDlt(expandStatic(smsParts(body), statics), dlt);
    expect(ok("{{sign_in.code}} is your code", "{#numeric#} is your code").ok).toBe(true);
    expect(ok("{{sign_in.code}} is your code", "{#alphanumeric#} is your code").ok).toBe(true);
    expect(ok("Open {{portal.url}}/s/{{portal.link_token}}", "Open https://acme.portal.example/s/{#alphanumeric#}").ok).toBe(true);
    expect(ok("Open {{portal.short_link}}", "Open {#url#}").ok).toBe(true);
    expect(ok("Open {{portal.short_link}}", "Open {#urlott#}").ok).toBe(true);
    const name = ok("Hi {{contact.first_name}}, {{sign_in.code}}", "Hi {#alphanumeric#}, {#var#}");
    expect(name.ok).toBe(false);
    expect(name.problems[0]).toContain("Variable 1 of the DLT template is {#alphanumeric#}");
    expect(name.problems[0]).toContain("{{contact.first_name}}");
    expect(ok("Open {{portal.url}}/s/{{portal.link_token}}", "Open https://acme.portal.example/s/{#numeric#}").ok).toBe(false);
    expect(ok("Code {{sign_in.code}}", "Code {#url#}").ok).toBe(false);
    expect(ok("Code {{sign_in.code}}", "Code {#cbn#}").ok).toBe(false);
    expect(ok("Code {{sign_in.code}}", "Code {#email#}").ok).toBe(false);
  });
});

describe("URL whitelist", () => {
  test("static and dynamic entries; scheme and host lower-cased, the path as written", () => {
    expect(parseWhitelistUrl(" HTTPS://Acme.Portal.Example/s/? ")).toEqual({ ok: true, entry: { url: "https://acme.portal.example/s/?", kind: "dynamic" } });
    expect(parseWhitelistUrl("https://acme.com/Offers")).toEqual({ ok: true, entry: { url: "https://acme.com/Offers", kind: "static" } });
    expect(parseWhitelistUrl("http://acme.localhost:3000/s/?")).toMatchObject({ ok: true, entry: { kind: "dynamic" } });
  });

  test("IP addresses, shorteners, missing hosts and other schemes are refused", () => {
    for (const u of ["http://192.168.1.10/s/?", "https://127.1/x", "http://2130706433/", "http://0x7f000001/", "https://[::1]/s/?", "https://[2001:db8::1]:8443/a"]) {
      expect(parseWhitelistUrl(u)).toEqual({ ok: false, problem: "ip" });
    }
    for (const u of ["https://bit.ly/abc", "http://tinyurl.com/x", "https://goo.gl/x", "https://t.co/x", "https://ow.ly/x", "https://is.gd/x", "https://buff.ly/x", "https://rb.gy/x", "https://cutt.ly/x", "https://shorturl.at/x", "https://tiny.cc/x", "https://www.bit.ly/x"]) {
      expect(parseWhitelistUrl(u)).toEqual({ ok: false, problem: "shortener" });
    }
    for (const u of ["http://", "https:///s/?", "ftp://acme.com/", "acme.com/s/?", "https://localhost/", "https://user:pw@acme.com/", "https://acme .com/", "https://acme.com:99999/", "javascript:alert(1)"]) {
      expect(parseWhitelistUrl(u)).toEqual({ ok: false, problem: "invalid" });
    }
  });

  test("static entries match exactly; dynamic ones match what starts with them, on the same scheme and host", () => {
    const list = [
      { url: "https://acme.com/offers", kind: "static" as const },
      { url: "https://acme.portal.example/s/?", kind: "dynamic" as const },
    ];
    expect(isUrlCovered("https://acme.com/offers", list)).toBe(true);
    expect(isUrlCovered("https://ACME.com/offers", list)).toBe(true);
    expect(isUrlCovered("https://acme.com/offers/2", list)).toBe(false);
    expect(isUrlCovered("https://acme.portal.example/s/7Hq2Xk9LmP4vR8sT1wYz3B", list)).toBe(true);
    expect(isUrlCovered("http://acme.portal.example/s/7Hq2", list)).toBe(false);
    expect(isUrlCovered("https://acme.portal.example/l/7Hq2", list)).toBe(false);
    expect(isUrlCovered("https://acme.portal.example.evil.com/s/7Hq2", list)).toBe(false);
    expect(isUrlCovered("https://shop.acme.com/offers", list)).toBe(false);
  });

  test("URLs are found in text without the sentence's punctuation, www. ones included", () => {
    expect(findUrls("Open https://acme.com/s/abc. Or www.acme.com/help, or http://x.acme.com?")).toEqual(["https://acme.com/s/abc", "www.acme.com/help", "http://x.acme.com"]);
    expect(uncoveredUrls("Go to https://acme.portal.example/s/abc or https://evil.example/x", whitelist)).toEqual(["https://evil.example/x"]);
    expect(portalLinkPrefix("https://acme.portal.example/")).toBe("https://acme.portal.example/s/?");
  });
});

const dltCode = { id: "d1", templateId: "1107168543210987655", name: "otp", senderId: "ACMEIN", content: "{#numeric#} is your Acme sign-in code.", contentType: "text", status: "Approved" };
const mapping = (over: Partial<SmsMappingInput> = {}): SmsMappingInput => ({
  kind: "sign_in_code",
  body: "{{sign_in.code}} is your {{workspace.name}} sign-in code.",
  statics,
  dlt: dltCode,
  senderId: "ACMEIN",
  senderIds: ["ACMEIN"],
  msg91TemplateId: "65f0c0ffee",
  msg91Vars: ["var1"],
  whitelist,
  ...over,
});
const codes = (over: Partial<SmsMappingInput>) => checkSmsMapping(mapping(over)).problems.map((p) => p.code);

describe("the whole mapping", () => {
  test("a matching, approved, whitelisted mapping has no problems and a sample with its cost", () => {
    const c = checkSmsMapping(mapping());
    expect(c.problems).toEqual([]);
    expect(c.sample).toEqual({ text: "482913 is your Acme sign-in code.", segments: { encoding: "gsm7", units: 33, segments: 1, perSegment: 160 } });
  });

  test("each way a mapping can be wrong has its own code", () => {
    expect(codes({ dlt: null })).toEqual(["SMS_TEMPLATE_NOT_READY"]);
    expect(codes({ dlt: null, dltRequested: true })).toEqual(["DLT_TEMPLATE_UNKNOWN"]);
    expect(codes({ dlt: { ...dltCode, status: "Pending" } })).toEqual(["DLT_TEMPLATE_UNKNOWN"]);
    expect(codes({ senderId: "ACMEPR", senderIds: ["ACMEIN", "ACMEPR"] })).toEqual(["DLT_SENDER_MISMATCH"]);
    expect(codes({ senderId: "acmein-S" })).toEqual([]);
    expect(codes({ senderIds: [] })).toEqual(["SENDER_ID_INVALID"]);
    expect(codes({ body: "{{sign_in.code}} is your {{workspace.name}} sign in code." })).toEqual(["DLT_MISMATCH"]);
    expect(codes({ msg91TemplateId: " " })).toEqual(["TEMPLATE_INVALID"]);
    expect(codes({ msg91Vars: ["var1", "var2"] })).toEqual(["TEMPLATE_INVALID"]);
  });

  test("a character outside GSM-7 in a TEXT template is refused; a UNICODE template takes it", () => {
    const body = "{{sign_in.code}} is your {{workspace.name}} sign-in code’s value.";
    const content = "{#numeric#} is your Acme sign-in code’s value.";
    const p = checkSmsMapping(mapping({ body, dlt: { ...dltCode, content } })).problems;
    expect(p.map((x) => x.code)).toEqual(["SMS_UNICODE_IN_TEXT"]);
    expect(p[0].message).toContain("’");
    expect(codes({ body, dlt: { ...dltCode, content, contentType: "unicode" } })).toEqual([]);
    expect(checkSmsMapping(mapping({ body, dlt: { ...dltCode, content, contentType: "unicode" } })).sample.segments.encoding).toBe("ucs2");
  });

  test("a business name outside GSM-7 is caught too, since static fields are fixed text", () => {
    const c = checkSmsMapping(mapping({ statics: { ...statics, "workspace.name": "Acme™" }, dlt: { ...dltCode, content: "{#numeric#} is your Acme™ sign-in code." } }));
    expect(c.problems.map((p) => p.code)).toEqual(["SMS_UNICODE_IN_TEXT"]);
  });

  test("links in the text must be whitelisted: the portal prefix and any fixed URL", () => {
    const body = "Sign in to {{workspace.name}}: {{portal.url}}/s/{{sign_in.link_token}}";
    const dlt = { ...dltCode, content: "Sign in to Acme: https://acme.portal.example/s/{#var#}" };
    expect(codes({ kind: "sign_in_link", body, dlt })).toEqual([]);
    const none = checkSmsMapping(mapping({ kind: "sign_in_link", body, dlt, whitelist: [] })).problems;
    expect(none.map((p) => p.code)).toEqual(["SMS_URL_NOT_WHITELISTED"]);
    expect(none[0].message).toContain("https://acme.portal.example/s/?");
    const fixed = "{{sign_in.code}} is your code. Help: https://acme.example/help";
    expect(codes({ body: fixed, dlt: { ...dltCode, content: "{#var#} is your code. Help: https://acme.example/help" } })).toEqual(["SMS_URL_NOT_WHITELISTED"]);
  });

  test("MSG91 variable names default to var1..varN", () => {
    expect(parseMsg91Vars("", 3)).toEqual(["var1", "var2", "var3"]);
    expect(parseMsg91Vars("name, link\ncode", 3)).toEqual(["name", "link", "code"]);
  });
});

describe("rendering one SMS", () => {
  const base = {
    body: "Hi {{contact.first_name}}, sign in to {{workspace.name}}: {{portal.url}}/s/{{portal.link_token}}",
    statics,
    dlt: { content: "Hi {#var#}, sign in to Acme: https://acme.portal.example/s/{#alphanumeric#}", contentType: "text" },
    msg91Vars: ["name", "token"],
    whitelist,
  };

  test("gives the exact text and MSG91's variables by name", () => {
    const r = renderSms({ ...base, values: { "contact.first_name": "Asha", "portal.link_token": "7Hq2Xk9LmP4vR8sT1wYz3B" } });
    expect(r.text).toBe("Hi Asha, sign in to Acme: https://acme.portal.example/s/7Hq2Xk9LmP4vR8sT1wYz3B");
    expect(r.vars).toEqual({ name: "Asha", token: "7Hq2Xk9LmP4vR8sT1wYz3B" });
    expect(r.segments).toMatchObject({ encoding: "gsm7", segments: 1 });
  });

  test("a long first name is cut to 30 characters; other values over 30 are refused by name", () => {
    const r = renderSms({ ...base, values: { "contact.first_name": "Bartholomew-Alexander Montgomery-Smythe", "portal.link_token": "abc" } });
    expect(r.vars.name).toHaveLength(30);
    expect(() => renderSms({ ...base, values: { "contact.first_name": "A", "portal.link_token": "x".repeat(31) } })).toThrow(expect.objectContaining({ code: "SMS_VAR_TOO_LONG", field: "portal.link_token" }));
  });

  test("a value that does not fit its typed tag is refused", () => {
    expect(() => renderSms({ ...base, values: { "contact.first_name": "A", "portal.link_token": "ab-cd" } })).toThrow(expect.objectContaining({ code: "DLT_MISMATCH" }));
  });

  test("a name outside GSM-7 is refused in a TEXT template and sent as UCS-2 in a UNICODE one", () => {
    const values = { "contact.first_name": "आशा", "portal.link_token": "abc" };
    expect(() => renderSms({ ...base, values })).toThrow(expect.objectContaining({ code: "SMS_UNICODE_IN_TEXT" }));
    expect(renderSms({ ...base, values, dlt: { ...base.dlt, contentType: "unicode" } }).segments.encoding).toBe("ucs2");
  });

  test("a URL the whitelist does not cover is refused, naming it", () => {
    const values = { "contact.first_name": "www.evil.example", "portal.link_token": "abc" };
    expect(() => renderSms({ ...base, values })).toThrow(expect.objectContaining({ code: "SMS_URL_NOT_WHITELISTED", message: expect.stringContaining("www.evil.example") }));
    expect(() => renderSms({ ...base, whitelist: [], values: { "contact.first_name": "A", "portal.link_token": "abc" } })).toThrow(
      expect.objectContaining({ code: "SMS_URL_NOT_WHITELISTED", message: expect.stringContaining("https://acme.portal.example/s/abc") }),
    );
  });
});
