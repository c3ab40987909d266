// The account endpoints of the HTTP API: admins manage people and organisations, a person sees
// and ends their own sessions, an invitation link sets a password, the secretariat and admins
// read the audit log. Each call resolves with the decoded answer or throws a ProtocolError with
// the server's code (or 'network', 'bad_response').

import {
  decodeAccountResult,
  decodeAdminOrganisations,
  decodeAdminPeople,
  decodeAuditPage,
  decodeInvitationOwner,
  decodeSessions,
  type AccountResult,
  type AdminOrganisation,
  type AdminPerson,
  type AuditPage,
  type InvitationOwner,
  type OwnSession,
} from '../protocol/accounts';
import { decodePersonEnvelope } from '../protocol/decode';
import { ProtocolError } from '../protocol/errors';
import type { OrganisationKind, Person, Role } from '../protocol/messages';
import { errorFrom, send } from './http_api';

async function call<T>(
  method: 'GET' | 'POST',
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
  try {
    return decode(response.status === 204 ? null : await response.json());
  } catch {
    throw new ProtocolError('bad_response');
  }
}

const nothing = (): void => undefined;

export function listPeople(): Promise<AdminPerson[]> {
  return call('GET', '/api/admin/people', decodeAdminPeople);
}

export function listOrganisations(): Promise<AdminOrganisation[]> {
  return call('GET', '/api/admin/organisations', decodeAdminOrganisations);
}

export function createOrganisation(name: string, kind: OrganisationKind): Promise<AccountResult> {
  return call('POST', '/api/admin/organisations', decodeAccountResult, { name, kind });
}

export function setOrganisationActive(id: number, active: boolean): Promise<AccountResult> {
  const what = active ? 'activate' : 'deactivate';
  return call('POST', `/api/admin/organisations/${id}/${what}`, decodeAccountResult);
}

export interface NewPerson {
  name: string;
  email: string;
  role: Role;
  organisation_id: number;
}

export function createPerson(person: NewPerson): Promise<AccountResult> {
  return call('POST', '/api/admin/people', decodeAccountResult, person);
}

export function setPersonActive(id: number, active: boolean): Promise<AccountResult> {
  const what = active ? 'activate' : 'deactivate';
  return call('POST', `/api/admin/people/${id}/${what}`, decodeAccountResult);
}

export function changeRole(id: number, role: Role): Promise<AccountResult> {
  return call('POST', `/api/admin/people/${id}/role`, decodeAccountResult, { role });
}

export function issueInvitation(id: number): Promise<AccountResult> {
  return call('POST', `/api/admin/people/${id}/invitation`, decodeAccountResult);
}

export function listSessions(): Promise<OwnSession[]> {
  return call('GET', '/api/sessions', decodeSessions);
}

export function endSession(id: number): Promise<void> {
  return call('POST', `/api/sessions/${id}/end`, nothing);
}

// The audit log's filters as the query string takes them; absent ones are left out.
export interface AuditFilter {
  action?: string[];
  q?: string;
  round?: number;
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
}

export function auditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  if (filter.action && filter.action.length > 0) params.set('action', filter.action.join(','));
  if (filter.q) params.set('q', filter.q);
  if (filter.round !== undefined) params.set('round', String(filter.round));
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.before !== undefined) params.set('before', String(filter.before));
  if (filter.limit !== undefined) params.set('limit', String(filter.limit));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function readAudit(filter: AuditFilter): Promise<AuditPage> {
  return call('GET', `/api/audit${auditQuery(filter)}`, decodeAuditPage);
}

export function checkInvitation(token: string): Promise<InvitationOwner> {
  return call('POST', '/api/invitation', decodeInvitationOwner, { token });
}

// Sets the password with the link; the server logs the person in (sets the session cookie).
export function acceptInvitation(token: string, password: string): Promise<Person> {
  return call('POST', '/api/invitation/accept', decodePersonEnvelope, { token, password });
}
