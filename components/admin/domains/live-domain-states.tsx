"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { statusLabel } from "./status-badge";
import type { DomainState } from "./types";

/** Every few seconds while a check is pending; slower once nothing has changed for a while. */
const FAST_MS = 4_000;
const SLOW_MS = 30_000;
const SLOW_AFTER_MS = 10 * 60_000;

const signature = (states: DomainState[]) =>
  states
    .map((s) => `${s.id}:${s.status}:${s.lastCheckedAt ?? ""}`)
    .sort()
    .join("|");

/**
 * Keeps an open Domains page in step with the server's own checks: while any domain is not active and the tab is
 * visible, it polls the workspace's domain states and, on a change, re-renders the page (router.refresh) and
 * announces new statuses. Nothing is polled once every domain is active.
 */
export function LiveDomainStates({ slug, states }: { slug: string; states: DomainState[] }) {
  const router = useRouter();
  // The announcement of one change: shown while the page shows that state, gone after any later change.
  const [notice, setNotice] = useState<{ notice: Notice; sig: string }>();
  const shown = signature(states);
  const known = useRef({ shown, states, changedAt: Date.now() });
  const watching = states.some((s) => s.status !== "active");

  useEffect(() => {
    known.current = { shown, states, changedAt: Date.now() };
  }, [shown, states]);

  useEffect(() => {
    if (!watching) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = () => {
      if (stopped) return;
      const quiet = Date.now() - known.current.changedAt > SLOW_AFTER_MS;
      timer = setTimeout(poll, quiet ? SLOW_MS : FAST_MS);
    };
    async function poll() {
      if (document.visibilityState !== "visible") return; // resumed by visibilitychange
      try {
        const res = await fetch(`/api/w/${encodeURIComponent(slug)}/domains`, { cache: "no-store" });
        if (res.ok) {
          const now = ((await res.json()) as { domains: DomainState[] }).domains;
          const sig = signature(now);
          if (sig !== known.current.shown) {
            const before = new Map(known.current.states.map((s) => [s.id, s.status]));
            const changed = now.filter((s) => before.has(s.id) && before.get(s.id) !== s.status);
            if (changed.length > 0) {
              const bad = changed.some((s) => s.status === "misconfigured");
              const text = changed.map((s) => `${s.hostname} is now ${statusLabel[s.status].toLowerCase()}.`).join(" ");
              setNotice({ notice: { tone: bad ? "error" : "success", text }, sig });
            }
            known.current = { shown: sig, states: now, changedAt: Date.now() };
            router.refresh();
          }
        }
      } catch {
        // Offline or the server restarting: try again on the next tick.
      }
      schedule();
    }
    const onVisible = () => {
      if (document.visibilityState !== "visible" || stopped) return;
      clearTimeout(timer);
      void poll();
    };
    document.addEventListener("visibilitychange", onVisible);
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [watching, slug, router]);

  return <LiveNotice notice={notice?.sig === shown ? notice.notice : undefined} />;
}
