// A log's verifier key, `<name>+<key id hex>+<base64(0x01 ‖ 32-byte Ed25519 public key)>`
// (C2SP signed-note; protocol/records.md, "Keys"). Parsing checks the key id against the
// name and key, so a key pasted with one character wrong is refused here, not later.

import { concat, fromBase64, sha256, toHex, utf8, type Bytes } from './bytes';

export const ED25519_ALGORITHM = 0x01;

export interface VerifierKey {
  name: string;
  // The first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ key), as 8 lowercase hex digits.
  keyId: string;
  keyIdBytes: Bytes;
  publicKey: CryptoKey;
  // The line as given (trimmed), to show and to save.
  text: string;
}

export type VerifierKeyResult =
  | { ok: true; key: VerifierKey }
  | { ok: false; reason: 'empty' | 'malformed' | 'bad_name' | 'bad_key' | 'key_id_mismatch' };

// A name is non-empty, without white space or '+' (Go's note.isValidName).
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\s+]/u.test(name) && !/\p{Cc}/u.test(name);
}

export async function keyIdOf(name: string, algorithmAndKey: Bytes): Promise<Bytes> {
  const hash = await sha256(concat(utf8(name), utf8('\n'), algorithmAndKey));
  return hash.slice(0, 4);
}

export async function parseVerifierKey(line: string): Promise<VerifierKeyResult> {
  const text = line.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  // The name and key id end at the first two '+'; base64 may hold more of them.
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) return { ok: false, reason: 'malformed' };
  const name = text.slice(0, first);
  const keyId = text.slice(first + 1, second);
  const encoded = text.slice(second + 1);
  if (!isValidKeyName(name)) return { ok: false, reason: 'bad_name' };
  if (!/^[0-9a-f]{8}$/.test(keyId)) return { ok: false, reason: 'malformed' };
  const algorithmAndKey = fromBase64(encoded);
  if (
    !algorithmAndKey ||
    algorithmAndKey.length !== 33 ||
    algorithmAndKey[0] !== ED25519_ALGORITHM
  ) {
    return { ok: false, reason: 'bad_key' };
  }
  const keyIdBytes = await keyIdOf(name, algorithmAndKey);
  if (toHex(keyIdBytes) !== keyId) return { ok: false, reason: 'key_id_mismatch' };
  let publicKey: CryptoKey;
  try {
    publicKey = await crypto.subtle.importKey(
      'raw',
      algorithmAndKey.slice(1),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
  } catch {
    return { ok: false, reason: 'bad_key' };
  }
  return { ok: true, key: { name, keyId, keyIdBytes, publicKey, text } };
}
