// The minutes (protokoll) of one agenda item, under the item's thread on the round page: the
// state's input, the municipal sector's input and the state's comment of the latest version,
// links to the posts they summarise, and the earlier versions. The secretariat writes or revises
// them in a form here while the round is open or closed. A panel lives as long as the round page,
// so a half-filled form survives the page being redrawn and new events arriving.

import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { mt } from '../i18n/minutes_strings';
import { formatDateTime } from '../i18n/strings';
import { postHref } from '../app/router';
import { messageForError, ProtocolError } from '../protocol/errors';
import { isBlank, POST_BODY_MAX_BYTES, utf8Length } from '../protocol/limits';
import type { Person, WriteMinutesResult } from '../protocol/messages';
import { h, showOnly, uniqueId } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import { renderStatusBox, type ActionStatus } from './agenda_ui';
import { latestMinutes, type MinutesVersion } from './minutes_data';
import { postStart, type RoundData } from './round_data';

// What the secretariat's form sends.
export interface MinutesSubmission {
  threadId: number;
  revises: number;
  stateInput: string;
  municipalInput: string;
  stateComment: string;
  postIds: number[];
}

export interface MinutesPanelProps {
  lang: Lang;
  person: Person;
  round: RoundData;
  threadId: number;
  writeMinutes: (submission: MinutesSubmission) => Promise<WriteMinutesResult>;
}

// The three parts of the minutes, in the order the Norwegian model and the record give them.
const PARTS = [
  { key: 'stateInput', heading: 'minutes.stateInput' },
  { key: 'municipalInput', heading: 'minutes.municipalInput' },
  { key: 'stateComment', heading: 'minutes.stateComment' },
] as const;
type PartKey = (typeof PARTS)[number]['key'];

// The secretariat's open form: its fields, the version it revises, and whether the next sending
// revises the latest version instead (after a conflict, once the person has been shown it).
interface OpenMinutesForm {
  element: HTMLFormElement;
  texts: Record<PartKey, HTMLTextAreaElement>;
  error: HTMLElement;
  postList: HTMLElement;
  postBoxes: Map<number, HTMLInputElement>;
  submit: HTMLButtonElement;
  revises: number;
  revisesLatest: boolean;
}

export class MinutesPanel {
  readonly element: HTMLElement;
  private readonly headingId = uniqueId('minutes-heading');
  private readonly shown = h('div', { class: 'minutes-shown' });
  private readonly formArea = h('div', { class: 'minutes-form-area' });
  private form: OpenMinutesForm | null = null;
  // The status box and the button that opens the form stay the same elements while their
  // content does, so that a redraw (an event arriving) does not take the focus from them.
  private statusBox: HTMLElement;
  private readonly openFormButton: HTMLButtonElement;
  private sending = false;

  constructor(private readonly props: MinutesPanelProps) {
    this.statusBox = renderStatusBox(null, this.statusKey);
    this.openFormButton = h('button', {
      type: 'button',
      class: 'button-secondary',
      'data-focus-key': `open-minutes-form-${props.threadId}`,
    });
    this.element = h(
      'section',
      {
        class: 'minutes',
        id: `minutes-${props.threadId}`,
        'aria-labelledby': this.headingId,
      },
      h(
        'h4',
        { id: this.headingId, 'data-anchor-key': `minutes-${props.threadId}`, tabindex: '-1' },
        mt(props.lang, 'minutes.heading'),
      ),
      this.shown,
      this.formArea,
    );
    this.update();
  }

  private get lang(): Lang {
    return this.props.lang;
  }

  private get statusKey(): string {
    return `minutes-status-${this.props.threadId}`;
  }

  private get versions(): MinutesVersion[] {
    return this.props.round.minutes.get(this.props.threadId) ?? [];
  }

  // The minutes, the thread's posts or the round's phase changed: what is shown is drawn anew;
  // an open form stays as it is, with the posts it offers brought up to date.
  update(): void {
    const latest = latestMinutes(this.props.round.minutes, this.props.threadId);
    const older = this.versions.slice(0, -1).reverse();
    // The earlier versions stay open if the reader opened them.
    const historyOpen = this.shown.querySelector('details')?.open ?? false;
    this.shown.replaceChildren(
      ...(latest
        ? this.renderVersion(latest, 5)
        : [h('p', { class: 'empty' }, mt(this.lang, 'minutes.none'))]),
      ...(older.length > 0 ? [this.renderHistory(older, historyOpen)] : []),
    );
    this.renderFormArea();
  }

  // --- what everyone sees ---

  private renderVersion(minutes: MinutesVersion, level: number): HTMLElement[] {
    const lang = this.lang;
    const parts: HTMLElement[] = [
      h(
        'p',
        { class: 'minutes-meta' },
        mt(lang, 'minutes.meta', {
          version: minutes.version,
          name: minutes.by.name,
          at: formatDateTime(lang, minutes.at),
        }),
      ),
    ];
    for (const { key, heading } of PARTS) {
      const text = minutes[key];
      if (text === '') continue;
      const body = h('div', { class: 'markdown', lang: CONTENT_LANG });
      setMarkdown(body, text, level);
      parts.push(h(`h${level}` as 'h5', {}, mt(lang, heading)), body);
    }
    if (minutes.postIds.length > 0) {
      const { round } = this.props;
      parts.push(
        h(`h${level}` as 'h5', {}, mt(lang, 'minutes.posts')),
        h(
          'ul',
          { class: 'minutes-posts' },
          ...minutes.postIds.map((id) => {
            const post = round.posts.get(id);
            const text = post
              ? mt(lang, 'minutes.postLink', { author: post.author.name, start: postStart(post) })
              : mt(lang, 'minutes.postGone', { id });
            return h('li', {}, h('a', { href: postHref(round.id, id) }, text));
          }),
        ),
      );
    }
    return parts;
  }

  // Earlier versions, newest first, folded away: they are there for the record, not to read.
  private renderHistory(older: MinutesVersion[], open: boolean): HTMLElement {
    return h(
      'details',
      { class: 'minutes-history', open },
      h('summary', {}, mt(this.lang, 'minutes.history', { count: older.length })),
      ...older.map((version) =>
        h('div', { class: 'minutes-version' }, ...this.renderVersion(version, 6)),
      ),
    );
  }

  // --- the secretariat's form ---

  private get mayWrite(): boolean {
    const role = this.props.person.role;
    const phase = this.props.round.info?.phase;
    return (role === 'secretariat' || role === 'admin') && (phase === 'open' || phase === 'closed');
  }

  private renderFormArea(): void {
    if (!this.mayWrite) {
      this.form = null;
      this.formArea.replaceChildren();
      return;
    }
    if (this.form) {
      this.offerPosts(this.form);
      showOnly(this.formArea, [this.statusBox, this.form.element]);
      return;
    }
    const latest = latestMinutes(this.props.round.minutes, this.props.threadId);
    this.openFormButton.textContent = latest
      ? mt(this.lang, 'minutes.form.revise', { next: latest.version + 1 })
      : mt(this.lang, 'minutes.form.open');
    this.openFormButton.onclick = () => {
      this.setStatus(null);
      this.form = this.buildForm(
        latestMinutes(this.props.round.minutes, this.props.threadId) ?? null,
      );
      this.renderFormArea();
      this.form?.texts.stateInput.focus();
    };
    showOnly(this.formArea, [this.statusBox, this.openFormButton]);
  }

  private setStatus(status: ActionStatus | null): void {
    this.statusBox = renderStatusBox(status, this.statusKey);
  }

  private buildForm(revising: MinutesVersion | null): OpenMinutesForm {
    const lang = this.lang;
    const base = uniqueId('minutes-form');
    const thread = this.props.round.threads.get(this.props.threadId);
    const error = h('p', {
      class: 'field-error',
      id: `${base}-error`,
      hidden: true,
      role: 'alert',
    });
    const textarea = (key: PartKey, label: string): [HTMLElement, HTMLTextAreaElement] => {
      const id = `${base}-${key}`;
      const field = h('textarea', {
        id,
        rows: '4',
        'aria-describedby': `${base}-hint ${base}-error`,
        'data-focus-key': `minutes-${this.props.threadId}-${key}`,
      });
      field.value = revising?.[key] ?? '';
      field.addEventListener('input', () => {
        error.hidden = true;
        field.removeAttribute('aria-invalid');
      });
      return [h('div', { class: 'field' }, h('label', { for: id }, label), field), field];
    };
    const [stateWrapper, stateInput] = textarea('stateInput', mt(lang, 'minutes.stateInput'));
    const [municipalWrapper, municipalInput] = textarea(
      'municipalInput',
      mt(lang, 'minutes.municipalInput'),
    );
    const [commentWrapper, stateComment] = textarea(
      'stateComment',
      mt(lang, 'minutes.stateComment'),
    );
    const postList = h('div', { class: 'choice-scroll' });
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary' },
      mt(lang, 'minutes.form.submit'),
    );
    const cancel = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      mt(lang, 'minutes.form.cancel'),
    );
    cancel.addEventListener('click', () => {
      this.form = null;
      this.renderFormArea();
      this.openFormButton.focus();
    });
    const element = h(
      'form',
      { class: 'minutes-form', novalidate: '', 'aria-labelledby': `${base}-heading` },
      h(
        'h5',
        { id: `${base}-heading`, lang: CONTENT_LANG },
        mt(lang, 'minutes.form.heading', { title: thread?.title ?? '' }),
      ),
      h('p', { class: 'hint', id: `${base}-hint` }, mt(lang, 'minutes.form.hint')),
      stateWrapper,
      municipalWrapper,
      commentWrapper,
      error,
      h(
        'fieldset',
        { class: 'checkbox-set post-choices' },
        h('legend', {}, mt(lang, 'minutes.form.posts')),
        postList,
      ),
      h('div', { class: 'form-actions' }, submit, cancel),
    );
    const form: OpenMinutesForm = {
      element,
      texts: { stateInput, municipalInput, stateComment },
      error,
      postList,
      postBoxes: new Map(),
      submit,
      revises: revising?.version ?? 0,
      revisesLatest: false,
    };
    this.offerPosts(form, revising?.postIds ?? []);
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      const problem = this.check(form);
      if (problem) {
        error.textContent = problem.text;
        error.hidden = false;
        problem.field.setAttribute('aria-invalid', 'true');
        problem.field.focus();
        return;
      }
      if (form.revisesLatest) {
        form.revises = this.versions.length;
        form.revisesLatest = false;
      }
      void this.send(form);
    });
    return form;
  }

  // Adds a checkbox for each of the thread's readable posts not offered yet, in the order
  // written ("author (organisation): first words"); boxes already there keep their state.
  private offerPosts(form: OpenMinutesForm, chosen: number[] = []): void {
    const lang = this.lang;
    const posts = [...this.props.round.posts.values()]
      .filter((post) => post.threadId === this.props.threadId && post.hidden === null)
      .sort((a, b) => a.seq - b.seq);
    for (const post of posts) {
      if (form.postBoxes.has(post.id)) continue;
      const id = `${form.element.getAttribute('aria-labelledby')}-post-${post.id}`;
      const box = h('input', {
        type: 'checkbox',
        id,
        value: String(post.id),
        'data-focus-key': `minutes-${this.props.threadId}-post-${post.id}`,
      });
      box.checked = chosen.includes(post.id);
      form.postBoxes.set(post.id, box);
      form.postList.append(
        h(
          'div',
          { class: 'choice' },
          box,
          h(
            'label',
            { for: id },
            mt(lang, 'minutes.postLink', {
              author: `${post.author.name} (${post.author.organisation.name})`,
              start: postStart(post),
            }),
          ),
        ),
      );
    }
    const none = form.postList.querySelector('.empty');
    if (form.postBoxes.size === 0 && !none) {
      form.postList.append(h('p', { class: 'empty' }, mt(lang, 'minutes.form.postsNone')));
    } else if (form.postBoxes.size > 0) {
      none?.remove();
    }
  }

  // Not all three parts empty, none too long: what the server would refuse, said beforehand.
  private check(form: OpenMinutesForm): { field: HTMLElement; text: string } | null {
    for (const { key } of PARTS) {
      const field = form.texts[key];
      if (utf8Length(field.value) > POST_BODY_MAX_BYTES) {
        return { field, text: mt(this.lang, 'minutes.form.tooLong', { max: POST_BODY_MAX_BYTES }) };
      }
    }
    if (PARTS.every(({ key }) => isBlank(form.texts[key].value))) {
      return { field: form.texts.stateInput, text: mt(this.lang, 'minutes.form.allEmpty') };
    }
    return null;
  }

  private async send(form: OpenMinutesForm): Promise<void> {
    if (this.sending) return;
    const lang = this.lang;
    this.sending = true;
    form.submit.disabled = true;
    form.submit.setAttribute('aria-busy', 'true');
    try {
      const result = await this.props.writeMinutes({
        threadId: this.props.threadId,
        revises: form.revises,
        stateInput: form.texts.stateInput.value,
        municipalInput: form.texts.municipalInput.value,
        stateComment: form.texts.stateComment.value,
        postIds: [...form.postBoxes].filter(([, box]) => box.checked).map(([id]) => id),
      });
      this.setStatus({
        text: mt(lang, 'minutes.form.saved', { version: result.version }),
        error: false,
      });
      this.form = null;
    } catch (failure) {
      const conflict = failure instanceof ProtocolError && failure.code === 'conflict';
      if (conflict) form.revisesLatest = true;
      this.setStatus({
        text: conflict ? mt(lang, 'minutes.form.conflict') : messageForError(failure, lang),
        error: true,
      });
    } finally {
      this.sending = false;
      form.submit.disabled = false;
      form.submit.removeAttribute('aria-busy');
    }
    this.update();
    this.statusBox.focus();
  }
}
