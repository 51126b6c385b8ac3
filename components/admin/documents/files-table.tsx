import Link from "next/link";
import type { TeamFileRow } from "@/lib/db/queries/hub-documents";
import { formatBytes } from "@/lib/files/upload-types";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
/** A client's upload from the last week is marked new (a simple stand-in for "since you last looked"). */
const NEW_FOR_MS = 7 * 24 * 3600_000;

function Uploader({ f }: { f: TeamFileRow }) {
  return f.uploadedBy.kind === "client" ? (
    <span>
      Uploaded by client <span className="font-medium text-gray-900">{f.uploadedBy.name}</span>
    </span>
  ) : (
    <span>By {f.uploadedBy.name}</span>
  );
}

function Sharing({ f }: { f: TeamFileRow }) {
  if (f.uploadedBy.kind === "client") return <span>Only this client and your team</span>;
  if (f.audiences > 0) return <span>{`Shared with ${f.audiences} ${f.audiences === 1 ? "client or type" : "clients or types"}`}{f.folderId ? " (and its folder's)" : ""}</span>;
  return <span>{f.folderId ? "Through its folder only" : "Not shared yet"}</span>;
}

function NewBadge({ f, at }: { f: TeamFileRow; at: number }) {
  if (f.uploadedBy.kind !== "client" || at - f.createdAt.getTime() > NEW_FOR_MS) return null;
  return <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">New</span>;
}

/** The files of a folder (or the top level): a table on wide screens, cards on a phone. */
export function FilesTable({ rows, basePath, at }: { rows: TeamFileRow[]; basePath: string; at: number }) {
  return (
    <>
      <ul className="-mx-5 divide-y divide-gray-100 sm:hidden" aria-label="Files, newest first">
        {rows.map((f) => (
          <li key={f.id} className="px-5 py-3">
            <Link href={`${basePath}/${f.id}`} className="block space-y-1">
              <p className="text-sm font-medium break-all text-gray-900">
                {f.name}
                <NewBadge f={f} at={at} />
              </p>
              <p className="text-xs text-gray-600">
                {formatBytes(f.size)} · <time dateTime={f.createdAt.toISOString()}>{when.format(f.createdAt)} UTC</time>
              </p>
              <p className="text-xs text-gray-600">
                <Uploader f={f} /> · <Sharing f={f} /> · {f.views} {f.views === 1 ? "view" : "views"}
              </p>
            </Link>
          </li>
        ))}
      </ul>
      <div className="-mx-5 hidden sm:block">
        <table className="w-full table-fixed text-left text-sm">
          <caption className="sr-only">Files, newest first. Times are in UTC.</caption>
          <thead className="border-b border-gray-100 text-xs font-medium tracking-wide text-gray-500 uppercase">
            <tr>
              <th scope="col" className="px-5 py-2">Name</th>
              <th scope="col" className="w-48 px-3 py-2">Uploaded</th>
              <th scope="col" className="w-56 px-3 py-2">Sharing</th>
              <th scope="col" className="w-28 px-5 py-2 text-right">Opened</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.map((f) => (
              <tr key={f.id} className="align-top hover:bg-gray-50">
                <td className="px-5 py-2.5">
                  <Link href={`${basePath}/${f.id}`} className="font-medium break-all text-brand-700 hover:underline">
                    {f.name}
                  </Link>
                  <NewBadge f={f} at={at} />
                  <span className="block text-xs text-gray-500">{formatBytes(f.size)}</span>
                  {f.note && <span className="block truncate text-xs text-gray-600" title={f.note}>{f.note}</span>}
                </td>
                <td className="px-3 py-2.5 text-gray-700">
                  <time dateTime={f.createdAt.toISOString()}>{when.format(f.createdAt)}</time>
                  <span className="block text-xs text-gray-500">
                    <Uploader f={f} />
                  </span>
                </td>
                <td className="px-3 py-2.5 text-gray-700">
                  <Sharing f={f} />
                </td>
                <td className="px-5 py-2.5 text-right text-gray-700 tabular-nums">{f.views}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
