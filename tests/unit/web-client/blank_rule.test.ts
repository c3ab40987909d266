// The protocol's one blank rule, held in three places that must agree code point for code point:
// the spec's list (protocol/README.md, Transport), the schemas' title/body pattern, and the
// client's isBlank. Plus the shared examples: every blank frame is blank to isBlank, no valid one.

import { describe, expect, it } from 'vitest';
import { checkText, isBlank } from '../../../web-client/src/protocol/limits';
import {
  clientExamples,
  createAjv,
  invalidExamples,
  protocolReadme,
  SCHEMA_BASE,
  validator,
} from './protocol_fixtures';

// The list written out once more by hand, independently of the README, the schema and the client.
const BLANK_CODE_POINTS = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x200b, 0x200c, 0x200d, 0x2028, 0x2029, 0x202f,
  0x205f, 0x2060, 0x3000, 0xfeff,
]);

// Every code point but the surrogates (a lone surrogate is tested on its own).
function* allCodePoints(): Generator<number> {
  for (let cp = 0; cp <= 0x10ffff; cp += 1) {
    if (cp < 0xd800 || cp > 0xdfff) yield cp;
  }
}

// "U+0009–U+000D, U+0020, …" from the README's Transport paragraph that defines "Blank".
function readmeBlankCodePoints(): Set<number> {
  const paragraph = /"Blank" means[\s\S]*?(?=\n- |\n\n)/.exec(protocolReadme);
  expect(paragraph, 'protocol/README.md defines "Blank"').not.toBeNull();
  const set = new Set<number>();
  for (const match of (paragraph?.[0] ?? '').matchAll(/U\+([0-9A-F]{4})(?:–U\+([0-9A-F]{4}))?/g)) {
    const from = parseInt(match[1] ?? '', 16);
    const to = match[2] ? parseInt(match[2], 16) : from;
    for (let cp = from; cp <= to; cp += 1) set.add(cp);
  }
  return set;
}

const ajv = createAjv();
const defs = ajv.getSchema(`${SCHEMA_BASE}defs.schema.json`)?.schema as {
  $defs: {
    title: { pattern: string };
    body: { pattern: string };
    moderation_reason: { pattern: string };
  };
};

describe('the blank rule', () => {
  it('is the same list in the README as here', () => {
    expect([...readmeBlankCodePoints()].sort((a, b) => a - b)).toEqual(
      [...BLANK_CODE_POINTS].sort((a, b) => a - b),
    );
  });

  it('isBlank says blank for exactly those code points, alone or repeated', () => {
    const wrong: string[] = [];
    for (const cp of allCodePoints()) {
      const c = String.fromCodePoint(cp);
      if (isBlank(c) !== BLANK_CODE_POINTS.has(cp)) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
    const all = [...BLANK_CODE_POINTS].map((cp) => String.fromCodePoint(cp)).join('');
    expect(isBlank(all + all)).toBe(true);
    expect(isBlank('')).toBe(true);
  });

  it('is not fooled by one visible character among blanks, or by a lone surrogate', () => {
    expect(isBlank('\u00a0\u2003x\u200b')).toBe(false);
    expect(isBlank('\u200b\ufeff.')).toBe(false);
    expect(isBlank('\u180e')).toBe(false); // Mongolian vowel separator: no longer White_Space
    expect(isBlank('\u200e')).toBe(false); // left-to-right mark: not in the list
    expect(isBlank('\u00ad')).toBe(false); // soft hyphen: not in the list
    expect(isBlank('\ud800')).toBe(false);
    expect(isBlank(' \udc00 ')).toBe(false);
    expect(isBlank('👍')).toBe(false);
    expect(checkText('\u0085\u2060\u3000', 100)).toBe('blank');
  });

  it('is what the schemas pattern for title and body says', () => {
    expect(defs.$defs.body.pattern).toBe(defs.$defs.title.pattern);
    expect(defs.$defs.moderation_reason.pattern).toBe(defs.$defs.title.pattern);
    // Ajv compiles patterns with the u flag; "not blank" = the pattern matches somewhere.
    const notBlank = new RegExp(defs.$defs.title.pattern, 'u');
    const wrong: string[] = [];
    for (const cp of allCodePoints()) {
      if (notBlank.test(String.fromCodePoint(cp)) === BLANK_CODE_POINTS.has(cp)) {
        wrong.push(cp.toString(16));
      }
    }
    expect(wrong).toEqual([]);
    const createThread = validator(ajv, 'client/create_thread.schema.json');
    const request = (title: string) => ({ type: 'create_thread', id: 1, round_id: 1, title });
    expect(createThread(request('\u00a0\u2003'))).toBe(false);
    expect(createThread(request('\u00a0Övergång\u2003'))).toBe(true);
  });

  it('makes every *_blank* invalid example blank, and no valid example', () => {
    const blankOnes = invalidExamples.filter((e) => /_blank/.test(e.name));
    expect(blankOnes.length).toBeGreaterThanOrEqual(5);
    type Texts = { title?: string; body?: string; message?: string; reason?: string };
    for (const example of blankOnes) {
      const json = JSON.parse(example.text) as Texts;
      const text = json.title ?? json.body ?? json.message ?? json.reason;
      expect(typeof text, example.name).toBe('string');
      expect(isBlank(text ?? ''), example.name).toBe(true);
    }
    for (const example of clientExamples) {
      const json = JSON.parse(example.text) as Texts;
      const text = json.title ?? json.body ?? json.message ?? json.reason;
      if (text !== undefined) expect(isBlank(text), example.name).toBe(false);
    }
  });
});
