// The streams this client follows and the last event seq seen in each. This is what makes resume
// lossless and duplicate-free (DESIGN.md rule 2): after a reconnect every stream is subscribed
// again with since=<last seq>; an event with seq <= last is a duplicate and dropped; an event
// with seq > last+1 means something was missed, so the stream is filled again from since=last.
// Pure bookkeeping, no I/O: the connection sends what this class says.
//
// Seqs count per stream (protocol/README.md, "Streams"), so the bookkeeping is keyed by round
// and stream: a round's main stream and a side's preparation stream are followed side by side,
// each with its own position, and an event of a stream that is not followed is dropped before
// its seq is looked at: a preparation stream's seq must never be taken for a main-stream seq.
// Every method's `stream` defaults to the main stream, which is what a round view follows.

import { MAIN_STREAM, type Stream } from '../protocol/messages';

export type SeqVerdict = 'apply' | 'duplicate' | 'gap';

// What to do with an event given the last seq applied for its stream.
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
  readonly stream: Stream;
  lastSeq: number;
  status: SubscriptionStatus;
  // head_seq from the latest subscribe result: events up to it are replayed history.
  headSeq: number | null;
  // The `since` of the latest subscribe request; 0 means the stream is loaded from scratch.
  replayFrom: number;
  // The history lastSeq belongs to (the latest subscribe result's epoch); null before one.
  epoch: string | null;
}

// What the connection must do with an incoming event. 'other_stream': an event of a
// preparation stream this client does not follow; 'not_subscribed': of a main stream it does
// not follow.
export type EventAction =
  | { action: 'apply' }
  | { action: 'drop'; reason: 'duplicate' | 'not_subscribed' | 'awaiting_fill' | 'other_stream' }
  | { action: 'refill'; since: number };

// The one key of a (round, stream) pair.
export function streamKey(roundId: number, stream: Stream = MAIN_STREAM): string {
  return `${roundId}:${stream}`;
}

export class SubscriptionSet {
  private readonly streams = new Map<string, Subscription>();

  // Starts following a stream from `since` (0 = from the beginning). Returns false if it was
  // already followed (its position is kept then: never move backwards or forwards silently).
  add(roundId: number, since: number, stream: Stream = MAIN_STREAM): boolean {
    const key = streamKey(roundId, stream);
    if (this.streams.has(key)) return false;
    this.streams.set(key, {
      roundId,
      stream,
      lastSeq: since,
      status: 'pending',
      headSeq: null,
      replayFrom: since,
      epoch: null,
    });
    return true;
  }

  remove(roundId: number, stream: Stream = MAIN_STREAM): boolean {
    return this.streams.delete(streamKey(roundId, stream));
  }

  // Forgets every stream (the session ended: its positions mean nothing to the next one).
  clear(): void {
    this.streams.clear();
  }

  get(roundId: number, stream: Stream = MAIN_STREAM): Subscription | undefined {
    return this.streams.get(streamKey(roundId, stream));
  }

  has(roundId: number, stream: Stream = MAIN_STREAM): boolean {
    return this.streams.has(streamKey(roundId, stream));
  }

  all(): Subscription[] {
    return [...this.streams.values()];
  }

  // The connection was lost: every stream must be subscribed again from its last seq.
  markAllPending(): void {
    for (const s of this.streams.values()) s.status = 'pending';
  }

  // The subscribe requests to send after (re)connecting, in the order the streams were followed.
  resubscriptions(): Array<{ roundId: number; stream: Stream; since: number }> {
    return this.all().map((s) => ({ roundId: s.roundId, stream: s.stream, since: s.lastSeq }));
  }

  // A subscribe request from `since` is being sent.
  subscribing(roundId: number, since: number, stream: Stream = MAIN_STREAM): void {
    const s = this.get(roundId, stream);
    if (s) s.replayFrom = since;
  }

  // True when an applied event belongs to the first load of its stream (replayed history of a
  // subscription from 0), as opposed to news: live events and catch-up after a reconnect.
  isInitialLoad(roundId: number, seq: number, stream: Stream = MAIN_STREAM): boolean {
    const s = this.get(roundId, stream);
    if (!s) return false;
    return s.replayFrom === 0 && (s.headSeq === null || seq <= s.headSeq);
  }

  // The server's stream is behind this client's (stale_position: since > head_seq): forget what
  // was seen.
  reset(roundId: number, stream: Stream = MAIN_STREAM): void {
    const s = this.get(roundId, stream);
    if (!s) return;
    s.lastSeq = 0;
    s.status = 'filling';
    s.headSeq = null;
    s.epoch = null;
  }

  // A subscribe request was answered.
  subscribed(roundId: number, headSeq: number, epoch: string, stream: Stream = MAIN_STREAM): void {
    const s = this.get(roundId, stream);
    if (!s) return;
    s.status = 'active';
    s.headSeq = headSeq;
    s.epoch = epoch;
  }

  // True when no subscription waits for its subscribe result.
  allActive(): boolean {
    return this.all().every((s) => s.status === 'active');
  }

  // Decides about one incoming event and updates lastSeq when it is applied.
  onEvent(roundId: number, stream: Stream, seq: number): EventAction {
    const s = this.get(roundId, stream);
    if (!s) {
      return {
        action: 'drop',
        reason: stream === MAIN_STREAM ? 'not_subscribed' : 'other_stream',
      };
    }
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
