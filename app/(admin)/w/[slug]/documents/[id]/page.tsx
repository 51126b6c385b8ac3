import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteFile } from "@/components/admin/documents/delete-file";
import { FileActivity } from "@/components/admin/documents/file-activity";
import { SharePanel } from "@/components/admin/documents/share-panel";
import { Card, PageHeader } from "@/components/ui/card";
import { OlderPager } from "@/components/ui/older-pager";
import { buttonClass } from "@/components/ui/button";
import { requirePage } from "@/lib/auth/page-guard";
import { decodeFileCursor, getTeamFile, listAudiences, listFileEvents, listUserTypeChoices } from "@/lib/db/queries/hub-documents";
import { inlineViewable } from "@/lib/files/sniff";
import { formatBytes } from "@/lib/files/upload-types";
import { deleteSharedFileFormAction, shareDocumentsFormAction, unshareDocumentsFormAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "File · Documents" };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function FilePage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { slug, id } = await params;
  const ctx = await requirePage(slug, "admin");
  const file = await getTeamFile(ctx.db, { workspaceId: ctx.workspace.id, fileId: id });
  if (!file) notFound();
  const cursor = decodeFileCursor(typeof (await searchParams).cursor === "string" ? (await searchParams).cursor : null);
  const base = `/w/${ctx.workspace.slug}/documents`;
  const byClient = file.uploadedBy.kind === "client";
  const [audiences, types, events] = await Promise.all([
    byClient ? [] : listAudiences(ctx.db, { workspaceId: ctx.workspace.id, fileId: file.id, folderId: file.folderId }),
    listUserTypeChoices(ctx.db, { workspaceId: ctx.workspace.id }),
    listFileEvents(ctx.db, { workspaceId: ctx.workspace.id, fileId: file.id, before: cursor, limit: 50 }),
  ]);
  const download = `/api/w/${ctx.workspace.slug}/documents/${file.id}`;
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={file.folderId ? `${base}/folders/${file.folderId}` : base} className="text-brand-700 hover:underline">
          ← {file.folderName ?? "Documents"}
        </Link>
      </nav>
      <PageHeader
        title={file.name}
        description={`${formatBytes(file.size)} · uploaded ${when.format(file.createdAt)} UTC ${byClient ? `by client ${file.uploadedBy.name}` : `by ${file.uploadedBy.name}`}`}
        actions={
          <>
            {inlineViewable(file.contentType) && (
              <a href={`${download}?inline=1`} target="_blank" rel="noopener" className={buttonClass("secondary")}>
                Preview
              </a>
            )}
            <a href={download} className={buttonClass("primary")}>
              Download
            </a>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <div className="space-y-6">
          {file.note && (
            <Card title="Note for clients">
              <p className="text-sm whitespace-pre-wrap text-gray-800">{file.note}</p>
            </Card>
          )}
          <Card title="Sharing">
            {byClient ? (
              <p className="text-sm text-gray-700">
                {file.uploadedBy.name} uploaded this file, so only they and your team see it. To share it with others, download it and upload it again.
              </p>
            ) : (
              <SharePanel slug={ctx.workspace.slug} target={{ fileId: file.id }} audiences={audiences} userTypes={types} share={shareDocumentsFormAction} unshare={unshareDocumentsFormAction} />
            )}
          </Card>
          <Card title="Delete">
            <DeleteFile slug={ctx.workspace.slug} file={file} action={deleteSharedFileFormAction} />
          </Card>
        </div>
        <Card title="Activity" description="Each time a client previewed or downloaded this file.">
          <FileActivity rows={events.rows} />
          <OlderPager label="Activity pages" newestHref={cursor ? `${base}/${file.id}` : null} olderHref={events.next ? `${base}/${file.id}?cursor=${events.next}` : null} olderLabel="Older activity →" />
        </Card>
      </div>
    </>
  );
}
