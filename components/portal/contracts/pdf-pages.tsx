"use client";
// The contract's pages drawn with pdf.js in the browser, at the width of the screen, each with its fields laid over
// it: boxes are fractions of the page, so they sit right at any size. Pages take their known sizes at once (no jump
// while loading); a document with more pages than listed (the signed copy's audit pages) adds them once read. If
// pdf.js cannot run, `onFailed` lets the caller offer the browser's own viewer instead.
import { useEffect, useRef, useState, type ReactNode } from "react";

export type PageSize = { width: number; height: number };
export type OverlayField = { id: string; page: number; x: number; y: number; width: number; height: number };

type PdfPage = {
  getViewport(o: { scale: number }): { width: number; height: number };
  render(o: { canvas: HTMLCanvasElement; viewport: { width: number; height: number } }): { promise: Promise<void> };
};
type PdfDoc = { numPages: number; getPage(n: number): Promise<PdfPage> };
type LoadingTask = { promise: Promise<PdfDoc>; destroy(): Promise<void> };

let worker: Worker | null = null;

async function openPdf(url: string): Promise<LoadingTask> {
  const pdfjs = await import("pdfjs-dist");
  // The worker comes from our own origin (bundled), never a CDN.
  worker ??= new Worker(new URL("pdfjs-dist/build/pdf.worker.min.mjs", import.meta.url), { type: "module" });
  pdfjs.GlobalWorkerOptions.workerPort = worker;
  return pdfjs.getDocument({ url, withCredentials: true }) as unknown as LoadingTask;
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
  const [doc, setDoc] = useState<PdfDoc | null>(null);
  const [sizes, setSizes] = useState<PageSize[]>(pages);
  const [drawn, setDrawn] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let task: LoadingTask | null = null;
    (async () => {
      try {
        task = await openPdf(url);
        if (cancelled) return void task.destroy();
        const d = await task.promise;
        if (cancelled) return;
        const all: PageSize[] = [];
        for (let i = 0; i < d.numPages; i++) {
          const vp = (await d.getPage(i + 1)).getViewport({ scale: 1 });
          all.push({ width: vp.width, height: vp.height });
        }
        if (cancelled) return;
        setSizes(all);
        setDoc(d);
      } catch (e) {
        console.error(e);
        if (!cancelled) onFailed();
      }
    })();
    return () => {
      cancelled = true;
      void task?.destroy();
    };
  }, [url, onFailed]);

  useEffect(() => {
    if (!doc) return;
    let cancelled = false;
    (async () => {
      try {
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
          if (!cancelled) setDrawn(i + 1);
        }
      } catch (e) {
        console.error(e);
        if (!cancelled) onFailed();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [doc, onFailed]);

  return (
    <div className="space-y-4" aria-label={`${title}, ${sizes.length} ${sizes.length === 1 ? "page" : "pages"}`} role="group">
      {sizes.map((p, i) => (
        <div
          key={i}
          className="relative w-full overflow-hidden bg-white shadow-sm ring-1 ring-gray-300"
          style={{ aspectRatio: `${p.width} / ${p.height}`, containerType: "inline-size" }}
        >
          <canvas ref={(el) => void (canvases.current[i] = el)} className="absolute inset-0 h-full w-full" aria-hidden />
          {drawn <= i && <p className="absolute inset-x-0 top-1/3 text-center text-sm text-gray-500">Loading page {i + 1}…</p>}
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
            Page {i + 1} of {sizes.length}
          </span>
        </div>
      ))}
    </div>
  );
}
