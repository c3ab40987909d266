// The HTTP API's account bodies (protocol/README.md "HTTP API": people and organisations,
// sessions, invitation links, the audit log): their types and a validating decoder for each
// answer, in the same tolerant-reader style as decode.ts (unknown fields are dropped). The unit
// tests hold it to protocol/examples/http and protocol/schemas/http.

import { DecodeError, decodeOrganisation, decodePerson } from './decode';
import { ORGANISATION_KINDS, ROLES, SIDES, type Organisation, type Person } from './messages';
import type { OrganisationKind, Role, Side } from './messages';

export interface AdminOrganisation {
  id: number;
  name: string;
  kind: OrganisationKind;
  side: Side;
  active: boolean;
  people: number;
}

export interface AdminPerson {
  id: number;
  name: string;
  email: string;
  role: Role;
  organisation: Organisation;
  active: boolean;
  organisation_active: boolean;
  has_password: boolean;
  invitation_expires_at: string | null;
  sessions: number;
}

export interface InvitationLink {
  token: string;
  expires_at: string;
}

// What an admin's change did (any of the fields may be absent).
export interface AccountResult {
  organisation_id?: number;
  person_id?: number;
  sessions_ended?: number;
  invitation?: InvitationLink;
}

export interface OwnSession {
  id: number;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  absolute_expires_at: string;
  user_agent: string;
  address: string;
  current: boolean;
}

export type AuditSource = 'web' | 'cli' | 'server';
export const AUDIT_SOURCES: readonly AuditSource[] = ['web', 'cli', 'server'];

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actor: Person | null;
  source: AuditSource;
  address: string;
  round_id: number | null;
  target: { kind: string; id: number | null } | null;
  details: Record<string, string>;
}

export interface AuditPage {
  entries: AuditEntry[];
  next_before: number | null;
}

export interface InvitationOwner {
  person: Person;
  email: string;
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError(path, 'expected an object');
  }
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new DecodeError(path, 'expected an array');
  return value;
}

function has(obj: Json, name: string, path: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(obj, name)) {
    throw new DecodeError(`${path}.${name}`, 'missing');
  }
  return obj[name];
}

function integer(obj: Json, name: string, path: string, min: number): number {
  const value = has(obj, name, path);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new DecodeError(`${path}.${name}`, `expected an integer >= ${min}`);
  }
  return value;
}

function idOrNull(obj: Json, name: string, path: string): number | null {
  return has(obj, name, path) === null ? null : integer(obj, name, path, 1);
}

function text(obj: Json, name: string, path: string): string {
  const value = has(obj, name, path);
  if (typeof value !== 'string') throw new DecodeError(`${path}.${name}`, 'expected a string');
  return value;
}

function flag(obj: Json, name: string, path: string): boolean {
  const value = has(obj, name, path);
  if (typeof value !== 'boolean') throw new DecodeError(`${path}.${name}`, 'expected a boolean');
  return value;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function timestamp(obj: Json, name: string, path: string): string {
  const value = text(obj, name, path);
  if (!TIMESTAMP.test(value)) throw new DecodeError(`${path}.${name}`, 'expected a timestamp');
  return value;
}

function timestampOrNull(obj: Json, name: string, path: string): string | null {
  return has(obj, name, path) === null ? null : timestamp(obj, name, path);
}

function oneOf<T extends string>(obj: Json, name: string, path: string, names: readonly T[]): T {
  const value = text(obj, name, path);
  if (!(names as readonly string[]).includes(value)) {
    throw new DecodeError(`${path}.${name}`, `expected one of ${names.join(', ')}`);
  }
  return value as T;
}

export function decodeAdminOrganisations(value: unknown): AdminOrganisation[] {
  const list = array(has(object(value, '$'), 'organisations', '$'), '$.organisations');
  return list.map((item, i) => {
    const path = `$.organisations[${i}]`;
    const o = object(item, path);
    return {
      id: integer(o, 'id', path, 1),
      name: text(o, 'name', path),
      kind: oneOf(o, 'kind', path, ORGANISATION_KINDS),
      side: oneOf(o, 'side', path, SIDES),
      active: flag(o, 'active', path),
      people: integer(o, 'people', path, 0),
    };
  });
}

export function decodeAdminPeople(value: unknown): AdminPerson[] {
  const list = array(has(object(value, '$'), 'people', '$'), '$.people');
  return list.map((item, i) => {
    const path = `$.people[${i}]`;
    const p = object(item, path);
    return {
      id: integer(p, 'id', path, 1),
      name: text(p, 'name', path),
      email: text(p, 'email', path),
      role: oneOf(p, 'role', path, ROLES),
      organisation: decodeOrganisation(has(p, 'organisation', path), `${path}.organisation`),
      active: flag(p, 'active', path),
      organisation_active: flag(p, 'organisation_active', path),
      has_password: flag(p, 'has_password', path),
      invitation_expires_at: timestampOrNull(p, 'invitation_expires_at', path),
      sessions: integer(p, 'sessions', path, 0),
    };
  });
}

export function decodeAccountResult(value: unknown): AccountResult {
  const o = object(value, '$');
  const result: AccountResult = {};
  if ('organisation_id' in o) result.organisation_id = integer(o, 'organisation_id', '$', 1);
  if ('person_id' in o) result.person_id = integer(o, 'person_id', '$', 1);
  if ('sessions_ended' in o) result.sessions_ended = integer(o, 'sessions_ended', '$', 0);
  if ('invitation' in o) {
    const link = object(o['invitation'], '$.invitation');
    const token = text(link, 'token', '$.invitation');
    if (!/^[0-9a-f]{32}$/.test(token)) {
      throw new DecodeError('$.invitation.token', 'expected 32 lowercase hex digits');
    }
    result.invitation = { token, expires_at: timestamp(link, 'expires_at', '$.invitation') };
  }
  if (Object.keys(result).length === 0) throw new DecodeError('$', 'expected what was changed');
  return result;
}

export function decodeSessions(value: unknown): OwnSession[] {
  const list = array(has(object(value, '$'), 'sessions', '$'), '$.sessions');
  return list.map((item, i) => {
    const path = `$.sessions[${i}]`;
    const s = object(item, path);
    return {
      id: integer(s, 'id', path, 1),
      created_at: timestamp(s, 'created_at', path),
      last_used_at: timestamp(s, 'last_used_at', path),
      expires_at: timestamp(s, 'expires_at', path),
      absolute_expires_at: timestamp(s, 'absolute_expires_at', path),
      user_agent: text(s, 'user_agent', path),
      address: text(s, 'address', path),
      current: flag(s, 'current', path),
    };
  });
}

export function decodeAuditPage(value: unknown): AuditPage {
  const o = object(value, '$');
  const entries = array(has(o, 'entries', '$'), '$.entries').map((item, i): AuditEntry => {
    const path = `$.entries[${i}]`;
    const e = object(item, path);
    const actor = has(e, 'actor', path);
    const target = has(e, 'target', path);
    let decodedTarget: AuditEntry['target'] = null;
    if (target !== null) {
      const t = object(target, `${path}.target`);
      decodedTarget = {
        kind: text(t, 'kind', `${path}.target`),
        id: idOrNull(t, 'id', `${path}.target`),
      };
    }
    const details: Record<string, string> = {};
    for (const [key, detail] of Object.entries(
      object(has(e, 'details', path), `${path}.details`),
    )) {
      if (typeof detail !== 'string') {
        throw new DecodeError(`${path}.details.${key}`, 'expected a string');
      }
      details[key] = detail;
    }
    return {
      id: integer(e, 'id', path, 1),
      at: timestamp(e, 'at', path),
      action: text(e, 'action', path),
      actor: actor === null ? null : decodePerson(actor, `${path}.actor`),
      source: oneOf(e, 'source', path, AUDIT_SOURCES),
      address: text(e, 'address', path),
      round_id: idOrNull(e, 'round_id', path),
      target: decodedTarget,
      details,
    };
  });
  return { entries, next_before: idOrNull(o, 'next_before', '$') };
}

export function decodeInvitationOwner(value: unknown): InvitationOwner {
  const o = object(value, '$');
  return { person: decodePerson(has(o, 'person', '$'), '$.person'), email: text(o, 'email', '$') };
}
