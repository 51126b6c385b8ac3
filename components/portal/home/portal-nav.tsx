import Link from "next/link";
import type { ReactNode } from "react";
import type { NavCounts } from "@/lib/db/queries/portal-home";
import type { PortalSection } from "../portal-shell";

const items: { section: PortalSection; href: string; label: string; icon: ReactNode }[] = [
  {
    section: "home",
    href: "/",
    label: "Home",
    icon: <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1v-9.5Z" />,
  },
  {
    section: "documents",
    href: "/documents",
    label: "Documents",
    icon: <path d="M7 3h7l5 5v12a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1Zm7 0v5h5" />,
  },
  {
    section: "messages",
    href: "/messages",
    label: "Messages",
    icon: <path d="M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-5 4V6a1 1 0 0 1 1-1Z" />,
  },
  {
    section: "contracts",
    href: "/contracts",
    label: "Contracts",
    icon: <path d="M4 20h16M5 16l9.5-9.5a2.1 2.1 0 0 1 3 3L8 19H5v-3Z" />,
  },
];

/** The hub's sections: a row of four under the header (icons over labels on a phone, so nothing scrolls sideways). */
export function PortalNav({ active, counts }: { active?: PortalSection; counts: NavCounts }) {
  const badge: Partial<Record<PortalSection, { n: number; label: string }>> = {
    messages: { n: counts.unread, label: counts.unread === 1 ? "1 unread message" : `${counts.unread} unread messages` },
    contracts: { n: counts.toSign, label: counts.toSign === 1 ? "1 to sign" : `${counts.toSign} to sign` },
  };
  return (
    <nav aria-label="Portal" className="border-b border-gray-200 bg-white">
      <ul className="mx-auto grid max-w-3xl grid-cols-4 px-1 sm:flex sm:gap-1 sm:px-4">
        {items.map((it) => {
          const on = it.section === active;
          const b = badge[it.section];
          return (
            <li key={it.section} className="min-w-0">
              <Link
                href={it.href}
                aria-current={on ? "page" : undefined}
                className={`relative flex min-w-0 flex-col items-center gap-0.5 border-b-2 px-1 pt-2 pb-1.5 text-[11px] font-medium sm:flex-row sm:gap-2 sm:px-3 sm:py-3 sm:text-sm ${
                  on ? "border-[var(--portal-color)] text-gray-900" : "border-transparent text-gray-600 hover:text-gray-900"
                } focus-visible:outline-2 focus-visible:-outline-offset-2`}
              >
                <svg viewBox="0 0 24 24" aria-hidden className="h-5 w-5 shrink-0 fill-none stroke-current" strokeWidth={1.8} strokeLinejoin="round" strokeLinecap="round">
                  {it.icon}
                </svg>
                <span className="max-w-full truncate">{it.label}</span>
                {b && b.n > 0 && (
                  <span
                    className="absolute top-1 left-1/2 ml-2 min-w-[1.25rem] rounded-full bg-[var(--portal-color)] px-1.5 text-center text-[11px] leading-5 font-semibold text-[var(--portal-text)] sm:static sm:ml-0"
                  >
                    <span aria-hidden>{b.n > 99 ? "99+" : b.n}</span>
                    <span className="sr-only">, {b.label}</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
