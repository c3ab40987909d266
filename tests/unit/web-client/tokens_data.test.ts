// API tokens in the client: who holds them, the expiry a chosen date means, the bounds of the
// date field, the name's byte limit, the list's order, and decoding the server's answers.
import { describe, expect, it } from 'vitest';
import {
  decodeCreated,
  decodeToken,
  type ApiToken,
} from '../../../web-client/src/tokens/tokens_api';
import {
  canHoldApiTokens,
  expiryBounds,
  expiryFromDate,
  nameTooLong,
  orderTokens,
} from '../../../web-client/src/tokens/tokens_data';
import type { Person, Role } from '../../../web-client/src/protocol/messages';

function person(role: Role): Person {
  return {
    id: 1,
    name: 'Eva Lund',
    role,
    organisation: { id: 1, name: 'Finansdepartementet', kind: 'ministry', side: 'state' },
  } as Person;
}

function token(id: number, status: ApiToken['status'], created_at: string): ApiToken {
  return {
    id,
    name: `Token ${id}`,
    scope: 'export',
    created_at,
    last_used_at: null,
    expires_at: '2027-11-30T12:00:00.000Z',
    revoked_at: status === 'revoked' ? '2026-11-30T13:00:00.000Z' : null,
    status,
    owner: null,
  };
}

describe('tokens data', () => {
  it('observers and admins hold tokens, nobody else', () => {
    expect(canHoldApiTokens(person('observer'))).toBe(true);
    expect(canHoldApiTokens(person('admin'))).toBe(true);
    expect(canHoldApiTokens(person('representative'))).toBe(false);
    expect(canHoldApiTokens(person('secretariat'))).toBe(false);
  });

  it('a chosen date means the end of that day, within tomorrow and 364 days ahead', () => {
    const now = new Date(2026, 10, 30, 12, 0, 0);
    expect(expiryBounds(now)).toEqual({ min: '2026-12-01', max: '2027-11-29' });
    const end = expiryFromDate('2026-12-24', now);
    expect(end).not.toBeNull();
    expect(new Date(end!).getTime()).toBe(new Date(2026, 11, 24, 23, 59, 59).getTime());
    expect(end).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    for (const bad of ['2026-11-30', '2027-11-30', '2026-02-30', '24/12/2026', '']) {
      expect(expiryFromDate(bad, now), bad).toBeNull();
    }
  });

  it('names are at most 100 bytes of UTF-8', () => {
    expect(nameTooLong('x'.repeat(100))).toBe(false);
    expect(nameTooLong('x'.repeat(101))).toBe(true);
    expect(nameTooLong('å'.repeat(50))).toBe(false);
    expect(nameTooLong('å'.repeat(51))).toBe(true);
  });

  it('live tokens come first, then the newest', () => {
    const ordered = orderTokens([
      token(1, 'revoked', '2026-11-30T12:00:00.000Z'),
      token(2, 'live', '2026-11-01T12:00:00.000Z'),
      token(3, 'live', '2026-11-20T12:00:00.000Z'),
      token(4, 'expired', '2026-11-25T12:00:00.000Z'),
    ]);
    expect(ordered.map((t) => t.id)).toEqual([3, 2, 1, 4]);
  });

  it('decodes the answers and refuses malformed ones', () => {
    const listed = decodeToken({
      id: 7,
      name: 'Export',
      scope: 'export',
      created_at: '2026-11-30T12:00:00.000Z',
      last_used_at: null,
      expires_at: '2027-11-30T12:00:00.000Z',
      revoked_at: null,
      status: 'live',
      owner: { id: 1, name: 'Eva Lund', email: 'eva@x', role: 'observer', organisation: 'F' },
    });
    expect(listed.owner?.name).toBe('Eva Lund');
    expect(() => decodeToken({ ...listed, status: 'weird' })).toThrow();
    const created = decodeCreated({
      id: 7,
      name: 'Export',
      token: 'samrad_export_x',
      created_at: '2026-11-30T12:00:00.000Z',
      expires_at: '2027-11-30T12:00:00.000Z',
    });
    expect(created.token).toBe('samrad_export_x');
    expect(() => decodeCreated({ id: '7' })).toThrow();
  });
});
