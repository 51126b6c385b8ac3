import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { portalButtonClass, PortalShell } from "@/components/portal/portal-shell";
import { getDb } from "@/lib/db";
import { visibleSharedFile } from "@/lib/db/queries/shared-file-access";
import { formatBytes } from "@/lib/files/upload-types";
import { portalViewer } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

// The file's page: its note, size and date, an image shown in place, a PDF opened in the browser's viewer (our pages
// may not be framed, so a PDF preview opens in a tab of its own), and a download. Each open is recorded by the route.
export default async function PortalFile({ params }: { params: Promise<{ workspace: string; id: string }> }) {
  const p = await params;
  const ws = await portalWorkspace(p.workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const file = await visibleSharedFile(getDb(), { workspaceId: ws.id, contactId: viewer.contactId, fileId: p.id });
  if (!file) notFound();
  const src = `/api/portal/documents/${file.id}`;
  const isImage = file.contentType.startsWith("image/") && file.contentType !== "image/heic" && file.contentType !== "image/heif";
  const isPdf = file.contentType === "application/pdf";
  return (
    <PortalShell ws={ws} signedIn active="documents">
      <div className="w-full max-w-2xl self-start space-y-5">
        <Link href={file.folderId ? `/documents/folders/${file.folderId}` : "/documents"} className="text-sm font-medium text-gray-700 underline">
          ← Back
        </Link>
        <div className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-gray-200">
          <h1 className="text-lg font-semibold break-all text-gray-900">{file.name}</h1>
          <p className="mt-1 text-sm text-gray-600">
            {formatBytes(file.size)} · {file.uploadedByContactId ? "uploaded by you" : "shared"} {day.format(file.createdAt)}
          </p>
          {file.note && <p className="mt-3 text-sm whitespace-pre-wrap text-gray-800">{file.note}</p>}
          <div className="mt-4 flex flex-col gap-2 sm:flex-row">
            {isPdf && (
              <a href={`${src}?inline=1`} target="_blank" rel="noopener" className={portalButtonClass + " sm:w-auto"}>
                Preview PDF
              </a>
            )}
            <a href={src} className={`${isPdf ? "inline-flex w-full items-center justify-center rounded-md px-4 py-2.5 text-sm font-semibold text-gray-800 ring-1 ring-gray-300 hover:bg-gray-50 sm:w-auto" : portalButtonClass + " sm:w-auto"}`}>
              Download
            </a>
          </div>
        </div>
        {isImage && (
          // eslint-disable-next-line @next/next/no-img-element -- a private, per-request image
          <img src={`${src}?inline=1`} alt={file.name} className="max-h-[70vh] w-full rounded-lg bg-white object-contain shadow-sm ring-1 ring-gray-200" />
        )}
      </div>
    </PortalShell>
  );
}
