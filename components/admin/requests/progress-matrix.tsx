import type { ApplicantProgress, RequestItemRow } from "@/lib/db/queries/requests";
import { applicantRoleLabels } from "./labels";
import { StateBadge } from "./badges";

/** One cell: the applicant's state, and for an opened, unsubmitted response whether this item has an answer yet. */
function Cell({ p, item }: { p: ApplicantProgress; item: RequestItemRow }) {
  const c = p.items[item.id];
  const rejected = item.kind === "document" && c.documents[0]?.reviewStatus === "rejected";
  if (rejected) return <span className="text-xs font-medium text-red-700">Rejected, waiting for a new file</span>;
  if (c.state === "in_progress") return <span className={`text-xs ${c.answered ? "font-medium text-gray-900" : "text-gray-500"}`}>{c.answered ? "Answered" : "Not answered yet"}</span>;
  return <StateBadge state={c.state} />;
}

/** Rows are applicants, columns items; on a phone each applicant is a card listing the items. */
export function ProgressMatrix({ items, progress }: { items: RequestItemRow[]; progress: ApplicantProgress[] }) {
  if (progress.length === 0) return <p className="text-sm text-gray-600">This opportunity has no applicants yet. Add them on the opportunity, then send them access.</p>;
  return (
    <>
      <div className="hidden overflow-x-auto md:block">
        <table className="min-w-full divide-y divide-gray-200 text-sm">
          <caption className="sr-only">Progress per applicant and item</caption>
          <thead>
            <tr className="text-left text-xs font-semibold tracking-wide text-gray-600 uppercase">
              <th scope="col" className="py-2 pr-3">
                Applicant
              </th>
              <th scope="col" className="px-3 py-2">
                State
              </th>
              {items.map((i) => (
                <th key={i.id} scope="col" className="max-w-40 px-3 py-2 align-bottom normal-case">
                  <span title={i.label} className="line-clamp-2 break-words">{i.label}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {progress.map((p) => (
              <tr key={p.contactId}>
                <th scope="row" className="py-2.5 pr-3 text-left font-medium whitespace-nowrap">
                  <a href={`#applicant-${p.contactId}`} className="text-brand-700 hover:underline">
                    {p.firstName} {p.lastName}
                  </a>
                  <span className="block text-xs font-normal text-gray-500">{applicantRoleLabels[p.role]}</span>
                </th>
                <td className="px-3 py-2.5">
                  <StateBadge state={p.state} />
                  <span className="block pt-1 text-xs text-gray-500">
                    {p.answeredCount} of {items.length} answered
                  </span>
                </td>
                {items.map((i) => (
                  <td key={i.id} className="px-3 py-2.5">
                    <Cell p={p} item={i} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-3 md:hidden">
        {progress.map((p) => (
          <li key={p.contactId} className="rounded-md p-3 ring-1 ring-gray-200">
            <div className="flex items-start justify-between gap-2">
              <div>
                <a href={`#applicant-${p.contactId}`} className="font-medium text-brand-700 hover:underline">
                  {p.firstName} {p.lastName}
                </a>
                <p className="text-xs text-gray-500">
                  {applicantRoleLabels[p.role]} · {p.answeredCount} of {items.length} answered
                </p>
              </div>
              <StateBadge state={p.state} />
            </div>
            <dl className="mt-2 divide-y divide-gray-100 text-sm">
              {items.map((i) => (
                <div key={i.id} className="flex justify-between gap-3 py-1.5">
                  <dt className="min-w-0 break-words text-gray-700">{i.label}</dt>
                  <dd className="shrink-0 text-right">
                    <Cell p={p} item={i} />
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
