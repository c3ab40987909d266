// Encoders for client -> server requests of protocol v1. Each request is rebuilt field by field
// so that no stray property (e.g. from a spread UI object) reaches the server, which answers
// unknown fields with `unknown_field`.

import type { Request, RequestBody } from './messages';

export const MAX_REQUEST_ID = Number.MAX_SAFE_INTEGER; // 9007199254740991, as the spec allows

export function buildRequest(id: number, body: RequestBody): Request {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_REQUEST_ID) {
    throw new RangeError(`request id out of range: ${id}`);
  }
  switch (body.type) {
    case 'list_rounds':
      return { type: 'list_rounds', id };
    // `stream` only when the caller names one (absent means main), in the spec's field order.
    case 'subscribe':
      return body.stream === undefined
        ? { type: 'subscribe', id, round_id: body.round_id, since: body.since }
        : {
            type: 'subscribe',
            id,
            round_id: body.round_id,
            stream: body.stream,
            since: body.since,
          };
    case 'unsubscribe':
      return body.stream === undefined
        ? { type: 'unsubscribe', id, round_id: body.round_id }
        : { type: 'unsubscribe', id, round_id: body.round_id, stream: body.stream };
    case 'create_thread':
      return { type: 'create_thread', id, round_id: body.round_id, title: body.title };
    case 'create_post':
      return {
        type: 'create_post',
        id,
        round_id: body.round_id,
        thread_id: body.thread_id,
        reply_to: body.reply_to,
        body: body.body,
      };
  }
}

export function encodeRequest(id: number, body: RequestBody): string {
  return JSON.stringify(buildRequest(id, body));
}
