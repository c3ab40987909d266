// Decoder for server -> client messages of protocol v1. Server frames are untrusted input: each
// is checked field by field and turned into the types of messages.ts, or rejected with a
// DecodeError that names the offending field. Hand-written on purpose: a schema validator such
// as Ajv compiles schemas with `new Function`, which a strict Content-Security-Policy (no
// 'unsafe-eval') forbids. The unit tests hold this decoder to protocol/examples and schemas.
//
// Tolerant reader: fields the spec does not list are ignored (and dropped), so the server may
// add fields without breaking older clients. An event of an unknown kind is kept as
// `kind: 'unknown'` because its seq must still be counted; any other unknown message type is
// an error. `stream` is optional on the wire (absent means main) and always set once decoded;
// an explicit "main" is accepted, any other value outside the spec's list is an error.
// Optional fields stay absent when the wire leaves them out (round_created's `kind` and
// `sectors` in rounds created before they existed, post_created's `proposal_version` in posts
// written before proposals had versions); the state layer applies the defaults.

import {
  ACCEPTANCES,
  APPROVING_SIDES,
  MAIN_STREAM,
  MODERATION_STREAM,
  ORGANISATION_KINDS,
  PHASES,
  PREPARATION_STREAMS,
  REPORT_OUTCOMES,
  STANCES,
  ROLES,
  ROUND_KINDS,
  SECTORS,
  SIDES,
  STREAMS,
  type ErrorMessage,
  type ListParticipationResult,
  type ListPresenceResult,
  type ListRoundsResult,
  type Organisation,
  type OrganisationParticipation,
  type Person,
  type PostCreatedData,
  type RequestType,
  type ResultFor,
  type ResultMessage,
  type RoundChangeResult,
  type RoundCreatedData,
  type RoundEvent,
  type RoundSummary,
  type Sector,
  type ServerMessage,
  type Stream,
  type SubscriptionEndedMessage,
  type WelcomeMessage,
} from './messages';

export class DecodeError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'DecodeError';
  }
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError(path, 'expected an object');
  }
  return value as Json;
}

function field(obj: Json, name: string, path: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(obj, name)) {
    throw new DecodeError(`${path}.${name}`, 'missing');
  }
  return obj[name];
}

function integer(obj: Json, name: string, path: string, min: number): number {
  const value = field(obj, name, path);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new DecodeError(`${path}.${name}`, `expected an integer >= ${min}`);
  }
  return value;
}

function optionalId(obj: Json, name: string, path: string): number | null {
  const value = field(obj, name, path);
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new DecodeError(`${path}.${name}`, 'expected an integer >= 1 or null');
  }
  return value;
}

function string(obj: Json, name: string, path: string): string {
  const value = field(obj, name, path);
  if (typeof value !== 'string') throw new DecodeError(`${path}.${name}`, 'expected a string');
  return value;
}

// An array of ids (each an integer >= 1).
function ids(obj: Json, name: string, path: string): number[] {
  return array(obj, name, path).map((id, i) => {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      throw new DecodeError(`${path}.${name}[${i}]`, 'expected an integer >= 1');
    }
    return id;
  });
}

function oneOf<T extends string>(obj: Json, name: string, path: string, allowed: readonly T[]): T {
  const value = field(obj, name, path);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DecodeError(`${path}.${name}`, `expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

// The optional `stream` of events and results: absent is the main stream.
function stream(obj: Json, path: string): Stream {
  if (!Object.prototype.hasOwnProperty.call(obj, 'stream')) return MAIN_STREAM;
  return oneOf(obj, 'stream', path, STREAMS);
}

function timestamp(obj: Json, name: string, path: string): string {
  const value = string(obj, name, path);
  // RFC 3339 date-time in UTC as the server writes it, e.g. 2026-11-23T10:15:00.123Z.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new DecodeError(`${path}.${name}`, 'expected an RFC 3339 date-time');
  }
  if (Number.isNaN(Date.parse(value))) {
    throw new DecodeError(`${path}.${name}`, 'not a valid date-time');
  }
  return value;
}

// A required field that is a timestamp or null (none).
function timestampOrNull(obj: Json, name: string, path: string): string | null {
  if (field(obj, name, path) === null) return null;
  return timestamp(obj, name, path);
}

// A required field that is a string or null (none).
function stringOrNull(obj: Json, name: string, path: string): string | null {
  if (field(obj, name, path) === null) return null;
  return string(obj, name, path);
}

// `withheld` is only ever sent as true (the text of a hidden post, read back); absent is false.
function withheld(data: Json, path: string): boolean {
  return has(data, 'withheld') && boolean(data, 'withheld', path);
}

function boolean(obj: Json, name: string, path: string): boolean {
  const value = field(obj, name, path);
  if (typeof value !== 'boolean')
    throw new DecodeError(`${path}.${name}`, 'expected true or false');
  return value;
}

function array(obj: Json, name: string, path: string): unknown[] {
  const value = field(obj, name, path);
  if (!Array.isArray(value)) throw new DecodeError(`${path}.${name}`, 'expected an array');
  return value;
}

// An array whose every element is one of the allowed names.
function namesOf<T extends string>(
  obj: Json,
  name: string,
  path: string,
  allowed: readonly T[],
): T[] {
  return array(obj, name, path).map((value, i) => {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw new DecodeError(`${path}.${name}[${i}]`, `expected one of ${allowed.join(', ')}`);
    }
    return value as T;
  });
}

function sectors(obj: Json, name: string, path: string): Sector[] {
  return namesOf(obj, name, path, SECTORS);
}

function has(obj: Json, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, name);
}

export function decodeOrganisation(value: unknown, path: string): Organisation {
  const o = object(value, path);
  return {
    id: integer(o, 'id', path, 1),
    name: string(o, 'name', path),
    kind: oneOf(o, 'kind', path, ORGANISATION_KINDS),
    side: oneOf(o, 'side', path, SIDES),
  };
}

export function decodePerson(value: unknown, path: string): Person {
  const o = object(value, path);
  return {
    id: integer(o, 'id', path, 1),
    name: string(o, 'name', path),
    role: oneOf(o, 'role', path, ROLES),
    organisation: decodeOrganisation(field(o, 'organisation', path), `${path}.organisation`),
  };
}

function decodeWelcome(o: Json): WelcomeMessage {
  const limits = object(field(o, 'limits', 'welcome'), 'welcome.limits');
  return {
    type: 'welcome',
    protocol: integer(o, 'protocol', 'welcome', 1),
    person: decodePerson(field(o, 'person', 'welcome'), 'welcome.person'),
    limits: { max_message_bytes: integer(limits, 'max_message_bytes', 'welcome.limits', 1) },
  };
}

function decodeResult(o: Json): ResultMessage {
  return {
    type: 'result',
    id: integer(o, 'id', 'result', 1),
    result: object(field(o, 'result', 'result'), 'result.result'),
  };
}

function decodeError(o: Json): ErrorMessage {
  const id = field(o, 'id', 'error');
  if (id !== null && (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)) {
    throw new DecodeError('error.id', 'expected an integer >= 1 or null');
  }
  const error = object(field(o, 'error', 'error'), 'error.error');
  const code = string(error, 'code', 'error.error');
  if (!/^[a-z_]+$/.test(code)) throw new DecodeError('error.error.code', 'malformed code');
  const message = string(error, 'message', 'error.error');
  if (!Object.prototype.hasOwnProperty.call(error, 'retry_after_ms'))
    return { type: 'error', id: id as number | null, error: { code, message } };
  const retryAfterMs = integer(error, 'retry_after_ms', 'error.error', 1);
  return { type: 'error', id: id as number | null, error: { code, message, retryAfterMs } };
}

function decodeEvent(o: Json): RoundEvent {
  const path = 'event';
  const base = {
    type: 'event' as const,
    round_id: integer(o, 'round_id', path, 1),
    stream: stream(o, path),
    seq: integer(o, 'seq', path, 1),
    at: timestamp(o, 'at', path),
    actor: decodePerson(field(o, 'actor', path), `${path}.actor`),
  };
  const kind = string(o, 'kind', path);
  const data = object(field(o, 'data', path), `${path}.data`);
  const dp = `${path}.data`;
  switch (kind) {
    case 'round_created': {
      const created: RoundCreatedData = {
        title: string(data, 'title', dp),
        proposal: string(data, 'proposal', dp),
        phase: oneOf(data, 'phase', dp, PHASES),
        invited: array(data, 'invited', dp).map((org, i) =>
          decodeOrganisation(org, `${dp}.invited[${i}]`),
        ),
      };
      if (has(data, 'kind')) created.kind = oneOf(data, 'kind', dp, ROUND_KINDS);
      if (has(data, 'sectors')) created.sectors = sectors(data, 'sectors', dp);
      return { ...base, kind, data: created };
    }
    case 'thread_created':
      return {
        ...base,
        kind,
        data: { thread_id: integer(data, 'thread_id', dp, 1), title: string(data, 'title', dp) },
      };
    case 'post_created': {
      const created: PostCreatedData = {
        post_id: integer(data, 'post_id', dp, 1),
        thread_id: integer(data, 'thread_id', dp, 1),
        reply_to: optionalId(data, 'reply_to', dp),
        body: string(data, 'body', dp),
      };
      // Absent in posts written before proposals had versions; round_data reads that as 1.
      if (has(data, 'proposal_version')) {
        created.proposal_version = integer(data, 'proposal_version', dp, 1);
      }
      if (withheld(data, dp)) created.withheld = true;
      return { ...base, kind, data: created };
    }
    case 'post_edited':
    case 'post_unhidden':
      return {
        ...base,
        kind,
        data: {
          post_id: integer(data, 'post_id', dp, 1),
          thread_id: integer(data, 'thread_id', dp, 1),
          version: integer(data, 'version', dp, kind === 'post_edited' ? 2 : 1),
          body: string(data, 'body', dp),
          ...(withheld(data, dp) ? { withheld: true } : {}),
        },
      };
    case 'post_hidden':
      return {
        ...base,
        kind,
        data: {
          post_id: integer(data, 'post_id', dp, 1),
          thread_id: integer(data, 'thread_id', dp, 1),
          reason: string(data, 'reason', dp),
        },
      };
    case 'post_reported':
      return {
        ...base,
        kind,
        data: {
          report_id: integer(data, 'report_id', dp, 1),
          post_id: integer(data, 'post_id', dp, 1),
          thread_id: integer(data, 'thread_id', dp, 1),
          reason: string(data, 'reason', dp),
        },
      };
    case 'reports_resolved':
      return {
        ...base,
        kind,
        data: {
          report_ids: array(data, 'report_ids', dp).map((id, i) => {
            if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
              throw new DecodeError(`${dp}.report_ids[${i}]`, 'expected an integer >= 1');
            }
            return id;
          }),
          outcome: oneOf(data, 'outcome', dp, REPORT_OUTCOMES),
          note: string(data, 'note', dp),
        },
      };
    case 'agenda_item_proposed':
      return {
        ...base,
        kind,
        data: {
          thread_id: integer(data, 'thread_id', dp, 1),
          title: string(data, 'title', dp),
          motivation: string(data, 'motivation', dp),
        },
      };
    case 'agenda_item_decided':
      return {
        ...base,
        kind,
        data: {
          thread_id: integer(data, 'thread_id', dp, 1),
          accepted: boolean(data, 'accepted', dp),
          reason: string(data, 'reason', dp),
        },
      };
    case 'thread_moved':
      return {
        ...base,
        kind,
        data: {
          thread_id: integer(data, 'thread_id', dp, 1),
          before: optionalId(data, 'before', dp),
        },
      };
    case 'thread_locked':
      return {
        ...base,
        kind,
        data: {
          thread_id: integer(data, 'thread_id', dp, 1),
          locked: boolean(data, 'locked', dp),
        },
      };
    case 'post_pinned':
      return {
        ...base,
        kind,
        data: {
          thread_id: integer(data, 'thread_id', dp, 1),
          post_id: optionalId(data, 'post_id', dp),
        },
      };
    case 'proposal_revised':
      return {
        ...base,
        kind,
        data: {
          version: integer(data, 'version', dp, 2),
          proposal: string(data, 'proposal', dp),
        },
      };
    case 'reminder_sent':
      return {
        ...base,
        kind,
        data: {
          organisation: decodeOrganisation(field(data, 'organisation', dp), `${dp}.organisation`),
          message: string(data, 'message', dp),
          position_missing: boolean(data, 'position_missing', dp),
        },
      };
    case 'minutes_written':
      return {
        ...base,
        kind,
        data: {
          thread_id: integer(data, 'thread_id', dp, 1),
          version: integer(data, 'version', dp, 1),
          state_input: string(data, 'state_input', dp),
          municipal_input: string(data, 'municipal_input', dp),
          state_comment: string(data, 'state_comment', dp),
          post_ids: ids(data, 'post_ids', dp),
        },
      };
    case 'outcome_written':
      return {
        ...base,
        kind,
        data: {
          version: integer(data, 'version', dp, 1),
          summary: string(data, 'summary', dp),
          agreed: array(data, 'agreed', dp).map((item, i) => {
            if (typeof item !== 'string') {
              throw new DecodeError(`${dp}.agreed[${i}]`, 'expected a string');
            }
            return item;
          }),
          responses: array(data, 'responses', dp).map((item, i) => {
            const rp = `${dp}.responses[${i}]`;
            const response = object(item, rp);
            return {
              point: string(response, 'point', rp),
              post_ids: ids(response, 'post_ids', rp),
              organisation_ids: ids(response, 'organisation_ids', rp),
              response: oneOf(response, 'response', rp, ACCEPTANCES),
              reason: string(response, 'reason', rp),
            };
          }),
          correction: stringOrNull(data, 'correction', dp),
        },
      };
    case 'dissent_attached':
      return {
        ...base,
        kind,
        data: {
          organisation: decodeOrganisation(field(data, 'organisation', dp), `${dp}.organisation`),
          text: string(data, 'text', dp),
        },
      };
    case 'joint_document_written':
      return {
        ...base,
        kind,
        data: { version: integer(data, 'version', dp, 1), text: string(data, 'text', dp) },
      };
    case 'joint_document_approved':
      return {
        ...base,
        kind,
        data: {
          version: integer(data, 'version', dp, 1),
          side: oneOf(data, 'side', dp, APPROVING_SIDES),
        },
      };
    case 'position_stated':
      return {
        ...base,
        kind,
        data: {
          organisation: decodeOrganisation(field(data, 'organisation', dp), `${dp}.organisation`),
          version: integer(data, 'version', dp, 1),
          stance: oneOf(data, 'stance', dp, STANCES),
          motivation: string(data, 'motivation', dp),
          points: array(data, 'points', dp).map((item, i) => {
            const pp = `${dp}.points[${i}]`;
            const point = object(item, pp);
            return {
              thread_id: integer(point, 'thread_id', pp, 1),
              stance: oneOf(point, 'stance', pp, STANCES),
              motivation: string(point, 'motivation', pp),
            };
          }),
        },
      };
    case 'phase_changed':
      return {
        ...base,
        kind,
        data: {
          previous: oneOf(data, 'previous', dp, PHASES),
          phase: oneOf(data, 'phase', dp, PHASES),
          automatic: boolean(data, 'automatic', dp),
        },
      };
    case 'schedule_changed':
      return {
        ...base,
        kind,
        data: {
          opens_at: timestampOrNull(data, 'opens_at', dp),
          closes_at: timestampOrNull(data, 'closes_at', dp),
        },
      };
    case 'organisation_invited':
    case 'invitation_withdrawn':
      return {
        ...base,
        kind,
        data: {
          organisation: decodeOrganisation(field(data, 'organisation', dp), `${dp}.organisation`),
        },
      };
    default:
      if (!/^[a-z_]+$/.test(kind)) throw new DecodeError(`${path}.kind`, 'malformed kind');
      return { ...base, kind: 'unknown', original_kind: kind };
  }
}

function decodeSubscriptionEnded(o: Json): SubscriptionEndedMessage {
  const path = 'subscription_ended';
  const reason = string(o, 'reason', path);
  if (!/^[a-z_]+$/.test(reason)) throw new DecodeError(`${path}.reason`, 'malformed reason');
  return {
    type: 'subscription_ended',
    round_id: integer(o, 'round_id', path, 1),
    stream: stream(o, path),
    reason,
  };
}

// Decodes one text frame from the server.
export function decodeServerMessage(text: string): ServerMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DecodeError('message', 'not valid JSON');
  }
  return decodeServerValue(parsed);
}

// Decodes an already parsed server message (used by tests and by decodeServerMessage).
export function decodeServerValue(value: unknown): ServerMessage {
  const o = object(value, 'message');
  const type = field(o, 'type', 'message');
  switch (type) {
    case 'welcome':
      return decodeWelcome(o);
    case 'result':
      return decodeResult(o);
    case 'error':
      return decodeError(o);
    case 'event':
      return decodeEvent(o);
    case 'subscription_ended':
      return decodeSubscriptionEnded(o);
    default:
      throw new DecodeError('message.type', `unknown message type ${JSON.stringify(type)}`);
  }
}

function decodeRoundSummary(value: unknown, path: string): RoundSummary {
  const o = object(value, path);
  return {
    id: integer(o, 'id', path, 1),
    title: string(o, 'title', path),
    phase: oneOf(o, 'phase', path, PHASES),
    head_seq: integer(o, 'head_seq', path, 0),
    created_at: timestamp(o, 'created_at', path),
    kind: oneOf(o, 'kind', path, ROUND_KINDS),
    sectors: sectors(o, 'sectors', path),
    opens_at: timestampOrNull(o, 'opens_at', path),
    closes_at: timestampOrNull(o, 'closes_at', path),
    preparation_streams: namesOf(o, 'preparation_streams', path, PREPARATION_STREAMS),
  };
}

// A count, or a time that may be null, inside one kind of taking part.
function decodeParticipation(value: unknown, path: string): OrganisationParticipation {
  const o = object(value, path);
  const posts = object(field(o, 'posts', path), `${path}.posts`);
  const reminders = object(field(o, 'reminders', path), `${path}.reminders`);
  const position = object(field(o, 'position', path), `${path}.position`);
  const stance = field(position, 'stance', `${path}.position`);
  return {
    organisation: decodeOrganisation(field(o, 'organisation', path), `${path}.organisation`),
    posts: {
      main: integer(posts, 'main', `${path}.posts`, 0),
      preparation: integer(posts, 'preparation', `${path}.posts`, 0),
      latest_at: timestampOrNull(posts, 'latest_at', `${path}.posts`),
    },
    reminders: {
      count: integer(reminders, 'count', `${path}.reminders`, 0),
      latest_at: timestampOrNull(reminders, 'latest_at', `${path}.reminders`),
    },
    position: {
      version: integer(position, 'version', `${path}.position`, 0),
      stance: stance === null ? null : oneOf(position, 'stance', `${path}.position`, STANCES),
      latest_at: timestampOrNull(position, 'latest_at', `${path}.position`),
    },
  };
}

function decodeRoundChange(result: Json, path: string): RoundChangeResult {
  return {
    round_id: integer(result, 'round_id', path, 1),
    seq: integer(result, 'seq', path, 1),
  };
}

// Decodes the payload of a result message for the request type it answers.
export function decodeResultFor<T extends RequestType>(
  type: T,
  result: Record<string, unknown>,
): ResultFor[T] {
  const path = `result(${type})`;
  let decoded: ResultFor[RequestType];
  switch (type) {
    case 'list_rounds': {
      const rounds: ListRoundsResult = {
        rounds: array(result, 'rounds', path).map((r, i) =>
          decodeRoundSummary(r, `${path}.rounds[${i}]`),
        ),
      };
      decoded = rounds;
      break;
    }
    case 'subscribe':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        stream: stream(result, path),
        head_seq: integer(result, 'head_seq', path, 0),
        epoch: string(result, 'epoch', path),
      };
      break;
    case 'unsubscribe':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        stream: stream(result, path),
      };
      break;
    case 'create_thread':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        stream: stream(result, path),
        seq: integer(result, 'seq', path, 1),
        thread_id: integer(result, 'thread_id', path, 1),
      };
      break;
    case 'create_post':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        stream: stream(result, path),
        seq: integer(result, 'seq', path, 1),
        post_id: integer(result, 'post_id', path, 1),
      };
      break;
    case 'propose_agenda_item':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        seq: integer(result, 'seq', path, 1),
        thread_id: integer(result, 'thread_id', path, 1),
      };
      break;
    case 'list_participation': {
      const participation: ListParticipationResult = {
        round_id: integer(result, 'round_id', path, 1),
        organisations: array(result, 'organisations', path).map((entry, i) =>
          decodeParticipation(entry, `${path}.organisations[${i}]`),
        ),
      };
      decoded = participation;
      break;
    }
    case 'list_presence': {
      const presence: ListPresenceResult = {
        round_id: integer(result, 'round_id', path, 1),
        people: array(result, 'people', path).map((person, i) =>
          decodePerson(person, `${path}.people[${i}]`),
        ),
      };
      decoded = presence;
      break;
    }
    case 'list_organisations':
      decoded = {
        organisations: array(result, 'organisations', path).map((org, i) =>
          decodeOrganisation(org, `${path}.organisations[${i}]`),
        ),
      };
      break;
    case 'create_round':
    case 'change_phase':
    case 'set_schedule':
    case 'invite_organisation':
    case 'withdraw_invitation':
    case 'decide_agenda_item':
    case 'move_thread':
    case 'lock_thread':
    case 'pin_post':
    case 'revise_proposal':
    case 'hide_post':
    case 'unhide_post':
    case 'send_reminder':
      decoded = decodeRoundChange(result, path);
      break;
    case 'attach_dissent':
      decoded = decodeRoundChange(result, path);
      break;
    case 'state_position':
    case 'write_outcome':
    case 'write_joint_document':
    case 'approve_joint_document':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        seq: integer(result, 'seq', path, 1),
        version: integer(result, 'version', path, 1),
      };
      break;
    case 'write_minutes':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        seq: integer(result, 'seq', path, 1),
        thread_id: integer(result, 'thread_id', path, 1),
        version: integer(result, 'version', path, 1),
      };
      break;
    case 'edit_post':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        stream: stream(result, path),
        seq: integer(result, 'seq', path, 1),
      };
      break;
    case 'dismiss_report':
      // Always in the moderation stream, which the wire therefore always names.
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        stream: oneOf(result, 'stream', path, [MODERATION_STREAM]),
        seq: integer(result, 'seq', path, 1),
      };
      break;
    case 'report_post':
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        report_id: integer(result, 'report_id', path, 1),
      };
      break;
    case 'post_history': {
      const hidden = field(result, 'hidden', path);
      let hiddenInfo: { reason: string; at: string } | null = null;
      if (hidden !== null) {
        const h = object(hidden, `${path}.hidden`);
        hiddenInfo = {
          reason: string(h, 'reason', `${path}.hidden`),
          at: timestamp(h, 'at', `${path}.hidden`),
        };
      }
      decoded = {
        round_id: integer(result, 'round_id', path, 1),
        post_id: integer(result, 'post_id', path, 1),
        thread_id: integer(result, 'thread_id', path, 1),
        hidden: hiddenInfo,
        versions: array(result, 'versions', path).map((v, i) => {
          const vp = `${path}.versions[${i}]`;
          const version = object(v, vp);
          return {
            version: integer(version, 'version', vp, 1),
            body: string(version, 'body', vp),
            at: timestamp(version, 'at', vp),
          };
        }),
      };
      break;
    }
    default:
      throw new DecodeError(path, 'unknown request type');
  }
  return decoded as ResultFor[T];
}

// The HTTP API answers login and who-am-I with {"person": {...}}.
export function decodePersonEnvelope(value: unknown): Person {
  const o = object(value, 'body');
  return decodePerson(field(o, 'person', 'body'), 'body.person');
}
