import Link from "next/link";
import { buttonClass } from "./button";

/** The pager of a newest-first keyset list: back to the newest page, and on to older rows while there are any. */
export function OlderPager({ label, newestHref, olderHref, olderLabel }: { label: string; newestHref: string | null; olderHref: string | null; olderLabel: string }) {
  if (!newestHref && !olderHref) return null;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap justify-between gap-2 border-t border-gray-100 pt-4">
      {newestHref ? (
        <Link href={newestHref} className={buttonClass("secondary")}>
          Back to newest
        </Link>
      ) : (
        <span />
      )}
      {olderHref && (
        <Link href={olderHref} className={buttonClass("secondary")}>
          {olderLabel}
        </Link>
      )}
    </nav>
  );
}
