import type { ActivityDay } from "@/lib/db/queries/portal-users";

const INVITED = "#94a3b8";
const JOINED = "#4f46e5";

/** Invitations and first sign-ins per day as paired bars, with a table for screen readers. */
export function ActivityChart({ days }: { days: ActivityDay[] }) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.invited, d.joined)));
  const W = 600;
  const H = 120;
  const slot = W / days.length;
  const bar = Math.max(2, slot / 2 - 2);
  const y = (n: number) => H - (n / max) * (H - 4);
  const fmt = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  const totals = days.reduce((a, d) => ({ invited: a.invited + d.invited, joined: a.joined + d.joined }), { invited: 0, joined: 0 });
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H + 18}`} className="h-36 w-full" role="img" aria-labelledby="activity-title">
        <title id="activity-title">{`Last 30 days: ${totals.invited} invited, ${totals.joined} joined`}</title>
        <line x1={0} x2={W} y1={H} y2={H} stroke="#e5e7eb" />
        {days.map((d, i) => (
          <g key={d.day}>
            <rect x={i * slot + 1} y={y(d.invited)} width={bar} height={H - y(d.invited)} fill={INVITED} rx={1}>
              <title>{`${fmt(d.day)}: ${d.invited} invited`}</title>
            </rect>
            <rect x={i * slot + 1 + bar + 1} y={y(d.joined)} width={bar} height={H - y(d.joined)} fill={JOINED} rx={1}>
              <title>{`${fmt(d.day)}: ${d.joined} joined`}</title>
            </rect>
          </g>
        ))}
        <text x={0} y={H + 14} fontSize={11} fill="#6b7280">
          {fmt(days[0].day)}
        </text>
        <text x={W} y={H + 14} fontSize={11} fill="#6b7280" textAnchor="end">
          Today
        </text>
      </svg>
      <figcaption className="mt-2 flex gap-4 text-xs text-gray-700">
        <span className="inline-flex items-center gap-1.5">
          <span className="h-2.5 w-2.5 rounded-sm" style={{ background: INVITED }} aria-hidden /> Invited ({totals.invited})
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="h-2.5 w-2.5 rounded-sm" style={{ background: JOINED }} aria-hidden /> Joined ({totals.joined})
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>Invitations and first sign-ins per day</caption>
        <thead>
          <tr>
            <th>Day</th>
            <th>Invited</th>
            <th>Joined</th>
          </tr>
        </thead>
        <tbody>
          {days
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
    </figure>
  );
}
