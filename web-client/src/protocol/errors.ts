// The one table of error codes the client can show: every protocol v1 error code (from the
// server) and the few the client raises itself (timeouts, lost connection, bad answers), each
// with the message a person reads in Swedish and English. A unit test checks that every code in
// protocol/README.md is here.

import type { Lang } from '../i18n/lang';

export const PROTOCOL_ERROR_CODES = [
  'bad_json',
  'bad_request',
  'unknown_type',
  'unknown_field',
  'too_large',
  'unauthenticated',
  'forbidden',
  'not_found',
  'invalid_state',
  'invalid_reply',
  'conflict',
  'stale_position',
  'rate_limited',
  'storage_failed',
  'internal',
  'invitation_expired',
  'invitation_used',
] as const;
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

// Raised by the client, never sent by the server.
export const CLIENT_ERROR_CODES = [
  'timeout',
  'disconnected',
  'not_connected',
  'bad_response',
  'network',
  'invalid_credentials',
  'unknown_code',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export type ErrorCode = ProtocolErrorCode | ClientErrorCode;

type Messages = Record<Lang, string>;

export const ERROR_MESSAGES: Record<ErrorCode, Messages> = {
  bad_json: {
    sv: 'Servern kunde inte läsa meddelandet. Ladda om sidan och försök igen.',
    en: 'The server could not read the message. Reload the page and try again.',
  },
  bad_request: {
    sv: 'Begäran var ogiltig. Kontrollera det du skrev och försök igen.',
    en: 'The request was invalid. Check what you entered and try again.',
  },
  unknown_type: {
    sv: 'Servern känner inte igen begäran. Ladda om sidan för att hämta den senaste versionen.',
    en: 'The server does not recognise the request. Reload the page to get the latest version.',
  },
  unknown_field: {
    sv: 'Servern känner inte igen en del av begäran. Ladda om sidan för att hämta den senaste versionen.',
    en: 'The server does not recognise part of the request. Reload the page to get the latest version.',
  },
  too_large: {
    sv: 'Texten är för lång för att skickas.',
    en: 'The text is too long to send.',
  },
  unauthenticated: {
    sv: 'Du är inte inloggad längre. Logga in igen.',
    en: 'You are no longer logged in. Please log in again.',
  },
  forbidden: {
    sv: 'Du har inte behörighet att göra detta.',
    en: 'You are not allowed to do this.',
  },
  not_found: {
    sv: 'Det du sökte finns inte, eller så har du inte tillgång till det.',
    en: 'What you asked for does not exist, or you do not have access to it.',
  },
  invalid_state: {
    sv: 'Det går inte just nu: samrådsrundan är inte öppen för detta.',
    en: 'Not possible right now: the consultation round is not open for this.',
  },
  invalid_reply: {
    sv: 'Inlägget du svarar på finns inte i den här tråden.',
    en: 'The post you are replying to is not in this thread.',
  },
  conflict: {
    sv: 'Någon annan hann ändra samtidigt. Försök igen.',
    en: 'Someone else made a change at the same time. Try again.',
  },
  // The transport handles it (it reloads the round from the beginning), so a person sees this
  // text only if that fails.
  stale_position: {
    sv: 'Servern har en äldre version av samrådsrundan än den du såg. Rundan läses in på nytt.',
    en: 'The server has an older version of the consultation round than the one you saw. The round is being reloaded.',
  },
  rate_limited: {
    sv: 'Du skickar för snabbt. Vänta en stund och försök igen.',
    en: 'You are sending too quickly. Wait a moment and try again.',
  },
  storage_failed: {
    sv: 'Servern kunde inte spara. Ingenting sparades; försök igen om en stund.',
    en: 'The server could not save. Nothing was saved; try again in a moment.',
  },
  invitation_expired: {
    sv: 'Inbjudningslänken gäller inte längre. Be administratören om en ny länk.',
    en: 'The invitation link is no longer valid. Ask the administrator for a new link.',
  },
  invitation_used: {
    sv: 'Inbjudningslänken har redan använts.',
    en: 'The invitation link has already been used.',
  },
  internal: {
    sv: 'Ett internt fel uppstod på servern. Försök igen om en stund.',
    en: 'An internal error occurred on the server. Try again in a moment.',
  },
  timeout: {
    sv: 'Servern svarade inte i tid. Kontrollera om det du skickade kom fram innan du försöker igen.',
    en: 'The server did not answer in time. Check whether what you sent arrived before trying again.',
  },
  disconnected: {
    sv: 'Anslutningen bröts innan servern svarade. Kontrollera om det du skickade kom fram innan du försöker igen.',
    en: 'The connection was lost before the server answered. Check whether what you sent arrived before trying again.',
  },
  not_connected: {
    sv: 'Inte ansluten till servern just nu. Vänta tills anslutningen är tillbaka och försök igen.',
    en: 'Not connected to the server right now. Wait until the connection is back and try again.',
  },
  bad_response: {
    sv: 'Servern skickade ett svar som inte gick att förstå.',
    en: 'The server sent an answer that could not be understood.',
  },
  network: {
    sv: 'Det gick inte att nå servern. Kontrollera nätverket och försök igen.',
    en: 'Could not reach the server. Check the network and try again.',
  },
  invalid_credentials: {
    sv: 'Fel e-postadress eller lösenord.',
    en: 'Wrong email address or password.',
  },
  unknown_code: {
    sv: 'Något gick fel.',
    en: 'Something went wrong.',
  },
};

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}

// A failed request: the server's typed error, or one the client raised.
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    readonly serverMessage: string = '',
    // rate_limited: how long the server asks to wait before trying again.
    readonly retryAfterMs: number | null = null,
  ) {
    super(serverMessage ? `${code}: ${serverMessage}` : code);
    this.name = 'ProtocolError';
  }
}

// The message a person reads for an error code; unknown codes (from a newer server) fall back
// to a generic message rather than showing a raw code.
export function errorMessage(code: string, lang: Lang): string {
  return (isErrorCode(code) ? ERROR_MESSAGES[code] : ERROR_MESSAGES.unknown_code)[lang];
}

// Any thrown value -> the message to show.
export function messageForError(error: unknown, lang: Lang): string {
  if (error instanceof ProtocolError) return errorMessage(error.code, lang);
  return errorMessage('unknown_code', lang);
}
