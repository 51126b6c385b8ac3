"use client";
// The answers form of a request. Its controls live in the page (tied here by form="answers-form"), so without
// JavaScript it is a plain form: Save posts the answers (303 back with "Saved"), Submit posts them to submit.
// With JavaScript the answers are also saved as the client types: ~800 ms after the last keystroke and when a field
// loses focus, as JSON. A failed save retries with backoff. A 401 means the secure session went idle: the typed
// values go to sessionStorage (a second copy besides the server's drafts) and the client goes to the code step;
// back on this page, values newer than the server's drafts are put back and saved.
import { useCallback, useEffect, useRef, useState } from "react";
import { ANSWERS_FORM_ID } from "./request-question";

type Answers = Record<string, string | string[]>;
type Status = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "retrying" } | { kind: "stopped"; message: string };

const DEBOUNCE_MS = 800;
const storageKey = (requestId: string) => `request-draft:${requestId}`;

/** The answers the form holds now, in the shape the server reads (multiple choice as a list). */
function answersOf(form: HTMLFormElement): Answers {
  const data = new FormData(form);
  const out: Answers = {};
  for (const id of data.getAll("items")) {
    if (typeof id !== "string") continue;
    const values = data.getAll(`a.${id}`).filter((v): v is string => typeof v === "string");
    out[id] = data.has(`m.${id}`) ? values : (values[0] ?? "");
  }
  return out;
}

/** Puts saved values back into the form's controls (after re-authentication). */
function restore(form: HTMLFormElement, answers: Answers) {
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) continue;
    if (!el.name.startsWith("a.")) continue;
    const v = answers[el.name.slice(2)];
    if (v === undefined) continue;
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox")) el.checked = Array.isArray(v) ? v.includes(el.value) : v === el.value;
    else el.value = Array.isArray(v) ? v.join(", ") : v;
  }
}

function showItemErrors(items: Record<string, string>) {
  document.querySelectorAll<HTMLElement>("[id^='item-err-']").forEach((el) => {
    const id = el.id.slice("item-err-".length);
    el.textContent = items[id] ?? "";
    // The controls of that item say so to screen readers too.
    document.querySelectorAll<HTMLElement>(`[name="a.${CSS.escape(id)}"]`).forEach((c) => (items[id] ? c.setAttribute("aria-invalid", "true") : c.removeAttribute("aria-invalid")));
  });
}

export function RequestForm({ requestId, serverSavedAt, canSubmit }: { requestId: string; serverSavedAt: string | null; canSubmit: boolean }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [submitting, setSubmitting] = useState(false);
  const [live, setLive] = useState(false); // false until hydrated: without JavaScript nothing saves by itself
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);
  const inFlight = useRef(false);
  const attempt = useRef(0);
  const stopped = useRef(false);
  // The server's time of the newest save this tab knows of: kept values are put back only if the server has nothing
  // newer (both times are the server's, so a client clock that is off, or the test clock, cannot mislead it).
  const base = useRef(serverSavedAt);
  // An upload also moves the server's time (router.refresh() brings the new one): without this, values kept at a 401
  // after an upload would look older than the server's drafts and be dropped after re-authentication.
  useEffect(() => {
    if (serverSavedAt && (!base.current || Date.parse(serverSavedAt) > Date.parse(base.current))) base.current = serverSavedAt;
  }, [serverSavedAt]);

  const save = useCallback(async () => {
    const form = formRef.current;
    if (!form || stopped.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (inFlight.current) {
      dirty.current = true; // saved again once the current one returns
      return;
    }
    dirty.current = false;
    inFlight.current = true;
    const answers = answersOf(form);
    setStatus({ kind: "saving" });
    let res: Response | null = null;
    try {
      res = await fetch(`/api/portal/requests/${requestId}/answers`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ answers }),
        credentials: "same-origin",
      });
    } catch {
      res = null;
    }
    inFlight.current = false;
    if (res?.ok) {
      const saved = (await res.json().catch(() => null)) as { savedAt?: string } | null;
      if (saved?.savedAt) base.current = saved.savedAt;
      attempt.current = 0;
      sessionStorage.removeItem(storageKey(requestId));
      showItemErrors({});
      setStatus({ kind: "saved", at: new Date() });
      if (dirty.current) void save();
      return;
    }
    if (res?.status === 401) {
      // Keep what was typed in this tab too, then get a fresh code; the page restores it afterwards. Read the form
      // again: the client may have typed on while the refused save was on its way.
      sessionStorage.setItem(storageKey(requestId), JSON.stringify({ base: base.current, answers: answersOf(form) }));
      stopped.current = true;
      window.location.assign(`/verify?reauth=1&next=${encodeURIComponent(`/requests/${requestId}`)}`);
      return;
    }
    const body = res ? ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string; items?: Record<string, string> } } | null) : null;
    if (res && res.status >= 400 && res.status < 500 && body?.error) {
      // The client's input or the request's state: retrying would not help.
      if (body.error.items) showItemErrors(body.error.items);
      if (res.status === 409) stopped.current = true;
      setStatus({ kind: "stopped", message: body.error.message ?? "Couldn't save." });
      return;
    }
    // Network or server trouble: keep a copy locally (as the form is now) and retry with backoff (2 s, 4 s, 8 s … 30 s).
    sessionStorage.setItem(storageKey(requestId), JSON.stringify({ base: base.current, answers: answersOf(form) }));
    attempt.current++;
    setStatus({ kind: "retrying" });
    timer.current = setTimeout(() => void save(), Math.min(30_000, 1000 * 2 ** attempt.current));
  }, [requestId]);

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    setLive(true);
    // Values typed before an idle sign-out, newer than the server's drafts: put them back and save them.
    try {
      const kept = JSON.parse(sessionStorage.getItem(storageKey(requestId)) ?? "null") as { base: string | null; answers: Answers } | null;
      if (kept && (!serverSavedAt || (kept.base && Date.parse(serverSavedAt) <= Date.parse(kept.base)))) {
        restore(form, kept.answers);
        void save();
      } else if (kept) sessionStorage.removeItem(storageKey(requestId));
    } catch {
      sessionStorage.removeItem(storageKey(requestId));
    }
    const mine = (t: EventTarget | null) => (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) && t.form === form && t.name.startsWith("a.");
    const onInput = (e: Event) => {
      if (!mine(e.target)) return;
      dirty.current = true;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), DEBOUNCE_MS);
    };
    const onBlur = (e: Event) => {
      if (mine(e.target) && dirty.current) void save();
    };
    document.addEventListener("input", onInput);
    document.addEventListener("change", onInput);
    document.addEventListener("focusout", onBlur);
    return () => {
      document.removeEventListener("input", onInput);
      document.removeEventListener("change", onInput);
      document.removeEventListener("focusout", onBlur);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [requestId, serverSavedAt, save]);

  const statusText =
    status.kind === "saving"
      ? "Saving…"
      : status.kind === "saved"
        ? `Saved ${status.at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`
        : status.kind === "retrying"
          ? "Couldn't save — retrying"
          : status.kind === "stopped"
            ? status.message
            : live
              ? "Your answers are saved as you type."
              : "Press Save to keep your answers; you can finish later.";

  return (
    <form
      id={ANSWERS_FORM_ID}
      ref={formRef}
      method="post"
      action={`/api/portal/requests/${requestId}/answers`}
      onSubmit={(e) => {
        // The native post carries every answer; stop the autosave so it does not race the submit.
        if (timer.current) clearTimeout(timer.current);
        stopped.current = true;
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        if (submitter?.value === "submit") setSubmitting(true);
      }}
      className="flex flex-col gap-3 border-t border-gray-200 pt-5 sm:flex-row sm:items-center sm:justify-between"
    >
      <p aria-live="polite" className={`text-sm ${status.kind === "retrying" || status.kind === "stopped" ? "text-red-700" : "text-gray-600"}`}>
        {statusText}
      </p>
      <div className="flex flex-col-reverse gap-2 sm:flex-row">
        <button type="submit" name="do" value="save" className="rounded-md bg-white px-4 py-2.5 text-sm font-semibold text-gray-800 shadow-sm ring-1 ring-inset ring-gray-300 hover:bg-gray-50">
          Save
        </button>
        {canSubmit && (
          <button
            type="submit"
            name="do"
            value="submit"
            formAction={`/api/portal/requests/${requestId}/submit`}
            disabled={submitting}
            className="rounded-md bg-[var(--portal-color)] px-4 py-2.5 text-sm font-semibold text-[var(--portal-text)] shadow-sm hover:opacity-90 disabled:opacity-60"
          >
            {submitting ? "Submitting…" : "Submit"}
          </button>
        )}
      </div>
    </form>
  );
}
