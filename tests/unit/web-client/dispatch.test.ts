// The one event switch (app/dispatch.ts) for the round life cycle: each event is folded, the
// round's view is redrawn, and news is announced only when it is news; the end of a
// subscription marks the round and says why.

import { describe, expect, it } from 'vitest';
import {
  dispatchAccessEnded,
  dispatchEvent,
  dispatchStreamReset,
  type DispatchTarget,
  type PreparationViewLike,
} from '../../../web-client/src/app/dispatch';
import type {
  Person,
  PreparationStream,
  RoundEvent,
  Stream,
} from '../../../web-client/src/protocol/messages';
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
    onParticipationChanged: () => undefined,
    onReminder: () => undefined,
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

// The agenda, proposal versions and preparation streams: folded, shown, and announced only when
// it is news from someone else.
describe('dispatch: the agenda and preparation streams', () => {
  const erik: Person = {
    id: 4,
    name: 'Erik Nilsson',
    role: 'representative',
    organisation: { id: 10, name: 'Kiruna kommun', kind: 'municipality', side: 'municipal' },
  };

  function agenda(me: Person, withPreparationView = true) {
    const store = new RoundStore();
    const announced: string[] = [];
    const calls: string[] = [];
    const view = {
      onRoundChanged: () => calls.push('redraw'),
      addThread: (id: number) => calls.push(`thread ${id}`),
      addPost: (id: number) => calls.push(`post ${id}`),
      onParticipationChanged: () => undefined,
    } as unknown as RoundView;
    const preparationView: PreparationViewLike = {
      onChanged: () => calls.push('prep redraw'),
      addThread: (id) => calls.push(`prep thread ${id}`),
      addPost: (id) => calls.push(`prep post ${id}`),
    };
    const target: DispatchTarget = {
      store,
      lang: () => 'sv' as const,
      me: () => me,
      roundView: (id) => (id === 1 ? view : null),
      announce: (message) => announced.push(message),
    };
    if (withPreparationView) {
      target.preparationView = (id: number, stream: PreparationStream) =>
        id === 1 && stream === 'municipal_preparation' ? preparationView : null;
    }
    const seqs = new Map<Stream, number>();
    const send = (
      event: { kind: string; actor: Person; data: unknown },
      options: { initialLoad?: boolean; stream?: Stream } = {},
    ) => {
      const stream = options.stream ?? 'main';
      const seq = (seqs.get(stream) ?? 0) + 1;
      seqs.set(stream, seq);
      dispatchEvent(
        target,
        {
          type: 'event',
          round_id: 1,
          stream,
          seq,
          at: '2026-12-01T08:00:00.000Z',
          ...event,
        } as RoundEvent,
        options.initialLoad ?? false,
      );
    };
    send(
      {
        kind: 'round_created',
        actor: sara,
        data: { title: 'Runda', proposal: 'v1', phase: 'open', invited: [anna.organisation] },
      },
      { initialLoad: true },
    );
    send(
      { kind: 'thread_created', actor: sara, data: { thread_id: 1, title: 'Bemanning' } },
      {
        initialLoad: true,
      },
    );
    send(
      {
        kind: 'post_created',
        actor: anna,
        data: { post_id: 1, thread_id: 1, reply_to: null, body: 'Hej' },
      },
      { initialLoad: true },
    );
    calls.length = 0;
    return { store, announced, calls, send, target };
  }

  it('adds a proposed item as a thread and announces it to others', () => {
    const s = agenda(anna);
    s.send({
      kind: 'agenda_item_proposed',
      actor: erik,
      data: { thread_id: 2, title: 'Digitala verktyg', motivation: 'Glesbygden.' },
    });
    expect(s.calls).toEqual(['thread 2']);
    expect(s.store.get(1)?.threads.get(2)?.status).toBe('proposed');
    expect(s.announced).toEqual([
      'Erik Nilsson, Kiruna kommun, föreslår en ny punkt på dagordningen: Digitala verktyg',
    ]);
    // The proposer is not told about their own proposal.
    const own = agenda(erik);
    own.send({
      kind: 'agenda_item_proposed',
      actor: erik,
      data: { thread_id: 2, title: 'Digitala verktyg', motivation: '' },
    });
    expect(own.announced).toEqual([]);
  });

  it('announces decisions, locks and a new proposal version, and redraws for each', () => {
    const s = agenda(erik);
    s.send({
      kind: 'agenda_item_proposed',
      actor: erik,
      data: { thread_id: 2, title: 'Digitala verktyg', motivation: '' },
    });
    s.send({
      kind: 'agenda_item_proposed',
      actor: erik,
      data: { thread_id: 3, title: 'Avgifter', motivation: '' },
    });
    s.calls.length = 0;
    s.send({
      kind: 'agenda_item_decided',
      actor: sara,
      data: { thread_id: 2, accepted: true, reason: '' },
    });
    s.send({
      kind: 'agenda_item_decided',
      actor: sara,
      data: { thread_id: 3, accepted: false, reason: 'En annan utredning.' },
    });
    s.send({ kind: 'thread_locked', actor: sara, data: { thread_id: 1, locked: true } });
    s.send({ kind: 'thread_locked', actor: sara, data: { thread_id: 1, locked: false } });
    s.send({ kind: 'proposal_revised', actor: sara, data: { version: 2, proposal: 'v2' } });
    expect(s.calls).toEqual(['redraw', 'redraw', 'redraw', 'redraw', 'redraw']);
    expect(s.announced).toEqual([
      'Punkten ”Digitala verktyg” har tagits upp på dagordningen.',
      'Punkten ”Avgifter” har avslagits.',
      'Tråden ”Bemanning” har låsts. Den tar inte emot fler inlägg.',
      'Tråden ”Bemanning” har låsts upp.',
      'Förslaget har reviderats. Nu gäller version 2.',
    ]);
    const round = s.store.get(1);
    expect(round?.threads.get(3)?.decision?.reason).toBe('En annan utredning.');
    expect(round?.info?.proposalVersion).toBe(2);
  });

  it('shows moves and pins without announcing them, and nothing while loading', () => {
    const s = agenda(anna);
    s.send({ kind: 'thread_created', actor: sara, data: { thread_id: 2, title: 'Avgifter' } });
    s.announced.length = 0;
    s.calls.length = 0;
    s.send({ kind: 'thread_moved', actor: sara, data: { thread_id: 2, before: 1 } });
    s.send({ kind: 'post_pinned', actor: sara, data: { thread_id: 1, post_id: 1 } });
    expect(s.calls).toEqual(['redraw', 'redraw']);
    expect(s.announced).toEqual([]);
    expect(s.store.get(1)?.threadOrder).toEqual([2, 1]);
    expect(s.store.get(1)?.threads.get(1)?.pinnedPostId).toBe(1);
    s.send(
      { kind: 'proposal_revised', actor: sara, data: { version: 2, proposal: 'v2' } },
      { initialLoad: true },
    );
    s.send(
      { kind: 'thread_locked', actor: sara, data: { thread_id: 1, locked: true } },
      { initialLoad: true },
    );
    expect(s.announced).toEqual([]);
    // An event that changes nothing (a move it cannot place) draws nothing.
    s.calls.length = 0;
    s.send({ kind: 'thread_moved', actor: sara, data: { thread_id: 9, before: null } });
    expect(s.calls).toEqual([]);
  });

  it('folds a preparation stream into its own state, not the round, and shows it in its view', () => {
    const prep = { stream: 'municipal_preparation' as const };
    const s = agenda(anna);
    s.send(
      { kind: 'thread_created', actor: erik, data: { thread_id: 5, title: 'Hållning' } },
      prep,
    );
    s.send(
      {
        kind: 'post_created',
        actor: erik,
        data: { post_id: 9, thread_id: 5, reply_to: null, body: 'Hej', proposal_version: 1 },
      },
      prep,
    );
    expect(s.calls).toEqual(['prep thread 5', 'prep post 9']);
    expect(s.announced).toEqual([
      'Ny tråd i förberedelserna: Hållning',
      'Nytt inlägg i förberedelserna från Erik Nilsson, Kiruna kommun',
    ]);
    const preparation = s.store.preparation(1, 'municipal_preparation');
    expect(preparation?.threads.get(5)?.title).toBe('Hållning');
    expect(preparation?.lastSeq).toBe(2);
    const round = s.store.get(1);
    expect(round?.threads.has(5)).toBe(false);
    expect(round?.lastSeq).toBe(3);
  });

  it('folds a preparation stream silently while no view shows it', () => {
    const s = agenda(anna, false);
    s.send(
      { kind: 'thread_created', actor: erik, data: { thread_id: 5, title: 'Hållning' } },
      { stream: 'municipal_preparation' },
    );
    expect(s.calls).toEqual([]);
    expect(s.announced).toEqual([]);
    expect(s.store.preparation(1, 'municipal_preparation')?.threadOrder).toEqual([5]);
  });

  it('marks a preparation stream whose subscription ended without a second notice', () => {
    const s = agenda(anna);
    dispatchAccessEnded(s.target, 1, 'access_withdrawn', 'municipal_preparation');
    expect(s.store.preparation(1, 'municipal_preparation')?.accessEnded).toBe('access_withdrawn');
    expect(s.store.get(1)?.accessEnded).toBeNull();
    expect(s.calls).toEqual(['prep redraw']);
    expect(s.announced).toEqual([]);
    dispatchAccessEnded(s.target, 1, 'access_withdrawn', 'main');
    expect(s.store.get(1)?.accessEnded).toBe('access_withdrawn');
    expect(s.announced).toHaveLength(1);
  });

  it('resets only the stream the server knows less of', () => {
    const s = agenda(anna);
    s.send(
      { kind: 'thread_created', actor: erik, data: { thread_id: 5, title: 'Hållning' } },
      { stream: 'municipal_preparation' },
    );
    const fresh = dispatchStreamReset(s.target, 1, 'municipal_preparation');
    expect(fresh.lastSeq).toBe(0);
    expect(s.store.preparation(1, 'municipal_preparation')?.threads.size).toBe(0);
    expect(s.store.get(1)?.lastSeq).toBe(3);
    const main = dispatchStreamReset(s.target, 1);
    expect(main.lastSeq).toBe(0);
    expect(s.store.get(1)?.threads.size).toBe(0);
  });
});

describe('dispatch: reminders', () => {
  const kiruna: Person = {
    id: 4,
    name: 'Erik Nilsson',
    role: 'representative',
    organisation: { id: 10, name: 'Kiruna kommun', kind: 'municipality', side: 'municipal' },
  };

  function reminders(me: Person) {
    const store = new RoundStore();
    const announced: string[] = [];
    const calls: string[] = [];
    const view = {
      onRoundChanged: () => calls.push('redraw'),
      addThread: () => undefined,
      addPost: (id: number) => calls.push(`post ${id}`),
      onReminder: (reminder: { seq: number }) => calls.push(`reminder ${reminder.seq}`),
      onParticipationChanged: () => calls.push('participation'),
    } as unknown as RoundView;
    const target: DispatchTarget = {
      store,
      lang: () => 'sv' as const,
      me: () => me,
      roundView: (id) => (id === 1 ? view : null),
      announce: (message) => announced.push(message),
    };
    let seq = 0;
    const send = (event: { kind: string; actor: Person; data: unknown }, initialLoad = false) => {
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
        data: {
          title: 'Runda',
          proposal: '',
          phase: 'open',
          invited: [anna.organisation, kiruna.organisation],
        },
      },
      true,
    );
    calls.length = 0;
    return { store, announced, calls, send };
  }

  const remindMalmo = (message: string) => ({
    kind: 'reminder_sent',
    actor: sara,
    data: { organisation: anna.organisation, message },
  });

  it('folds a reminder, tells the view, and announces it to the reminded organisation only', () => {
    const malmo = reminders(anna);
    malmo.send(remindMalmo('Vi saknar era synpunkter.'));
    expect(malmo.store.get(1)?.reminders).toEqual([
      {
        seq: 2,
        organisation: anna.organisation,
        message: 'Vi saknar era synpunkter.',
        at: '2026-12-01T08:00:00.000Z',
        by: sara,
      },
    ]);
    expect(malmo.calls).toEqual(['reminder 2', 'participation']);
    expect(malmo.announced).toEqual([
      'Sekretariatet påminner Malmö stad: Vi saknar era synpunkter.',
    ]);

    const other = reminders(kiruna);
    other.send(remindMalmo('Vi saknar era synpunkter.'));
    expect(other.calls).toEqual(['reminder 2', 'participation']);
    expect(other.announced).toEqual([]);
  });

  it('says a reminder without a message in a sentence of its own', () => {
    const malmo = reminders(anna);
    malmo.send(remindMalmo(''));
    expect(malmo.announced).toEqual(['Sekretariatet påminner Malmö stad om att delta i samrådet.']);
  });

  it('keeps a replayed reminder quiet: it is shown, not announced', () => {
    const malmo = reminders(anna);
    malmo.send(remindMalmo('Vi saknar era synpunkter.'), true);
    expect(malmo.calls).toEqual(['reminder 2']);
    expect(malmo.announced).toEqual([]);
  });

  it('asks the secretariat’s table to refresh after live posts and phase changes', () => {
    const secretariat = reminders(sara);
    secretariat.send({ kind: 'thread_created', actor: sara, data: { thread_id: 1, title: 'T' } });
    secretariat.send({
      kind: 'post_created',
      actor: anna,
      data: { post_id: 1, thread_id: 1, reply_to: null, body: 'Hej' },
    });
    secretariat.send(
      {
        kind: 'post_created',
        actor: anna,
        data: { post_id: 2, thread_id: 1, reply_to: null, body: 'Igen' },
      },
      true,
    );
    secretariat.send({
      kind: 'phase_changed',
      actor: sara,
      data: { previous: 'open', phase: 'closed', automatic: false },
    });
    expect(secretariat.calls).toEqual([
      'post 1',
      'participation',
      'post 2',
      'redraw',
      'participation',
    ]);
  });
});
