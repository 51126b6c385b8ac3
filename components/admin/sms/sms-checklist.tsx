import type { ChecklistItem } from "./types";

/** What is left before the workspace can send SMS, each item with what to do and a link to where it is done. */
export function SmsChecklist({ items }: { items: ChecklistItem[] }) {
  const left = items.filter((i) => !i.done).length;
  return (
    <div>
      <p className="mb-3 text-sm text-gray-700" role="status">
        {left === 0 ? "Everything is set: this workspace can send SMS." : `${left} of ${items.length} steps left before this workspace can send SMS.`}
      </p>
      <ol className="space-y-2">
        {items.map((i) => (
          <li key={i.label} className="flex gap-3 text-sm">
            <span
              aria-hidden="true"
              className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${i.done ? "bg-green-100 text-green-800" : "bg-amber-100 text-amber-900"}`}
            >
              {i.done ? "✓" : "!"}
            </span>
            <div className="min-w-0">
              <span className="sr-only">{i.done ? "Done: " : "To do: "}</span>
              {i.href && !i.done ? (
                <a href={i.href} className="font-medium text-brand-700 hover:underline">
                  {i.label}
                </a>
              ) : (
                <span className={`font-medium ${i.done ? "text-gray-700" : "text-gray-900"}`}>{i.label}</span>
              )}
              {i.detail && <p className="text-gray-600 wrap-anywhere">{i.detail}</p>}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
