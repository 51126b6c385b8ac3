"use client";
import { useEffect, useState } from "react";
import { formatWait } from "@/lib/portal/format-wait";

/**
 * Resend as a plain POST form, so it works before the page's JavaScript has loaded. The server renders the wait
 * (`wait.until`, in words) as text it was given, not computed here: the page may come from the page cache with this
 * client's wait filled in (lib/page-cache/slots.ts). Once hydrated it counts down from `wait.seconds` and keeps the
 * button disabled until then (an early press before hydration only gets the same wait back from the server).
 */
export function ResendForm({ wait, buttonClass, channel = "email" }: { wait: { seconds: string; until: string } | null; buttonClass: string; channel?: "email" | "sms" }) {
  const sms = channel === "sms";
  // null until hydrated: the server's words.
  const [left, setLeft] = useState<number | null>(null);
  const seconds = Number(wait?.seconds ?? 0) || 0;
  useEffect(() => {
    const end = Date.now() + seconds * 1000;
    const tick = () => setLeft(Math.max(0, Math.ceil((end - Date.now()) / 1000)));
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [seconds]);
  const until = left === null ? (wait?.until ?? null) : left > 0 ? formatWait(left) : null;
  return (
    <form action="/api/portal/resend" method="post" className="space-y-2 border-t border-gray-200 pt-4">
      <p id="resend-status" className="text-gray-600" aria-live="polite" data-testid="resend-status">
        {until
          ? `No ${sms ? "text message" : "email"} yet? You can ask for another in ${until}.`
          : sms
            ? "No text message after a few minutes? Check the number, or send another."
            : "No email after a few minutes? Check your spam folder, or send another."}
      </p>
      <button type="submit" className={buttonClass} disabled={left !== null && left > 0} aria-describedby="resend-status">
        {sms ? "Resend code" : "Resend email"}
      </button>
    </form>
  );
}
