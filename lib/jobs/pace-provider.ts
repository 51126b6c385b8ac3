import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";

/** A turn granted this much later than asked for (a slow database or a paused process) is not used: see below. */
const LATE_MS = 50;
/** How much of its own lateness a turn may make up (see below). */
const CATCH_UP_MS = 10;

/**
 * Waits until `provider` may be sent its next request, and takes that turn. The turn is one row in Postgres
 * (provider_pacing.next_at), moved forward by `gapMs` in the same statement that checks it, so every worker of every
 * instance, before or after a restart, shares one pace. The time is the database's, so the workers' clocks do not
 * matter. A turn taken a little after it was due (timers and round trips) lets the next come that much sooner, up to
 * CATCH_UP_MS, so small delays do not add up over a long send: any three requests still span at least
 * 2 × gapMs − CATCH_UP_MS (the provider's "2 in any second" holds with ~90 ms to spare at 550 ms), and two requests
 * are never less than gapMs − CATCH_UP_MS apart. A turn that came back late is dropped and another taken, because the
 * request would then leave late and bunch up with the next worker's.
 */
export async function paceProvider(db: Db, provider: string, gapMs: number, opts: { signal?: AbortSignal } = {}): Promise<void> {
  for (let late = 0; ; ) {
    opts.signal?.throwIfAborted();
    const asked = performance.now();
    const taken = rowsOf<{ ok: number }>(
      await db.execute(sql`
        insert into provider_pacing as p (provider, next_at) values (${provider}, clock_timestamp() + ${gapMs} * interval '1 millisecond')
        on conflict (provider) do update
          set next_at = clock_timestamp() + ${gapMs} * interval '1 millisecond'
            - least(clock_timestamp() - p.next_at, ${CATCH_UP_MS} * interval '1 millisecond')
          where p.next_at <= clock_timestamp()
        returning 1 as ok`),
    );
    if (taken.length > 0) {
      if (performance.now() - asked <= LATE_MS || ++late > 3) return;
      continue;
    }
    const [wait] = rowsOf<{ ms: number }>(
      await db.execute(sql`select greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000)::float8 as ms from provider_pacing where provider = ${provider}`),
    );
    await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(Number(wait?.ms ?? 1)))));
  }
}
