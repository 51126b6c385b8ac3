import Link from "next/link";
import type { ClientConversationRow } from "@/lib/db/queries/conversations";

// A server component knows no reader's zone: UTC, and it says so (the thread shows local times once its script runs).
const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The client's conversations as cards: unread first to the eye (a count badge), then the last words and when. */
export function ConversationList({ rows }: { rows: ClientConversationRow[] }) {
  return (
    <ul className="mt-6 space-y-3" aria-label="Your conversations">
      {rows.map((c) => (
        <li key={c.id}>
          <Link
            href={`/messages/${c.id}`}
            className="block rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 hover:ring-gray-400 focus-visible:outline-2 focus-visible:outline-offset-2 sm:p-5"
          >
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <h2 className={`break-words text-gray-900 ${c.unread > 0 ? "font-semibold" : "font-medium"}`}>{c.title}</h2>
                <p className="text-xs text-gray-500">{c.opportunityId ? "Your application" : "You and the team"}</p>
              </div>
              {c.unread > 0 && (
                <span className="shrink-0 rounded-full bg-[var(--portal-color)] px-2.5 py-0.5 text-xs font-semibold text-[var(--portal-text)]">
                  {c.unread} unread<span className="sr-only"> {c.unread === 1 ? "message" : "messages"}</span>
                </span>
              )}
            </div>
            <p className={`mt-2 truncate text-sm ${c.unread > 0 ? "text-gray-900" : "text-gray-600"}`}>{c.preview ?? "No messages yet: start the conversation."}</p>
            {c.lastMessageAt && (
              <p className="mt-1 text-xs text-gray-500">
                <time dateTime={c.lastMessageAt.toISOString()}>{when.format(c.lastMessageAt)} UTC</time>
              </p>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}
