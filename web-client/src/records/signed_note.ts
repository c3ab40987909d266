// C2SP signed notes: the text, one blank line, then signature lines
// `— <name> <base64(4-byte key id ‖ signature)>`. A note is accepted for a key only if a line
// carries that key's name and id and its Ed25519 signature of the text verifies; lines by
// other keys are ignored (they may be witnesses), and a bad signature by our key refuses the
// note, as Go's sumdb/note does.

import { equalBytes, fromBase64, utf8 } from './bytes';
import { isValidKeyName, type VerifierKey } from './verifier_key';

export type SignedNoteResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'malformed_note' }
  | { ok: false; reason: 'no_signature_by_key' }
  | { ok: false; reason: 'bad_signature' };

const SIGNATURE_PREFIX = '\u2014 ';

export async function openSignedNote(note: string, key: VerifierKey): Promise<SignedNoteResult> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'malformed_note' };
  const text = note.slice(0, split + 1);
  const signatures = note.slice(split + 2);
  // Text: UTF-8 without control characters other than newline (the same rule as Go).
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text))
    return { ok: false, reason: 'malformed_note' };
  if (signatures === '' || !signatures.endsWith('\n'))
    return { ok: false, reason: 'malformed_note' };
  let verified = false;
  for (const line of signatures.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return { ok: false, reason: 'malformed_note' };
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0) return { ok: false, reason: 'malformed_note' };
    const name = rest.slice(0, space);
    const blob = fromBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !blob || blob.length < 5) {
      return { ok: false, reason: 'malformed_note' };
    }
    if (name !== key.name || !equalBytes(blob.slice(0, 4), key.keyIdBytes)) continue;
    const valid = await crypto.subtle.verify(
      { name: 'Ed25519' },
      key.publicKey,
      blob.slice(4),
      utf8(text),
    );
    if (!valid) return { ok: false, reason: 'bad_signature' };
    verified = true;
  }
  return verified ? { ok: true, text } : { ok: false, reason: 'no_signature_by_key' };
}
