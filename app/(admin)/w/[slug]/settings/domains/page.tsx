import { domainToUnicode } from "node:url";
import { AddDomainForm } from "@/components/admin/domains/add-domain-form";
import { DomainCard } from "@/components/admin/domains/domain-card";
import { LiveDomainStates } from "@/components/admin/domains/live-domain-states";
import type { DomainView } from "@/components/admin/domains/types";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listDomains, type DomainRow } from "@/lib/db/queries/domains";
import { recordsFor } from "@/lib/domains/domain-records";
import { proofStanding } from "@/lib/domains/domain-state";
import { isServed } from "@/lib/domains/status";
import { hostUrl } from "@/lib/domains/domain-url";
import { env } from "@/lib/env";
import { platformPortalUrl } from "@/lib/portal/portal-url";
import { addDomainFormAction, checkDomainFormAction, makePrimaryDomainFormAction, removeDomainFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Domains" };

const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

function view(d: DomainRow, all: DomainRow[], now: Date): DomainView {
  const t = { cnameTarget: env.portalCnameTarget, aRecords: env.portalARecords };
  const partner = d.redirectToId ? all.find((p) => p.id === d.redirectToId) : undefined;
  const proof = d.redirectToId ? null : proofStanding(d, now);
  const mains = all.filter((o) => !o.redirectToId && o.id !== d.id); // oldest first, as removeDomain picks
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
    companions: all.filter((c) => c.redirectToId === d.id).map((c) => view(c, all, now)),
    proof: proof && { since: day.format(proof.since), lapsesOn: proof.lapsesOn && day.format(proof.lapsesOn) },
    // A companion follows its partner: while the partner is not served, the companion shows the partner's state.
    partnerStatus: partner && !isServed(partner.status) ? partner.status : null,
    successor: d.isPrimary && mains[0] ? domainToUnicode(mains[0].hostname) || mains[0].hostname : null,
  };
}

export default async function DomainsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePage((await params).slug, "admin");
  const rows = await listDomains(ctx.db, { workspaceId: ctx.workspace.id });
  const renderedAt = Date.now();
  const mains = rows.filter((d) => !d.redirectToId).map((d) => view(d, rows, new Date(renderedAt)));
  const states = rows.map((d) => ({ id: d.id, hostname: d.hostname, status: d.status, lastCheckedAt: d.lastCheckedAt?.toISOString() ?? null }));
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
          <AddDomainForm slug={ctx.workspace.slug} add={addDomainFormAction} />
        </Card>
        <LiveDomainStates slug={ctx.workspace.slug} states={states} />
        {mains.map((d) => (
          <DomainCard
            key={d.id}
            slug={ctx.workspace.slug}
            domain={d}
            renderedAt={renderedAt}
            check={checkDomainFormAction}
            makePrimary={makePrimaryDomainFormAction}
            remove={removeDomainFormAction}
          />
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
            <li>Keep the TXT record until ownership is proven (the domain is verified or active). After that it is no longer needed.</li>
          </ul>
        </Card>
      </div>
    </>
  );
}
