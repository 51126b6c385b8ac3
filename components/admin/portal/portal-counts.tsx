import type { PortalUserStatus } from "@/lib/db/queries/portal-users";

/** What each number means, said once and used for the card, the tabs, the chart and the dashboard alike. */
export const portalCountHelp: Record<PortalUserStatus, string> = {
  invited: "has access, not signed in yet",
  joined: "has signed in at least once",
  revoked: "access ended",
};

/** The three portal-user numbers, each with its definition under it. */
export function PortalCounts({ counts }: { counts: Record<PortalUserStatus, number> }) {
  const cells: { id: PortalUserStatus; label: string; tone: string }[] = [
    { id: "invited", label: "Invited", tone: "text-gray-900" },
    { id: "joined", label: "Joined", tone: "text-brand-700" },
    { id: "revoked", label: "Revoked", tone: "text-gray-500" },
  ];
  return (
    <dl className="grid grid-cols-3 gap-3 text-center">
      {cells.map((c) => (
        <div key={c.id} className="flex flex-col">
          <dt className="text-xs font-medium text-gray-700">{c.label}</dt>
          <dd className={`text-2xl font-semibold tabular-nums ${c.tone}`} data-testid={`count-${c.id}`}>
            {counts[c.id].toLocaleString("en-US")}
          </dd>
          <dd className="mt-0.5 text-xs text-gray-500">{portalCountHelp[c.id]}</dd>
        </div>
      ))}
    </dl>
  );
}
