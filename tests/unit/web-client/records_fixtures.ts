// Test helpers for the record verifier, written apart from the code under test: a recursive
// RFC 9162 Merkle tree (MTH, PATH and PROOF of §2.1.1, §2.1.3.1 and §2.1.4.1, memoised), an
// Ed25519 log key from a fixed seed, signed checkpoints, and whole record bundles.

const subtle = globalThis.crypto.subtle;

export type Bytes = Uint8Array<ArrayBuffer>;

export async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await subtle.digest('SHA-256', all));
}

export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const utf8 = (text: string): Bytes => new TextEncoder().encode(text) as Bytes;

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// The tree over given leaves, straight from the RFC's recursive definitions.
export class ReferenceTree {
  private readonly memo = new Map<string, Promise<Bytes>>();

  constructor(readonly leaves: readonly Uint8Array[]) {}

  // MTH(D[start:end]).
  hash(start = 0, end = this.leaves.length): Promise<Bytes> {
    const key = `${start}:${end}`;
    let result = this.memo.get(key);
    if (!result) {
      result = this.computeHash(start, end);
      this.memo.set(key, result);
    }
    return result;
  }

  private async computeHash(start: number, end: number): Promise<Bytes> {
    const n = end - start;
    if (n === 0) return sha256(new Uint8Array());
    if (n === 1) return sha256(new Uint8Array([0]), this.leaves[start] as Uint8Array);
    const k = largestPowerOfTwoBelow(n);
    return sha256(
      new Uint8Array([1]),
      await this.hash(start, start + k),
      await this.hash(start + k, end),
    );
  }

  // PATH(m, D[start:end]), leaf to root.
  async inclusionProof(m: number, start = 0, end = this.leaves.length): Promise<Bytes[]> {
    const n = end - start;
    if (n <= 1) return [];
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      return [...(await this.inclusionProof(m, start, start + k)), await this.hash(start + k, end)];
    }
    return [
      ...(await this.inclusionProof(m - k, start + k, end)),
      await this.hash(start, start + k),
    ];
  }

  // PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true).
  consistencyProof(m: number, n: number): Promise<Bytes[]> {
    return this.subproof(m, 0, n, true);
  }

  private async subproof(m: number, start: number, end: number, whole: boolean): Promise<Bytes[]> {
    const n = end - start;
    if (m === n) return whole ? [] : [await this.hash(start, end)];
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      return [
        ...(await this.subproof(m, start, start + k, whole)),
        await this.hash(start + k, end),
      ];
    }
    return [
      ...(await this.subproof(m - k, start + k, end, false)),
      await this.hash(start, start + k),
    ];
  }
}

// An Ed25519 log key made from a fixed 32-byte seed (PKCS#8 wraps the seed).
export interface LogKey {
  name: string;
  keyId: Bytes;
  verifierKey: string;
  privateKey: CryptoKey;
}

const PKCS8_ED25519_PREFIX = '302e020100300506032b657004220420';

export async function logKeyFromSeed(name: string, seedByte = 7): Promise<LogKey> {
  const der = new Uint8Array(48);
  der.set(PKCS8_ED25519_PREFIX.match(/../g)!.map((pair) => parseInt(pair, 16)));
  der.fill(seedByte, 16);
  const privateKey = await subtle.importKey('pkcs8', der, { name: 'Ed25519' }, true, ['sign']);
  const jwk = await subtle.exportKey('jwk', privateKey);
  const publicKey = Uint8Array.from(
    atob((jwk.x as string).replace(/-/g, '+').replace(/_/g, '/')),
    (c) => c.charCodeAt(0),
  );
  const algorithmAndKey = new Uint8Array([1, ...publicKey]);
  const keyId = (await sha256(utf8(`${name}\n`), algorithmAndKey)).slice(0, 4);
  return {
    name,
    keyId,
    verifierKey: `${name}+${hex(keyId)}+${base64(algorithmAndKey)}`,
    privateKey,
  };
}

export async function signNote(text: string, key: LogKey, signerName = key.name): Promise<string> {
  const signature = new Uint8Array(
    await subtle.sign({ name: 'Ed25519' }, key.privateKey, utf8(text)),
  );
  return `${text}\n\u2014 ${signerName} ${base64(new Uint8Array([...key.keyId, ...signature]))}\n`;
}

export function checkpointBody(origin: string, size: number, root: Uint8Array): string {
  return `${origin}\n${size}\n${base64(root)}\n`;
}

export async function signedCheckpoint(
  tree: ReferenceTree,
  key: LogKey,
  size = tree.leaves.length,
): Promise<string> {
  return signNote(checkpointBody(key.name, size, await tree.hash(0, size)), key);
}

export interface BundleParts {
  format: string;
  log_index: number;
  record: unknown;
  inclusion_proof: string[];
  checkpoint: string;
}

// A valid bundle for records[index] in the log of all `records`, the leaves being their
// canonical JSON as `canonical` gives it.
export async function makeBundle(
  records: readonly unknown[],
  index: number,
  key: LogKey,
  canonical: (value: unknown) => string,
): Promise<{ parts: BundleParts; tree: ReferenceTree }> {
  const tree = new ReferenceTree(records.map((record) => utf8(canonical(record))));
  const parts: BundleParts = {
    format: 'samrad-record-bundle/1',
    log_index: index,
    record: records[index],
    inclusion_proof: (await tree.inclusionProof(index)).map(base64),
    checkpoint: await signedCheckpoint(tree, key),
  };
  return { parts, tree };
}

// A decision record as the server might write one (the fields the page shows, and some more).
export function sampleRecord(n: number): Record<string, unknown> {
  return {
    format: 'samrad-decision-record/1',
    round: { id: n + 1, title: `Samråd ${n + 1}: Äldreomsorgens bemanning – ”förslag”` },
    decided_at: '2026-11-23T10:15:00.123Z',
    outcome: 'Förslaget genomförs med ändringar.\nSe bilaga 😀.',
    positions: [{ organisation: 'Malmö stad', position: 'supports', weight: -0.5 }],
  };
}
