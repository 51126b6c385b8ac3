"use client";
// The upload box of one document item. Without JavaScript it is a plain multipart form (one file per upload, a 303
// back to `returnTo` with ?uploaded=1 or ?error=CODE&item=<itemId>, shown here). Once hydrated: drag and drop or
// pick several files, each uploaded in turn with its own progress bar, a quick size/type check in the browser for
// a fast message (the server still decides from the bytes), then router.refresh() so the page's list of uploads
// updates.
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { messageForCode } from "@/lib/errors";
import { formatBytes, precheckUpload, UPLOAD_ACCEPT, uploadLimitsText } from "@/lib/files/upload-types";

export type FileDropProps = {
  requestId: string;
  itemId: string;
  /** Where the no-JS form returns to, e.g. /requests/<id>#item-<itemId>. */
  returnTo: string;
  maxBytes: number;
  disabled?: boolean;
};

type Upload = { key: number; name: string; size: number; progress: number; state: "waiting" | "uploading" | "done" | "failed"; error?: string };

type Answer = { id?: string; error?: { code: string; message: string; verify?: string } };

export function FileDrop(props: FileDropProps) {
  const { requestId, itemId, returnTo, maxBytes, disabled } = props;
  const action = `/api/portal/requests/${encodeURIComponent(requestId)}/items/${encodeURIComponent(itemId)}/files`;
  const router = useRouter();
  const params = useSearchParams();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [hydrated, setHydrated] = useState(false);
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const seq = useRef(0);
  useEffect(() => setHydrated(true), []);

  // The outcome of a plain-form upload, when it was this item's.
  const mine = params.get("item") === itemId;
  const formError = mine ? params.get("error") : null;
  const formUploaded = mine && params.get("uploaded") === "1";

  const update = (key: number, patch: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  function add(files: FileList | File[]) {
    if (disabled) return;
    for (const file of Array.from(files)) {
      const key = ++seq.current;
      const problem = precheckUpload(file, maxBytes);
      const entry: Upload = { key, name: file.name, size: file.size, progress: 0, state: problem ? "failed" : "waiting" };
      if (problem) entry.error = messageForCode(problem);
      setUploads((all) => [...all, entry]);
      // One at a time: the server counts files per item, and a phone's upload bandwidth is better spent serially.
      if (!problem) queue.current = queue.current.then(() => send(key, file));
    }
  }

  function send(key: number, file: File): Promise<void> {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.responseType = "json";
      update(key, { state: "uploading" });
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) update(key, { progress: Math.min(99, Math.round((e.loaded / e.total) * 100)) });
      };
      xhr.onload = () => {
        const body = (xhr.response ?? {}) as Answer;
        if (xhr.status === 401) {
          // The session ended (idle or signed out): the code step, then back to this request.
          window.location.assign(body.error?.verify ?? `/verify?next=${encodeURIComponent(returnTo)}`);
          return resolve();
        }
        if (xhr.status >= 200 && xhr.status < 300 && body.id) {
          update(key, { state: "done", progress: 100 });
          router.refresh();
          // The page's own list shows the file once refreshed; the row here is only the moment in between.
          setTimeout(() => setUploads((all) => all.filter((u) => u.key !== key)), 4000);
        } else {
          update(key, { state: "failed", error: body.error?.message ?? messageForCode(xhr.status === 413 ? "FILE_TOO_LARGE" : "INTERNAL") });
        }
        resolve();
      };
      xhr.onerror = () => {
        update(key, { state: "failed", error: "The upload was interrupted. Check your connection, then try again." });
        resolve();
      };
      const form = new FormData();
      form.set("returnTo", returnTo);
      form.set("file", file);
      xhr.send(form);
    });
  }

  const limits = uploadLimitsText(maxBytes);
  const hintId = `${inputId}-hint`;

  return (
    <form
      action={action}
      method="post"
      encType="multipart/form-data"
      className="space-y-3"
      onSubmit={(e) => {
        // Hydrated: files go as soon as they are chosen; a submit (Enter) sends what is selected the same way.
        e.preventDefault();
        if (input.current?.files?.length) add(input.current.files);
        if (input.current) input.current.value = "";
      }}
    >
      <input type="hidden" name="returnTo" value={returnTo} />
      <div
        data-testid="file-drop"
        onDragOver={(e) => {
          if (disabled) return;
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onClick={(e) => {
          // The whole box opens the picker (the label inside already does, so not twice).
          if (hydrated && !disabled && !(e.target as HTMLElement).closest("label, button, input")) input.current?.click();
        }}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer.files.length) add(e.dataTransfer.files);
        }}
        className={`rounded-lg border-2 border-dashed px-4 py-5 text-center transition focus-within:ring-2 focus-within:ring-gray-900 focus-within:ring-offset-2 ${
          disabled ? "border-gray-200 bg-gray-50 text-gray-400" : hydrated ? "cursor-pointer " : ""
        }${
          disabled ? "" : over ? "border-[var(--portal-color,#4f46e5)] bg-gray-50" : "border-gray-300 bg-white"
        }`}
      >
        <svg aria-hidden viewBox="0 0 24 24" className="mx-auto h-7 w-7 text-gray-400" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path strokeLinecap="round" strokeLinejoin="round" d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
        </svg>
        {hydrated ? (
          <p className="mt-2 text-sm text-gray-700">
            {disabled ? (
              "Uploads are closed for this item."
            ) : (
              <>
                <span className="hidden sm:inline">Drag files here or </span>
                <label htmlFor={inputId} className="cursor-pointer font-semibold text-gray-900 underline underline-offset-2 hover:opacity-80">
                  <span className="sm:hidden">Choose files</span>
                  <span className="hidden sm:inline">choose files</span>
                </label>
              </>
            )}
          </p>
        ) : (
          <label htmlFor={inputId} className="mt-2 block text-sm font-medium text-gray-800">
            Choose a file
          </label>
        )}
        <p id={hintId} className="mt-1 text-xs text-gray-600">
          {limits}
        </p>
        <input
          ref={input}
          id={inputId}
          type="file"
          name="file"
          accept={UPLOAD_ACCEPT}
          multiple={hydrated}
          disabled={disabled}
          aria-describedby={hintId}
          onChange={(e) => {
            if (!hydrated || !e.currentTarget.files?.length) return;
            add(e.currentTarget.files);
            e.currentTarget.value = "";
          }}
          className={hydrated ? "sr-only" : "mx-auto mt-3 block w-full max-w-xs text-sm text-gray-700 file:mr-3 file:rounded-md file:border-0 file:bg-gray-100 file:px-3 file:py-1.5 file:text-sm file:font-medium"}
        />
        {!hydrated && (
          <button
            type="submit"
            disabled={disabled}
            className="mt-3 inline-flex items-center justify-center rounded-md bg-[var(--portal-color,#4f46e5)] px-4 py-2 text-sm font-semibold text-[var(--portal-text,#fff)] shadow-sm hover:opacity-90"
          >
            Upload
          </button>
        )}
      </div>

      {formError && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {messageForCode(formError)}
        </p>
      )}
      {formUploaded && !formError && (
        <p role="status" className="text-sm text-green-800">
          File uploaded.
        </p>
      )}

      {uploads.length > 0 && (
        <ul className="space-y-2" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.key} className="rounded-md bg-gray-50 px-3 py-2 text-sm ring-1 ring-gray-200">
              <div className="flex items-baseline justify-between gap-3">
                <span className="min-w-0 truncate font-medium text-gray-900" title={u.name}>
                  {u.name}
                </span>
                <span className="shrink-0 text-xs text-gray-600">
                  {u.state === "done" ? "Uploaded" : u.state === "failed" ? "Not uploaded" : u.state === "waiting" ? "Waiting" : `${u.progress}%`}
                  {" · "}
                  {formatBytes(u.size)}
                </span>
              </div>
              {(u.state === "uploading" || u.state === "done") && (
                <div
                  className="mt-2 h-1.5 overflow-hidden rounded-full bg-gray-200"
                  role="progressbar"
                  aria-label={`Uploading ${u.name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={u.progress}
                >
                  <div className="h-full rounded-full bg-[var(--portal-color,#4f46e5)] transition-all" style={{ width: `${u.progress}%` }} />
                </div>
              )}
              {u.error && (
                <div className="mt-1 flex items-start justify-between gap-3">
                  <p role="alert" className="text-sm text-red-700">
                    {u.error}
                  </p>
                  <button type="button" className="shrink-0 text-xs text-gray-600 underline" onClick={() => setUploads((all) => all.filter((x) => x.key !== u.key))}>
                    Dismiss
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
