import Link from "next/link";
import type { OpportunityStage } from "@/lib/db/schema";
import { StageBadge } from "./stage-badge";

export type OpportunityRowView = { id: string; name: string; stage: OpportunityStage; value: string; owner: string; applicants: string; created: string; createdIso: string };

/** A table from `sm` up; on a phone each opportunity is a stacked card (one DOM), so nothing scrolls sideways. */
export function OpportunitiesTable({ slug, rows, caption }: { slug: string; rows: OpportunityRowView[]; caption: string }) {
  return (
    <div className="-mx-5 sm:mx-0">
      <table className="block w-full text-sm sm:table sm:min-w-full sm:divide-y sm:divide-gray-200">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden sm:table-header-group">
          <tr className="text-left text-xs font-semibold tracking-wide text-gray-600 uppercase">
            <th scope="col" className="px-3 py-2 pl-0">
              Name
            </th>
            <th scope="col" className="px-3 py-2">
              Stage
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Value
            </th>
            <th scope="col" className="hidden px-3 py-2 md:table-cell">
              Applicants
            </th>
            <th scope="col" className="hidden px-3 py-2 lg:table-cell">
              Owner
            </th>
            <th scope="col" className="hidden px-3 py-2 lg:table-cell">
              Created
            </th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-gray-100 sm:table-row-group">
          {rows.map((o) => (
            <tr key={o.id} className="block space-y-1 px-5 py-3 hover:bg-gray-50 sm:table-row sm:space-y-0 sm:p-0">
              <td className="block font-medium break-words sm:table-cell sm:px-3 sm:py-2.5 sm:pl-0">
                <Link href={`/w/${slug}/opportunities/${o.id}`} className="text-brand-700 hover:underline">
                  {o.name}
                </Link>
              </td>
              <td className="inline-block pr-3 sm:table-cell sm:px-3 sm:py-2.5">
                <StageBadge stage={o.stage} />
              </td>
              <td className={`${o.value ? "inline-block" : "hidden"} font-medium text-gray-900 tabular-nums sm:table-cell sm:px-3 sm:py-2.5 sm:text-right sm:whitespace-nowrap`}>
                {o.value || <span className="text-gray-400">—</span>}
              </td>
              <td className="block text-gray-700 sm:hidden sm:px-3 sm:py-2.5 md:table-cell">{o.applicants}</td>
              <td className="hidden max-w-48 truncate px-3 py-2.5 text-gray-700 lg:table-cell">{o.owner}</td>
              <td className="hidden px-3 py-2.5 whitespace-nowrap text-gray-600 lg:table-cell">
                <time dateTime={o.createdIso}>{o.created}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
