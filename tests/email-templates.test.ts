import { describe, expect, test } from "vitest";
import { defaultEmailTemplates, emailTemplateKinds, renderEmailTemplate, validateEmailTemplate } from "@/lib/messaging/templates";

test("every default template is valid", () => {
  for (const kind of emailTemplateKinds) expect(validateEmailTemplate(kind, defaultEmailTemplates[kind])).toEqual([]);
});

test("a template without its system tag, or with it altered, cannot be saved and says why", () => {
  const base = defaultEmailTemplates.invitation;
  const removed = validateEmailTemplate("invitation", { ...base, body: "Hi {{contact.first_name}}, come to {{portal.url}}" });
  expect(removed).toEqual([expect.objectContaining({ field: "body", message: expect.stringContaining("{{portal.magic_link}}") })]);
  const altered = validateEmailTemplate("invitation", { ...base, body: base.body.replace("{{portal.magic_link}}", "{{ portal.magic_link }}x") });
  expect(altered.some((p) => p.message.includes("exactly as written"))).toBe(true);
  const code = validateEmailTemplate("sign_in_code", { subject: "Code", body: "Your code is {{portal.magic_link}}" });
  expect(code.some((p) => p.message.includes("{{sign_in.code}}"))).toBe(true);
});

test("unknown fields and stray braces are named", () => {
  const problems = validateEmailTemplate("login_email", { subject: "Hi {{contact.nickname}}", body: "{{portal.magic_link}} {{oops" });
  expect(problems.map((p) => p.message)).toEqual([
    expect.stringContaining("{{contact.nickname}} is not a field we know"),
    expect.stringContaining("unmatched {{"),
  ]);
});

test("rendering fills fields, escapes them in HTML, turns the lone link into a button, and keeps a text part", () => {
  const r = renderEmailTemplate(
    defaultEmailTemplates.invitation,
    { "contact.first_name": "<b>Asha</b>", "workspace.name": "Acme & Co", "portal.magic_link": "https://acme.example.com/l/abc", "portal.url": "https://acme.example.com", "link.expires_in_days": "7" },
    { color: "#0f766e" },
  );
  expect(r.subject).toBe("You're invited to Acme & Co");
  expect(r.text).toContain("Hi <b>Asha</b>,");
  expect(r.text).toContain("https://acme.example.com/l/abc");
  expect(r.html).toContain("Hi &lt;b&gt;Asha&lt;/b&gt;");
  expect(r.html).toContain('href="https://acme.example.com/l/abc"');
  expect(r.html).toContain("background:#0f766e");
});

test("a hostile brand colour never reaches the HTML", () => {
  const r = renderEmailTemplate(defaultEmailTemplates.login_email, { "portal.magic_link": "https://x.test/l" }, { color: 'red;" onmouseover="alert(1)' });
  expect(r.html).not.toContain("onmouseover");
  expect(r.html).toContain("#4f46e5");
});

test("the email carries the workspace's logo (https only, escaped) or else its name, and its support address", () => {
  const values = { "portal.magic_link": "https://x.test/l", "workspace.name": "Acme <Legal>", "support.email": "help@acme.test" };
  const withLogo = renderEmailTemplate(defaultEmailTemplates.login_email, values, { logoUrl: "https://cdn.acme.test/logo.png" });
  expect(withLogo.html).toContain('<img src="https://cdn.acme.test/logo.png" alt="Acme &lt;Legal&gt;"');
  expect(withLogo.html).toContain("Questions? Write to help@acme.test.");
  expect(withLogo.text).not.toContain("logo.png");

  for (const logoUrl of ["http://cdn.acme.test/logo.png", 'https://x.test/a" onerror="alert(1)', "javascript:alert(1)"]) {
    const r = renderEmailTemplate(defaultEmailTemplates.login_email, values, { logoUrl });
    expect(r.html).not.toContain("<img");
    expect(r.html).not.toContain("onerror");
    expect(r.html).toContain(">Acme &lt;Legal&gt;</td>");
  }
});

describe("the default wording reads well whatever the portal is called", () => {
  // Workspaces are often named for their portal; the defaults once said "Acme Client Portal invited you to its
  // client portal" and "open your Acme Client Portal client portal".
  const names = ["Acme", "Acme Client Portal", "Acme Portal", "Portal", "Client Portal Co", "Acme client portal"];
  const doubled = [/\bportal\s+(client\s+)?portal\b/i, /\bclient\s+portal\s+client\b/i, /\b(\w+)\s+\1\b/i];
  const plain = (html: string) => html.replace(/<style[\s\S]*?<\/style>/g, " ").replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ");

  for (const kind of emailTemplateKinds) {
    test.each(names)(`${kind} with a workspace called "%s"`, (name) => {
      const r = renderEmailTemplate(defaultEmailTemplates[kind], {
        "contact.first_name": "Asha",
        "workspace.name": name,
        "portal.url": "https://acme.example.com",
        "portal.magic_link": "https://acme.example.com/l/abc",
        "link.expires_in_days": "7",
        "sign_in.code": "123456",
        "sign_in.link": "https://acme.example.com/l/xyz",
      });
      expect(r.subject + r.text).toContain(name);
      for (const text of [r.subject, r.text, plain(r.html)]) {
        for (const re of doubled) expect(text, `${kind}: ${text}`).not.toMatch(re);
      }
      // A sentence that names the workspace never adds "portal" of its own ("… invited you to its client portal").
      for (const sentence of `${r.subject}\n${r.text}`.split(/[.:!?\n]+/).filter((x) => x.includes(name))) {
        expect(sentence.replaceAll(name, ""), `${kind}: ${sentence}`).not.toMatch(/\bportal\b/i);
      }
    });
  }
});
