// `npm run bench`, DLT part: the time to import a 5,000-row DLT content-template export (the shape a Jio export has,
// with a rejected row in 20 and multi-line contents), parse and write, on a fresh database; then the same file again
// (every row known: the preview's lookups and the upsert's no-op path) and an edited copy (every row updated).
// BENCH_ONLY=dlt runs it alone; BENCH_DLT_ROWS changes the size.
import { performance } from "node:perf_hooks";
import type { Db } from "@/lib/db/client";
import { users, workspaces } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { importDltTemplates } from "@/lib/sms/dlt-import/import-dlt-templates";
import { parseDltFile } from "@/lib/sms/dlt-import/parse-dlt-file";
import { previewDltImport } from "@/lib/sms/dlt-import/preview-dlt-import";

const ROWS = Number(process.env.BENCH_DLT_ROWS ?? 5_000);
const TARGET_MS = 5_000;

type Open = () => Promise<{ db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> }>;

function exportCsv(rows: number, edit = ""): Uint8Array {
  const lines = ["TEMPLATE ID,TEMPLATE NAME,TYPE,HEADER,APPROVAL STATUS,STATUS,TEMPLATE MESSAGE"];
  for (let i = 0; i < rows; i++) {
    const id = `1107${String(168543210000000 + i).padStart(15, "0")}`;
    const rejected = i % 20 === 19;
    const body = i % 7 === 0
      ? `"Dear {#var#}, your appointment ${i} with Acme is on {#var#}.${edit}\nReply STOP to opt out. - Acme"`
      : `"{#var#} is your Acme portal sign-in code ${i}. It is valid for 5 minutes.${edit} Do not share it. - Acme"`;
    lines.push(`${id},template_${i},Service-Implicit,ACMEIN,${rejected ? "Rejected" : "Approved"},${rejected ? "Inactive" : "Active"},${body}`);
  }
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await run();
  return [out, performance.now() - t];
}

export async function dltImportBench(open: Open) {
  const { db, kind, close } = await open();
  try {
    const [ws] = await db.insert(workspaces).values({ slug: "dlt-bench", name: "DLT bench", country: "IN" }).returning();
    const [user] = await db.insert(users).values({ email: "owner@dlt-bench.test" }).returning();
    const ctx: OpsCtx = { db, workspace: { id: ws.id, slug: ws.slug, name: ws.name, country: ws.country }, user: { id: user.id, email: user.email }, ip: null, userAgent: "bench" };
    const file = exportCsv(ROWS);
    const edited = exportCsv(ROWS, " Thank you.");
    const kb = (file.length / 1024).toFixed(0);

    await parseDltFile(exportCsv(200), "warm.csv"); // load papaparse and JIT the row checks once
    const [parsed, parseMs] = await timed(() => parseDltFile(file, "export.csv"));
    const [preview, previewMs] = await timed(() => previewDltImport(ctx, { bytes: file, fileName: "export.csv" }));
    const [first, importMs] = await timed(() => importDltTemplates(ctx, { bytes: file, fileName: "export.csv" }));
    const [again, againMs] = await timed(() => importDltTemplates(ctx, { bytes: file, fileName: "export.csv" }));
    const [changed, changedMs] = await timed(() => importDltTemplates(ctx, { bytes: edited, fileName: "export-edited.csv" }));

    const rows: [string, string, number][] = [
      ["parse only", `${parsed.rows.length} rows`, parseMs],
      ["preview (parse + lookups)", `${preview.counts.import} new, ${preview.counts.skip} skipped`, previewMs],
      ["import, empty workspace", `${first.imported} imported, ${first.skipped} skipped`, importMs],
      ["same file again", `${again.unchanged} unchanged`, againMs],
      ["edited file", `${changed.updated} updated`, changedMs],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    const v = Math.max(...rows.map((r) => r[1].length));
    console.log(`\nDLT import: a ${ROWS.toLocaleString("en")}-row export (${kb} KB CSV), ${kind} (ms)\n`);
    console.log(`${"step".padEnd(w)}  ${"result".padEnd(v)}  ${"ms".padStart(8)}`);
    console.log(`${"-".repeat(w)}  ${"-".repeat(v)}  ${"-".repeat(8)}`);
    for (const [step, what, ms] of rows) console.log(`${step.padEnd(w)}  ${what.padEnd(v)}  ${ms.toFixed(0).padStart(8)}`);
    const ok = importMs < TARGET_MS;
    console.log(`\nImport of ${ROWS.toLocaleString("en")} rows under ${TARGET_MS / 1000} s: ${ok ? "yes" : "NO"}`);
    if (!ok || first.imported + first.skipped !== ROWS || changed.updated !== first.imported) process.exitCode = 1;
  } finally {
    await close();
  }
}
