// "API-nycklar": observers and administrators make read-only tokens with which a program fetches
// exports, see them listed (administrators: everyone's, with whose each is) and revoke them. A
// new token is shown once, in a read-only field with a copy button and a warning that it will
// not be shown again; the server keeps only its hash.

import type { Lang } from '../i18n/lang';
import { formatDateTime, t } from '../i18n/strings';
import { tt } from '../i18n/token_strings';
import type { Person } from '../protocol/messages';
import { errorMessage, messageForError, ProtocolError } from '../protocol/errors';
import { h, uniqueId } from '../ui/dom';
import { statusBox, type Status } from '../admin/account_parts';
import type * as tokensApi from './tokens_api';
import type { ApiToken, CreatedToken } from './tokens_api';
import {
  expiryBounds,
  expiryFromDate,
  MAX_TOKEN_DAYS,
  nameTooLong,
  orderTokens,
} from './tokens_data';

export interface TokensPageProps {
  lang: Lang;
  me: Person;
  api: Pick<typeof tokensApi, 'listTokens' | 'createToken' | 'revokeToken'>;
  announce: (message: string) => void;
}

// The token just made, until its owner says they have saved it. Kept outside the page, in this
// tab's memory only, so that switching the language (which draws the page anew) does not lose a
// token that can never be shown again; never stored, and never shown to anyone else.
let unsaved: { person: number; token: CreatedToken } | null = null;

export class TokensPage {
  readonly heading: HTMLElement;
  private tokens: ApiToken[] | null = null;
  private loadError: string | null = null;
  private status: Status | null = null;
  private confirming: number | null = null;
  private readonly base = uniqueId('tokens');
  private readonly formSlot = h('div');
  private readonly createdSlot = h('div');
  private readonly statusSlot = h('div', { class: 'status-slot' });
  private readonly listSlot = h('div');

  constructor(
    main: HTMLElement,
    private readonly props: TokensPageProps,
  ) {
    const { lang } = props;
    document.title = `${tt(lang, 'tokens.title')} – ${t(lang, 'app.name')}`;
    this.heading = h('h1', { tabindex: '-1' }, tt(lang, 'tokens.title'));
    const intro = h('p', { class: 'lead' }, tt(lang, 'tokens.intro'));
    const admin = this.isAdmin() ? h('p', {}, tt(lang, 'tokens.introAdmin')) : null;
    main.replaceChildren(
      ...[
        this.heading,
        intro,
        admin,
        this.createdSlot,
        this.formSlot,
        this.statusSlot,
        this.listSlot,
      ].filter((node): node is HTMLElement => node !== null),
    );
    this.renderForm();
    this.renderCreated();
    this.renderList();
    void this.load();
  }

  private isAdmin(): boolean {
    return this.props.me.role === 'admin';
  }

  private async load(): Promise<void> {
    try {
      this.tokens = orderTokens(await this.props.api.listTokens());
      this.loadError = null;
    } catch (error) {
      this.loadError = error instanceof ProtocolError ? error.code : 'unknown_code';
    }
    this.renderList();
  }

  private renderForm(): void {
    const { lang } = this.props;
    const id = (part: string): string => `${this.base}-${part}`;
    const summary = h('div', { class: 'form-error', role: 'alert', tabindex: '-1' });
    summary.hidden = true;
    const name = h('input', {
      id: id('name'),
      type: 'text',
      autocomplete: 'off',
      maxlength: '100',
      'aria-describedby': id('name-hint'),
    });
    const bounds = expiryBounds(new Date());
    const expires = h('input', {
      id: id('expires'),
      type: 'date',
      min: bounds.min,
      max: bounds.max,
      'aria-describedby': id('expires-hint'),
    });
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary' },
      tt(lang, 'tokens.submit'),
    );
    const form = h(
      'form',
      { class: 'account-form', novalidate: true, 'aria-labelledby': id('create') },
      h('h2', { id: id('create') }, tt(lang, 'tokens.create')),
      summary,
      h(
        'div',
        { class: 'field' },
        h('label', { for: id('name') }, tt(lang, 'tokens.name')),
        h('p', { class: 'hint', id: id('name-hint') }, tt(lang, 'tokens.name.hint')),
        name,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: id('expires') }, tt(lang, 'tokens.expires')),
        h(
          'p',
          { class: 'hint', id: id('expires-hint') },
          tt(lang, 'tokens.expires.hint', { days: MAX_TOKEN_DAYS }),
        ),
        expires,
      ),
      h('div', { class: 'form-buttons' }, submit),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const problems: Array<[HTMLElement, string]> = [];
      const chosenName = name.value.trim();
      if (chosenName === '') problems.push([name, tt(lang, 'tokens.error.name')]);
      else if (nameTooLong(chosenName)) problems.push([name, tt(lang, 'tokens.error.nameLong')]);
      const expiresAt = expires.value === '' ? null : expiryFromDate(expires.value, new Date());
      if (expires.value !== '' && expiresAt === null) {
        problems.push([expires, tt(lang, 'tokens.error.expires', { days: MAX_TOKEN_DAYS })]);
      }
      for (const control of [name, expires]) control.removeAttribute('aria-invalid');
      for (const [control] of problems) control.setAttribute('aria-invalid', 'true');
      if (problems.length > 0) {
        summary.replaceChildren(
          h('p', {}, tt(lang, 'tokens.error.summary')),
          h('ul', {}, ...problems.map(([, message]) => h('li', {}, message))),
        );
        summary.hidden = false;
        problems[0]?.[0].focus();
        return;
      }
      summary.replaceChildren();
      summary.hidden = true;
      void this.create(submit, chosenName, expiresAt, () => {
        name.value = '';
        expires.value = '';
      });
    });
    this.formSlot.replaceChildren(form);
  }

  private async create(
    submit: HTMLButtonElement,
    name: string,
    expiresAt: string | null,
    clear: () => void,
  ): Promise<void> {
    const { lang } = this.props;
    submit.disabled = true;
    submit.textContent = tt(lang, 'tokens.creating');
    try {
      unsaved = {
        person: this.props.me.id,
        token: await this.props.api.createToken(name, expiresAt),
      };
      this.status = null;
      clear();
      this.renderCreated();
      this.statusSlot.replaceChildren();
      await this.load();
      this.createdSlot.querySelector<HTMLElement>('h2')?.focus();
    } catch (error) {
      this.status = { text: messageForError(error, lang), error: true };
      this.statusSlot.replaceChildren(statusBox(this.status, `${this.base}-status`));
      this.statusSlot.querySelector<HTMLElement>('[tabindex]')?.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = tt(lang, 'tokens.submit');
    }
  }

  // The new token, once: a read-only field to copy it from, and the warning that it will not be
  // shown again. "I have saved the token" takes it off the page for good.
  private renderCreated(): void {
    const { lang } = this.props;
    const created = unsaved?.person === this.props.me.id ? unsaved.token : null;
    if (!created) {
      this.createdSlot.replaceChildren();
      return;
    }
    const id = `${this.base}-secret`;
    const field = h('textarea', {
      id,
      readonly: true,
      rows: '2',
      class: 'link-field token-field',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': `${id}-warning ${id}-usage`,
    });
    field.value = created.token;
    const copy = h('button', { type: 'button', class: 'button-primary' }, tt(lang, 'tokens.copy'));
    const copied = h('p', { class: 'hint', role: 'status' });
    copy.addEventListener('click', () => {
      field.select();
      const done = (ok: boolean): void => {
        copied.textContent = tt(lang, ok ? 'tokens.copied' : 'tokens.copyFailed');
      };
      if (navigator.clipboard?.writeText) {
        navigator.clipboard.writeText(created.token).then(
          () => done(true),
          () => done(false),
        );
      } else {
        done(false);
      }
    });
    const dismiss = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      tt(lang, 'tokens.done'),
    );
    dismiss.addEventListener('click', () => {
      unsaved = null;
      this.renderCreated();
      this.heading.focus();
    });
    this.createdSlot.replaceChildren(
      h(
        'section',
        { class: 'link-box token-box', 'aria-labelledby': `${id}-heading` },
        h('h2', { id: `${id}-heading`, tabindex: '-1' }, tt(lang, 'tokens.created.heading')),
        h('p', { class: 'token-warning', id: `${id}-warning` }, tt(lang, 'tokens.created.warning')),
        h('label', { for: id }, tt(lang, 'tokens.created.label', { name: created.name })),
        h('div', { class: 'inline-fields' }, field, copy),
        copied,
        h(
          'p',
          { class: 'hint', id: `${id}-usage` },
          tt(lang, 'tokens.created.usage'),
          ' ',
          h('code', {}, 'Authorization: Bearer samrad_export_…'),
        ),
        h('div', { class: 'form-buttons' }, dismiss),
      ),
    );
  }

  private renderList(): void {
    const { lang } = this.props;
    const headingId = `${this.base}-list`;
    const heading = h(
      'h2',
      { id: headingId },
      tt(lang, this.isAdmin() ? 'tokens.listAll' : 'tokens.list'),
    );
    if (this.tokens === null) {
      this.listSlot.replaceChildren(
        heading,
        this.loadError
          ? h('div', { class: 'form-error' }, h('p', {}, errorMessage(this.loadError, lang)))
          : h('p', { class: 'loading' }, tt(lang, 'tokens.loading')),
      );
      return;
    }
    if (this.tokens.length === 0) {
      this.listSlot.replaceChildren(heading, h('p', {}, tt(lang, 'tokens.none')));
      return;
    }
    const admin = this.isAdmin();
    const columns = [
      tt(lang, 'tokens.col.name'),
      ...(admin ? [tt(lang, 'tokens.col.owner')] : []),
      tt(lang, 'tokens.col.created'),
      tt(lang, 'tokens.col.lastUsed'),
      tt(lang, 'tokens.col.expires'),
      tt(lang, 'tokens.col.status'),
      tt(lang, 'tokens.col.action'),
    ];
    this.listSlot.replaceChildren(
      heading,
      h(
        'table',
        { class: 'data-table token-table cards-on-phone', 'aria-labelledby': headingId },
        h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...this.tokens.flatMap((token) => this.renderToken(token))),
      ),
    );
  }

  private renderToken(token: ApiToken): HTMLElement[] {
    const { lang } = this.props;
    const id = `${this.base}-${token.id}`;
    const time = (iso: string): HTMLElement =>
      h('time', { datetime: iso }, formatDateTime(lang, iso));
    const cell = (label: string, ...content: Array<HTMLElement | string>): HTMLElement =>
      h('td', { 'data-label': label }, ...content);
    const action = h('td', { 'data-label': tt(lang, 'tokens.col.action') });
    if (token.status === 'live' && this.confirming !== token.id) {
      const revoke = h(
        'button',
        {
          type: 'button',
          class: 'button-secondary',
          'aria-label': tt(lang, 'tokens.revoke.label', { name: token.name }),
        },
        tt(lang, 'tokens.revoke'),
      );
      revoke.addEventListener('click', () => {
        this.confirming = token.id;
        this.renderList();
        document.getElementById(`${id}-confirm`)?.focus();
      });
      action.append(revoke);
    } else if (token.status !== 'live') {
      action.append('–');
    }
    const row = h(
      'tr',
      { id, class: `token-${token.status}` },
      h('th', { scope: 'row', 'data-label': tt(lang, 'tokens.col.name') }, token.name),
      ...(this.isAdmin() && token.owner
        ? [
            cell(
              tt(lang, 'tokens.col.owner'),
              h('span', { class: 'token-owner' }, token.owner.name),
              h('span', { class: 'token-owner-org' }, token.owner.organisation),
            ),
          ]
        : []),
      cell(tt(lang, 'tokens.col.created'), time(token.created_at)),
      cell(
        tt(lang, 'tokens.col.lastUsed'),
        token.last_used_at ? time(token.last_used_at) : tt(lang, 'tokens.neverUsed'),
      ),
      cell(tt(lang, 'tokens.col.expires'), time(token.expires_at)),
      cell(
        tt(lang, 'tokens.col.status'),
        h(
          'span',
          { class: `tag token-status-${token.status}` },
          tt(lang, `tokens.status.${token.status}`),
        ),
      ),
      action,
    );
    if (this.confirming !== token.id) return [row];
    const yes = h(
      'button',
      { type: 'button', class: 'button-primary', id: `${id}-confirm` },
      tt(lang, 'tokens.revoke.yes'),
    );
    const no = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      tt(lang, 'tokens.revoke.no'),
    );
    yes.addEventListener('click', () => void this.revoke(token, yes));
    no.addEventListener('click', () => {
      this.confirming = null;
      this.renderList();
      document.getElementById(id)?.querySelector<HTMLElement>('button')?.focus();
    });
    action.append(
      h(
        'div',
        { class: 'confirm', role: 'group', 'aria-labelledby': `${id}-question` },
        h(
          'p',
          { class: 'confirm-question', id: `${id}-question` },
          tt(lang, 'tokens.revoke.confirm', { name: token.name }),
        ),
        h('div', { class: 'form-buttons' }, yes, no),
      ),
    );
    return [row];
  }

  private async revoke(token: ApiToken, control: HTMLButtonElement): Promise<void> {
    const { lang } = this.props;
    control.disabled = true;
    try {
      await this.props.api.revokeToken(token.id);
      this.confirming = null;
      this.status = { text: tt(lang, 'tokens.revoked', { name: token.name }), error: false };
      this.props.announce(this.status.text);
      await this.load();
    } catch (error) {
      control.disabled = false;
      this.status = { text: messageForError(error, lang), error: true };
    }
    this.statusSlot.replaceChildren(statusBox(this.status, `${this.base}-status`));
    this.statusSlot.querySelector<HTMLElement>('[tabindex]')?.focus();
  }
}
