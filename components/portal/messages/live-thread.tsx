"use client";
// A conversation's thread and reply box, for the portal and the inbox alike. Before JavaScript loads it is a list and
// a plain multipart form (a 303 brings the page back with the new message). Once hydrated: new messages arrive by
// server-sent events (polling if the stream cannot be kept), what is shown while the page is visible is marked read,
// and a reply is sent without leaving the page.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { MessageJson } from "@/lib/conversations/message-json";
import { MAX_MESSAGE_CHARS, MAX_MESSAGE_FILES } from "@/lib/conversations/message-input";
import { messageForCode } from "@/lib/errors";
import { formatBytes, precheckUpload, UPLOAD_ACCEPT } from "@/lib/files/upload-types";

export type LiveThreadProps = {
  initial: MessageJson[];
  /** The feed (event stream or JSON), the read mark and the post URLs of this conversation. */
  feedUrl: string;
  readUrl: string;
  postUrl: string;
  /** False on an earlier page of the thread: no live feed, no reply box. */
  live: boolean;
  maxBytes: number;
  tone: "portal" | "admin";
  /** The error code a plain-form post came back with, if any. */
  formError?: string | null;
  /** Who the messages go to, for the reply box's label. */
  replyLabel: string;
  emptyText: string;
};

const timeFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const utcFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function LiveThread(p: LiveThreadProps) {
  const [messages, setMessages] = useState<MessageJson[]>(p.initial);
  const [status, setStatus] = useState<"idle" | "live" | "polling" | "ended">("idle");
  const [error, setError] = useState<string | null>(p.formError ? messageForCode(p.formError) : null);
  const [sending, setSending] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [hydrated, setHydrated] = useState(false);
  const lastSeq = useRef(p.initial.at(-1)?.seq ?? 0);
  const readSeq = useRef(0);
  const list = useRef<HTMLOListElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = useId();
  useEffect(() => setHydrated(true), []);

  const add = useCallback((incoming: MessageJson[]) => {
    if (incoming.length === 0) return;
    setMessages((all) => {
      const known = new Set(all.map((m) => m.seq));
      const fresh = incoming.filter((m) => !known.has(m.seq));
      if (fresh.length === 0) return all;
      return [...all, ...fresh].sort((a, b) => a.seq - b.seq);
    });
    lastSeq.current = Math.max(lastSeq.current, ...incoming.map((m) => m.seq));
  }, []);

  // Mark read what is on screen, while the page is visible.
  const markRead = useCallback(() => {
    if (document.visibilityState !== "visible" || lastSeq.current <= readSeq.current) return;
    const seq = lastSeq.current;
    readSeq.current = seq;
    void fetch(p.readUrl, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ seq }) }).catch(() => {
      readSeq.current = 0;
    });
  }, [p.readUrl]);

  useEffect(() => {
    if (!p.live) return;
    readSeq.current = lastSeq.current; // the page's render marked these
    let source: EventSource | null = null;
    let poll: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const url = (after: number) => `${p.feedUrl}${p.feedUrl.includes("?") ? "&" : "?"}after=${after}`;

    const startPolling = () => {
      setStatus("polling");
      const tick = async () => {
        if (stopped) return;
        try {
          const res = await fetch(url(lastSeq.current), { headers: { accept: "application/json" }, cache: "no-store" });
          if (res.status === 401 || res.status === 403 || res.status === 404) {
            setStatus("ended");
            return;
          }
          if (res.ok) add(((await res.json()) as { messages: MessageJson[] }).messages);
        } catch {
          // offline for a moment: try again
        }
        poll = setTimeout(tick, 4000);
      };
      void tick();
    };

    if (typeof EventSource === "undefined") startPolling();
    else {
      let failures = 0;
      source = new EventSource(url(lastSeq.current));
      source.addEventListener("open", () => {
        failures = 0;
        setStatus("live");
      });
      source.addEventListener("message", (e) => add([JSON.parse((e as MessageEvent<string>).data) as MessageJson]));
      source.addEventListener("end", () => {
        source?.close();
        setStatus("ended");
      });
      source.addEventListener("error", () => {
        failures += 1;
        // Closed for good (an error status), or a network that keeps dropping the stream: poll instead.
        if (source?.readyState === EventSource.CLOSED || failures >= 3) {
          source?.close();
          source = null;
          startPolling();
        }
      });
    }
    const onVisible = () => markRead();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      source?.close();
      if (poll) clearTimeout(poll);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [p.live, p.feedUrl, add, markRead]);

  // New messages: mark read and keep the newest in view.
  useEffect(() => {
    if (!p.live) return;
    markRead();
    const el = list.current?.lastElementChild;
    if (el && "scrollIntoView" in el) el.scrollIntoView({ block: "nearest" });
  }, [messages, p.live, markRead]);

  function pickFiles(picked: FileList | null) {
    const all = [...files, ...Array.from(picked ?? [])];
    if (all.length > MAX_MESSAGE_FILES) {
      setError(messageForCode("MESSAGE_TOO_MANY_FILES"));
      return;
    }
    for (const f of all) {
      const problem = precheckUpload(f, p.maxBytes);
      if (problem) {
        setError(`${f.name}: ${messageForCode(problem)}`);
        return;
      }
    }
    setError(null);
    setFiles(all);
  }

  async function send(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending) return;
    const form = e.currentTarget;
    const text = String(new FormData(form).get("body") ?? "");
    if (!text.trim() && files.length === 0) {
      setError(messageForCode("MESSAGE_EMPTY"));
      return;
    }
    setSending(true);
    setError(null);
    const data = new FormData();
    data.set("body", text);
    for (const f of files) data.append("files", f, f.name);
    try {
      const res = await fetch(p.postUrl, { method: "POST", body: data, headers: { accept: "application/json" } });
      const answer = (await res.json().catch(() => ({}))) as { message?: MessageJson; error?: { code: string; message: string } };
      if (res.ok && answer.message) {
        add([answer.message]);
        form.reset();
        setFiles([]);
        if (fileInput.current) fileInput.current.value = "";
      } else if (res.status === 401) {
        setError("You were signed out. Copy your message, sign in again, then send it.");
      } else {
        setError(answer.error?.message ?? messageForCode("INTERNAL"));
      }
    } catch {
      setError("Your message was not sent: the connection dropped. Check your connection and send it again.");
    } finally {
      setSending(false);
    }
  }

  const admin = p.tone === "admin";
  const mineBubble = admin ? "bg-brand-600 text-white" : "bg-[var(--portal-color)] text-[var(--portal-text)]";
  const button = admin
    ? "inline-flex items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
    : "inline-flex items-center justify-center rounded-md bg-[var(--portal-color)] px-4 py-2 text-sm font-semibold text-[var(--portal-text)] shadow-sm hover:opacity-90 disabled:opacity-60";

  return (
    <div className="flex flex-col gap-4">
      {messages.length === 0 ? (
        <p className="rounded-md bg-gray-50 px-4 py-6 text-center text-sm text-gray-600">{p.emptyText}</p>
      ) : (
        <ol ref={list} className="flex flex-col gap-3" aria-label="Messages, oldest first" aria-live="polite" aria-relevant="additions">
          {messages.map((m, i) => (
            <li key={m.seq} id={i === messages.length - 1 ? "latest" : undefined} className={`flex flex-col ${m.mine ? "items-end" : "items-start"}`}>
              <p className="mb-1 px-1 text-xs text-gray-500">
                <span className="font-medium text-gray-700">{m.mine && !admin ? "You" : m.authorName}</span> ·{" "}
                {/* The server knows no reader's time zone: UTC, said so, until the script shows every message (those on the
                    page and those that arrive) in the reader's own time. */}
                <time dateTime={m.createdAt}>{hydrated ? timeFmt.format(new Date(m.createdAt)) : `${utcFmt.format(new Date(m.createdAt))} UTC`}</time>
              </p>
              <div className={`max-w-[85%] rounded-2xl px-4 py-2.5 text-sm shadow-sm sm:max-w-[75%] ${m.mine ? mineBubble : "bg-white text-gray-900 ring-1 ring-gray-200"}`}>
                {m.body && <p className="break-words whitespace-pre-wrap">{m.body}</p>}
                {m.attachments.length > 0 && (
                  <ul className={`space-y-1 ${m.body ? "mt-2" : ""}`} aria-label="Attachments">
                    {m.attachments.map((a) => (
                      <li key={a.id}>
                        <a
                          href={a.url}
                          className={`flex items-center gap-2 rounded-md px-2 py-1.5 text-sm underline-offset-2 hover:underline ${m.mine ? "bg-black/10" : "bg-gray-50 ring-1 ring-gray-200"}`}
                        >
                          <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="h-4 w-4 shrink-0">
                            <path d="M13.5 6.5 7.8 12.2a1.6 1.6 0 0 0 2.3 2.3l6-6a3.2 3.2 0 0 0-4.5-4.5l-6.2 6.2a4.8 4.8 0 0 0 6.8 6.8L17 12" strokeLinecap="round" strokeLinejoin="round" />
                          </svg>
                          <span className="min-w-0 truncate font-medium">{a.name}</span>
                          <span className="shrink-0 text-xs opacity-80">{formatBytes(a.size)}</span>
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}

      {p.live && status === "ended" && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          New messages stopped arriving because you were signed out. Reload the page to sign in again.
        </p>
      )}

      {p.live && (
        <form id="reply" method="post" action={p.postUrl} encType="multipart/form-data" onSubmit={send} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-gray-200 sm:p-4">
          <label htmlFor={`${ids}-body`} className="block text-sm font-medium text-gray-800">
            {p.replyLabel}
          </label>
          <textarea
            id={`${ids}-body`}
            name="body"
            rows={3}
            maxLength={MAX_MESSAGE_CHARS}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
            }}
            aria-invalid={!!error || undefined}
            aria-describedby={error ? `${ids}-error` : `${ids}-hint`}
            className="mt-1 block w-full resize-y rounded-md border-0 bg-white px-3 py-2 text-base text-gray-900 shadow-sm ring-1 ring-gray-300 ring-inset placeholder:text-gray-400 focus:ring-2 focus:ring-gray-900 focus:ring-inset sm:text-sm"
            placeholder="Write a message…"
          />
          {files.length > 0 && (
            <ul className="mt-2 flex flex-wrap gap-2" aria-label="Files to send">
              {files.map((f, i) => (
                <li key={`${f.name}-${i}`} className="flex items-center gap-1 rounded-full bg-gray-100 py-1 pr-1 pl-3 text-xs text-gray-800">
                  <span className="max-w-48 truncate">{f.name}</span>
                  <button
                    type="button"
                    className="rounded-full px-1.5 text-gray-600 hover:bg-gray-200"
                    aria-label={`Remove ${f.name}`}
                    onClick={() => setFiles((all) => all.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          {error && (
            <p id={`${ids}-error`} role="alert" className="mt-2 text-sm font-medium text-red-700">
              {error}
            </p>
          )}
          <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
            <div className="text-sm">
              <label htmlFor={`${ids}-files`} className="cursor-pointer rounded focus-within:outline-2 font-medium text-gray-700 underline underline-offset-2 hover:text-gray-900">
                Attach files
              </label>
              <input
                ref={fileInput}
                id={`${ids}-files`}
                name="files"
                type="file"
                multiple
                accept={UPLOAD_ACCEPT}
                className={hydrated ? "sr-only" : "mt-1 block text-sm"}
                onChange={(e) => {
                  pickFiles(e.target.files);
                  e.target.value = "";
                }}
              />
              <span id={`${ids}-hint`} className="ml-2 text-xs text-gray-500">
                Up to {MAX_MESSAGE_FILES} files · {formatBytes(p.maxBytes)} each
              </span>
            </div>
            <button type="submit" className={button} disabled={sending}>
              {sending ? "Sending…" : "Send"}
            </button>
          </div>
        </form>
      )}
      {p.live && status !== "idle" && status !== "ended" && (
        <p className="sr-only" role="status">
          {status === "live" ? "New messages appear here as they arrive." : "New messages are checked every few seconds."}
        </p>
      )}
    </div>
  );
}
