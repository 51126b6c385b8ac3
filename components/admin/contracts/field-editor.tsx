"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import type { ContractFieldKind, ContractPage } from "@/lib/db/schema";
import { fieldKindLabels } from "./labels";

export type EditorSigner = { id: string; name: string; colour: string };
export type EditorField = { signerId: string; kind: ContractFieldKind; page: number; x: number; y: number; width: number; height: number; label: string | null; required: boolean };
type Placed = EditorField & { key: number };

const KINDS: ContractFieldKind[] = ["signature", "initials", "date", "text"];
/** New boxes, as fractions of the page. */
const SIZES: Record<ContractFieldKind, { width: number; height: number }> = {
  signature: { width: 0.3, height: 0.06 },
  initials: { width: 0.1, height: 0.05 },
  date: { width: 0.2, height: 0.04 },
  text: { width: 0.3, height: 0.04 },
};
const MIN = 0.01;
const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
const round = (v: number) => Math.round(v * 10_000) / 10_000;

/**
 * The field editor: the PDF's pages drawn in the browser (pdfjs-dist, its worker served from our origin as a bundled
 * chunk), a box per field in its signer's colour, dragged and resized with a pointer or moved with the keyboard, and
 * the whole set saved in one call. Until the PDF is drawn (or without JavaScript) the server-rendered `children`
 * (a plain list with "add a field" forms) are what the page shows.
 */
export function FieldEditor({
  slug,
  contractId,
  pdfUrl,
  pages,
  signers,
  initial,
  save,
  children,
}: {
  slug: string;
  contractId: string;
  pdfUrl: string;
  pages: ContractPage[];
  signers: EditorSigner[];
  initial: EditorField[];
  save: (slug: string, raw: unknown) => Promise<ActionResult<{ fields: number }>>;
  children: ReactNode;
}) {
  const router = useRouter();
  const helpId = useId();
  const nextKey = useRef(initial.length);
  const [fields, setFields] = useState<Placed[]>(() => initial.map((f, i) => ({ ...f, key: i })));
  const [selected, setSelected] = useState<number | null>(null);
  const [chosenSigner, setSignerId] = useState(signers[0]?.id ?? "");
  // The chosen signer, or the first one when the choice is gone (signers changed on the server).
  const signerId = signers.some((s) => s.id === chosenSigner) ? chosenSigner : (signers[0]?.id ?? "");
  const [targetPage, setTargetPage] = useState(pages.length - 1);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [ready, setReady] = useState(false);
  const [loadError, setLoadError] = useState(false);
  // False in the server's HTML: without JavaScript nothing is "loading", the plain list is the editor.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const pageEls = useRef<(HTMLDivElement | null)[]>([]);
  const boxEls = useRef(new Map<number, HTMLDivElement>());

  // Draw every page once the PDF is fetched (same origin; the admin's cookie goes with it).
  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | undefined;
    (async () => {
      try {
        const pdfjs = await import("pdfjs-dist");
        if (cancelled) return;
        // A worker of its own (bundled, so served from our origin as the CSP wants): a shared one would be torn down
        // by the previous render's cleanup while this one still needs it.
        const port = new Worker(new URL("pdfjs-dist/build/pdf.worker.min.mjs", import.meta.url), { type: "module" });
        const worker = pdfjs.PDFWorker.create({ port });
        const task = pdfjs.getDocument({ url: pdfUrl, withCredentials: true, worker });
        destroy = () => void task.destroy().finally(() => (worker.destroy(), port.terminate()));
        const doc = await task.promise;
        if (cancelled) return;
        setReady(true);
        await new Promise((r) => requestAnimationFrame(r));
        for (let i = 0; i < doc.numPages && !cancelled; i++) {
          const canvas = canvases.current[i];
          const holder = pageEls.current[i];
          if (!canvas || !holder) continue;
          const page = await doc.getPage(i + 1);
          const base = page.getViewport({ scale: 1 });
          const dpr = Math.min(window.devicePixelRatio || 1, 2);
          const viewport = page.getViewport({ scale: (holder.clientWidth * dpr) / base.width });
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          await page.render({ canvas, viewport }).promise;
        }
      } catch (e) {
        if (cancelled) return;
        console.error("Could not draw the PDF", e);
        setLoadError(true);
      }
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [pdfUrl]);

  // Unsaved boxes are easy to lose: the browser asks before leaving.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const change = useCallback((key: number, patch: Partial<EditorField>) => {
    setFields((all) => all.map((f) => (f.key === key ? { ...f, ...patch } : f)));
    setDirty(true);
    setStatus(null);
  }, []);

  const add = (kind: ContractFieldKind) => {
    if (!signerId) return;
    const size = SIZES[kind];
    const onPage = fields.filter((f) => f.page === targetPage).length;
    const y = clamp(0.4 + (onPage % 8) * 0.06, 0, 1 - size.height);
    const key = nextKey.current++;
    const label = kind === "text" ? "Text" : null;
    setFields((all) => [...all, { key, signerId, kind, page: targetPage, x: round(0.5 - size.width / 2), y: round(y), ...size, label, required: true }]);
    setSelected(key);
    setDirty(true);
    setStatus(null);
    requestAnimationFrame(() => {
      const el = boxEls.current.get(key);
      el?.focus();
      el?.scrollIntoView({ block: "center", behavior: "smooth" });
    });
  };

  const remove = (key: number) => {
    setFields((all) => all.filter((f) => f.key !== key));
    setSelected(null);
    setDirty(true);
    setStatus(null);
  };

  // Dragging: the pointer's movement as a fraction of the page's drawn size; the box never leaves its page.
  const drag = (e: ReactPointerEvent<HTMLElement>, f: Placed, mode: "move" | "resize") => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const holder = pageEls.current[f.page];
    if (!holder) return;
    const rect = holder.getBoundingClientRect();
    const start = { px: e.clientX, py: e.clientY, x: f.x, y: f.y, w: f.width, h: f.height };
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    boxEls.current.get(f.key)?.focus({ preventScroll: true });
    setSelected(f.key);
    const move = (ev: PointerEvent) => {
      const dx = (ev.clientX - start.px) / rect.width;
      const dy = (ev.clientY - start.py) / rect.height;
      if (mode === "move") change(f.key, { x: round(clamp(start.x + dx, 0, 1 - start.w)), y: round(clamp(start.y + dy, 0, 1 - start.h)) });
      else change(f.key, { width: round(clamp(start.w + dx, MIN, 1 - start.x)), height: round(clamp(start.h + dy, MIN, 1 - start.y)) });
    };
    const up = () => {
      target.removeEventListener("pointermove", move as EventListener);
      target.removeEventListener("pointerup", up);
      target.removeEventListener("pointercancel", up);
    };
    target.addEventListener("pointermove", move as EventListener);
    target.addEventListener("pointerup", up);
    target.addEventListener("pointercancel", up);
  };

  // The keyboard does all a pointer does: arrows move (Shift: further), Alt+arrows resize, Delete removes.
  const onKey = (e: KeyboardEvent<HTMLDivElement>, f: Placed) => {
    const step = e.shiftKey ? 0.05 : 0.005;
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
    if (d) {
      e.preventDefault();
      if (e.altKey) change(f.key, { width: round(clamp(f.width + d[0], MIN, 1 - f.x)), height: round(clamp(f.height + d[1], MIN, 1 - f.y)) });
      else change(f.key, { x: round(clamp(f.x + d[0], 0, 1 - f.width)), y: round(clamp(f.y + d[1], 0, 1 - f.height)) });
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      remove(f.key);
    } else if (e.key === "Escape") {
      setSelected(null);
    }
  };

  const onSave = async () => {
    setSaving(true);
    setStatus(null);
    const res = await save(slug, { contractId, fields: fields.map(({ key: _k, ...f }) => ({ ...f, label: f.label ?? undefined })) });
    setSaving(false);
    if (res.ok) {
      setDirty(false);
      setStatus({ tone: "success", text: `Saved ${res.data.fields} field${res.data.fields === 1 ? "" : "s"}.` });
      router.refresh();
    } else {
      const first = res.fieldErrors ? Object.entries(res.fieldErrors).find(([, m]) => m?.length) : undefined;
      const index = first?.[0].match(/^fields\.(\d+)/)?.[1];
      if (index !== undefined && fields[Number(index)]) setSelected(fields[Number(index)].key);
      setStatus({ tone: "error", text: first?.[1]?.[0] ?? res.message });
    }
  };

  const signerOf = (id: string) => signers.find((s) => s.id === id);
  const current = fields.find((f) => f.key === selected) ?? null;

  if (signers.length === 0) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-gray-600">Add at least one signer above, then place their fields here.</p>
        {children}
      </div>
    );
  }

  return (
    <div>
      {(!ready || loadError) && (
        <div className="space-y-3">
          {loadError ? (
            <Alert tone="warning">The PDF could not be drawn in this browser. Add fields with the form below instead.</Alert>
          ) : (
            mounted && <p className="text-sm text-gray-500">Loading the document…</p>
          )}
          {children}
        </div>
      )}
      <div hidden={!ready || loadError}>
        <div className="z-20 -mx-5 mb-4 border-b border-gray-200 bg-white/95 px-5 py-3 backdrop-blur sm:sticky sm:top-0">
          <div className="flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="editor-signer" className="block text-xs font-medium text-gray-700">
                Signer
              </label>
              <div className="flex items-center gap-2">
                <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ background: signerOf(signerId)?.colour }} />
                <Select id="editor-signer" value={signerId} onChange={(e) => setSignerId(e.target.value)} className="w-auto">
                  {signers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </Select>
              </div>
            </div>
            <div>
              <label htmlFor="editor-page" className="block text-xs font-medium text-gray-700">
                On page
              </label>
              <Select id="editor-page" value={targetPage} onChange={(e) => setTargetPage(Number(e.target.value))} className="w-auto">
                {pages.map((_, i) => (
                  <option key={i} value={i}>
                    {i + 1}
                  </option>
                ))}
              </Select>
            </div>
            <div role="group" aria-label="Add a field" className="flex flex-wrap gap-2">
              {KINDS.map((k) => (
                <Button key={k} type="button" variant="secondary" onClick={() => add(k)}>
                  + {fieldKindLabels[k]}
                </Button>
              ))}
            </div>
            <div className="ml-auto flex items-center gap-3">
              <span className="text-xs text-gray-500" aria-live="polite">
                {dirty ? "Unsaved changes" : ""}
              </span>
              <Button type="button" onClick={onSave} disabled={saving}>
                {saving ? "Saving…" : "Save fields"}
              </Button>
            </div>
          </div>
          {status && (
            <div className="mt-3">
              <Alert tone={status.tone}>{status.text}</Alert>
            </div>
          )}
          {current && (
            <div className="mt-3 flex flex-wrap items-end gap-3 rounded-md bg-gray-50 p-3 ring-1 ring-gray-200 ring-inset" aria-label="Selected field">
              <div>
                <label htmlFor="sel-signer" className="block text-xs font-medium text-gray-700">
                  Field for
                </label>
                <Select id="sel-signer" value={current.signerId} onChange={(e) => change(current.key, { signerId: e.target.value })} className="w-auto">
                  {signers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </Select>
              </div>
              <div>
                <label htmlFor="sel-kind" className="block text-xs font-medium text-gray-700">
                  Kind
                </label>
                <Select
                  id="sel-kind"
                  value={current.kind}
                  onChange={(e) => {
                    const kind = e.target.value as ContractFieldKind;
                    change(current.key, { kind, label: kind === "text" ? (current.label ?? "Text") : current.label });
                  }}
                  className="w-auto"
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {fieldKindLabels[k]}
                    </option>
                  ))}
                </Select>
              </div>
              <div>
                <label htmlFor="sel-page" className="block text-xs font-medium text-gray-700">
                  Page
                </label>
                <Select id="sel-page" value={current.page} onChange={(e) => change(current.key, { page: Number(e.target.value) })} className="w-auto">
                  {pages.map((_, i) => (
                    <option key={i} value={i}>
                      {i + 1}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="min-w-40 flex-1">
                <label htmlFor="sel-label" className="block text-xs font-medium text-gray-700">
                  Label{current.kind === "text" ? "" : " (optional)"}
                </label>
                <Input id="sel-label" value={current.label ?? ""} maxLength={100} onChange={(e) => change(current.key, { label: e.target.value || null })} placeholder={current.kind === "text" ? "e.g. Company name" : ""} />
              </div>
              <label className="flex items-center gap-2 pb-2 text-sm text-gray-800">
                <input type="checkbox" checked={current.required} onChange={(e) => change(current.key, { required: e.target.checked })} className="size-4 rounded border-gray-300" />
                Required
              </label>
              <Button type="button" variant="danger" onClick={() => remove(current.key)}>
                Remove field
              </Button>
            </div>
          )}
        </div>
        <p id={helpId} className="mb-3 text-xs text-gray-500">
          Drag a box to move it, or its corner to resize it. With the keyboard: Tab to a box, arrow keys move it (Shift moves further), Alt with arrow
          keys resizes, Delete removes it.
        </p>
        <div className="space-y-6" onPointerDown={() => setSelected(null)}>
          {pages.map((p, i) => (
            <section key={i} aria-label={`Page ${i + 1} of ${pages.length}`}>
              <p className="mb-1 text-xs text-gray-500">
                Page {i + 1} of {pages.length}
              </p>
              <div
                ref={(el) => {
                  pageEls.current[i] = el;
                }}
                className="relative w-full touch-none bg-white shadow ring-1 ring-gray-200 select-none"
                style={{ aspectRatio: `${p.width} / ${p.height}` }}
              >
                <canvas
                  ref={(el) => {
                    canvases.current[i] = el;
                  }}
                  className="absolute inset-0 h-full w-full"
                  aria-hidden
                />
                {fields
                  .filter((f) => f.page === i)
                  .map((f) => {
                    const s = signerOf(f.signerId);
                    const colour = s?.colour ?? "#6b7280";
                    const isSel = f.key === selected;
                    return (
                      <div
                        key={f.key}
                        ref={(el) => {
                          if (el) boxEls.current.set(f.key, el);
                          else boxEls.current.delete(f.key);
                        }}
                        role="button"
                        tabIndex={0}
                        aria-pressed={isSel}
                        aria-describedby={helpId}
                        aria-label={`${fieldKindLabels[f.kind]}${f.label ? ` “${f.label}”` : ""} for ${s?.name ?? "a removed signer"}, page ${i + 1}, ${Math.round(f.x * 100)}% from the left, ${Math.round(f.y * 100)}% from the top`}
                        onPointerDown={(e) => drag(e, f, "move")}
                        onFocus={() => setSelected(f.key)}
                        onKeyDown={(e) => onKey(e, f)}
                        className={`absolute flex cursor-move items-center overflow-hidden rounded-sm px-1 text-[11px] leading-tight font-medium text-gray-900 outline-none ${isSel ? "z-10 ring-2 ring-offset-1" : ""}`}
                        style={{
                          left: `${f.x * 100}%`,
                          top: `${f.y * 100}%`,
                          width: `${f.width * 100}%`,
                          height: `${f.height * 100}%`,
                          background: `${colour}26`,
                          border: `1.5px solid ${colour}`,
                          // The selection ring in the signer's colour.
                          ["--tw-ring-color" as string]: colour,
                        }}
                      >
                        <span className="truncate">
                          {f.kind === "text" ? (f.label ?? "Text") : fieldKindLabels[f.kind]}
                          <span className="font-normal text-gray-700"> · {s?.name.split(" ")[0]}</span>
                        </span>
                        <span
                          aria-hidden
                          onPointerDown={(e) => drag(e, f, "resize")}
                          className="absolute right-0 bottom-0 size-3 cursor-se-resize"
                          style={{ background: colour }}
                        />
                      </div>
                    );
                  })}
              </div>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
