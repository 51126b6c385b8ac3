import type { ContractSignerStatus, ContractStatus } from "@/lib/db/schema";

/** What a contract's state means for this signer, in a few words, with a colour. */
export function contractStateText(status: ContractStatus, mine: ContractSignerStatus, kind: "contract" | "proposal"): { text: string; tone: "action" | "done" | "muted" | "warn" } {
  if (status === "completed") return { text: kind === "proposal" ? "Accepted" : "Signed by everyone", tone: "done" };
  if (status === "declined") return { text: "Declined", tone: "warn" };
  if (status === "voided") return { text: "Withdrawn", tone: "muted" };
  if (mine === "pending") return { text: kind === "proposal" ? "Waiting for your answer" : "Waiting for your signature", tone: "action" };
  if (mine === "waiting") return { text: "Others sign first", tone: "muted" };
  if (mine === "signed") return { text: kind === "proposal" ? "You accepted; waiting for others" : "You signed; waiting for others", tone: "muted" };
  return { text: "Declined", tone: "warn" };
}

const tones = {
  action: "bg-amber-50 text-amber-800 ring-amber-200",
  done: "bg-green-50 text-green-800 ring-green-200",
  muted: "bg-gray-50 text-gray-700 ring-gray-200",
  warn: "bg-red-50 text-red-800 ring-red-200",
};

export function ContractBadge({ status, mine, kind }: { status: ContractStatus; mine: ContractSignerStatus; kind: "contract" | "proposal" }) {
  const s = contractStateText(status, mine, kind);
  return <span className={`inline-flex shrink-0 items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[s.tone]}`}>{s.text}</span>;
}
