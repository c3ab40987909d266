// The API token endpoints of the HTTP API (protocol/README.md "API tokens"), called with the
// login session's cookie: create (the only answer that holds the token), list and revoke. Each
// call resolves with the decoded answer or throws a ProtocolError with the server's code.

import { errorFrom, send } from '../api/http_api';
import { ProtocolError } from '../protocol/errors';

export type TokenStatus = 'live' | 'expired' | 'revoked';

export interface TokenOwner {
  id: number;
  name: string;
  email: string;
  role: string;
  organisation: string;
}

export interface ApiToken {
  id: number;
  name: string;
  scope: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string;
  revoked_at: string | null;
  status: TokenStatus;
  owner: TokenOwner | null;
}

export interface CreatedToken {
  id: number;
  name: string;
  token: string;
  created_at: string;
  expires_at: string;
}

function fail(): never {
  throw new ProtocolError('bad_response');
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail();
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : fail();
}

function integer(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail();
}

function optionalText(value: unknown): string | null {
  return value === null ? null : text(value);
}

function decodeStatus(value: unknown): TokenStatus {
  return value === 'live' || value === 'expired' || value === 'revoked' ? value : fail();
}

export function decodeToken(value: unknown): ApiToken {
  const token = object(value);
  const owner = token.owner === undefined ? null : object(token.owner);
  return {
    id: integer(token.id),
    name: text(token.name),
    scope: text(token.scope),
    created_at: text(token.created_at),
    last_used_at: optionalText(token.last_used_at),
    expires_at: text(token.expires_at),
    revoked_at: optionalText(token.revoked_at),
    status: decodeStatus(token.status),
    owner: owner
      ? {
          id: integer(owner.id),
          name: text(owner.name),
          email: text(owner.email),
          role: text(owner.role),
          organisation: text(owner.organisation),
        }
      : null,
  };
}

export function decodeCreated(value: unknown): CreatedToken {
  const created = object(value);
  return {
    id: integer(created.id),
    name: text(created.name),
    token: text(created.token),
    created_at: text(created.created_at),
    expires_at: text(created.expires_at),
  };
}

async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  decode: (value: unknown) => T,
  body?: unknown,
): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await send(path, init);
  if (!response.ok) throw await errorFrom(response);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ProtocolError('bad_response');
  }
  return decode(json);
}

export function listTokens(): Promise<ApiToken[]> {
  return call('GET', '/api/tokens', (value) => {
    const tokens = object(value).tokens;
    return Array.isArray(tokens) ? tokens.map(decodeToken) : fail();
  });
}

export function createToken(name: string, expiresAt: string | null): Promise<CreatedToken> {
  const body = expiresAt === null ? { name } : { name, expires_at: expiresAt };
  return call('POST', '/api/tokens', decodeCreated, body);
}

export function revokeToken(id: number): Promise<ApiToken> {
  return call('DELETE', `/api/tokens/${id}`, decodeToken);
}
