"use client";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * The workspace navigation on a phone: a "Menu" disclosure that opens the full list below the header. A native
 * <details>, so it opens before the page's JavaScript has loaded; it closes itself after a navigation.
 */
export function MobileNav({ children }: { children: React.ReactNode }) {
  const path = usePathname();
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [path]);
  return (
    <details ref={ref} className="group md:hidden">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-gray-800 ring-1 ring-gray-300 ring-inset [&::-webkit-details-marker]:hidden">
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth={2}>
          <path className="group-open:hidden" d="M3 5h14M3 10h14M3 15h14" />
          <path className="hidden group-open:block" d="M5 5l10 10M15 5L5 15" />
        </svg>
        Menu
      </summary>
      <div className="absolute inset-x-0 z-30 mt-3 border-b border-gray-200 bg-white px-2 pb-3 shadow-lg">{children}</div>
    </details>
  );
}
