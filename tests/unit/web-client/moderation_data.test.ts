// Folding edits and moderation (round/round_data.ts): an edit gives a post its next version and
// text, a hide drops the text and keeps why, a show brings back the current text, a text the
// server withheld stays empty, and the same happens in a side's preparation stream. And the
// secretariat's reports (round/moderation_data.ts): each waits until it is dealt with.

import { describe, expect, it } from 'vitest';
import type { Person, RoundEvent, Stream } from '../../../web-client/src/protocol/messages';
import {
  applyEvent,
  applyPreparationEvent,
  createPreparation,
  foldEvents,
  RoundStore,
} from '../../../web-client/src/round/round_data';
import {
  applyModerationEvent,
  createModeration,
  openReports,
  resolvedReports,
} from '../../../web-client/src/round/moderation_data';

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
  data: { post_id: 40, thread_id: 5, version, body },
});
const hidden = (seq: number): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'post_hidden',
  data: { post_id: 40, thread_id: 5, reason: 'Personuppgifter' },
});
const unhidden = (seq: number, version: number, body: string): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'post_unhidden',
  data: { post_id: 40, thread_id: 5, version, body },
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

describe('the secretariat’s reports', () => {
  const reported = (seq: number, id: number, postId: number): RoundEvent => ({
    ...meta(seq, anna, 'moderation'),
    kind: 'post_reported',
    data: { report_id: id, post_id: postId, thread_id: 5, reason: `Skäl ${id}` },
  });
  const resolved = (seq: number, ids: number[], outcome: 'hidden' | 'dismissed'): RoundEvent => ({
    ...meta(seq, sara, 'moderation'),
    kind: 'reports_resolved',
    data: { report_ids: ids, outcome, note: 'Anteckning' },
  });

  it('a report waits until it is dealt with; hiding settles several at once', () => {
    const moderation = createModeration(1);
    for (const event of [reported(1, 7, 40), reported(2, 8, 40), reported(3, 9, 41)]) {
      expect(applyModerationEvent(moderation, event)).toBe(true);
    }
    expect(openReports(moderation).map((r) => r.id)).toEqual([7, 8, 9]);
    expect(openReports(moderation)[0]).toMatchObject({ reporter: { id: 3 }, reason: 'Skäl 7' });
    applyModerationEvent(moderation, resolved(4, [7, 8], 'hidden'));
    applyModerationEvent(moderation, resolved(5, [9], 'dismissed'));
    expect(openReports(moderation)).toEqual([]);
    expect(resolvedReports(moderation).map((r) => [r.id, r.resolution?.outcome])).toEqual([
      [9, 'dismissed'],
      [8, 'hidden'],
      [7, 'hidden'],
    ]);
  });

  it('a repeat, or an event of another stream, changes nothing', () => {
    const moderation = createModeration(1);
    applyModerationEvent(moderation, reported(1, 7, 40));
    expect(applyModerationEvent(moderation, reported(1, 8, 40))).toBe(false);
    expect(applyModerationEvent(moderation, { ...reported(2, 9, 40), stream: 'main' })).toBe(false);
    expect([...moderation.reports.keys()]).toEqual([7]);
    expect(moderation.lastSeq).toBe(1);
  });

  it('the store resumes the moderation stream from its last seq', () => {
    const store = new RoundStore();
    applyModerationEvent(store.moderationOrCreate(1), reported(1, 7, 40));
    expect(store.lastSeq(1, 'moderation')).toBe(1);
    expect(store.lastSeq(1, 'main')).toBe(0);
    expect(store.resetModeration(1).reports.size).toBe(0);
    expect(store.lastSeq(1, 'moderation')).toBe(0);
  });
});
