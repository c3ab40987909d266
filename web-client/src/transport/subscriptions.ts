// The rounds this client follows and the last event seq seen in each. This is what makes resume
// lossless and duplicate-free (DESIGN.md rule 2): after a reconnect every round is subscribed
// again with since=<last seq>; an event with seq <= last is a duplicate and dropped; an event
// with seq > last+1 means something was missed, so the round is filled again from since=last.
// Pure bookkeeping, no I/O: the connection sends what this class says.
//
// Seqs count per stream (protocol/README.md, "Streams"). This client follows only the main
// stream of a round, so the bookkeeping is keyed by round and an event of any other stream is
// dropped before its seq is looked at: it must never be taken for a main-stream seq.

import { MAIN_STREAM, type Stream } from '../protocol/messages';

export type SeqVerdict = 'apply' | 'duplicate' | 'gap';

// What to do with an event given the last seq applied for its round.
export function classifySeq(lastSeq: number, seq: number): SeqVerdict {
  if (seq <= lastSeq) return 'duplicate';
  if (seq === lastSeq + 1) return 'apply';
  return 'gap';
}

export type SubscriptionStatus =
  | 'pending' // a subscribe request must be (or has been) sent and is not yet answered
  | 'active' // subscribed; events arrive in order
  | 'filling'; // a gap was seen; a new subscribe from lastSeq is under way

export interface Subscription {
  readonly roundId: number;
  lastSeq: number;
  status: SubscriptionStatus;
  // head_seq from the latest subscribe result: events up to it are replayed history.
  headSeq: number | null;
  // The `since` of the latest subscribe request; 0 means the round is loaded from scratch.
  replayFrom: number;
}

// What the connection must do with an incoming event.
export type EventAction =
  | { action: 'apply' }
  | { action: 'drop'; reason: 'duplicate' | 'not_subscribed' | 'awaiting_fill' | 'other_stream' }
  | { action: 'refill'; since: number };

export class SubscriptionSet {
  private readonly rounds = new Map<number, Subscription>();

  // Starts following a round from `since` (0 = from the beginning). Returns false if it was
  // already followed (its position is kept then: never move backwards or forwards silently).
  add(roundId: number, since: number): boolean {
    if (this.rounds.has(roundId)) return false;
    this.rounds.set(roundId, {
      roundId,
      lastSeq: since,
      status: 'pending',
      headSeq: null,
      replayFrom: since,
    });
    return true;
  }

  remove(roundId: number): boolean {
    return this.rounds.delete(roundId);
  }

  // Forgets every round (the session ended: its positions mean nothing to the next one).
  clear(): void {
    this.rounds.clear();
  }

  get(roundId: number): Subscription | undefined {
    return this.rounds.get(roundId);
  }

  has(roundId: number): boolean {
    return this.rounds.has(roundId);
  }

  all(): Subscription[] {
    return [...this.rounds.values()];
  }

  // The connection was lost: every round must be subscribed again from its last seq.
  markAllPending(): void {
    for (const s of this.rounds.values()) s.status = 'pending';
  }

  // The subscribe requests to send after (re)connecting.
  resubscriptions(): Array<{ roundId: number; since: number }> {
    return this.all().map((s) => ({ roundId: s.roundId, since: s.lastSeq }));
  }

  // A subscribe request from `since` is being sent.
  subscribing(roundId: number, since: number): void {
    const s = this.rounds.get(roundId);
    if (s) s.replayFrom = since;
  }

  // True when an applied event belongs to the first load of its round (replayed history of a
  // subscription from 0), as opposed to news: live events and catch-up after a reconnect.
  isInitialLoad(roundId: number, seq: number): boolean {
    const s = this.rounds.get(roundId);
    if (!s) return false;
    return s.replayFrom === 0 && (s.headSeq === null || seq <= s.headSeq);
  }

  // The server's round is behind this client's (stale_position: since > head_seq): forget what
  // was seen.
  reset(roundId: number): void {
    const s = this.rounds.get(roundId);
    if (!s) return;
    s.lastSeq = 0;
    s.status = 'filling';
    s.headSeq = null;
  }

  // A subscribe request was answered.
  subscribed(roundId: number, headSeq: number): void {
    const s = this.rounds.get(roundId);
    if (!s) return;
    s.status = 'active';
    s.headSeq = headSeq;
  }

  // True when no subscription waits for its subscribe result.
  allActive(): boolean {
    return this.all().every((s) => s.status === 'active');
  }

  // Decides about one incoming event and updates lastSeq when it is applied.
  onEvent(roundId: number, stream: Stream, seq: number): EventAction {
    if (stream !== MAIN_STREAM) return { action: 'drop', reason: 'other_stream' };
    const s = this.rounds.get(roundId);
    if (!s) return { action: 'drop', reason: 'not_subscribed' };
    const verdict = classifySeq(s.lastSeq, seq);
    if (verdict === 'duplicate') return { action: 'drop', reason: 'duplicate' };
    if (verdict === 'apply') {
      s.lastSeq = seq;
      return { action: 'apply' };
    }
    // A gap. While a fill is already under way the missing events will come with it.
    if (s.status === 'filling' || s.status === 'pending') {
      return { action: 'drop', reason: 'awaiting_fill' };
    }
    s.status = 'filling';
    return { action: 'refill', since: s.lastSeq };
  }
}
