// "Mina inloggningar": a person's own sessions — which browser on which system, from which
// address, when opened and last used, when each ends — with this device first and marked, and a
// button to end any of them. Ending this one logs out here.

import * as accounts from '../api/accounts_api';
import { at } from '../i18n/account_strings';
import type { Lang } from '../i18n/lang';
import { formatDateTime, t } from '../i18n/strings';
import type { OwnSession } from '../protocol/accounts';
import { errorMessage, messageForError, ProtocolError } from '../protocol/errors';
import { h, uniqueId } from '../ui/dom';
import { statusBox, type Status } from '../admin/account_parts';
import { describeDevice, describeDuration, orderSessions } from './sessions_data';

export interface SessionsPageProps {
  lang: Lang;
  api: Pick<typeof accounts, 'listSessions' | 'endSession'>;
  // The session this page runs in has ended: the app shows the login page.
  onEndedHere: () => void;
}

export class SessionsPage {
  readonly heading: HTMLElement;
  private sessions: OwnSession[] | null = null;
  private loadError: string | null = null;
  private status: Status | null = null;
  private readonly intro = h('p', { class: 'lead' });
  private readonly statusSlot = h('div', { class: 'status-slot' });
  private readonly listSlot = h('div');
  private readonly base = uniqueId('sessions');

  constructor(
    main: HTMLElement,
    private readonly props: SessionsPageProps,
  ) {
    const { lang } = props;
    document.title = `${at(lang, 'sessions.title')} – ${t(lang, 'app.name')}`;
    this.heading = h('h1', { tabindex: '-1' }, at(lang, 'sessions.title'));
    main.replaceChildren(this.heading, this.intro, this.statusSlot, this.listSlot);
    this.render();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.sessions = orderSessions(await this.props.api.listSessions());
      this.loadError = null;
    } catch (error) {
      this.loadError = error instanceof ProtocolError ? error.code : 'unknown_code';
    }
    this.render();
  }

  private render(): void {
    const { lang } = this.props;
    // The limits, as this session shows them: its idle period and its whole life.
    const current = this.sessions?.find((s) => s.current);
    const idle = current ? Date.parse(current.expires_at) - Date.parse(current.last_used_at) : 0;
    const life = current
      ? Date.parse(current.absolute_expires_at) - Date.parse(current.created_at)
      : 0;
    this.intro.textContent =
      current && idle > 0 && life > 0 && idle < life && Date.parse(current.created_at) > 0
        ? at(lang, 'sessions.intro', {
            idle: describeDuration(idle, lang),
            absolute: describeDuration(life, lang),
          })
        : '';
    this.intro.hidden = this.intro.textContent === '';
    this.statusSlot.replaceChildren(statusBox(this.status, `${this.base}-status`));
    if (this.sessions === null) {
      this.listSlot.replaceChildren(
        this.loadError
          ? h('div', { class: 'form-error' }, h('p', {}, errorMessage(this.loadError, lang)))
          : h('p', { class: 'loading' }, at(lang, 'sessions.loading')),
      );
      return;
    }
    this.listSlot.replaceChildren(
      h(
        'ul',
        { class: 'account-list account-list-single' },
        ...this.sessions.map((s) => this.renderSession(s)),
      ),
    );
  }

  private renderSession(session: OwnSession): HTMLElement {
    const { lang } = this.props;
    const id = `${this.base}-${session.id}`;
    const device = describeDevice(session.user_agent, lang);
    const end = h(
      'button',
      {
        type: 'button',
        class: session.current ? 'button-secondary' : 'button-primary',
        'aria-describedby': `${id}-name`,
      },
      at(lang, session.current ? 'sessions.endThis' : 'sessions.end'),
    );
    end.addEventListener('click', () => void this.end(session, end));
    const time = (iso: string): HTMLElement =>
      h('time', { datetime: iso }, formatDateTime(lang, iso));
    return h(
      'li',
      { class: `account-card${session.current ? ' account-current' : ''}`, id },
      h(
        'h2',
        { id: `${id}-name` },
        device,
        session.current ? h('span', { class: 'tag' }, at(lang, 'sessions.thisDevice')) : null,
      ),
      h(
        'dl',
        { class: 'round-facts' },
        h('dt', {}, at(lang, 'sessions.address')),
        h('dd', {}, session.address || at(lang, 'sessions.unknownAddress')),
        h('dt', {}, at(lang, 'sessions.started')),
        h('dd', {}, Date.parse(session.created_at) > 0 ? time(session.created_at) : '–'),
        h('dt', {}, at(lang, 'sessions.lastUsed')),
        h('dd', {}, Date.parse(session.last_used_at) > 0 ? time(session.last_used_at) : '–'),
        h('dt', {}, at(lang, 'sessions.idleEnd')),
        h('dd', {}, time(session.expires_at)),
        h('dt', {}, at(lang, 'sessions.absoluteEnd')),
        h('dd', {}, time(session.absolute_expires_at)),
      ),
      h('div', { class: 'form-buttons' }, end),
    );
  }

  private async end(session: OwnSession, control: HTMLButtonElement): Promise<void> {
    control.disabled = true;
    try {
      await this.props.api.endSession(session.id);
      if (session.current) return this.props.onEndedHere();
      this.status = { text: at(this.props.lang, 'sessions.ended'), error: false };
      await this.load();
    } catch (error) {
      control.disabled = false;
      this.status = { text: messageForError(error, this.props.lang), error: true };
      this.render();
    }
    this.statusSlot.querySelector<HTMLElement>('[tabindex]')?.focus();
  }
}
