// Strict JSON parsing for record bundles: JSON.parse, plus the checks it skips. A file with a
// key twice in one object, a lone UTF-16 surrogate, or a number beyond a double's range is
// refused: different programs would read it differently, and RFC 8785 has no form for it.

export type StrictJsonResult =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'not_json' }
  | { ok: false; reason: 'duplicate_key'; key: string }
  | { ok: false; reason: 'lone_surrogate' }
  | { ok: false; reason: 'unsafe_number' };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function parseStrictJson(text: string): StrictJsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) return { ok: false, reason: 'duplicate_key', key: duplicate };
  return checkValues(value) ?? { ok: true, value };
}

// Walks text that JSON.parse has accepted, keeping the keys seen in each open object. Written
// by hand: it is thirty lines, and no small, well-kept npm parser reports duplicate keys.
function findDuplicateKey(text: string): string | null {
  // One entry per open container: the keys of an object, or null for an array.
  const open: Array<Set<string> | null> = [];
  let expectingKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open[open.length - 1];
      if (expectingKey && keys) {
        // Compared decoded, so "a" and "\u0061" are the same key.
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        expectingKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      expectingKey = true;
    } else if (c === '[') {
      open.push(null);
      expectingKey = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      expectingKey = false;
    } else if (c === ',') {
      expectingKey = open[open.length - 1] instanceof Set;
    }
  }
  return null;
}

function checkValues(value: unknown): StrictJsonResult | null {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) ? { ok: false, reason: 'lone_surrogate' } : null;
  }
  if (typeof value === 'number') {
    // 1e400 parses as Infinity. Other numbers are IEEE 754 doubles, as RFC 8785 §3.2.2.3
    // reads them (so 9007199254740993 is 9007199254740992, as in every JCS implementation).
    return Number.isFinite(value) ? null : { ok: false, reason: 'unsafe_number' };
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const failure = checkValues(item);
      if (failure) return failure;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return { ok: false, reason: 'lone_surrogate' };
      const failure = checkValues(item);
      if (failure) return failure;
    }
  }
  return null;
}
