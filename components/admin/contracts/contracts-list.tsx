import Link from "next/link";
import type { ContractKind, ContractStatus } from "@/lib/db/schema";
import { kindLabels } from "./labels";
import { ContractStatusBadge } from "./status-badge";

export type ContractRowView = { id: string; title: string; kind: ContractKind; status: ContractStatus; signers: string; progress: string; date: string; dateIso: string };

/** The list: a table from `sm` up, a card per contract on a phone (nothing scrolls sideways). */
export function ContractsList({ slug, rows, caption }: { slug: string; rows: ContractRowView[]; caption: string }) {
  const href = (id: string) => `/w/${slug}/contracts/${id}`;
  return (
    <>
      <table className="hidden w-full text-left text-sm sm:table">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-gray-200 text-xs font-medium text-gray-500 uppercase">
          <tr>
            <th scope="col" className="py-2 pr-3">Document</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Signers</th>
            <th scope="col" className="py-2 pl-3 text-right">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="py-3 pr-3">
                <Link href={href(r.id)} className="font-medium break-words text-brand-700 hover:underline">
                  {r.title}
                </Link>
                <p className="text-xs text-gray-500">{kindLabels[r.kind]}</p>
              </td>
              <td className="px-3 py-3">
                <ContractStatusBadge status={r.status} />
              </td>
              <td className="px-3 py-3 text-gray-700">
                <p className="break-words">{r.signers}</p>
                <p className="text-xs text-gray-500">{r.progress}</p>
              </td>
              <td className="py-3 pl-3 text-right whitespace-nowrap text-gray-600">
                <time dateTime={r.dateIso}>{r.date}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="divide-y divide-gray-100 sm:hidden" aria-label={caption}>
        {rows.map((r) => (
          <li key={r.id} className="py-3">
            <div className="flex items-start justify-between gap-3">
              <Link href={href(r.id)} className="min-w-0 font-medium break-words text-brand-700 hover:underline">
                {r.title}
              </Link>
              <ContractStatusBadge status={r.status} />
            </div>
            <p className="mt-1 text-sm break-words text-gray-700">{r.signers}</p>
            <p className="text-xs text-gray-500">
              {kindLabels[r.kind]} · {r.progress} · <time dateTime={r.dateIso}>{r.date}</time>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
