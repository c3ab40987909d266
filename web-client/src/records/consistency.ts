// Checking that a log only grew between two checkpoints (protocol/records.md, "Verifying
// consistency"): both signed by the key, the same origin, sizes in order, and the RFC 9162
// §2.1.4.2 proof. Equal sizes with different roots, or a proof that does not connect the
// roots, is a fork: the log was rewritten.

import { fromBase64, type Bytes } from './bytes';
import { parseCheckpoint, type Checkpoint } from './checkpoint';
import { HASH_BYTES, verifyConsistency as verifyConsistencyProof } from './merkle';
import { openSignedNote } from './signed_note';
import { parseStrictJson } from './strict_json';
import type { VerifierKey } from './verifier_key';

export type ConsistencyFailure =
  | {
      step: 'signature';
      which: 'older' | 'newer';
      reason: 'malformed_note' | 'no_signature_by_key' | 'bad_signature';
    }
  | {
      step: 'checkpoint';
      which: 'older' | 'newer';
      reason: 'malformed_body' | 'bad_size' | 'bad_root' | 'origin_mismatch';
    }
  | { step: 'checkpoint'; reason: 'older_is_larger'; older: number; newer: number }
  | { step: 'proof'; reason: 'malformed_proof' | 'sizes_differ' }
  | { step: 'fork'; older: number; newer: number };

export type ConsistencyResult =
  { ok: true; older: Checkpoint; newer: Checkpoint } | { ok: false; failure: ConsistencyFailure };

async function openCheckpoint(
  note: string,
  key: VerifierKey,
  which: 'older' | 'newer',
): Promise<{ ok: true; checkpoint: Checkpoint } | { ok: false; failure: ConsistencyFailure }> {
  const opened = await openSignedNote(note, key);
  if (!opened.ok)
    return { ok: false, failure: { step: 'signature', which, reason: opened.reason } };
  const body = parseCheckpoint(opened.text);
  if (!body.ok) return { ok: false, failure: { step: 'checkpoint', which, reason: body.reason } };
  if (body.checkpoint.origin !== key.name) {
    return { ok: false, failure: { step: 'checkpoint', which, reason: 'origin_mismatch' } };
  }
  return { ok: true, checkpoint: body.checkpoint };
}

// `proofJson` is the answer of GET /log/proof/consistency: {"from":m,"to":n,"proof":[…]}.
export async function verifyConsistency(
  olderNote: string,
  newerNote: string,
  proofJson: string,
  key: VerifierKey,
): Promise<ConsistencyResult> {
  const older = await openCheckpoint(olderNote, key, 'older');
  if (!older.ok) return older;
  const newer = await openCheckpoint(newerNote, key, 'newer');
  if (!newer.ok) return newer;
  const m = older.checkpoint.size;
  const n = newer.checkpoint.size;
  if (m > n) {
    return {
      ok: false,
      failure: { step: 'checkpoint', reason: 'older_is_larger', older: m, newer: n },
    };
  }
  const parsed = parseStrictJson(proofJson);
  const answer = parsed.ok ? parsed.value : null;
  const hashes = proofHashes(answer);
  if (!hashes) return { ok: false, failure: { step: 'proof', reason: 'malformed_proof' } };
  const { from, to } = answer as { from: unknown; to: unknown };
  if (from !== m || to !== n)
    return { ok: false, failure: { step: 'proof', reason: 'sizes_differ' } };
  const consistent = await verifyConsistencyProof(
    m,
    n,
    older.checkpoint.root,
    newer.checkpoint.root,
    hashes,
  );
  if (!consistent) return { ok: false, failure: { step: 'fork', older: m, newer: n } };
  return { ok: true, older: older.checkpoint, newer: newer.checkpoint };
}

function proofHashes(answer: unknown): Bytes[] | null {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return null;
  const fields = Object.keys(answer).sort().join(',');
  if (fields !== 'from,proof,to') return null;
  const proof = (answer as { proof: unknown }).proof;
  if (!Array.isArray(proof)) return null;
  const hashes: Bytes[] = [];
  for (const encoded of proof) {
    const hash = typeof encoded === 'string' ? fromBase64(encoded) : null;
    if (!hash || hash.length !== HASH_BYTES) return null;
    hashes.push(hash);
  }
  return hashes;
}
