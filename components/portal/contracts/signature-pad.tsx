"use client";
// Draw a signature with a finger, pen or mouse (signature_pad), sized to the box and the screen's pixel ratio (capped,
// so the PNG stays small); every stroke hands the parent a PNG data URL, Clear hands it null.
import SignaturePad from "signature_pad";
import { useEffect, useRef } from "react";

export function SignatureDrawPad({ onChange, label }: { onChange: (png: string | null) => void; label: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const pad = new SignaturePad(canvas, { penColor: "#0b1a5a", minWidth: 0.8, maxWidth: 2.6 });
    padRef.current = pad;
    const resize = () => {
      const ratio = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
      const data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d")!.scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    };
    resize();
    const changed = () => onChange(pad.isEmpty() ? null : pad.toDataURL("image/png"));
    pad.addEventListener("endStroke", changed);
    window.addEventListener("resize", resize);
    return () => {
      pad.removeEventListener("endStroke", changed);
      window.removeEventListener("resize", resize);
      pad.off();
    };
  }, [onChange]);

  return (
    <div>
      <canvas
        ref={canvasRef}
        className="h-40 w-full touch-none rounded-md bg-white ring-1 ring-gray-300 sm:h-44"
        role="img"
        aria-label={label}
      />
      <div className="mt-2 flex items-center justify-between text-xs text-gray-600">
        <span>Draw inside the box.</span>
        <button
          type="button"
          className="rounded px-2 py-1 font-medium text-gray-700 ring-1 ring-gray-300 hover:bg-gray-50"
          onClick={() => {
            padRef.current?.clear();
            onChange(null);
          }}
        >
          Clear
        </button>
      </div>
    </div>
  );
}
