"use client";
// The contract's pages drawn with pdf.js in the browser, at the width of the screen, each with its fields laid over
// it: boxes are fractions of the page, so they sit right at any size. If pdf.js cannot run, the browser's own PDF
// caller offers the PDF to open in the browser's own viewer and the plain list of fields instead.
import { useEffect, useRef, useState, type ReactNode } from "react";

export type PageSize = { width: number; height: number };
export type OverlayField = { id: string; page: number; x: number; y: number; width: number; height: number };

type PdfDoc = { numPages: number; getPage(n: number): Promise<PdfPage>; destroy(): Promise<void> };
type PdfPage = {
  getViewport(o: { scale: number }): { width: number; height: number };
  render(o: { canvas: HTMLCanvasElement; viewport: { width: number; height: number } }): { promise: Promise<void> };
};

let worker: Worker | null = null;

async function loadPdf(url: string): Promise<PdfDoc> {
  const pdfjs = await import("pdfjs-dist");
  // The worker comes from our own origin (bundled), never a CDN.
  worker ??= new Worker(new URL("pdfjs-dist/build/pdf.worker.min.mjs", import.meta.url), { type: "module" });
  pdfjs.GlobalWorkerOptions.workerPort = worker;
  return (await pdfjs.getDocument({ url, withCredentials: true }).promise) as unknown as PdfDoc;
}

export function PdfPages({
  url,
  title,
  pages,
  fields,
  renderField,
  onFailed,
}: {
  url: string;
  title: string;
  pages: PageSize[];
  fields: OverlayField[];
  renderField: (f: OverlayField) => ReactNode;
  onFailed: () => void;
}) {
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let doc: PdfDoc | null = null;
    (async () => {
      try {
        doc = await loadPdf(url);
        if (cancelled) return void doc.destroy();
        for (let i = 0; i < doc.numPages && !cancelled; i++) {
          const canvas = canvases.current[i];
          if (!canvas) continue;
          const page = await doc.getPage(i + 1);
          const base = page.getViewport({ scale: 1 });
          const target = Math.min(1600, canvas.clientWidth * Math.min(2, window.devicePixelRatio || 1));
          const viewport = page.getViewport({ scale: target / base.width });
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          await page.render({ canvas, viewport }).promise;
          if (i === 0) setReady(true);
        }
      } catch (e) {
        console.error(e);
        if (!cancelled) onFailed();
      }
    })();
    return () => {
      cancelled = true;
      void doc?.destroy();
    };
  }, [url, onFailed]);

  return (
    <div className="space-y-4" aria-label={`${title}, ${pages.length} ${pages.length === 1 ? "page" : "pages"}`} role="group">
      {pages.map((p, i) => (
        <div
          key={i}
          className="relative w-full overflow-hidden bg-white shadow-sm ring-1 ring-gray-300"
          style={{ aspectRatio: `${p.width} / ${p.height}`, containerType: "inline-size" }}
        >
          <canvas ref={(el) => void (canvases.current[i] = el)} className="absolute inset-0 h-full w-full" aria-hidden />
          {!ready && i === 0 && <p className="absolute inset-x-0 top-1/3 text-center text-sm text-gray-500">Loading the document…</p>}
          {fields
            .filter((f) => f.page === i)
            .map((f) => (
              <div
                key={f.id}
                className="absolute"
                style={{ left: `${f.x * 100}%`, top: `${f.y * 100}%`, width: `${f.width * 100}%`, height: `${f.height * 100}%` }}
              >
                {renderField(f)}
              </div>
            ))}
          <span className="absolute right-2 bottom-1 text-[10px] text-gray-400">
            Page {i + 1} of {pages.length}
          </span>
        </div>
      ))}
    </div>
  );
}
