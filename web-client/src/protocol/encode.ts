// Encoders for client -> server requests of protocol v1. Each request is rebuilt field by field
// so that no stray property (e.g. from a spread UI object) reaches the server, which answers
// unknown fields with `unknown_field`. Fields are written in the spec's order; optional ones only
// when the caller gives them (absent takes the server's default).

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
      return {
        type: 'subscribe',
        id,
        round_id: body.round_id,
        ...(body.stream === undefined ? {} : { stream: body.stream }),
        since: body.since,
        ...(body.epoch === undefined ? {} : { epoch: body.epoch }),
      };
    case 'unsubscribe':
      return body.stream === undefined
        ? { type: 'unsubscribe', id, round_id: body.round_id }
        : { type: 'unsubscribe', id, round_id: body.round_id, stream: body.stream };
    case 'create_thread':
      return body.stream === undefined
        ? { type: 'create_thread', id, round_id: body.round_id, title: body.title }
        : {
            type: 'create_thread',
            id,
            round_id: body.round_id,
            stream: body.stream,
            title: body.title,
          };
    case 'create_post':
      return {
        type: 'create_post',
        id,
        round_id: body.round_id,
        thread_id: body.thread_id,
        reply_to: body.reply_to,
        body: body.body,
      };
    case 'list_organisations':
      return { type: 'list_organisations', id };
    case 'create_round': {
      const request: Request = {
        type: 'create_round',
        id,
        title: body.title,
        proposal: body.proposal,
        kind: body.kind,
      };
      if (body.sectors !== undefined) request.sectors = [...body.sectors];
      if (body.invited !== undefined) request.invited = [...body.invited];
      if (body.opens_at !== undefined) request.opens_at = body.opens_at;
      if (body.closes_at !== undefined) request.closes_at = body.closes_at;
      if (body.agenda !== undefined) request.agenda = [...body.agenda];
      return request;
    }
    case 'change_phase':
      return { type: 'change_phase', id, round_id: body.round_id, phase: body.phase };
    case 'set_schedule':
      return {
        type: 'set_schedule',
        id,
        round_id: body.round_id,
        opens_at: body.opens_at,
        closes_at: body.closes_at,
      };
    case 'invite_organisation':
      return {
        type: 'invite_organisation',
        id,
        round_id: body.round_id,
        organisation_id: body.organisation_id,
      };
    case 'withdraw_invitation':
      return {
        type: 'withdraw_invitation',
        id,
        round_id: body.round_id,
        organisation_id: body.organisation_id,
      };
    case 'propose_agenda_item':
      return body.motivation === undefined
        ? { type: 'propose_agenda_item', id, round_id: body.round_id, title: body.title }
        : {
            type: 'propose_agenda_item',
            id,
            round_id: body.round_id,
            title: body.title,
            motivation: body.motivation,
          };
    case 'decide_agenda_item':
      return body.reason === undefined
        ? {
            type: 'decide_agenda_item',
            id,
            round_id: body.round_id,
            thread_id: body.thread_id,
            accept: body.accept,
          }
        : {
            type: 'decide_agenda_item',
            id,
            round_id: body.round_id,
            thread_id: body.thread_id,
            accept: body.accept,
            reason: body.reason,
          };
    // `before` and `post_id` are required on the wire: null is sent, never left out.
    case 'move_thread':
      return {
        type: 'move_thread',
        id,
        round_id: body.round_id,
        thread_id: body.thread_id,
        before: body.before,
      };
    case 'lock_thread':
      return {
        type: 'lock_thread',
        id,
        round_id: body.round_id,
        thread_id: body.thread_id,
        locked: body.locked,
      };
    case 'pin_post':
      return {
        type: 'pin_post',
        id,
        round_id: body.round_id,
        thread_id: body.thread_id,
        post_id: body.post_id,
      };
    case 'revise_proposal':
      return { type: 'revise_proposal', id, round_id: body.round_id, proposal: body.proposal };
    case 'edit_post':
      return {
        type: 'edit_post',
        id,
        round_id: body.round_id,
        post_id: body.post_id,
        body: body.body,
      };
    case 'hide_post':
    case 'report_post':
      return {
        type: body.type,
        id,
        round_id: body.round_id,
        post_id: body.post_id,
        reason: body.reason,
      };
    case 'unhide_post':
    case 'post_history':
      return { type: body.type, id, round_id: body.round_id, post_id: body.post_id };
    case 'dismiss_report':
      return body.note === undefined
        ? { type: 'dismiss_report', id, round_id: body.round_id, report_id: body.report_id }
        : {
            type: 'dismiss_report',
            id,
            round_id: body.round_id,
            report_id: body.report_id,
            note: body.note,
          };
    case 'list_participation':
      return { type: 'list_participation', id, round_id: body.round_id };
    case 'list_presence':
      return { type: 'list_presence', id, round_id: body.round_id };
    case 'send_reminder':
      return body.message === undefined
        ? {
            type: 'send_reminder',
            id,
            round_id: body.round_id,
            organisation_id: body.organisation_id,
          }
        : {
            type: 'send_reminder',
            id,
            round_id: body.round_id,
            organisation_id: body.organisation_id,
            message: body.message,
          };
    case 'state_position': {
      const request: Request = {
        type: 'state_position',
        id,
        round_id: body.round_id,
        revises: body.revises,
        stance: body.stance,
        motivation: body.motivation,
      };
      if (body.points !== undefined) {
        request.points = body.points.map((point) =>
          point.motivation === undefined
            ? { thread_id: point.thread_id, stance: point.stance }
            : { thread_id: point.thread_id, stance: point.stance, motivation: point.motivation },
        );
      }
      return request;
    }
    case 'write_outcome':
      return {
        type: 'write_outcome',
        id,
        round_id: body.round_id,
        revises: body.revises,
        summary: body.summary,
        agreed: [...body.agreed],
        responses: body.responses.map((response) => ({
          point: response.point,
          post_ids: [...response.post_ids],
          organisation_ids: [...response.organisation_ids],
          response: response.response,
          reason: response.reason,
        })),
        ...(body.correction === undefined ? {} : { correction: body.correction }),
      };
    case 'attach_dissent':
      return { type: 'attach_dissent', id, round_id: body.round_id, text: body.text };
    case 'write_minutes':
      return {
        type: 'write_minutes',
        id,
        round_id: body.round_id,
        thread_id: body.thread_id,
        revises: body.revises,
        state_input: body.state_input,
        municipal_input: body.municipal_input,
        state_comment: body.state_comment,
        post_ids: [...body.post_ids],
      };
    case 'write_joint_document':
      return {
        type: 'write_joint_document',
        id,
        round_id: body.round_id,
        revises: body.revises,
        text: body.text,
      };
    case 'approve_joint_document':
      return { type: 'approve_joint_document', id, round_id: body.round_id, version: body.version };
  }
}

// The requests that only read: every other request changes something and may carry a key.
const READ_REQUESTS: ReadonlySet<RequestBody['type']> = new Set([
  'list_rounds',
  'list_organisations',
  'subscribe',
  'unsubscribe',
  'post_history',
  'list_participation',
  'list_presence',
]);

export function changesSomething(type: RequestBody['type']): boolean {
  return !READ_REQUESTS.has(type);
}

// With a key (protocol/README.md, "Safe retries"), the server carries the request out at most
// once however often it is sent.
export function encodeRequest(id: number, body: RequestBody, key?: string): string {
  const request = buildRequest(id, body);
  return JSON.stringify(key === undefined ? request : { ...request, key });
}
