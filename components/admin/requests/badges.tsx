import type { ApplicantState } from "@/lib/db/queries/requests";
import type { DocumentReviewStatus, RequestStatus } from "@/lib/db/schema/opportunities";

const pill = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

export const stateLabels: Record<ApplicantState, string> = { not_opened: "Not opened", in_progress: "In progress", submitted: "Submitted" };
const stateTones: Record<ApplicantState, string> = {
  not_opened: "bg-gray-50 text-gray-700 ring-gray-300",
  in_progress: "bg-amber-50 text-amber-800 ring-amber-300",
  submitted: "bg-green-50 text-green-800 ring-green-300",
};

export function StateBadge({ state }: { state: ApplicantState }) {
  return <span className={`${pill} ${stateTones[state]}`}>{stateLabels[state]}</span>;
}

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  const tone = status === "open" ? "bg-green-50 text-green-800 ring-green-300" : status === "draft" ? "bg-gray-50 text-gray-700 ring-gray-300" : "bg-slate-100 text-slate-700 ring-slate-300";
  return <span className={`${pill} ${tone}`}>{status === "open" ? "Open" : status === "draft" ? "Draft" : "Closed"}</span>;
}

export const reviewLabels: Record<DocumentReviewStatus, string> = { pending: "To review", approved: "Approved", rejected: "Rejected" };
export function ReviewBadge({ status }: { status: DocumentReviewStatus }) {
  const tone = status === "approved" ? "bg-green-50 text-green-800 ring-green-300" : status === "rejected" ? "bg-red-50 text-red-800 ring-red-300" : "bg-blue-50 text-blue-800 ring-blue-300";
  return <span className={`${pill} ${tone}`}>{reviewLabels[status]}</span>;
}
