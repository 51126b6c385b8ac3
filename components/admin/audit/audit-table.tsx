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

export function AuditTable({ events, compact = false }: { events: AuditEventView[]; compact?: boolean }) {
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Audit events, newest first. Times are in UTC.</caption>
        <thead className="border-b border-gray-100 text-xs font-medium tracking-wide text-gray-500 uppercase">
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
        <tbody className="divide-y divide-gray-100">
          {events.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="px-5 py-2.5 whitespace-nowrap text-gray-700">
                <time dateTime={e.createdAt.toISOString()}>{when.format(e.createdAt)}</time>
              </td>
              <td className="max-w-56 truncate px-5 py-2.5 text-gray-900" title={e.actorEmail ?? undefined}>
                {e.actorEmail ?? <span className="text-gray-500">System</span>}
              </td>
              <td className="px-5 py-2.5 whitespace-nowrap">
                <span className="font-medium text-gray-900">{actionLabel(e.action)}</span>
                {!compact && <span className="block font-mono text-xs text-gray-500">{e.action}</span>}
              </td>
              <td className="min-w-64 px-5 py-2.5 text-gray-700">
                {e.summary ?? (e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—")}
                {!compact && e.summary && e.targetType && (
                  <span className="block font-mono text-xs text-gray-500">
                    {e.targetType} {e.targetId}
                  </span>
                )}
              </td>
              {!compact && <td className="px-5 py-2.5 font-mono text-xs whitespace-nowrap text-gray-600">{e.ip ?? "—"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
