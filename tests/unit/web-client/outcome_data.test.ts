// The outcome folded from outcome_written and dissent_attached events, and through a round's
// main stream (applyEvent), with examples from protocol/examples.
import { describe, expect, it } from 'vitest';
import { decodeServerValue } from '../../../web-client/src/protocol/decode';
import type {
  DissentAttachedEvent,
  Organisation,
  OutcomeWrittenEvent,
  Person,
  RoundEvent,
} from '../../../web-client/src/protocol/messages';
import {
  applyDissentAttached,
  applyOutcomeWritten,
  createOutcome,
  latestOutcome,
} from '../../../web-client/src/round/outcome_data';
import { applyEvent, createRound } from '../../../web-client/src/round/round_data';
import { serverExamples } from './protocol_fixtures';

const sekretariatet: Organisation = {
  id: 1,
  name: 'Samrådssekretariatet',
  kind: 'other',
  side: 'neutral',
};
const kiruna: Organisation = {
  id: 10,
  name: 'Kiruna kommun',
  kind: 'municipality',
  side: 'municipal',
};
const sara: Person = {
  id: 1,
  name: 'Sara Ekström',
  role: 'secretariat',
  organisation: sekretariatet,
};
const erik: Person = { id: 4, name: 'Erik Nilsson', role: 'representative', organisation: kiruna };

let seq = 30;
function written(
  version: number,
  summary = `Utfall ${version}`,
  correction: string | null = null,
): OutcomeWrittenEvent {
  seq += 1;
  return {
    type: 'event',
    round_id: 1,
    stream: 'main',
    seq,
    at: '2026-11-30T15:00:00.000Z',
    kind: 'outcome_written',
    actor: sara,
    data: {
      version,
      summary,
      agreed: ['Två budgetår.'],
      responses: [
        {
          point: 'Glesbygden',
          post_ids: [21],
          organisation_ids: [10],
          response: 'partly_accepted',
          reason: 'Utreds.',
        },
      ],
      correction,
    },
  };
}
function dissent(text: string): DissentAttachedEvent {
  seq += 1;
  return {
    type: 'event',
    round_id: 1,
    stream: 'main',
    seq,
    at: '2026-11-30T15:30:00.000Z',
    kind: 'dissent_attached',
    actor: erik,
    data: { organisation: kiruna, text },
  };
}

describe('folding the outcome', () => {
  it('keeps every version in order and the latest is the outcome', () => {
    const outcome = createOutcome();
    expect(latestOutcome(outcome)).toBeUndefined();
    expect(applyOutcomeWritten(outcome, written(1))).toBe(true);
    expect(applyOutcomeWritten(outcome, written(2, 'Reviderat'))).toBe(true);
    expect(outcome.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(latestOutcome(outcome)).toMatchObject({ version: 2, summary: 'Reviderat', by: sara });
    expect(latestOutcome(outcome)?.responses[0]).toMatchObject({
      post_ids: [21],
      organisation_ids: [10],
      response: 'partly_accepted',
    });
  });

  it('keeps the reason of a version that corrects a decided round', () => {
    const outcome = createOutcome();
    applyOutcomeWritten(outcome, written(1));
    applyOutcomeWritten(outcome, written(2, 'Rättat', 'Fel år.'));
    expect(outcome.versions.map((v) => v.correction)).toEqual([null, 'Fel år.']);
  });

  it('refuses a version out of order, which only a broken stream sends', () => {
    const outcome = createOutcome();
    expect(applyOutcomeWritten(outcome, written(2))).toBe(false);
    expect(applyOutcomeWritten(outcome, written(1))).toBe(true);
    expect(applyOutcomeWritten(outcome, written(1))).toBe(false);
    expect(outcome.versions).toHaveLength(1);
  });

  it('keeps every dissent, oldest first, and none before an outcome', () => {
    const outcome = createOutcome();
    expect(applyDissentAttached(outcome, dissent('För tidigt'))).toBe(false);
    applyOutcomeWritten(outcome, written(1));
    expect(applyDissentAttached(outcome, dissent('Första'))).toBe(true);
    expect(applyDissentAttached(outcome, dissent('Andra'))).toBe(true);
    expect(outcome.dissent.map((d) => [d.organisation.name, d.text, d.by.name])).toEqual([
      ['Kiruna kommun', 'Första', 'Erik Nilsson'],
      ['Kiruna kommun', 'Andra', 'Erik Nilsson'],
    ]);
  });
});

function example(name: string): RoundEvent {
  const text = serverExamples.find((e) => e.name === name)!.text;
  return decodeServerValue(JSON.parse(text)) as RoundEvent;
}

describe('the outcome in a round', () => {
  it('folds the examples through the main stream and says what changed', () => {
    const round = createRound(1);
    round.lastSeq = 30;
    expect(applyEvent(round, example('event_outcome_written.json'))).toEqual({
      kind: 'outcome',
      roundId: 1,
      version: 1,
    });
    expect(applyEvent(round, example('event_outcome_written_revised.json'))).toEqual({
      kind: 'outcome',
      roundId: 1,
      version: 2,
    });
    expect(applyEvent(round, example('event_dissent_attached.json'))).toEqual({
      kind: 'dissent',
      roundId: 1,
      organisationId: 10,
    });
    expect(latestOutcome(round.outcome)?.agreed).toEqual(['Övergången sker under två budgetår.']);
    expect(round.outcome.dissent).toHaveLength(1);
    expect(applyEvent(round, example('event_outcome_written_correction.json'))).toEqual({
      kind: 'outcome',
      roundId: 1,
      version: 3,
    });
    expect(latestOutcome(round.outcome)?.correction).toBe(
      'Året för utredningen av skolskjutsen föll bort i utfallet.',
    );
  });
});
