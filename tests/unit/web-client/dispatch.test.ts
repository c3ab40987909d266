// The one event switch (app/dispatch.ts) for the round life cycle: each event is folded, the
// round's view is redrawn, and news is announced only when it is news; the end of a
// subscription marks the round and says why.

import { describe, expect, it } from 'vitest';
import { dispatchAccessEnded, dispatchEvent } from '../../../web-client/src/app/dispatch';
import type { Person, RoundEvent } from '../../../web-client/src/protocol/messages';
import { RoundStore } from '../../../web-client/src/round/round_data';
import type { RoundView } from '../../../web-client/src/round/round_ui';

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
  organisation: { id: 2, name: 'Malmö stad', kind: 'municipality', side: 'municipal' },
};

function setup(me: Person, onScreen = true) {
  const store = new RoundStore();
  const announced: string[] = [];
  let redrawn = 0;
  const posts: Array<{ postId: number; live: boolean }> = [];
  const view = {
    onRoundChanged: () => {
      redrawn += 1;
    },
    addThread: () => undefined,
    addPost: (postId: number, live: boolean) => posts.push({ postId, live }),
  } as unknown as RoundView;
  const target = {
    store,
    lang: () => 'sv' as const,
    me: () => me,
    roundView: (id: number) => (onScreen && id === 1 ? view : null),
    announce: (message: string) => announced.push(message),
  };
  let seq = 0;
  const send = (
    event: Omit<RoundEvent, 'type' | 'round_id' | 'stream' | 'seq' | 'at'>,
    initialLoad = false,
  ) => {
    seq += 1;
    dispatchEvent(
      target,
      {
        type: 'event',
        round_id: 1,
        stream: 'main',
        seq,
        at: '2026-12-01T08:00:00.000Z',
        ...event,
      } as RoundEvent,
      initialLoad,
    );
  };
  send(
    {
      kind: 'round_created',
      actor: sara,
      data: { title: 'Runda', proposal: '', phase: 'draft', invited: [anna.organisation] },
    } as never,
    true,
  );
  redrawn = 0; // count from here: round_created drew the page once
  return { store, announced, send, target, posts, redrawn: () => redrawn };
}

describe('dispatch: round life cycle', () => {
  it('folds each life-cycle event, redraws the round and announces news from others', () => {
    const s = setup(anna);
    s.send({
      kind: 'phase_changed',
      actor: sara,
      data: { previous: 'draft', phase: 'open', automatic: false },
    } as never);
    s.send({
      kind: 'schedule_changed',
      actor: sara,
      data: { opens_at: null, closes_at: '2026-12-18T16:00:00.000Z' },
    } as never);
    const skane = { id: 4, name: 'Region Skåne', kind: 'region', side: 'municipal' };
    s.send({ kind: 'organisation_invited', actor: sara, data: { organisation: skane } } as never);
    s.send({ kind: 'invitation_withdrawn', actor: sara, data: { organisation: skane } } as never);
    const info = s.store.get(1)?.info;
    expect(info?.phase).toBe('open');
    expect(info?.closesAt).toBe('2026-12-18T16:00:00.000Z');
    expect(info?.invited.map((o) => o.id)).toEqual([2]);
    expect(s.redrawn()).toBe(4);
    expect(s.announced).toEqual([
      'Samrådsrundan har en ny fas: Öppen',
      'Tiderna för samrådsrundan har ändrats.',
      'Region Skåne har bjudits in till samrådsrundan.',
      'Inbjudan till Region Skåne har dragits tillbaka.',
    ]);
  });

  it('announces an automatic close even to the person who set the closing time', () => {
    const s = setup(sara);
    s.send({
      kind: 'phase_changed',
      actor: sara,
      data: { previous: 'draft', phase: 'open', automatic: false },
    } as never);
    s.send({
      kind: 'phase_changed',
      actor: sara,
      data: { previous: 'open', phase: 'closed', automatic: true },
    } as never);
    expect(s.announced).toEqual(['Samrådsrundan har stängts vid sin stängningstid.']);
    expect(s.store.get(1)?.info?.lastPhaseChange?.automatic).toBe(true);
  });

  it('announces nothing while a round is loaded from scratch', () => {
    const s = setup(anna);
    s.send(
      {
        kind: 'phase_changed',
        actor: sara,
        data: { previous: 'draft', phase: 'open', automatic: false },
      } as never,
      true,
    );
    s.send(
      {
        kind: 'phase_changed',
        actor: sara,
        data: { previous: 'open', phase: 'closed', automatic: true },
      } as never,
      true,
    );
    expect(s.announced).toEqual([]);
    expect(s.store.get(1)?.info?.phase).toBe('closed');
  });

  it('tells the view which posts are news (for "N nya inlägg") and which are the first load', () => {
    const s = setup(anna);
    const post = (id: number) =>
      ({
        kind: 'post_created',
        actor: sara,
        data: { post_id: id, thread_id: 7, reply_to: null, body: 'Hej' },
      }) as never;
    s.send(
      { kind: 'thread_created', actor: sara, data: { thread_id: 7, title: 'T' } } as never,
      true,
    );
    s.send(post(70), true);
    s.send(post(71));
    expect(s.posts).toEqual([
      { postId: 70, live: false },
      { postId: 71, live: true },
    ]);
    expect(s.announced).toEqual(['Nytt inlägg från Sara Ekström, Samrådssekretariatet']);
  });

  it('marks a round whose subscription ended and says why where the person is', () => {
    const s = setup(anna);
    dispatchAccessEnded(s.target, 1, 'access_withdrawn');
    expect(s.store.get(1)?.accessEnded).toBe('access_withdrawn');
    expect(s.redrawn()).toBe(1);
    expect(s.announced).toEqual([
      'Din organisation är inte längre inbjuden till den här samrådsrundan. Du får inga fler uppdateringar från den.',
    ]);
    // Off screen: marked, nothing said.
    const off = setup(anna, false);
    dispatchAccessEnded(off.target, 1, 'access_withdrawn');
    expect(off.store.get(1)?.accessEnded).toBe('access_withdrawn');
    expect(off.announced).toEqual([]);
  });
});
