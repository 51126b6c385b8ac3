"use client";
// Two minutes before a two-factor session goes idle, an accessible warning with one button that counts as activity;
// once it has gone idle, the code step (`/verify?reauth=1&next=<next>`): answers are saved as drafts on the server,
// so nothing typed is lost. Polling /api/portal/session-status is not activity, so it never keeps a session alive.
import { useCallback, useEffect, useRef, useState } from "react";

const POLL_MS = 30_000;
const WARN_MS = 2 * 60_000;

function mmss(ms: number) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

type Status = { idleExpiresAt: string; now: string };

export function IdleWarning(props: { idleExpiresAt: string; next: string }) {
  // The deadline on this device's clock: the server's idle expiry minus the server's now, added to ours.
  const [deadline, setDeadline] = useState(() => new Date(props.idleExpiresAt).getTime());
  const [left, setLeft] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const gone = useRef(false);

  const leave = useCallback(() => {
    if (gone.current) return;
    gone.current = true;
    window.location.assign(`/verify?reauth=1&next=${encodeURIComponent(props.next)}`);
  }, [props.next]);

  const apply = useCallback((s: Status) => setDeadline(Date.now() + (new Date(s.idleExpiresAt).getTime() - new Date(s.now).getTime())), []);

  const check = useCallback(
    async (method: "GET" | "POST") => {
      try {
        const res = await fetch("/api/portal/session-status", { method, cache: "no-store", credentials: "same-origin" });
        if (res.status === 401) return leave();
        if (res.ok) apply((await res.json()) as Status);
      } catch {
        // Offline for a moment: the next poll tries again.
      }
    },
    [apply, leave],
  );

  useEffect(() => {
    void check("GET");
    const id = setInterval(() => void check("GET"), POLL_MS);
    return () => clearInterval(id);
  }, [check]);

  useEffect(() => {
    const tick = () => {
      const ms = deadline - Date.now();
      setLeft(ms);
      if (ms <= 0) void check("GET");
    };
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [deadline, check]);

  // Not focused on appearing: the client may be typing an answer, and moving the caret would lose keystrokes.
  if (left === null || left > WARN_MS) return null;
  return (
    <div role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-text" className="fixed inset-x-0 bottom-0 z-50 p-4 sm:inset-x-auto sm:right-4 sm:bottom-4 sm:max-w-sm">
      <div className="rounded-lg bg-white p-4 shadow-lg ring-1 ring-amber-300">
        <p id="idle-title" className="font-semibold text-gray-900">
          Are you still there?
        </p>
        <p id="idle-text" className="mt-1 text-sm text-gray-700">
          Your secure session ends in <span className="font-mono tabular-nums">{mmss(left)}</span> unless you continue. Your answers are saved.
        </p>
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await check("POST");
            setBusy(false);
          }}
          className="mt-3 inline-flex w-full items-center justify-center rounded-md bg-[var(--portal-color,#111827)] px-4 py-2.5 text-sm font-semibold text-[var(--portal-text,#fff)] shadow-sm hover:opacity-90"
        >
          Stay signed in
        </button>
      </div>
    </div>
  );
}
