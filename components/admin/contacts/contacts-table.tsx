import Link from "next/link";

export type ContactRowView = { id: string; name: string; email: string; phone: string; company: string; created: string; createdIso: string };

export function ContactsTable({ slug, rows, caption }: { slug: string; rows: ContactRowView[]; caption: string }) {
  return (
    <div className="-mx-5 overflow-x-auto sm:mx-0">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="text-left text-xs font-semibold tracking-wide text-gray-600 uppercase">
            <th scope="col" className="px-5 py-2 sm:px-3 sm:pl-0">
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
        <tbody className="divide-y divide-gray-100">
          {rows.map((c) => (
            <tr key={c.id} className="hover:bg-gray-50">
              <td className="px-5 py-2.5 font-medium whitespace-nowrap sm:px-3 sm:pl-0">
                <Link href={`/w/${slug}/contacts/${c.id}`} className="text-brand-700 hover:underline">
                  {c.name}
                </Link>
              </td>
              <td className="max-w-64 truncate px-3 py-2.5 text-gray-700">{c.email || <span className="text-gray-400">—</span>}</td>
              <td className="px-3 py-2.5 whitespace-nowrap text-gray-700 tabular-nums">{c.phone || <span className="text-gray-400">—</span>}</td>
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
