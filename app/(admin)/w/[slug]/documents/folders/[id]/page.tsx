import Link from "next/link";
import { notFound } from "next/navigation";
import { FilesTable } from "@/components/admin/documents/files-table";
import { FolderSettings } from "@/components/admin/documents/folder-forms";
import { SharePanel } from "@/components/admin/documents/share-panel";
import { UploadForm } from "@/components/admin/documents/upload-form";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { OlderPager } from "@/components/ui/older-pager";
import { requirePage } from "@/lib/auth/page-guard";
import { now } from "@/lib/clock";
import { decodeFileCursor, getFolder, listAudiences, listTeamFiles, listUserTypeChoices } from "@/lib/db/queries/hub-documents";
import { messageForCode } from "@/lib/errors";
import { maxUploadBytes } from "@/lib/files/files-env";
import { deleteFolderFormAction, shareDocumentsFormAction, unshareDocumentsFormAction, updateFolderFormAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Folder · Documents" };

type Search = { cursor?: string; uploaded?: string; error?: string; notice?: string };
const one = (v: unknown) => (typeof v === "string" ? v.slice(0, 300) : undefined);

export default async function FolderPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Search> }) {
  const { slug, id } = await params;
  const ctx = await requirePage(slug, "admin");
  const folder = await getFolder(ctx.db, { workspaceId: ctx.workspace.id, folderId: id });
  if (!folder) notFound();
  const sp = await searchParams;
  const cursor = decodeFileCursor(one(sp.cursor));
  const base = `/w/${ctx.workspace.slug}/documents`;
  const here = `${base}/folders/${folder.id}`;
  const [files, audiences, types] = await Promise.all([
    listTeamFiles(ctx.db, { workspaceId: ctx.workspace.id, folderId: folder.id, before: cursor, limit: 50 }),
    listAudiences(ctx.db, { workspaceId: ctx.workspace.id, folderId: folder.id }),
    listUserTypeChoices(ctx.db, { workspaceId: ctx.workspace.id }),
  ]);
  const uploaded = Number(one(sp.uploaded) ?? 0);
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={base} className="text-brand-700 hover:underline">← Documents</Link>
      </nav>
      <PageHeader title={folder.name} description={folder.clientUploads ? "Clients who see this folder may upload files into it." : "Clients see the files you put here; they can't upload."} />
      <div className="space-y-6">
        {uploaded > 0 && <Alert tone="success">Uploaded {uploaded === 1 ? "1 file" : `${uploaded} files`}.</Alert>}
        {one(sp.error) && <Alert tone="error">{messageForCode(one(sp.error)!)}</Alert>}
        {one(sp.notice) === "file-deleted" && <Alert tone="success">File deleted.</Alert>}
        <Card title={cursor ? "Older files" : "Files"}>
          {files.rows.length === 0 ? <p className="text-sm text-gray-600">{cursor ? "No older files." : "This folder is empty."}</p> : <FilesTable rows={files.rows} basePath={base} at={now().getTime()} />}
          <OlderPager label="File pages" newestHref={cursor ? here : null} olderHref={files.next ? `${here}?cursor=${files.next}` : null} olderLabel="Older files →" />
        </Card>
        <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
          <Card title="Share this folder" description="Everyone here sees every file your team puts in the folder, now and later.">
            <SharePanel slug={ctx.workspace.slug} target={{ folderId: folder.id }} audiences={audiences} userTypes={types} share={shareDocumentsFormAction} unshare={unshareDocumentsFormAction} />
          </Card>
          <div className="space-y-6">
            <Card title="Upload into this folder">
              <UploadForm slug={ctx.workspace.slug} folderId={folder.id} maxBytes={maxUploadBytes()} returnTo={here} />
            </Card>
            <Card title="Folder settings">
              <FolderSettings slug={ctx.workspace.slug} folder={{ ...folder, files: files.rows.length }} update={updateFolderFormAction} remove={deleteFolderFormAction} />
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}
