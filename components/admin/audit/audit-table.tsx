import { actionLabel } from "./action-labels";

export type AuditEventView = {
  id: string;
  createdAt: Date;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string | null;
  ip: string | null;
};

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** A table from `lg` up; under it each event is a stacked entry (one DOM), so nothing scrolls sideways on a phone. */
export function AuditTable({ events, compact = false }: { events: AuditEventView[]; compact?: boolean }) {
  return (
    // The scroll box is a safety net: the columns below are sized to fit the page at 1280 px, but an unforeseen long
    // word must scroll inside the card, never the whole page.
    <div className="-mx-5 overflow-x-auto">
      <table className="block w-full text-left text-sm lg:table lg:min-w-full">
        <caption className="sr-only">Audit events, newest first. Times are in UTC.</caption>
        <thead className="hidden border-b border-gray-100 text-xs font-medium tracking-wide text-gray-500 uppercase lg:table-header-group">
          <tr>
            <th scope="col" className="px-5 py-2 whitespace-nowrap">
              When (UTC)
            </th>
            <th scope="col" className="px-5 py-2">
              Who
            </th>
            <th scope="col" className="px-5 py-2">
              Action
            </th>
            <th scope="col" className="px-5 py-2">
              Target
            </th>
            {!compact && (
              <th scope="col" className="px-5 py-2">
                IP address
              </th>
            )}
          </tr>
        </thead>
        <tbody className="block divide-y divide-gray-100 lg:table-row-group">
          {events.map((e) => (
            <tr key={e.id} className="block px-5 py-3 align-top lg:table-row lg:p-0">
              <td className="block text-xs text-gray-600 lg:table-cell lg:px-5 lg:py-2.5 lg:text-sm lg:whitespace-nowrap lg:text-gray-700">
                <time dateTime={e.createdAt.toISOString()}>{when.format(e.createdAt)}</time>
                <span className="lg:hidden"> UTC</span>
              </td>
              <td className="block text-gray-900 lg:table-cell lg:px-5 lg:py-2.5">
                {/* A block with a width cap inside the cell: a long address is cut with an ellipsis instead of widening the table. */}
                <span className="block truncate lg:max-w-48" title={e.actorEmail ?? undefined}>
                  {e.actorEmail ?? <span className="text-gray-500">System</span>}
                </span>
              </td>
              <td className="block lg:table-cell lg:min-w-40 lg:px-5 lg:py-2.5">
                <span className="font-medium text-gray-900">{actionLabel(e.action)}</span>
                {!compact && <span className="block font-mono text-xs break-all text-gray-500">{e.action}</span>}
              </td>
              <td className="block text-gray-700 wrap-anywhere lg:table-cell lg:min-w-48 lg:px-5 lg:py-2.5">
                {e.summary ?? (e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—")}
                {!compact && e.summary && e.targetType && (
                  <span className="block font-mono text-xs break-all text-gray-500">
                    {e.targetType} {e.targetId}
                  </span>
                )}
              </td>
              {!compact && (
                <td className="block font-mono text-xs text-gray-600 lg:table-cell lg:px-5 lg:py-2.5 lg:whitespace-nowrap">
                  <span className="font-sans lg:hidden">IP </span>
                  {e.ip ?? "—"}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
