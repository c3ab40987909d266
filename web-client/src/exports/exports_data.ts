// What the export page asks the server for: the filters of GET /api/export/rounds (phase,
// sector, and the days the rounds were created between), as the query string that the list of
// rounds and every bulk file share, so that what is listed is what is downloaded. No DOM, no I/O.

import type { Phase, Sector } from '../protocol/messages';

export interface ExportFilters {
  phase: Phase | null;
  sector: Sector | null;
  fromDay: string; // YYYY-MM-DD from a date field, or '' for no bound
  toDay: string; // YYYY-MM-DD, the last day included, or '' for no bound
}

export const NO_FILTERS: ExportFilters = { phase: null, sector: null, fromDay: '', toDay: '' };

// The files of many rounds at once (protocol/records.md, "In bulk"): the posts of rounds in every
// phase, the rest of decided rounds.
export const BULK_FILES = ['positions.csv', 'responses.csv', 'records.json', 'posts.csv'] as const;
export type BulkFile = (typeof BULK_FILES)[number];

export type FilterProblem = 'from_day' | 'to_day' | 'order';

// Midnight at the start of the day in the person's own time zone, as the server's timestamps are
// written; null for a day the field did not give.
function startOfDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(year, month, date);
  return start.getFullYear() === year && start.getMonth() === month && start.getDate() === date
    ? start
    : null;
}

// The first problem with the days, checked before anything is asked.
export function filterProblem(filters: ExportFilters): FilterProblem | null {
  const from = filters.fromDay === '' ? null : startOfDay(filters.fromDay);
  const to = filters.toDay === '' ? null : startOfDay(filters.toDay);
  if (filters.fromDay !== '' && !from) return 'from_day';
  if (filters.toDay !== '' && !to) return 'to_day';
  if (from && to && to < from) return 'order';
  return null;
}

// "?phase=…&sector=…&from=…&to=…" with only the filters that are set ('' when none): `to` is the
// start of the day after the last day, since the server's bound is exclusive.
export function exportQuery(filters: ExportFilters): string {
  const params = new URLSearchParams();
  if (filters.phase) params.set('phase', filters.phase);
  if (filters.sector) params.set('sector', filters.sector);
  const from = filters.fromDay === '' ? null : startOfDay(filters.fromDay);
  if (from) params.set('from', from.toISOString());
  const to = filters.toDay === '' ? null : startOfDay(filters.toDay);
  if (to) {
    const after = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1);
    params.set('to', after.toISOString());
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function bulkHref(file: BulkFile, filters: ExportFilters): string {
  return `/api/export/${file}${exportQuery(filters)}`;
}
