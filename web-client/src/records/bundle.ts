// Verifying a record bundle (the file a person downloads) in the order protocol/records.md
// gives: the file, the checkpoint's signature, the checkpoint body, the proof's shape, and the
// record's inclusion. The first failure is returned as a value naming its step and what was
// wrong, so the page can say it in plain words.

import { canonicalBytes } from './canonical_json';
import { parseCheckpoint } from './checkpoint';
import { fromBase64, type Bytes } from './bytes';
import { HASH_BYTES, inclusionProofLength, leafHash, verifyInclusion } from './merkle';
import { openSignedNote } from './signed_note';
import { parseStrictJson } from './strict_json';
import type { VerifierKey } from './verifier_key';

export const BUNDLE_FORMAT = 'samrad-record-bundle/1';
const BUNDLE_FIELDS = ['format', 'log_index', 'record', 'inclusion_proof', 'checkpoint'] as const;

export type VerifyStep = 'file' | 'signature' | 'checkpoint' | 'proof' | 'inclusion';

export type BundleFailure =
  | {
      step: 'file';
      reason:
        | 'not_utf8'
        | 'not_json'
        | 'lone_surrogate'
        | 'unsafe_number'
        | 'not_object'
        | 'record_not_object';
    }
  | { step: 'file'; reason: 'duplicate_key'; key: string }
  | { step: 'file'; reason: 'missing_field' | 'unknown_field' | 'wrong_type'; field: string }
  | { step: 'file'; reason: 'unknown_format'; format: string }
  | { step: 'signature'; reason: 'malformed_note' | 'no_signature_by_key' | 'bad_signature' }
  | { step: 'checkpoint'; reason: 'malformed_body' | 'bad_size' | 'bad_root' }
  | { step: 'checkpoint'; reason: 'origin_mismatch'; origin: string }
  | { step: 'proof'; reason: 'index_out_of_range'; index: number; size: number }
  | { step: 'proof'; reason: 'wrong_length'; expected: number; actual: number }
  | { step: 'proof'; reason: 'malformed_hash'; position: number }
  | { step: 'inclusion'; reason: 'root_mismatch'; index: number; size: number };

export interface VerifiedBundle {
  origin: string;
  treeSize: number;
  root: Bytes;
  logIndex: number;
  record: Record<string, unknown>;
}

export type BundleResult =
  | { ok: true; bundle: VerifiedBundle }
  | { ok: false; failure: BundleFailure; record: Record<string, unknown> | null };

const fail = (
  failure: BundleFailure,
  record: Record<string, unknown> | null = null,
): BundleResult => ({ ok: false, failure, record });

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// The file's bytes: they must be UTF-8 (a BOM is tolerated, as TextDecoder strips it).
export function verifyBundleBytes(bytes: Uint8Array, key: VerifierKey): Promise<BundleResult> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Promise.resolve(fail({ step: 'file', reason: 'not_utf8' }));
  }
  return verifyBundle(text, key);
}

export async function verifyBundle(text: string, key: VerifierKey): Promise<BundleResult> {
  // 1. The file.
  const parsed = parseStrictJson(text);
  if (!parsed.ok) {
    return fail(
      parsed.reason === 'duplicate_key'
        ? { step: 'file', reason: 'duplicate_key', key: parsed.key }
        : { step: 'file', reason: parsed.reason },
    );
  }
  const bundle = parsed.value;
  if (!isObject(bundle)) return fail({ step: 'file', reason: 'not_object' });
  for (const field of Object.keys(bundle)) {
    if (!(BUNDLE_FIELDS as readonly string[]).includes(field)) {
      return fail({ step: 'file', reason: 'unknown_field', field });
    }
  }
  for (const field of BUNDLE_FIELDS) {
    if (!Object.hasOwn(bundle, field)) {
      return fail({ step: 'file', reason: 'missing_field', field });
    }
  }
  const { format, log_index: logIndex, record, inclusion_proof: proof, checkpoint } = bundle;
  if (typeof format !== 'string') {
    return fail({ step: 'file', reason: 'wrong_type', field: 'format' });
  }
  if (format !== BUNDLE_FORMAT) return fail({ step: 'file', reason: 'unknown_format', format });
  if (typeof logIndex !== 'number' || !Number.isSafeInteger(logIndex) || logIndex < 0) {
    return fail({ step: 'file', reason: 'wrong_type', field: 'log_index' });
  }
  if (!isObject(record)) return fail({ step: 'file', reason: 'record_not_object' });
  if (!Array.isArray(proof) || !proof.every((hash) => typeof hash === 'string')) {
    return fail({ step: 'file', reason: 'wrong_type', field: 'inclusion_proof' }, record);
  }
  if (typeof checkpoint !== 'string') {
    return fail({ step: 'file', reason: 'wrong_type', field: 'checkpoint' }, record);
  }

  // 2. The checkpoint's signature.
  const note = await openSignedNote(checkpoint, key);
  if (!note.ok) return fail({ step: 'signature', reason: note.reason }, record);

  // 3. The checkpoint's body.
  const body = parseCheckpoint(note.text);
  if (!body.ok) return fail({ step: 'checkpoint', reason: body.reason }, record);
  const { origin, size, root } = body.checkpoint;
  if (origin !== key.name) {
    return fail({ step: 'checkpoint', reason: 'origin_mismatch', origin }, record);
  }

  // 4. The proof's shape.
  if (logIndex >= size) {
    return fail({ step: 'proof', reason: 'index_out_of_range', index: logIndex, size }, record);
  }
  const expected = inclusionProofLength(logIndex, size);
  if (proof.length !== expected) {
    return fail({ step: 'proof', reason: 'wrong_length', expected, actual: proof.length }, record);
  }
  const hashes: Bytes[] = [];
  for (const [position, encoded] of (proof as string[]).entries()) {
    const hash = fromBase64(encoded);
    if (!hash || hash.length !== HASH_BYTES) {
      return fail({ step: 'proof', reason: 'malformed_hash', position }, record);
    }
    hashes.push(hash);
  }

  // 5. The record's inclusion: its leaf, through the proof, gives the signed root.
  const leaf = await leafHash(canonicalBytes(record));
  if (!(await verifyInclusion(logIndex, size, leaf, hashes, root))) {
    return fail({ step: 'inclusion', reason: 'root_mismatch', index: logIndex, size }, record);
  }
  return { ok: true, bundle: { origin, treeSize: size, root, logIndex, record } };
}
