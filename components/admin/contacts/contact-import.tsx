"use client";
import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { chunkImportRows, parseContactsCsv, toImportRows, type CsvRow } from "@/lib/contacts/csv";
import {
  importFieldLabels,
  importFields,
  type AddContactImportRowsInput,
  type ContactImportSummary,
  type ImportField,
  type StartContactImportInput,
} from "@/lib/contacts/import-contacts.schema";
import { guessMapping, mappingProblems, splitFullName } from "@/lib/contacts/import-mapping";
import type { ContactAction } from "./types";

type Actions = {
  start: ContactAction<StartContactImportInput, { importId: string }>;
  addRows: ContactAction<AddContactImportRowsInput, { received: number; invalid: number }>;
  apply: ContactAction<{ importId: string }, ContactImportSummary>;
};

type Parsed = { fileName: string; headers: string[]; rows: CsvRow[] };

type Stage =
  | { kind: "choose"; error?: string }
  | { kind: "parsing"; fileName: string; progress: number }
  | { kind: "map"; notice?: string }
  | { kind: "sending"; sent: number; total: number }
  | { kind: "applying"; total: number }
  | { kind: "done"; summary: ContactImportSummary }
  | { kind: "failed"; message: string; importId?: string; canRetryApply: boolean };

const nf = new Intl.NumberFormat("en-US");

class StepError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Network hiccups are retried (staging a chunk twice is harmless); answers from the server are not. */
async function withRetry<T>(fn: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof StepError || i >= tries - 1) throw e;
      await new Promise((r) => setTimeout(r, 1000 * 2 ** i));
    }
  }
}

function unwrap<T>(res: Awaited<ReturnType<ContactAction<unknown, T>>>): T {
  if (res.ok) return res.data;
  throw new StepError(res.message, res.code);
}

export function ContactImport({ slug, maxRows, actions }: { slug: string; maxRows: number; actions: Actions }) {
  const [stage, setStage] = useState<Stage>({ kind: "choose" });
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [mapping, setMapping] = useState<(ImportField | null)[]>([]);
  const cancelled = useRef(false);
  const busy = stage.kind === "sending" || stage.kind === "applying";

  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  async function onFile(file: File | undefined) {
    if (!file) return;
    if (/\.(xlsx?|numbers|ods)$/i.test(file.name)) {
      setStage({ kind: "choose", error: "That is a spreadsheet workbook, not a CSV file. Save it as CSV (in Excel: File › Save As › CSV UTF-8), then choose the CSV." });
      return;
    }
    setStage({ kind: "parsing", fileName: file.name, progress: 0 });
    try {
      const result = await parseContactsCsv(file, { maxRows, onProgress: (p) => setStage({ kind: "parsing", fileName: file.name, progress: p }) });
      if (result.tooLarge) {
        setStage({ kind: "choose", error: `“${file.name}” has more than ${nf.format(maxRows)} rows, the most one import can take. Split it into smaller files and import each one.` });
        return;
      }
      if (result.rows.length === 0) {
        setStage({ kind: "choose", error: `“${file.name}” has no data rows. The first row must hold the column names, and each row after it one contact.` });
        return;
      }
      setParsed({ fileName: file.name, headers: result.headers, rows: result.rows });
      setMapping(guessMapping(result.headers));
      setStage({ kind: "map" });
    } catch {
      setStage({ kind: "choose", error: `“${file.name}” could not be read as CSV. Check that it is a text file with comma-separated columns.` });
    }
  }

  async function run(existingImportId?: string) {
    if (!parsed) return;
    cancelled.current = false;
    const rows = toImportRows(parsed.rows, mapping);
    const total = rows.length;
    let importId = existingImportId;
    let applying = false;
    try {
      if (!importId) {
        setStage({ kind: "sending", sent: 0, total });
        const fields = importFields.filter((f) => mapping.includes(f));
        importId = unwrap(await withRetry(() => actions.start(slug, { fileName: parsed.fileName, totalRows: total, fields }))).importId;
        let sent = 0;
        for (const chunk of chunkImportRows(rows)) {
          if (cancelled.current) {
            setStage({ kind: "map", notice: "Import cancelled. Nothing was imported." });
            return;
          }
          const id = importId;
          unwrap(await withRetry(() => actions.addRows(slug, { importId: id, rows: chunk })));
          sent += chunk.length;
          setStage({ kind: "sending", sent, total });
        }
      }
      setStage({ kind: "applying", total });
      applying = true;
      const id = importId;
      const summary = unwrap(await actions.apply(slug, { importId: id }));
      setStage({ kind: "done", summary });
    } catch (e) {
      const code = e instanceof StepError ? e.code : undefined;
      const message =
        e instanceof StepError ? e.message : "The connection to the server was lost. Nothing was imported; check your connection and try again.";
      setStage({ kind: "failed", message, importId, canRetryApply: applying && (code === "IMPORT_CONFLICT" || !code) });
    }
  }

  function reset() {
    setParsed(null);
    setMapping([]);
    setStage({ kind: "choose" });
  }

  switch (stage.kind) {
    case "choose":
      return <ChooseFile error={stage.error} maxRows={maxRows} onFile={onFile} />;
    case "parsing":
      return (
        <Card title="Reading the file" description={stage.fileName}>
          <ProgressBar label="Reading rows" value={stage.progress} />
        </Card>
      );
    case "map":
      return parsed ? (
        <MapColumns
          parsed={parsed}
          mapping={mapping}
          notice={stage.notice}
          onChange={setMapping}
          onImport={() => run()}
          onReset={reset}
        />
      ) : null;
    case "sending":
      return (
        <Card title="Importing" description="Keep this page open until the import is done.">
          <div className="space-y-4">
            <ProgressBar label={`Sending rows: ${nf.format(stage.sent)} of ${nf.format(stage.total)}`} value={stage.total ? stage.sent / stage.total : 0} />
            <Button type="button" variant="secondary" onClick={() => (cancelled.current = true)}>
              Cancel import
            </Button>
          </div>
        </Card>
      );
    case "applying":
      return (
        <Card title="Importing" description="Keep this page open until the import is done.">
          <ProgressBar label={`Saving ${nf.format(stage.total)} rows. Large files take a few seconds.`} value={null} />
        </Card>
      );
    case "failed":
      return (
        <Card title="The import did not finish">
          <div className="space-y-4">
            <Alert tone="error">{stage.message}</Alert>
            <div className="flex flex-wrap gap-2">
              {stage.canRetryApply && stage.importId && (
                <Button type="button" onClick={() => run(stage.importId)}>
                  Apply again
                </Button>
              )}
              <Button type="button" variant={stage.canRetryApply ? "secondary" : "primary"} onClick={() => setStage({ kind: "map" })}>
                Back to the column mapping
              </Button>
              <Button type="button" variant="ghost" onClick={reset}>
                Choose another file
              </Button>
            </div>
          </div>
        </Card>
      );
    case "done":
      return <ImportReport slug={slug} summary={stage.summary} onAgain={reset} />;
  }
}

function ProgressBar({ label, value }: { label: string; value: number | null }) {
  const id = useId();
  const pct = value === null ? null : Math.round(value * 100);
  return (
    <div className="space-y-1.5">
      <div className="flex justify-between gap-4 text-sm text-gray-700">
        <span id={id}>{label}</span>
        {pct !== null && <span className="tabular-nums">{pct}%</span>}
      </div>
      <div
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        className="h-2.5 overflow-hidden rounded-full bg-gray-200"
      >
        <div
          className={`h-full rounded-full bg-brand-600 transition-[width] duration-300 ${pct === null ? "w-full animate-pulse" : ""}`}
          style={pct === null ? undefined : { width: `${pct}%` }}
        />
      </div>
    </div>
  );
}

function ChooseFile({ error, maxRows, onFile }: { error?: string; maxRows: number; onFile: (f: File | undefined) => void }) {
  const [over, setOver] = useState(false);
  return (
    <Card title="Choose a CSV file" description={`The first row must hold the column names. Up to ${nf.format(maxRows)} rows per import.`}>
      <div className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            onFile(e.dataTransfer.files[0]);
          }}
          className={`rounded-lg border-2 border-dashed px-6 py-10 text-center ${over ? "border-brand-600 bg-brand-50" : "border-gray-300"}`}
        >
          <label htmlFor="csv-file" className="block text-sm font-medium text-gray-800">
            CSV file
          </label>
          <p id="csv-file-hint" className="mt-1 text-sm text-gray-600">
            Drop the file here, or choose it.
          </p>
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-describedby="csv-file-hint"
            className="mx-auto mt-4 block max-w-full text-sm text-gray-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-600 file:px-3 file:py-2 file:text-sm file:font-medium file:text-white hover:file:bg-brand-700"
            onChange={(e) => {
              onFile(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
        </div>
        <ul className="list-disc space-y-1 pl-5 text-sm text-gray-600">
          <li>Columns are matched to contact fields by their names; you can change the matching before importing.</li>
          <li>Existing contacts are found by email, then phone, and updated; empty cells never erase what is stored.</li>
          <li>Each row needs a name and an email or phone number. Rows with problems are skipped and listed with the reason.</li>
          <li>Nothing is saved until the whole file has been checked: an import is applied completely or not at all.</li>
        </ul>
      </div>
    </Card>
  );
}

function MapColumns({
  parsed,
  mapping,
  notice,
  onChange,
  onImport,
  onReset,
}: {
  parsed: Parsed;
  mapping: (ImportField | null)[];
  notice?: string;
  onChange: (m: (ImportField | null)[]) => void;
  onImport: () => void;
  onReset: () => void;
}) {
  const problems = mappingProblems(mapping);
  const samples = useMemo(
    () =>
      parsed.headers.map((_, col) =>
        parsed.rows
          .slice(0, 50)
          .map((r) => r.cells[col]?.trim())
          .filter(Boolean)
          .slice(0, 3) as string[],
      ),
    [parsed],
  );
  const preview = useMemo(() => toImportRows(parsed.rows.slice(0, 5), mapping), [parsed, mapping]);
  const count = parsed.rows.length;

  return (
    <div className="space-y-6">
      {notice && <Alert tone="info">{notice}</Alert>}
      <Card
        title="Match the columns"
        description={`${parsed.fileName}: ${nf.format(count)} ${count === 1 ? "row" : "rows"}. Check what each column holds; columns set to “Don’t import” are skipped.`}
      >
        <div className="-mx-5 overflow-x-auto sm:mx-0">
          <table className="min-w-full divide-y divide-gray-200 text-sm">
            <thead>
              <tr className="text-left text-xs font-semibold tracking-wide text-gray-600 uppercase">
                <th scope="col" className="px-5 py-2 sm:pl-0">
                  Column in your file
                </th>
                <th scope="col" className="px-3 py-2">
                  Example values
                </th>
                <th scope="col" className="px-3 py-2">
                  Import as
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {parsed.headers.map((h, col) => (
                <tr key={col}>
                  <th scope="row" className="px-5 py-2 text-left font-medium text-gray-900 sm:pl-0">
                    {h || <span className="text-gray-500">Column {col + 1} (no name)</span>}
                  </th>
                  <td className="max-w-72 truncate px-3 py-2 text-gray-600">{samples[col].join(", ") || <span className="text-gray-400">empty</span>}</td>
                  <td className="px-3 py-2">
                    <label htmlFor={`map-${col}`} className="sr-only">
                      Import the column “{h || `Column ${col + 1}`}” as
                    </label>
                    <Select
                      id={`map-${col}`}
                      className="min-w-48"
                      value={mapping[col] ?? ""}
                      onChange={(e) => {
                        const next = [...mapping];
                        next[col] = (e.target.value || null) as ImportField | null;
                        onChange(next);
                      }}
                    >
                      <option value="">Don’t import</option>
                      {importFields.map((f) => (
                        <option key={f} value={f}>
                          {importFieldLabels[f]}
                        </option>
                      ))}
                    </Select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title="Preview" description="The first rows as they will be read. Every row is checked again when you import.">
        <div className="-mx-5 overflow-x-auto sm:mx-0">
          <table className="min-w-full divide-y divide-gray-200 text-sm">
            <thead>
              <tr className="text-left text-xs font-semibold tracking-wide text-gray-600 uppercase">
                {["Row", "First name", "Last name", "Email", "Phone", "Company"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 first:pl-5 sm:first:pl-0">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {preview.map((r) => {
                const split = !r.firstName && r.fullName ? splitFullName(r.fullName) : null;
                return (
                  <tr key={r.row} className="text-gray-700">
                    <td className="px-3 py-2 pl-5 text-gray-500 tabular-nums sm:pl-0">{r.row}</td>
                    <td className="px-3 py-2">{split?.firstName ?? r.firstName}</td>
                    <td className="px-3 py-2">{r.lastName || split?.lastName}</td>
                    <td className="px-3 py-2">{r.email}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{r.phone}</td>
                    <td className="px-3 py-2">{r.company}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>

      {problems.length > 0 && (
        <Alert tone="warning">
          <ul className="list-disc space-y-1 pl-4">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={onImport} disabled={problems.length > 0}>
          Import {nf.format(count)} {count === 1 ? "row" : "rows"}
        </Button>
        <Button type="button" variant="secondary" onClick={onReset}>
          Choose another file
        </Button>
      </div>
    </div>
  );
}

function ImportReport({ slug, summary, onAgain }: { slug: string; summary: ContactImportSummary; onAgain: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const report = `/api/w/${slug}/contacts/import/${summary.importId}/report`;
  const stats = [
    { label: "Added", value: summary.created, tone: "text-green-700" },
    { label: "Updated", value: summary.updated, tone: "text-brand-700" },
    { label: "Rejected", value: summary.rejected, tone: summary.rejected ? "text-red-700" : "text-gray-900" },
  ];
  return (
    <div className="space-y-6">
      <section className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-gray-200">
        <h2 ref={heading} tabIndex={-1} className="text-base font-semibold text-gray-900 focus:outline-none">
          Import finished: {nf.format(summary.total)} {summary.total === 1 ? "row" : "rows"} read
        </h2>
        <ul className="mt-4 grid gap-3 sm:grid-cols-3">
          {stats.map((s) => (
            <li key={s.label} className="rounded-md bg-gray-50 px-4 py-3 ring-1 ring-gray-200">
              <span className="block text-sm text-gray-600">{s.label}</span>
              <span className={`mt-1 block text-2xl font-semibold tabular-nums ${s.tone}`}>{nf.format(s.value)}</span>
            </li>
          ))}
        </ul>
        <div className="mt-5 flex flex-wrap gap-2">
          <Link href={`/w/${slug}/contacts`} className={buttonClass("primary")}>
            View contacts
          </Link>
          <a href={`${report}?rows=all`} className={buttonClass("secondary")} download>
            Download the full report (CSV)
          </a>
          <Button type="button" variant="ghost" onClick={onAgain}>
            Import another file
          </Button>
        </div>
      </section>

      {summary.rejected > 0 && (
        <Card
          title="Rejected rows"
          description="These rows were skipped. Fix them in your spreadsheet (row numbers match it) and import them again."
          actions={
            <a href={`${report}?rows=rejected`} className={buttonClass("secondary")} download>
              Download rejected rows (CSV)
            </a>
          }
        >
          <ul className="max-h-96 divide-y divide-gray-100 overflow-y-auto text-sm" aria-label="Rejected rows">
            {summary.rejectedRows.map((r) => (
              <li key={r.row} className="py-2 text-gray-800">
                <span className="font-medium tabular-nums">Row {r.row}:</span> {r.reason}
              </li>
            ))}
          </ul>
          {summary.rejected > summary.rejectedRows.length && (
            <p className="mt-3 text-sm text-gray-600">
              Showing the first {nf.format(summary.rejectedRows.length)} of {nf.format(summary.rejected)}. Download the rejected rows for the rest.
            </p>
          )}
        </Card>
      )}
    </div>
  );
}
