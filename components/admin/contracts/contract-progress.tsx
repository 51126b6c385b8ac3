import type { ReactNode } from "react";
import type { ContractEventKind, ContractSignerStatus } from "@/lib/db/schema";
import { signerStatusLabels } from "./labels";

export type ProgressSigner = {
  id: string;
  name: string;
  contact: ReactNode;
  colour: string;
  status: ContractSignerStatus;
  viewedAt: string | null;
  signedAt: string | null;
  declinedAt: string | null;
  ip: string | null;
  userAgent: string | null;
  signatureKind: string | null;
  comment: string | null;
};
export type ProgressEvent = { id: string; kind: ContractEventKind; who: string; at: string; atIso: string; note: string | null };

const tone: Record<ContractSignerStatus, string> = {
  waiting: "text-gray-600",
  pending: "text-blue-800",
  signed: "text-green-800",
  declined: "text-red-800",
};
const eventWords: Record<ContractEventKind, string> = {
  created: "Uploaded",
  sent: "Sent for signature",
  viewed: "Opened",
  signed: "Signed",
  accepted: "Accepted",
  declined: "Declined",
  completed: "Completed: everyone signed",
  voided: "Voided",
  reminded: "Reminder sent",
};

/** Each signer's progress (viewed, signed, from where), as the team follows a sent document. */
export function SignerProgress({ signers }: { signers: ProgressSigner[] }) {
  return (
    <ul className="divide-y divide-gray-100">
      {signers.map((s, i) => (
        <li key={s.id} className="py-3">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="flex min-w-0 items-start gap-3">
              <span aria-hidden className="mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold text-white" style={{ background: s.colour }}>
                {i + 1}
              </span>
              <div className="min-w-0">
                <p className="text-sm font-medium break-words text-gray-900">{s.name}</p>
                <p className="text-sm text-gray-600">{s.contact}</p>
              </div>
            </div>
            <span className={`text-sm font-medium ${tone[s.status]}`}>{signerStatusLabels[s.status]}</span>
          </div>
          <dl className="mt-2 grid gap-x-6 gap-y-1 pl-8 text-xs text-gray-600 sm:grid-cols-2">
            <div>
              <dt className="inline font-medium text-gray-700">Viewed: </dt>
              <dd className="inline">{s.viewedAt ?? "not yet"}</dd>
            </div>
            {s.signedAt && (
              <div>
                <dt className="inline font-medium text-gray-700">Signed: </dt>
                <dd className="inline">
                  {s.signedAt}
                  {s.signatureKind ? ` (${s.signatureKind === "drawn" ? "drawn" : "typed"})` : ""}
                </dd>
              </div>
            )}
            {s.declinedAt && (
              <div>
                <dt className="inline font-medium text-gray-700">Declined: </dt>
                <dd className="inline">{s.declinedAt}</dd>
              </div>
            )}
            {s.ip && (
              <div>
                <dt className="inline font-medium text-gray-700">IP address: </dt>
                <dd className="inline tabular-nums">{s.ip}</dd>
              </div>
            )}
            {s.userAgent && (
              <div className="sm:col-span-2">
                <dt className="inline font-medium text-gray-700">Browser: </dt>
                <dd className="inline break-all">{s.userAgent}</dd>
              </div>
            )}
            {s.comment && (
              <div className="sm:col-span-2">
                <dt className="inline font-medium text-gray-700">Comment: </dt>
                <dd className="inline break-words whitespace-pre-wrap">{s.comment}</dd>
              </div>
            )}
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** The document's history, oldest first (what its audit page is written from). */
export function ContractEvents({ events }: { events: ProgressEvent[] }) {
  return (
    <ol className="space-y-2">
      {events.map((e) => (
        <li key={e.id} className="flex flex-col gap-0.5 text-sm sm:flex-row sm:gap-3">
          <time dateTime={e.atIso} className="shrink-0 text-gray-500 tabular-nums sm:w-44">
            {e.at}
          </time>
          <span className="break-words text-gray-800">
            {eventWords[e.kind]}
            {e.who ? ` · ${e.who}` : ""}
            {e.note ? <span className="text-gray-600"> · {e.note}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
