// The outcome (utfall) on the round page, for everyone in a closed or decided round: the
// latest outcome with the points agreed and the state's response to each point raised (with
// links to the posts and the organisations that raised it), and every reservation. The
// secretariat writes or revises the outcome in a form here while the round is closed, and
// corrects it, giving the reason, once it is decided; the representatives of invited organisations attach reservations once it is written. The panel
// lives as long as the round page, so a half-filled form survives the page being redrawn.

import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { acceptanceName, ot, type OutcomeStringKey } from '../i18n/outcome_strings';
import { formatDateTime } from '../i18n/strings';
import { postHref } from '../app/router';
import { messageForError, ProtocolError } from '../protocol/errors';
import {
  checkText,
  POST_BODY_MAX_BYTES,
  REASON_MAX_BYTES,
  THREAD_TITLE_MAX_BYTES,
} from '../protocol/limits';
import {
  ACCEPTANCES,
  type Acceptance,
  type Person,
  type PointResponse,
  type RoundChangeResult,
  type WriteOutcomeResult,
} from '../protocol/messages';
import { h, showOnly, uniqueId } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import { renderStatusBox, type ActionStatus } from './agenda_ui';
import { latestOutcome, type OutcomeVersion } from './outcome_data';
import { postStart, type RoundData } from './round_data';

// What the secretariat's form sends; a decided round's outcome is corrected, with the reason.
export interface OutcomeSubmission {
  revises: number;
  summary: string;
  agreed: string[];
  responses: PointResponse[];
  correction?: string;
}

export interface OutcomePanelProps {
  lang: Lang;
  person: Person;
  round: RoundData;
  drafts: Map<string, string>;
  writeOutcome: (submission: OutcomeSubmission) => Promise<WriteOutcomeResult>;
  attachDissent: (text: string) => Promise<RoundChangeResult>;
}

const OUTCOME_STATUS_KEY = 'outcome-status';
const DISSENT_STATUS_KEY = 'dissent-status';

// A text field with its error line, for the checks before sending.
interface CheckedField {
  field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  error: HTMLElement;
  maxBytes: number;
  missing: OutcomeStringKey;
}

// The secretariat's open form: the version it revises, and whether the next sending revises
// the latest version instead (after a conflict, once the person has been shown it).
interface OpenOutcomeForm {
  element: HTMLFormElement;
  revises: number;
  revisesLatest: boolean;
}

// A field's error is taken back as soon as the person changes the field; sending checks again.
function clearErrorOnChange(
  field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  error: HTMLElement,
): void {
  const clear = () => {
    error.hidden = true;
    error.textContent = '';
    field.removeAttribute('aria-invalid');
  };
  field.addEventListener('input', clear);
  field.addEventListener('change', clear);
}

export class OutcomePanel {
  readonly element: HTMLElement;
  private readonly headingId = uniqueId('outcome-heading');
  private readonly intro = h('p', { class: 'section-intro' });
  private readonly shown = h('div', { class: 'outcome-shown' });
  private readonly formArea = h('div', { class: 'outcome-form-area' });
  private readonly dissentArea = h('div', { class: 'dissent-form-area' });
  private form: OpenOutcomeForm | null = null;
  private dissentForm: HTMLFormElement | null = null;
  // The status boxes and the button that opens the form stay the same elements while their
  // content does, so that a redraw (an event arriving) does not take the focus from them.
  private outcomeStatusBox = renderStatusBox(null, OUTCOME_STATUS_KEY);
  private dissentStatusBox = renderStatusBox(null, DISSENT_STATUS_KEY);
  private readonly openFormButton = h('button', {
    type: 'button',
    class: 'button-primary',
    'data-focus-key': 'open-outcome-form',
  });
  private sending = false;

  constructor(private readonly props: OutcomePanelProps) {
    this.element = h(
      'section',
      { class: 'outcome', 'aria-labelledby': this.headingId },
      h(
        'h2',
        { id: this.headingId, 'data-anchor-key': 'outcome', tabindex: '-1' },
        ot(props.lang, 'outcome.heading'),
      ),
      this.intro,
      this.shown,
      this.formArea,
      this.dissentArea,
    );
    this.update();
  }

  private get lang(): Lang {
    return this.props.lang;
  }

  // The outcome, a reservation or the round changed: what is shown is drawn anew; open forms
  // stay as they are.
  update(): void {
    const info = this.props.round.info;
    if (!info) return;
    // Once decided, what is shown is final: the intro says so instead of how it comes about.
    this.intro.textContent = ot(
      this.lang,
      info.phase === 'decided' ? 'outcome.introDecided' : 'outcome.intro',
    );
    const latest = latestOutcome(this.props.round.outcome);
    this.shown.replaceChildren(
      ...(latest ? this.renderOutcome(latest) : [h('p', {}, ot(this.lang, 'outcome.none'))]),
      ...this.renderDissent(),
    );
    this.renderFormArea();
    this.renderDissentArea();
  }

  // --- what everyone sees ---

  private renderOutcome(outcome: OutcomeVersion): HTMLElement[] {
    const lang = this.lang;
    const summary = h('div', { class: 'markdown outcome-summary', lang: CONTENT_LANG });
    setMarkdown(summary, outcome.summary, 3);
    const agreed =
      outcome.agreed.length === 0
        ? h('p', {}, ot(lang, 'outcome.agreedNone'))
        : h(
            'ul',
            { class: 'outcome-agreed', lang: CONTENT_LANG },
            ...outcome.agreed.map((point) => h('li', {}, point)),
          );
    const responses =
      outcome.responses.length === 0
        ? h('p', {}, ot(lang, 'outcome.responsesNone'))
        : h(
            'ul',
            { class: 'outcome-responses' },
            ...outcome.responses.map((response) => this.renderResponse(response)),
          );
    return [
      h(
        'p',
        { class: 'outcome-meta' },
        ot(lang, 'outcome.meta', {
          version: outcome.version,
          name: outcome.by.name,
          at: formatDateTime(lang, outcome.at),
        }),
      ),
      ...(outcome.correction === null
        ? []
        : [
            h(
              'p',
              { class: 'outcome-correction', lang: CONTENT_LANG },
              ot(lang, 'outcome.corrected', { reason: outcome.correction }),
            ),
          ]),
      h('h3', {}, ot(lang, 'outcome.summary')),
      summary,
      h('h3', {}, ot(lang, 'outcome.agreed')),
      agreed,
      h('h3', {}, ot(lang, 'outcome.responses')),
      responses,
    ];
  }

  private renderResponse(response: PointResponse): HTMLElement {
    const lang = this.lang;
    const { round } = this.props;
    const item = h(
      'li',
      { class: `outcome-response response-${response.response}` },
      h('h4', { lang: CONTENT_LANG }, response.point),
      h(
        'p',
        {},
        h('strong', {}, `${ot(lang, 'outcome.response')}: `),
        h('span', { class: 'response-badge' }, acceptanceName(lang, response.response)),
      ),
      h(
        'p',
        {},
        h('strong', {}, `${ot(lang, 'outcome.reason')}: `),
        h('span', { lang: CONTENT_LANG }, response.reason),
      ),
    );
    if (response.organisation_ids.length > 0) {
      const names = response.organisation_ids.map(
        (id) =>
          round.positions.get(id)?.organisation.name ??
          round.info?.invited.find((organisation) => organisation.id === id)?.name ??
          ot(lang, 'outcome.organisationGone', { id }),
      );
      item.append(
        h(
          'p',
          {},
          h('strong', {}, `${ot(lang, 'outcome.raisedByOrganisations')}: `),
          names.join(', '),
        ),
      );
    }
    if (response.post_ids.length > 0) {
      item.append(
        h('p', {}, h('strong', {}, `${ot(lang, 'outcome.raisedByPosts')}:`)),
        h(
          'ul',
          { class: 'outcome-posts' },
          ...response.post_ids.map((id) => {
            const post = round.posts.get(id);
            const thread = post ? round.threads.get(post.threadId) : undefined;
            const text = post
              ? ot(lang, 'outcome.postLink', {
                  author: post.author.name,
                  thread: thread?.title ?? '',
                })
              : ot(lang, 'outcome.postGone', { id });
            return h('li', {}, h('a', { href: postHref(round.id, id) }, text));
          }),
        ),
      );
    }
    return item;
  }

  private renderDissent(): HTMLElement[] {
    const lang = this.lang;
    const { dissent, versions } = this.props.round.outcome;
    if (versions.length === 0) return [];
    return [
      h('h3', {}, ot(lang, 'outcome.dissent')),
      dissent.length === 0
        ? h('p', {}, ot(lang, 'outcome.dissentNone'))
        : h(
            'ul',
            { class: 'dissent-list' },
            ...dissent.map((entry) => {
              const text = h('div', { class: 'markdown', lang: CONTENT_LANG });
              setMarkdown(text, entry.text, 5);
              return h(
                'li',
                { class: 'dissent' },
                h('h4', {}, entry.organisation.name),
                text,
                h(
                  'p',
                  { class: 'dissent-meta' },
                  ot(lang, 'outcome.dissentMeta', {
                    name: entry.by.name,
                    at: formatDateTime(lang, entry.at),
                  }),
                ),
              );
            }),
          ),
    ];
  }

  // --- the secretariat's form ---

  private get mayWrite(): boolean {
    const role = this.props.person.role;
    const phase = this.props.round.info?.phase;
    return (role === 'secretariat' || role === 'admin') && (phase === 'closed' || this.correcting);
  }

  // Once decided, a new version of the outcome is a correction.
  private get correcting(): boolean {
    return this.props.round.info?.phase === 'decided';
  }

  private renderFormArea(): void {
    const lang = this.lang;
    if (!this.mayWrite) {
      this.form = null;
      this.formArea.replaceChildren();
      return;
    }
    const latest = latestOutcome(this.props.round.outcome);
    if (this.form) {
      showOnly(this.formArea, [this.outcomeStatusBox, this.form.element]);
      return;
    }
    this.openFormButton.textContent = latest
      ? ot(lang, this.correcting ? 'outcome.form.correct' : 'outcome.form.revise', {
          next: latest.version + 1,
        })
      : ot(lang, 'outcome.form.open');
    this.openFormButton.onclick = () => {
      this.setOutcomeStatus(null);
      this.form = this.buildForm(latestOutcome(this.props.round.outcome) ?? null);
      this.renderFormArea();
      this.form?.element.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    };
    showOnly(this.formArea, [this.outcomeStatusBox, this.openFormButton]);
  }

  private setOutcomeStatus(status: ActionStatus | null): void {
    this.outcomeStatusBox = renderStatusBox(status, OUTCOME_STATUS_KEY);
  }

  private buildForm(revising: OutcomeVersion | null): OpenOutcomeForm {
    const lang = this.lang;
    const base = uniqueId('outcome-form');
    // Each text field's check, found at sending by the fields still in the form.
    const checks = new Map<Element, CheckedField>();
    const textField = (
      kind: 'textarea' | 'input',
      id: string,
      label: string,
      value: string,
      maxBytes: number,
      missing: OutcomeStringKey,
      hint?: string,
    ): { wrapper: HTMLElement; field: HTMLInputElement | HTMLTextAreaElement } => {
      const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
      const describedBy = hint ? `${id}-hint ${id}-error` : `${id}-error`;
      const field =
        kind === 'textarea'
          ? h('textarea', { id, rows: '5', 'aria-describedby': describedBy })
          : h('input', { type: 'text', id, 'aria-describedby': describedBy });
      field.value = value;
      checks.set(field, { field, error, maxBytes, missing });
      clearErrorOnChange(field, error);
      const wrapper = h(
        'div',
        { class: 'field' },
        h('label', { for: id }, label),
        hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
        field,
        error,
      );
      return { wrapper, field };
    };

    const summary = textField(
      'textarea',
      `${base}-summary`,
      ot(lang, 'outcome.form.summary'),
      this.props.drafts.get(this.draftKey) ?? revising?.summary ?? '',
      POST_BODY_MAX_BYTES,
      'outcome.form.summaryMissing',
      ot(lang, 'outcome.form.summaryHint'),
    );
    summary.field.addEventListener('input', () =>
      this.props.drafts.set(this.draftKey, summary.field.value),
    );

    // The agreed points: one text field each, added and removed at will.
    const agreedList = h('ol', { class: 'agreed-fields' });
    const agreedFields: HTMLInputElement[] = [];
    const renumberAgreed = () => {
      agreedList.querySelectorAll<HTMLElement>(':scope > li').forEach((item, i) => {
        const label = item.querySelector('label');
        if (label) label.textContent = ot(lang, 'outcome.form.agreedPoint', { n: i + 1 });
        const remove = item.querySelector('button');
        if (remove) remove.textContent = ot(lang, 'outcome.form.removeAgreed', { n: i + 1 });
      });
    };
    const addAgreed = (value: string): HTMLInputElement => {
      const n = agreedFields.length + 1;
      const { wrapper, field } = textField(
        'input',
        uniqueId(`${base}-agreed`),
        ot(lang, 'outcome.form.agreedPoint', { n }),
        value,
        REASON_MAX_BYTES,
        'outcome.form.textMissing',
      );
      const input = field as HTMLInputElement;
      agreedFields.push(input);
      const remove = h(
        'button',
        { type: 'button', class: 'link-button' },
        ot(lang, 'outcome.form.removeAgreed', { n }),
      );
      const item = h('li', { class: 'agreed-field' }, wrapper, remove);
      remove.addEventListener('click', () => {
        agreedFields.splice(agreedFields.indexOf(input), 1);
        item.remove();
        renumberAgreed();
        addAgreedButton.focus();
      });
      agreedList.append(item);
      return input;
    };
    const addAgreedButton = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      ot(lang, 'outcome.form.addAgreed'),
    );
    addAgreedButton.addEventListener('click', () => addAgreed('').focus());
    for (const point of revising?.agreed ?? []) addAgreed(point);

    // The responses: each a fieldset of its own.
    const responseList = h('ol', { class: 'response-fields' });
    const responseReaders: { item: HTMLElement; read: () => PointResponse }[] = [];
    const renumberResponses = () => {
      responseReaders.forEach(({ item }, i) => {
        const legend = item.querySelector('legend');
        if (legend) legend.textContent = ot(lang, 'outcome.form.responseLegend', { n: i + 1 });
        const remove = item.querySelector<HTMLButtonElement>('button.remove-response');
        if (remove) remove.textContent = ot(lang, 'outcome.form.removeResponse', { n: i + 1 });
      });
    };
    const addResponse = (response: PointResponse | null): HTMLElement => {
      const n = responseReaders.length + 1;
      const id = uniqueId(`${base}-response`);
      const point = textField(
        'input',
        `${id}-point`,
        ot(lang, 'outcome.form.point'),
        response?.point ?? '',
        THREAD_TITLE_MAX_BYTES,
        'outcome.form.pointMissing',
      );
      // No answer is chosen for a new response: a default would be saved unnoticed.
      const answerId = `${id}-answer`;
      const answerError = h('p', { class: 'field-error', id: `${answerId}-error`, hidden: true });
      const answer = h(
        'select',
        { id: answerId, 'aria-describedby': `${answerId}-error` },
        h('option', { value: '' }, ot(lang, 'outcome.form.responseChoose')),
        ...ACCEPTANCES.map((acceptance) =>
          h('option', { value: acceptance }, acceptanceName(lang, acceptance)),
        ),
      );
      answer.value = response?.response ?? '';
      checks.set(answer, {
        field: answer,
        error: answerError,
        maxBytes: REASON_MAX_BYTES,
        missing: 'outcome.form.responseMissing',
      });
      clearErrorOnChange(answer, answerError);
      const reason = textField(
        'textarea',
        `${id}-reason`,
        ot(lang, 'outcome.form.reason'),
        response?.reason ?? '',
        REASON_MAX_BYTES,
        'outcome.form.reasonMissing',
      );
      const organisations = this.organisationChoices(id, response?.organisation_ids ?? []);
      const posts = this.postChoices(id, response?.post_ids ?? []);
      const remove = h(
        'button',
        { type: 'button', class: 'link-button remove-response' },
        ot(lang, 'outcome.form.removeResponse', { n }),
      );
      const item = h(
        'li',
        {},
        h(
          'fieldset',
          { class: 'response-field' },
          h('legend', {}, ot(lang, 'outcome.form.responseLegend', { n })),
          point.wrapper,
          h(
            'div',
            { class: 'field' },
            h('label', { for: answerId }, ot(lang, 'outcome.form.response')),
            answer,
            answerError,
          ),
          reason.wrapper,
          organisations.element,
          posts.element,
          remove,
        ),
      );
      const reader = {
        item,
        read: (): PointResponse => ({
          point: point.field.value,
          post_ids: posts.values(),
          organisation_ids: organisations.values(),
          // Checked before sending: one of the answers is chosen.
          response: ACCEPTANCES.find((a) => a === answer.value) as Acceptance,
          reason: reason.field.value,
        }),
      };
      responseReaders.push(reader);
      remove.addEventListener('click', () => {
        responseReaders.splice(responseReaders.indexOf(reader), 1);
        item.remove();
        renumberResponses();
        addResponseButton.focus();
      });
      responseList.append(item);
      return point.field;
    };
    const addResponseButton = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      ot(lang, 'outcome.form.addResponse'),
    );
    addResponseButton.addEventListener('click', () => addResponse(null).focus());
    for (const response of revising?.responses ?? []) addResponse(response);

    // A correction says why, first: it is what the new record will state.
    const correction = this.correcting
      ? textField(
          'textarea',
          `${base}-correction`,
          ot(lang, 'outcome.form.correction'),
          '',
          REASON_MAX_BYTES,
          'outcome.form.correctionMissing',
          ot(lang, 'outcome.form.correctionHint'),
        )
      : null;
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary' },
      ot(lang, correction ? 'outcome.form.submitCorrection' : 'outcome.form.submit'),
    );
    const cancel = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      ot(lang, 'outcome.form.cancel'),
    );
    cancel.addEventListener('click', () => {
      this.form = null;
      this.props.drafts.delete(this.draftKey);
      this.renderFormArea();
      this.formArea.querySelector<HTMLElement>('[data-focus-key="open-outcome-form"]')?.focus();
    });
    const element = h(
      'form',
      { class: 'outcome-form', novalidate: '', 'aria-labelledby': `${base}-heading` },
      h(
        'h3',
        { id: `${base}-heading` },
        ot(lang, correction ? 'outcome.form.correctHeading' : 'outcome.form.heading'),
      ),
      correction?.wrapper ?? null,
      summary.wrapper,
      h(
        'fieldset',
        { class: 'agreed-set' },
        h('legend', {}, ot(lang, 'outcome.form.agreed')),
        agreedList,
        addAgreedButton,
      ),
      h(
        'fieldset',
        { class: 'responses-set' },
        h('legend', {}, ot(lang, 'outcome.form.responses')),
        h('p', { class: 'hint' }, ot(lang, 'outcome.form.responsesHint')),
        responseList,
        addResponseButton,
      ),
      h('div', { class: 'form-actions' }, submit, cancel),
    );
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      const fields = [...element.querySelectorAll('input[type="text"], textarea, select')];
      const problem = this.firstProblem(fields.flatMap((field) => checks.get(field) ?? []));
      if (problem) {
        problem.focus();
        return;
      }
      if (this.form?.revisesLatest) {
        this.form.revises = latestOutcome(this.props.round.outcome)?.version ?? 0;
        this.form.revisesLatest = false;
      }
      void this.sendOutcome(submit, {
        revises: this.form?.revises ?? 0,
        summary: summary.field.value,
        agreed: agreedFields.map((field) => field.value),
        responses: responseReaders.map(({ read }) => read()),
        ...(correction ? { correction: correction.field.value } : {}),
      });
    });
    return { element, revises: revising?.version ?? 0, revisesLatest: false };
  }

  private get draftKey(): string {
    return `outcome-${this.props.round.id}`;
  }

  // Shows each field's problem next to it; the first field with one, to put focus on.
  private firstProblem(fields: CheckedField[]): HTMLElement | null {
    let first: HTMLElement | null = null;
    for (const { field, error, maxBytes, missing } of fields) {
      const problem = checkText(field.value, maxBytes);
      const text =
        problem === 'blank'
          ? ot(this.lang, missing)
          : problem === 'too_long'
            ? ot(this.lang, 'outcome.form.tooLong', { max: maxBytes })
            : null;
      error.textContent = text ?? '';
      error.hidden = text === null;
      if (text === null) {
        field.removeAttribute('aria-invalid');
      } else {
        field.setAttribute('aria-invalid', 'true');
        first ??= field;
      }
    }
    return first;
  }

  // Checkboxes of the organisations that have stated a position in the round, by name.
  private organisationChoices(
    base: string,
    chosen: number[],
  ): { element: HTMLElement; values: () => number[] } {
    const lang = this.lang;
    const stated = [...this.props.round.positions.values()]
      .map((position) => position.organisation)
      .sort((a, b) => a.name.localeCompare(b.name, lang));
    const boxes = stated.map((organisation) => {
      const id = `${base}-org-${organisation.id}`;
      const box = h('input', { type: 'checkbox', id, value: String(organisation.id) });
      box.checked = chosen.includes(organisation.id);
      return {
        box,
        item: h('div', { class: 'choice' }, box, h('label', { for: id }, organisation.name)),
      };
    });
    const element = h(
      'fieldset',
      { class: 'checkbox-set' },
      h('legend', {}, ot(lang, 'outcome.form.organisations')),
      ...(boxes.length === 0
        ? [h('p', {}, ot(lang, 'outcome.form.organisationsNone'))]
        : boxes.map(({ item }) => item)),
    );
    return {
      element,
      values: () => boxes.filter(({ box }) => box.checked).map(({ box }) => Number(box.value)),
    };
  }

  // Checkboxes of the round's posts in the main stream, "author, thread: first words", thread
  // by thread in the agenda's order; hidden posts are not offered.
  private postChoices(
    base: string,
    chosen: number[],
  ): { element: HTMLElement; values: () => number[] } {
    const lang = this.lang;
    const { round } = this.props;
    const posts = round.threadOrder.flatMap((threadId) => {
      const thread = round.threads.get(threadId);
      if (!thread) return [];
      return [...round.posts.values()]
        .filter(
          (post) =>
            post.threadId === threadId && (post.hidden === null || chosen.includes(post.id)),
        )
        .sort((a, b) => a.seq - b.seq)
        .map((post) => ({ post, thread }));
    });
    const boxes = posts.map(({ post, thread }) => {
      const id = `${base}-post-${post.id}`;
      const box = h('input', { type: 'checkbox', id, value: String(post.id) });
      box.checked = chosen.includes(post.id);
      const start = postStart(post);
      return {
        box,
        item: h(
          'div',
          { class: 'choice' },
          box,
          h(
            'label',
            { for: id },
            ot(lang, 'outcome.form.postChoice', {
              author: `${post.author.name} (${post.author.organisation.name})`,
              thread: thread.title,
              start,
            }),
          ),
        ),
      };
    });
    const element = h(
      'fieldset',
      { class: 'checkbox-set post-choices' },
      h('legend', {}, ot(lang, 'outcome.form.posts')),
      ...(boxes.length === 0
        ? [h('p', {}, ot(lang, 'outcome.form.postsNone'))]
        : [h('div', { class: 'choice-scroll' }, ...boxes.map(({ item }) => item))]),
    );
    return {
      element,
      values: () => boxes.filter(({ box }) => box.checked).map(({ box }) => Number(box.value)),
    };
  }

  private async sendOutcome(
    submit: HTMLButtonElement,
    submission: OutcomeSubmission,
  ): Promise<void> {
    if (this.sending) return;
    const lang = this.lang;
    this.sending = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const result = await this.props.writeOutcome(submission);
      this.setOutcomeStatus({
        text: ot(
          lang,
          submission.correction === undefined ? 'outcome.form.saved' : 'outcome.form.corrected',
          { version: result.version },
        ),
        error: false,
      });
      this.form = null;
      this.props.drafts.delete(this.draftKey);
    } catch (failure) {
      const conflict = failure instanceof ProtocolError && failure.code === 'conflict';
      if (conflict && this.form) this.form.revisesLatest = true;
      this.setOutcomeStatus({
        text: conflict ? ot(lang, 'outcome.form.conflict') : messageForError(failure, lang),
        error: true,
      });
    } finally {
      this.sending = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
    this.update();
    this.formArea.querySelector<HTMLElement>(`[data-focus-key="${OUTCOME_STATUS_KEY}"]`)?.focus();
  }

  // --- the representatives' reservation ---

  private get mayDissent(): boolean {
    const info = this.props.round.info;
    const { person } = this.props;
    return (
      info !== null &&
      info.phase === 'closed' &&
      person.role === 'representative' &&
      info.invited.some((organisation) => organisation.id === person.organisation.id) &&
      this.props.round.outcome.versions.length > 0
    );
  }

  private renderDissentArea(): void {
    if (!this.mayDissent) {
      this.dissentForm = null;
      this.dissentArea.replaceChildren();
      return;
    }
    this.dissentForm ??= this.buildDissentForm();
    showOnly(this.dissentArea, [this.dissentStatusBox, this.dissentForm]);
  }

  private buildDissentForm(): HTMLFormElement {
    const lang = this.lang;
    const org = this.props.person.organisation.name;
    const id = uniqueId('dissent');
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const text = h('textarea', { id, rows: '5', 'aria-describedby': `${id}-intro ${id}-error` });
    const draftKey = `dissent-${this.props.round.id}`;
    text.value = this.props.drafts.get(draftKey) ?? '';
    text.addEventListener('input', () => this.props.drafts.set(draftKey, text.value));
    clearErrorOnChange(text, error);
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary' },
      ot(lang, 'dissent.form.submit'),
    );
    const form = h(
      'form',
      { class: 'dissent-form', novalidate: '', 'aria-labelledby': `${id}-heading` },
      h('h3', { id: `${id}-heading` }, ot(lang, 'dissent.form.heading')),
      h('p', { class: 'hint', id: `${id}-intro` }, ot(lang, 'dissent.form.intro', { org })),
      h(
        'div',
        { class: 'field' },
        h('label', { for: id }, ot(lang, 'dissent.form.text', { org })),
        text,
        error,
      ),
      h('div', { class: 'form-actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (
        this.firstProblem([
          { field: text, error, maxBytes: POST_BODY_MAX_BYTES, missing: 'dissent.form.missing' },
        ])
      ) {
        text.focus();
        return;
      }
      void this.sendDissent(submit, text, draftKey);
    });
    return form;
  }

  private async sendDissent(
    submit: HTMLButtonElement,
    text: HTMLTextAreaElement,
    draftKey: string,
  ): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      await this.props.attachDissent(text.value);
      this.dissentStatusBox = renderStatusBox(
        { text: ot(this.lang, 'dissent.form.saved'), error: false },
        DISSENT_STATUS_KEY,
      );
      text.value = '';
      this.props.drafts.delete(draftKey);
    } catch (failure) {
      this.dissentStatusBox = renderStatusBox(
        { text: messageForError(failure, this.lang), error: true },
        DISSENT_STATUS_KEY,
      );
    } finally {
      this.sending = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
    this.update();
    this.dissentArea
      .querySelector<HTMLElement>(`[data-focus-key="${DISSENT_STATUS_KEY}"]`)
      ?.focus();
  }
}
