// The files a client uploaded for one document item, newest first: name and size (a download link), the review
// state, and the admin's reason in a red box when a file was rejected. Remove is a plain POST (works without JS).
import type { PortalDocument } from "@/lib/db/queries/portal-requests";
import { fileSize } from "@/lib/request-answers/due-text";

const badge: Record<PortalDocument["reviewStatus"], { text: string; cls: string }> = {
  pending: { text: "Uploaded", cls: "bg-gray-100 text-gray-700" },
  approved: { text: "Approved", cls: "bg-green-50 text-green-800" },
  rejected: { text: "Rejected", cls: "bg-red-50 text-red-800" },
};

export function RequestDocuments({ docs, canRemove, returnTo }: { docs: PortalDocument[]; canRemove: boolean; returnTo: string }) {
  if (docs.length === 0) return null;
  return (
    <ul className="mt-2 divide-y divide-gray-100 rounded-md ring-1 ring-gray-200">
      {docs.map((d) => (
        <li key={d.id} className="px-3 py-2 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="min-w-0">
              <a href={`/api/portal/files/${d.id}`} className="font-medium break-all text-gray-900 underline">
                {d.name}
              </a>
              <span className="ml-2 text-gray-500">{fileSize(d.size)}</span>
            </div>
            <div className="flex items-center gap-2">
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${badge[d.reviewStatus].cls}`}>{badge[d.reviewStatus].text}</span>
              {canRemove && d.reviewStatus !== "approved" && (
                <form action={`/api/portal/files/${d.id}/delete`} method="post">
                  <input type="hidden" name="returnTo" value={returnTo} />
                  <button type="submit" className="rounded px-2 py-1 text-xs font-medium text-gray-700 ring-1 ring-gray-300 hover:bg-gray-50" aria-label={`Remove ${d.name}`}>
                    Remove
                  </button>
                </form>
              )}
            </div>
          </div>
          {d.reviewStatus === "rejected" && (
            <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-red-800 ring-1 ring-red-200">
              Rejected: {(d.reviewReason?.trim() || "the file could not be accepted").replace(/[.!\s]+$/, "")}.{canRemove ? " Upload a new file." : ""}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
