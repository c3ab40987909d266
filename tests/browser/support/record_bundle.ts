// Record bundles for browser tests, made with Node's crypto apart from the web client's code:
// canonical JSON by sorted keys (RFC 8785 for the plain strings and integers used here), an
// RFC 9162 Merkle tree, and a checkpoint signed as a C2SP note with a fixed Ed25519 key.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  type KeyObject,
} from "node:crypto";

const sha256 = (...parts: Buffer[]): Buffer =>
  createHash("sha256").update(Buffer.concat(parts)).digest();

/** JSON with object keys sorted by UTF-16 code units and no white space. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function treeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256(Buffer.alloc(0));
  if (leaves.length === 1) return sha256(Buffer.from([0]), leaves[0]!);
  const k = largestPowerOfTwoBelow(leaves.length);
  return sha256(
    Buffer.from([1]),
    treeHash(leaves.slice(0, k)),
    treeHash(leaves.slice(k)),
  );
}

function inclusionPath(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...inclusionPath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...inclusionPath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

export interface LogKey {
  name: string;
  verifierKey: string;
  keyId: Buffer;
  privateKey: KeyObject;
}

export function logKey(name: string, seedByte = 42): LogKey {
  const der = Buffer.concat([
    Buffer.from("302e020100300506032b657004220420", "hex"),
    Buffer.alloc(32, seedByte),
  ]);
  const privateKey = createPrivateKey({
    key: der,
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(privateKey).export({
    format: "der",
    type: "spki",
  });
  const algorithmAndKey = Buffer.concat([
    Buffer.from([1]),
    spki.subarray(spki.length - 32),
  ]);
  const keyId = sha256(Buffer.from(`${name}\n`), algorithmAndKey).subarray(
    0,
    4,
  );
  return {
    name,
    keyId,
    privateKey,
    verifierKey: `${name}+${keyId.toString("hex")}+${algorithmAndKey.toString("base64")}`,
  };
}

/** A pretty-printed bundle for records[index] in the log of all `records`. */
export function bundleText(
  records: readonly object[],
  index: number,
  key: LogKey,
): string {
  const leaves = records.map((record) => Buffer.from(canonical(record)));
  const body = `${key.name}\n${records.length}\n${treeHash(leaves).toString("base64")}\n`;
  const signature = sign(null, Buffer.from(body), key.privateKey);
  const checkpoint = `${body}\n\u2014 ${key.name} ${Buffer.concat([key.keyId, signature]).toString("base64")}\n`;
  return JSON.stringify(
    {
      format: "samrad-record-bundle/1",
      log_index: index,
      record: records[index],
      inclusion_proof: inclusionPath(index, leaves).map((hash) =>
        hash.toString("base64"),
      ),
      checkpoint,
    },
    null,
    2,
  );
}
