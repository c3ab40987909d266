// The small same-origin HTTP API: log in, log out, who am I. The session lives in an HttpOnly
// cookie set by the server, so this code never sees the token.

import { decodePersonEnvelope } from '../protocol/decode';
import { ProtocolError } from '../protocol/errors';
import type { Person } from '../protocol/messages';

export async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, {
      credentials: 'same-origin',
      cache: 'no-store',
      ...init,
      headers: { Accept: 'application/json', ...(init.headers ?? {}) },
    });
  } catch {
    throw new ProtocolError('network');
  }
}

async function personFrom(response: Response): Promise<Person> {
  try {
    return decodePersonEnvelope(await response.json());
  } catch {
    throw new ProtocolError('bad_response');
  }
}

// The typed error in an error answer ({"error":{"code","message"}}), if there is one.
export async function errorFrom(response: Response): Promise<ProtocolError> {
  try {
    const body: unknown = await response.json();
    const error = (
      body as { error?: { code?: unknown; message?: unknown; retry_after_ms?: unknown } }
    ).error;
    if (error && typeof error.code === 'string') {
      const retryAfter = error.retry_after_ms;
      return new ProtocolError(
        error.code,
        typeof error.message === 'string' ? error.message : '',
        typeof retryAfter === 'number' && Number.isSafeInteger(retryAfter) && retryAfter > 0
          ? retryAfter
          : null,
      );
    }
  } catch {
    // Not JSON: fall through to a code from the status.
  }
  if (response.status === 429) return new ProtocolError('rate_limited');
  if (response.status === 403) return new ProtocolError('forbidden');
  return new ProtocolError(response.status >= 500 ? 'internal' : 'bad_response');
}

export async function login(email: string, password: string): Promise<Person> {
  const response = await send('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status === 401) throw new ProtocolError('invalid_credentials');
  if (!response.ok) throw await errorFrom(response);
  return personFrom(response);
}

export async function logout(): Promise<void> {
  const response = await send('/api/logout', { method: 'POST' });
  // 401: the session had already ended, which is what logging out wants.
  if (!response.ok && response.status !== 401) throw await errorFrom(response);
}

// The logged-in person, or null when there is no valid session.
export async function me(): Promise<Person | null> {
  const response = await send('/api/me', { method: 'GET' });
  if (response.status === 401) return null;
  if (!response.ok) throw await errorFrom(response);
  return personFrom(response);
}
