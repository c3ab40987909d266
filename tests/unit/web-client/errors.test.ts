// The one error table covers every error code of protocol v1, in both languages.

import { describe, expect, it } from 'vitest';
import {
  CLIENT_ERROR_CODES,
  ERROR_MESSAGES,
  errorMessage,
  messageForError,
  PROTOCOL_ERROR_CODES,
  ProtocolError,
} from '../../../web-client/src/protocol/errors';
import { loginFailureMessage } from '../../../web-client/src/session/login_ui';
import { createAjv, protocolReadme, SCHEMA_BASE } from './protocol_fixtures';

// The codes in the README's error table: rows like "| `not_found` | no such round … |".
function readmeErrorCodes(): string[] {
  const start = protocolReadme.indexOf('| code | when |');
  expect(start, 'protocol/README.md has an error code table').toBeGreaterThan(0);
  const codes: string[] = [];
  for (const line of protocolReadme.slice(start).split('\n').slice(2)) {
    const match = /^\| `([a-z_]+)` \|/.exec(line);
    if (!match?.[1]) break;
    codes.push(match[1]);
  }
  return codes;
}

describe('error table', () => {
  it('has every code of the README table, and no protocol code the README lacks', () => {
    const documented = readmeErrorCodes();
    expect(documented.length).toBeGreaterThanOrEqual(14);
    expect([...PROTOCOL_ERROR_CODES].sort()).toEqual([...documented].sort());
    for (const code of documented) expect(Object.keys(ERROR_MESSAGES)).toContain(code);
  });

  it('matches the error_code enum of the schemas', () => {
    const ajv = createAjv();
    const defs = ajv.getSchema(`${SCHEMA_BASE}defs.schema.json`)?.schema as {
      $defs: { error_code: { enum: string[] } };
    };
    expect([...PROTOCOL_ERROR_CODES].sort()).toEqual([...defs.$defs.error_code.enum].sort());
  });

  it('has a Swedish and an English message for every code, all different', () => {
    for (const code of [...PROTOCOL_ERROR_CODES, ...CLIENT_ERROR_CODES]) {
      const { sv, en } = ERROR_MESSAGES[code];
      expect(sv.length, code).toBeGreaterThan(5);
      expect(en.length, code).toBeGreaterThan(5);
      expect(sv, code).not.toBe(en);
    }
    const svTexts = Object.values(ERROR_MESSAGES).map((m) => m.sv);
    expect(new Set(svTexts).size).toBe(svTexts.length);
  });

  it('shows a generic message, never a raw code, for codes it does not know', () => {
    expect(errorMessage('brand_new_code', 'sv')).toBe(ERROR_MESSAGES.unknown_code.sv);
    expect(errorMessage('not_found', 'en')).toBe(ERROR_MESSAGES.not_found.en);
    expect(messageForError(new ProtocolError('forbidden', 'No'), 'sv')).toBe(
      ERROR_MESSAGES.forbidden.sv,
    );
    expect(messageForError(new Error('boom'), 'en')).toBe(ERROR_MESSAGES.unknown_code.en);
  });

  it('tells a throttled login how long to wait, in words a person reads', () => {
    const throttled = (ms: number) => new ProtocolError('rate_limited', '', ms);
    expect(loginFailureMessage(throttled(400), 'sv')).toBe(
      'För många misslyckade inloggningar. Vänta en sekund och försök sedan igen.',
    );
    expect(loginFailureMessage(throttled(1001), 'sv')).toContain('Vänta 2 sekunder');
    expect(loginFailureMessage(throttled(90_000), 'en')).toContain('Wait 90 seconds');
    expect(loginFailureMessage(throttled(90_001), 'sv')).toContain('Vänta 2 minuter');
    expect(loginFailureMessage(throttled(900_000), 'sv')).toContain('Vänta 15 minuter');
    // Without a hint, the general message; other errors as everywhere else.
    expect(loginFailureMessage(new ProtocolError('rate_limited'), 'sv')).toBe(
      ERROR_MESSAGES.rate_limited.sv,
    );
    expect(loginFailureMessage(new ProtocolError('invalid_credentials'), 'en')).toBe(
      ERROR_MESSAGES.invalid_credentials.en,
    );
  });
});
