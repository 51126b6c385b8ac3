import { roleLabels } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema";

const tones: Record<Role, string> = {
  owner: "bg-brand-50 text-brand-700 ring-brand-100",
  admin: "bg-gray-100 text-gray-800 ring-gray-200",
  marketing: "bg-amber-50 text-amber-800 ring-amber-200",
};

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[role]}`}>{roleLabels[role]}</span>;
}
