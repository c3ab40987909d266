// The transparency log's public HTTP endpoints that the browser uses: this instance's verifier
// key (GET /.well-known/samrad-log-key, one text line; protocol/records.md).

import { ProtocolError } from '../protocol/errors';

export const LOG_KEY_PATH = '/.well-known/samrad-log-key';

export async function fetchLogKey(): Promise<string> {
  let response: Response;
  try {
    response = await fetch(LOG_KEY_PATH, {
      credentials: 'omit',
      cache: 'no-store',
      headers: { Accept: 'text/plain' },
    });
  } catch {
    throw new ProtocolError('network');
  }
  if (!response.ok) throw new ProtocolError(response.status === 404 ? 'not_found' : 'bad_response');
  return (await response.text()).trim();
}
