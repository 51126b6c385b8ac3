import Link from "next/link";
import type { InboxRow } from "@/lib/db/queries/conversations";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function Unread({ n }: { n: number }) {
  if (n === 0) return null;
  return (
    <span className="shrink-0 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white tabular-nums">
      {n}
      <span className="sr-only"> unread</span>
    </span>
  );
}

/** The inbox as a list: cards on a phone, rows with columns from `md` up; `compact` for the thread page's side list. */
export function InboxList({ rows, basePath, activeId, compact }: { rows: InboxRow[]; basePath: string; activeId?: string; compact?: boolean }) {
  return (
    <ul className="-mx-5 divide-y divide-gray-100" aria-label="Conversations, newest activity first">
      {rows.map((c) => (
        <li key={c.id} className={c.id === activeId ? "bg-brand-50" : undefined}>
          <Link
            href={`${basePath}/${c.id}`}
            aria-current={c.id === activeId ? "page" : undefined}
            className={`block px-5 py-3 hover:bg-gray-50 ${compact ? "" : "md:grid md:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_10rem_9rem] md:items-center md:gap-4"}`}
          >
            <div className="flex min-w-0 items-center justify-between gap-2">
              <div className="min-w-0">
                <p className={`truncate text-sm text-gray-900 ${c.unread > 0 ? "font-semibold" : "font-medium"}`}>{c.title}</p>
                <p className="truncate text-xs text-gray-500">{c.subtitle}</p>
              </div>
              <span className={compact ? "" : "md:hidden"}>
                <Unread n={c.unread} />
              </span>
            </div>
            <p className={`mt-1 truncate text-sm ${c.unread > 0 ? "text-gray-900" : "text-gray-600"} ${compact ? "" : "md:mt-0"}`}>{c.preview}</p>
            <p className={`mt-1 text-xs text-gray-500 ${compact ? "" : "md:mt-0"}`}>
              <time dateTime={c.lastMessageAt.toISOString()}>{when.format(c.lastMessageAt)} UTC</time>
              {!compact && <span className="md:hidden">{c.assignedName ? ` · ${c.assignedName}` : ""}</span>}
            </p>
            {!compact && (
              <div className="hidden items-center justify-between gap-2 md:flex">
                <span className="truncate text-xs text-gray-600">{c.assignedName ?? "Unassigned"}</span>
                <Unread n={c.unread} />
              </div>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}
