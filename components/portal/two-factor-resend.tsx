"use client";
import { useEffect, useState } from "react";

function wait(s: number) {
  // A no-break space keeps the number and its unit on one line.
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : `${s}\u00a0seconds`;
}

/**
 * The code step's resend: "Send a new code" (text and email, when texts can go) and "Send the code by email only", as
 * plain POST forms that work before JavaScript loads. The server renders the wait; once hydrated it counts down and
 * keeps the buttons disabled until then (an early press before hydration only gets the wait back from the server).
 */
export function TwoFactorResend(props: { secondsLeft: number; smsOk: boolean; next: string | null; reauth: boolean; buttonClass: string }) {
  const [left, setLeft] = useState(props.secondsLeft);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    const end = Date.now() + props.secondsLeft * 1000;
    const id = setInterval(() => setLeft(Math.max(0, Math.ceil((end - Date.now()) / 1000))), 1000);
    return () => clearInterval(id);
  }, [props.secondsLeft]);
  const disabled = hydrated && left > 0;
  const hidden = (
    <>
      {props.next && <input type="hidden" name="next" value={props.next} />}
      {props.reauth && <input type="hidden" name="reauth" value="1" />}
    </>
  );
  return (
    <div className="space-y-2 border-t border-gray-200 pt-4">
      <p id="resend-status" className="text-gray-600" aria-live="polite" data-testid="resend-status">
        {left > 0 ? `No code yet? You can ask for a new one in ${wait(left)}.` : "No code after a minute or two? Ask for a new one."}
      </p>
      {props.smsOk && (
        <form action="/api/portal/two-factor/send" method="post">
          <input type="hidden" name="channel" value="both" />
          {hidden}
          <button type="submit" className={props.buttonClass} disabled={disabled} aria-describedby="resend-status">
            Text and email me a new code
          </button>
        </form>
      )}
      <form action="/api/portal/two-factor/send" method="post">
        <input type="hidden" name="channel" value="email" />
        {hidden}
        <button type="submit" className={props.buttonClass} disabled={disabled} aria-describedby="resend-status">
          Send the code by email only
        </button>
      </form>
    </div>
  );
}
