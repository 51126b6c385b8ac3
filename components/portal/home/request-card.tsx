import Link from "next/link";
import type { PortalRequestRow } from "@/lib/db/queries/portal-requests";
import { dueText, shortDate } from "@/lib/request-answers/due-text";

/** One Client Centre request: title, due date (overdue in red), progress, and a bar while items remain. */
export function RequestCard({ r, at }: { r: PortalRequestRow; at: Date }) {
  const due = r.submittedAt ? null : dueText(r.dueAt, at);
  const { total, done, needsAttention } = r.progress;
  let progress: React.ReactNode;
  if (needsAttention > 0) progress = <span className="font-medium text-red-700">{needsAttention === 1 ? "1 document needs attention" : `${needsAttention} documents need attention`}</span>;
  else if (r.submittedAt) progress = <span className="font-medium text-green-700">Submitted {shortDate(r.submittedAt)}</span>;
  else if (r.status === "closed") progress = <span className="text-gray-600">Closed</span>;
  else progress = <span className="text-gray-700">{`${done} of ${total} ${total === 1 ? "item" : "items"} done`}</span>;
  return (
    <Link
      href={`/requests/${r.id}`}
      className="block rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 hover:ring-gray-400 focus-visible:outline-2 focus-visible:outline-offset-2 sm:p-5"
    >
      <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <h3 className="font-semibold break-words text-gray-900">{r.title}</h3>
        {due && (
          <span className={`shrink-0 text-sm ${due.overdue ? "font-medium text-red-700" : "text-gray-600"}`}>
            {due.text}
            {r.dueAt && !due.overdue ? ` · ${shortDate(r.dueAt)}` : ""}
          </span>
        )}
      </div>
      <div className="mt-2 flex items-center justify-between gap-3 text-sm">
        {progress}
        <span aria-hidden className="text-gray-400">
          →
        </span>
      </div>
      {!r.submittedAt && needsAttention === 0 && total > 0 && (
        <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-gray-100" aria-hidden>
          <div className="h-full rounded-full bg-[var(--portal-color)]" style={{ width: `${Math.round((done / total) * 100)}%` }} />
        </div>
      )}
    </Link>
  );
}
