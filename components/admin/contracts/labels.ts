import type { ContractFieldKind, ContractKind, ContractSignerStatus, ContractStatus } from "@/lib/db/schema";

// Words and colours for stored values; the list, the editor and the detail page read them from here.

export const statusLabels: Record<ContractStatus, string> = { draft: "Draft", sent: "Out for signature", completed: "Completed", declined: "Declined", voided: "Voided" };
export const statusTones: Record<ContractStatus, string> = {
  draft: "bg-gray-100 text-gray-800 ring-gray-300",
  sent: "bg-blue-50 text-blue-800 ring-blue-200",
  completed: "bg-green-50 text-green-800 ring-green-200",
  declined: "bg-red-50 text-red-800 ring-red-200",
  voided: "bg-amber-50 text-amber-900 ring-amber-200",
};
export const kindLabels: Record<ContractKind, string> = { contract: "Contract", proposal: "Proposal" };
export const signerStatusLabels: Record<ContractSignerStatus, string> = { waiting: "Waiting for their turn", pending: "Asked to sign", signed: "Signed", declined: "Declined" };
export const fieldKindLabels: Record<ContractFieldKind, string> = { signature: "Signature", initials: "Initials", date: "Date signed", text: "Text" };

/** One colour per signer (by position), distinct for up to ten signers and readable on white with dark text. */
export const SIGNER_COLOURS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626", "#4d7c0f", "#c026d3", "#475569"];
export const signerColour = (i: number) => SIGNER_COLOURS[i % SIGNER_COLOURS.length];
