"use client";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, inputClass } from "@/components/ui/field";
import { formatBytes } from "@/lib/files/upload-types";

/**
 * The upload form: a plain multipart POST to the route (it works before this script loads; the route answers with a
 * 303 to the new draft, or back here with ?error=). Once hydrated it checks the file first (a PDF, under the limit) to
 * save a wasted upload, then sends the same form by fetch, so a refusal is shown without losing what was typed.
 */
export function ContractUploadForm({
  postTo,
  draftBase,
  maxBytes,
  opportunities,
  error,
  errorField,
}: {
  postTo: string;
  /** Where a new draft's page lives (`${draftBase}/${id}`). */
  draftBase: string;
  maxBytes: number;
  opportunities: { id: string; name: string }[];
  error?: string;
  errorField?: string;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [fieldProblem, setFieldProblem] = useState<{ field: string; text: string } | null>(null);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const file = data.get("file");
    const title = String(data.get("title") ?? "").trim();
    let why: string | null = null;
    if (!title) why = "Give the document a title.";
    else if (!(file instanceof File) || file.size === 0) why = "Choose the PDF to upload.";
    else if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") why = "Contracts must be PDF files. Save or print the document as a PDF, then upload that.";
    else if (file.size > maxBytes) why = `That file is larger than ${formatBytes(maxBytes)}. Make it smaller (for a scan, a lower resolution), then upload it again.`;
    setFieldProblem(null);
    if (why) {
      setProblem(why);
      return;
    }
    setProblem(null);
    setPending(true);
    // Sent by script so a refusal keeps what was typed; the answer is the route's JSON.
    try {
      const res = await fetch(postTo, { method: "POST", body: data, headers: { accept: "application/json" } });
      const body = (await res.json().catch(() => null)) as { id?: string; error?: { message?: string; fields?: Record<string, string[]> } } | null;
      if (res.ok && body?.id) {
        window.location.assign(`${draftBase}/${body.id}?notice=uploaded`);
        return;
      }
      const first = body?.error?.fields ? Object.entries(body.error.fields)[0] : undefined;
      if (first) setFieldProblem({ field: first[0], text: first[1][0] });
      else setProblem(body?.error?.message ?? "The upload did not go through. Check your connection, then try again.");
    } catch {
      setProblem("The upload did not go through. Check your connection, then try again.");
    }
    setPending(false);
  };
  // A refusal about one field is shown at that field only; anything else above the form.
  const at = (field: string) => (fieldProblem?.field === field ? fieldProblem.text : !problem && !fieldProblem && errorField === field ? error : undefined);
  const shown = problem ?? (fieldProblem || errorField ? undefined : error);
  return (
    <form method="post" action={postTo} encType="multipart/form-data" onSubmit={onSubmit} className="space-y-5" noValidate>
      {shown && <Alert tone="error">{shown}</Alert>}
      <Field id="contract-file" label="PDF" hint={`A PDF up to ${formatBytes(maxBytes)}, not password-protected.`} error={at("file")}>
        <input
          id="contract-file"
          name="file"
          type="file"
          accept="application/pdf,.pdf"
          required
          className="block w-full text-sm text-gray-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-brand-700 hover:file:bg-brand-100"
        />
      </Field>
      <Field id="contract-title" label="Title" hint="Signers see this in the portal and in their notification." error={at("title")}>
        <Input id="contract-title" name="title" maxLength={200} required invalid={!!at("title")} placeholder="e.g. Service agreement 2027" />
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="contract-kind" label="Kind" hint="A proposal can be accepted or declined with a comment.">
          <Select id="contract-kind" name="kind" defaultValue="contract">
            <option value="contract">Contract</option>
            <option value="proposal">Proposal</option>
          </Select>
        </Field>
        <Field id="contract-order" label="Signing order">
          <Select id="contract-order" name="signingOrder" defaultValue="parallel">
            <option value="parallel">Everyone at once</option>
            <option value="sequential">One after another, in order</option>
          </Select>
        </Field>
      </div>
      <Field id="contract-message" label="Message to signers (optional)" hint="Shown above the document in the portal. A longer one (up to 2,000 characters) can be written after uploading." error={at("message")}>
        {/* 600: the upload's small form fields are capped at 2 KB (lib/files/read-upload.ts), and a character may take 3 bytes. */}
        <textarea id="contract-message" name="message" rows={3} maxLength={600} className={inputClass} />
      </Field>
      {opportunities.length > 0 && (
        <Field id="contract-opportunity" label="Opportunity (optional)">
          <Select id="contract-opportunity" name="opportunityId" defaultValue="">
            <option value="">None</option>
            {opportunities.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Uploading…" : "Upload and continue"}
        </Button>
      </div>
    </form>
  );
}
