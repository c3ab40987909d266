// The list behind "Mina samrådsrundor": the rounds the server says this person can see, each
// with its phase, kind, sectors and schedule (opens_at / closes_at, null for none) as list_rounds
// reports them.

import type { RoundSummary } from '../protocol/messages';

export type RoundsList =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; rounds: RoundSummary[] }
  | { status: 'failed'; code: string };

// Rounds in a stable order for display: open first, then draft, closed, decided; newest first.
export function sortRounds(rounds: readonly RoundSummary[]): RoundSummary[] {
  const order = { open: 0, draft: 1, closed: 2, decided: 3 } as const;
  return [...rounds].sort(
    (a, b) =>
      order[a.phase] - order[b.phase] || b.created_at.localeCompare(a.created_at) || a.id - b.id,
  );
}
