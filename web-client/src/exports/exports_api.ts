// GET /api/export/rounds with the login session's cookie: the rounds the person may see that
// the filters select (protocol/records.md, "Where they are served"). Resolves with them or throws
// a ProtocolError with the server's code.

import { errorFrom, send } from '../api/http_api';
import { ProtocolError } from '../protocol/errors';
import { PHASES, type Phase } from '../protocol/messages';

export interface ExportRound {
  id: number;
  title: string;
  phase: Phase;
  created_at: string;
}

function decodeRound(value: unknown): ExportRound {
  const round = value as Partial<Record<keyof ExportRound, unknown>> | null;
  if (
    typeof round !== 'object' ||
    round === null ||
    !Number.isSafeInteger(round.id) ||
    typeof round.title !== 'string' ||
    !PHASES.some((phase) => phase === round.phase) ||
    typeof round.created_at !== 'string'
  ) {
    throw new ProtocolError('bad_response');
  }
  return {
    id: round.id as number,
    title: round.title,
    phase: round.phase as Phase,
    created_at: round.created_at,
  };
}

export async function listExportRounds(query: string): Promise<ExportRound[]> {
  const response = await send(`/api/export/rounds${query}`, { method: 'GET' });
  if (!response.ok) throw await errorFrom(response);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ProtocolError('bad_response');
  }
  const rounds = (body as { rounds?: unknown }).rounds;
  if (!Array.isArray(rounds)) throw new ProtocolError('bad_response');
  return rounds.map(decodeRound);
}
