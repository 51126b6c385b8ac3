import Link from "next/link";
import type { MessageListRow } from "@/lib/db/queries/messages";
import { smsFactsOf } from "@/lib/sms/sms-facts";
import { templateLabel } from "./labels";
import { StatusBadge } from "./status-badge";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** An SMS's header, DLT template and segments in one short line: what an admin compares with the DLT portal. */
function smsLine(m: MessageListRow) {
  if (m.channel !== "sms") return null;
  const f = smsFactsOf(m.sms);
  const segments = f?.segments ?? m.credits;
  return [f?.senderId, f?.dltTemplateId && `DLT ${f.dltTemplateId}`, segments !== null && segments !== undefined && `${segments} segment${segments === 1 ? "" : "s"}`].filter(Boolean).join(" · ") || null;
}

export function MessagesTable({ rows, basePath }: { rows: MessageListRow[]; basePath: string }) {
  return (
    <>
      <ul className="-mx-5 divide-y divide-gray-100 lg:hidden" aria-label="Messages, newest first">
        {rows.map((m) => (
          <li key={m.id} className="px-5 py-3">
            <Link href={`${basePath}/${m.id}`} className="block space-y-1">
              <div className="flex items-center justify-between gap-3">
                <span className="min-w-0 truncate text-sm font-medium text-gray-900">{m.to}</span>
                <StatusBadge status={m.status} />
              </div>
              <p className="truncate text-sm text-gray-700">{m.subject ?? templateLabel(m.template) ?? (m.channel === "sms" ? "Text message" : "(no subject)")}</p>
              {smsLine(m) && <p className="truncate font-mono text-xs text-gray-500">{smsLine(m)}</p>}
              <p className="text-xs text-gray-500">
                <time dateTime={m.createdAt.toISOString()}>{when.format(m.createdAt)} UTC</time> · {m.channel === "sms" ? "SMS" : "Email"} · {m.attempts}{" "}
                {m.attempts === 1 ? "attempt" : "attempts"}
              </p>
              {m.lastError && <p className="line-clamp-2 text-xs text-red-700">{m.lastError}</p>}
            </Link>
          </li>
        ))}
      </ul>
      <div className="-mx-5 hidden lg:block">
        <table className="w-full table-fixed text-left text-sm">
          <caption className="sr-only">Messages, newest first. Times are in UTC.</caption>
          <thead className="border-b border-gray-100 text-xs font-medium tracking-wide text-gray-500 uppercase">
            <tr>
              <th scope="col" className="w-40 px-5 py-2 whitespace-nowrap">
                When (UTC)
              </th>
              <th scope="col" className="px-3 py-2">
                To
              </th>
              <th scope="col" className="px-3 py-2">
                Subject / template
              </th>
              <th scope="col" className="w-36 px-3 py-2">
                Status
              </th>
              <th scope="col" className="w-24 px-3 py-2 text-right">
                Attempts
              </th>
              <th scope="col" className="px-5 py-2">
                Last error
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.map((m) => (
              <tr key={m.id} className="align-top hover:bg-gray-50">
                <td className="px-5 py-2.5 whitespace-nowrap text-gray-700">
                  <Link href={`${basePath}/${m.id}`} className="text-brand-700 hover:underline">
                    <time dateTime={m.createdAt.toISOString()}>{when.format(m.createdAt)}</time>
                  </Link>
                  <span className="block text-xs text-gray-500">{m.channel === "sms" ? "SMS" : "Email"}</span>
                </td>
                <td className="truncate px-3 py-2.5 text-gray-900" title={m.to}>
                  {m.to}
                </td>
                <td className="px-3 py-2.5">
                  <Link href={`${basePath}/${m.id}`} className="block truncate font-medium text-gray-900 hover:underline" title={m.subject ?? undefined}>
                    {m.subject ?? templateLabel(m.template) ?? (m.channel === "sms" ? "Text message" : "(no subject)")}
                  </Link>
                  {m.template && <span className="block truncate text-xs text-gray-500">{templateLabel(m.template)}</span>}
                  {smsLine(m) && (
                    <span className="block truncate font-mono text-xs text-gray-500" title={smsLine(m) ?? undefined}>
                      {smsLine(m)}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2.5">
                  <StatusBadge status={m.status} />
                </td>
                <td className="px-3 py-2.5 text-right text-gray-700 tabular-nums">{m.attempts}</td>
                <td className="px-5 py-2.5 text-xs text-red-700">
                  {m.lastError ? (
                    <span className="line-clamp-2" title={m.lastError}>
                      {m.lastError}
                    </span>
                  ) : (
                    <span className="text-gray-400">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
