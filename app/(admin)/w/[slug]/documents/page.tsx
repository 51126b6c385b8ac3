import Link from "next/link";
import { FilesTable } from "@/components/admin/documents/files-table";
import { NewFolderForm } from "@/components/admin/documents/folder-forms";
import { UploadForm } from "@/components/admin/documents/upload-form";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { OlderPager } from "@/components/ui/older-pager";
import { requirePage } from "@/lib/auth/page-guard";
import { now } from "@/lib/clock";
import { decodeFileCursor, listFolders, listTeamFiles } from "@/lib/db/queries/hub-documents";
import { messageForCode } from "@/lib/errors";
import { maxUploadBytes } from "@/lib/files/files-env";
import { createFolderFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Documents" };

type Search = { cursor?: string; uploaded?: string; error?: string; notice?: string };
const one = (v: unknown) => (typeof v === "string" ? v.slice(0, 300) : undefined);

export default async function DocumentsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, "admin");
  const sp = await searchParams;
  const cursor = decodeFileCursor(one(sp.cursor));
  const base = `/w/${ctx.workspace.slug}/documents`;
  const [folders, files] = await Promise.all([
    listFolders(ctx.db, { workspaceId: ctx.workspace.id }),
    listTeamFiles(ctx.db, { workspaceId: ctx.workspace.id, folderId: null, before: cursor, limit: 50 }),
  ]);
  const uploaded = Number(one(sp.uploaded) ?? 0);
  return (
    <>
      <PageHeader title="Documents" description="Share files with one client, several, or every client of a user type. Clients preview and download them in the portal; you see who opened what." />
      <div className="space-y-6">
        {uploaded > 0 && <Alert tone="success">Uploaded {uploaded === 1 ? "1 file" : `${uploaded} files`}. Open a file to share it.</Alert>}
        {one(sp.error) && <Alert tone="error">{messageForCode(one(sp.error)!)}</Alert>}
        {one(sp.notice) === "folder-deleted" && <Alert tone="success">Folder deleted.</Alert>}
        {one(sp.notice) === "file-deleted" && <Alert tone="success">File deleted.</Alert>}
        <Card title="Folders">
          {folders.length === 0 ? (
            <p className="text-sm text-gray-600">No folders yet.</p>
          ) : (
            <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {folders.map((f) => (
                <li key={f.id}>
                  <Link href={`${base}/folders/${f.id}`} className="block rounded-md p-3 ring-1 ring-gray-200 hover:bg-gray-50 hover:ring-gray-300">
                    <span className="block font-medium break-words text-gray-900">{f.name}</span>
                    <span className="block text-xs text-gray-600">
                      {f.files} {f.files === 1 ? "file" : "files"} · {f.audiences === 0 ? "not shared" : `shared with ${f.audiences}`}
                      {f.clientUploads ? " · clients may upload" : ""}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={cursor ? "Older files (top level)" : "Files at the top level"}>
          {files.rows.length === 0 ? <p className="text-sm text-gray-600">{cursor ? "No older files." : "No files outside folders yet."}</p> : <FilesTable rows={files.rows} basePath={base} at={now().getTime()} />}
          <OlderPager label="File pages" newestHref={cursor ? base : null} olderHref={files.next ? `${base}?cursor=${files.next}` : null} olderLabel="Older files →" />
        </Card>
        <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
          <Card title="Upload files">
            <UploadForm slug={ctx.workspace.slug} folders={folders.map((f) => ({ id: f.id, name: f.name }))} maxBytes={maxUploadBytes()} returnTo={base} />
          </Card>
          <Card title="New folder" description="Share a folder once; every file you put in it reaches the same clients.">
            <NewFolderForm slug={ctx.workspace.slug} action={createFolderFormAction} />
          </Card>
        </div>
      </div>
    </>
  );
}
