// The page frame around every view: skip link, header with the service name, navigation, the
// logged-in person, the language switch, logout and the connection indicator, the <main>
// landmark the views render into, a footer, and the one polite live region. The dock floats at
// the bottom of the window, where the person is working: the connection notice
// (connection_notice_ui.ts) and the current page's own notices (e.g. "N nya inlägg").

import { Announcer } from '../ui/announcer';
import { ConnectionNotice } from './connection_notice_ui';
import { append, h } from '../ui/dom';
import { at } from '../i18n/account_strings';
import { rt } from '../i18n/record_strings';
import { tt } from '../i18n/token_strings';
import { canHoldApiTokens } from '../tokens/tokens_data';
import { et } from '../i18n/export_strings';
import { roleName, t } from '../i18n/strings';
import { canManageAccounts, canReadAuditLog } from '../session/session_data';
import type { Lang } from '../i18n/lang';
import type { Person } from '../protocol/messages';
import type { ConnectionState } from '../transport/connection';

export interface ShellHandlers {
  onToggleLang: () => void;
  onLogout: () => void;
  onRetryNow: () => void;
}

export type NavKey =
  'rounds' | 'people' | 'organisations' | 'audit' | 'sessions' | 'tokens' | 'export' | 'verify';

export interface ShellState {
  lang: Lang;
  person: Person | null;
  connection: ConnectionState;
  currentNav: NavKey | null;
}

const CONNECTION_TEXT: Record<ConnectionState, Parameters<typeof t>[1]> = {
  stopped: 'conn.offline',
  connecting: 'conn.connecting',
  connected: 'conn.connected',
  resuming: 'conn.resuming',
  offline: 'conn.offline',
  logged_out: 'conn.logged_out',
};

export class Shell {
  readonly main: HTMLElement;
  readonly announcer: Announcer;
  // The current page's floating notices; the page empties it when it goes.
  readonly dock: HTMLElement;
  private readonly notice: ConnectionNotice;
  private readonly dockRegion: HTMLElement;
  private readonly header: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly alert: HTMLElement;
  private indicator: HTMLElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly handlers: ShellHandlers,
  ) {
    const skip = h('a', { class: 'skip-link', href: '#main' });
    // With hash routing "#main" would be read as a route, so the link moves focus itself.
    skip.addEventListener('click', (ev) => {
      ev.preventDefault();
      this.main.focus();
    });
    this.header = h('header', { class: 'site-header' });
    this.main = h('main', { id: 'main', tabindex: '-1' });
    // Errors that belong to no form (e.g. a failed logout); empty until needed.
    this.alert = h('div', { class: 'page-alert', role: 'alert' });
    this.footer = h('footer', { class: 'site-footer' });
    const region = h('div', { class: 'visually-hidden', 'aria-live': 'polite', id: 'announcer' });
    this.announcer = new Announcer(region);
    this.notice = new ConnectionNotice(() => this.handlers.onRetryNow());
    this.dock = h('div', { class: 'dock-page' });
    // Before <main> in the document, so its buttons come early in the tab order; a named
    // region, so what it shows is inside a landmark like the rest of the page.
    this.dockRegion = h('section', { class: 'dock' }, this.notice.element, this.dock);
    root.replaceChildren(
      skip,
      this.header,
      this.alert,
      this.dockRegion,
      this.main,
      this.footer,
      region,
    );
  }

  render(state: ShellState): void {
    const { lang, person } = state;
    document.documentElement.lang = lang;
    const skip = this.root.querySelector('.skip-link');
    if (skip) skip.textContent = t(lang, 'skip.main');
    this.dockRegion.setAttribute('aria-label', t(lang, 'dock.label'));

    const brand = h(
      'div',
      { class: 'brand' },
      h('a', { href: '#/', class: 'brand-name' }, t(lang, 'app.name')),
      h('span', { class: 'brand-tagline' }, t(lang, 'app.tagline')),
    );
    const langButton = h(
      'button',
      { type: 'button', class: 'link-button lang-switch', lang: lang === 'sv' ? 'en' : 'sv' },
      t(lang, 'lang.switchTo'),
    );
    langButton.addEventListener('click', () => this.handlers.onToggleLang());
    const tools = h('div', { class: 'header-tools' }, langButton);

    this.indicator = null;
    if (person) {
      this.indicator = h('p', { class: 'connection', id: 'connection-state' });
      const logout = h('button', { type: 'button', class: 'button-secondary logout' });
      logout.textContent = t(lang, 'session.logout');
      logout.addEventListener('click', () => this.handlers.onLogout());
      append(
        tools,
        h(
          'p',
          { class: 'signed-in' },
          h('span', { class: 'visually-hidden' }, `${t(lang, 'session.signedInAs')} `),
          h('span', { class: 'person-name' }, person.name),
          h(
            'span',
            { class: 'person-org' },
            `${person.organisation.name} · ${roleName(lang, person.role)}`,
          ),
        ),
        this.indicator,
        logout,
      );
    }
    const top = h('div', { class: 'header-inner' }, brand, tools);
    this.header.replaceChildren(top);
    if (person) {
      // What each role may open: the pages the server would refuse are not offered.
      const items: Array<[NavKey, string, string]> = [['rounds', '#/', t(lang, 'nav.rounds')]];
      if (canManageAccounts(person)) {
        items.push(['people', '#/admin/people', at(lang, 'nav.people')]);
        items.push(['organisations', '#/admin/organisations', at(lang, 'nav.organisations')]);
      }
      if (canReadAuditLog(person)) items.push(['audit', '#/audit', at(lang, 'nav.audit')]);
      items.push(['export', '#/export', et(lang, 'nav.export')]);
      items.push(['sessions', '#/sessions', at(lang, 'nav.sessions')]);
      if (canHoldApiTokens(person)) items.push(['tokens', '#/tokens', tt(lang, 'nav.tokens')]);
      items.push(['verify', '#/verify', rt(lang, 'nav.verify')]);
      const links = items.map(([key, href, text]) => {
        const link = h('a', { href }, text);
        if (state.currentNav === key) link.setAttribute('aria-current', 'page');
        return h('li', {}, link);
      });
      this.header.append(
        h('nav', { class: 'site-nav', 'aria-label': t(lang, 'nav.label') }, h('ul', {}, ...links)),
      );
    }
    this.setConnection(lang, state.connection);
    // Checking a record needs no account, so the way there is on every page, logged in or not.
    this.footer.replaceChildren(
      h('p', {}, t(lang, 'app.footer')),
      h('p', {}, h('a', { href: '#/verify' }, rt(lang, 'footer.verify'))),
    );
  }

  setConnection(lang: Lang, state: ConnectionState): void {
    this.notice.update(lang, state);
    if (!this.indicator) return;
    this.indicator.className = `connection connection-${state}`;
    this.indicator.dataset['state'] = state;
    this.indicator.replaceChildren(
      h('span', { class: 'connection-icon', 'aria-hidden': 'true' }),
      h('span', { class: 'connection-label' }, `${t(lang, 'conn.label')} `),
      h('strong', { class: 'connection-text' }, t(lang, CONNECTION_TEXT[state])),
    );
  }

  setAlert(message: string | null): void {
    this.alert.replaceChildren(message === null ? '' : h('p', {}, message));
    this.alert.classList.toggle('page-alert-visible', message !== null);
  }

  focusLanguageSwitch(): void {
    this.header.querySelector<HTMLElement>('.lang-switch')?.focus();
  }
}
