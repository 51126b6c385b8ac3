import "server-only";
import type { Db } from "@/lib/db";
import type { Drivers } from "@/lib/messaging/drivers";
import { deliverDue } from "./deliver-outbox";

/** With nothing due, a worker still looks every this often (a lost wake-up costs at most this). */
const IDLE_MS = 15_000;

/**
 * The deliverer of one worker process: runs a delivery pass, then sleeps until the next thing is due (a retry, a
 * crashed worker's lease running out) or until woken, whichever is first. A wake-up during a pass makes another pass
 * follow at once, so new mail never waits for a timer. It runs in the process, not as a queued job: a killed
 * process leaves no job behind that could block the others, only leases that run out in seconds.
 */
export function startDeliveryLoop(p: { db: Db; drivers: Drivers; idleMs?: number }) {
  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | null = null;
  const wake = () => {
    woken = true;
    interrupt?.();
  };
  const done = (async () => {
    while (!stopped) {
      woken = false;
      let wait = p.idleMs ?? IDLE_MS;
      try {
        const report = await deliverDue(p.db, p.drivers, { stop: () => stopped });
        if (report.nextDueInMs !== null) wait = Math.min(wait, report.nextDueInMs + 20);
      } catch (e) {
        console.error("[outbox] delivery pass failed", e);
        wait = 5_000;
      }
      if (stopped || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        interrupt = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      interrupt = null;
    }
  })();
  return {
    wake,
    /** Lets the request in flight finish and settle, then returns. */
    async stop() {
      stopped = true;
      interrupt?.();
      await done;
    },
  };
}

export type DeliveryLoop = ReturnType<typeof startDeliveryLoop>;
