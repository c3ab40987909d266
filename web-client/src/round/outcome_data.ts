// The outcome (utfall) of a round and the dissent attached to it, folded from its outcome_written
// and dissent_attached events: every version of the outcome the secretariat wrote (the last is
// the outcome) and every dissent, oldest first. No DOM and no I/O.

import type {
  DissentAttachedEvent,
  Organisation,
  OutcomeWrittenEvent,
  Person,
  PointResponse,
} from '../protocol/messages';

// One version of the outcome, as one person of the secretariat wrote it.
export interface OutcomeVersion {
  version: number;
  summary: string; // Markdown
  agreed: string[];
  responses: PointResponse[];
  correction: string | null; // the reason, for a version that corrects a decided round
  at: string;
  by: Person;
  seq: number; // of the main stream
}

export interface Dissent {
  organisation: Organisation; // as it was when the dissent was attached
  text: string; // Markdown
  at: string;
  by: Person;
  seq: number;
}

export interface OutcomeData {
  versions: OutcomeVersion[]; // oldest first
  dissent: Dissent[]; // oldest first
}

export function createOutcome(): OutcomeData {
  return { versions: [], dissent: [] };
}

// The outcome now: the latest version, or undefined before one has been written.
export function latestOutcome(outcome: OutcomeData): OutcomeVersion | undefined {
  return outcome.versions.at(-1);
}

// Folds one outcome_written event; false when it does not follow the versions (the server
// numbers them 1, 2, 3 … without gaps, so anything else is a broken stream).
export function applyOutcomeWritten(outcome: OutcomeData, event: OutcomeWrittenEvent): boolean {
  const { version, summary, agreed, responses, correction } = event.data;
  if (version !== outcome.versions.length + 1) return false;
  outcome.versions.push({
    version,
    summary,
    agreed,
    responses,
    correction,
    at: event.at,
    by: event.actor,
    seq: event.seq,
  });
  return true;
}

// Folds one dissent_attached event; dissent is attached only to a written outcome.
export function applyDissentAttached(outcome: OutcomeData, event: DissentAttachedEvent): boolean {
  if (outcome.versions.length === 0) return false;
  outcome.dissent.push({
    organisation: event.data.organisation,
    text: event.data.text,
    at: event.at,
    by: event.actor,
    seq: event.seq,
  });
  return true;
}
