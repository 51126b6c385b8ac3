import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test, vi } from "vitest";
import { CandidateList } from "@/components/admin/opportunities/add-applicant";
import { ApplicantList, missingText, type ApplicantView } from "@/components/admin/opportunities/applicant-list";
import { OpportunityHeader } from "@/components/admin/opportunities/opportunity-header";
import { OpportunitiesTable } from "@/components/admin/opportunities/opportunities-table";
import { RequestsList } from "@/components/admin/opportunities/requests-list";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh() {}, push() {} }) }));

const ok = async () => ({ result: { ok: true as const, data: {} } });
const OPP = "11111111-1111-4111-8111-111111111111";

describe("opportunity pages render what the brief promises", () => {
  test("missing fields read as words, in order", () => {
    expect(missingText(["phone"])).toBe("mobile number");
    expect(missingText(["lastName", "phone"])).toBe("last name and mobile number");
    expect(missingText(["firstName", "lastName", "email", "phone"])).toBe("first name, last name, email address and mobile number");
  });

  test("an applicant lacking a mobile number says so and links to the contact's edit page; each row has a role form and a Remove", () => {
    const applicants: ApplicantView[] = [
      { id: "a1", contactId: "c1", name: "Asha Rao", email: "asha@example.test", phone: "098765 43210", role: "primary", missing: [] },
      { id: "a2", contactId: "c2", name: "Meera Rao", email: "meera@example.test", phone: "", role: "guarantor", missing: ["phone"] },
    ];
    const html = renderToStaticMarkup(createElement(ApplicantList, { slug: "acme", opportunityName: "Home loan", applicants, changeRole: ok, remove: ok }));
    expect(html).toContain("Missing: mobile number.");
    expect(html).toContain('href="/w/acme/contacts/c2"');
    expect(html.match(/name="role"/g)).toHaveLength(2);
    expect(html.match(/command="show-modal">Remove</g)).toHaveLength(2);
    // Before hydration the Save button is always there, so the form works without JavaScript.
    expect(html.match(/>Save role</g)).toHaveLength(2);
    expect(html).toMatch(/<option value="guarantor" selected="">Guarantor<\/option>/);
  });

  test("the contact picker posts each pick with its role, primary offered first when there is none", () => {
    const html = renderToStaticMarkup(
      createElement(CandidateList, { slug: "acme", opportunityId: OPP, defaultRole: "primary", add: ok, candidates: [{ id: "c9", name: "Om Iyer", email: "om@example.test", phone: "", missing: ["phone"] }] }),
    );
    expect(html).toContain(`name="opportunityId" value="${OPP}"`);
    expect(html).toContain('name="contactId" value="c9"');
    expect(html).toMatch(/<option value="primary" selected="">/);
    expect(html).toContain("Missing for Client Centre access: mobile number");
  });

  test("the header shows the value in Indian grouping and links the tabs; the requests list links to each request", () => {
    const header = renderToStaticMarkup(
      createElement(OpportunityHeader, {
        slug: "acme",
        tab: "client-centre",
        opportunity: { id: OPP, name: "Home loan", stage: "in_progress", valueCents: 125_000_000, currency: "INR", ownerUserId: "u1", ownerName: "Olga", ownerEmail: "o@example.test", createdAt: new Date(), updatedAt: new Date() },
      }),
    );
    expect(header).toContain("₹12,50,000.00");
    const current = header.match(/<a [^>]*aria-current="page"[^>]*>([^<]*)</);
    expect(current?.[0]).toContain(`href="/w/acme/opportunities/${OPP}/client-centre"`);
    expect(current?.[1]).toBe("Client Centre");
    expect(header).toContain(`href="/w/acme/opportunities/${OPP}/edit"`);
    const list = renderToStaticMarkup(
      createElement(RequestsList, { slug: "acme", opportunityId: OPP, rows: [{ id: "r1", title: "KYC", status: "open", due: "20 Nov 2026", dueIso: "2026-11-20T00:00:00.000Z", overdue: true, submitted: 1, applicants: 3 }] }),
    );
    expect(list).toContain(`href="/w/acme/opportunities/${OPP}/requests/r1"`);
    expect(list).toContain("1 of 3 submitted");
    expect(list).toContain("(overdue)");
  });

  test("the list links each opportunity and shows a dash for no value", () => {
    const html = renderToStaticMarkup(
      createElement(OpportunitiesTable, { slug: "acme", caption: "Opportunities", rows: [{ id: OPP, name: "Car loan", stage: "won", value: "", owner: "Olga", applicants: "No applicants yet", created: "2 Dec 2026", createdIso: "2026-12-02T00:00:00Z" }] }),
    );
    expect(html).toContain(`href="/w/acme/opportunities/${OPP}"`);
    expect(html).toContain(">Won<");
    expect(html).toContain("—");
  });
});
