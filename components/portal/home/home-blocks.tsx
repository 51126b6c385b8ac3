import Link from "next/link";
import type { ReactNode } from "react";
import type { HomeActivity, HomeContract, HomeFile, UnreadSummary } from "@/lib/db/queries/portal-home";
import { fileSize, shortDate } from "@/lib/request-answers/due-text";

const card = "block rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 hover:ring-gray-400 focus-visible:outline-2 focus-visible:outline-offset-2 sm:p-5";

export function HomeSection({ title, action, children }: { title: string; action?: { href: string; label: string }; children: ReactNode }) {
  const id = `home-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="mt-8">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id={id} className="text-base font-semibold text-gray-900">
          {title}
        </h2>
        {action && (
          <Link href={action.href} className="shrink-0 text-sm font-medium text-gray-700 underline underline-offset-2 hover:text-gray-900">
            {action.label}
          </Link>
        )}
      </div>
      <div className="mt-3">{children}</div>
    </section>
  );
}

export function ContractCard({ c }: { c: HomeContract }) {
  return (
    <Link href={`/contracts/${c.id}`} className={card}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-gray-500 uppercase">{c.kind === "proposal" ? "Proposal to review" : "Contract to sign"}</p>
          <h3 className="mt-0.5 font-semibold break-words text-gray-900">{c.title}</h3>
          {c.sentAt && <p className="mt-1 text-sm text-gray-600">Sent {shortDate(c.sentAt)}</p>}
        </div>
        <span className="shrink-0 rounded-md bg-[var(--portal-color)] px-3 py-1.5 text-sm font-semibold text-[var(--portal-text)]">
          {c.kind === "proposal" ? "Review" : "Sign"}
        </span>
      </div>
    </Link>
  );
}

export function UnreadCard({ u }: { u: UnreadSummary }) {
  const href = u.conversations === 1 && u.latest ? `/messages/${u.latest.conversationId}` : "/messages";
  return (
    <Link href={href} className={card}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-gray-500 uppercase">Messages</p>
          <h3 className="mt-0.5 font-semibold text-gray-900">{u.count === 1 ? "1 unread message" : `${u.count} unread messages`}</h3>
          {u.latest?.preview && <p className="mt-1 line-clamp-2 text-sm break-words text-gray-700">“{u.latest.preview}”</p>}
        </div>
        <span aria-hidden className="mt-1 shrink-0 rounded-full bg-[var(--portal-color)] px-2 text-sm leading-6 font-semibold text-[var(--portal-text)]">
          {u.count > 99 ? "99+" : u.count}
        </span>
      </div>
    </Link>
  );
}

const previewable = (t: string) => t === "application/pdf" || t.startsWith("image/");

export function FileList({ files }: { files: HomeFile[] }) {
  return (
    <ul className="divide-y divide-gray-100 overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
      {files.map((f) => (
        <li key={f.id}>
          <a
            href={previewable(f.contentType) ? `/api/portal/documents/${f.id}?inline=1` : `/api/portal/documents/${f.id}`}
            {...(previewable(f.contentType) ? { target: "_blank", rel: "noopener" } : {})}
            className="flex items-center gap-3 px-4 py-3 hover:bg-gray-50 focus-visible:outline-2 focus-visible:-outline-offset-2"
          >
            <span aria-hidden className="flex h-9 w-9 shrink-0 items-center justify-center rounded-md bg-gray-100 text-[10px] font-semibold text-gray-600 uppercase">
              {kindLabel(f.contentType)}
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-medium text-gray-900">{f.name}</span>
              <span className="block text-xs text-gray-600">
                {f.mine ? "You uploaded" : "Shared"} {shortDate(f.createdAt)} · {fileSize(f.size)}
              </span>
            </span>
            <span className="shrink-0 text-xs font-medium text-gray-600">{previewable(f.contentType) ? "View" : "Download"}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function kindLabel(t: string): string {
  if (t === "application/pdf") return "PDF";
  if (t.startsWith("image/")) return "IMG";
  if (t.includes("spreadsheet") || t.includes("excel") || t === "text/csv") return "XLS";
  if (t.includes("word")) return "DOC";
  return "FILE";
}

const activityWords: Record<HomeActivity["kind"], { verb: string; href: (id: string) => string }> = {
  message: { verb: "New message", href: (id) => `/messages/${id}` },
  contract_sent: { verb: "Sent to you for signature", href: (id) => `/contracts/${id}` },
  contract_completed: { verb: "Signed by everyone", href: (id) => `/contracts/${id}` },
  contract_declined: { verb: "Declined", href: (id) => `/contracts/${id}` },
  request_submitted: { verb: "You submitted", href: (id) => `/requests/${id}` },
};

export function ActivityList({ items }: { items: HomeActivity[] }) {
  return (
    <ol className="space-y-1">
      {items.map((a) => {
        const w = activityWords[a.kind];
        return (
          <li key={`${a.kind}-${a.id}`}>
            <Link href={w.href(a.id)} className="flex items-start gap-3 rounded-md px-2 py-2 hover:bg-white focus-visible:outline-2">
              <span aria-hidden className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-[var(--portal-color)]" />
              <span className="min-w-0 flex-1 text-sm">
                <span className="text-gray-600">
                  {a.kind === "message" && a.mine ? "You wrote" : w.verb}
                  {a.kind === "message" && a.who ? ` from ${a.who}` : ""}:{" "}
                </span>
                <span className="break-words text-gray-900">{a.label || "(attachment)"}</span>
              </span>
              <time dateTime={a.at.toISOString()} className="shrink-0 text-xs text-gray-500">
                {shortDate(a.at)}
              </time>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
