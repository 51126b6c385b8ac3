import Link from "next/link";
import { LINKED_STATUS } from "@/lib/domains/status";
import { ActivityChart } from "@/components/admin/portal/activity-chart";
import { InviteForm } from "@/components/admin/portal/invite-form";
import { PortalCounts } from "@/components/admin/portal/portal-counts";
import { PortalAddress } from "@/components/admin/portal/portal-address";
import { PortalUsersTable } from "@/components/admin/portal/portal-users-table";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { requirePage } from "@/lib/auth/page-guard";
import { getPrimaryDomain } from "@/lib/db/queries/dashboard";
import { countMatchingPortalUsers, countPortalUsers, listPortalUsers, portalActivity, type PortalUserStatus } from "@/lib/db/queries/portal-users";
import { getDefaultEmailProfile } from "@/lib/messaging/workspace-email";
import { hostUrl } from "@/lib/domains/domain-url";
import { platformPortalUrl } from "@/lib/portal/portal-url";
import { listUserTypes } from "@/lib/portal/user-types";
import { inviteFormAction, searchContactsAction } from "./actions";
import { formatPhone } from "@/lib/validation/phone";

export const dynamic = "force-dynamic";
export const metadata = { title: "Client portal" };

const tabs: { id: PortalUserStatus; label: string }[] = [
  { id: "invited", label: "Invited" },
  { id: "joined", label: "Joined" },
  { id: "revoked", label: "Revoked" },
];

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ tab?: string; q?: string; after?: string; before?: string }> };

export default async function PortalPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const sp = await searchParams;
  const ctx = await requirePage(slug, "admin");
  const w = ctx.workspace.id;
  const tab: PortalUserStatus = sp.tab === "joined" || sp.tab === "revoked" ? sp.tab : "invited";
  const q = (sp.q ?? "").slice(0, 100);

  const [counts, activity, page, customDomain, profile, userTypes, matching] = await Promise.all([
    countPortalUsers(ctx.db, { workspaceId: w }),
    portalActivity(ctx.db, { workspaceId: w, days: 30 }),
    listPortalUsers(ctx.db, { workspaceId: w, status: tab, q, after: sp.after, before: sp.before }),
    getPrimaryDomain(ctx.db, { workspaceId: w, status: LINKED_STATUS }),
    getDefaultEmailProfile(ctx.db, { workspaceId: w }),
    listUserTypes(ctx.db, { workspaceId: w }),
    q ? countMatchingPortalUsers(ctx.db, { workspaceId: w, status: tab, q }) : null,
  ]);
  const platform = platformPortalUrl(ctx.workspace.slug);
  const url = customDomain ? hostUrl(customDomain) : platform;
  const base = `/w/${ctx.workspace.slug}/portal`;
  const tabHref = (t: PortalUserStatus) => `${base}${t === "invited" ? "" : `?tab=${t}`}${q ? `${t === "invited" ? "?" : "&"}q=${encodeURIComponent(q)}` : ""}#users`;

  return (
    <>
      <PageHeader title="Client portal" description="Invite clients, see who joined, and help them sign in." />
      <div className="space-y-6">
        <div className="grid gap-6 lg:grid-cols-3">
          <Card title="Portal users">
            <PortalCounts counts={counts} />
          </Card>
          <div className="lg:col-span-2">
            <Card title="When they came in">
              <ActivityChart activity={activity} />
            </Card>
          </div>
        </div>

        <Card title="Portal address">
          <PortalAddress url={url} platform={platform} customDomain={customDomain} slug={ctx.workspace.slug} />
        </Card>

        <Card title="Invite to client portal">
          <InviteForm slug={ctx.workspace.slug} userTypes={userTypes} hasEmailProfile={!!profile} invite={inviteFormAction} search={searchContactsAction} />
        </Card>

        <section id="users" aria-labelledby="users-heading" className="rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
          <header className="flex flex-wrap items-end justify-between gap-3 border-b border-gray-100 px-5 pt-4">
            <div>
              <h2 id="users-heading" className="text-base font-semibold text-gray-900">
                Portal users
              </h2>
              <nav aria-label="Portal user status" className="mt-3 flex gap-1">
                {tabs.map((t) => (
                  <Link
                    key={t.id}
                    href={tabHref(t.id)}
                    aria-current={t.id === tab ? "page" : undefined}
                    className={`-mb-px border-b-2 px-2 py-2 text-sm font-medium whitespace-nowrap sm:px-3 ${t.id === tab ? "border-brand-600 text-brand-700" : "border-transparent text-gray-600 hover:text-gray-900"}`}
                  >
                    {t.label}{" "}
                    <span className="ml-1 rounded-full bg-gray-100 px-2 py-0.5 text-xs text-gray-700 tabular-nums" data-testid={`tab-count-${t.id}`}>
                      {counts[t.id].toLocaleString("en-US")}
                    </span>
                  </Link>
                ))}
              </nav>
            </div>
            <form role="search" method="get" action={`${base}#users`} className="mb-3 flex gap-2">
              {tab !== "invited" && <input type="hidden" name="tab" value={tab} />}
              <label htmlFor="portal-search" className="sr-only">
                Search portal users by name, email or phone
              </label>
              <input id="portal-search" name="q" type="search" defaultValue={q} placeholder="Search name, email or phone" className={`${inputClass} w-56`} />
              <button type="submit" className={buttonClass("secondary")}>
                Search
              </button>
            </form>
          </header>
          <div className="px-5 py-4">
            <PortalUsersTable
              key={`${tab}:${q}:${sp.after ?? ""}:${sp.before ?? ""}`}
              slug={ctx.workspace.slug}
              tab={tab}
              q={q}
              total={matching ?? counts[tab]}
              next={page.next}
              prev={page.prev}
              rows={page.rows.map((r) => ({
                id: r.id,
                contactId: r.contactId,
                name: `${r.firstName} ${r.lastName}`.trim() || r.email || "Unnamed",
                email: r.email,
                phone: r.phone ? formatPhone(r.phone, ctx.workspace.country) : null,
                bySms: r.preference === "phone",
                status: r.status,
                userType: r.userType,
                invitedAt: r.invitedAt.toISOString(),
                joinedAt: r.joinedAt?.toISOString() ?? null,
                lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
                revokedAt: r.revokedAt?.toISOString() ?? null,
              }))}
            />
          </div>
        </section>
      </div>
    </>
  );
}
