// The minutes (protokoll) of each agenda item of a round, folded from its minutes_written events:
// every version the secretariat wrote of each item's minutes (the last is the minutes). No DOM
// and no I/O.

import type { MinutesWrittenEvent, Person } from '../protocol/messages';

// One version of an agenda item's minutes, as one person of the secretariat wrote it.
export interface MinutesVersion {
  version: number;
  stateInput: string; // Markdown; '' when not written
  municipalInput: string; // Markdown
  stateComment: string; // Markdown
  postIds: number[]; // posts of the item's thread the minutes summarise
  at: string;
  by: Person;
  seq: number; // of the main stream
}

// Every version of each agenda item's minutes, oldest first, by thread id.
export type MinutesData = Map<number, MinutesVersion[]>;

export function createMinutes(): MinutesData {
  return new Map();
}

// An agenda item's minutes now: the latest version, or undefined before any were written.
export function latestMinutes(minutes: MinutesData, threadId: number): MinutesVersion | undefined {
  return minutes.get(threadId)?.at(-1);
}

// Folds one minutes_written event; false when it does not follow the item's versions (the
// server numbers them 1, 2, 3 … per item without gaps, so anything else is a broken stream).
export function applyMinutesWritten(minutes: MinutesData, event: MinutesWrittenEvent): boolean {
  const { thread_id, version, state_input, municipal_input, state_comment, post_ids } = event.data;
  const versions = minutes.get(thread_id) ?? [];
  if (version !== versions.length + 1) return false;
  versions.push({
    version,
    stateInput: state_input,
    municipalInput: municipal_input,
    stateComment: state_comment,
    postIds: post_ids,
    at: event.at,
    by: event.actor,
    seq: event.seq,
  });
  minutes.set(thread_id, versions);
  return true;
}
