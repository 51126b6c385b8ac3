import Link from "next/link";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { listContactDocuments } from "@/lib/db/queries/hub-documents";
import { formatBytes } from "@/lib/files/upload-types";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/**
 * The "Shared documents" box of a contact page: the newest files this client can see or uploaded, and when they
 * last opened each. The page renders `<ContactDocuments slug workspaceId contactId />` after its own role check.
 */
export async function ContactDocuments({ slug, workspaceId, contactId, limit = 10 }: { slug: string; workspaceId: string; contactId: string; limit?: number }) {
  const { rows, total } = await listContactDocuments(getDb(), { workspaceId, contactId, limit });
  const base = `/w/${slug}/documents`;
  return (
    <Card title="Shared documents" description={total === 0 ? undefined : `${total} ${total === 1 ? "file" : "files"} this client can see`} actions={<Link href={base} className="text-sm font-medium text-brand-700 hover:underline">Documents</Link>}>
      {rows.length === 0 ? (
        <p className="text-sm text-gray-600">Nothing is shared with this client yet. Share files from Documents.</p>
      ) : (
        <ul className="-mx-5 divide-y divide-gray-100">
          {rows.map((f) => (
            <li key={f.id} className="flex flex-col gap-0.5 px-5 py-2.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
              <Link href={`${base}/${f.id}`} className="min-w-0 text-sm font-medium break-all text-brand-700 hover:underline">
                {f.name}
              </Link>
              <span className="shrink-0 text-xs text-gray-600">
                {f.uploadedByClient ? "Their upload · " : ""}
                {formatBytes(f.size)} · {f.lastOpened ? `Opened ${when.format(f.lastOpened)}` : "Not opened yet"}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
