import "server-only";
// A server-sent events response for a live feed: subscribes to the watcher, runs `pump` once at the start (catch-up)
// and after every wake (serialised, so two wakes never send a message twice), a comment every 15 s so proxies keep
// the connection, a re-check of access every minute even when nothing happens, and an end after a few minutes (the
// browser reconnects with Last-Event-ID, which re-authenticates). Closing the tab unsubscribes.
import { getConversationWatcher, type WatchKey } from "./watcher";

export type SseEvent = { id?: string; event?: string; data: unknown };
export type Send = (e: SseEvent) => void;

export type FeedOptions = {
  key: WatchKey;
  /** Sends what is new; false ends the stream (signed out, access removed). */
  pump: (send: Send, reason: "start" | "wake" | "recheck") => Promise<boolean>;
  maxMs?: number;
  heartbeatMs?: number;
  recheckMs?: number;
};

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  "x-accel-buffering": "no",
  connection: "keep-alive",
};

export function sseResponse(request: Request, o: FeedOptions): Response {
  const enc = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (s: string) => {
        if (closed) return;
        try {
          controller.enqueue(enc.encode(s));
        } catch {
          close();
        }
      };
      const send: Send = (e) => {
        let s = "";
        if (e.id) s += `id: ${e.id}\n`;
        if (e.event) s += `event: ${e.event}\n`;
        s += `data: ${JSON.stringify(e.data)}\n\n`;
        write(s);
      };
      let chain: Promise<void> = Promise.resolve();
      let queued = false;
      const run = (reason: "start" | "wake" | "recheck") => {
        if (queued || closed) return;
        queued = true;
        chain = chain.then(async () => {
          queued = false;
          if (closed) return;
          try {
            if (!(await o.pump(send, reason))) {
              send({ event: "end", data: { reason: "access" } });
              close();
            }
          } catch (e) {
            console.error("Live feed failed", e);
            close();
          }
        });
      };
      const unsubscribe = getConversationWatcher().subscribe(o.key, () => run("wake"));
      const heartbeat = setInterval(() => write(": ping\n\n"), o.heartbeatMs ?? 15_000);
      const recheck = setInterval(() => run("recheck"), o.recheckMs ?? 60_000);
      const end = setTimeout(() => close(), o.maxMs ?? 5 * 60_000);
      function close() {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(recheck);
        clearTimeout(end);
        request.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      }
      cleanup = close;
      request.signal.addEventListener("abort", close);
      write("retry: 3000\n\n");
      run("start");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}

/** The seq a feed starts after: Last-Event-ID (a reconnecting EventSource) wins over ?after=. */
export function feedStart(request: Request): number {
  const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? "0";
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  return n;
}

export const wantsEventStream = (request: Request) => (request.headers.get("accept") ?? "").includes("text/event-stream");
