// Merkle tree hashing and proof verification exactly as RFC 9162 §2.1 says: leaf and node
// hashes (§2.1.1), inclusion proofs (§2.1.3.2) and consistency proofs (§2.1.4.2), with SHA-256.
// Tree sizes and indexes are numbers up to 2^53−1, so halving uses Math.floor, not >>.

import { concat, equalBytes, sha256, type Bytes } from './bytes';

export const HASH_BYTES = 32;

export function leafHash(leaf: Bytes): Promise<Bytes> {
  return sha256(concat(new Uint8Array([0x00]), leaf));
}

export function nodeHash(left: Bytes, right: Bytes): Promise<Bytes> {
  return sha256(concat(new Uint8Array([0x01]), left, right));
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

// The number of hashes RFC 9162's inclusion proof has for leaf `index` of a tree of `size`
// leaves (index < size): the steps §2.1.3.2 takes until sn reaches 0.
export function inclusionProofLength(index: number, size: number): number {
  let fn = index;
  let sn = size - 1;
  let length = 0;
  while (sn > 0) {
    if (isOdd(fn) || fn === sn) {
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
    length += 1;
  }
  return length;
}

// RFC 9162 §2.1.3.2. True when `proof` takes the leaf hash at `index` to `root` in a tree of
// `size` leaves.
export async function verifyInclusion(
  index: number,
  size: number,
  leaf: Bytes,
  proof: readonly Bytes[],
  root: Bytes,
): Promise<boolean> {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

// RFC 9162 §2.1.4.2, with the cases it leaves to the caller decided the way the usual
// implementations (transparency-dev/merkle, Go's sumdb/tlog) decide them: equal sizes need an
// empty proof and equal roots, every tree is consistent with the empty tree (empty proof), and
// a smaller second tree is refused.
export async function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Bytes,
  secondRoot: Bytes,
  proof: readonly Bytes[],
): Promise<boolean> {
  if (first < 0 || second < first) return false;
  if (first === second) return proof.length === 0 && equalBytes(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  // A power of two: the old tree is a complete subtree of the new one, and its root starts the path.
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Bytes;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, firstRoot) && equalBytes(sr, secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  let rest = n;
  while (rest > 1 && !isOdd(rest)) rest = half(rest);
  return rest === 1;
}
