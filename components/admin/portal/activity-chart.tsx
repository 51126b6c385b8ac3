import type { PortalActivity } from "@/lib/db/queries/portal-users";

const INVITED = "#94a3b8";
const JOINED = "#4f46e5";

/**
 * Where today's Invited and Joined users came in: each Invited user on the day they were invited, each Joined user on
 * the day they first signed in, users from before the window in one "Earlier" column; so the legend's totals are the
 * page's counts. A table carries the same numbers for screen readers.
 */
export function ActivityChart({ activity }: { activity: PortalActivity }) {
  const { days, earlier } = activity;
  const hasEarlier = earlier.invited + earlier.joined > 0;
  const cols = [...(hasEarlier ? [{ day: "earlier", ...earlier }] : []), ...days];
  const max = Math.max(1, ...cols.map((d) => Math.max(d.invited, d.joined)));
  const W = 600;
  const H = 120;
  const slot = W / (cols.length + (hasEarlier ? 1 : 0)); // a blank slot after "Earlier" sets it apart
  const bar = Math.max(2, slot / 2 - 2);
  const y = (n: number) => H - (n / max) * (H - 4);
  const fmt = (d: string) => (d === "earlier" ? "Earlier" : new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }));
  const x = (i: number) => (hasEarlier && i > 0 ? i + 1 : i) * slot;
  const totals = cols.reduce((a, d) => ({ invited: a.invited + d.invited, joined: a.joined + d.joined }), { invited: 0, joined: 0 });
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H + 18}`} className="h-36 w-full" role="img" aria-labelledby="activity-title">
        <title id="activity-title">{`${totals.invited} invited, ${totals.joined} joined, by the day they were invited or first signed in`}</title>
        <line x1={0} x2={W} y1={H} y2={H} stroke="#e5e7eb" />
        {cols.map((d, i) => (
          <g key={d.day}>
            <rect x={x(i) + 1} y={y(d.invited)} width={bar} height={H - y(d.invited)} fill={INVITED} rx={1}>
              <title>{`${fmt(d.day)}: ${d.invited} invited, not joined yet`}</title>
            </rect>
            <rect x={x(i) + 1 + bar + 1} y={y(d.joined)} width={bar} height={H - y(d.joined)} fill={JOINED} rx={1}>
              <title>{`${fmt(d.day)}: ${d.joined} joined`}</title>
            </rect>
          </g>
        ))}
        <text x={0} y={H + 14} fontSize={11} fill="#6b7280">
          {hasEarlier ? "Earlier" : fmt(days[0].day)}
        </text>
        <text x={W} y={H + 14} fontSize={11} fill="#6b7280" textAnchor="end">
          Today
        </text>
      </svg>
      <figcaption className="mt-2 space-y-1 text-xs text-gray-700">
        <span className="flex flex-wrap gap-4">
          <span className="inline-flex items-center gap-1.5">
            <span className="h-2.5 w-2.5 rounded-sm" style={{ background: INVITED }} aria-hidden /> Invited{" "}
            <span data-testid="chart-invited">({totals.invited.toLocaleString("en-US")})</span>
          </span>
          <span className="inline-flex items-center gap-1.5">
            <span className="h-2.5 w-2.5 rounded-sm" style={{ background: JOINED }} aria-hidden /> Joined{" "}
            <span data-testid="chart-joined">({totals.joined.toLocaleString("en-US")})</span>
          </span>
        </span>
        <span className="block text-gray-600">
          Today&apos;s clients, each once: Invited on the day of their invitation, Joined on the day they first signed in. Revoked clients are not shown.
        </span>
      </figcaption>
      {/* In a clipped box: a table cannot be narrower than its cells, and a wide sr-only table widens the page. */}
      <div className="sr-only">
        <table>
          <caption>Invited and joined clients by the day they were invited or first signed in</caption>
          <thead>
            <tr>
              <th>Day</th>
              <th>Invited</th>
              <th>Joined</th>
            </tr>
          </thead>
          <tbody>
            {cols
              .filter((d) => d.invited || d.joined)
              .map((d) => (
                <tr key={d.day}>
                  <td>{fmt(d.day)}</td>
                  <td>{d.invited}</td>
                  <td>{d.joined}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
