import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test, vi } from "vitest";
import { AuditFilters } from "@/components/admin/audit/audit-filters";
import { AuditTable } from "@/components/admin/audit/audit-table";
import { InvitationList } from "@/components/admin/members/invitation-list";
import { InviteMemberForm } from "@/components/admin/members/invite-member-form";
import { MemberList } from "@/components/admin/members/member-list";
import type { MemberView } from "@/components/admin/members/types";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh() {}, push() {} }) }));

const ok = async () => ({ result: { ok: true as const, data: { self: false } } });
// A confirmation's opener (its dialog's own button may say the same word).
const openers = (html: string, label: string) => html.match(new RegExp(`command="show-modal">${label}<`, "g")) ?? [];
const members: MemberView[] = [
  { id: "m1", userId: "u1", email: "owner@example.test", name: "Olga Owner", role: "owner", joined: "1 Mar 2026" },
  { id: "m2", userId: "u2", email: "admin@example.test", name: null, role: "admin", joined: "2 Mar 2026" },
  { id: "m3", userId: "u3", email: "mkt@example.test", name: null, role: "marketing", joined: "3 Mar 2026" },
];
const list = (me: { userId: string; role: "owner" | "admin" | "marketing" }) =>
  renderToStaticMarkup(createElement(MemberList, { slug: "acme", workspaceName: "Acme", members, me, changeRole: ok, remove: ok }));

describe("member controls follow the viewer's role", () => {
  test("a marketing member sees the list read-only, with only a Leave button on their own row", () => {
    const html = list({ userId: "u3", role: "marketing" });
    expect(html).toContain("owner@example.test");
    expect(html).not.toContain("<select");
    expect(html).not.toContain(">Remove<");
    expect(openers(html, "Leave")).toHaveLength(1);
  });

  test("an admin gets labelled role selects for admin and marketing members, none for the owner", () => {
    const html = list({ userId: "u2", role: "admin" });
    expect(html.match(/<select/g)).toHaveLength(2);
    expect(html).toContain('for="role-m2"');
    expect(html).not.toContain('id="role-m1"');
    expect(html).not.toContain('value="owner"');
  });

  test("the only owner cannot be demoted or leave from the UI", () => {
    const html = list({ userId: "u1", role: "owner" });
    expect(html).not.toContain('id="role-m1"');
    expect(html).toContain("Only owner");
    expect(html).not.toContain(">Leave<");
    expect(openers(html, "Remove")).toHaveLength(2);
  });

  test("the invite form labels its controls and offers owner only to owners", () => {
    const form = (roles: ("owner" | "admin" | "marketing")[]) =>
      renderToStaticMarkup(createElement(InviteMemberForm, { slug: "acme", roles, action: async () => ({ result: { ok: true as const, data: {} } }) }));
    const asOwner = form(["owner", "admin", "marketing"]);
    expect(asOwner).toContain('for="invite-email"');
    expect(asOwner).toContain('for="invite-role"');
    expect(asOwner).toContain('value="owner"');
    const asAdmin = form(["admin", "marketing"]);
    expect(asAdmin).not.toContain('value="owner"');
    expect(asAdmin).toContain("Only an owner can invite another owner.");
  });

  test("invitations show who invited, expiry, and Revoke only where allowed", () => {
    const html = renderToStaticMarkup(
      createElement(InvitationList, {
        slug: "acme",
        myRole: "admin",
        revoke: ok,
        invitations: [
          { id: "i1", email: "o@example.test", role: "owner", invitedBy: "owner@example.test", expires: "8 Mar 2026", expired: false },
          { id: "i2", email: "a@example.test", role: "admin", invitedBy: null, expires: "1 Jan 2026", expired: true },
        ],
      }),
    );
    expect(html).toContain("Invited by owner@example.test");
    expect(html).toContain("Expired 1 Jan 2026");
    expect(openers(html, "Revoke")).toHaveLength(1);
  });
});

describe("audit log UI", () => {
  test("the table shows when, who, action, target and IP; the filters are labelled", () => {
    const html = renderToStaticMarkup(
      createElement(AuditTable, {
        events: [
          { id: "e1", createdAt: new Date("2026-03-01T10:00:00Z"), actorEmail: "owner@example.test", action: "member.invite", targetType: "invitation", targetId: "i1", summary: "Invited x as Admin", ip: "203.0.113.7" },
          { id: "e2", createdAt: new Date("2026-03-01T09:00:00Z"), actorEmail: null, action: "custom.thing", targetType: null, targetId: null, summary: null, ip: null },
        ],
      }),
    );
    for (const s of ["When (UTC)", "owner@example.test", "Member invited", "Invited x as Admin", "203.0.113.7", "System", "custom.thing"]) expect(html).toContain(s);
    const filters = renderToStaticMarkup(createElement(AuditFilters, { basePath: "/w/acme/audit", actions: ["member.invite"], action: "member.invite", actor: "a@b" }));
    expect(filters).toContain('for="audit-action"');
    expect(filters).toContain('for="audit-actor"');
    expect(filters).toContain(">Clear<");
  });
});
