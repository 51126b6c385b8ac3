import Link from "next/link";

export type ContactRowView = { id: string; name: string; email: string; phone: string; company: string; created: string; createdIso: string };

/** A table from `sm` up; under it each contact is a stacked entry (one DOM), so nothing scrolls sideways on a phone. */
export function ContactsTable({ slug, rows, caption }: { slug: string; rows: ContactRowView[]; caption: string }) {
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
              Email
            </th>
            <th scope="col" className="px-3 py-2">
              Phone
            </th>
            <th scope="col" className="hidden px-3 py-2 md:table-cell">
              Company
            </th>
            <th scope="col" className="hidden px-3 py-2 lg:table-cell">
              Created
            </th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-gray-100 sm:table-row-group">
          {rows.map((c) => (
            <tr key={c.id} className="block px-5 py-2.5 hover:bg-gray-50 sm:table-row sm:p-0">
              <td className="block font-medium break-words sm:table-cell sm:px-3 sm:py-2.5 sm:pl-0 sm:whitespace-nowrap">
                <Link href={`/w/${slug}/contacts/${c.id}`} className="text-brand-700 hover:underline">
                  {c.name}
                </Link>
              </td>
              <td className={`${c.email ? "block" : "hidden"} break-all text-gray-700 sm:table-cell sm:max-w-64 sm:truncate sm:px-3 sm:py-2.5`}>
                {c.email || <span className="text-gray-400">—</span>}
              </td>
              <td className={`${c.phone ? "block" : "hidden"} text-gray-700 tabular-nums sm:table-cell sm:px-3 sm:py-2.5 sm:whitespace-nowrap`}>
                {c.phone || <span className="text-gray-400">—</span>}
              </td>
              <td className="hidden max-w-48 truncate px-3 py-2.5 text-gray-700 md:table-cell">{c.company}</td>
              <td className="hidden px-3 py-2.5 whitespace-nowrap text-gray-600 lg:table-cell">
                <time dateTime={c.createdIso}>{c.created}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
