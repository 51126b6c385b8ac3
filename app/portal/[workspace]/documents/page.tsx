import Link from "next/link";
import { redirect } from "next/navigation";
import { ClientFileList, FolderList } from "@/components/portal/documents/file-list";
import { PortalShell } from "@/components/portal/portal-shell";
import { getDb } from "@/lib/db";
import { decodeFileCursor, listClientFiles, listClientFolders } from "@/lib/db/queries/hub-documents";
import { portalViewer } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ older?: string }> };

export default async function PortalDocuments({ params, searchParams }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const older = (await searchParams).older;
  const cursor = decodeFileCursor(typeof older === "string" ? older : null);
  const db = getDb();
  const who = { workspaceId: ws.id, contactId: viewer.contactId };
  const [folders, files] = await Promise.all([cursor ? [] : listClientFolders(db, who), listClientFiles(db, { ...who, folderId: null, before: cursor, limit: 50 })]);
  const empty = folders.length === 0 && files.rows.length === 0;
  return (
    <PortalShell ws={ws} signedIn active="documents">
      <div className="w-full max-w-2xl self-start space-y-6">
        <div>
          <h1 className="text-xl font-semibold text-gray-900">Documents</h1>
          <p className="mt-1 text-sm text-gray-600">Files {ws.name} shared with you. Open one to preview or download it.</p>
        </div>
        {empty && !cursor && <p className="rounded-lg bg-white p-4 text-sm text-gray-700 shadow-sm ring-1 ring-gray-200">Nothing has been shared with you yet. We&apos;ll let you know when {ws.name} shares a file.</p>}
        {folders.length > 0 && <FolderList folders={folders} />}
        {files.rows.length > 0 && <ClientFileList files={files.rows} />}
        {(cursor || files.next) && (
          <nav aria-label="More files" className="flex justify-between text-sm">
            {cursor ? <Link href="/documents" className="font-medium text-gray-700 underline">Back to newest</Link> : <span />}
            {files.next && <Link href={`/documents?older=${files.next}`} className="font-medium text-gray-700 underline">Older files</Link>}
          </nav>
        )}
      </div>
    </PortalShell>
  );
}
