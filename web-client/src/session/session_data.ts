// Who is logged in and what that person may do in the interface. The server authorises every
// request again; these rules only decide which controls to offer and how to explain a refusal.

import type { Person, Phase } from '../protocol/messages';

export interface SessionData {
  person: Person | null;
}

export function createSession(): SessionData {
  return { person: null };
}

// Why a person cannot write posts in a round, or null when they can.
export type PostRefusal = 'observer' | 'round_not_open';

export function postRefusal(person: Person, phase: Phase): PostRefusal | null {
  if (person.role === 'observer') return 'observer';
  if (phase !== 'open') return 'round_not_open';
  return null;
}

// The secretariat and administrators run rounds: create them, move them through their phases,
// set their schedule and invite organisations.
export function canRunRounds(person: Person): boolean {
  return person.role === 'secretariat' || person.role === 'admin';
}

// The phase the secretariat can move a round to next, if any (draft -> open -> closed -> decided).
export function nextPhase(phase: Phase): Exclude<Phase, 'draft'> | null {
  switch (phase) {
    case 'draft':
      return 'open';
    case 'open':
      return 'closed';
    case 'closed':
      return 'decided';
    case 'decided':
      return null;
  }
}

// The secretariat and administrators run the agenda while a round is a draft or open: add
// threads, decide proposed items, order, lock and pin threads, revise the proposal.
export function canManageAgenda(person: Person, phase: Phase): boolean {
  return canRunRounds(person) && (phase === 'draft' || phase === 'open');
}

// Representatives propose agenda items (the secretariat adds threads directly), in a draft too:
// the invited see a draft and are consulted on its agenda before it opens.
export function canProposeAgendaItem(person: Person, phase: Phase): boolean {
  return person.role === 'representative' && (phase === 'draft' || phase === 'open');
}

// Administrators manage people and organisations.
export function canManageAccounts(person: Person): boolean {
  return person.role === 'admin';
}

// The secretariat and administrators read the audit log.
export function canReadAuditLog(person: Person): boolean {
  return person.role === 'secretariat' || person.role === 'admin';
}
