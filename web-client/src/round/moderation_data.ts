// A round's moderation stream, folded: the reports on its posts and what became of each
// (hidden with the post, or dismissed with a note). Only the secretariat and admins follow it.
// No DOM and no I/O.

import type { Person, ReportOutcome, RoundEvent } from '../protocol/messages';

export interface ReportData {
  id: number;
  postId: number;
  threadId: number;
  reason: string;
  reporter: Person;
  at: string;
  resolution: { outcome: ReportOutcome; note: string; at: string; by: Person } | null;
}

export interface ModerationData {
  roundId: number;
  lastSeq: number;
  reports: Map<number, ReportData>; // by id, in the order they came
  // As RoundData.accessEnded, for this stream's subscription.
  accessEnded: string | null;
}

export function createModeration(roundId: number): ModerationData {
  return { roundId, lastSeq: 0, reports: new Map(), accessEnded: null };
}

// Folds one event of the round's moderation stream; false when it changed nothing (a repeat, an
// event of another stream, a kind this client does not know).
export function applyModerationEvent(moderation: ModerationData, event: RoundEvent): boolean {
  if (event.round_id !== moderation.roundId || event.stream !== 'moderation') return false;
  if (event.seq <= moderation.lastSeq) return false;
  moderation.lastSeq = event.seq;
  switch (event.kind) {
    case 'post_reported':
      moderation.reports.set(event.data.report_id, {
        id: event.data.report_id,
        postId: event.data.post_id,
        threadId: event.data.thread_id,
        reason: event.data.reason,
        reporter: event.actor,
        at: event.at,
        resolution: null,
      });
      return true;
    case 'reports_resolved': {
      const { outcome, note } = event.data;
      for (const id of event.data.report_ids) {
        const report = moderation.reports.get(id);
        if (report) report.resolution = { outcome, note, at: event.at, by: event.actor };
      }
      return true;
    }
    default:
      return false;
  }
}

// The reports waiting for the secretariat, oldest first.
export function openReports(moderation: ModerationData): ReportData[] {
  return [...moderation.reports.values()].filter((report) => report.resolution === null);
}

// The reports dealt with, newest first.
export function resolvedReports(moderation: ModerationData): ReportData[] {
  return [...moderation.reports.values()].filter((report) => report.resolution !== null).reverse();
}
