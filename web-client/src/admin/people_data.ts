// People and organisations as an admin works with them: sorted in the interface language's
// alphabetical order, filtered by what the admin types, and each person's status in words.

import type { Lang } from '../i18n/lang';
import type { AdminOrganisation, AdminPerson } from '../protocol/accounts';

function collator(lang: Lang): Intl.Collator {
  return new Intl.Collator(lang === 'sv' ? 'sv' : 'en');
}

export function sortPeople(people: AdminPerson[], lang: Lang): AdminPerson[] {
  const c = collator(lang);
  return [...people].sort((a, b) => c.compare(a.name, b.name) || a.id - b.id);
}

export function sortOrganisations(list: AdminOrganisation[], lang: Lang): AdminOrganisation[] {
  const c = collator(lang);
  return [...list].sort((a, b) => c.compare(a.name, b.name) || a.id - b.id);
}

// The people whose name, email address or organisation holds every word typed, case and
// accents aside ("malmo" finds "Malmö stad").
export function filterPeople(people: AdminPerson[], query: string): AdminPerson[] {
  const fold = (text: string): string =>
    text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('sv');
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return people;
  return people.filter((person) => {
    const haystack = fold(`${person.name} ${person.email} ${person.organisation.name}`);
    return words.every((word) => haystack.includes(word));
  });
}

export type PersonStatus =
  | { kind: 'active' }
  | { kind: 'deactivated' }
  | { kind: 'organisation_deactivated' }
  | { kind: 'invited'; until: string }
  | { kind: 'no_password' };

export function personStatus(person: AdminPerson): PersonStatus {
  if (!person.active) return { kind: 'deactivated' };
  if (!person.organisation_active) return { kind: 'organisation_deactivated' };
  if (person.has_password) return { kind: 'active' };
  if (person.invitation_expires_at) return { kind: 'invited', until: person.invitation_expires_at };
  return { kind: 'no_password' };
}

// An invitation link as the admin hands it on: the page's own address with the token in the
// fragment (which the browser never sends to a server).
export function invitationUrl(origin: string, token: string): string {
  return `${origin}/#/invitation/${token}`;
}
