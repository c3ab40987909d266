// The client's side of the account endpoints: the decoders against protocol/examples/http and
// protocol/schemas/http (every example decodes and validates; a field the schema requires is
// required by the decoder too), the request bodies the client sends against the request
// schemas, and the pure helpers of the account pages.

import { describe, expect, it } from 'vitest';
import {
  decodeAccountResult,
  decodeAdminOrganisations,
  decodeAdminPeople,
  decodeAuditPage,
  decodeInvitationOwner,
  decodeSessions,
} from '../../../web-client/src/protocol/accounts';
import { decodePersonEnvelope } from '../../../web-client/src/protocol/decode';
import { auditQuery } from '../../../web-client/src/api/accounts_api';
import {
  actionName,
  CATEGORY_ACTIONS,
  dayStart,
  detailLabel,
  detailValue,
  details,
  entryActionName,
  sourceText,
} from '../../../web-client/src/audit/audit_data';
import { describeDevice, orderSessions } from '../../../web-client/src/sessions/sessions_data';
import {
  filterPeople,
  invitationUrl,
  personStatus,
  sortPeople,
} from '../../../web-client/src/admin/people_data';
import { parseRoute, routeHref } from '../../../web-client/src/app/router';
import { createAjv, httpExamples, validator } from './protocol_fixtures';

const ajv = createAjv();
const manifest = JSON.parse(httpExamples.find((e) => e.name === 'manifest.json')!.text) as Record<
  string,
  string
>;

const DECODERS: Record<string, (value: unknown) => unknown> = {
  'http/response_admin_organisations.schema.json': decodeAdminOrganisations,
  'http/response_admin_people.schema.json': decodeAdminPeople,
  'http/response_account_result.schema.json': decodeAccountResult,
  'http/response_sessions.schema.json': decodeSessions,
  'http/response_audit.schema.json': decodeAuditPage,
  'http/response_invitation.schema.json': decodeInvitationOwner,
  'http/response_person.schema.json': decodePersonEnvelope,
};

function example(name: string): unknown {
  const found = httpExamples.find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name}`);
  return JSON.parse(found.text);
}

describe('account examples', () => {
  it('names a schema for every example, and every example validates against it', () => {
    const names = httpExamples.map((e) => e.name).filter((n) => n !== 'manifest.json');
    expect(Object.keys(manifest).sort()).toEqual(names.sort());
    for (const [name, schema] of Object.entries(manifest)) {
      const validate = validator(ajv, schema);
      expect(validate(example(name)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('decodes every answer example', () => {
    for (const [name, schema] of Object.entries(manifest)) {
      const decode = DECODERS[schema];
      if (!decode) continue;
      expect(() => decode(example(name)), name).not.toThrow();
    }
    const audit = decodeAuditPage(example('response_audit.json'));
    expect(audit.next_before).toBe(1204);
    expect(audit.entries[1]).toMatchObject({ action: 'login_failed', actor: null, target: null });
    expect(audit.entries[3]!.source).toBe('cli');
    const created = decodeAccountResult(example('response_create_person.json'));
    expect(created.invitation?.token).toBe('5f0c6a2e9b1d4c7a8e3f2b6d9a0c1e47');
  });

  it('requires what the schema requires: removing any field of an answer fails both or neither', () => {
    for (const [name, schema] of Object.entries(manifest)) {
      const decode = DECODERS[schema];
      if (!decode || schema.endsWith('account_result.schema.json')) continue;
      const validate = validator(ajv, schema);
      const paths = fieldPaths(example(name));
      for (const path of paths) {
        const changed = withoutPath(example(name), path);
        const schemaAccepts = validate(changed) === true;
        let decoderAccepts = true;
        try {
          decode(changed);
        } catch {
          decoderAccepts = false;
        }
        expect(decoderAccepts, `${name} without ${path.join('.')}`).toBe(schemaAccepts);
      }
    }
  });

  it('refuses a wrong invitation token in an answer', () => {
    expect(() =>
      decodeAccountResult({
        person_id: 1,
        invitation: { token: 'X', expires_at: '2026-11-30T10:15:00.000Z' },
      }),
    ).toThrow();
    expect(() => decodeAccountResult({})).toThrow();
  });

  it('sends request bodies the request schemas accept', () => {
    const bodies: Array<[string, unknown]> = [
      [
        'http/request_create_person.schema.json',
        { name: 'A', email: 'a@b.se', role: 'observer', organisation_id: 3 },
      ],
      ['http/request_create_organisation.schema.json', { name: 'Region Gotland', kind: 'region' }],
      ['http/request_change_role.schema.json', { role: 'admin' }],
      ['http/request_invitation.schema.json', { token: '5f0c6a2e9b1d4c7a8e3f2b6d9a0c1e47' }],
      [
        'http/request_invitation_accept.schema.json',
        { token: '5f0c6a2e9b1d4c7a8e3f2b6d9a0c1e47', password: 'tio tecken!' },
      ],
    ];
    for (const [schema, body] of bodies) {
      expect(validator(ajv, schema)(body), schema).toBe(true);
    }
  });
});

// Every path to a property inside a JSON value.
function fieldPaths(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, i) => fieldPaths(item, [...prefix, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => [
      [...prefix, key],
      ...fieldPaths(inner, [...prefix, key]),
    ]);
  }
  return [];
}

function withoutPath(value: unknown, path: Array<string | number>): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path[path.length - 1]!];
  return copy;
}

describe('the audit log as people read it', () => {
  const entry = decodeAuditPage(example('response_audit.json')).entries;

  it('names known actions and shows unknown ones as they are', () => {
    expect(actionName('person_deactivated', 'sv')).toBe('Avaktiverade en person');
    expect(actionName('person_deactivated', 'en')).toBe('Deactivated a person');
    expect(actionName('close_forum', 'sv')).toBe('close_forum');
    expect(actionName('__proto__', 'sv')).toBe('__proto__');
  });

  it('names the agenda commands in both languages', () => {
    const agenda = [
      'propose_agenda_item',
      'decide_agenda_item',
      'move_thread',
      'lock_thread',
      'pin_post',
      'revise_proposal',
    ];
    for (const action of agenda) {
      expect(actionName(action, 'sv'), action).not.toBe(action);
      expect(actionName(action, 'en'), action).not.toBe(action);
      expect(actionName(action, 'sv'), action).not.toBe(actionName(action, 'en'));
      expect(Object.values(CATEGORY_ACTIONS).flat(), action).toContain(action);
    }
    expect(actionName('move_thread', 'sv')).toBe('Flyttade en punkt på dagordningen');
    expect(actionName('revise_proposal', 'en')).toBe('Revised the proposal');
  });

  it('names the moderation commands and reads their details', () => {
    const moderation = ['edit_post', 'hide_post', 'unhide_post', 'report_post', 'dismiss_report'];
    for (const action of moderation) {
      expect(actionName(action, 'sv'), action).not.toBe(action);
      expect(actionName(action, 'en'), action).not.toBe(action);
      expect(actionName(action, 'sv'), action).not.toBe(actionName(action, 'en'));
      expect(Object.values(CATEGORY_ACTIONS).flat(), action).toContain(action);
    }
    expect(actionName('hide_post', 'sv')).toBe('Dolde ett inlägg');
    expect(
      entryActionName({ action: 'edit_post', details: { stream: 'state_preparation' } }, 'en'),
    ).toBe('Edited a post in the preparation');
    expect(detailValue('outcome', 'hidden', 'sv')).toBe('inlägget doldes');
    expect(detailValue('outcome', 'dismissed', 'en')).toBe('dismissed');
    // An edit's version is the post's; a report's moderation stream is not shown.
    expect(
      details(
        { action: 'edit_post', details: { thread_id: '3', version: '2', events: 'main 14' } },
        'sv',
      ),
    ).toEqual([
      { label: 'Tråd nr', value: '3' },
      { label: 'Inläggets version', value: '2' },
    ]);
    expect(
      details(
        {
          action: 'report_post',
          details: { report_id: '1', reason: 'Osakligt', stream: 'moderation' },
        },
        'en',
      ),
    ).toEqual([
      { label: 'Report no.', value: '1' },
      { label: 'Reason', value: 'Osakligt' },
    ]);
  });

  it('names a thread or post in a side’s preparation as such', () => {
    const thread = { action: 'create_thread', details: { title: 'Vår linje' } };
    expect(entryActionName(thread, 'sv')).toBe('Skapade en tråd');
    const preparation = { ...thread, details: { ...thread.details, stream: 'state_preparation' } };
    expect(entryActionName(preparation, 'sv')).toBe('Skapade en förberedelsetråd');
    expect(entryActionName(preparation, 'en')).toBe('Created a preparation thread');
    expect(
      entryActionName(
        { action: 'create_post', details: { stream: 'municipal_preparation' } },
        'en',
      ),
    ).toBe('Wrote a post in the preparation');
    expect(detailValue('stream', 'municipal_preparation', 'sv')).toBe(
      'Kommunsektorns förberedelser',
    );
  });

  it('reads the agenda commands’ details', () => {
    expect(detailValue('decision', 'declined', 'sv')).toBe('avslogs');
    expect(detailValue('decision', 'accepted', 'en')).toBe('accepted onto the agenda');
    expect(detailValue('locked', 'true', 'sv')).toBe('ja');
    expect(detailValue('locked', 'false', 'en')).toBe('no');
    expect(detailValue('before', '3', 'sv')).toBe('3');
    expect(detailValue('before', '', 'en')).toBe('none: last on the agenda');
    expect(detailValue('post_id', '', 'sv')).toBe('inget: fästningen togs bort');
    expect(detailValue('version', '2', 'sv')).toBe('2');
  });

  it('names a reminder with its organisation and whether it had a message', () => {
    expect(actionName('send_reminder', 'sv')).toBe('Påminde en organisation om att delta');
    expect(actionName('send_reminder', 'en')).toBe('Reminded an organisation to take part');
    expect(CATEGORY_ACTIONS.rounds).toContain('send_reminder');
    expect(detailLabel('message', 'sv')).toBe('Med meddelande');
    expect(detailValue('message', 'true', 'sv')).toBe('ja');
    expect(detailValue('message', 'false', 'en')).toBe('no');
  });

  it('gives every named action a category, and categories no action twice', () => {
    const all = Object.values(CATEGORY_ACTIONS).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const action of all) expect(actionName(action, 'sv')).not.toBe(action);
  });

  it('reads details: phases, roles, reasons, times and devices in the language', () => {
    expect(detailValue('phase', 'open', 'sv')).toBe('Öppen');
    expect(detailValue('previous_role', 'observer', 'en')).toBe('Observer');
    expect(detailValue('reason', 'idle', 'sv')).toBe('inte använd på länge');
    expect(detailValue('reason', 'something_new', 'sv')).toBe('something_new');
    expect(
      detailValue(
        'device',
        'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
        'sv',
      ),
    ).toBe('Firefox på Linux');
    expect(detailValue('opens_at', '', 'sv')).toBe('–');
    expect(details(entry[2]!, 'sv').map((d) => d.label)).toEqual(['Från fas', 'Fas']);
  });

  it('says where an entry came from', () => {
    expect(sourceText(entry[0]!, 'sv')).toBe('Webben, 192.0.2.10');
    expect(sourceText(entry[3]!, 'en')).toBe('The command line, root@samrad-1');
  });

  it('turns days into the query string the server reads', () => {
    const from = dayStart('2026-11-23');
    const to = dayStart('2026-11-23', true);
    expect(Date.parse(to!) - Date.parse(from!)).toBe(24 * 3600 * 1000);
    expect(dayStart('igår')).toBeUndefined();
    expect(auditQuery({ action: ['login', 'logout'], q: 'Malmö stad', round: 3, limit: 50 })).toBe(
      '?action=login%2Clogout&q=Malm%C3%B6+stad&round=3&limit=50',
    );
    expect(auditQuery({ action: [] })).toBe('');
  });
});

describe('sessions and people', () => {
  it('names browsers and systems briefly', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile/15E148 Safari/604.1',
        'sv',
      ),
    ).toBe('Safari på iOS');
    expect(
      describeDevice(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36 Edg/130.0',
        'en',
      ),
    ).toBe('Edge on Windows');
    expect(describeDevice('', 'sv')).toBe('Okänd webbläsare');
    expect(describeDevice('curl/8.0', 'sv')).toBe('curl/8.0');
  });

  it('puts this session first, then the most recently used', () => {
    const sessions = decodeSessions(example('response_sessions.json'));
    const reversed = [...sessions].reverse().map((s) => ({ ...s, current: s.id === 37 }));
    expect(orderSessions(reversed).map((s) => s.id)).toEqual([37, 41]);
  });

  it('finds people by any word of name, email or organisation, accents aside', () => {
    const people = decodeAdminPeople(example('response_admin_people.json'));
    expect(filterPeople(people, 'malmo').map((p) => p.name)).toEqual(['Anna Lind']);
    expect(filterPeople(people, 'BERG gotland').map((p) => p.name)).toEqual(['Johanna Berg']);
    expect(filterPeople(people, '  ')).toHaveLength(2);
    expect(sortPeople([...people].reverse(), 'sv').map((p) => p.name)).toEqual([
      'Anna Lind',
      'Johanna Berg',
    ]);
    expect(personStatus(people[0]!)).toEqual({ kind: 'active' });
    expect(personStatus(people[1]!)).toEqual({
      kind: 'invited',
      until: '2026-11-30T10:15:00.000Z',
    });
    expect(personStatus({ ...people[0]!, active: false })).toEqual({ kind: 'deactivated' });
    expect(invitationUrl('https://samrad.example.se', 'abc')).toBe(
      'https://samrad.example.se/#/invitation/abc',
    );
  });
});

describe('routes of the account pages', () => {
  it('parses each and writes it back', () => {
    for (const hash of [
      '#/sessions',
      '#/audit',
      '#/admin/people',
      '#/admin/organisations',
      '#/invitation/5f0c6a2e9b1d4c7a8e3f2b6d9a0c1e47',
    ]) {
      const route = parseRoute(hash);
      expect(route.name, hash).not.toBe('not_found');
      expect(routeHref(route)).toBe(hash);
    }
    expect(parseRoute('#/admin/people/')).toEqual({ name: 'people' });
    expect(parseRoute('#/invitation/')).toEqual({ name: 'invitation', token: '' });
    expect(parseRoute('#__proto__').name).toBe('not_found');
    expect(parseRoute('#/admin').name).toBe('not_found');
  });
});
