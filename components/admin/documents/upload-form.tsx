"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, Select, inputClass } from "@/components/ui/field";
import { UPLOAD_ACCEPT, uploadLimitsText } from "@/lib/files/upload-types";

type Result = { name: string; id?: string; error?: { code: string; message: string } };

/**
 * Uploads one or several files with a note. A plain multipart POST to the route handler (303 back here) before
 * JavaScript loads; afterwards the same request by fetch, with each file's outcome listed.
 */
export function UploadForm({ slug, folders, folderId, maxBytes, returnTo }: { slug: string; folders?: { id: string; name: string }[]; folderId?: string; maxBytes: number; returnTo: string }) {
  const id = useId();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Result[] | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    if (!(data.getAll("file") as File[]).some((f) => f.size > 0 || f.name)) return setResults([{ name: "", error: { code: "FILE_EMPTY", message: "Choose one or more files first." } }]);
    setBusy(true);
    setResults(null);
    try {
      const res = await fetch(form.action, { method: "POST", body: data, headers: { accept: "application/json" } });
      const body = (await res.json().catch(() => null)) as { files?: Result[] } | null;
      setResults(body?.files ?? [{ name: "", error: { code: "INTERNAL", message: "The upload did not finish. Try again." } }]);
      if (res.ok) {
        form.reset();
        router.refresh();
      }
    } catch {
      setResults([{ name: "", error: { code: "INTERNAL", message: "The upload did not finish (the connection dropped). Try again." } }]);
    } finally {
      setBusy(false);
    }
  }
  const ok = results?.filter((r) => r.id) ?? [];
  const failed = results?.filter((r) => r.error) ?? [];
  return (
    <form action={`/api/w/${slug}/documents/upload`} method="post" encType="multipart/form-data" onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="returnTo" value={returnTo} />
      {folders ? (
        <Field id={`${id}-folder`} label="Folder">
          <Select id={`${id}-folder`} name="folderId" defaultValue={folderId ?? ""}>
            <option value="">Top level (no folder)</option>
            {folders.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <input type="hidden" name="folderId" value={folderId ?? ""} />
      )}
      <Field id={`${id}-note`} label="Note for clients (optional)" hint="Shown with each file, e.g. what to do with it.">
        <textarea id={`${id}-note`} name="note" rows={2} maxLength={1000} className={inputClass} />
      </Field>
      <Field id={`${id}-file`} label="Files" hint={`${uploadLimitsText(maxBytes)} each · up to 20 at once`}>
        <input id={`${id}-file`} name="file" type="file" multiple required accept={UPLOAD_ACCEPT} className="block w-full text-sm text-gray-700 file:mr-3 file:rounded-md file:border-0 file:bg-gray-100 file:px-3 file:py-2 file:text-sm file:font-medium" />
      </Field>
      <Button type="submit" disabled={busy}>
        {busy ? "Uploading…" : "Upload"}
      </Button>
      {ok.length > 0 && <Alert tone="success">{ok.length === 1 ? `Uploaded ${ok[0].name}. Open it in the list to share it.` : `Uploaded ${ok.length} files. Open each in the list to share it.`}</Alert>}
      {failed.length > 0 && (
        <Alert tone="error">
          <ul className="space-y-1">
            {failed.map((f, i) => (
              <li key={i}>
                {f.name ? <strong className="break-all">{f.name}: </strong> : null}
                {f.error?.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </form>
  );
}
