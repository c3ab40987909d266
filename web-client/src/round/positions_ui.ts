// Positions on the round page: the tally by part of the consultation with who has not answered,
// each organisation's position with its earlier versions, and for a representative of an invited
// organisation the form in which they state or revise its position while the round is open. The
// panel lives as long as the round page, so a half-filled form survives the page being redrawn;
// only the tally and the list are drawn anew when a position arrives.

import { formatDateTime, t } from '../i18n/strings';
import { groupName, pt, stanceName } from '../i18n/position_strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { messageForError, ProtocolError } from '../protocol/errors';
import { isBlank, POST_BODY_MAX_BYTES, REASON_MAX_BYTES } from '../protocol/limits';
import {
  STANCES,
  type Person,
  type PointPositionRequest,
  type Stance,
  type StatePositionResult,
} from '../protocol/messages';
import type { LengthStatus } from '../ui/character_count';
import { h, uniqueId } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import { renderStatusBox, type ActionStatus } from './agenda_ui';
import { tooLongText, trackLength } from './composer_ui';
import {
  latestPosition,
  tally,
  type OrganisationPosition,
  type PositionVersion,
  type StanceTally,
} from './positions_data';
import type { RoundData } from './round_data';

// What the form sends: the version it revises (0: the first), the stance, the motivation and
// the points that were given a stance.
export interface PositionSubmission {
  revises: number;
  stance: Stance;
  motivation: string;
  points: PointPositionRequest[];
}

export interface PositionsPanelProps {
  lang: Lang;
  person: Person;
  round: RoundData;
  drafts: Map<string, string>;
  announce: (message: string) => void;
  state: (submission: PositionSubmission) => Promise<StatePositionResult>;
}

const STATUS_KEY = 'position-status';

// The open form, the version it revises, and whether its next sending revises the latest
// version instead (set after a conflict, once the person has been told to read it).
interface OpenForm {
  element: HTMLFormElement;
  revises: number;
  revisesLatest: boolean;
  // Offered by itself for a first position, and not yet touched: it gives way when a position
  // of the organisation arrives (the page was still loading, or a colleague was quicker).
  untouchedFirst: boolean;
}

export class PositionsPanel {
  readonly element: HTMLElement;
  private readonly headingId = uniqueId('positions-heading');
  private readonly summary = h('div', { class: 'positions-summary' });
  private readonly list = h('div', { class: 'positions-list' });
  private readonly formArea = h('div', { class: 'position-form-area' });
  // The open form and the version it revises; null while the form is closed.
  private form: OpenForm | null = null;
  private status: ActionStatus | null = null;
  private sending = false;
  // The version this person's last sending became: its answer can arrive before its event, and
  // the page must not offer the first position again meanwhile.
  private savedVersion = 0;

  constructor(private readonly props: PositionsPanelProps) {
    this.element = h(
      'section',
      { class: 'positions', 'aria-labelledby': this.headingId },
      h(
        'h2',
        { id: this.headingId, 'data-anchor-key': 'positions', tabindex: '-1' },
        pt(props.lang, 'positions.heading'),
      ),
      h('p', { class: 'section-intro' }, pt(props.lang, 'positions.intro')),
      this.summary,
      this.formArea,
      this.list,
    );
    this.update();
  }

  private get lang(): Lang {
    return this.props.lang;
  }

  private get draftKey(): string {
    return `position-${this.props.round.id}`;
  }

  // A position arrived or the round changed (phase, invitations, agenda): the tally and the list
  // are drawn anew; an open form stays as it is, revising the version it was opened on.
  update(): void {
    const info = this.props.round.info;
    if (!info) return;
    const result = tally(info.invited, this.props.round.positions);
    this.summary.replaceChildren(
      this.renderTally(result.groups, result.total),
      this.renderUnanswered(result.unanswered),
    );
    this.renderList(result.answered.map(({ organisation }) => organisation.id));
    this.renderFormArea();
  }

  // --- the tally ---

  private renderTally(groups: ReturnType<typeof tally>['groups'], total: StanceTally): HTMLElement {
    const lang = this.lang;
    const answered = total.invited - total.unanswered;
    const row = (label: string, counts: StanceTally, header: 'th' | 'td' = 'th') =>
      h(
        'tr',
        {},
        h(header === 'th' ? 'th' : 'th', { scope: 'row' }, label),
        ...STANCES.map((stance) =>
          h('td', { 'data-label': stanceName(lang, stance) }, String(counts.counts[stance])),
        ),
        h('td', { 'data-label': pt(lang, 'positions.col.unanswered') }, String(counts.unanswered)),
      );
    // A table is wider than a phone: its box scrolls, and can be scrolled with the keyboard.
    return h(
      'div',
      {
        class: 'table-scroll positions-table-box',
        role: 'region',
        'aria-label': pt(lang, 'positions.tableLabel'),
        tabindex: '0',
      },
      h(
        'table',
        { class: 'positions-table cards-on-phone' },
        h('caption', {}, pt(lang, 'positions.caption', { answered, invited: total.invited })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, pt(lang, 'positions.col.group')),
            ...STANCES.map((stance) => h('th', { scope: 'col' }, stanceName(lang, stance))),
            h('th', { scope: 'col' }, pt(lang, 'positions.col.unanswered')),
          ),
        ),
        h('tbody', {}, ...groups.map((group) => row(groupName(lang, group.group), group))),
        h('tfoot', {}, row(pt(lang, 'positions.total'), total)),
      ),
    );
  }

  private renderUnanswered(organisations: { id: number; name: string }[]): HTMLElement {
    const lang = this.lang;
    const headingId = uniqueId('unanswered-heading');
    if (organisations.length === 0) {
      return h('p', { class: 'positions-all-answered' }, pt(lang, 'positions.unanswered.none'));
    }
    return h(
      'div',
      { class: 'positions-unanswered' },
      h(
        'h3',
        { id: headingId },
        pt(lang, 'positions.unanswered.heading', { count: organisations.length }),
      ),
      h(
        'ul',
        { class: 'unanswered-list', 'aria-labelledby': headingId },
        ...organisations.map((organisation) => h('li', { lang: CONTENT_LANG }, organisation.name)),
      ),
    );
  }

  // --- the positions themselves ---

  private renderList(answeredIds: number[]): void {
    const lang = this.lang;
    const headingId = uniqueId('positions-list-heading');
    const positions = answeredIds
      .map((id) => this.props.round.positions.get(id))
      .filter((position): position is OrganisationPosition => position !== undefined);
    this.list.replaceChildren(
      h('h3', { id: headingId }, pt(lang, 'positions.list.heading')),
      positions.length === 0
        ? h('p', {}, pt(lang, 'positions.list.empty'))
        : h(
            'ul',
            { class: 'position-list', 'aria-labelledby': headingId },
            ...positions.map((position) => h('li', {}, this.renderPosition(position))),
          ),
    );
  }

  private renderPosition(position: OrganisationPosition): HTMLElement {
    const lang = this.lang;
    const latest = position.versions.at(-1)!;
    const headingId = uniqueId('position-heading');
    const earlier = position.versions.slice(0, -1).reverse();
    return h(
      'article',
      { class: 'position', 'aria-labelledby': headingId },
      h('h4', { id: headingId, lang: CONTENT_LANG }, position.organisation.name),
      this.renderVersion(latest, 5),
      earlier.length === 0
        ? null
        : h(
            'details',
            { class: 'position-history' },
            h('summary', {}, pt(lang, 'positions.history', { count: earlier.length })),
            h(
              'ol',
              { class: 'position-versions', reversed: '' },
              ...earlier.map((version) =>
                h('li', { value: String(version.version) }, this.renderVersion(version, 5)),
              ),
            ),
          ),
    );
  }

  // One version: its stance, who stated it and when, its motivation and its points. Headings in
  // the motivation start below `level`.
  private renderVersion(version: PositionVersion, level: number): HTMLElement {
    const lang = this.lang;
    const motivation = h('div', { class: 'markdown position-motivation', lang: CONTENT_LANG });
    if (version.motivation === '') {
      motivation.append(h('p', { class: 'muted' }, pt(lang, 'positions.noMotivation')));
    } else {
      setMarkdown(motivation, version.motivation, level, { tableLabel: t(lang, 'markdown.table') });
    }
    const threads = this.props.round.threads;
    return h(
      'div',
      { class: 'position-version' },
      h(
        'p',
        { class: 'position-stance' },
        h('span', { class: `stance stance-${version.stance}` }, stanceName(lang, version.stance)),
      ),
      h(
        'p',
        { class: 'position-byline' },
        `${pt(lang, 'positions.byline', { version: version.version, name: version.by.name })}, `,
        h('time', { datetime: version.at }, formatDateTime(lang, version.at)),
      ),
      motivation,
      version.points.length === 0
        ? null
        : h(
            'div',
            { class: 'position-points' },
            h(`h${Math.min(6, level)}` as 'h5', {}, pt(lang, 'positions.points')),
            h(
              'ul',
              {},
              ...version.points.map((point) =>
                h(
                  'li',
                  {},
                  h(
                    'span',
                    { lang: CONTENT_LANG },
                    threads.get(point.thread_id)?.title ??
                      pt(lang, 'positions.point.unknown', { id: point.thread_id }),
                  ),
                  ': ',
                  h('strong', {}, stanceName(lang, point.stance)),
                  point.motivation === ''
                    ? null
                    : h(
                        'span',
                        { class: 'plain-text', lang: CONTENT_LANG },
                        ` – ${point.motivation}`,
                      ),
                ),
              ),
            ),
          ),
    );
  }

  // --- the form ---

  private get mayState(): boolean {
    const info = this.props.round.info;
    const { person } = this.props;
    return (
      info !== null &&
      person.role === 'representative' &&
      info.invited.some((organisation) => organisation.id === person.organisation.id)
    );
  }

  private renderFormArea(): void {
    const lang = this.lang;
    const info = this.props.round.info;
    if (!info || !this.mayState) {
      this.formArea.replaceChildren();
      this.form = null;
      return;
    }
    const org = this.props.person.organisation.name;
    const latest = latestPosition(this.props.round.positions, this.props.person.organisation.id);
    const latestVersion = Math.max(latest?.version ?? 0, this.savedVersion);
    const statusBox = renderStatusBox(this.status, STATUS_KEY);
    const heading = h('h3', {}, pt(lang, 'positions.form.heading', { org }));
    if (info.phase !== 'open') {
      this.form = null;
      this.formArea.replaceChildren(
        heading,
        h(
          'p',
          {},
          pt(lang, info.phase === 'draft' ? 'positions.form.draft' : 'positions.form.closed'),
        ),
      );
      return;
    }
    const current = h(
      'p',
      {},
      latestVersion > 0
        ? pt(lang, 'positions.form.current', {
            org,
            version: latestVersion,
            next: latestVersion + 1,
          })
        : pt(lang, 'positions.form.first', { org }),
    );
    // The first position is asked for at once; a revision opens on request.
    if (latestVersion > 0 && this.form?.untouchedFirst) this.form = null;
    if (latestVersion === 0 && !this.form) this.form = this.buildForm(null);
    if (this.form) {
      this.formArea.replaceChildren(heading, current, statusBox, this.form.element);
      return;
    }
    const open = h(
      'button',
      { type: 'button', class: 'button-secondary', 'data-focus-key': 'open-position-form' },
      pt(lang, 'positions.form.open'),
    );
    open.addEventListener('click', () => {
      this.status = null;
      this.form = this.buildForm(latest);
      this.renderFormArea();
      this.form?.element.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
    });
    this.formArea.replaceChildren(heading, current, statusBox, open);
  }

  // The form, filled in with the version it revises (or a half-written motivation).
  private buildForm(revising: PositionVersion | null): OpenForm {
    const lang = this.lang;
    const base = uniqueId('position-form');
    const stanceError = h('p', { class: 'field-error', id: `${base}-stance-error`, hidden: true });
    const stanceSet = h(
      'fieldset',
      { class: 'stance-choice', 'aria-describedby': `${base}-stance-error` },
      h('legend', {}, pt(lang, 'positions.form.stance')),
      ...STANCES.map((stance) => {
        const id = `${base}-${stance}`;
        const radio = h('input', { type: 'radio', name: `${base}-stance`, id, value: stance });
        radio.checked = revising?.stance === stance;
        return h(
          'div',
          { class: 'choice' },
          radio,
          h('label', { for: id }, stanceName(lang, stance)),
        );
      }),
      stanceError,
    );
    const motivationId = `${base}-motivation`;
    const motivation = h('textarea', {
      id: motivationId,
      rows: '6',
      'aria-describedby': `${motivationId}-hint ${motivationId}-count ${motivationId}-error`,
    });
    motivation.value = this.props.drafts.get(this.draftKey) ?? revising?.motivation ?? '';
    const motivationCount = h('p', { class: 'char-count', id: `${motivationId}-count` });
    const motivationError = h('p', {
      class: 'field-error',
      id: `${motivationId}-error`,
      hidden: true,
    });
    const countMotivation = trackLength(
      motivation,
      motivationCount,
      POST_BODY_MAX_BYTES,
      lang,
      this.props.announce,
    );
    motivation.addEventListener('input', () => {
      this.props.drafts.set(this.draftKey, motivation.value);
      countMotivation();
    });

    const points = this.renderPointFields(base, revising);
    const submit = h(
      'button',
      { type: 'submit', 'data-focus-key': 'submit-position' },
      revising
        ? pt(lang, 'positions.form.submitRevision', { next: revising.version + 1 })
        : pt(lang, 'positions.form.submitFirst'),
    );
    const element = h(
      'form',
      { class: 'position-form', novalidate: '' },
      stanceSet,
      h(
        'div',
        { class: 'field' },
        h('label', { for: motivationId }, pt(lang, 'positions.form.motivation')),
        h(
          'p',
          { class: 'hint', id: `${motivationId}-hint` },
          pt(lang, 'positions.form.motivationHint'),
        ),
        motivation,
        motivationCount,
        motivationError,
      ),
      points.element,
      h('div', { class: 'form-actions' }, submit, revising ? this.cancelButton() : null),
    );
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = element.querySelector<HTMLInputElement>(
        `input[name="${base}-stance"]:checked`,
      );
      const stance = STANCES.find((s) => s === chosen?.value);
      const showError = (field: HTMLElement, box: HTMLElement, text: string | null) => {
        box.textContent = text ?? '';
        box.hidden = text === null;
        if (text === null) field.removeAttribute('aria-invalid');
        else field.setAttribute('aria-invalid', 'true');
      };
      showError(stanceSet, stanceError, stance ? null : pt(lang, 'positions.form.stanceMissing'));
      let motivationProblem: string | null = null;
      if (stance !== 'no_comments' && isBlank(motivation.value)) {
        motivationProblem = pt(lang, 'positions.form.motivationMissing');
      } else if (countMotivation().kind === 'over') {
        motivationProblem = tooLongText(lang, motivation.value, POST_BODY_MAX_BYTES);
      }
      showError(motivation, motivationError, motivationProblem);
      const pointProblem = points.firstProblem();
      if (!stance) {
        element.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
        return;
      }
      if (motivationProblem !== null) {
        motivation.focus();
        return;
      }
      if (pointProblem) {
        pointProblem.focus();
        return;
      }
      // After a conflict the person was shown the newer version: they now revise that one.
      if (this.form?.revisesLatest) {
        this.form.revises =
          latestPosition(this.props.round.positions, this.props.person.organisation.id)?.version ??
          0;
        this.form.revisesLatest = false;
      }
      void this.send(submit, {
        revises: this.form?.revises ?? 0,
        stance,
        motivation: motivation.value,
        points: points.values(),
      });
    });
    const form: OpenForm = {
      element,
      revises: revising?.version ?? 0,
      revisesLatest: false,
      untouchedFirst: revising === null,
    };
    const touched = () => {
      form.untouchedFirst = false;
    };
    element.addEventListener('input', touched);
    element.addEventListener('change', touched);
    return form;
  }

  private cancelButton(): HTMLElement {
    const cancel = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      pt(this.lang, 'positions.form.cancel'),
    );
    cancel.addEventListener('click', () => {
      this.form = null;
      this.props.drafts.delete(this.draftKey);
      this.renderFormArea();
      this.formArea.querySelector<HTMLElement>('[data-focus-key="open-position-form"]')?.focus();
    });
    return cancel;
  }

  // One choice per accepted agenda item, in the agenda's order, each with an optional motivation.
  private renderPointFields(
    base: string,
    revising: PositionVersion | null,
  ): {
    element: HTMLElement;
    values: () => PointPositionRequest[];
    firstProblem: () => HTMLElement | null;
  } {
    const lang = this.lang;
    const { round } = this.props;
    const items = round.threadOrder
      .map((id) => round.threads.get(id))
      .filter((thread) => thread !== undefined && thread.status === 'accepted');
    const fields: {
      threadId: number;
      select: HTMLSelectElement;
      text: HTMLInputElement;
      count: () => LengthStatus;
    }[] = [];
    const rows = items.map((thread) => {
      const previous = revising?.points.find((point) => point.thread_id === thread!.id);
      const selectId = `${base}-point-${thread!.id}`;
      const textId = `${selectId}-motivation`;
      const select = h(
        'select',
        { id: selectId },
        h('option', { value: '' }, pt(lang, 'positions.form.pointNone')),
        ...STANCES.map((stance) => h('option', { value: stance }, stanceName(lang, stance))),
      );
      select.value = previous?.stance ?? '';
      const text = h('input', { type: 'text', id: textId, 'aria-describedby': `${textId}-count` });
      text.value = previous?.motivation ?? '';
      const countNote = h('p', { class: 'char-count', id: `${textId}-count` });
      const count = trackLength(text, countNote, REASON_MAX_BYTES, lang, this.props.announce);
      text.addEventListener('input', () => count());
      fields.push({ threadId: thread!.id, select, text, count });
      return h(
        'li',
        { class: 'point-field' },
        h('label', { for: selectId, lang: CONTENT_LANG }, thread!.title),
        select,
        h(
          'label',
          { for: textId, class: 'point-motivation-label' },
          pt(lang, 'positions.form.pointMotivation'),
        ),
        text,
        countNote,
      );
    });
    const hasPoints = (revising?.points.length ?? 0) > 0;
    const element =
      rows.length === 0
        ? h('div')
        : h(
            'details',
            { class: 'position-points-form', ...(hasPoints ? { open: '' } : {}) },
            h('summary', {}, pt(lang, 'positions.form.points')),
            h('p', { class: 'hint' }, pt(lang, 'positions.form.pointsHint')),
            h('ul', { class: 'point-fields' }, ...rows),
          );
    return {
      element,
      values: () =>
        fields.flatMap(({ threadId, select, text }) => {
          const stance = STANCES.find((s) => s === select.value);
          if (!stance) return [];
          return isBlank(text.value)
            ? [{ thread_id: threadId, stance }]
            : [{ thread_id: threadId, stance, motivation: text.value }];
        }),
      firstProblem: () => fields.find(({ count }) => count().kind === 'over')?.text ?? null,
    };
  }

  private async send(submit: HTMLButtonElement, submission: PositionSubmission): Promise<void> {
    if (this.sending) return;
    const lang = this.lang;
    this.sending = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const result = await this.props.state(submission);
      this.status = {
        text: pt(lang, 'positions.form.saved', { version: result.version }),
        error: false,
      };
      this.form = null;
      this.props.drafts.delete(this.draftKey);
    } catch (error) {
      const org = this.props.person.organisation.name;
      const conflict = error instanceof ProtocolError && error.code === 'conflict';
      if (conflict && this.form) this.form.revisesLatest = true;
      this.status = {
        text: conflict
          ? pt(lang, 'positions.form.conflict', { org })
          : messageForError(error, lang),
        error: true,
      };
    } finally {
      this.sending = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
    this.renderFormArea();
    this.formArea.querySelector<HTMLElement>(`[data-focus-key="${STATUS_KEY}"]`)?.focus();
  }
}
