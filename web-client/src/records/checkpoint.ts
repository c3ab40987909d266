// C2SP tlog-checkpoint bodies as protocol/records.md fixes them: exactly three lines, each
// ending in "\n": the origin, the tree size in decimal without leading zeros, and the base64
// of the 32-byte root hash.

import { fromBase64, type Bytes } from './bytes';
import { HASH_BYTES } from './merkle';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Bytes;
}

export type CheckpointResult =
  | { ok: true; checkpoint: Checkpoint }
  | { ok: false; reason: 'malformed_body' | 'bad_size' | 'bad_root' };

export function parseCheckpoint(body: string): CheckpointResult {
  if (!body.endsWith('\n')) return { ok: false, reason: 'malformed_body' };
  const lines = body.slice(0, -1).split('\n');
  if (lines.length !== 3) return { ok: false, reason: 'malformed_body' };
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin === '') return { ok: false, reason: 'malformed_body' };
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText)) return { ok: false, reason: 'bad_size' };
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return { ok: false, reason: 'bad_size' };
  const root = fromBase64(rootText);
  if (!root || root.length !== HASH_BYTES) return { ok: false, reason: 'bad_root' };
  return { ok: true, checkpoint: { origin, size, root } };
}
