// "Personer": the admin's page for people. A form adds a person and shows the one-time
// invitation link to send them; the list (searchable) shows each person's organisation, role
// and status, and offers changing the role, a new link, and deactivating (after a confirmation)
// or activating. The server decides every change; the page reloads the list after each and says
// what happened in a status box that takes focus, since the clicked control may be gone.

import * as accounts from '../api/accounts_api';
import { at } from '../i18n/account_strings';
import type { Lang } from '../i18n/lang';
import { formatDateTime, roleName, t } from '../i18n/strings';
import type { AccountResult, AdminOrganisation, AdminPerson } from '../protocol/accounts';
import { errorMessage, messageForError, ProtocolError } from '../protocol/errors';
import { ROLES, type Person, type Role } from '../protocol/messages';
import { h, uniqueId } from '../ui/dom';
import { linkBox, named, statusBox, type Status } from './account_parts';
import {
  filterPeople,
  invitationUrl,
  personStatus,
  sortOrganisations,
  sortPeople,
} from './people_data';

export interface PeoplePageProps {
  lang: Lang;
  me: Person;
  api: Pick<
    typeof accounts,
    | 'listPeople'
    | 'listOrganisations'
    | 'createPerson'
    | 'setPersonActive'
    | 'changeRole'
    | 'issueInvitation'
  >;
  announce: (message: string) => void;
}

// A link just made, shown until the next change.
interface ShownLink {
  name: string;
  email: string;
  token: string;
  expires_at: string;
}

export class PeoplePage {
  readonly heading: HTMLElement;
  private people: AdminPerson[] | null = null;
  private organisations: AdminOrganisation[] | null = null;
  private loadError: string | null = null;
  private status: Status | null = null;
  private link: ShownLink | null = null;
  private filter = '';
  private confirming: number | null = null;
  private readonly statusSlot = h('div', { class: 'status-slot' });
  private readonly formSlot = h('div');
  private readonly listSlot = h('div');
  private readonly base = uniqueId('people');

  constructor(
    main: HTMLElement,
    private readonly props: PeoplePageProps,
  ) {
    const { lang } = props;
    document.title = `${at(lang, 'people.title')} – ${t(lang, 'app.name')}`;
    this.heading = h('h1', { tabindex: '-1' }, at(lang, 'people.title'));
    main.replaceChildren(
      this.heading,
      h('p', { class: 'lead' }, at(lang, 'people.intro')),
      this.statusSlot,
      this.formSlot,
      this.listSlot,
    );
    this.render();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [people, organisations] = await Promise.all([
        this.props.api.listPeople(),
        this.props.api.listOrganisations(),
      ]);
      this.people = people;
      this.organisations = organisations;
      this.loadError = null;
    } catch (error) {
      this.loadError = error instanceof ProtocolError ? error.code : 'unknown_code';
    }
    this.render();
  }

  private render(): void {
    this.renderStatus();
    this.renderForm();
    this.renderList();
  }

  private renderStatus(): void {
    const { lang } = this.props;
    this.statusSlot.replaceChildren(statusBox(this.status, `${this.base}-status`));
    if (this.link) {
      this.statusSlot.append(
        linkBox(lang, {
          heading: at(lang, 'link.heading', { name: this.link.name }),
          url: invitationUrl(window.location.origin, this.link.token),
          explain: at(lang, 'link.explain', {
            email: this.link.email,
            time: formatDateTime(lang, this.link.expires_at),
          }),
          announce: this.props.announce,
        }),
      );
    }
  }

  // Shows what an action did and moves focus there.
  private say(status: Status, link: ShownLink | null = null): void {
    this.status = status;
    this.link = link;
    this.renderStatus();
    const box = this.statusSlot.querySelector<HTMLElement>(link ? '.link-box h2' : '[tabindex]');
    box?.focus();
  }

  private async act(
    control: HTMLButtonElement,
    action: () => Promise<AccountResult>,
    done: (result: AccountResult) => { status: Status; link?: ShownLink },
  ): Promise<void> {
    control.disabled = true;
    try {
      const result = await action();
      this.confirming = null;
      await this.load();
      const outcome = done(result);
      this.say(outcome.status, outcome.link ?? null);
    } catch (error) {
      control.disabled = false;
      this.say({ text: messageForError(error, this.props.lang), error: true });
    }
  }

  private renderForm(): void {
    const { lang } = this.props;
    const id = (name: string): string => `${this.base}-${name}`;
    const summary = h('div', { class: 'form-error', role: 'alert', tabindex: '-1' });
    const name = h('input', { id: id('name'), type: 'text', autocomplete: 'off' });
    const email = h('input', {
      id: id('email'),
      type: 'email',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    const organisation = h(
      'select',
      { id: id('organisation') },
      h('option', { value: '' }, '–'),
      ...sortOrganisations(this.organisations ?? [], lang)
        .filter((o) => o.active)
        .map((o) => h('option', { value: o.id }, o.name)),
    );
    const role = h(
      'select',
      { id: id('role') },
      ...ROLES.map((r) =>
        h('option', { value: r, selected: r === 'representative' }, roleName(lang, r)),
      ),
    );
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary' },
      at(lang, 'people.create'),
    );
    const form = h(
      'form',
      { class: 'account-form', novalidate: true, 'aria-labelledby': id('add') },
      h('h2', { id: id('add') }, at(lang, 'people.add')),
      summary,
      h('div', { class: 'field' }, h('label', { for: id('name') }, at(lang, 'people.name')), name),
      h(
        'div',
        { class: 'field' },
        h('label', { for: id('email') }, at(lang, 'people.email')),
        email,
      ),
      h(
        'div',
        { class: 'inline-fields' },
        h(
          'div',
          { class: 'field' },
          h('label', { for: id('organisation') }, at(lang, 'people.organisation')),
          organisation,
        ),
        h(
          'div',
          { class: 'field' },
          h('label', { for: id('role') }, at(lang, 'people.role')),
          role,
        ),
      ),
      h('div', { class: 'form-buttons' }, submit),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const problems: Array<[HTMLElement, string]> = [];
      if (name.value.trim() === '') problems.push([name, at(lang, 'people.error.name')]);
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.value.trim())) {
        problems.push([email, at(lang, 'people.error.email')]);
      }
      if (organisation.value === '') {
        problems.push([organisation, at(lang, 'people.error.organisation')]);
      }
      for (const control of [name, email, organisation]) control.removeAttribute('aria-invalid');
      for (const [control] of problems) control.setAttribute('aria-invalid', 'true');
      if (problems.length > 0) {
        summary.replaceChildren(
          h('p', {}, at(lang, 'people.error.summary')),
          h('ul', {}, ...problems.map(([, message]) => h('li', {}, message))),
        );
        problems[0]?.[0].focus();
        return;
      }
      summary.replaceChildren();
      const person = {
        name: name.value.trim(),
        email: email.value.trim(),
        role: role.value as Role,
        organisation_id: Number(organisation.value),
      };
      void this.act(
        submit,
        () => this.props.api.createPerson(person),
        (result) => ({
          status: { text: at(lang, 'people.created', { name: person.name }), error: false },
          ...(result.invitation
            ? { link: { name: person.name, email: person.email, ...result.invitation } }
            : {}),
        }),
      );
    });
    this.formSlot.replaceChildren(form);
  }

  private renderList(): void {
    const { lang } = this.props;
    const headingId = `${this.base}-list`;
    if (this.people === null) {
      this.listSlot.replaceChildren(
        h('h2', { id: headingId }, at(lang, 'people.list')),
        this.loadError
          ? h('div', { class: 'form-error' }, h('p', {}, errorMessage(this.loadError, lang)))
          : h('p', { class: 'loading' }, at(lang, 'people.loading')),
      );
      return;
    }
    const filterId = `${this.base}-filter`;
    const filter = h('input', {
      id: filterId,
      type: 'search',
      value: this.filter,
      'aria-describedby': `${filterId}-hint ${filterId}-count`,
      'aria-controls': `${this.base}-people`,
    });
    const count = h('p', { class: 'hint', id: `${filterId}-count`, 'aria-live': 'polite' });
    const list = h('ul', { class: 'account-list', id: `${this.base}-people` });
    const fill = (): void => {
      const shown = filterPeople(sortPeople(this.people ?? [], lang), this.filter);
      count.textContent = at(lang, 'people.count', {
        shown: shown.length,
        total: this.people?.length ?? 0,
      });
      list.replaceChildren(
        ...(shown.length === 0
          ? [h('li', { class: 'empty' }, at(lang, 'people.none'))]
          : shown.map((person) => this.renderPerson(person))),
      );
    };
    filter.addEventListener('input', () => {
      this.filter = filter.value;
      fill();
    });
    fill();
    this.listSlot.replaceChildren(
      h(
        'section',
        { 'aria-labelledby': headingId },
        h('h2', { id: headingId }, at(lang, 'people.list')),
        h(
          'div',
          { class: 'field filter-field' },
          h('label', { for: filterId }, at(lang, 'people.filter')),
          h('p', { class: 'hint', id: `${filterId}-hint` }, at(lang, 'people.filter.hint')),
          filter,
          count,
        ),
        list,
      ),
    );
  }

  private renderPerson(person: AdminPerson): HTMLElement {
    const { lang, me } = this.props;
    const id = `${this.base}-person-${person.id}`;
    const status = personStatus(person);
    const statusText =
      status.kind === 'active'
        ? at(lang, 'people.status.active')
        : status.kind === 'deactivated'
          ? at(lang, 'people.status.deactivated')
          : status.kind === 'organisation_deactivated'
            ? at(lang, 'people.status.organisationDeactivated')
            : status.kind === 'invited'
              ? at(lang, 'people.status.invited', { time: formatDateTime(lang, status.until) })
              : at(lang, 'people.status.noPassword');
    const sessions =
      person.sessions === 0
        ? at(lang, 'people.sessions.none')
        : person.sessions === 1
          ? at(lang, 'people.sessions.one')
          : at(lang, 'people.sessions.count', { count: person.sessions });
    const isMe = person.id === me.id;

    // Role.
    const roleId = `${id}-role`;
    const role = h(
      'select',
      { id: roleId },
      ...ROLES.map((r) =>
        h('option', { value: r, selected: r === person.role }, roleName(lang, r)),
      ),
    );
    const changeRole = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      at(lang, 'people.changeRole'),
    );
    changeRole.addEventListener('click', () => {
      const chosen = role.value as Role;
      void this.act(
        changeRole,
        () => this.props.api.changeRole(person.id, chosen),
        () => ({
          status: {
            text: at(lang, 'people.roleChanged', {
              name: person.name,
              role: roleName(lang, chosen),
            }),
            error: false,
          },
        }),
      );
    });

    // A new link, deactivation and activation.
    const actions = h('div', { class: 'form-buttons' });
    if (person.active && person.organisation_active) {
      const newLink = h(
        'button',
        { type: 'button', class: 'button-secondary' },
        at(lang, 'people.newLink'),
        named(person.name),
      );
      newLink.addEventListener('click', () => {
        void this.act(
          newLink,
          () => this.props.api.issueInvitation(person.id),
          (result) => ({
            status: { text: at(lang, 'link.heading', { name: person.name }), error: false },
            ...(result.invitation
              ? { link: { name: person.name, email: person.email, ...result.invitation } }
              : {}),
          }),
        );
      });
      actions.append(newLink);
    }
    if (person.active && !isMe) {
      const deactivate = h(
        'button',
        { type: 'button', class: 'button-secondary' },
        at(lang, 'people.deactivate'),
        named(person.name),
      );
      deactivate.addEventListener('click', () => {
        this.confirming = person.id;
        this.renderList();
        document.getElementById(`${id}-confirm`)?.focus();
      });
      actions.append(deactivate);
    }
    if (!person.active) {
      const activate = h(
        'button',
        { type: 'button', class: 'button-secondary' },
        at(lang, 'people.activate'),
        named(person.name),
      );
      activate.addEventListener('click', () => {
        void this.act(
          activate,
          () => this.props.api.setPersonActive(person.id, true),
          () => ({
            status: { text: at(lang, 'people.activated', { name: person.name }), error: false },
          }),
        );
      });
      actions.append(activate);
    }

    let confirm: HTMLElement | null = null;
    if (this.confirming === person.id) {
      const yes = h(
        'button',
        { type: 'button', class: 'button-primary', id: `${id}-confirm` },
        at(lang, 'people.deactivate.confirm', { name: person.name }),
      );
      const no = h(
        'button',
        { type: 'button', class: 'button-secondary' },
        at(lang, 'people.cancel'),
      );
      yes.addEventListener('click', () => {
        void this.act(
          yes,
          () => this.props.api.setPersonActive(person.id, false),
          (result) => ({
            status: {
              text: at(lang, 'people.deactivated', {
                name: person.name,
                count: result.sessions_ended ?? 0,
              }),
              error: false,
            },
          }),
        );
      });
      no.addEventListener('click', () => {
        this.confirming = null;
        this.renderList();
      });
      confirm = h(
        'div',
        { class: 'confirm', role: 'group', 'aria-labelledby': `${id}-question` },
        h(
          'p',
          { class: 'confirm-question', id: `${id}-question` },
          at(lang, 'people.deactivate.question', { name: person.name }),
        ),
        h('div', { class: 'form-buttons' }, yes, no),
      );
    }

    return h(
      'li',
      { class: `account-card${person.active ? '' : ' account-inactive'}`, id },
      h('h3', {}, person.name, isMe ? ` ${at(lang, 'people.you')}` : ''),
      h(
        'p',
        { class: 'account-sub break-anywhere' },
        h('span', { class: 'visually-hidden' }, `${at(lang, 'people.email')}: `),
        person.email,
      ),
      h(
        'dl',
        { class: 'round-facts' },
        h('dt', {}, at(lang, 'people.organisation')),
        h('dd', {}, person.organisation.name),
        h('dt', {}, at(lang, 'people.role')),
        h('dd', {}, roleName(lang, person.role)),
        h('dt', {}, at(lang, 'people.status')),
        h('dd', {}, statusText),
        h('dt', {}, at(lang, 'people.sessions')),
        h('dd', {}, sessions),
      ),
      this.manage(person, [
        isMe
          ? null
          : h(
              'div',
              { class: 'inline-fields account-role' },
              h('label', { for: roleId }, at(lang, 'people.roleFor', { name: person.name })),
              role,
              changeRole,
            ),
        actions.childElementCount > 0 ? actions : null,
        confirm,
      ]),
    );
  }

  // A person's controls behind a disclosure, so a list of hundreds stays readable; open while
  // a confirmation is asked.
  private manage(person: AdminPerson, controls: Array<HTMLElement | null>): HTMLElement | null {
    const present = controls.filter((c): c is HTMLElement => c !== null);
    if (present.length === 0) return null;
    const details = h(
      'details',
      { class: 'account-manage' },
      h('summary', {}, at(this.props.lang, 'people.manage', { name: person.name })),
      ...present,
    );
    if (this.confirming === person.id) details.open = true;
    return details;
  }
}
