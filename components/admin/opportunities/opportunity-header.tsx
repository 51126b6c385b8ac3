import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import type { OpportunityDetail } from "@/lib/db/queries/opportunities";
import { formatMoney } from "@/lib/opportunities/money";
import { StageBadge } from "./stage-badge";

export type OpportunityTab = "overview" | "client-centre";

/**
 * The top of every page of one opportunity: name, stage, value, owner, Edit, and the tabs (plain links, so each tab
 * is its own URL and needs no script). The requests pages use it with tab "client-centre".
 */
/** `actions` sit beside Edit (the overview puts "Message applicants" there). */
export function OpportunityHeader({ slug, opportunity: o, tab, actions }: { slug: string; opportunity: OpportunityDetail; tab: OpportunityTab; actions?: React.ReactNode }) {
  const base = `/w/${slug}/opportunities/${o.id}`;
  const tabs: { key: OpportunityTab; label: string; href: string }[] = [
    { key: "overview", label: "Overview", href: base },
    { key: "client-centre", label: "Client Centre", href: `${base}/client-centre` },
  ];
  return (
    <div className="mb-6 space-y-4">
      <p className="text-sm">
        <Link href={`/w/${slug}/opportunities`} className="text-brand-700 hover:underline">
          ← Opportunities
        </Link>
      </p>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-gray-900">{o.name}</h1>
          <dl className="mt-2 flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-gray-600">
            <div className="flex items-center gap-1.5">
              <dt className="sr-only">Stage</dt>
              <dd>
                <StageBadge stage={o.stage} />
              </dd>
            </div>
            <div className="flex gap-1.5">
              <dt>Value</dt>
              <dd className="font-medium text-gray-900 tabular-nums">{o.valueCents === null ? "—" : formatMoney(o.valueCents, o.currency)}</dd>
            </div>
            <div className="flex min-w-0 gap-1.5">
              <dt>Owner</dt>
              <dd className="truncate font-medium text-gray-900">{o.ownerName || o.ownerEmail || "No owner"}</dd>
            </div>
          </dl>
        </div>
        <div className="flex flex-wrap gap-2">
          {actions}
          <Link href={`${base}/edit`} className={buttonClass("secondary")}>
            Edit
          </Link>
        </div>
      </div>
      <nav aria-label="Opportunity" className="border-b border-gray-200">
        <ul className="-mb-px flex gap-6 text-sm font-medium">
          {tabs.map((t) => (
            <li key={t.key}>
              <Link
                href={t.href}
                aria-current={t.key === tab ? "page" : undefined}
                className={`inline-block border-b-2 px-1 pb-2 ${t.key === tab ? "border-brand-600 text-brand-700" : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900"}`}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
