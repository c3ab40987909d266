// Resume bookkeeping: duplicates dropped, gaps detected once, resubscribe from the last seq.

import { describe, expect, it } from 'vitest';
import { classifySeq, SubscriptionSet } from '../../../web-client/src/transport/subscriptions';

describe('classifySeq', () => {
  it('applies the next seq, drops old ones and reports gaps', () => {
    expect(classifySeq(0, 1)).toBe('apply');
    expect(classifySeq(5, 6)).toBe('apply');
    expect(classifySeq(5, 5)).toBe('duplicate');
    expect(classifySeq(5, 1)).toBe('duplicate');
    expect(classifySeq(5, 7)).toBe('gap');
    expect(classifySeq(0, 2)).toBe('gap');
  });
});

describe('SubscriptionSet', () => {
  it('applies events in order and drops duplicates', () => {
    const set = new SubscriptionSet();
    set.add(1, 0);
    set.subscribed(1, 3, 'e1');
    expect(set.onEvent(1, 'main', 1)).toEqual({ action: 'apply' });
    expect(set.onEvent(1, 'main', 2)).toEqual({ action: 'apply' });
    expect(set.onEvent(1, 'main', 2)).toEqual({ action: 'drop', reason: 'duplicate' });
    expect(set.onEvent(1, 'main', 1)).toEqual({ action: 'drop', reason: 'duplicate' });
    expect(set.onEvent(1, 'main', 3)).toEqual({ action: 'apply' });
    expect(set.get(1)?.lastSeq).toBe(3);
    expect(set.onEvent(2, 'main', 1)).toEqual({
      action: 'drop',
      reason: 'not_subscribed',
    });
  });

  it('asks for one refill from the last seq when a gap appears, then waits for it', () => {
    const set = new SubscriptionSet();
    set.add(1, 4);
    set.subscribed(1, 4, 'e1');
    expect(set.onEvent(1, 'main', 5)).toEqual({ action: 'apply' });
    expect(set.onEvent(1, 'main', 8)).toEqual({ action: 'refill', since: 5 });
    expect(set.get(1)?.status).toBe('filling');
    // Further gaps while filling do not ask again; the next in line is still applied.
    expect(set.onEvent(1, 'main', 9)).toEqual({
      action: 'drop',
      reason: 'awaiting_fill',
    });
    expect(set.onEvent(1, 'main', 6)).toEqual({ action: 'apply' });
    set.subscribed(1, 9, 'e1');
    expect(set.allActive()).toBe(true);
    expect(set.onEvent(1, 'main', 7)).toEqual({ action: 'apply' });
    expect(set.onEvent(1, 'main', 8)).toEqual({ action: 'apply' });
    expect(set.onEvent(1, 'main', 8)).toEqual({ action: 'drop', reason: 'duplicate' });
  });

  it('resubscribes every round from its last seq after a reconnect', () => {
    const set = new SubscriptionSet();
    set.add(1, 0);
    set.add(2, 10);
    set.subscribed(1, 2, 'e1');
    set.subscribed(2, 10, 'e1');
    set.onEvent(1, 'main', 1);
    set.onEvent(1, 'main', 2);
    set.onEvent(2, 'main', 11);
    set.markAllPending();
    expect(set.allActive()).toBe(false);
    expect(set.resubscriptions()).toEqual([
      { roundId: 1, stream: 'main', since: 2 },
      { roundId: 2, stream: 'main', since: 11 },
    ]);
    expect(set.add(1, 0)).toBe(false); // following again does not move the position
    expect(set.get(1)?.lastSeq).toBe(2);
  });

  it('tells the first load of a round apart from news', () => {
    const set = new SubscriptionSet();
    set.add(1, 0);
    set.subscribing(1, 0);
    set.subscribed(1, 3, 'e1');
    expect(set.isInitialLoad(1, 3)).toBe(true);
    expect(set.isInitialLoad(1, 4)).toBe(false);
    set.subscribing(1, 3); // a resume
    set.subscribed(1, 6, 'e1');
    expect(set.isInitialLoad(1, 5)).toBe(false);
  });

  it('drops events of any stream but main, whatever their seq', () => {
    const set = new SubscriptionSet();
    set.add(1, 0);
    set.subscribed(1, 0, 'e1');
    expect(set.onEvent(1, 'main', 1)).toEqual({ action: 'apply' });
    // seq 2 of a preparation stream is not main's seq 2: neither applied nor a gap.
    for (const stream of ['municipal_preparation', 'state_preparation'] as const) {
      expect(set.onEvent(1, stream, 2)).toEqual({ action: 'drop', reason: 'other_stream' });
      expect(set.onEvent(1, stream, 7)).toEqual({ action: 'drop', reason: 'other_stream' });
      expect(set.onEvent(2, stream, 1)).toEqual({ action: 'drop', reason: 'other_stream' });
    }
    expect(set.get(1)).toMatchObject({ lastSeq: 1, status: 'active' });
    expect(set.onEvent(1, 'main', 2)).toEqual({ action: 'apply' });
  });

  it('forgets every round when cleared', () => {
    const set = new SubscriptionSet();
    set.add(1, 5);
    set.add(2, 0);
    set.clear();
    expect(set.all()).toEqual([]);
    expect(set.add(1, 0)).toBe(true);
    expect(set.get(1)?.lastSeq).toBe(0);
  });

  it('forgets a round reset by the server', () => {
    const set = new SubscriptionSet();
    set.add(1, 40);
    set.reset(1);
    expect(set.get(1)?.lastSeq).toBe(0);
    expect(set.onEvent(1, 'main', 1)).toEqual({ action: 'apply' });
  });
});

// A preparation stream followed side by side with the round's main stream: each has its own
// position, its own gaps and its own first load.
describe('SubscriptionSet: a preparation stream beside the main stream', () => {
  const prep = 'municipal_preparation' as const;

  it('keeps a position per stream, so equal seqs of two streams never collide', () => {
    const set = new SubscriptionSet();
    expect(set.add(1, 0)).toBe(true);
    expect(set.add(1, 0, prep)).toBe(true);
    expect(set.add(1, 0, prep)).toBe(false);
    set.subscribed(1, 2, 'e1');
    set.subscribed(1, 1, 'e1', prep);
    expect(set.onEvent(1, 'main', 1)).toEqual({ action: 'apply' });
    expect(set.onEvent(1, prep, 1)).toEqual({ action: 'apply' });
    expect(set.onEvent(1, prep, 1)).toEqual({ action: 'drop', reason: 'duplicate' });
    expect(set.onEvent(1, 'main', 2)).toEqual({ action: 'apply' });
    expect(set.get(1)?.lastSeq).toBe(2);
    expect(set.get(1, prep)).toMatchObject({ lastSeq: 1, stream: prep, roundId: 1 });
    // The other side's stream is not followed.
    expect(set.onEvent(1, 'state_preparation', 1)).toEqual({
      action: 'drop',
      reason: 'other_stream',
    });
  });

  it('fills a gap of one stream without touching the other', () => {
    const set = new SubscriptionSet();
    set.add(1, 0);
    set.add(1, 3, prep);
    set.subscribed(1, 0, 'e1');
    set.subscribed(1, 3, 'e1', prep);
    expect(set.onEvent(1, prep, 6)).toEqual({ action: 'refill', since: 3 });
    expect(set.get(1, prep)?.status).toBe('filling');
    expect(set.get(1)?.status).toBe('active');
    expect(set.onEvent(1, 'main', 1)).toEqual({ action: 'apply' });
  });

  it('resubscribes both after a reconnect, removes and resets one at a time', () => {
    const set = new SubscriptionSet();
    set.add(1, 4);
    set.add(1, 2, prep);
    set.markAllPending();
    expect(set.resubscriptions()).toEqual([
      { roundId: 1, stream: 'main', since: 4 },
      { roundId: 1, stream: prep, since: 2 },
    ]);
    set.reset(1, prep);
    expect(set.get(1, prep)?.lastSeq).toBe(0);
    expect(set.get(1)?.lastSeq).toBe(4);
    expect(set.remove(1, prep)).toBe(true);
    expect(set.has(1, prep)).toBe(false);
    expect(set.has(1)).toBe(true);
  });

  it('tells the first load of each stream apart from news', () => {
    const set = new SubscriptionSet();
    set.add(1, 5);
    set.add(1, 0, prep);
    set.subscribing(1, 5);
    set.subscribing(1, 0, prep);
    set.subscribed(1, 7, 'e1');
    set.subscribed(1, 2, 'e1', prep);
    expect(set.isInitialLoad(1, 6)).toBe(false); // main resumes: news
    expect(set.isInitialLoad(1, 2, prep)).toBe(true); // the preparation stream loads from 0
    expect(set.isInitialLoad(1, 3, prep)).toBe(false);
  });
});
