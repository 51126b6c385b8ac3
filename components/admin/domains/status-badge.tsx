const styles = {
  pending: "bg-amber-50 text-amber-900 ring-amber-200",
  verified: "bg-blue-50 text-blue-900 ring-blue-200",
  active: "bg-green-50 text-green-900 ring-green-200",
  misconfigured: "bg-red-50 text-red-900 ring-red-200",
} as const;
export const statusLabel = { pending: "Pending", verified: "Verified", active: "Active", misconfigured: "Misconfigured" } as const;

export function DomainStatusBadge({ status }: { status: keyof typeof styles }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status]}`}>{statusLabel[status]}</span>;
}

export const statusSentence = {
  pending: "Waiting for the TXT record that proves the domain is yours. Pending domains are removed after 14 days.",
  verified: "Ownership proven. Waiting for the CNAME or A record that sends visitors here; links keep using the platform address until then.",
  active: "Everything is set up. Your clients can use this domain, and links in emails and the QR code use it.",
  misconfigured: "This domain worked before and now fails a check. Links use the platform address until it is fixed.",
} as const;
