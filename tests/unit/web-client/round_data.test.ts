// Folding a round's events into its state: proposal, threads, reply trees, and the round's life
// cycle (kind, sectors, phase, schedule, invitations); duplicates and unknown kinds change
// nothing but lastSeq.

import { describe, expect, it } from 'vitest';
import { decodeServerMessage } from '../../../web-client/src/protocol/decode';
import type { Person, RoundEvent } from '../../../web-client/src/protocol/messages';
import {
  applyAccessEnded,
  applyEvent,
  clearAccessEnded,
  createRound,
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
    // Each thread counts all its posts, replies included.
    expect(round.threads.get(10)?.postCount).toBe(5);
    expect(round.threads.get(20)?.postCount).toBe(2);
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

function exampleEvent(name: string): RoundEvent {
  const text = serverExamples.find((e) => e.name === name)?.text;
  if (text === undefined) throw new Error(`no example ${name}`);
  const message = decodeServerMessage(text);
  if (message.type !== 'event') throw new Error(`${name} is not an event`);
  return message;
}

const malmo = anna.organisation;
const skane = { id: 4, name: 'Region Skåne', kind: 'region', side: 'municipal' } as const;
const phaseChanged = (
  seq: number,
  previous: 'draft' | 'open' | 'closed',
  phase: 'open' | 'closed' | 'decided',
  automatic = false,
): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'phase_changed',
  data: { previous, phase, automatic },
});
const scheduleChanged = (
  seq: number,
  opens_at: string | null,
  closes_at: string | null,
): RoundEvent => ({ ...meta(seq, sara), kind: 'schedule_changed', data: { opens_at, closes_at } });

describe('round_data: the round life cycle', () => {
  it('folds the life-cycle examples of round 3 in seq order', () => {
    const events = [
      'event_round_created_bilateral.json',
      'event_schedule_changed.json',
      'event_organisation_invited.json',
      'event_invitation_withdrawn.json',
      'event_phase_changed.json',
      'event_phase_changed_automatic.json',
    ].map(exampleEvent);
    // Seq 5 (client/set_schedule.json moving the close to 18 December) has no example of its own.
    const schedule = exampleEvent('event_schedule_changed.json');
    events.splice(4, 0, {
      ...schedule,
      seq: 5,
      data: { opens_at: '2026-12-01T08:00:00.000Z', closes_at: '2026-12-18T16:00:00.000Z' },
    } as RoundEvent);
    const round = foldEvents(3, events);
    const info = round.info;
    expect(info).toMatchObject({
      title: 'Tillitsbaserad styrning i socialtjänsten',
      kind: 'bilateral',
      sectors: ['health_care', 'social_care'],
      phase: 'closed',
      opensAt: '2026-12-01T08:00:00.000Z',
      closesAt: '2026-12-18T16:00:00.000Z',
      lastPhaseChange: {
        previous: 'open',
        phase: 'closed',
        automatic: true,
        at: '2026-12-18T16:00:00.640Z',
      },
    });
    // Region Skåne was withdrawn, Skolverket invited after the others.
    expect(info?.invited.map((o) => o.name)).toEqual([
      'Finansdepartementet',
      'Malmö stad',
      'SKR',
      'Skolverket',
    ]);
    expect(round.lastSeq).toBe(7);
  });

  it('reads a round created before rounds had kinds as plenary without sectors or schedule', () => {
    const round = foldEvents(1, [exampleEvent('event_round_created.json')]);
    expect(round.info).toMatchObject({
      kind: 'plenary',
      sectors: [],
      opensAt: null,
      closesAt: null,
      lastPhaseChange: null,
    });
    expect(foldEvents(4, [exampleEvent('event_round_created_plenary.json')]).info).toMatchObject({
      kind: 'plenary',
      sectors: [],
      proposal: '',
      invited: [],
      phase: 'draft',
    });
  });

  it('follows each phase change, saying whether the server closed the round by itself', () => {
    const round = foldEvents(1, [roundCreated(1)]);
    if (round.info) round.info.phase = 'draft';
    expect(applyEvent(round, phaseChanged(2, 'draft', 'open'))).toEqual({
      kind: 'round',
      roundId: 1,
      detail: 'phase',
    });
    expect(round.info?.phase).toBe('open');
    expect(round.info?.lastPhaseChange).toMatchObject({ automatic: false, by: sara });
    applyEvent(round, phaseChanged(3, 'open', 'closed', true));
    expect(round.info?.phase).toBe('closed');
    expect(round.info?.lastPhaseChange).toMatchObject({ previous: 'open', automatic: true });
    applyEvent(round, phaseChanged(4, 'closed', 'decided'));
    expect(round.info?.phase).toBe('decided');
    expect(round.info?.lastPhaseChange?.automatic).toBe(false);
  });

  it('takes each schedule as a whole: a time left out is cleared', () => {
    const round = foldEvents(1, [roundCreated(1)]);
    expect(
      applyEvent(round, scheduleChanged(2, '2026-12-01T08:00:00.000Z', '2026-12-15T16:00:00.000Z')),
    ).toMatchObject({ kind: 'round', detail: 'schedule' });
    expect([round.info?.opensAt, round.info?.closesAt]).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2026-12-15T16:00:00.000Z',
    ]);
    applyEvent(round, scheduleChanged(3, null, '2026-12-18T16:00:00.000Z'));
    expect([round.info?.opensAt, round.info?.closesAt]).toEqual([null, '2026-12-18T16:00:00.000Z']);
    applyEvent(round, scheduleChanged(4, null, null));
    expect([round.info?.opensAt, round.info?.closesAt]).toEqual([null, null]);
  });

  it('adds invited organisations and removes withdrawn ones', () => {
    const round = foldEvents(1, [roundCreated(1)]);
    const invite = (seq: number, organisation: typeof skane | typeof malmo): RoundEvent => ({
      ...meta(seq, sara),
      kind: 'organisation_invited',
      data: { organisation },
    });
    const withdraw = (seq: number, organisation: typeof skane | typeof malmo): RoundEvent => ({
      ...meta(seq, sara),
      kind: 'invitation_withdrawn',
      data: { organisation },
    });
    expect(applyEvent(round, invite(2, skane))).toMatchObject({ kind: 'round', detail: 'invited' });
    expect(round.info?.invited.map((o) => o.id)).toEqual([2, 4]);
    expect(applyEvent(round, withdraw(3, malmo))).toMatchObject({ detail: 'invited' });
    expect(round.info?.invited.map((o) => o.id)).toEqual([4]);
    // Invited again: listed once, at the end.
    applyEvent(round, invite(4, malmo));
    applyEvent(round, invite(5, malmo));
    expect(round.info?.invited.map((o) => o.id)).toEqual([4, 2]);
    // Withdrawing one that is not listed changes nothing but lastSeq.
    applyEvent(round, withdraw(6, { ...skane, id: 99 } as unknown as typeof skane));
    expect(round.info?.invited.map((o) => o.id)).toEqual([4, 2]);
    expect(round.lastSeq).toBe(6);
  });

  it('does not let the round_created of a replay share the invited list with the event', () => {
    const created = roundCreated(1) as RoundEvent & { data: { invited: unknown[] } };
    const round = foldEvents(1, [created]);
    applyEvent(round, {
      ...meta(2, sara),
      kind: 'invitation_withdrawn',
      data: { organisation: malmo },
    });
    expect(created.data.invited).toHaveLength(1);
  });

  it('refuses life-cycle events before round_created, counting their seq', () => {
    const round = createRound(1);
    for (const [seq, event] of [
      [1, phaseChanged(1, 'draft', 'open')],
      [2, scheduleChanged(2, null, null)],
      [3, { ...meta(3, sara), kind: 'organisation_invited', data: { organisation: malmo } }],
      [4, { ...meta(4, sara), kind: 'invitation_withdrawn', data: { organisation: malmo } }],
    ] as Array<[number, RoundEvent]>) {
      expect(applyEvent(round, event)).toMatchObject({ kind: 'none', reason: 'inconsistent' });
      expect(round.lastSeq).toBe(seq);
    }
    expect(round.info).toBeNull();
  });

  it('marks a round whose subscription the server ended, keeping what was folded', () => {
    const round = foldEvents(1, [roundCreated(1), thread(2, 10)]);
    expect(round.accessEnded).toBeNull();
    applyAccessEnded(round, 'access_withdrawn');
    expect(round.accessEnded).toBe('access_withdrawn');
    expect(round.threads.size).toBe(1);
    clearAccessEnded(round);
    expect(round.accessEnded).toBeNull();
  });
});
