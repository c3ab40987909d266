// The proposal on the round page: the version in force (rendered Markdown), which version it is
// and who revised it, every earlier version behind a disclosure, and for the secretariat a form
// to revise it into a new version. Earlier versions stay readable because posts were written
// against them (each post says which version it answered when that is not the latest).

import { h } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import { formatDateTime, t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { PROPOSAL_MAX_BYTES } from '../protocol/limits';
import { renderStatusBox, type ActionStatus } from './agenda_ui';
import { createComposer, type Composer } from './composer_ui';
import type { ProposalVersion, RoundInfo } from './round_data';

export interface ProposalViewProps {
  lang: Lang;
  roundId: number;
  info: RoundInfo;
  // Set when the person may revise the proposal now (the secretariat, a draft or open round).
  // On success the round view closes the form and shows the status.
  revise: ((proposal: string) => Promise<void>) | null;
  drafts: Map<string, string>;
  announce: (message: string) => void;
  // Whether the revision form is open; kept by the round view across redraws.
  editing: boolean;
  setEditing: (editing: boolean) => void;
  status: ActionStatus | null;
  setStatus: (status: ActionStatus) => void;
}

export const PROPOSAL_STATUS_KEY = 'proposal-status';

function proposalText(lang: Lang, text: string, sectionLevel: number): HTMLElement {
  const body = h('div', { class: 'markdown proposal-text', lang: CONTENT_LANG });
  if (text.trim() === '') body.append(h('p', { class: 'empty' }, t(lang, 'proposal.empty')));
  else setMarkdown(body, text, sectionLevel, { tableLabel: t(lang, 'markdown.table') });
  return body;
}

// "Version 2, reviderad av Anna Berg, 30 nov. 2026 10:15": only once there is more than one.
function versionLine(lang: Lang, version: ProposalVersion, first: boolean): HTMLElement {
  const who = t(lang, first ? 'proposal.writtenBy' : 'proposal.revisedBy', {
    name: version.by.name,
  });
  return h(
    'p',
    { class: 'proposal-version' },
    `${t(lang, 'proposal.version', { version: version.version })}, ${who}, `,
    h('time', { datetime: version.at }, formatDateTime(lang, version.at)),
  );
}

export class ProposalView {
  readonly section: HTMLElement;
  private composer: Composer | null = null;

  constructor(private readonly props: ProposalViewProps) {
    const { lang, info } = props;
    const versions = info.proposalVersions;
    const latest = versions[versions.length - 1];
    this.section = h(
      'section',
      { class: 'proposal', 'aria-labelledby': 'proposal-heading' },
      h('h2', { id: 'proposal-heading', 'data-anchor-key': 'proposal' }, t(lang, 'round.proposal')),
    );
    if (latest && versions.length > 1) this.section.append(versionLine(lang, latest, false));
    this.section.append(proposalText(lang, info.proposal, 2));
    if (versions.length > 1) this.section.append(this.renderHistory(versions.slice(0, -1)));
    if (props.revise) this.section.append(...this.renderRevision(props.revise));
  }

  // The connection is back: an error that only said it was gone no longer applies.
  clearConnectionError(): void {
    this.composer?.clearConnectionError();
  }

  // Earlier versions, newest first, each under its own heading.
  private renderHistory(earlier: ProposalVersion[]): HTMLElement {
    const lang = this.props.lang;
    const details = h(
      'details',
      { class: 'proposal-history' },
      h('summary', {}, t(lang, 'proposal.history', { count: earlier.length })),
    );
    for (const version of [...earlier].reverse()) {
      details.append(
        h(
          'section',
          {
            class: 'proposal-earlier',
            'aria-label': t(lang, 'proposal.version', { version: version.version }),
          },
          h('h3', {}, t(lang, 'proposal.version', { version: version.version })),
          versionLine(lang, version, version.version === 1),
          proposalText(lang, version.text, 3),
        ),
      );
    }
    return details;
  }

  private renderRevision(revise: (proposal: string) => Promise<void>): HTMLElement[] {
    const { lang, info, drafts } = this.props;
    const status = renderStatusBox(this.props.status, PROPOSAL_STATUS_KEY);
    if (!this.props.editing) {
      const open = h(
        'button',
        { type: 'button', class: 'button-secondary', 'data-focus-key': 'proposal-revise' },
        t(lang, 'proposal.revise'),
      );
      open.addEventListener('click', () => this.props.setEditing(true));
      return [status, h('div', { class: 'form-buttons' }, open)];
    }
    const next = info.proposalVersion + 1;
    const key = `${this.props.roundId}:proposal`;
    const composer = createComposer({
      lang,
      className: 'proposal-form',
      label: t(lang, 'proposal.revise.label'),
      submitText: t(lang, 'proposal.revise.submit', { version: next }),
      multiline: true,
      maxBytes: PROPOSAL_MAX_BYTES,
      hint: t(lang, 'proposal.revise.hint', { version: next }),
      disabledReason: null,
      initialText: drafts.get(key) ?? info.proposal,
      onDraft: (text) => {
        if (text === '') drafts.delete(key);
        else drafts.set(key, text);
      },
      onSubmit: async (text) => {
        await revise(text);
        this.props.setStatus({ text: t(lang, 'proposal.revise.done'), error: false });
      },
      // The text written so far stays as a draft, should the form be opened again.
      onCancel: () => this.props.setEditing(false),
      previewSectionLevel: 3,
      announce: this.props.announce,
      focusKey: 'proposal-text',
      allowBlank: true,
      validate: (text) =>
        text === info.proposal
          ? t(lang, 'proposal.revise.unchanged', { version: info.proposalVersion })
          : null,
    });
    this.composer = composer;
    return [status, composer.form];
  }

  focusField(): void {
    this.composer?.focus();
  }
}
