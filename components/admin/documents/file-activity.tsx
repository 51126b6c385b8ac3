import type { FileEventRow } from "@/lib/db/queries/hub-documents";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Who previewed or downloaded a file, when and from where, newest first. */
export function FileActivity({ rows }: { rows: FileEventRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-gray-600">No client has opened this file yet.</p>;
  return (
    <ul className="divide-y divide-gray-100" aria-label="Views and downloads, newest first">
      {rows.map((e) => (
        <li key={e.id} className="py-2.5 text-sm">
          <p className="text-gray-900">
            <span className="font-medium break-words">{e.who}</span> {e.kind === "view" ? "previewed it" : "downloaded it"}
          </p>
          <p className="text-xs text-gray-600">
            <time dateTime={e.at.toISOString()}>{when.format(e.at)} UTC</time>
            {e.ip ? ` · IP ${e.ip}` : ""}
          </p>
          {e.userAgent && (
            <p className="line-clamp-2 text-xs break-all text-gray-500" title={e.userAgent}>
              {e.userAgent}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
