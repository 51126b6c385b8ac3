"use client";

export type Notice = { tone: "success" | "error"; text: string } | undefined;

/** A status line that is always in the page, so screen readers announce each new result. */
export function LiveNotice({ notice, id }: { notice: Notice; id?: string }) {
  return (
    <div id={id} aria-live="polite" aria-atomic="true" className="empty:my-0!">
      {notice && (
        <p
          className={`rounded-md px-4 py-3 text-sm wrap-anywhere ring-1 ring-inset ${notice.tone === "success" ? "bg-green-50 text-green-900 ring-green-200" : "bg-red-50 text-red-900 ring-red-200"}`}
        >
          {notice.text}
        </p>
      )}
    </div>
  );
}
