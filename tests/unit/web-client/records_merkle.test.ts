// RFC 9162 proof verification against a recursive reference tree (records_fixtures.ts): every
// leaf of every tree up to 64 leaves, every pair of sizes m ≤ n ≤ 64, and proofs that are
// altered, shortened, lengthened or checked against the wrong root, index or size.

import { describe, expect, it } from 'vitest';
import {
  inclusionProofLength,
  leafHash,
  verifyConsistency,
  verifyInclusion,
} from '../../../web-client/src/records/merkle';
import { ReferenceTree, sha256, type Bytes } from './records_fixtures';

const MAX_SIZE = 64;
const leaves = Array.from({ length: MAX_SIZE }, (_, i) => new TextEncoder().encode(`leaf ${i}`));
const tree = new ReferenceTree(leaves);

function flipped(hash: Bytes, bit = 0): Bytes {
  const copy = hash.slice();
  copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return copy;
}

describe('RFC 9162 hashes', () => {
  it('hashes the empty tree, a leaf and a node as §2.1.1 defines them', async () => {
    expect(await tree.hash(0, 0)).toEqual(await sha256(new Uint8Array()));
    expect(await leafHash(leaves[3] as Bytes)).toEqual(await tree.hash(3, 4));
    expect(await tree.hash(0, 1)).toEqual(await leafHash(leaves[0] as Bytes));
  });
});

describe('inclusion proofs', () => {
  it(
    'verifies every leaf of every tree up to 64 leaves, and only there',
    { timeout: 60_000 },
    async () => {
      for (let size = 1; size <= MAX_SIZE; size += 1) {
        const root = await tree.hash(0, size);
        for (let index = 0; index < size; index += 1) {
          const leaf = await tree.hash(index, index + 1);
          const proof = await tree.inclusionProof(index, 0, size);
          expect(inclusionProofLength(index, size)).toBe(proof.length);
          expect(await verifyInclusion(index, size, leaf, proof, root)).toBe(true);
          // Wrong leaf, root or index, an index outside the tree, a hash changed, one too few or
          // too many. (A wrong size alone can pass: the checkpoint's signature vouches for it.)
          expect(await verifyInclusion(index, size, flipped(leaf), proof, root)).toBe(false);
          expect(await verifyInclusion(index, size, leaf, proof, flipped(root, 255))).toBe(false);
          if (size > 1) {
            const other = (index + 1) % size;
            expect(await verifyInclusion(other, size, leaf, proof, root)).toBe(false);
          }
          expect(await verifyInclusion(index, index, leaf, proof, root)).toBe(false);
          // One hash changed, at a position that moves with the index (every position of every
          // proof is changed in records_bundle.test.ts).
          if (proof.length > 0) {
            const position = (index * 7) % proof.length;
            const altered = proof.map((hash, i) => (i === position ? flipped(hash, index) : hash));
            expect(await verifyInclusion(index, size, leaf, altered, root)).toBe(false);
          }
          if (proof.length > 0) {
            expect(await verifyInclusion(index, size, leaf, proof.slice(0, -1), root)).toBe(false);
          }
          expect(await verifyInclusion(index, size, leaf, [...proof, root], root)).toBe(false);
        }
      }
    },
  );
});

describe('proof lengths at the largest sizes', () => {
  it('counts without 32-bit overflow up to 2^53−1 leaves', () => {
    expect(inclusionProofLength(0, 2 ** 53 - 1)).toBe(53);
    // The last leaf of a tree whose size has 53 one-bits: one sibling per full subtree before it.
    expect(inclusionProofLength(2 ** 53 - 2, 2 ** 53 - 1)).toBe(52);
    expect(inclusionProofLength(2 ** 40, 2 ** 40 + 1)).toBe(1);
  });
});

describe('consistency proofs', () => {
  it(
    'verifies every pair of sizes m ≤ n ≤ 64, and refuses altered proofs and roots',
    { timeout: 60_000 },
    async () => {
      for (let n = 1; n <= MAX_SIZE; n += 1) {
        const second = await tree.hash(0, n);
        for (let m = 0; m <= n; m += 1) {
          const first = await tree.hash(0, m);
          const proof = m === 0 ? [] : await tree.consistencyProof(m, n);
          expect(await verifyConsistency(m, n, first, second, proof)).toBe(true);
          // A rewritten log: either root changed.
          expect(await verifyConsistency(m, n, flipped(first, 9), second, proof)).toBe(m === 0);
          expect(await verifyConsistency(m, n, first, flipped(second, 9), proof)).toBe(m === 0);
          for (let position = 0; position < proof.length; position += 1) {
            const altered = proof.map((hash, i) => (i === position ? flipped(hash, m + n) : hash));
            expect(await verifyConsistency(m, n, first, second, altered)).toBe(false);
          }
          if (proof.length > 0) {
            expect(await verifyConsistency(m, n, first, second, proof.slice(1))).toBe(false);
            expect(await verifyConsistency(m, n, first, second, proof.slice(0, -1))).toBe(false);
          }
          expect(await verifyConsistency(m, n, first, second, [...proof, second])).toBe(false);
          // The sizes swapped: a log never shrinks.
          if (m < n) expect(await verifyConsistency(n, m, second, first, proof)).toBe(false);
        }
      }
    },
  );

  it('needs an empty proof and the same root for equal sizes', async () => {
    const root = await tree.hash(0, 5);
    expect(await verifyConsistency(5, 5, root, root, [])).toBe(true);
    expect(await verifyConsistency(5, 5, root, flipped(root), [])).toBe(false);
    expect(await verifyConsistency(5, 5, root, root, [root])).toBe(false);
  });
});
