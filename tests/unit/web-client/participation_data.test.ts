// Who has answered (list_participation as the table reads it) and the reminder a person of the
// reminded organisation sees: the newest one they have not dismissed, remembered per person and
// round.

import { describe, expect, it } from 'vitest';
import type {
  Organisation,
  OrganisationParticipation,
  Person,
} from '../../../web-client/src/protocol/messages';
import {
  hasTakenPart,
  loadDismissedUpTo,
  reminderToShow,
  saveDismissedUpTo,
  takenPartCount,
} from '../../../web-client/src/round/participation_data';
import type { ReminderData } from '../../../web-client/src/round/round_data';

const malmo: Organisation = { id: 9, name: 'Malmö stad', kind: 'municipality', side: 'municipal' };
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
  organisation: { id: 1, name: 'Samrådssekretariatet', kind: 'other', side: 'neutral' },
};

function entry(
  organisation: Organisation,
  main: number,
  preparation: number,
  reminders = 0,
  positionVersion = 0,
): OrganisationParticipation {
  return {
    organisation,
    posts: {
      main,
      preparation,
      latest_at: main + preparation > 0 ? '2026-11-30T12:00:00.000Z' : null,
    },
    reminders: { count: reminders, latest_at: reminders > 0 ? '2026-11-30T13:00:00.000Z' : null },
    position:
      positionVersion > 0
        ? { version: positionVersion, stance: 'opposes', latest_at: '2026-11-30T14:00:00.000Z' }
        : { version: 0, stance: null, latest_at: null },
  };
}

function reminder(seq: number, organisation: Organisation, message = ''): ReminderData {
  return {
    seq,
    organisation,
    message,
    positionMissing: true,
    at: '2026-11-30T13:00:00.000Z',
    by: sara,
  };
}

describe('who has answered', () => {
  it('counts an organisation that posted in either stream or stated a position as having taken part', () => {
    expect(hasTakenPart(entry(malmo, 1, 0))).toBe(true);
    expect(hasTakenPart(entry(malmo, 0, 2))).toBe(true);
    expect(hasTakenPart(entry(malmo, 0, 0, 3))).toBe(false);
    // Stating a position is taking part, without a single post.
    expect(hasTakenPart(entry(malmo, 0, 0, 1, 2))).toBe(true);
    expect(takenPartCount([entry(malmo, 1, 0), entry(kiruna, 0, 0, 1)])).toBe(1);
    expect(takenPartCount([])).toBe(0);
  });
});

describe('the reminder a person sees', () => {
  const reminders = [reminder(4, malmo, 'Först'), reminder(6, kiruna), reminder(9, malmo, 'Sedan')];

  it('is the newest one to their organisation after those they dismissed', () => {
    expect(reminderToShow(reminders, malmo.id, 0)?.message).toBe('Sedan');
    expect(reminderToShow(reminders, malmo.id, 4)?.seq).toBe(9);
    expect(reminderToShow(reminders, malmo.id, 9)).toBeNull();
    expect(reminderToShow(reminders, kiruna.id, 0)?.seq).toBe(6);
    expect(reminderToShow(reminders, 42, 0)).toBeNull();
    expect(reminderToShow([], malmo.id, 0)).toBeNull();
  });

  it('stays dismissed per person and round, and survives broken storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadDismissedUpTo(storage, 3, 1)).toBe(0);
    saveDismissedUpTo(storage, 3, 1, 9);
    expect(loadDismissedUpTo(storage, 3, 1)).toBe(9);
    expect(loadDismissedUpTo(storage, 4, 1)).toBe(0);
    expect(loadDismissedUpTo(storage, 3, 2)).toBe(0);
    store.set('samrad.reminderDismissed.3.1', 'nine');
    expect(loadDismissedUpTo(storage, 3, 1)).toBe(0);
    const broken = {
      getItem: (): string | null => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadDismissedUpTo(broken, 3, 1)).toBe(0);
    expect(() => saveDismissedUpTo(broken, 3, 1, 9)).not.toThrow();
    expect(loadDismissedUpTo(undefined, 3, 1)).toBe(0);
  });
});
