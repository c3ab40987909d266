// How a thread's reply tree is laid out: nesting capped at MAX_NESTING levels, deeper replies
// shown at the deepest level right after their parent's other replies, in reading order.

import { describe, expect, it } from 'vitest';
import type { Person, RoundEvent } from '../../../web-client/src/protocol/messages';
import { foldEvents, type RoundData } from '../../../web-client/src/round/round_data';
import {
  lastInSubtree,
  MAX_NESTING,
  placement,
  postDepth,
  postsInOrder,
} from '../../../web-client/src/round/thread_data';

const anna: Person = {
  id: 3,
  name: 'Anna Lind',
  role: 'representative',
  organisation: { id: 2, name: 'Malmö stad', kind: 'municipality', side: 'municipal' },
};

// A round with thread 1 and posts given as [id, replyTo] in seq order.
function round(posts: Array<[number, number | null]>): RoundData {
  const at = '2026-11-23T09:00:00.000Z';
  const base = { type: 'event' as const, round_id: 1, stream: 'main' as const, at, actor: anna };
  const events: RoundEvent[] = [
    {
      ...base,
      seq: 1,
      kind: 'round_created',
      data: { title: 'R', proposal: '', phase: 'open', invited: [] },
    },
    { ...base, seq: 2, kind: 'thread_created', data: { thread_id: 1, title: 'T' } },
    ...posts.map(([id, replyTo], i): RoundEvent => ({
      ...base,
      seq: 3 + i,
      kind: 'post_created',
      data: { post_id: id, thread_id: 1, reply_to: replyTo, body: `${id}` },
    })),
  ];
  return foldEvents(1, events);
}

// A chain 1 <- 2 <- 3 … <- n: each post answers the one before.
const chain = (n: number): Array<[number, number | null]> =>
  Array.from({ length: n }, (_, i) => [i + 1, i === 0 ? null : i]);

describe('thread layout', () => {
  it('nests replies up to MAX_NESTING levels', () => {
    expect(MAX_NESTING).toBe(3);
    const r = round(chain(4));
    expect([1, 2, 3, 4].map((id) => postDepth(r, id))).toEqual([0, 1, 2, 3]);
    expect(placement(r, 1)).toEqual({ container: null, flattened: false });
    expect(placement(r, 2)).toEqual({ container: 1, flattened: false });
    expect(placement(r, 4)).toEqual({ container: 3, flattened: false });
  });

  it('shows deeper replies at the deepest level, naming their parent', () => {
    const r = round(chain(9));
    expect(postDepth(r, 9)).toBe(8);
    // Post 4 is at level 3 inside post 3's replies; 5 … 9 join it there.
    for (const id of [5, 6, 7, 8, 9]) {
      expect(placement(r, id)).toEqual({ container: 3, flattened: true });
    }
  });

  it('finds where a late reply goes: after the rest of its parent’s subtree', () => {
    // 1 ← 2 ← 3 ← 4 ← 5, then 6 answers 4 (after 5, which also answers 4), then 7 answers 2.
    const r = round([...chain(5), [6, 4], [7, 2]]);
    expect(lastInSubtree(r, 4, 6)).toBe(5);
    expect(lastInSubtree(r, 4)).toBe(6);
    expect(lastInSubtree(r, 2, 7)).toBe(6);
    expect(lastInSubtree(r, 5)).toBe(5);
    expect(postsInOrder(r, 1)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(placement(r, 7)).toEqual({ container: 2, flattened: false });
  });

  it('survives a broken store with a cycle in the replies', () => {
    const r = round(chain(3));
    const first = r.posts.get(1);
    if (first) first.replyTo = 3; // 1 → 3 → 2 → 1 …
    expect(postDepth(r, 2)).toBeLessThanOrEqual(r.posts.size + 1);
    const third = r.posts.get(3);
    if (third) third.replies.push(1);
    expect(typeof lastInSubtree(r, 1)).toBe('number');
  });
});
