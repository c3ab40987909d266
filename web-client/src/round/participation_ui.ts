// Who has answered, on the round page: for the secretariat (and admins) a table of the invited
// organisations with their side, posts, latest post and the reminders they got, with a "Påminn"
// button per organisation that opens a small form with an optional message; and for the people
// of a reminded organisation, the secretariat's newest reminder as a notice at the top of the
// page until they dismiss it. The table is read from the server (list_participation), not folded from
// events: it counts posts in every stream, preparation ones included, which the secretariat does
// not follow. It is asked for again shortly after something in the round may have changed it.

import { formatDateTime, t } from '../i18n/strings';
import { pt, stanceName } from '../i18n/position_strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { messageForError, ProtocolError } from '../protocol/errors';
import { isBlank, REASON_MAX_BYTES, utf8Length } from '../protocol/limits';
import type { ListParticipationResult, OrganisationParticipation } from '../protocol/messages';
import { h, uniqueId } from '../ui/dom';
import { renderStatusBox, type ActionStatus } from './agenda_ui';
import { tooLongText, trackLength } from './composer_ui';
import { hasTakenPart, takenPartCount } from './participation_data';
import type { ReminderData } from './round_data';

// The secretariat's requests: who has answered, and a reminder (message undefined: none).
export interface ParticipationActions {
  list: () => Promise<ListParticipationResult>;
  remind: (organisationId: number, message: string | undefined) => Promise<void>;
}

export interface ParticipationPanelProps {
  lang: Lang;
  roundId: number;
  actions: ParticipationActions;
  drafts: Map<string, string>;
  announce: (message: string) => void;
  // Whether reminders can be sent now (the round is open).
  canRemind: () => boolean;
}

// Changes come in bursts (a lively thread): the table is asked for once they settle.
const REFRESH_DELAY_MS = 1000;

type TableState =
  | { status: 'loading' }
  | { status: 'loaded'; entries: OrganisationParticipation[] }
  | { status: 'failed'; error: unknown };

export class ParticipationPanel {
  readonly element: HTMLElement;
  private state: TableState = { status: 'loading' };
  // The organisation whose reminder form is open, and what the last reminder to each came to.
  private formFor: number | null = null;
  private formStatus: ActionStatus | null = null;
  private readonly statuses = new Map<number, ActionStatus>();
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private again = false;
  private sending = false;
  private disposed = false;
  // Whether the table was drawn with the "Påminn" buttons.
  private drawnWithButtons = false;
  private readonly headingId = uniqueId('participation-heading');

  constructor(private readonly props: ParticipationPanelProps) {
    this.element = h('section', { class: 'participation', 'aria-labelledby': this.headingId });
    this.render();
    this.refresh();
  }

  private get lang(): Lang {
    return this.props.lang;
  }

  dispose(): void {
    this.disposed = true;
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  // Something in the round may have changed the table (a post, a reminder, an invitation).
  refreshSoon(): void {
    if (this.disposed || this.refreshTimer !== null) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, REFRESH_DELAY_MS);
  }

  // The round's phase may have changed (or become known): the buttons come or go at once.
  onPhaseChanged(): void {
    if (this.props.canRemind() !== this.drawnWithButtons) this.render();
  }

  // Asks the server now; a request asked for while one is out is sent when it is back.
  refresh(): void {
    if (this.disposed) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.props.actions.list().then(
      (result) => this.loaded({ status: 'loaded', entries: result.organisations }),
      (error: unknown) => {
        // A table already shown stays, and so does "loading" while the page is still
        // connecting: the next change or the connection (onConnected) asks again.
        const connecting = error instanceof ProtocolError && error.code === 'not_connected';
        if (this.state.status === 'loaded' || connecting) this.loaded(this.state);
        else this.loaded({ status: 'failed', error });
      },
    );
  }

  private loaded(state: TableState): void {
    this.inFlight = false;
    if (this.disposed) return;
    this.state = state;
    this.render();
    if (this.again) {
      this.again = false;
      this.refresh();
    }
  }

  // Draws the section anew, keeping focus (and the caret) on the control that had it.
  private render(): void {
    const active = document.activeElement;
    const focusKey =
      active instanceof HTMLElement && this.element.contains(active)
        ? active.getAttribute('data-focus-key')
        : null;
    const selection =
      active instanceof HTMLTextAreaElement ? [active.selectionStart, active.selectionEnd] : null;
    const lang = this.lang;
    this.drawnWithButtons = this.props.canRemind();
    this.element.replaceChildren(
      h(
        'h2',
        { id: this.headingId, 'data-anchor-key': 'participation' },
        t(lang, 'participation.heading'),
      ),
      h('p', { class: 'hint' }, t(lang, 'participation.intro')),
      ...this.renderState(),
    );
    if (focusKey !== null) {
      const again = this.element.querySelector<HTMLElement>(
        `[data-focus-key="${CSS.escape(focusKey)}"]`,
      );
      again?.focus({ preventScroll: true });
      if (selection && again instanceof HTMLTextAreaElement) {
        again.setSelectionRange(selection[0] ?? null, selection[1] ?? null);
      }
    }
  }

  private renderState(): HTMLElement[] {
    const lang = this.lang;
    switch (this.state.status) {
      case 'loading':
        return [h('p', { class: 'loading' }, t(lang, 'participation.loading'))];
      case 'failed': {
        const retry = h(
          'button',
          { type: 'button', class: 'button-secondary', 'data-focus-key': 'participation-retry' },
          t(lang, 'action.retry'),
        );
        retry.addEventListener('click', () => {
          this.state = { status: 'loading' };
          this.render();
          this.refresh();
        });
        return [
          h(
            'div',
            { class: 'form-error', role: 'alert' },
            h('p', {}, messageForError(this.state.error, lang)),
          ),
          retry,
        ];
      }
      case 'loaded': {
        const entries = this.state.entries;
        if (entries.length === 0)
          return [h('p', { class: 'empty' }, t(lang, 'participation.empty'))];
        const parts: HTMLElement[] = [
          h(
            'p',
            { class: 'participation-summary' },
            t(lang, 'participation.summary', {
              count: takenPartCount(entries),
              total: entries.length,
            }),
          ),
        ];
        if (!this.props.canRemind()) {
          parts.push(h('p', { class: 'hint' }, t(lang, 'participation.onlyOpen')));
        }
        parts.push(this.renderTable(entries));
        return parts;
      }
    }
  }

  private renderTable(entries: OrganisationParticipation[]): HTMLElement {
    const lang = this.lang;
    const columns = [
      'participation.col.organisation',
      'participation.col.position',
      'participation.col.main',
      'participation.col.preparation',
      'participation.col.latest',
      'participation.col.reminders',
      'participation.col.action',
    ] as const;
    const canRemind = this.props.canRemind();
    const shown = canRemind ? columns : columns.slice(0, -1);
    const body = h('tbody', {});
    for (const entry of entries) {
      const id = entry.organisation.id;
      body.append(this.renderRow(entry, canRemind));
      // What the last reminder came to, right under the organisation's button (a row of its
      // own: the button's column is too narrow for a sentence).
      const status = this.statuses.get(id);
      if (canRemind && status) {
        body.append(
          h(
            'tr',
            { class: 'reminder-status-row' },
            h('td', { colspan: shown.length }, renderStatusBox(status, `reminder-status-${id}`)),
          ),
        );
      }
      if (canRemind && this.formFor === id) {
        body.append(
          h(
            'tr',
            { class: 'reminder-form-row' },
            h('td', { colspan: shown.length }, this.renderForm(entry)),
          ),
        );
      }
    }
    // The box scrolls sideways when the table is wider than the page; a keyboard user scrolls it
    // once it has the focus, so it takes the focus and is named by the table's caption.
    const captionId = uniqueId('participation-caption');
    return h(
      'div',
      {
        class: 'participation-table-box',
        role: 'region',
        tabindex: '0',
        'aria-labelledby': captionId,
      },
      h(
        'table',
        { class: 'participation-table' },
        h('caption', { id: captionId }, t(lang, 'participation.caption')),
        h(
          'thead',
          {},
          h('tr', {}, ...shown.map((key) => h('th', { scope: 'col' }, columnName(lang, key)))),
        ),
        body,
      ),
    );
  }

  private renderRow(entry: OrganisationParticipation, canRemind: boolean): HTMLElement {
    const lang = this.lang;
    const { organisation, posts, reminders, position } = entry;
    const takenPart = hasTakenPart(entry);
    // Each cell says what it is on a phone, where the rows are stacked (see main.css).
    const cell = (labelKey: ColumnKey, ...content: Array<Node | string>) =>
      h('td', { 'data-label': columnName(lang, labelKey) }, ...content);
    const time = (iso: string) => h('time', { datetime: iso }, formatDateTime(lang, iso));
    const row = h(
      'tr',
      { class: takenPart ? 'participation-row' : 'participation-row participation-none' },
      h(
        'th',
        { scope: 'row' },
        h('span', { lang: CONTENT_LANG }, organisation.name),
        // The side, under the name: a column of its own leaves too little room on a laptop.
        h('span', { class: 'participation-side' }, t(lang, `side.${organisation.side}`)),
        takenPart
          ? null
          : h(
              'span',
              { class: 'tag tag-not-yet' },
              h('span', { 'aria-hidden': 'true' }, '! '),
              t(lang, 'participation.notYet'),
            ),
      ),
      cell(
        'participation.col.position',
        position.stance === null
          ? pt(lang, 'positions.none')
          : pt(lang, 'positions.stanceWithVersion', {
              stance: stanceName(lang, position.stance),
              version: position.version,
            }),
      ),
      cell('participation.col.main', String(posts.main)),
      cell('participation.col.preparation', String(posts.preparation)),
      cell(
        'participation.col.latest',
        posts.latest_at === null ? t(lang, 'participation.noPost') : time(posts.latest_at),
      ),
      cell(
        'participation.col.reminders',
        ...(reminders.count === 0 || reminders.latest_at === null
          ? [t(lang, 'participation.noReminders')]
          : [
              `${reminders.count}`,
              // Read as "1, senast …"; seen as the count over the time.
              h('span', { class: 'visually-hidden' }, ', '),
              h(
                'span',
                { class: 'participation-latest' },
                `${t(lang, 'participation.latest')} `,
                time(reminders.latest_at),
              ),
            ]),
      ),
    );
    if (canRemind) row.append(this.renderAction(entry));
    return row;
  }

  private renderAction(entry: OrganisationParticipation): HTMLElement {
    const lang = this.lang;
    const id = entry.organisation.id;
    const open = this.formFor === id;
    const button = h(
      'button',
      {
        type: 'button',
        class: 'button-secondary',
        'aria-expanded': open ? 'true' : 'false',
        'data-focus-key': `remind-${id}`,
      },
      t(lang, 'participation.remind'),
      h('span', { class: 'visually-hidden', lang: CONTENT_LANG }, ` ${entry.organisation.name}`),
    );
    button.addEventListener('click', () => {
      this.formFor = open ? null : id;
      this.formStatus = null;
      this.statuses.delete(id);
      this.render();
      const target = open ? `remind-${id}` : `reminder-message-${id}`;
      this.element.querySelector<HTMLElement>(`[data-focus-key="${target}"]`)?.focus();
    });
    return h(
      'td',
      { class: 'participation-action', 'data-label': t(lang, 'participation.col.action') },
      button,
    );
  }

  private renderForm(entry: OrganisationParticipation): HTMLElement {
    const lang = this.lang;
    const { id, name } = entry.organisation;
    const base = uniqueId('reminder');
    const fieldId = `${base}-message`;
    const draftKey = `${this.props.roundId}:reminder:${id}`;
    const field = h('textarea', {
      id: fieldId,
      rows: 3,
      lang: CONTENT_LANG,
      'aria-describedby': `${fieldId}-hint ${fieldId}-count ${fieldId}-error`,
      'data-focus-key': `reminder-message-${id}`,
    });
    field.value = this.props.drafts.get(draftKey) ?? '';
    const count = h('p', { class: 'char-count', id: `${fieldId}-count` });
    const error = h('div', { class: 'field-error', id: `${fieldId}-error`, role: 'alert' });
    const updateCount = trackLength(field, count, REASON_MAX_BYTES, lang, this.props.announce);
    updateCount();
    const showError = (message: string | null): void => {
      error.replaceChildren(message === null ? '' : h('p', {}, message));
      if (message === null) field.removeAttribute('aria-invalid');
      else field.setAttribute('aria-invalid', 'true');
    };
    field.addEventListener('input', () => {
      if (field.value === '') this.props.drafts.delete(draftKey);
      else this.props.drafts.set(draftKey, field.value);
      if (updateCount().kind !== 'over' && error.childElementCount > 0) showError(null);
    });
    const send = h(
      'button',
      { type: 'submit', class: 'button-primary', 'data-focus-key': `reminder-send-${id}` },
      t(lang, 'participation.form.send'),
    );
    const cancel = h(
      'button',
      { type: 'button', class: 'button-secondary', 'data-focus-key': `reminder-cancel-${id}` },
      t(lang, 'participation.form.cancel'),
    );
    cancel.addEventListener('click', () => this.closeForm(id));
    const headingId = `${base}-heading`;
    const form = h(
      'form',
      { class: 'reminder-form', novalidate: true, 'aria-labelledby': headingId },
      h('h3', { id: headingId }, t(lang, 'participation.form.heading', { org: name })),
      h(
        'div',
        { class: 'field' },
        h('label', { for: fieldId }, t(lang, 'participation.form.message')),
        h('p', { class: 'hint', id: `${fieldId}-hint` }, t(lang, 'participation.form.hint')),
        field,
        count,
        error,
      ),
      h('div', { class: 'form-buttons' }, send, cancel),
      renderStatusBox(this.formStatus, `reminder-form-status-${id}`),
    );
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.closeForm(id);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.sending) return;
      const message = field.value;
      if (utf8Length(message) > REASON_MAX_BYTES) {
        showError(tooLongText(lang, message, REASON_MAX_BYTES));
        field.focus();
        return;
      }
      showError(null);
      this.sending = true;
      send.setAttribute('aria-disabled', 'true');
      // A message of nothing but spaces is no message: sent as none.
      this.props.actions.remind(id, isBlank(message) ? undefined : message).then(
        () => {
          this.sending = false;
          this.props.drafts.delete(draftKey);
          const text = t(lang, 'participation.sent', { org: name });
          this.statuses.set(id, { text, error: false });
          this.formFor = null;
          this.formStatus = null;
          this.render();
          this.element.querySelector<HTMLElement>(`[data-focus-key="remind-${id}"]`)?.focus();
          this.props.announce(text);
          this.refresh();
        },
        (failure: unknown) => {
          this.sending = false;
          send.removeAttribute('aria-disabled');
          this.formStatus = { text: messageForError(failure, lang), error: true };
          this.render();
        },
      );
    });
    return form;
  }

  private closeForm(id: number): void {
    this.formFor = null;
    this.formStatus = null;
    this.render();
    this.element.querySelector<HTMLElement>(`[data-focus-key="remind-${id}"]`)?.focus();
  }
}

// The secretariat's newest reminder to the person's organisation, as a notice at the top of the
// round page until the person dismisses it (onDismiss).
type ColumnKey = Parameters<typeof t>[1] | 'participation.col.position';

function columnName(lang: Lang, key: ColumnKey): string {
  return key === 'participation.col.position' ? pt(lang, 'positions.column') : t(lang, key);
}

export function renderReminderNotice(
  lang: Lang,
  reminder: ReminderData,
  onDismiss: () => void,
): HTMLElement {
  const headingId = uniqueId('reminder-heading');
  const org = reminder.organisation.name;
  const text =
    reminder.message === ''
      ? h('p', {}, t(lang, 'reminder.withoutMessage', { org }))
      : h(
          'p',
          {},
          h('strong', {}, t(lang, 'reminder.withMessage', { org })),
          ' ',
          h('span', { class: 'plain-text', lang: CONTENT_LANG }, reminder.message),
        );
  const dismiss = h(
    'button',
    { type: 'button', class: 'button-secondary', 'data-focus-key': 'dismiss-reminder' },
    t(lang, 'reminder.dismiss'),
  );
  dismiss.addEventListener('click', onDismiss);
  return h(
    'section',
    { class: 'notice reminder-notice', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, t(lang, 'reminder.heading')),
    text,
    reminder.positionMissing ? h('p', {}, pt(lang, 'reminder.positionMissing', { org })) : null,
    h(
      'p',
      { class: 'reminder-byline' },
      `${t(lang, 'reminder.sentBy', { name: reminder.by.name })}, `,
      h('time', { datetime: reminder.at }, formatDateTime(lang, reminder.at)),
      '.',
    ),
    dismiss,
  );
}
