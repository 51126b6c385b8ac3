"use client";
import { useEffect, useState } from "react";

function mmss(s: number) {
  // A no-break space keeps the number and its unit on one line.
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : `${s}\u00a0seconds`;
}

/**
 * Resend as a plain POST form, so it works before the page's JavaScript has loaded; the server renders the seconds
 * left. Once hydrated it counts down and keeps the button disabled until then (an early press before hydration only
 * gets the same wait back from the server).
 */
export function ResendForm({ secondsLeft, buttonClass, channel = "email" }: { secondsLeft: number; buttonClass: string; channel?: "email" | "sms" }) {
  const sms = channel === "sms";
  const [left, setLeft] = useState(secondsLeft);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    const end = Date.now() + secondsLeft * 1000;
    const id = setInterval(() => setLeft(Math.max(0, Math.ceil((end - Date.now()) / 1000))), 1000);
    return () => clearInterval(id);
  }, [secondsLeft]);
  return (
    <form action="/api/portal/resend" method="post" className="space-y-2 border-t border-gray-200 pt-4">
      <p id="resend-status" className="text-gray-600" aria-live="polite" data-testid="resend-status">
        {left > 0
          ? `No ${sms ? "text message" : "email"} yet? You can ask for another in ${mmss(left)}.`
          : sms
            ? "No text message after a few minutes? Check the number, or send another."
            : "No email after a few minutes? Check your spam folder, or send another."}
      </p>
      <button type="submit" className={buttonClass} disabled={hydrated && left > 0} aria-describedby="resend-status">
        {sms ? "Resend code" : "Resend email"}
      </button>
    </form>
  );
}
