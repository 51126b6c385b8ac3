"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the inbox list when any of the workspace's conversations changes (server-sent events; quiet without). */
export function InboxLive({ feedUrl }: { feedUrl: string }) {
  const router = useRouter();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const source = new EventSource(feedUrl);
    source.addEventListener("changed", () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        router.refresh();
      }, 300);
    });
    source.addEventListener("end", () => source.close());
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [feedUrl, router]);
  return null;
}
