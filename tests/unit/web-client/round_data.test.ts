// Folding a round's events into its state: proposal, threads, reply trees; duplicates and
// unknown kinds change nothing but lastSeq.

import { describe, expect, it } from 'vitest';
import { decodeServerMessage } from '../../../web-client/src/protocol/decode';
import type { Person, RoundEvent } from '../../../web-client/src/protocol/messages';
import {
  applyEvent,
  foldEvents,
  replyTree,
  type PostTree,
} from '../../../web-client/src/round/round_data';
import { serverExamples } from './protocol_fixtures';

const anna: Person = {
  id: 3,
  name: 'Anna Lind',
  role: 'representative',
  organisation: {
    id: 2,
    name: 'Malmö stad',
    kind: 'municipality',
    side: 'municipal',
  },
};
const sara: Person = {
  id: 1,
  name: 'Sara Ekström',
  role: 'secretariat',
  organisation: {
    id: 1,
    name: 'Samrådssekretariatet',
    kind: 'other',
    side: 'neutral',
  },
};

let at = Date.parse('2026-11-23T09:00:00.000Z');
function meta(seq: number, actor: Person) {
  at += 1000;
  return {
    type: 'event' as const,
    round_id: 1,
    stream: 'main' as const,
    seq,
    at: new Date(at).toISOString(),
    actor,
  };
}
const roundCreated = (seq: number): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'round_created',
  data: {
    title: 'Generella statsbidrag',
    proposal: '# Förslag',
    phase: 'open',
    invited: [anna.organisation],
  },
});
const thread = (seq: number, id: number, title = `Tråd ${id}`): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'thread_created',
  data: { thread_id: id, title },
});
const post = (
  seq: number,
  id: number,
  threadId: number,
  replyTo: number | null,
  actor = anna,
): RoundEvent => ({
  ...meta(seq, actor),
  kind: 'post_created',
  data: {
    post_id: id,
    thread_id: threadId,
    reply_to: replyTo,
    body: `Inlägg ${id}`,
  },
});

// A tree as nested ids, easy to compare.
type Shape = Array<[number, Shape]>;
const shape = (trees: PostTree[]): Shape => trees.map((t) => [t.post.id, shape(t.replies)]);

describe('round_data', () => {
  it('folds the protocol examples into a round with a thread and a reply', () => {
    const names = [
      'event_round_created.json',
      'event_thread_created.json',
      'event_post_created.json',
      'event_post_created_reply.json',
    ];
    const events = names.map((name) => {
      const text = serverExamples.find((e) => e.name === name)?.text;
      expect(text, name).toBeDefined();
      const message = decodeServerMessage(text ?? '');
      if (message.type !== 'event') throw new Error(`${name} is not an event`);
      return message;
    });
    const round = foldEvents(1, events);
    expect(round.info?.title).toBe('Generella statsbidrag som huvudprincip');
    expect(round.info?.phase).toBe('open');
    expect(round.info?.invited.map((o) => o.name)).toContain('Malmö stad');
    expect(round.threadOrder).toEqual([2]);
    expect(round.threads.get(2)?.title).toBe('Konsekvenser för kommunernas planering');
    expect(shape(replyTree(round, 2))).toEqual([[10, [[11, []]]]]);
    expect(round.posts.get(11)?.author.name).toBe('Erik Holm');
    expect(round.lastSeq).toBe(6);
  });

  it('builds nested reply trees per thread in seq order', () => {
    const round = foldEvents(1, [
      roundCreated(1),
      thread(2, 10),
      thread(3, 20),
      post(4, 100, 10, null),
      post(5, 101, 10, 100, sara),
      post(6, 102, 20, null),
      post(7, 103, 10, 101),
      post(8, 104, 10, 100),
      post(9, 105, 10, null, sara),
      post(10, 106, 20, 102),
    ]);
    expect(round.threadOrder).toEqual([10, 20]);
    expect(shape(replyTree(round, 10))).toEqual([
      [
        100,
        [
          [101, [[103, []]]],
          [104, []],
        ],
      ],
      [105, []],
    ]);
    expect(shape(replyTree(round, 20))).toEqual([[102, [[106, []]]]]);
    expect(round.posts.get(103)?.replyTo).toBe(101);
    expect(round.posts.get(105)?.author).toEqual(sara);
  });

  it('ignores events it has already folded (seq <= lastSeq)', () => {
    const events = [roundCreated(1), thread(2, 10), post(3, 100, 10, null)];
    const round = foldEvents(1, events);
    expect(applyEvent(round, events[2] as RoundEvent)).toMatchObject({
      kind: 'none',
      reason: 'duplicate',
    });
    expect(applyEvent(round, post(2, 999, 10, null))).toMatchObject({
      kind: 'none',
      reason: 'duplicate',
    });
    expect(round.posts.size).toBe(1);
    expect(replyTree(round, 10)).toHaveLength(1);
    expect(applyEvent(round, post(4, 101, 10, 100))).toEqual({
      kind: 'post',
      roundId: 1,
      postId: 101,
    });
  });

  it('advances lastSeq over unknown kinds and ignores other rounds and streams', () => {
    const round = foldEvents(1, [roundCreated(1)]);
    const unknown: RoundEvent = {
      ...meta(2, sara),
      kind: 'unknown',
      original_kind: 'position_stated',
    };
    expect(applyEvent(round, unknown)).toMatchObject({
      kind: 'none',
      reason: 'unknown_kind',
    });
    expect(round.lastSeq).toBe(2);
    expect(applyEvent(round, { ...thread(3, 10), round_id: 2 })).toMatchObject({
      reason: 'inconsistent',
    });
    expect(applyEvent(round, { ...thread(3, 10), stream: 'municipal_preparation' })).toMatchObject({
      reason: 'inconsistent',
    });
    expect(round.threads.size).toBe(0);
    expect(round.lastSeq).toBe(2);
  });

  it('shows a reply to a post of another thread at top level instead of losing it', () => {
    const round = foldEvents(1, [
      roundCreated(1),
      thread(2, 10),
      thread(3, 20),
      post(4, 100, 10, null),
      post(5, 101, 20, 100),
    ]);
    expect(shape(replyTree(round, 20))).toEqual([[101, []]]);
    expect(shape(replyTree(round, 10))).toEqual([[100, []]]);
  });
});
