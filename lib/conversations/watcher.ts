import "server-only";
// New messages without a reload, across several app instances. The database is the one source of "what changed":
// while anyone on this instance is subscribed, one process-wide watcher asks it once a second which conversations
// changed (conversations.updated_at, index conversations_updated), whoever wrote them, and wakes that conversation's
// subscribers (and its workspace's, for the inbox list), who then read the messages after the seq they have.
//
// The seam for issue 13 is `ChangeSource`: a Postgres LISTEN/NOTIFY source can replace (or sit beside) the polling
// one without the subscribers noticing, since a wake only says "look again".
import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db";

export type ConversationChange = { conversationId: string; workspaceId: string; lastSeq: number };

/** Where changes come from. `start` begins reporting to `emit` and returns the function that stops it. */
export interface ChangeSource {
  start(emit: (changes: ConversationChange[]) => void): () => void;
  /** Look now (e.g. just after this instance posted), instead of at the next interval. */
  poke?(): void;
}

/**
 * Polls `conversations.updated_at` once per interval. A write's updated_at is the writer's clock_timestamp() a few
 * milliseconds before its commit, so each look reaches back LOOKBACK behind the previous one (a transaction still
 * open at the last look is seen at the next); what was already reported is remembered and not reported again.
 */
export class PollingChangeSource implements ChangeSource {
  static readonly LOOKBACK = "5 seconds";
  static readonly LIMIT = 2000;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private busy = false;
  private from: string | null = null;
  private reported = new Map<string, string>();
  private emit: ((changes: ConversationChange[]) => void) | null = null;

  constructor(
    private readonly db: () => DbOrTx,
    private readonly intervalMs = 1000,
  ) {}

  start(emit: (changes: ConversationChange[]) => void): () => void {
    this.emit = emit;
    this.running = true;
    this.from = null;
    this.reported.clear();
    this.schedule(0);
    return () => {
      this.running = false;
      this.emit = null;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  poke(): void {
    if (this.running && !this.busy) this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick() {
    if (!this.running || this.busy) return;
    this.busy = true;
    try {
      const changes = await this.look();
      if (changes.length > 0) this.emit?.(changes);
    } catch (e) {
      console.error("Conversation watcher: could not read changes", e);
    } finally {
      this.busy = false;
      if (this.running) this.schedule(this.intervalMs);
    }
  }

  /** One look at the database; exported behaviour for tests through `start`. */
  private async look(): Promise<ConversationChange[]> {
    const res = await this.db().execute(sql`
      with t as (select clock_timestamp() - interval '5 seconds' as next_from)
      select to_char(t.next_from at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as next_from,
        c.id, c.workspace_id, c.last_seq, to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as u
      from t left join conversations c
        on c.updated_at >= coalesce(${this.from}::timestamptz, t.next_from)
      order by c.updated_at nulls first
      limit ${PollingChangeSource.LIMIT}`);
    const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as {
      next_from: string;
      id: string | null;
      workspace_id: string | null;
      last_seq: number | null;
      u: string | null;
    }[];
    const changed = rows.filter((r) => r.id !== null);
    const out: ConversationChange[] = [];
    const seen = new Map<string, string>();
    for (const r of changed) {
      seen.set(r.id!, r.u!);
      if (this.reported.get(r.id!) !== r.u) out.push({ conversationId: r.id!, workspaceId: r.workspace_id!, lastSeq: r.last_seq! });
    }
    // Only what the next look can select again needs remembering.
    this.reported = seen;
    // A full page: continue from its last row next time (>=, and `reported` skips what was already said).
    this.from = rows.length >= PollingChangeSource.LIMIT ? (changed.at(-1)?.u ?? rows[0].next_from) : (rows[0]?.next_from ?? this.from);
    return out;
  }
}

export type WatchKey = { conversationId: string } | { workspaceId: string };
type Listener = (change: ConversationChange) => void;

/** Subscribers by conversation or workspace; the source runs only while at least one is subscribed. */
export class ConversationWatcher {
  private listeners = new Map<string, Set<Listener>>();
  private stopSource: (() => void) | null = null;

  constructor(private readonly source: ChangeSource) {}

  get subscriberCount(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  /** Calls `fn` whenever the conversation (or any of the workspace's) changes; returns the unsubscribe. */
  subscribe(key: WatchKey, fn: Listener): () => void {
    const k = keyOf(key);
    let set = this.listeners.get(k);
    if (!set) this.listeners.set(k, (set = new Set()));
    set.add(fn);
    if (!this.stopSource) this.stopSource = this.source.start((changes) => this.dispatch(changes));
    return () => {
      const s = this.listeners.get(k);
      if (!s) return;
      s.delete(fn);
      if (s.size === 0) this.listeners.delete(k);
      if (this.listeners.size === 0 && this.stopSource) {
        this.stopSource();
        this.stopSource = null;
      }
    };
  }

  /** After this instance wrote a message: look now rather than within the second. */
  poke(): void {
    this.source.poke?.();
  }

  private dispatch(changes: ConversationChange[]) {
    for (const c of changes) {
      for (const k of [keyOf({ conversationId: c.conversationId }), keyOf({ workspaceId: c.workspaceId })]) {
        for (const fn of [...(this.listeners.get(k) ?? [])]) {
          try {
            fn(c);
          } catch (e) {
            console.error("Conversation watcher: a subscriber failed", e);
          }
        }
      }
    }
  }
}

const keyOf = (k: WatchKey) => ("conversationId" in k ? `c:${k.conversationId}` : `w:${k.workspaceId}`);

const g = globalThis as unknown as { __conversationWatcher?: ConversationWatcher };

/** This instance's watcher (one per process), polling the app database every CONVERSATION_POLL_MS (default 1000). */
export function getConversationWatcher(): ConversationWatcher {
  if (!g.__conversationWatcher) {
    const ms = Number(process.env.CONVERSATION_POLL_MS ?? "");
    g.__conversationWatcher = new ConversationWatcher(new PollingChangeSource(getDb, Number.isFinite(ms) && ms >= 50 ? ms : 1000));
  }
  return g.__conversationWatcher;
}
