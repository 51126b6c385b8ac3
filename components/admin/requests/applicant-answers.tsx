import type { ApplicantProgress, RequestItemRow } from "@/lib/db/queries/requests";
import type { FormAction } from "@/lib/actions/form-state";
import { buttonClass } from "@/components/ui/button";
import { ReviewBadge, StateBadge } from "./badges";
import { answerText, applicantRoleLabels, fileSize, formatMoment } from "./labels";
import { ReviewForms } from "./review-forms";

/** One applicant's answers and documents (rejected ones too, newest first), with Download, View and review. */
export function ApplicantAnswers({ slug, items, p, review }: { slug: string; items: RequestItemRow[]; p: ApplicantProgress; review: FormAction<unknown> }) {
  const fileUrl = (id: string) => `/api/w/${encodeURIComponent(slug)}/files/${id}`;
  return (
    <section id={`applicant-${p.contactId}`} aria-labelledby={`applicant-${p.contactId}-h`} className="scroll-mt-20 rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
      <header className="flex flex-wrap items-start justify-between gap-2 border-b border-gray-100 px-5 py-4">
        <div>
          <h2 id={`applicant-${p.contactId}-h`} className="text-base font-semibold text-gray-900">
            {p.firstName} {p.lastName}
          </h2>
          <p className="text-sm text-gray-600">
            {applicantRoleLabels[p.role]}
            {p.email ? ` · ${p.email}` : ""}
            {p.submittedAt ? ` · submitted ${formatMoment(p.submittedAt)}` : p.openedAt ? ` · opened ${formatMoment(p.openedAt)}` : ""}
          </p>
        </div>
        <StateBadge state={p.state} />
      </header>
      {p.state === "not_opened" ? (
        <p className="px-5 py-4 text-sm text-gray-600">Not opened yet. Send them an invitation, or resend it if they lost it.</p>
      ) : (
        <dl className="divide-y divide-gray-100">
          {items.map((item) => {
            const c = p.items[item.id];
            const text = answerText(item.kind, c.value);
            return (
              <div key={item.id} className="px-5 py-3 sm:grid sm:grid-cols-3 sm:gap-4">
                <dt className="text-sm font-medium text-gray-700">
                  {item.label}
                  {item.required && <span className="ml-1 text-xs font-normal text-gray-500">(required)</span>}
                </dt>
                <dd className="mt-1 text-sm text-gray-900 sm:col-span-2 sm:mt-0">
                  {item.kind !== "document" ? (
                    text ? <span className="break-words whitespace-pre-wrap">{text}</span> : <span className="text-gray-400">Not answered</span>
                  ) : c.documents.length === 0 ? (
                    <span className="text-gray-400">No file yet</span>
                  ) : (
                    <ul className="space-y-3">
                      {c.documents.map((d, i) => (
                        <li key={d.id} className={`rounded-md p-3 ring-1 ${i > 0 && d.reviewStatus === "rejected" ? "bg-gray-50 ring-gray-200" : "ring-gray-200"}`}>
                          <div className="flex flex-wrap items-center justify-between gap-2">
                            <div className="min-w-0">
                              <p className="font-medium break-all">{d.name}</p>
                              <p className="text-xs text-gray-500">
                                {fileSize(d.size)} · {d.contentType} · uploaded {formatMoment(d.createdAt)}
                              </p>
                            </div>
                            <ReviewBadge status={d.reviewStatus} />
                          </div>
                          {d.reviewStatus === "rejected" && d.reviewReason && <p className="mt-2 text-sm text-red-800">Reason given: {d.reviewReason}</p>}
                          <div className="mt-2 flex flex-wrap gap-2">
                            <a href={fileUrl(d.id)} className={buttonClass("secondary")} download>
                              Download
                            </a>
                            <a href={`${fileUrl(d.id)}?inline=1`} className={buttonClass("secondary")} target="_blank" rel="noopener">
                              View
                            </a>
                          </div>
                          {i === 0 && (
                            <div className="mt-2">
                              <ReviewForms slug={slug} documentId={d.id} name={d.name} status={d.reviewStatus} review={review} />
                            </div>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
