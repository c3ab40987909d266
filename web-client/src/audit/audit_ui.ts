// "Händelselogg": the audit log for the secretariat and admins. A filter form (kind of event,
// free text, a round, a span of days) and the entries newest first: when, who, what and from
// where, with the details of each; older entries a page at a time. Read only: there is nothing
// here, or anywhere, to change an entry.

import * as accounts from '../api/accounts_api';
import { at } from '../i18n/account_strings';
import type { Lang } from '../i18n/lang';
import { formatDateTime, t } from '../i18n/strings';
import type { AuditEntry } from '../protocol/accounts';
import { errorMessage, ProtocolError } from '../protocol/errors';
import { h, uniqueId } from '../ui/dom';
import {
  entryActionName,
  actorText,
  AUDIT_CATEGORIES,
  CATEGORY_ACTIONS,
  dayStart,
  details,
  sourceText,
  type AuditCategory,
} from './audit_data';

export interface AuditPageProps {
  lang: Lang;
  api: Pick<typeof accounts, 'readAudit'>;
  announce: (message: string) => void;
}

const PAGE = 50;

interface Filter {
  category: AuditCategory;
  q: string;
  round: string;
  from: string;
  to: string;
}

const NO_FILTER: Filter = { category: 'all', q: '', round: '', from: '', to: '' };

export class AuditPage {
  readonly heading: HTMLElement;
  private filter: Filter = { ...NO_FILTER };
  private entries: AuditEntry[] = [];
  private nextBefore: number | null = null;
  private state: 'loading' | 'loaded' | { failed: string } = 'loading';
  private readonly resultsSlot = h('div');
  private readonly formSlot = h('div');
  private readonly base = uniqueId('audit');

  constructor(
    main: HTMLElement,
    private readonly props: AuditPageProps,
  ) {
    const { lang } = props;
    document.title = `${at(lang, 'audit.title')} – ${t(lang, 'app.name')}`;
    this.heading = h('h1', { tabindex: '-1' }, at(lang, 'audit.title'));
    main.replaceChildren(
      this.heading,
      h('p', { class: 'lead' }, at(lang, 'audit.intro')),
      this.formSlot,
      this.resultsSlot,
    );
    this.renderForm();
    this.renderResults();
    void this.load(false);
  }

  private query(before?: number): accounts.AuditFilter {
    const round = this.filter.round.trim();
    const query: accounts.AuditFilter = {
      action: CATEGORY_ACTIONS[this.filter.category],
      limit: PAGE,
    };
    if (this.filter.q.trim()) query.q = this.filter.q.trim();
    if (round) query.round = Number(round);
    const from = dayStart(this.filter.from);
    const to = dayStart(this.filter.to, true);
    if (from) query.from = from;
    if (to) query.to = to;
    if (before !== undefined) query.before = before;
    return query;
  }

  // Loads the first page, or (more) the next older one, appended.
  private async load(more: boolean): Promise<void> {
    const { lang } = this.props;
    if (!more) {
      this.state = 'loading';
      this.renderResults();
    }
    try {
      const page = await this.props.api.readAudit(
        this.query(more ? (this.nextBefore ?? undefined) : undefined),
      );
      const firstNew = this.entries.length;
      this.entries = more ? [...this.entries, ...page.entries] : page.entries;
      this.nextBefore = page.next_before;
      this.state = 'loaded';
      this.renderResults();
      if (more) {
        this.props.announce(at(lang, 'audit.moreShown', { count: page.entries.length }));
        this.resultsSlot.querySelectorAll<HTMLElement>('li.audit-entry')[firstNew]?.focus();
      } else {
        this.props.announce(at(lang, 'audit.shown', { count: page.entries.length }));
      }
    } catch (error) {
      this.state = { failed: error instanceof ProtocolError ? error.code : 'unknown_code' };
      this.renderResults();
    }
  }

  private renderForm(): void {
    const { lang } = this.props;
    const id = (name: string): string => `${this.base}-${name}`;
    const error = h('div', { class: 'form-error', role: 'alert', tabindex: '-1' });
    const category = h(
      'select',
      { id: id('category') },
      ...AUDIT_CATEGORIES.map((c) =>
        h(
          'option',
          { value: c, selected: c === this.filter.category },
          at(lang, `audit.category.${c}`),
        ),
      ),
    );
    const q = h('input', {
      id: id('q'),
      type: 'search',
      value: this.filter.q,
      'aria-describedby': `${id('q')}-hint`,
    });
    const round = h('input', {
      id: id('round'),
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      value: this.filter.round,
    });
    const from = h('input', { id: id('from'), type: 'date', value: this.filter.from });
    const to = h('input', { id: id('to'), type: 'date', value: this.filter.to });
    const apply = h('button', { type: 'submit', class: 'button-primary' }, at(lang, 'audit.apply'));
    const clear = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      at(lang, 'audit.clear'),
    );
    const field = (name: string, label: string, control: HTMLElement, hint?: string): HTMLElement =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: id(name) }, label),
        hint ? h('p', { class: 'hint', id: `${id(name)}-hint` }, hint) : null,
        control,
      );
    const form = h(
      'form',
      { class: 'audit-filter', novalidate: true, role: 'search', 'aria-labelledby': id('filter') },
      h('h2', { id: id('filter') }, at(lang, 'audit.filter')),
      error,
      h(
        'div',
        { class: 'audit-filter-grid' },
        field('category', at(lang, 'audit.category'), category),
        field('q', at(lang, 'audit.search'), q, at(lang, 'audit.search.hint')),
        field('round', at(lang, 'audit.round'), round),
        field('from', at(lang, 'audit.from'), from),
        field('to', at(lang, 'audit.to'), to),
      ),
      h('div', { class: 'form-buttons' }, apply, clear),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      round.removeAttribute('aria-invalid');
      to.removeAttribute('aria-invalid');
      if (round.value.trim() !== '' && !/^[1-9][0-9]{0,15}$/.test(round.value.trim())) {
        error.replaceChildren(h('p', {}, at(lang, 'audit.error.round')));
        round.setAttribute('aria-invalid', 'true');
        round.focus();
        return;
      }
      if (from.value && to.value && to.value < from.value) {
        error.replaceChildren(h('p', {}, at(lang, 'audit.error.dates')));
        to.setAttribute('aria-invalid', 'true');
        to.focus();
        return;
      }
      error.replaceChildren();
      this.filter = {
        category: category.value as AuditCategory,
        q: q.value,
        round: round.value,
        from: from.value,
        to: to.value,
      };
      void this.load(false);
    });
    clear.addEventListener('click', () => {
      this.filter = { ...NO_FILTER };
      this.renderForm();
      void this.load(false);
      this.formSlot.querySelector<HTMLElement>('select')?.focus();
    });
    this.formSlot.replaceChildren(form);
  }

  private renderResults(): void {
    const { lang } = this.props;
    const headingId = `${this.base}-results`;
    const heading = h('h2', { id: headingId }, at(lang, 'audit.results'));
    let body: HTMLElement;
    if (this.state === 'loading') {
      body = h('p', { class: 'loading' }, at(lang, 'audit.loading'));
    } else if (typeof this.state === 'object') {
      body = h('div', { class: 'form-error' }, h('p', {}, errorMessage(this.state.failed, lang)));
    } else if (this.entries.length === 0) {
      body = h('p', {}, at(lang, 'audit.empty'));
    } else {
      const more = h(
        'button',
        { type: 'button', class: 'button-secondary' },
        at(lang, 'audit.more'),
      );
      more.addEventListener('click', () => {
        more.disabled = true;
        void this.load(true);
      });
      body = h(
        'div',
        {},
        h('ol', { class: 'audit-list' }, ...this.entries.map((e) => this.renderEntry(e))),
        this.nextBefore !== null ? h('p', { class: 'page-actions' }, more) : null,
      );
    }
    this.resultsSlot.replaceChildren(
      h(
        'section',
        { 'aria-labelledby': headingId, 'aria-busy': this.state === 'loading' ? 'true' : 'false' },
        heading,
        body,
      ),
    );
  }

  private renderEntry(entry: AuditEntry): HTMLElement {
    const { lang } = this.props;
    const facts = details(entry, lang);
    const hidden = (text: string): HTMLElement =>
      h('span', { class: 'visually-hidden' }, `${text}: `);
    const rows: HTMLElement[] = [];
    if (entry.round_id !== null) {
      rows.push(
        h('dt', {}, at(lang, 'audit.round.label')),
        h(
          'dd',
          {},
          h(
            'a',
            { href: `#/rounds/${entry.round_id}` },
            at(lang, 'audit.round.link', { id: entry.round_id }),
          ),
        ),
      );
    }
    for (const fact of facts) {
      rows.push(h('dt', {}, fact.label), h('dd', { class: 'break-anywhere' }, fact.value));
    }
    // Read in order: when, who, what (with its details), from where; on a wide screen the four
    // stand in columns.
    return h(
      'li',
      { class: 'audit-entry', tabindex: '-1', 'data-action': entry.action },
      h(
        'p',
        { class: 'audit-time' },
        h('time', { datetime: entry.at }, formatDateTime(lang, entry.at)),
      ),
      h('p', { class: 'audit-who' }, hidden(at(lang, 'audit.who')), actorText(entry, lang)),
      h(
        'div',
        { class: 'audit-what' },
        h('p', { class: 'audit-action' }, h('strong', {}, entryActionName(entry, lang))),
        rows.length > 0 ? h('dl', { class: 'audit-details' }, ...rows) : null,
      ),
      h('p', { class: 'audit-where' }, hidden(at(lang, 'audit.where')), sourceText(entry, lang)),
    );
  }
}
