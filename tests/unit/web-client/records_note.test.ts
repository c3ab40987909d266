// Verifier keys, signed notes and checkpoint bodies: the C2SP vector from Go's
// golang.org/x/mod/sumdb/note tests (PeterNeumann), every mangling of its key, its note altered
// and malformed, and checkpoint bodies that break protocol/records.md's three-line form.

import { describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../../web-client/src/records/checkpoint';
import { openSignedNote } from '../../../web-client/src/records/signed_note';
import { parseVerifierKey, type VerifierKey } from '../../../web-client/src/records/verifier_key';

// From golang.org/x/mod sumdb/note/note_test.go (TestOpen).
const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

async function peter(): Promise<VerifierKey> {
  const parsed = await parseVerifierKey(PETER_KEY);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.key;
}

describe('verifier keys', () => {
  it('reads the PeterNeumann key, its name and key id', async () => {
    const key = await peter();
    expect(key.name).toBe('PeterNeumann');
    expect(key.keyId).toBe('c74f20a3');
    // A key copied with its line ending still reads.
    expect((await parseVerifierKey(`${PETER_KEY}\n`)).ok).toBe(true);
  });

  it('reads a key whose base64 holds a plus sign', async () => {
    const key = 'samrad.example/log+1f8633fe+ARl/ayPhbIUyxqvIOPrNXqeJvgx2spIDNAOb+os9No1h';
    const parsed = await parseVerifierKey(key);
    expect(parsed.ok && [parsed.key.name, parsed.key.keyId]).toEqual([
      'samrad.example/log',
      '1f8633fe',
    ]);
  });

  it('refuses every part of the key and every character changed, as Go’s test does', async () => {
    const bytes = [...PETER_KEY];
    for (let i = 0; i <= bytes.length; i += 1) {
      for (let j = i + 1; j <= bytes.length; j += 1) {
        if (i === 0 && j === bytes.length) continue;
        expect((await parseVerifierKey(bytes.slice(i, j).join(''))).ok, `${i}:${j}`).toBe(false);
      }
    }
    for (let i = 0; i < bytes.length; i += 1) {
      const changed = [...bytes];
      changed[i] = String.fromCharCode(PETER_KEY.charCodeAt(i) + 1);
      expect((await parseVerifierKey(changed.join(''))).ok, changed.join('')).toBe(false);
    }
  });

  it('says why a key is refused', async () => {
    expect(await parseVerifierKey('  ')).toEqual({ ok: false, reason: 'empty' });
    expect(await parseVerifierKey('PeterNeumann+c74f20a3')).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(
      await parseVerifierKey(
        'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
      ),
    ).toEqual({ ok: false, reason: 'bad_key' });
    expect(
      await parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).toEqual({ ok: false, reason: 'bad_key' });
    expect(
      await parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).toEqual({ ok: false, reason: 'key_id_mismatch' });
    expect(
      await parseVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).toEqual({ ok: false, reason: 'bad_name' });
  });
});

describe('signed notes', () => {
  it('opens Go’s note signed by PeterNeumann, ignoring a signature by another key', async () => {
    const key = await peter();
    expect(await openSignedNote(`${TEXT}\n${PETER_SIG}`, key)).toEqual({ ok: true, text: TEXT });
    expect(await openSignedNote(`${TEXT}\n${ENOCH_SIG}${PETER_SIG}`, key)).toEqual({
      ok: true,
      text: TEXT,
    });
  });

  it('refuses the note when its text is altered anywhere', async () => {
    const key = await peter();
    for (let i = 0; i < TEXT.length; i += 1) {
      const altered = `${TEXT.slice(0, i)}${TEXT[i] === 'x' ? 'y' : 'x'}${TEXT.slice(i + 1)}`;
      const result = await openSignedNote(`${altered}\n${PETER_SIG}`, key);
      expect(result.ok, altered).toBe(false);
    }
    // The signature changed in the middle: four more base64 characters.
    const corrupt = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(await openSignedNote(`${TEXT}\n${corrupt}`, key)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a note with no signature by the key', async () => {
    const key = await peter();
    expect(await openSignedNote(`${TEXT}\n${ENOCH_SIG}`, key)).toEqual({
      ok: false,
      reason: 'no_signature_by_key',
    });
    const renamed = PETER_SIG.replace('PeterNeumann', 'CarmenSandiego');
    expect(await openSignedNote(`${TEXT}\n${renamed}`, key)).toMatchObject({
      reason: 'no_signature_by_key',
    });
    const otherId = PETER_SIG.replace('x08g', 'xxxx');
    expect(await openSignedNote(`${TEXT}\n${otherId}`, key)).toMatchObject({
      reason: 'no_signature_by_key',
    });
  });

  it('refuses the malformed notes of Go’s test', async () => {
    const key = await peter();
    const malformed = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.replace('\u2014', '-')}`,
    ];
    for (const note of malformed) {
      expect(await openSignedNote(note, key), JSON.stringify(note)).toEqual({
        ok: false,
        reason: 'malformed_note',
      });
    }
  });
});

describe('checkpoint bodies', () => {
  const root = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

  it('reads origin, size and root', () => {
    const parsed = parseCheckpoint(`samrad.example/log\n5\n${root}\n`);
    expect(parsed.ok && parsed.checkpoint.origin).toBe('samrad.example/log');
    expect(parsed.ok && parsed.checkpoint.size).toBe(5);
    expect(parsed.ok && Array.from(parsed.checkpoint.root)).toEqual(
      Array.from({ length: 32 }, (_, i) => i),
    );
    expect(parseCheckpoint(`o\n0\n${root}\n`).ok).toBe(true);
  });

  it.each([
    ['no final newline', `o\n5\n${root}`, 'malformed_body'],
    ['an extra line', `o\n5\n${root}\nextra\n`, 'malformed_body'],
    ['no origin', `\n5\n${root}\n`, 'malformed_body'],
    ['a leading zero', `o\n05\n${root}\n`, 'bad_size'],
    ['a sign', `o\n+5\n${root}\n`, 'bad_size'],
    ['a size beyond 2^53−1', `o\n9007199254740992\n${root}\n`, 'bad_size'],
    ['a 31-byte root', `o\n5\n${btoa('\0'.repeat(31))}\n`, 'bad_root'],
    ['a root without padding', `o\n5\n${root.slice(0, -1)}\n`, 'bad_root'],
  ])('refuses a body with %s', (_name, body, reason) => {
    expect(parseCheckpoint(body)).toEqual({ ok: false, reason });
  });
});
