// The record verifier's JSON: RFC 8785 vectors (§3.2.2, §3.2.3 and Appendix B numbers) through
// the strict parser and the canonical form, and the files the strict parser refuses.

import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../web-client/src/records/canonical_json';
import { parseStrictJson } from '../../../web-client/src/records/strict_json';

function canonicalOf(text: string): string {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw new Error(`refused: ${parsed.reason}`);
  return canonicalJson(parsed.value);
}

function numberFromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('RFC 8785 canonical JSON', () => {
  it('gives §3.2.2’s output for its example', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50,
                  2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalOf(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts properties by UTF-16 code units as §3.2.3 shows', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    const canonical = canonicalOf(input);
    const order = [
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ].map((value) => canonical.indexOf(`"${value}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(canonical).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the IEEE 754 number %s as %s (Appendix B)', (bits, expected) => {
    expect(canonicalJson(numberFromBits(bits))).toBe(expected);
    expect(canonicalJson([numberFromBits(bits)])).toBe(`[${expected}]`);
  });

  it('refuses NaN (Appendix B, 7fffffffffffffff)', () => {
    expect(() => canonicalJson(numberFromBits('7fffffffffffffff'))).toThrow();
  });
});

describe('strict JSON', () => {
  it('refuses a key twice in one object, also when spelled with an escape', () => {
    expect(parseStrictJson('{"a":1,"a":2}')).toEqual({
      ok: false,
      reason: 'duplicate_key',
      key: 'a',
    });
    expect(parseStrictJson('{"a":1,"\\u0061":2}')).toMatchObject({ key: 'a' });
    expect(parseStrictJson('{"x":{"b":[{"c":1}],"b":"}"}}')).toMatchObject({ key: 'b' });
  });

  it('allows the same key in different objects and key-like strings as values', () => {
    expect(parseStrictJson('{"a":{"a":1},"b":[{"a":1},{"a":2}],"c":"a","d":["a","a"]}').ok).toBe(
      true,
    );
    expect(parseStrictJson('{"a\\"":1,"a":2,"s":"\\\\","t":"{\\"a\\":1,\\"a\\":2}"}').ok).toBe(
      true,
    );
  });

  it('refuses lone surrogates in values and keys', () => {
    expect(parseStrictJson('{"a":"\\ud800"}')).toEqual({ ok: false, reason: 'lone_surrogate' });
    expect(parseStrictJson('{"\\udc00x":1}')).toEqual({ ok: false, reason: 'lone_surrogate' });
    expect(parseStrictJson('["\\ude00\\ud83d"]')).toEqual({ ok: false, reason: 'lone_surrogate' });
    expect(parseStrictJson('["\\ud83d\\ude00"]').ok).toBe(true);
  });

  it('refuses numbers beyond a double and reads the others as doubles', () => {
    expect(parseStrictJson('[1e400]')).toEqual({ ok: false, reason: 'unsafe_number' });
    expect(parseStrictJson('{"n":-1e309}')).toEqual({ ok: false, reason: 'unsafe_number' });
    const parsed = parseStrictJson('[9007199254740993, 1E30, 0.5]');
    expect(parsed.ok && canonicalJson(parsed.value)).toBe('[9007199254740992,1e+30,0.5]');
  });

  it('refuses what is not JSON', () => {
    for (const text of ['', '{', "{'a':1}", '{"a":1,}', '[1] [2]', 'NaN']) {
      expect(parseStrictJson(text)).toEqual({ ok: false, reason: 'not_json' });
    }
  });
});
