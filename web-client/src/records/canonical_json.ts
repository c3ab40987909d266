// RFC 8785 canonical JSON (JCS) of a parsed value, as the UTF-8 bytes a log leaf is made of.
// The serialisation itself is the `canonicalize` package, written by one of the RFC's authors.

import canonicalize from 'canonicalize';
import { utf8, type Bytes } from './bytes';

// The value must come from parseStrictJson (no lone surrogates, no non-finite numbers).
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('canonicalJson: value has no JSON form');
  return text;
}

export function canonicalBytes(value: unknown): Bytes {
  return utf8(canonicalJson(value));
}
