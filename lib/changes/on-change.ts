import "server-only";
import { getHandles } from "@/lib/db/client";
import type { Change } from "./change";
import { listenForChanges, type ChangeListener } from "./listen-changes";

type Handler = (c: Change) => void;
// On globalThis: Next bundles the proxy, route handlers and server actions separately, each with its own copy of this
// module, and a change published by one (a server action) must reach the caches the others (the proxy) hold.
const g = globalThis as unknown as { __changeHandlers?: Set<Handler>; __changeListener?: ChangeListener | null };
const handlers = (g.__changeHandlers ??= new Set());

/**
 * Subscribes to changes from this process (at once, when published) and from every instance (when their
 * transaction commits, through LISTEN; this process's own changes come back that way too, after commit). So a
 * handler may run twice for one change and must only drop what it caches, never reload it. Returns unsubscribe.
 */
export function onChange(handler: Handler): () => void {
  handlers.add(handler);
  startChangeListener();
  return () => void handlers.delete(handler);
}

/** Hands a change to every handler in this process; a handler that throws is logged and the others still run. */
export function deliverChange(c: Change) {
  for (const h of handlers) {
    try {
      h(c);
    } catch (e) {
      console.error("[changes] a change handler failed:", (e as Error).message);
    }
  }
}

/**
 * Starts this process's one listener on the app database (LISTEN on Postgres, PGlite's own notifications on the
 * embedded database), once; called from boot and from the first onChange. Without a database driver to listen on
 * (tests that hand in only a Drizzle handle), changes are delivered locally only.
 */
export function startChangeListener() {
  if (g.__changeListener !== undefined) return;
  g.__changeListener = null;
  const h = getHandles();
  g.__changeListener = listenForChanges(h, deliverChange);
}

/** Settles once this process listens (its first "all" delivered or about to be): for tests and tools. */
export async function changeListenerReady(): Promise<void> {
  await g.__changeListener?.ready;
}

/** Stops the listener (tests, shutdown); the next onChange or boot starts it again. */
export async function stopChangeListener() {
  const l = g.__changeListener;
  g.__changeListener = undefined;
  await l?.stop();
}
