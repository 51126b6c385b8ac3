import { portalButtonClass } from "@/components/portal/portal-classes";
import { UPLOAD_ACCEPT, uploadLimitsText } from "@/lib/files/upload-types";

/** A plain multipart form: works before (and without) JavaScript; the route answers with a 303 back to the folder. */
export function UploadBox({ folderId, maxBytes }: { folderId: string; maxBytes: number }) {
  return (
    <form action={`/api/portal/documents/folders/${folderId}/upload`} method="post" encType="multipart/form-data" className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
      <label htmlFor="doc-upload" className="block text-sm font-medium text-gray-900">
        Upload a file to this folder
      </label>
      <input id="doc-upload" name="file" type="file" required accept={UPLOAD_ACCEPT} className="block w-full text-sm text-gray-700 file:mr-3 file:rounded-md file:border-0 file:bg-gray-100 file:px-3 file:py-2 file:text-sm file:font-medium" />
      <p className="text-xs text-gray-600">{uploadLimitsText(maxBytes)}. Only you and the team see what you upload.</p>
      <button type="submit" className={portalButtonClass + " sm:w-auto"}>
        Upload
      </button>
    </form>
  );
}
