import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ClientFileList } from "@/components/portal/documents/file-list";
import { UploadBox } from "@/components/portal/documents/upload-box";
import { portalError, PortalShell } from "@/components/portal/portal-shell";
import { getDb } from "@/lib/db";
import { decodeFileCursor, getClientFolder, listClientFiles } from "@/lib/db/queries/hub-documents";
import { maxUploadBytes } from "@/lib/files/files-env";
import { portalViewer } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<{ older?: string; uploaded?: string; error?: string }> };

export default async function PortalFolder({ params, searchParams }: Props) {
  const p = await params;
  const ws = await portalWorkspace(p.workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const db = getDb();
  const who = { workspaceId: ws.id, contactId: viewer.contactId };
  const folder = await getClientFolder(db, { ...who, folderId: p.id });
  if (!folder) notFound();
  const sp = await searchParams;
  const cursor = decodeFileCursor(typeof sp.older === "string" ? sp.older : null);
  const files = await listClientFiles(db, { ...who, folderId: folder.id, before: cursor, limit: 50 });
  const error = portalError(typeof sp.error === "string" ? sp.error.slice(0, 60) : undefined);
  return (
    <PortalShell ws={ws} signedIn active="documents">
      <div className="w-full max-w-2xl self-start space-y-6">
        <div>
          <Link href="/documents" className="text-sm font-medium text-gray-700 underline">← Documents</Link>
          <h1 className="mt-2 text-xl font-semibold break-words text-gray-900">{folder.name}</h1>
        </div>
        {sp.uploaded && <p role="status" className="rounded-md bg-green-50 px-4 py-3 text-sm text-green-900 ring-1 ring-green-200">Uploaded. {ws.name} can see it now.</p>}
        {error && <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200">{error}</p>}
        {folder.clientUploads && <UploadBox folderId={folder.id} maxBytes={maxUploadBytes()} />}
        {files.rows.length === 0 ? <p className="text-sm text-gray-600">{cursor ? "No older files." : "This folder is empty."}</p> : <ClientFileList files={files.rows} />}
        {(cursor || files.next) && (
          <nav aria-label="More files" className="flex justify-between text-sm">
            {cursor ? <Link href={`/documents/folders/${folder.id}`} className="font-medium text-gray-700 underline">Back to newest</Link> : <span />}
            {files.next && <Link href={`/documents/folders/${folder.id}?older=${files.next}`} className="font-medium text-gray-700 underline">Older files</Link>}
          </nav>
        )}
      </div>
    </PortalShell>
  );
}
