import type { ContractStatus } from "@/lib/db/schema";
import { statusLabels, statusTones } from "./labels";

export function ContractStatusBadge({ status }: { status: ContractStatus }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${statusTones[status]}`}>{statusLabels[status]}</span>;
}
