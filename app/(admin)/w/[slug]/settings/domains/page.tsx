import { domainToUnicode } from "node:url";
import { AddDomainForm } from "@/components/admin/domains/add-domain-form";
import { DomainCard } from "@/components/admin/domains/domain-card";
import type { DomainView } from "@/components/admin/domains/types";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listDomains, type DomainRow } from "@/lib/db/queries/domains";
import { recordsFor } from "@/lib/domains/domain-records";
import { hostUrl } from "@/lib/domains/domain-url";
import { env } from "@/lib/env";
import { platformPortalUrl } from "@/lib/portal/portal-url";
import { addDomainAction, checkDomainAction, makePrimaryDomainAction, removeDomainAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Domains" };

function view(d: DomainRow, all: DomainRow[]): DomainView {
  const t = { cnameTarget: env.portalCnameTarget, aRecords: env.portalARecords };
  return {
    id: d.id,
    hostname: d.hostname,
    display: domainToUnicode(d.hostname) || d.hostname,
    kind: d.kind,
    status: d.status,
    isPrimary: d.isPrimary,
    records: recordsFor(d, t),
    checks: d.checks ?? [],
    lastError: d.lastError,
    lastCheckedAt: d.lastCheckedAt?.toISOString() ?? null,
    nextCheckAt: d.nextCheckAt?.toISOString() ?? null,
    url: hostUrl(d.hostname),
    companions: all.filter((c) => c.redirectToId === d.id).map((c) => view(c, all)),
  };
}

export default async function DomainsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePage((await params).slug, "admin");
  const rows = await listDomains(ctx.db, { workspaceId: ctx.workspace.id });
  const mains = rows.filter((d) => !d.redirectToId).map((d) => view(d, rows));
  const primary = mains.find((d) => d.isPrimary && d.status === "active");
  return (
    <>
      <PageHeader
        title="Domains"
        description={
          <>
            Your portal always answers at <span className="font-mono">{platformPortalUrl(ctx.workspace.slug)}</span>.
            {primary ? (
              <>
                {" "}
                Clients are sent to <span className="font-mono">{primary.url}</span>.
              </>
            ) : (
              " Connect your own domain so clients see your name in the address bar."
            )}
          </>
        }
      />
      <div className="space-y-6">
        <Card title="Add a domain">
          <AddDomainForm slug={ctx.workspace.slug} add={addDomainAction} />
        </Card>
        {mains.map((d) => (
          <DomainCard key={d.id} slug={ctx.workspace.slug} domain={d} check={checkDomainAction} makePrimary={makePrimaryDomainAction} remove={removeDomainAction} />
        ))}
        <Card title="Before you start, and if it doesn't work">
          <ul className="list-disc space-y-2 pl-5 text-sm text-gray-700">
            <li>
              Use <strong>either</strong> the A records (root domains) <strong>or</strong> the CNAME (subdomains), never both at one name, and remove any old A,
              AAAA or CNAME record at that name first.
            </li>
            <li>Changes usually show within minutes, but DNS can take 24–48 hours to reach everyone. We re-check pending domains automatically; Check now runs the checks at once.</li>
            <li>
              <strong>Cloudflare:</strong> set the record to “DNS only” (grey cloud). A proxied (orange) record hides where it points, and we can&apos;t issue
              its certificate.
            </li>
            <li>
              <strong>CAA records:</strong> if your domain has any, one must allow Let&apos;s Encrypt: <code className="font-mono">0 issue &quot;letsencrypt.org&quot;</code>.
            </li>
            <li>Many providers add your domain to the name automatically: enter the short name shown (e.g. <code className="font-mono">portal</code>), not the full one.</li>
            <li>Keep the TXT record while the domain is pending. Once it is active, it is no longer needed.</li>
          </ul>
        </Card>
      </div>
    </>
  );
}
