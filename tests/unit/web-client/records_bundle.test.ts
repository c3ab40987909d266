// verifyBundle and verifyConsistency end to end: valid bundles made with a fixed test key,
// each failing step of protocol/records.md with its parameters, every bit of the record's
// canonical bytes, of each proof hash and of the checkpoint flipped, and forked logs.

import { describe, expect, it } from 'vitest';
import {
  verifyBundle,
  verifyBundleBytes,
  type BundleResult,
} from '../../../web-client/src/records/bundle';
import { canonicalJson } from '../../../web-client/src/records/canonical_json';
import { verifyConsistency } from '../../../web-client/src/records/consistency';
import { parseStrictJson } from '../../../web-client/src/records/strict_json';
import { parseVerifierKey, type VerifierKey } from '../../../web-client/src/records/verifier_key';
import {
  base64,
  checkpointBody,
  logKeyFromSeed,
  makeBundle,
  ReferenceTree,
  sampleRecord,
  signedCheckpoint,
  signNote,
  type BundleParts,
  type LogKey,
} from './records_fixtures';

const ORIGIN = 'samrad.example/log';
const RECORDS = Array.from({ length: 7 }, (_, i) => sampleRecord(i));

async function setUp(): Promise<{ logKey: LogKey; key: VerifierKey }> {
  const logKey = await logKeyFromSeed(ORIGIN);
  const parsed = await parseVerifierKey(logKey.verifierKey);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { logKey, key: parsed.key };
}

async function bundleFor(index: number, logKey: LogKey): Promise<BundleParts> {
  return (await makeBundle(RECORDS, index, logKey, canonicalJson)).parts;
}

function failureOf(result: BundleResult): unknown {
  return result.ok ? 'verified' : result.failure;
}

function stepOf(result: BundleResult): string {
  return result.ok ? 'verified' : result.failure.step;
}

const encoder = new TextEncoder();

// The bundle's bytes with the record written as given, the other fields as JSON.
function bundleBytes(parts: BundleParts, recordBytes: Uint8Array): Uint8Array {
  const before = encoder.encode(
    `{"format":${JSON.stringify(parts.format)},"log_index":${parts.log_index},"record":`,
  );
  const after = encoder.encode(
    `,"inclusion_proof":${JSON.stringify(parts.inclusion_proof)},"checkpoint":${JSON.stringify(parts.checkpoint)}}`,
  );
  return new Uint8Array([...before, ...recordBytes, ...after]);
}

describe('verifyBundle', () => {
  it('verifies a bundle for every record of a log of seven, pretty-printed or not', async () => {
    const { logKey, key } = await setUp();
    for (let index = 0; index < RECORDS.length; index += 1) {
      const parts = await bundleFor(index, logKey);
      const result = await verifyBundle(JSON.stringify(parts, null, 2), key);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.bundle).toMatchObject({
        origin: ORIGIN,
        treeSize: 7,
        logIndex: index,
        record: RECORDS[index],
      });
      expect((await verifyBundle(JSON.stringify(parts), key)).ok).toBe(true);
    }
  });

  it('names the file as what failed when it is not a bundle', async () => {
    const { logKey, key } = await setUp();
    const parts = await bundleFor(2, logKey);
    const text = JSON.stringify(parts);
    const cases: Array<[string, unknown]> = [
      ['not json', { step: 'file', reason: 'not_json' }],
      ['[]', { step: 'file', reason: 'not_object' }],
      [
        text.replace('"record":{', '"record":{"format":"x",'),
        { step: 'file', reason: 'duplicate_key', key: 'format' },
      ],
      [
        JSON.stringify({ ...parts, extra: 1 }),
        { step: 'file', reason: 'unknown_field', field: 'extra' },
      ],
      [
        JSON.stringify({ ...parts, checkpoint: undefined }),
        { step: 'file', reason: 'missing_field', field: 'checkpoint' },
      ],
      [
        JSON.stringify({ ...parts, format: 'samrad-record-bundle/2' }),
        { step: 'file', reason: 'unknown_format', format: 'samrad-record-bundle/2' },
      ],
      [
        JSON.stringify({ ...parts, log_index: -1 }),
        { step: 'file', reason: 'wrong_type', field: 'log_index' },
      ],
      [JSON.stringify({ ...parts, record: 'x' }), { step: 'file', reason: 'record_not_object' }],
      [
        JSON.stringify({ ...parts, inclusion_proof: [1] }),
        { step: 'file', reason: 'wrong_type', field: 'inclusion_proof' },
      ],
    ];
    for (const [bundle, failure] of cases) {
      expect(failureOf(await verifyBundle(bundle, key)), bundle).toEqual(failure);
    }
    expect(failureOf(await verifyBundleBytes(new Uint8Array([0x7b, 0xff, 0x7d]), key))).toEqual({
      step: 'file',
      reason: 'not_utf8',
    });
  });

  it('names the signature when the checkpoint is not signed by the key', async () => {
    const { logKey, key } = await setUp();
    const parts = await bundleFor(3, logKey);
    const otherKey = await logKeyFromSeed(ORIGIN, 9);
    const body = parts.checkpoint.slice(0, parts.checkpoint.indexOf('\n\n') + 1);
    const byOther = await signNote(body, otherKey);
    expect(
      failureOf(await verifyBundle(JSON.stringify({ ...parts, checkpoint: byOther }), key)),
    ).toEqual({ step: 'signature', reason: 'no_signature_by_key' });
    // Our name and key id on someone else's signature.
    const forged = await signNote(body, { ...otherKey, keyId: logKey.keyId });
    expect(
      failureOf(await verifyBundle(JSON.stringify({ ...parts, checkpoint: forged }), key)),
    ).toEqual({ step: 'signature', reason: 'bad_signature' });
  });

  it('names the checkpoint when its body is wrong though signed', async () => {
    const { logKey, key } = await setUp();
    const parts = await bundleFor(1, logKey);
    const tree = new ReferenceTree(RECORDS.map((r) => encoder.encode(canonicalJson(r))));
    const root = await tree.hash();
    const signed = async (body: string): Promise<string> =>
      JSON.stringify({ ...parts, checkpoint: await signNote(body, logKey) });
    expect(
      failureOf(await verifyBundle(await signed(checkpointBody('other/log', 7, root)), key)),
    ).toEqual({ step: 'checkpoint', reason: 'origin_mismatch', origin: 'other/log' });
    expect(
      failureOf(await verifyBundle(await signed(`${ORIGIN}\n07\n${base64(root)}\n`), key)),
    ).toEqual({ step: 'checkpoint', reason: 'bad_size' });
    expect(
      failureOf(await verifyBundle(await signed(`${ORIGIN}\n7\n${base64(root.slice(1))}\n`), key)),
    ).toEqual({ step: 'checkpoint', reason: 'bad_root' });
  });

  it('names the proof when it cannot belong to the index and size', async () => {
    const { logKey, key } = await setUp();
    const parts = await bundleFor(4, logKey);
    const with_ = async (change: Partial<BundleParts>): Promise<unknown> =>
      failureOf(await verifyBundle(JSON.stringify({ ...parts, ...change }), key));
    expect(await with_({ log_index: 7 })).toEqual({
      step: 'proof',
      reason: 'index_out_of_range',
      index: 7,
      size: 7,
    });
    expect(await with_({ inclusion_proof: parts.inclusion_proof.slice(1) })).toEqual({
      step: 'proof',
      reason: 'wrong_length',
      expected: 3,
      actual: 2,
    });
    expect(
      await with_({ inclusion_proof: [...parts.inclusion_proof.slice(0, 2), 'AAAA'] }),
    ).toEqual({ step: 'proof', reason: 'malformed_hash', position: 2 });
  });

  it('names the inclusion when one character of the record is changed', async () => {
    const { logKey, key } = await setUp();
    const parts = await bundleFor(5, logKey);
    const text = JSON.stringify(parts).replace('Samråd 6', 'Samråd 7');
    const result = await verifyBundle(text, key);
    expect(failureOf(result)).toEqual({
      step: 'inclusion',
      reason: 'root_mismatch',
      index: 5,
      size: 7,
    });
    expect(!result.ok && result.record).toMatchObject({
      round: { title: expect.stringContaining('Samråd 7') },
    });
    // The record from another index of the same log.
    const moved = JSON.stringify({ ...parts, log_index: 4 });
    expect(stepOf(await verifyBundle(moved, key))).toBe('inclusion');
  });
});

describe('flipped bits', () => {
  it(
    'fails at the file or the inclusion for every bit of the record’s canonical bytes',
    { timeout: 60_000 },
    async () => {
      const { logKey, key } = await setUp();
      const parts = await bundleFor(6, logKey);
      const canonical = encoder.encode(canonicalJson(parts.record));
      const decoder = new TextDecoder('utf-8', { fatal: true });
      expect((await verifyBundleBytes(bundleBytes(parts, canonical), key)).ok).toBe(true);
      const seen = new Set<string>();
      for (let bit = 0; bit < canonical.length * 8; bit += 1) {
        const bytes = canonical.slice();
        bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        // What the changed record is: not text or not a JSON object (the file), or another record.
        let expected = 'file';
        try {
          const parsed = parseStrictJson(decoder.decode(bytes));
          if (
            parsed.ok &&
            parsed.value !== null &&
            typeof parsed.value === 'object' &&
            !Array.isArray(parsed.value)
          ) {
            expected =
              canonicalJson(parsed.value) === canonicalJson(parts.record)
                ? 'verified'
                : 'inclusion';
          }
        } catch {
          expected = 'file';
        }
        expect(expected).not.toBe('verified');
        expect(stepOf(await verifyBundleBytes(bundleBytes(parts, bytes), key)), `bit ${bit}`).toBe(
          expected,
        );
        seen.add(expected);
      }
      expect([...seen].sort()).toEqual(['file', 'inclusion']);
    },
  );

  it('fails at the inclusion for every bit of every proof hash', { timeout: 60_000 }, async () => {
    const { logKey, key } = await setUp();
    const parts = await bundleFor(2, logKey);
    for (const [position, encoded] of parts.inclusion_proof.entries()) {
      const hash = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
      for (let bit = 0; bit < 256; bit += 1) {
        const changed = hash.slice();
        changed[bit >> 3] = (changed[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        const proof = parts.inclusion_proof.map((h, i) => (i === position ? base64(changed) : h));
        const result = await verifyBundle(
          JSON.stringify({ ...parts, inclusion_proof: proof }),
          key,
        );
        expect(stepOf(result), `hash ${position} bit ${bit}`).toBe('inclusion');
      }
    }
  });

  it('fails at the signature for every bit of the checkpoint', { timeout: 60_000 }, async () => {
    const { logKey, key } = await setUp();
    const parts = await bundleFor(0, logKey);
    const bytes = encoder.encode(parts.checkpoint);
    for (let bit = 0; bit < bytes.length * 8; bit += 1) {
      const changed = bytes.slice();
      changed[bit >> 3] = (changed[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      const checkpoint = new TextDecoder().decode(changed);
      const result = await verifyBundle(JSON.stringify({ ...parts, checkpoint }), key);
      expect(stepOf(result), `bit ${bit}: ${JSON.stringify(checkpoint)}`).toBe('signature');
    }
  });
});

describe('verifyConsistency', () => {
  const proofJson = (from: number, to: number, proof: Uint8Array[]): string =>
    JSON.stringify({ from, to, proof: proof.map(base64) });

  it('accepts a log that only grew, and finds a fork', async () => {
    const { logKey, key } = await setUp();
    const tree = new ReferenceTree(RECORDS.map((r) => encoder.encode(canonicalJson(r))));
    const older = await signedCheckpoint(tree, logKey, 3);
    const newer = await signedCheckpoint(tree, logKey, 7);
    const proof = await tree.consistencyProof(3, 7);
    const result = await verifyConsistency(older, newer, proofJson(3, 7, proof), key);
    expect(result.ok && [result.older.size, result.newer.size]).toEqual([3, 7]);

    // A log rewritten after record 1: same sizes, other contents.
    const rewritten = new ReferenceTree(
      RECORDS.map((r, i) =>
        encoder.encode(canonicalJson(i === 1 ? { ...r, outcome: 'Ändrat' } : r)),
      ),
    );
    const forkedNewer = await signedCheckpoint(rewritten, logKey, 7);
    const forkedProof = await rewritten.consistencyProof(3, 7);
    expect(await verifyConsistency(older, forkedNewer, proofJson(3, 7, forkedProof), key)).toEqual({
      ok: false,
      failure: { step: 'fork', older: 3, newer: 7 },
    });
    // Equal sizes, different roots.
    const forkedSame = await signedCheckpoint(rewritten, logKey, 3);
    expect(await verifyConsistency(older, forkedSame, proofJson(3, 3, []), key)).toMatchObject({
      failure: { step: 'fork' },
    });
  });

  it('refuses checkpoints out of order, unsigned, or a proof for other sizes', async () => {
    const { logKey, key } = await setUp();
    const tree = new ReferenceTree(RECORDS.map((r) => encoder.encode(canonicalJson(r))));
    const older = await signedCheckpoint(tree, logKey, 3);
    const newer = await signedCheckpoint(tree, logKey, 7);
    const proof = proofJson(3, 7, await tree.consistencyProof(3, 7));
    expect(await verifyConsistency(newer, older, proof, key)).toEqual({
      ok: false,
      failure: { step: 'checkpoint', reason: 'older_is_larger', older: 7, newer: 3 },
    });
    const other = await logKeyFromSeed(ORIGIN, 11);
    expect(
      await verifyConsistency(older, await signedCheckpoint(tree, other, 7), proof, key),
    ).toEqual({
      ok: false,
      failure: { step: 'signature', which: 'newer', reason: 'no_signature_by_key' },
    });
    expect(
      await verifyConsistency(
        older,
        newer,
        proofJson(2, 7, await tree.consistencyProof(2, 7)),
        key,
      ),
    ).toEqual({ ok: false, failure: { step: 'proof', reason: 'sizes_differ' } });
    expect(await verifyConsistency(older, newer, '{"from":3,"to":7,"proof":["x"]}', key)).toEqual({
      ok: false,
      failure: { step: 'proof', reason: 'malformed_proof' },
    });
  });
});
