// Who has answered in a round, as the secretariat reads it (list_participation), and which of the
// secretariat's reminders a person still sees. The reminders themselves are events of the round's
// main stream (round_data.ts, RoundData.reminders); a dismissal is remembered per person and
// round in the browser (localStorage), by the reminder's seq, so the notice stays away when the
// round is opened again. Pure except for the storage passed in.

import type { OrganisationParticipation } from '../protocol/messages';
import type { ReminderData } from './round_data';

// Whether the organisation has taken part in any way yet: posted, or stated a position. Being
// reminded is not taking part.
export function hasTakenPart(entry: OrganisationParticipation): boolean {
  return entry.posts.main + entry.posts.preparation > 0 || entry.position.version > 0;
}

// How many of the invited organisations have taken part.
export function takenPartCount(entries: readonly OrganisationParticipation[]): number {
  return entries.filter(hasTakenPart).length;
}

type ReminderStorage = Pick<Storage, 'getItem' | 'setItem'>;

function storageKey(personId: number, roundId: number): string {
  return `samrad.reminderDismissed.${personId}.${roundId}`;
}

// The seq of the newest reminder of a round the person dismissed (dismissing one dismisses the
// earlier ones too); 0 for none. Anything malformed in storage reads as 0: at worst the notice
// shows again.
export function loadDismissedUpTo(
  storage: ReminderStorage | undefined,
  personId: number,
  roundId: number,
): number {
  try {
    const stored = storage?.getItem(storageKey(personId, roundId)) ?? '';
    if (/^[1-9][0-9]{0,15}$/.test(stored)) return Number(stored);
  } catch {
    // Storage can be unavailable (privacy mode); then a dismissal lasts for the visit only.
  }
  return 0;
}

export function saveDismissedUpTo(
  storage: ReminderStorage | undefined,
  personId: number,
  roundId: number,
  seq: number,
): void {
  try {
    storage?.setItem(storageKey(personId, roundId), String(seq));
  } catch {
    // Full or unavailable storage: the notice comes back next time, which is harmless.
  }
}

// The reminder to show a person: the newest one to their organisation after the ones they
// dismissed, or null. Only the newest is shown: it says all an earlier one did, and a page
// that stacked every reminder would push the round itself out of sight.
export function reminderToShow(
  reminders: readonly ReminderData[],
  organisationId: number,
  dismissedUpTo: number,
): ReminderData | null {
  let newest: ReminderData | null = null;
  for (const reminder of reminders) {
    if (reminder.organisation.id !== organisationId || reminder.seq <= dismissedUpTo) continue;
    if (newest === null || reminder.seq > newest.seq) newest = reminder;
  }
  return newest;
}
