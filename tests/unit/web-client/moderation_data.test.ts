// Folding edits and moderation (round/round_data.ts): an edit gives a post its next version and
// text, a hide drops the text and keeps why, a show brings back the current text, a text the
// server withheld stays empty, and the same happens in a side's preparation stream.

import { describe, expect, it } from 'vitest';
import type { Person, RoundEvent, Stream } from '../../../web-client/src/protocol/messages';
import {
  applyEvent,
  applyPreparationEvent,
  createPreparation,
  foldEvents,
} from '../../../web-client/src/round/round_data';

const sara: Person = {
  id: 1,
  name: 'Sara Ekström',
  role: 'secretariat',
  organisation: { id: 1, name: 'Samrådssekretariatet', kind: 'other', side: 'neutral' },
};
const anna: Person = {
  id: 3,
  name: 'Anna Lind',
  role: 'representative',
  organisation: { id: 9, name: 'Malmö stad', kind: 'municipality', side: 'municipal' },
};

function meta(seq: number, actor: Person, stream: Stream = 'main') {
  return {
    type: 'event' as const,
    round_id: 1,
    stream,
    seq,
    at: `2026-11-27T12:${String(seq).padStart(2, '0')}:00.000Z`,
    actor,
  };
}

const start = (stream: Stream = 'main'): RoundEvent[] => [
  ...(stream === 'main'
    ? [
        {
          ...meta(1, sara),
          kind: 'round_created' as const,
          data: { title: 'R', proposal: '', phase: 'open' as const, invited: [] },
        },
      ]
    : []),
  {
    ...meta(stream === 'main' ? 2 : 1, stream === 'main' ? sara : anna, stream),
    kind: 'thread_created',
    data: { thread_id: 5, title: 'Tråd' },
  },
];
const post = (
  seq: number,
  body: string,
  withheld = false,
  stream: Stream = 'main',
): RoundEvent => ({
  ...meta(seq, anna, stream),
  kind: 'post_created',
  data: { post_id: 40, thread_id: 5, reply_to: null, body, ...(withheld ? { withheld } : {}) },
});
const edited = (
  seq: number,
  version: number,
  body: string,
  stream: Stream = 'main',
): RoundEvent => ({
  ...meta(seq, anna, stream),
  kind: 'post_edited',
  data: { post_id: 40, thread_id: 5, version, body, withheld: false },
});
const hidden = (seq: number): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'post_hidden',
  data: { post_id: 40, thread_id: 5, reason: 'Personuppgifter' },
});
const unhidden = (seq: number, version: number, body: string): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'post_unhidden',
  data: { post_id: 40, thread_id: 5, version, body, withheld: false },
});

describe('edits and moderation in a round', () => {
  it('an edit gives the post its next version, text and time', () => {
    const round = foldEvents(1, [...start(), post(3, 'Första'), edited(4, 2, 'Andra')]);
    expect(round.posts.get(40)).toMatchObject({
      version: 2,
      body: 'Andra',
      editedAt: '2026-11-27T12:04:00.000Z',
      hidden: null,
      withheld: false,
    });
  });

  it('a hide drops the text and keeps who hid it and why; a show brings the current text', () => {
    const round = foldEvents(1, [...start(), post(3, 'Första'), edited(4, 2, 'Andra'), hidden(5)]);
    const folded = round.posts.get(40)!;
    expect(folded.body).toBe('');
    expect(folded.hidden).toMatchObject({ reason: 'Personuppgifter', by: { id: 1 } });
    const change = applyEvent(round, unhidden(6, 2, 'Andra'));
    expect(change).toEqual({ kind: 'post_changed', roundId: 1, postId: 40 });
    expect(round.posts.get(40)).toMatchObject({ body: 'Andra', hidden: null, version: 2 });
  });

  it('a text the server withheld stays empty and is marked so', () => {
    const round = foldEvents(1, [...start(), post(3, '', true), hidden(4)]);
    expect(round.posts.get(40)).toMatchObject({ body: '', withheld: true });
    expect(round.posts.get(40)!.hidden?.reason).toBe('Personuppgifter');
  });

  it('a change of a post that is not there, or in another thread, changes nothing', () => {
    const round = foldEvents(1, [...start()]);
    expect(applyEvent(round, edited(3, 2, 'x')).kind).toBe('none');
    const other = foldEvents(1, [...start(), post(3, 'Första')]);
    const wrongThread = edited(4, 2, 'x');
    if (wrongThread.kind === 'post_edited') wrongThread.data.thread_id = 6;
    expect(applyEvent(other, wrongThread).kind).toBe('none');
    expect(other.posts.get(40)!.body).toBe('Första');
  });

  it('edits fold in a preparation stream too', () => {
    const preparation = createPreparation(1, 'municipal_preparation');
    for (const event of [
      ...start('municipal_preparation'),
      post(2, 'Utkast', false, 'municipal_preparation'),
    ]) {
      applyPreparationEvent(preparation, event);
    }
    const change = applyPreparationEvent(
      preparation,
      edited(3, 2, 'Klart', 'municipal_preparation'),
    );
    expect(change.kind).toBe('post_changed');
    expect(preparation.posts.get(40)).toMatchObject({ body: 'Klart', version: 2 });
  });
});
