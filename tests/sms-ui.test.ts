import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test, vi } from "vitest";
import { SmsSwitch } from "@/components/admin/sms/sms-switch";
import { SmsTemplateEditor } from "@/components/admin/sms/sms-template-editor";
import { UrlWhitelist } from "@/components/admin/sms/url-whitelist";
import type { SmsEditorContext, SmsTemplateView } from "@/components/admin/sms/types";
import { defaultSmsTemplates, smsTemplateKinds, type SmsTemplateKind } from "@/lib/sms/sms-templates";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh() {}, push() {} }) }));

const ok = async () => ({});
const statics = { "workspace.name": "Acme", "portal.url": "https://acme.portal.example", "portal.host": "acme.portal.example", "support.email": "" };
const dlt = { id: "d1", templateId: "1107168543210987655", name: "portal_otp", senderId: "ACMEIN", content: "{#numeric#} is your Acme sign-in code. It expires in 5 minutes. Do not share it!\n\n@acme.portal.example #{#numeric#}", contentType: "text", status: "Approved" };
const context: SmsEditorContext = { statics, dlts: [dlt], senderIds: ["ACMEIN"], whitelist: [{ url: "https://acme.portal.example/s/?", kind: "dynamic" }] };
const templates = Object.fromEntries(
  smsTemplateKinds.map((k) => [k, { kind: k, body: defaultSmsTemplates[k], customised: false, dltTemplateId: null, senderId: null, msg91TemplateId: null, msg91Vars: null }]),
) as Record<SmsTemplateKind, SmsTemplateView>;

const editor = (over: Partial<Record<SmsTemplateKind, Partial<SmsTemplateView>>>, kind: SmsTemplateKind) =>
  renderToStaticMarkup(
    createElement(SmsTemplateEditor, {
      slug: "acme",
      templates: Object.fromEntries(smsTemplateKinds.map((k) => [k, { ...templates[k], ...over[k] }])) as Record<SmsTemplateKind, SmsTemplateView>,
      context,
      initialKind: kind,
      save: ok,
      reset: ok,
    }),
  );

describe("the SMS template editor, as the server renders it (before any script)", () => {
  test("shows the preview with its encoding, parts and credits, and the text to register on DLT", () => {
    const html = editor({}, "sign_in_code");
    expect(html).toContain("482913 is your Acme sign-in code.");
    expect(html).toMatch(/GSM-7 · \d+ characters · 1 part of up to 160 · <strong>1 credit a message<\/strong>/);
    expect(html).toContain("{#numeric#} is your Acme sign-in code. It expires in 5 minutes. Do not share it.");
    expect(html).toContain('name="body"');
    expect(html).toContain("system tag");
  });

  test("a mapped template that differs from its DLT template shows the character diff and the problem in words", () => {
    const html = editor({ sign_in_code: { dltTemplateId: "d1", senderId: "ACMEIN", msg91TemplateId: "abc", msg91Vars: ["var1", "var2"], customised: true } }, "sign_in_code");
    expect(html).toContain('data-testid="sms-diff"');
    expect(html).toMatch(/<del[^>]*>!<\/del>/);
    expect(html).toMatch(/<ins[^>]*>\.<\/ins>/);
    expect(html).toContain("The DLT template has &quot;!&quot; where your text has &quot;.&quot;");
    expect(html).toContain("Reset to default");
  });

  test("a Unicode character is named and the cost follows UCS-2", () => {
    const html = editor({ sign_in_code: { body: "{{sign_in.code}} is your Acme code – keep it safe." } }, "sign_in_code");
    expect(html).toContain("Unicode (UCS-2)");
    expect(html).toContain("“–”");
    expect(html).toContain("of up to 70");
  });
});

describe("the whitelist card", () => {
  test("names the dynamic URL to whitelist and the DLT link form, and warns when it is not covered", () => {
    const html = renderToStaticMarkup(
      createElement(UrlWhitelist, { slug: "acme", entries: [], required: "https://portal.acme.com/s/?", dltLinkForm: "https://portal.acme.com/s/{#var#}", covered: false, add: ok, remove: ok }),
    );
    expect(html).toContain("https://portal.acme.com/s/?");
    expect(html).toContain("https://portal.acme.com/s/{#var#}");
    expect(html).toContain("The whitelist does not cover https://portal.acme.com/s/?");
  });
});

describe("the Notification SMS switch", () => {
  test("outside India the switch is off, cannot be turned on, and says why", () => {
    const html = renderToStaticMarkup(createElement(SmsSwitch, { slug: "acme", enabled: false, blocked: "Notification SMS can only be turned on for a workspace in India: this workspace's country is GB.", dailyCap: 500, setEnabled: ok, setDailyCap: ok }));
    expect(html).toMatch(/<button[^>]*type="submit" disabled=""[^>]*>Turn SMS on<\/button>/);
    expect(html).toContain("country is GB");
    expect(html).toContain('value="500"');
  });
});
