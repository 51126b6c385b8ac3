"use client";
import { usePathname } from "next/navigation";
import { startTransition, useActionState, useId, useRef, useState, type FormEvent } from "react";
import { useFormStatus } from "react-dom";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { HiddenFields } from "@/components/ui/confirm-form";
import { Select } from "@/components/ui/field";
import { DLT_COLUMNS, DLT_COLUMN_LABELS, REQUIRED_DLT_COLUMNS, type DltColumnMap } from "@/lib/sms/dlt-import/dlt-columns";
import { dltImportFormAction } from "@/lib/sms/dlt-import/dlt-import-action";
import type { DltImportState } from "@/lib/sms/dlt-import/dlt-import-state";
import type { DltPreview, DltPreviewRow } from "@/lib/sms/dlt-import/preview-dlt-import";

const nf = new Intl.NumberFormat("en-IN");
const plural = (n: number, one: string, many: string) => `${nf.format(n)} ${n === 1 ? one : many}`;
// The server action's body limit (next.config.ts), less room for the other fields. Before hydration the file goes
// as it is; once hydrated it goes gzipped (exports shrink 5–10×), so the 5 MB a DLT file may have fits.
const POST_LIMIT = 2 * 1024 * 1024 - 64 * 1024;
const FILE_LIMIT = 5 * 1024 * 1024;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

type Packed = { blob: Blob; name: string };

/**
 * Once hydrated, every post sends the file gzipped as `packed` and keeps it in the browser for the next step (the
 * server then leaves the base64 copy out of its answer: useActionState posts its state back with every call, so the
 * file would otherwise travel three times). Before hydration these handlers never run: the forms post as they are.
 */
function usePackedFile(dispatch: (data: FormData) => void, refuse: (why: string | null) => void) {
  const kept = useRef<Packed | null>(null);
  const send = (form: HTMLFormElement, submitter: HTMLElement | null, packed: Packed) => {
    const data = new FormData(form, submitter);
    data.delete("file");
    data.delete("staged");
    data.set("packed", packed.blob, packed.name);
    data.set("fileName", packed.name);
    startTransition(() => dispatch(data));
  };
  const upload = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (!file || typeof CompressionStream === "undefined") return; // the plain POST it would have been
    e.preventDefault();
    void (async () => {
      if (file.size > FILE_LIMIT) return refuse(`${file.name} is ${mb(file.size)}; a DLT export can be up to 5 MB. Split it into parts and import each.`);
      const blob = await new Response(file.stream().pipeThrough(new CompressionStream("gzip"))).blob();
      if (blob.size > POST_LIMIT) return refuse(`${file.name} is too large to upload (${mb(file.size)}). Split it into parts and import each.`);
      refuse(null);
      kept.current = { blob, name: file.name };
      send(form, submitter, kept.current);
      form.reset();
    })();
  };
  const again = (e: FormEvent<HTMLFormElement>) => {
    if (!kept.current) return; // the page was posted before hydration: its forms carry the staged copy
    e.preventDefault();
    send(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter, kept.current);
  };
  return { upload, again };
}

/** A submit button that says it is working, whether its form posted natively or through `usePackedFile`. */
function Submit({ label, pendingLabel, busy, variant = "primary", disabled }: { label: string; pendingLabel: string; busy: boolean; variant?: "primary" | "secondary"; disabled?: boolean }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={disabled || pending || busy}>
      {pending || busy ? pendingLabel : label}
    </Button>
  );
}

type Post = { action: (data: FormData) => void; again: (e: FormEvent<HTMLFormElement>) => void; busy: boolean };

/**
 * Import DLT content templates from the operator portal's export: choose the file, map any column the headers did
 * not name, read the row-by-row preview (import, update, or skip and why), confirm. Every step is a form POST to one
 * server action, so it all works before JavaScript loads; nothing is written until the confirm.
 */
export function DltImport({ workspaceSlug }: { workspaceSlug: string }) {
  const [state, formAction, pending] = useActionState<DltImportState, FormData>(dltImportFormAction, {});
  const [tooBig, setTooBig] = useState<string | null>(null);
  const packed = usePackedFile(formAction, setTooBig);
  const post: Post = { action: formAction, again: packed.again, busy: pending };
  const id = useId();
  // "Import another file" and Cancel reload the page the import sits on, which starts it afresh (with or without JS).
  const here = usePathname() ?? `/w/${workspaceSlug}/settings/sms/import`;

  if (state.step === "done") {
    const r = state.result.data;
    return (
      <div className="space-y-4">
        <Alert tone="success">
          <p className="font-medium">Imported {r.fileName}.</p>
          <p className="mt-1">
            {plural(r.imported, "new template", "new templates")}, {plural(r.updated, "updated", "updated")}, {plural(r.unchanged, "unchanged", "unchanged")},{" "}
            {plural(r.skipped, "row skipped", "rows skipped")}.
          </p>
          {r.retired > 0 && (
            <p className="mt-1">
              {plural(r.retired, "imported template is", "imported templates are")} no longer approved on DLT and can no longer be used: an SMS
              mapped to one stops until it is mapped to an approved template.
            </p>
          )}
        </Alert>
        <UnregisteredHeaders ids={r.unregisteredSenderIds} />
        <a href={here} className={buttonClass("secondary")}>
          Import another file
        </a>
      </div>
    );
  }

  const preview = state.step === "preview" ? state.result.data : null;
  const error = state.step === "upload" && !state.result.ok ? state.result.message : null;
  const staged = state.step === "preview" ? { staged: state.staged, fileName: state.fileName } : null;

  return (
    <div className="space-y-5">
      <form action={formAction} onSubmit={packed.upload} className="space-y-3" aria-labelledby={`${id}-choose`}>
        <HiddenFields slug={workspaceSlug} fields={{ intent: "preview" }} />
        <label id={`${id}-choose`} htmlFor={`${id}-file`} className="block text-sm font-medium text-gray-800">
          {preview ? "Or choose another file" : "DLT export file"}
        </label>
        <input
          id={`${id}-file`}
          name="file"
          type="file"
          required
          accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={`${id}-file-hint`}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            setTooBig(f && f.size > FILE_LIMIT ? `${f.name} is ${mb(f.size)}; a DLT export can be up to 5 MB. Split it into parts and import each.` : null);
          }}
          className="block w-full text-sm text-gray-700 file:mr-3 file:rounded-md file:border-0 file:bg-gray-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-gray-800 hover:file:bg-gray-200"
        />
        <p id={`${id}-file-hint`} className="text-xs text-gray-500">
          The content-template export from your DLT portal (Jio, Vilpower, Airtel, …) as CSV or Excel (.xlsx), as downloaded. Only approved, active
          templates are imported; uploading a newer export updates templates by their ID.
        </p>
        {tooBig && <Alert tone="error">{tooBig}</Alert>}
        <Submit label="Preview" pendingLabel="Reading the file…" busy={pending} variant={preview ? "secondary" : "primary"} disabled={!!tooBig} />
      </form>

      {error && <Alert tone="error">{error}</Alert>}
      {preview && staged && <Preview preview={preview} staged={staged} slug={workspaceSlug} post={post} refused={state.step === "preview" ? state.refused : undefined} here={here} />}
    </div>
  );
}

/** The file as the preview handed it back: base64 for a browser without JavaScript, absent when the browser keeps it. */
type StagedFile = { staged?: string; fileName: string };
const stagedFields = (f: StagedFile) => ({ fileName: f.fileName, ...(f.staged ? { staged: f.staged } : {}) });

function Preview({ preview, staged, slug, post, refused, here }: { preview: DltPreview; staged: StagedFile; slug: string; post: Post; refused?: string; here: string }) {
  const { counts } = preview;
  const writes = counts.import + counts.update + counts.retire;
  const mapped = Object.fromEntries(Object.entries(preview.columns).map(([c, i]) => [`column.${c}`, String(i)]));
  return (
    <section aria-label={`Preview of ${preview.fileName}`} className="space-y-4">
      <h2 className="text-base font-semibold text-gray-900 break-words">{preview.fileName}</h2>
      {refused && <Alert tone="error">{refused}</Alert>}
      <ColumnMapping preview={preview} staged={staged} slug={slug} post={post} />
      {preview.missing.length === 0 && (
        <>
          <p className="text-sm text-gray-800" role="status">
            <strong>{plural(counts.import, "template", "templates")} to import</strong>, <strong>{nf.format(counts.update)} to update</strong>,{" "}
            {counts.unchanged > 0 && <>{nf.format(counts.unchanged)} already imported as they are, </>}
            {counts.retire > 0 && (
              <>
                <strong>{nf.format(counts.retire)} no longer approved</strong> (imported before; they will be marked unusable),{" "}
              </>
            )}
            <strong>{nf.format(counts.skip)} skipped</strong>.
          </p>
          <UnregisteredHeaders ids={preview.unregisteredSenderIds} />
          <PreviewRows rows={preview.rows} />
          {preview.hiddenRows > 0 && <p className="text-xs text-gray-500">{plural(preview.hiddenRows, "more row", "more rows")} to import, update or leave as they are are counted above but not listed.</p>}
          <form action={post.action} onSubmit={post.again} className="flex flex-wrap items-center gap-3">
            <HiddenFields slug={slug} fields={{ intent: "import", ...stagedFields(staged), ...mapped }} />
            <Submit label={writes ? (counts.retire ? `Apply ${plural(writes, "change", "changes")}` : `Import ${plural(writes, "template", "templates")}`) : counts.unchanged ? "Nothing has changed" : "Nothing to import"} pendingLabel="Working…" busy={post.busy} disabled={writes === 0} />
            <a href={here} className={buttonClass("ghost")}>
              Cancel
            </a>
          </form>
        </>
      )}
    </section>
  );
}

/** Which column holds each field: open when a needed one is missing, folded away (to correct a guess) otherwise. */
function ColumnMapping({ preview, staged, slug, post }: { preview: DltPreview; staged: StagedFile; slug: string; post: Post }) {
  const id = useId();
  const missing = new Set(preview.missing);
  const fields = (
    <form action={post.action} onSubmit={post.again} className="space-y-3">
      <HiddenFields slug={slug} fields={{ intent: "preview", ...stagedFields(staged) }} />
      <div className="grid gap-3 sm:grid-cols-2">
        {DLT_COLUMNS.map((c) => {
          const required = REQUIRED_DLT_COLUMNS.includes(c);
          const current = (preview.columns as DltColumnMap)[c];
          return (
            <div key={c} className="space-y-1">
              <label htmlFor={`${id}-${c}`} className="block text-sm font-medium text-gray-800">
                {DLT_COLUMN_LABELS[c]}
                {required ? "" : " (optional)"}
              </label>
              <Select id={`${id}-${c}`} name={`column.${c}`} defaultValue={current === undefined ? "-1" : String(current)} aria-invalid={missing.has(c) || undefined}>
                <option value="-1">{required ? "Choose a column…" : "Not in this file"}</option>
                {preview.headers.map((h, i) => (
                  <option key={i} value={String(i)}>
                    {h}
                  </option>
                ))}
              </Select>
              {missing.has(c) && (
                <p role="alert" className="text-xs font-medium text-red-700">
                  No column header matched “{DLT_COLUMN_LABELS[c]}”. Pick the column that holds it.
                </p>
              )}
            </div>
          );
        })}
      </div>
      <Submit label="Preview again" pendingLabel="Working…" busy={post.busy} variant="secondary" />
    </form>
  );
  if (missing.size) {
    return (
      <div className="space-y-3 rounded-md bg-amber-50 p-4 ring-1 ring-amber-200 ring-inset">
        <p className="text-sm text-amber-900">
          Some columns of this file could not be matched. Pick which column holds each field marked below, then preview again. Nothing has been imported.
        </p>
        {fields}
      </div>
    );
  }
  return (
    <details className="rounded-md p-3 ring-1 ring-gray-200 ring-inset">
      <summary className="cursor-pointer text-sm font-medium text-gray-800">Columns read from the file</summary>
      <div className="mt-3">{fields}</div>
    </details>
  );
}

function UnregisteredHeaders({ ids }: { ids: string[] }) {
  if (!ids.length) return null;
  return (
    <Alert tone="warning">
      {ids.length === 1 ? "The header" : "These headers"} <strong>{ids.join(", ")}</strong> {ids.length === 1 ? "is" : "are"} not registered as a sender ID in
      this workspace yet. Add {ids.length === 1 ? "it" : "them"} under Settings → SMS before mapping messages to these templates.
    </Alert>
  );
}

const actionLabels: Record<DltPreviewRow["action"], string> = { import: "Import", update: "Update", unchanged: "No change", retire: "Mark unusable", skip: "Skip" };
const actionTones: Record<DltPreviewRow["action"], string> = {
  import: "bg-green-50 text-green-800 ring-green-200",
  update: "bg-blue-50 text-blue-800 ring-blue-200",
  unchanged: "bg-white text-gray-600 ring-gray-300",
  retire: "bg-amber-50 text-amber-900 ring-amber-200",
  skip: "bg-gray-100 text-gray-700 ring-gray-300",
};

function ActionBadge({ row }: { row: DltPreviewRow }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${actionTones[row.action]}`}>{actionLabels[row.action]}</span>;
}

/** A table from `md` up (fixed columns, long content wraps); under it each row is a card. Nothing scrolls sideways. */
function PreviewRows({ rows }: { rows: DltPreviewRow[] }) {
  return (
    <div className="-mx-5 sm:mx-0">
      <table className="block w-full text-sm md:table md:table-fixed md:divide-y md:divide-gray-200">
        <caption className="sr-only">Rows of the file and what the import does with each</caption>
        <thead className="hidden md:table-header-group">
          <tr className="text-left text-xs font-semibold tracking-wide text-gray-600 uppercase">
            <th scope="col" className="w-12 py-2 pr-2">
              Row
            </th>
            <th scope="col" className="w-44 px-2 py-2">
              Template ID
            </th>
            <th scope="col" className="w-20 px-2 py-2">
              Header
            </th>
            <th scope="col" className="px-2 py-2">
              Name and content
            </th>
            <th scope="col" className="w-56 px-2 py-2">
              Result
            </th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-gray-100 md:table-row-group">
          {rows.map((r) => (
            <tr key={r.row} className="block space-y-1 px-5 py-3 md:table-row md:space-y-0 md:p-0">
              <td className="block text-xs text-gray-500 tabular-nums md:table-cell md:py-2.5 md:pr-2 md:align-top md:text-sm">
                <span className="md:hidden">Row </span>
                {r.row}
              </td>
              <td className="block font-mono text-xs break-all text-gray-800 md:table-cell md:px-2 md:py-2.5 md:align-top">{r.templateId || <span className="text-gray-400">no ID</span>}</td>
              <td className="block font-mono text-xs break-all text-gray-800 md:table-cell md:px-2 md:py-2.5 md:align-top">
                <span className="font-sans text-gray-500 md:hidden">Header </span>
                {r.senderId}
              </td>
              <td className="block min-w-0 md:table-cell md:px-2 md:py-2.5 md:align-top">
                {r.name && <p className="font-medium break-words text-gray-900">{r.name}</p>}
                <p className="line-clamp-3 text-xs break-words whitespace-pre-line text-gray-700">{r.content || <span className="text-gray-400">(no content)</span>}</p>
              </td>
              <td className="block md:table-cell md:px-2 md:py-2.5 md:align-top">
                <ActionBadge row={r} />
                {r.skip && <p className="mt-1 text-xs break-words text-gray-700">{r.skip}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
