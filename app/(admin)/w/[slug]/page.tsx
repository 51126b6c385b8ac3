import Link from "next/link";
import { LINKED_STATUS } from "@/lib/domains/status";
import { AuditTable } from "@/components/admin/audit/audit-table";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { hasRole } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema";
import { listAuditEvents } from "@/lib/db/queries/audit";
import { getDashboardCounts, getPrimaryDomain } from "@/lib/db/queries/dashboard";
import { PortalAddress } from "@/components/admin/portal/portal-address";
import { portalCountHelp } from "@/components/admin/portal/portal-counts";
import { hostUrl } from "@/lib/domains/domain-url";
import { platformPortalUrl } from "@/lib/portal/portal-url";

export const dynamic = "force-dynamic";
export const metadata = { title: "Dashboard" };

const youAre: Record<Role, string> = { owner: "an owner", admin: "an admin", marketing: "a marketing member" };

function Stat({ label, value, href, hint, testId }: { label: string; value: number; href?: string; hint?: string; testId?: string }) {
  const body = (
    <>
      <span className="block text-sm text-gray-600">{label}</span>
      <span className="mt-1 block text-2xl font-semibold text-gray-900 tabular-nums" data-testid={testId}>
        {value.toLocaleString("en-US")}
      </span>
      {hint && <span className="mt-0.5 block text-xs text-gray-500">{hint}</span>}
    </>
  );
  const cls = "block h-full rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-gray-200";
  return (
    <li>
      {href ? (
        <Link href={href} className={`${cls} hover:ring-brand-600`}>
          {body}
        </Link>
      ) : (
        <div className={cls}>{body}</div>
      )}
    </li>
  );
}

export default async function Dashboard({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, "marketing");
  const isAdmin = hasRole(ctx.role, "admin");
  const workspaceId = ctx.workspace.id;
  const base = `/w/${ctx.workspace.slug}`;

  const [counts, customDomain, recent] = await Promise.all([
    getDashboardCounts(ctx.db, { workspaceId }),
    getPrimaryDomain(ctx.db, { workspaceId, status: LINKED_STATUS }),
    isAdmin ? listAuditEvents(ctx.db, { workspaceId, limit: 5 }) : null,
  ]);
  // The primary custom domain once it is active, otherwise the platform subdomain.
  const platform = platformPortalUrl(ctx.workspace.slug);
  const url = customDomain ? hostUrl(customDomain) : platform;

  return (
    <>
      <PageHeader title={ctx.workspace.name} description={`You are ${youAre[ctx.role]} of this workspace.`} />
      <div className="space-y-6">
        <Card title="Your client portal" description="Share this address with your clients; they sign in there without a password.">
          <PortalAddress url={url} platform={platform} customDomain={customDomain} slug={ctx.workspace.slug} />
        </Card>

        <section aria-labelledby="stats-heading">
          <h2 id="stats-heading" className="sr-only">
            Numbers
          </h2>
          <ul className="grid grid-cols-2 gap-3 lg:grid-cols-5">
            {isAdmin && <Stat label="Contacts" value={counts.contacts} href={`${base}/contacts`} />}
            {isAdmin && (
              <Stat label="Portal users invited" hint={portalCountHelp.invited} value={counts.portalInvited} href={`${base}/portal`} testId="dashboard-invited" />
            )}
            {isAdmin && (
              <Stat label="Portal users joined" hint={portalCountHelp.joined} value={counts.portalJoined} href={`${base}/portal?tab=joined`} testId="dashboard-joined" />
            )}
            <Stat label="Members" value={counts.members} href={`${base}/members`} />
            <Stat label="Pending invitations" value={counts.pendingInvitations} href={`${base}/members`} />
          </ul>
        </section>

        {isAdmin && (
          <Card title="Quick links">
            <div className="flex flex-wrap gap-2">
              <Link href={`${base}/contacts/new`} className={buttonClass("primary")}>
                Add contact
              </Link>
              <Link href={`${base}/contacts/import`} className={buttonClass("secondary")}>
                Import CSV
              </Link>
              <Link href={`${base}/members#invite`} className={buttonClass("secondary")}>
                Invite member
              </Link>
            </div>
          </Card>
        )}

        {recent && (
          <Card
            title="Recent activity"
            actions={
              <Link href={`${base}/audit`} className="text-sm font-medium text-brand-700 hover:underline">
                View audit log
              </Link>
            }
          >
            {recent.events.length === 0 ? <p className="text-sm text-gray-600">Nothing has been recorded yet.</p> : <AuditTable events={recent.events} compact />}
          </Card>
        )}
      </div>
    </>
  );
}
