// Folding the agenda, proposal versions and preparation streams (round/round_data.ts): proposed
// items are threads with a status, decisions, locks and pins change a thread in place, moves
// change the agenda's order, every proposal version is kept, posts know the version they were
// written against, and a side's preparation stream folds into its own state.

import { describe, expect, it } from 'vitest';
import { decodeServerMessage } from '../../../web-client/src/protocol/decode';
import type { Person, RoundEvent, Stream } from '../../../web-client/src/protocol/messages';
import {
  applyEvent,
  applyPreparationEvent,
  createPreparation,
  foldEvents,
  foldPreparationEvents,
  orderedThreads,
  proposalVersion,
  replyTree,
  RoundStore,
  threadTakesPosts,
  type RoundData,
} from '../../../web-client/src/round/round_data';
import { moveTarget, threadBadge, threadRefusal } from '../../../web-client/src/round/agenda_ui';
import { serverExamples } from './protocol_fixtures';

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
const erik: Person = {
  id: 4,
  name: 'Erik Nilsson',
  role: 'representative',
  organisation: { id: 10, name: 'Kiruna kommun', kind: 'municipality', side: 'municipal' },
};

let clock = Date.parse('2026-11-27T12:00:00.000Z');
function meta(seq: number, actor: Person, stream: Stream = 'main') {
  clock += 60_000;
  return {
    type: 'event' as const,
    round_id: 1,
    stream,
    seq,
    at: new Date(clock).toISOString(),
    actor,
  };
}
const created = (seq: number): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'round_created',
  data: { title: 'Generella statsbidrag', proposal: '## Förslag', phase: 'open', invited: [] },
});
const thread = (seq: number, id: number, stream: Stream = 'main', actor = sara): RoundEvent => ({
  ...meta(seq, actor, stream),
  kind: 'thread_created',
  data: { thread_id: id, title: `Tråd ${id}` },
});
const post = (
  seq: number,
  id: number,
  threadId: number,
  options: { replyTo?: number; version?: number; stream?: Stream; actor?: Person } = {},
): RoundEvent => ({
  ...meta(seq, options.actor ?? anna, options.stream),
  kind: 'post_created',
  data: {
    post_id: id,
    thread_id: threadId,
    reply_to: options.replyTo ?? null,
    body: `Inlägg ${id}`,
    ...(options.version === undefined ? {} : { proposal_version: options.version }),
  },
});
const proposed = (seq: number, id: number, motivation = '', actor = erik): RoundEvent => ({
  ...meta(seq, actor),
  kind: 'agenda_item_proposed',
  data: { thread_id: id, title: `Punkt ${id}`, motivation },
});
const decided = (seq: number, id: number, accepted: boolean, reason = ''): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'agenda_item_decided',
  data: { thread_id: id, accepted, reason },
});
const moved = (seq: number, id: number, before: number | null): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'thread_moved',
  data: { thread_id: id, before },
});
const locked = (seq: number, id: number, value: boolean): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'thread_locked',
  data: { thread_id: id, locked: value },
});
const pinned = (seq: number, id: number, postId: number | null): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'post_pinned',
  data: { thread_id: id, post_id: postId },
});
const revised = (seq: number, version: number, proposal: string): RoundEvent => ({
  ...meta(seq, sara),
  kind: 'proposal_revised',
  data: { version, proposal },
});

function exampleEvent(name: string): RoundEvent {
  const text = serverExamples.find((e) => e.name === name)?.text;
  if (text === undefined) throw new Error(`no example ${name}`);
  const message = decodeServerMessage(text);
  if (message.type !== 'event') throw new Error(`${name} is not an event`);
  return message;
}

// Round 1 of the demo data as far as the examples need it: threads 1, 2, 3 and post 3 in
// thread 1, up to seq 12.
function roundOneBeforeTheStory(): RoundData {
  return foldEvents(1, [
    created(1),
    thread(3, 1),
    thread(4, 2),
    thread(5, 3),
    post(6, 1, 1),
    post(7, 2, 1, { replyTo: 1 }),
    post(8, 3, 1, { replyTo: 2 }),
    post(12, 7, 3),
  ]);
}

describe('round_data: the agenda story of the examples', () => {
  const story = [
    'event_agenda_item_proposed.json',
    'event_agenda_item_decided.json',
    'event_thread_moved.json',
    'event_thread_locked.json',
    'event_post_pinned.json',
    'event_proposal_revised.json',
    'event_agenda_item_proposed_without_motivation.json',
    'event_agenda_item_decided_declined.json',
    'event_thread_moved_to_end.json',
    'event_post_unpinned.json',
    'event_thread_unlocked.json',
    'event_post_created_proposal_version.json',
  ].map(exampleEvent);

  it('follows each step: status, order, lock, pin, proposal version', () => {
    const round = roundOneBeforeTheStory();
    const steps = story.map((event) => {
      const change = applyEvent(round, event);
      return { change, order: [...round.threadOrder] };
    });
    expect(steps.map((s) => s.change.kind)).toEqual([
      'thread',
      'thread_changed',
      'thread_changed',
      'thread_changed',
      'thread_changed',
      'round',
      'thread',
      'thread_changed',
      'thread_changed',
      'thread_changed',
      'thread_changed',
      'post',
    ]);
    expect(steps[0]?.order).toEqual([1, 2, 3, 12]);
    expect(steps[2]?.order).toEqual([1, 12, 2, 3]); // 12 before 2
    expect(steps[6]?.order).toEqual([1, 12, 2, 3, 14]); // a proposed item joins at the end
    expect(steps[8]?.order).toEqual([12, 2, 3, 14, 1]); // 1 to the end
    expect(steps[3]?.change).toEqual({
      kind: 'thread_changed',
      roundId: 1,
      threadId: 3,
      detail: 'locked',
    });
    expect(round.lastSeq).toBe(24);
  });

  it('ends with the state a view shows', () => {
    const round = roundOneBeforeTheStory();
    for (const event of story) applyEvent(round, event);
    const item = round.threads.get(12);
    expect(item).toMatchObject({
      title: 'Övergångsregler för pågående projekt',
      status: 'accepted',
      author: { name: 'Anna Lind' },
      motivation: 'Många kommuner har fleråriga projekt som i dag finansieras med riktade bidrag.',
      decision: { accepted: true, reason: '', by: { name: 'Sara Ekström' } },
      locked: false,
      pinnedPostId: null,
      postCount: 1,
    });
    expect(round.threads.get(14)).toMatchObject({
      status: 'declined',
      motivation: '',
      decision: {
        accepted: false,
        reason: 'Frågan tas upp i tråden om små och glesbefolkade kommuner.',
      },
    });
    expect(round.threads.get(3)).toMatchObject({
      locked: false,
      lastLockChange: { locked: false, by: { name: 'Sara Ekström' } },
    });
    expect(round.threads.get(1)?.pinnedPostId).toBeNull();
    // Threads the secretariat created are accepted, not proposed, and never decided.
    expect(round.threads.get(2)).toMatchObject({
      status: 'accepted',
      motivation: null,
      decision: null,
    });
    expect(orderedThreads(round).map((t) => t.id)).toEqual([12, 2, 3, 14, 1]);
    expect(round.info?.proposalVersion).toBe(2);
    expect(round.info?.proposal).toContain('i två steg');
    expect(round.posts.get(21)?.proposalVersion).toBe(2);
    expect(round.posts.get(3)?.proposalVersion).toBe(1); // written before versions: 1
  });
});

describe('round_data: agenda items', () => {
  it('takes no posts while proposed or declined, or while locked', () => {
    const round = foldEvents(1, [created(1), thread(2, 10), proposed(3, 11), proposed(4, 12)]);
    const takes = (id: number) => threadTakesPosts(round.threads.get(id) ?? fail());
    expect([takes(10), takes(11), takes(12)]).toEqual([true, false, false]);
    applyEvent(round, decided(5, 11, true));
    applyEvent(round, decided(6, 12, false, 'Hör hemma i en annan utredning.'));
    expect([takes(11), takes(12)]).toEqual([true, false]);
    applyEvent(round, locked(7, 10, true));
    expect(takes(10)).toBe(false);
    applyEvent(round, locked(8, 10, false));
    expect(takes(10)).toBe(true);
  });

  it('keeps a proposed item in its place with its proposer, time and motivation', () => {
    const round = foldEvents(1, [created(1), thread(2, 10)]);
    const event = proposed(3, 11, 'Viktigt för glesbygden.');
    expect(applyEvent(round, event)).toEqual({ kind: 'thread', roundId: 1, threadId: 11 });
    expect(round.threads.get(11)).toMatchObject({
      id: 11,
      title: 'Punkt 11',
      author: erik,
      at: event.at,
      seq: 3,
      status: 'proposed',
      motivation: 'Viktigt för glesbygden.',
      decision: null,
      rootPosts: [],
    });
    // The id of an existing thread is a broken store: nothing changes.
    expect(applyEvent(round, proposed(4, 10))).toMatchObject({ reason: 'inconsistent' });
    expect(round.threads.get(10)?.status).toBe('accepted');
    expect(round.threadOrder).toEqual([10, 11]);
  });

  it('records who decided and when, and refuses a decision on a thread it does not know', () => {
    const round = foldEvents(1, [created(1), proposed(2, 11)]);
    const decision = decided(3, 11, false, 'Nej.');
    applyEvent(round, decision);
    expect(round.threads.get(11)?.decision).toEqual({
      accepted: false,
      reason: 'Nej.',
      at: decision.at,
      by: sara,
    });
    expect(applyEvent(round, decided(4, 99, true))).toMatchObject({
      kind: 'none',
      reason: 'inconsistent',
    });
    expect(round.lastSeq).toBe(4);
  });
});

describe('round_data: the agenda order', () => {
  function agenda(): RoundData {
    return foldEvents(1, [created(1), thread(2, 1), thread(3, 2), thread(4, 3), thread(5, 4)]);
  }

  it('moves a thread just before another one, forwards or backwards, or to the end', () => {
    const round = agenda();
    applyEvent(round, moved(6, 4, 1));
    expect(round.threadOrder).toEqual([4, 1, 2, 3]);
    applyEvent(round, moved(7, 4, 3));
    expect(round.threadOrder).toEqual([1, 2, 4, 3]);
    applyEvent(round, moved(8, 1, null));
    expect(round.threadOrder).toEqual([2, 4, 3, 1]);
    applyEvent(round, moved(9, 1, null)); // already last
    expect(round.threadOrder).toEqual([2, 4, 3, 1]);
    applyEvent(round, moved(10, 2, 4)); // already just before it
    expect(round.threadOrder).toEqual([2, 4, 3, 1]);
  });

  it('changes nothing for a move it cannot place', () => {
    const round = agenda();
    for (const [seq, event] of [
      [6, moved(6, 9, null)], // no such thread
      [7, moved(7, 1, 9)], // no such thread to move before
      [8, moved(8, 2, 2)], // before itself
    ] as Array<[number, RoundEvent]>) {
      expect(applyEvent(round, event)).toMatchObject({ kind: 'none', reason: 'inconsistent' });
      expect(round.lastSeq).toBe(seq);
    }
    expect(round.threadOrder).toEqual([1, 2, 3, 4]);
  });
});

describe('round_data: locks and pins', () => {
  it('pins one post per thread, replaces it, removes it, and refuses a post of another thread', () => {
    const round = foldEvents(1, [
      created(1),
      thread(2, 1),
      thread(3, 2),
      post(4, 10, 1),
      post(5, 11, 1),
      post(6, 20, 2),
    ]);
    expect(applyEvent(round, pinned(7, 1, 10))).toEqual({
      kind: 'thread_changed',
      roundId: 1,
      threadId: 1,
      detail: 'pinned',
    });
    expect(round.threads.get(1)?.pinnedPostId).toBe(10);
    applyEvent(round, pinned(8, 1, 11));
    expect(round.threads.get(1)?.pinnedPostId).toBe(11);
    expect(applyEvent(round, pinned(9, 1, 20))).toMatchObject({ reason: 'inconsistent' });
    expect(applyEvent(round, pinned(10, 1, 99))).toMatchObject({ reason: 'inconsistent' });
    expect(round.threads.get(1)?.pinnedPostId).toBe(11);
    applyEvent(round, pinned(11, 1, null));
    expect(round.threads.get(1)?.pinnedPostId).toBeNull();
    expect(round.threads.get(2)?.pinnedPostId).toBeNull();
  });

  it('locks and unlocks, remembering who did it last', () => {
    const round = foldEvents(1, [created(1), thread(2, 1)]);
    const lock = locked(3, 1, true);
    applyEvent(round, lock);
    expect(round.threads.get(1)).toMatchObject({
      locked: true,
      lastLockChange: { locked: true, at: lock.at, by: sara },
    });
    applyEvent(round, locked(4, 1, false));
    expect(round.threads.get(1)?.locked).toBe(false);
    expect(applyEvent(round, locked(5, 9, true))).toMatchObject({ reason: 'inconsistent' });
  });
});

describe('round_data: proposal versions', () => {
  it('keeps every version, the latest as the proposal, and each post its version', () => {
    const start = created(1);
    const round = foldEvents(1, [start, thread(2, 1), post(3, 10, 1)]);
    expect(round.info).toMatchObject({ proposal: '## Förslag', proposalVersion: 1 });
    const second = revised(4, 2, '## Förslag v2');
    expect(applyEvent(round, second)).toEqual({ kind: 'round', roundId: 1, detail: 'proposal' });
    applyEvent(round, post(5, 11, 1, { version: 2 }));
    applyEvent(round, revised(6, 3, '## Förslag v3'));
    applyEvent(round, post(7, 12, 1, { version: 3, replyTo: 11 }));
    const info = round.info ?? fail();
    expect(info.proposal).toBe('## Förslag v3');
    expect(info.proposalVersion).toBe(3);
    expect(info.proposalVersions).toEqual([
      { version: 1, text: '## Förslag', at: start.at, by: sara },
      { version: 2, text: '## Förslag v2', at: second.at, by: sara },
      expect.objectContaining({ version: 3, text: '## Förslag v3' }),
    ]);
    expect([10, 11, 12].map((id) => round.posts.get(id)?.proposalVersion)).toEqual([1, 2, 3]);
    // The version a post was written against, for showing it next to the post.
    const post11 = round.posts.get(11) ?? fail();
    expect(proposalVersion(info, post11.proposalVersion)?.text).toBe('## Förslag v2');
    expect(proposalVersion(info, 9)).toBeUndefined();
  });

  it('refuses a revision before round_created, counting its seq', () => {
    const round = foldEvents(1, []);
    expect(applyEvent(round, revised(1, 2, 'x'))).toMatchObject({ reason: 'inconsistent' });
    expect(round.lastSeq).toBe(1);
    expect(round.info).toBeNull();
  });

  it('counts every post of a thread, replies included', () => {
    const round = foldEvents(1, [
      created(1),
      thread(2, 1),
      post(3, 10, 1),
      post(4, 11, 1, { replyTo: 10 }),
      post(5, 12, 1, { replyTo: 11 }),
    ]);
    expect(round.threads.get(1)?.postCount).toBe(3);
  });
});

describe('round_data: a preparation stream', () => {
  const prep = 'municipal_preparation' as const;

  it('folds the preparation example with its threads and posts, apart from the main stream', () => {
    const example = exampleEvent('event_thread_created_preparation.json');
    const preparation = createPreparation(1, prep);
    preparation.lastSeq = 4; // seq 1-4 are the demo's earlier preparation thread
    expect(applyPreparationEvent(preparation, example)).toEqual({
      kind: 'thread',
      roundId: 1,
      stream: prep,
      threadId: 13,
    });
    expect(
      applyPreparationEvent(preparation, post(6, 23, 13, { stream: prep, version: 2 })),
    ).toEqual({ kind: 'post', roundId: 1, stream: prep, postId: 23 });
    expect(preparation.threads.get(13)).toMatchObject({
      title: 'Synpunkter på det reviderade förslaget',
      author: { name: 'Anna Lind' },
      status: 'accepted',
      motivation: null,
      postCount: 1,
    });
    expect(preparation.posts.get(23)?.proposalVersion).toBe(2);
    expect(replyTree(preparation, 13).map((t) => t.post.id)).toEqual([23]);
    // The main stream's state does not take it.
    const round = foldEvents(1, [created(1)]);
    expect(applyEvent(round, example)).toMatchObject({ reason: 'inconsistent' });
    expect(round.threads.size).toBe(0);
  });

  it('builds reply trees, drops duplicates and refuses other streams, rounds and main-only kinds', () => {
    const preparation = foldPreparationEvents(1, prep, [
      thread(1, 5, prep, anna),
      post(2, 10, 5, { stream: prep }),
      post(3, 11, 5, { stream: prep, replyTo: 10, actor: erik }),
    ]);
    expect(
      replyTree(preparation, 5).map((t) => [t.post.id, t.replies.map((r) => r.post.id)]),
    ).toEqual([[10, [11]]]);
    expect(applyPreparationEvent(preparation, post(3, 12, 5, { stream: prep }))).toMatchObject({
      kind: 'none',
      reason: 'duplicate',
    });
    expect(applyPreparationEvent(preparation, post(4, 12, 5))).toMatchObject({
      reason: 'inconsistent', // a main-stream event
    });
    expect(
      applyPreparationEvent(preparation, post(4, 12, 5, { stream: 'state_preparation' })),
    ).toMatchObject({ reason: 'inconsistent' });
    expect(
      applyPreparationEvent(preparation, { ...post(4, 12, 5, { stream: prep }), round_id: 2 }),
    ).toMatchObject({ reason: 'inconsistent' });
    expect(preparation.lastSeq).toBe(3);
    // Kinds of the main stream have no place here, but their seq counts; so does an unknown kind.
    expect(
      applyPreparationEvent(preparation, { ...locked(4, 5, true), stream: prep }),
    ).toMatchObject({ reason: 'inconsistent' });
    expect(
      applyPreparationEvent(preparation, {
        ...meta(5, anna, prep),
        kind: 'unknown',
        original_kind: 'post_edited',
      }),
    ).toMatchObject({ reason: 'unknown_kind' });
    expect(preparation.lastSeq).toBe(5);
    expect(preparation.threads.get(5)?.locked).toBe(false);
    expect(orderedThreads(preparation).map((t) => t.id)).toEqual([5]);
  });

  it('lives in the store beside the round, keyed by round and stream', () => {
    const store = new RoundStore();
    const municipal = store.preparationOrCreate(1, prep);
    expect(store.preparationOrCreate(1, prep)).toBe(municipal);
    expect(store.preparation(1, 'state_preparation')).toBeUndefined();
    applyPreparationEvent(municipal, thread(1, 5, prep, anna));
    applyEvent(store.getOrCreate(1), created(1));
    applyEvent(store.getOrCreate(1), thread(2, 1));
    expect(store.lastSeq(1)).toBe(2);
    expect(store.lastSeq(1, 'main')).toBe(2);
    expect(store.lastSeq(1, prep)).toBe(1);
    expect(store.lastSeq(1, 'state_preparation')).toBe(0);
    expect(store.lastSeq(2)).toBe(0);
    // Resetting one stream leaves the other alone.
    const fresh = store.resetPreparation(1, prep);
    expect(fresh.lastSeq).toBe(0);
    expect(store.preparation(1, prep)).toBe(fresh);
    expect(store.get(1)?.lastSeq).toBe(2);
    store.clear();
    expect(store.preparation(1, prep)).toBeUndefined();
    expect(store.get(1)).toBeUndefined();
  });
});

function fail(): never {
  throw new Error('missing');
}

describe('the agenda as the round page shows it (round/agenda_ui.ts)', () => {
  it('moves a thread one place up or down from every position, through thread_moved', () => {
    const ids = [11, 12, 13, 14];
    for (const [index, id] of ids.entries()) {
      for (const direction of ['up', 'down'] as const) {
        const round = foldEvents(1, [created(1), ...ids.map((t, i) => thread(i + 2, t))]);
        const before = moveTarget(round.threadOrder, id, direction);
        const edge = direction === 'up' ? index === 0 : index === ids.length - 1;
        if (edge) {
          expect(before, `${direction} from ${index}`).toBeUndefined();
          continue;
        }
        expect(before).not.toBeUndefined();
        applyEvent(round, moved(10, id, before ?? null));
        const expected = [...ids];
        const other = direction === 'up' ? index - 1 : index + 1;
        [expected[index], expected[other]] = [expected[other]!, expected[index]!];
        expect(round.threadOrder, `${id} ${direction}`).toEqual(expected);
      }
    }
    expect(moveTarget([1, 2], 3, 'up')).toBeUndefined();
  });

  it('names a thread’s status in the list and says why it takes no posts', () => {
    const round = foldEvents(1, [
      created(1),
      thread(2, 11),
      proposed(3, 12, 'Viktigt för kommunerna.'),
      proposed(4, 13),
      decided(5, 13, false, 'Hör till en annan runda.'),
      proposed(6, 14),
      decided(7, 14, true),
      locked(8, 11, true),
    ]);
    const badge = (id: number): string | null => threadBadge('sv', round.threads.get(id)!);
    const refusal = (id: number): string | null => threadRefusal('sv', round.threads.get(id)!);
    expect([11, 12, 13, 14].map(badge)).toEqual([
      'Låst',
      'Föreslagen punkt',
      'Avslagen punkt',
      null,
    ]);
    expect([11, 12, 13, 14].map(refusal)).toEqual([
      'Tråden är låst.',
      'Punkten är inte upptagen på dagordningen ännu.',
      'Punkten avslogs.',
      null,
    ]);
    expect(threadBadge('en', round.threads.get(12)!)).toBe('Proposed item');
    applyEvent(round, locked(9, 11, false));
    expect(badge(11)).toBeNull();
    expect(refusal(11)).toBeNull();
  });
});
