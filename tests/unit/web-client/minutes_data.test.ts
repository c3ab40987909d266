// The minutes of each agenda item folded from minutes_written events, and through a round's main
// stream (applyEvent), with examples from protocol/examples.
import { describe, expect, it } from 'vitest';
import { decodeServerValue } from '../../../web-client/src/protocol/decode';
import type { RoundEvent } from '../../../web-client/src/protocol/messages';
import { latestMinutes } from '../../../web-client/src/round/minutes_data';
import { applyEvent, createRound } from '../../../web-client/src/round/round_data';
import { serverExamples } from './protocol_fixtures';

function example(name: string, changes: Record<string, unknown> = {}): RoundEvent {
  const text = serverExamples.find((e) => e.name === name)!.text;
  return decodeServerValue({ ...JSON.parse(text), ...changes }) as RoundEvent;
}

// Round 1 of the examples with agenda item 12 (the thread the minutes examples are about).
function roundWithItem12() {
  const round = createRound(1);
  const created = JSON.parse(
    serverExamples.find((e) => e.name === 'event_thread_created.json')!.text,
  );
  applyEvent(
    round,
    decodeServerValue({
      ...created,
      seq: 33,
      data: { ...created.data, thread_id: 12 },
    }) as RoundEvent,
  );
  return round;
}

describe('the minutes in a round', () => {
  it('folds each version of an item and says what changed; the latest is the minutes', () => {
    const round = roundWithItem12();
    expect(applyEvent(round, example('event_minutes_written.json'))).toEqual({
      kind: 'minutes',
      roundId: 1,
      threadId: 12,
      version: 1,
    });
    expect(latestMinutes(round.minutes, 12)?.stateComment).toBe('');
    expect(applyEvent(round, example('event_minutes_written_revised.json'))).toEqual({
      kind: 'minutes',
      roundId: 1,
      threadId: 12,
      version: 2,
    });
    const latest = latestMinutes(round.minutes, 12)!;
    expect(latest).toMatchObject({
      version: 2,
      stateComment: 'Staten godtar två budgetår.',
      municipalInput: 'Malmö stad vill att övergången sker under två budgetår.',
      postIds: [21],
      seq: 35,
    });
    expect(latest.by.name).toBe('Sara Ekström');
    expect(round.minutes.get(12)?.map((v) => v.version)).toEqual([1, 2]);
    expect(latestMinutes(round.minutes, 2)).toBeUndefined();
  });

  it('refuses a version out of order and minutes of a thread the round does not have', () => {
    const round = roundWithItem12();
    expect(
      applyEvent(round, example('event_minutes_written_revised.json', { seq: 34 })),
    ).toMatchObject({
      kind: 'none',
      reason: 'inconsistent',
    });
    const elsewhere = example('event_minutes_written.json', { seq: 36 });
    (elsewhere as { data: { thread_id: number } }).data.thread_id = 77;
    expect(applyEvent(round, elsewhere)).toMatchObject({ kind: 'none', reason: 'inconsistent' });
    expect(round.minutes.size).toBe(0);
  });
});
