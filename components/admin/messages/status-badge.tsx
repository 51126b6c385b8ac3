import type { MessageStatus } from "@/lib/db/queries/messages";

const styles: Record<MessageStatus, { label: string; className: string; dot: string }> = {
  queued: { label: "Queued", className: "bg-amber-50 text-amber-900 ring-amber-200", dot: "bg-amber-500" },
  sending: { label: "Sending", className: "bg-blue-50 text-blue-900 ring-blue-200", dot: "bg-blue-500" },
  sent: { label: "Sent", className: "bg-sky-50 text-sky-900 ring-sky-200", dot: "bg-sky-500" },
  delivered: { label: "Delivered", className: "bg-green-50 text-green-900 ring-green-200", dot: "bg-green-600" },
  failed: { label: "Failed", className: "bg-red-50 text-red-900 ring-red-200", dot: "bg-red-600" },
  bounced: { label: "Bounced", className: "bg-orange-50 text-orange-900 ring-orange-300", dot: "bg-orange-600" },
  complained: { label: "Marked as spam", className: "bg-fuchsia-50 text-fuchsia-900 ring-fuchsia-200", dot: "bg-fuchsia-600" },
};

export const statusLabel = (s: MessageStatus) => styles[s].label;

export function StatusBadge({ status }: { status: MessageStatus }) {
  const s = styles[status];
  return (
    <span data-status={status} className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${s.className}`}>
      <span aria-hidden className={`size-1.5 rounded-full ${s.dot}`} />
      {s.label}
    </span>
  );
}
