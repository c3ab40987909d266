// API tokens as the page works with them: who may hold them, the end of a chosen day as the
// token's expiry, the limits of the date field, and the list in a stable order (live first).

import type { Person } from '../protocol/messages';
import type { ApiToken } from './tokens_api';

// The longest a token lasts (the server's default [api_tokens] lifetime_days); the server checks
// it too and answers a clear error if it is configured shorter.
export const MAX_TOKEN_DAYS = 365;
export const MAX_TOKEN_NAME_BYTES = 100;

// Observers (ministry staff) and administrators; the server refuses everyone else.
export function canHoldApiTokens(person: Person): boolean {
  return person.role === 'observer' || person.role === 'admin';
}

function isoDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// The dates the expiry field offers: from tomorrow to the last whole day within the limit.
export function expiryBounds(now: Date): { min: string; max: string } {
  const day = 24 * 3600 * 1000;
  return {
    min: isoDate(new Date(now.getTime() + day)),
    max: isoDate(new Date(now.getTime() + (MAX_TOKEN_DAYS - 1) * day)),
  };
}

// A token "valid until and including" a date ends at the end of that day where the person is;
// sent as the UTC time of that moment. null for a value that is not a date in the bounds.
export function expiryFromDate(value: string, now: Date): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  if (Number.isNaN(end.getTime()) || isoDate(end) !== value) return null;
  const { min, max } = expiryBounds(now);
  if (value < min || value > max) return null;
  return end.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function nameTooLong(name: string): boolean {
  return new TextEncoder().encode(name).length > MAX_TOKEN_NAME_BYTES;
}

// Live tokens first, then the newest.
export function orderTokens(tokens: ApiToken[]): ApiToken[] {
  return [...tokens].sort(
    (a, b) =>
      Number(b.status === 'live') - Number(a.status === 'live') ||
      b.created_at.localeCompare(a.created_at) ||
      b.id - a.id,
  );
}
