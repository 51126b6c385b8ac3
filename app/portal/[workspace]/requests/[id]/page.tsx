import Link from "next/link";
import { notFound } from "next/navigation";
import { FileDrop } from "@/components/portal/file-drop";
import { IdleWarning } from "@/components/portal/idle-warning";
import { PortalShell, portalError } from "@/components/portal/portal-shell";
import { RequestDocuments } from "@/components/portal/request-documents";
import { RequestForm } from "@/components/portal/request-form";
import { RequestQuestion } from "@/components/portal/request-question";
import { now } from "@/lib/clock";
import { getDb } from "@/lib/db";
import { viewerRequestPage } from "@/lib/db/queries/portal-requests";
import { maxUploadBytes } from "@/lib/files/files-env";
import { requireTwoFactorViewer } from "@/lib/portal/two-factor-viewer";
import { dueText, shortDate } from "@/lib/request-answers/due-text";
import { markRequestOpened } from "@/lib/request-answers/mark-request-opened";
import { missingRequiredItems } from "@/lib/request-answers/submit-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ workspace: string; id: string }>;
  searchParams: Promise<{ error?: string; bad?: string; saved?: string; submitted?: string; uploaded?: string }>;
};

export default async function PortalRequestPage({ params, searchParams }: Props) {
  const { workspace, id } = await params;
  const ws = await portalWorkspace(workspace);
  const path = `/requests/${id}`;
  const viewer = await requireTwoFactorViewer(ws.id, path);
  const db = getDb();
  const data = await viewerRequestPage(db, { workspaceId: ws.id, contactId: viewer.contactId, requestId: id });
  // Another opportunity's request, a draft, or no such id: the same 404.
  if (!data) notFound();
  // A GET with one side effect, on purpose: stamping "opened" (once) is what the admin's progress shows, it needs
  // this client's own two-factor session, and it changes nothing the client sees.
  if (!data.response?.openedAt) await markRequestOpened(db, { workspaceId: ws.id, contactId: viewer.contactId, requestId: data.request.id });

  const sp = await searchParams;
  const business = ws.name;
  const submittedAt = data.response?.submittedAt ?? null;
  const open = data.request.status === "open";
  const editable = open && !submittedAt;
  const due = submittedAt ? null : dueText(data.request.dueAt, now());
  const bad = new Set((sp.bad ?? "").split(",").filter(Boolean));
  const missing = editable && sp.error === "REQUEST_INCOMPLETE" ? await missingRequiredItems(db, { workspaceId: ws.id, contactId: viewer.contactId, requestId: data.request.id }) : [];
  const error = sp.error ? portalError(sp.error) : null;
  const rejectedItems = new Set(
    data.items
      .filter((i) => i.kind === "document")
      .filter((i) => {
        const docs = data.documents.filter((d) => d.itemId === i.id);
        return docs.some((d) => d.reviewStatus === "rejected") && !docs.some((d) => d.reviewStatus !== "rejected");
      })
      .map((i) => i.id),
  );

  return (
    <PortalShell ws={ws} signedIn>
      <IdleWarning idleExpiresAt={viewer.idleExpiresAt.toISOString()} next={path} />
      <div className="w-full max-w-2xl">
        <Link href="/" className="text-sm font-medium text-gray-600 hover:text-gray-900">
          ← Your requests
        </Link>
        <div className="mt-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-8">
          <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
            <h1 className="text-xl font-semibold break-words text-gray-900">{data.request.title}</h1>
            {due && (
              <p className={`shrink-0 text-sm ${due.overdue ? "font-medium text-red-700" : "text-gray-600"}`}>
                {due.text}
                {data.request.dueAt ? ` · ${shortDate(data.request.dueAt)}` : ""}
              </p>
            )}
          </div>
          {data.request.message && <p className="mt-3 text-sm whitespace-pre-wrap text-gray-700">{data.request.message}</p>}

          <div className="mt-4 space-y-3 text-sm" id="answers">
            {submittedAt && (
              <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-green-800">
                {sp.submitted ? "Thank you. " : ""}Submitted on {shortDate(submittedAt)}; {business} will review it. You can no longer change your answers.
              </p>
            )}
            {!open && !submittedAt && (
              <p role="status" className="rounded-md bg-gray-100 px-3 py-2 text-gray-800">
                {business} closed this request, so it can no longer be answered. Contact them if you still need to send something.
              </p>
            )}
            {editable && rejectedItems.size > 0 && (
              <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
                {rejectedItems.size === 1 ? "A document needs your attention" : `${rejectedItems.size} documents need your attention`}: upload a new file where it says Rejected, then submit again.
              </p>
            )}
            {sp.saved && !error && editable && (
              <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-green-800">
                Saved. You can come back to finish later; submit when everything is done.
              </p>
            )}
            {sp.uploaded && !error && (
              <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-green-800">
                File uploaded.
              </p>
            )}
            {error && (
              <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
                <p>{error}</p>
                {missing.length > 0 && (
                  <ul className="mt-1 list-disc pl-5">
                    {missing.map((m) => (
                      <li key={m.id}>
                        <a className="underline" href={`#item-${m.id}`}>
                          {m.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </div>

          <ol className="mt-6 space-y-8">
            {data.items.map((item) => (
              <li key={item.id}>
                {item.kind === "document" ? (
                  <div id={`item-${item.id}`} className="scroll-mt-6">
                    <p className="text-sm font-medium text-gray-900">
                      {item.label}
                      {item.required ? (
                        <span className="ml-1 text-red-700" aria-label="required">
                          *
                        </span>
                      ) : (
                        <span className="ml-2 text-xs font-normal text-gray-500">optional</span>
                      )}
                    </p>
                    {item.helpText && <p className="mt-1 text-sm text-gray-600">{item.helpText}</p>}
                    <RequestDocuments docs={data.documents.filter((d) => d.itemId === item.id)} canRemove={editable} returnTo={`${path}#item-${item.id}`} />
                    {!editable && !data.documents.some((d) => d.itemId === item.id) && <p className="mt-1 text-sm text-gray-500">No file uploaded</p>}
                    {editable && (
                      <div className="mt-3">
                        <FileDrop requestId={data.request.id} itemId={item.id} returnTo={`${path}#item-${item.id}`} maxBytes={maxUploadBytes()} />
                      </div>
                    )}
                    {missing.some((m) => m.id === item.id) && <p className="mt-1 text-sm text-red-700">Upload at least one file here.</p>}
                  </div>
                ) : (
                  <RequestQuestion
                    item={item}
                    value={data.answers[item.id]}
                    readOnly={!editable}
                    error={bad.has(item.id) ? "This answer could not be saved as typed. Check it and save again." : missing.some((m) => m.id === item.id) ? "Answer this question." : null}
                  />
                )}
              </li>
            ))}
          </ol>

          {editable && (
            <div className="mt-8">
              <RequestForm requestId={data.request.id} serverSavedAt={data.response?.updatedAt?.toISOString() ?? null} canSubmit />
              <p className="mt-3 text-xs text-gray-500">Items marked * are required. After you submit, {business} reviews your answers and you can no longer change them.</p>
            </div>
          )}
        </div>
      </div>
    </PortalShell>
  );
}
