import Link from "next/link";
import type { ClientFileRow, ClientFolderRow } from "@/lib/db/queries/hub-documents";
import { formatBytes } from "@/lib/files/upload-types";

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function kindLabel(type: string) {
  if (type === "application/pdf") return "PDF";
  if (type.startsWith("image/")) return "Image";
  if (type.includes("word")) return "Word";
  if (type.includes("sheet")) return "Excel";
  return "File";
}

export function FolderList({ folders }: { folders: ClientFolderRow[] }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2" aria-label="Folders">
      {folders.map((f) => (
        <li key={f.id}>
          <Link href={`/documents/folders/${f.id}`} className="flex items-center gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 hover:ring-gray-400">
            <svg viewBox="0 0 24 24" aria-hidden className="h-7 w-7 shrink-0 fill-none stroke-current text-[var(--portal-color)]" strokeWidth={1.6} strokeLinejoin="round">
              <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h4.4l2 2.2h8.6A1.5 1.5 0 0 1 21 8.7v9.8a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 18.5z" />
            </svg>
            <span className="min-w-0">
              <span className="block font-medium break-words text-gray-900">{f.name}</span>
              <span className="block text-xs text-gray-600">
                {f.files} {f.files === 1 ? "file" : "files"}
                {f.clientUploads ? " · you can upload here" : ""}
              </span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ClientFileList({ files }: { files: ClientFileRow[] }) {
  return (
    <ul className="divide-y divide-gray-100 overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-gray-200" aria-label="Files, newest first">
      {files.map((f) => (
        <li key={f.id}>
          <Link href={`/documents/${f.id}`} className="block px-4 py-3 hover:bg-gray-50">
            <span className="block font-medium break-all text-gray-900">{f.name}</span>
            <span className="block text-xs text-gray-600">
              {kindLabel(f.contentType)} · {formatBytes(f.size)} · {f.mine ? "uploaded by you" : "shared"} {day.format(f.createdAt)}
            </span>
            {f.note && <span className="mt-1 block text-sm break-words text-gray-700">{f.note}</span>}
          </Link>
        </li>
      ))}
    </ul>
  );
}
