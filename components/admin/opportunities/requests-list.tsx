import Link from "next/link";
import type { RequestStatus } from "@/lib/db/schema";

export type RequestRowView = { id: string; title: string; status: RequestStatus; due: string; dueIso: string | null; overdue: boolean; submitted: number; applicants: number };

const statusLabels: Record<RequestStatus, string> = { draft: "Draft", open: "Open", closed: "Closed" };
const statusTones: Record<RequestStatus, string> = {
  draft: "bg-gray-100 text-gray-700 ring-gray-200",
  open: "bg-blue-50 text-blue-800 ring-blue-200",
  closed: "bg-gray-100 text-gray-600 ring-gray-200",
};

/** An opportunity's requests: a table from `sm` up, stacked cards on a phone; each links to the request's page. */
export function RequestsList({ slug, opportunityId, rows }: { slug: string; opportunityId: string; rows: RequestRowView[] }) {
  return (
    <div className="-mx-5 sm:mx-0">
      <table className="block w-full text-sm sm:table sm:min-w-full sm:divide-y sm:divide-gray-200">
        <caption className="sr-only">Requests of this opportunity, newest first</caption>
        <thead className="hidden sm:table-header-group">
          <tr className="text-left text-xs font-semibold tracking-wide text-gray-600 uppercase">
            <th scope="col" className="px-3 py-2 pl-0">
              Request
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              Due
            </th>
            <th scope="col" className="px-3 py-2">
              Progress
            </th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-gray-100 sm:table-row-group">
          {rows.map((r) => {
            const done = r.applicants > 0 && r.submitted >= r.applicants;
            const pct = r.applicants === 0 ? 0 : Math.round((Math.min(r.submitted, r.applicants) / r.applicants) * 100);
            return (
              <tr key={r.id} className="block space-y-1.5 px-5 py-3 hover:bg-gray-50 sm:table-row sm:space-y-0 sm:p-0">
                <td className="block font-medium break-words sm:table-cell sm:px-3 sm:py-2.5 sm:pl-0">
                  <Link href={`/w/${slug}/opportunities/${opportunityId}/requests/${r.id}`} className="text-brand-700 hover:underline">
                    {r.title}
                  </Link>
                </td>
                <td className="inline-block pr-3 sm:table-cell sm:px-3 sm:py-2.5">
                  <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${done && r.status === "open" ? "bg-green-50 text-green-800 ring-green-200" : statusTones[r.status]}`}>
                    {done && r.status === "open" ? "All submitted" : statusLabels[r.status]}
                  </span>
                </td>
                <td className={`inline-block whitespace-nowrap sm:table-cell sm:px-3 sm:py-2.5 ${r.overdue ? "font-medium text-red-700" : "text-gray-700"}`}>
                  {r.dueIso ? (
                    <>
                      <span className="sm:hidden">Due </span>
                      <time dateTime={r.dueIso}>{r.due}</time>
                      {r.overdue && " (overdue)"}
                    </>
                  ) : (
                    <span className="text-gray-500">No due date</span>
                  )}
                </td>
                <td className="block sm:table-cell sm:px-3 sm:py-2.5">
                  <div className="flex items-center gap-2">
                    <div className="h-1.5 w-24 overflow-hidden rounded-full bg-gray-200" aria-hidden="true">
                      <div className={`h-full ${done ? "bg-green-600" : "bg-brand-600"}`} style={{ width: `${pct}%` }} />
                    </div>
                    <span className="whitespace-nowrap text-gray-700 tabular-nums">
                      {r.submitted} of {r.applicants} submitted
                    </span>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
