// "Organisationer": the admin's page for organisations. A form adds one (its side follows from
// its kind, which the choice says); the list shows each organisation's kind, side, active people
// and status, with deactivation (after a confirmation: its people are logged out at once) and
// activation.

import * as accounts from '../api/accounts_api';
import { at } from '../i18n/account_strings';
import type { Lang } from '../i18n/lang';
import { kindName, t } from '../i18n/strings';
import type { AccountResult, AdminOrganisation } from '../protocol/accounts';
import { errorMessage, messageForError, ProtocolError } from '../protocol/errors';
import { ORGANISATION_KINDS, type OrganisationKind, type Person } from '../protocol/messages';
import { h, uniqueId } from '../ui/dom';
import { named, statusBox, type Status } from './account_parts';
import { sortOrganisations } from './people_data';

export interface OrganisationsPageProps {
  lang: Lang;
  me: Person;
  api: Pick<typeof accounts, 'listOrganisations' | 'createOrganisation' | 'setOrganisationActive'>;
}

const SIDE_OF: Record<OrganisationKind, 'state' | 'municipal' | 'neutral'> = {
  ministry: 'state',
  agency: 'state',
  municipality: 'municipal',
  region: 'municipal',
  association: 'municipal',
  other: 'neutral',
};

export class OrganisationsPage {
  readonly heading: HTMLElement;
  private organisations: AdminOrganisation[] | null = null;
  private loadError: string | null = null;
  private status: Status | null = null;
  private confirming: number | null = null;
  private readonly statusSlot = h('div', { class: 'status-slot' });
  private readonly listSlot = h('div');
  private readonly base = uniqueId('organisations');

  constructor(
    main: HTMLElement,
    private readonly props: OrganisationsPageProps,
  ) {
    const { lang } = props;
    document.title = `${at(lang, 'organisations.title')} – ${t(lang, 'app.name')}`;
    this.heading = h('h1', { tabindex: '-1' }, at(lang, 'organisations.title'));
    main.replaceChildren(
      this.heading,
      h('p', { class: 'lead' }, at(lang, 'organisations.intro')),
      this.statusSlot,
      this.renderForm(),
      this.listSlot,
    );
    this.renderStatus();
    this.renderList();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.organisations = await this.props.api.listOrganisations();
      this.loadError = null;
    } catch (error) {
      this.loadError = error instanceof ProtocolError ? error.code : 'unknown_code';
    }
    this.renderList();
  }

  private renderStatus(): void {
    this.statusSlot.replaceChildren(statusBox(this.status, `${this.base}-status`));
  }

  private say(status: Status): void {
    this.status = status;
    this.renderStatus();
    this.statusSlot.querySelector<HTMLElement>('[tabindex]')?.focus();
  }

  private async act(
    control: HTMLButtonElement,
    action: () => Promise<AccountResult>,
    done: (result: AccountResult) => string,
  ): Promise<void> {
    control.disabled = true;
    try {
      const result = await action();
      this.confirming = null;
      await this.load();
      this.say({ text: done(result), error: false });
    } catch (error) {
      control.disabled = false;
      this.say({ text: messageForError(error, this.props.lang), error: true });
    }
  }

  private renderForm(): HTMLElement {
    const { lang } = this.props;
    const nameId = `${this.base}-name`;
    const kindId = `${this.base}-kind`;
    const error = h('div', { class: 'field-error', id: `${nameId}-error` });
    const name = h('input', {
      id: nameId,
      type: 'text',
      autocomplete: 'off',
      'aria-describedby': `${nameId}-error`,
    });
    const sideOf = (kind: OrganisationKind): string => t(lang, `side.${SIDE_OF[kind]}`);
    const kind = h(
      'select',
      { id: kindId, 'aria-describedby': `${kindId}-side` },
      ...ORGANISATION_KINDS.map((k) => h('option', { value: k }, kindName(lang, k))),
    );
    const side = h('p', { class: 'hint', id: `${kindId}-side`, 'aria-live': 'polite' });
    const showSide = (): void => {
      side.textContent = `${at(lang, 'organisations.side')}: ${sideOf(kind.value as OrganisationKind)}`;
    };
    kind.addEventListener('change', showSide);
    showSide();
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary' },
      at(lang, 'organisations.create'),
    );
    const form = h(
      'form',
      { class: 'account-form', novalidate: true, 'aria-labelledby': `${this.base}-add` },
      h('h2', { id: `${this.base}-add` }, at(lang, 'organisations.add')),
      h(
        'div',
        { class: 'field' },
        h('label', { for: nameId }, at(lang, 'organisations.name')),
        name,
        error,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: kindId }, at(lang, 'organisations.kind')),
        kind,
        side,
      ),
      h('div', { class: 'form-buttons' }, submit),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const value = name.value.trim();
      if (value === '') {
        error.replaceChildren(h('p', {}, at(lang, 'organisations.error.name')));
        name.setAttribute('aria-invalid', 'true');
        name.focus();
        return;
      }
      error.replaceChildren();
      name.removeAttribute('aria-invalid');
      const chosen = kind.value as OrganisationKind;
      void this.act(
        submit,
        () => this.props.api.createOrganisation(value, chosen),
        () => {
          name.value = '';
          submit.disabled = false;
          return at(lang, 'organisations.created', { name: value });
        },
      );
    });
    return form;
  }

  private renderList(): void {
    const { lang, me } = this.props;
    const headingId = `${this.base}-list`;
    const heading = h('h2', { id: headingId }, at(lang, 'organisations.list'));
    if (this.organisations === null) {
      this.listSlot.replaceChildren(
        heading,
        this.loadError
          ? h('div', { class: 'form-error' }, h('p', {}, errorMessage(this.loadError, lang)))
          : h('p', { class: 'loading' }, at(lang, 'organisations.loading')),
      );
      return;
    }
    const items = sortOrganisations(this.organisations, lang).map((organisation) => {
      const id = `${this.base}-org-${organisation.id}`;
      const actions = h('div', { class: 'form-buttons' });
      if (organisation.active && organisation.id !== me.organisation.id) {
        const deactivate = h(
          'button',
          { type: 'button', class: 'button-secondary' },
          at(lang, 'people.deactivate'),
          named(organisation.name),
        );
        deactivate.addEventListener('click', () => {
          this.confirming = organisation.id;
          this.renderList();
          document.getElementById(`${id}-confirm`)?.focus();
        });
        actions.append(deactivate);
      } else if (!organisation.active) {
        const activate = h(
          'button',
          { type: 'button', class: 'button-secondary' },
          at(lang, 'people.activate'),
          named(organisation.name),
        );
        activate.addEventListener('click', () => {
          void this.act(
            activate,
            () => this.props.api.setOrganisationActive(organisation.id, true),
            () => at(lang, 'organisations.activated', { name: organisation.name }),
          );
        });
        actions.append(activate);
      }
      let confirm: HTMLElement | null = null;
      if (this.confirming === organisation.id) {
        const yes = h(
          'button',
          { type: 'button', class: 'button-primary', id: `${id}-confirm` },
          at(lang, 'people.deactivate.confirm', { name: organisation.name }),
        );
        const no = h(
          'button',
          { type: 'button', class: 'button-secondary' },
          at(lang, 'people.cancel'),
        );
        yes.addEventListener('click', () => {
          void this.act(
            yes,
            () => this.props.api.setOrganisationActive(organisation.id, false),
            (result) =>
              at(lang, 'organisations.deactivated', {
                name: organisation.name,
                count: result.sessions_ended ?? 0,
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
            at(lang, 'organisations.deactivate.question', { name: organisation.name }),
          ),
          h('div', { class: 'form-buttons' }, yes, no),
        );
      }
      return h(
        'li',
        { class: `account-card${organisation.active ? '' : ' account-inactive'}`, id },
        h('h3', {}, organisation.name),
        h(
          'dl',
          { class: 'round-facts' },
          h('dt', {}, at(lang, 'organisations.kind')),
          h('dd', {}, kindName(lang, organisation.kind)),
          h('dt', {}, at(lang, 'organisations.side')),
          h('dd', {}, t(lang, `side.${organisation.side}`)),
          h('dt', {}, at(lang, 'organisations.people')),
          h('dd', {}, String(organisation.people)),
          h('dt', {}, at(lang, 'people.status')),
          h(
            'dd',
            {},
            at(lang, organisation.active ? 'people.status.active' : 'people.status.deactivated'),
          ),
        ),
        actions.childElementCount > 0 ? actions : null,
        confirm,
      );
    });
    this.listSlot.replaceChildren(
      h(
        'section',
        { 'aria-labelledby': headingId },
        heading,
        h('ul', { class: 'account-list' }, ...items),
      ),
    );
  }
}
