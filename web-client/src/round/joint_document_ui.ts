// The joint document (gemensamt dokument) on the round page: each side's approval with a button
// for those who approve, the latest text rendered, the form in which the secretariat and the
// invited organisations' representatives write a new version, every version, and the difference
// between any two versions. The panel lives as long as the round page, so a half-written text
// and the chosen versions survive the page being redrawn when an event arrives.

import { formatDateTime, t } from '../i18n/strings';
import { jt, sideInText } from '../i18n/joint_document_strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { messageForError, ProtocolError } from '../protocol/errors';
import { isBlank, PROPOSAL_MAX_BYTES } from '../protocol/limits';
import {
  APPROVING_SIDES,
  type ApprovingSide,
  type JointDocumentResult,
  type Person,
} from '../protocol/messages';
import { h, uniqueId } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import { renderStatusBox, type ActionStatus } from './agenda_ui';
import { tooLongText, trackLength } from './composer_ui';
import {
  approvesLatest,
  diffTexts,
  latestApproval,
  latestJointDocument,
  type JointDocumentData,
  type JointDocumentVersion,
} from './joint_document_data';
import type { RoundData } from './round_data';

export interface JointDocumentPanelProps {
  lang: Lang;
  person: Person;
  round: RoundData;
  drafts: Map<string, string>;
  announce: (message: string) => void;
  write: (revises: number, text: string) => Promise<JointDocumentResult>;
  approve: (version: number) => Promise<JointDocumentResult>;
}

const STATUS_KEY = 'joint-document-status';

// The open form and the version it revises; after a conflict, the latest version the page has
// when it is sent again (the person was told to read it first).
interface OpenForm {
  element: HTMLFormElement;
  text: HTMLTextAreaElement;
  submit: HTMLButtonElement;
  hint: HTMLElement;
  revises: number;
  revisesLatest: boolean;
}

export class JointDocumentPanel {
  readonly element: HTMLElement;
  private readonly headingId = uniqueId('joint-document-heading');
  private readonly intro = h('p', { class: 'section-intro' });
  private readonly approvals = h('div', { class: 'joint-approvals' });
  private readonly statusArea = h('div');
  private readonly current = h('div', { class: 'joint-current' });
  private readonly formArea = h('div', { class: 'joint-form-area' });
  private readonly history = h('div', { class: 'joint-history' });
  private readonly diffArea = h('div', { class: 'joint-diff-area' });
  private form: OpenForm | null = null;
  private status: ActionStatus | null = null;
  private sending = false;
  // The versions compared, once the person has chosen them; until then the latest two.
  private compare: { from: number; to: number } | null = null;

  constructor(private readonly props: JointDocumentPanelProps) {
    this.element = h(
      'section',
      { class: 'joint-document', 'aria-labelledby': this.headingId },
      h(
        'h2',
        { id: this.headingId, 'data-anchor-key': 'joint-document', tabindex: '-1' },
        jt(props.lang, 'joint.heading'),
      ),
      this.intro,
      this.approvals,
      this.statusArea,
      this.current,
      this.formArea,
      this.diffArea,
      this.history,
    );
    this.update();
  }

  private get lang(): Lang {
    return this.props.lang;
  }

  private get document(): JointDocumentData {
    return this.props.round.jointDocument;
  }

  private get draftKey(): string {
    return `joint-document-${this.props.round.id}`;
  }

  // Open or closed and not decided: the only phases in which the document changes.
  private get changeable(): boolean {
    const phase = this.props.round.info?.phase;
    return phase === 'open' || phase === 'closed';
  }

  private get invitedRepresentative(): boolean {
    const { person } = this.props;
    return (
      person.role === 'representative' &&
      (this.props.round.info?.invited ?? []).some((org) => org.id === person.organisation.id)
    );
  }

  private get runsRounds(): boolean {
    return this.props.person.role === 'secretariat' || this.props.person.role === 'admin';
  }

  private get mayWrite(): boolean {
    return this.runsRounds || this.invitedRepresentative;
  }

  // The side this person approves for, as the server decides it (permissions.cpp).
  private get side(): ApprovingSide | null {
    if (this.runsRounds) return 'state';
    if (!this.invitedRepresentative) return null;
    const side = this.props.person.organisation.side;
    return side === 'state' || side === 'municipal' ? side : null;
  }

  // A version was written or approved, or the round changed: everything but an open form is
  // drawn anew.
  update(): void {
    if (!this.props.round.info) return;
    // A control that had focus is drawn anew; focus goes to its successor, not the page's top.
    const active = document.activeElement;
    const focusKey =
      active instanceof HTMLElement && this.element.contains(active)
        ? active.dataset['focusKey']
        : undefined;
    this.intro.textContent = jt(
      this.lang,
      this.props.round.info.phase === 'decided' ? 'joint.introDecided' : 'joint.intro',
    );
    this.renderApprovals();
    this.statusArea.replaceChildren(renderStatusBox(this.status, STATUS_KEY));
    this.renderCurrent();
    this.renderFormArea();
    this.renderDiff();
    this.renderHistory();
    if (focusKey && !this.element.contains(document.activeElement)) {
      this.element.querySelector<HTMLElement>(`[data-focus-key="${focusKey}"]`)?.focus();
    }
  }

  // --- approvals ---

  private renderApprovals(): void {
    const lang = this.lang;
    const latest = latestJointDocument(this.document);
    if (!latest) {
      this.approvals.replaceChildren();
      return;
    }
    const headingId = uniqueId('joint-approvals-heading');
    const items = APPROVING_SIDES.map((side) => {
      const approved = approvesLatest(this.document, side);
      const last = latestApproval(this.document, side);
      return h(
        'li',
        { class: approved ? 'joint-approval approved' : 'joint-approval pending' },
        h(
          'strong',
          {},
          approved
            ? jt(lang, `joint.approved.${side}`, { version: latest.version })
            : jt(lang, `joint.notApproved.${side}`, { version: latest.version }),
        ),
        last
          ? h(
              'span',
              { class: 'joint-approval-meta' },
              approved
                ? ' – '
                : ` ${jt(lang, 'joint.earlierApproval', { version: last.version })} – `,
              `${last.by.name}, `,
              h('time', { datetime: last.at }, formatDateTime(lang, last.at)),
            )
          : null,
      );
    });
    const side = this.side;
    const button =
      side && this.changeable && !approvesLatest(this.document, side)
        ? this.approveButton(side, latest.version)
        : null;
    this.approvals.replaceChildren(
      h('h3', { id: headingId }, jt(lang, 'joint.approvals')),
      h('ul', { class: 'joint-approval-list', 'aria-labelledby': headingId }, ...items),
      ...(button ? [button] : []),
    );
  }

  private approveButton(side: ApprovingSide, version: number): HTMLElement {
    const button = h(
      'button',
      { type: 'button', class: 'button-primary', 'data-focus-key': 'approve-joint-document' },
      jt(this.lang, `joint.approve.${side}`, { version }),
    );
    button.addEventListener('click', () => void this.sendApproval(button, side, version));
    return button;
  }

  private async sendApproval(
    button: HTMLButtonElement,
    side: ApprovingSide,
    version: number,
  ): Promise<void> {
    if (this.sending) return;
    const lang = this.lang;
    this.sending = true;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await this.props.approve(version);
      this.status = {
        text: jt(lang, 'joint.approve.saved', { version, side: sideInText(lang, side) }),
        error: false,
      };
    } catch (error) {
      const conflict = error instanceof ProtocolError && error.code === 'conflict';
      this.status = {
        text: conflict ? jt(lang, 'joint.approve.conflict') : messageForError(error, lang),
        error: true,
      };
    } finally {
      this.sending = false;
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
    this.update();
    this.statusArea.querySelector<HTMLElement>(`[data-focus-key="${STATUS_KEY}"]`)?.focus();
  }

  // --- the latest text ---

  private renderCurrent(): void {
    const lang = this.lang;
    const latest = latestJointDocument(this.document);
    if (!latest) {
      this.current.replaceChildren(h('p', { class: 'joint-none' }, jt(lang, 'joint.none')));
      return;
    }
    const text = h('div', { class: 'markdown joint-text', lang: CONTENT_LANG });
    setMarkdown(text, latest.text, 3, { tableLabel: t(lang, 'markdown.table') });
    this.current.replaceChildren(
      h('h3', {}, jt(lang, 'joint.current')),
      h('p', { class: 'joint-meta' }, ...this.versionMeta(latest)),
      text,
    );
  }

  private versionMeta(version: JointDocumentVersion): (string | HTMLElement)[] {
    return [
      `${jt(this.lang, 'joint.meta', { version: version.version, name: version.by.name })}, `,
      h('time', { datetime: version.at }, formatDateTime(this.lang, version.at)),
    ];
  }

  // --- the form ---

  private renderFormArea(): void {
    const lang = this.lang;
    if (!this.mayWrite || !this.changeable) {
      this.form = null;
      this.formArea.replaceChildren();
      return;
    }
    if (this.form) {
      if (this.form.revisesLatest) {
        const next = (latestJointDocument(this.document)?.version ?? 0) + 1;
        this.form.submit.textContent = jt(lang, 'joint.form.submit', { next });
        this.form.hint.textContent = jt(lang, 'joint.form.hint', { next });
      }
      this.formArea.replaceChildren(this.form.element);
      return;
    }
    const latest = latestJointDocument(this.document);
    const open = h(
      'button',
      { type: 'button', class: 'button-secondary', 'data-focus-key': 'open-joint-form' },
      jt(lang, latest ? 'joint.form.open' : 'joint.form.first'),
    );
    open.addEventListener('click', () => {
      this.status = null;
      this.statusArea.replaceChildren(renderStatusBox(null, STATUS_KEY));
      this.form = this.buildForm(latest);
      this.renderFormArea();
      this.form.text.focus();
    });
    this.formArea.replaceChildren(open);
  }

  private buildForm(revising: JointDocumentVersion | undefined): OpenForm {
    const lang = this.lang;
    const id = uniqueId('joint-text');
    const next = (revising?.version ?? 0) + 1;
    const text = h('textarea', {
      id,
      rows: '14',
      'aria-describedby': `${id}-hint ${id}-count ${id}-error`,
    });
    text.value = this.props.drafts.get(this.draftKey) ?? revising?.text ?? '';
    const hint = h('p', { class: 'hint', id: `${id}-hint` }, jt(lang, 'joint.form.hint', { next }));
    const count = h('p', { class: 'char-count', id: `${id}-count` });
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const countText = trackLength(text, count, PROPOSAL_MAX_BYTES, lang, this.props.announce);
    text.addEventListener('input', () => {
      this.props.drafts.set(this.draftKey, text.value);
      countText();
    });
    const submit = h(
      'button',
      { type: 'submit', class: 'button-primary', 'data-focus-key': 'submit-joint-document' },
      jt(lang, 'joint.form.submit', { next }),
    );
    const cancel = h(
      'button',
      { type: 'button', class: 'button-secondary' },
      jt(lang, 'joint.form.cancel'),
    );
    cancel.addEventListener('click', () => {
      this.form = null;
      this.props.drafts.delete(this.draftKey);
      this.renderFormArea();
      this.formArea.querySelector<HTMLElement>('[data-focus-key="open-joint-form"]')?.focus();
    });
    const element = h(
      'form',
      { class: 'joint-form', novalidate: '' },
      h('h3', {}, jt(lang, 'joint.form.heading')),
      h(
        'div',
        { class: 'field' },
        h('label', { for: id }, jt(lang, 'joint.form.text')),
        hint,
        text,
        count,
        error,
      ),
      h('div', { class: 'form-actions' }, submit, cancel),
    );
    const form: OpenForm = {
      element,
      text,
      submit,
      hint,
      revises: revising?.version ?? 0,
      revisesLatest: false,
    };
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      let problem: string | null = null;
      if (isBlank(text.value)) problem = jt(lang, 'joint.form.missing');
      else if (countText().kind === 'over') {
        problem = tooLongText(lang, text.value, PROPOSAL_MAX_BYTES);
      }
      error.textContent = problem ?? '';
      error.hidden = problem === null;
      if (problem !== null) {
        text.setAttribute('aria-invalid', 'true');
        text.focus();
        return;
      }
      text.removeAttribute('aria-invalid');
      if (form.revisesLatest) {
        form.revises = latestJointDocument(this.document)?.version ?? 0;
        form.revisesLatest = false;
      }
      void this.sendVersion(submit, form);
    });
    return form;
  }

  private async sendVersion(submit: HTMLButtonElement, form: OpenForm): Promise<void> {
    if (this.sending) return;
    const lang = this.lang;
    this.sending = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const result = await this.props.write(form.revises, form.text.value);
      this.status = {
        text: jt(lang, 'joint.form.saved', { version: result.version }),
        error: false,
      };
      this.form = null;
      this.props.drafts.delete(this.draftKey);
    } catch (error) {
      const conflict = error instanceof ProtocolError && error.code === 'conflict';
      const latest = latestJointDocument(this.document)?.version ?? 0;
      // The person is told and their text kept; saving again revises what they were shown.
      if (conflict) form.revisesLatest = true;
      this.status = {
        text: conflict
          ? jt(lang, 'joint.form.conflict', { version: latest })
          : messageForError(error, lang),
        error: true,
      };
    } finally {
      this.sending = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
    this.update();
    this.statusArea.querySelector<HTMLElement>(`[data-focus-key="${STATUS_KEY}"]`)?.focus();
  }

  // --- the difference between two versions ---

  private renderDiff(): void {
    const lang = this.lang;
    const versions = this.document.versions;
    const headingId = uniqueId('joint-diff-heading');
    const heading = h('h3', { id: headingId }, jt(lang, 'joint.diff.heading'));
    if (versions.length < 2) {
      this.diffArea.replaceChildren(
        ...(versions.length === 1 ? [heading, h('p', {}, jt(lang, 'joint.diff.needTwo'))] : []),
      );
      return;
    }
    const latest = versions.length;
    const chosen = this.compare ?? { from: latest - 1, to: latest };
    const select = (label: string, value: number, key: 'from' | 'to') => {
      const id = uniqueId(`joint-diff-${key}`);
      const element = h(
        'select',
        { id, 'data-focus-key': `joint-diff-${key}` },
        ...versions.map((version) =>
          h(
            'option',
            { value: String(version.version) },
            jt(lang, 'joint.diff.versionOption', { version: version.version }),
          ),
        ),
      );
      element.value = String(value);
      element.addEventListener('change', () => {
        const picked = Number(element.value);
        this.compare = { ...chosen, [key]: picked };
        this.renderDiff();
        this.diffArea.querySelector<HTMLElement>(`[data-focus-key="joint-diff-${key}"]`)?.focus();
      });
      return h('div', { class: 'field joint-diff-field' }, h('label', { for: id }, label), element);
    };
    const older = versions[chosen.from - 1]?.text ?? '';
    const newer = versions[chosen.to - 1]?.text ?? '';
    const parts = diffTexts(older, newer);
    const inserted = parts.filter((part) => part.change === 'inserted').length;
    const deleted = parts.filter((part) => part.change === 'deleted').length;
    const text = h('div', { class: 'joint-diff-text', lang: CONTENT_LANG });
    for (const part of parts) {
      if (part.change === 'same') {
        text.append(part.text);
        continue;
      }
      const tag = part.change === 'inserted' ? 'ins' : 'del';
      const label = jt(
        lang,
        part.change === 'inserted' ? 'joint.diff.inserted' : 'joint.diff.deleted',
      );
      text.append(h(tag, {}, h('span', { class: 'diff-label', lang }, label), part.text));
    }
    const captionId = uniqueId('joint-diff-caption');
    this.diffArea.replaceChildren(
      heading,
      h(
        'div',
        { class: 'joint-diff-choice' },
        select(jt(lang, 'joint.diff.from'), chosen.from, 'from'),
        select(jt(lang, 'joint.diff.to'), chosen.to, 'to'),
      ),
      h('p', { class: 'hint' }, jt(lang, 'joint.diff.legend')),
      h(
        'figure',
        { class: 'joint-diff', 'aria-labelledby': captionId },
        h(
          'figcaption',
          { id: captionId },
          `${jt(lang, 'joint.diff.caption', { from: chosen.from, to: chosen.to })} `,
          inserted + deleted === 0
            ? jt(lang, 'joint.diff.same')
            : jt(lang, 'joint.diff.counts', { inserted, deleted }),
        ),
        text,
      ),
    );
  }

  // --- every version ---

  private renderHistory(): void {
    const lang = this.lang;
    const versions = this.document.versions;
    if (versions.length === 0) {
      this.history.replaceChildren();
      return;
    }
    const headingId = uniqueId('joint-history-heading');
    const items = [...versions].reverse().map((version) => {
      const sides = this.document.approvals
        .filter((approval) => approval.version === version.version)
        .map((approval) => sideInText(lang, approval.side));
      return h(
        'li',
        { value: String(version.version) },
        `${jt(lang, 'joint.historyItem', { version: version.version, name: version.by.name })}, `,
        h('time', { datetime: version.at }, formatDateTime(lang, version.at)),
        sides.length === 0
          ? null
          : h(
              'span',
              { class: 'joint-history-approved' },
              ` – ${jt(lang, 'joint.historyApprovedBy', { sides: sides.join(jt(lang, 'joint.and')) })}`,
            ),
      );
    });
    this.history.replaceChildren(
      h('h3', { id: headingId }, jt(lang, 'joint.history')),
      h('ol', { class: 'joint-versions', reversed: '', 'aria-labelledby': headingId }, ...items),
    );
  }
}
