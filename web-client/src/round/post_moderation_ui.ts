// What can be done to a post besides replying and pinning: its author edits it (while the
// thread takes posts), the secretariat hides it with a reason or shows it again, others report
// it to the secretariat; and anyone who may read it sees its earlier versions (a hidden post's
// only its author and the secretariat, fetched from the server when asked for). Each action is
// a button in the post's action row; its form opens below the post, and what happened is said
// next to the buttons and in the polite live region.

import { h } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import { formatDateTime, t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { messageForError } from '../protocol/errors';
import { POST_BODY_MAX_BYTES, REASON_MAX_BYTES } from '../protocol/limits';
import type { PostHistoryResult } from '../protocol/messages';
import { openForm, type FormSpec } from './action_form_ui';
import type { PostData } from './round_data';

// The person's ways of acting on posts; each sends one request and settles once it is answered.
export interface PostActions {
  meId: number;
  // The person may write in this thread now (the round is open, the thread takes posts).
  canWrite: boolean;
  // The secretariat's and admins' on the round's main stream.
  canModerate: boolean;
  // Reports go to the secretariat: for posts of the main stream.
  canReport: boolean;
  edit: (post: PostData, body: string) => Promise<void>;
  hide: (post: PostData, reason: string) => Promise<void>;
  unhide: (post: PostData) => Promise<void>;
  report: (post: PostData, reason: string) => Promise<void>;
  history: (post: PostData) => Promise<PostHistoryResult>;
  announce: (message: string) => void;
  // What the person's last action on a post did: kept by the round view, so it is still shown
  // when the event the action caused has redrawn the post.
  outcomes: Map<number, string>;
  // Half-written texts of these forms, kept by the app, so a redraw of the page (someone
  // else's change) reopens the form with the text.
  drafts: Map<string, string>;
}

export interface ModerationSlots {
  actions: HTMLElement; // the post's action row
  feedback: HTMLElement; // where the row says what happened
  formSlot: HTMLElement; // below the post: the open form
  versionsSlot: HTMLElement; // below the text: the versions, once asked for
}

// Whether the person may read the text of this post while it is hidden.
function readsHidden(post: PostData, actions: PostActions): boolean {
  return actions.canModerate || post.author.id === actions.meId;
}

export function addPostActions(
  lang: Lang,
  post: PostData,
  actions: PostActions,
  slots: ModerationSlots,
): void {
  const hidden = post.hidden !== null || post.withheld;
  const target = t(lang, 'post.actionTarget', { name: post.author.name });
  const button = (label: string, key: string, onClick: (button: HTMLButtonElement) => void) => {
    const element = h(
      'button',
      { type: 'button', class: 'link-button', 'data-focus-key': `${key}-${post.id}` },
      label,
      h('span', { class: 'visually-hidden' }, ` ${target}`),
    );
    element.addEventListener('click', () => onClick(element));
    slots.feedback.before(element);
    return element;
  };
  const done = (text: string) => {
    actions.outcomes.set(post.id, text);
    slots.feedback.replaceChildren(text);
    actions.announce(text);
  };
  const outcome = actions.outcomes.get(post.id);
  if (outcome) slots.feedback.replaceChildren(outcome);
  const failed = (failure: unknown) => {
    slots.feedback.replaceChildren(
      h('span', { class: 'error-text', role: 'alert' }, messageForError(failure, lang)),
    );
  };

  // A hidden post's versions are for those who may read its text; others', for every reader.
  if (hidden ? readsHidden(post, actions) : post.version > 1) {
    const versions = button(
      t(lang, hidden ? 'post.showHidden' : 'post.showVersions'),
      'versions',
      (element) => toggleVersions(lang, post, actions, slots.versionsSlot, element, failed),
    );
    versions.setAttribute('aria-expanded', 'false');
  }
  // A button that opens a form below the post; the form is open again after a redraw while it
  // holds a half-written text.
  const formButton = (kind: string, label: string, spec: Omit<FormSpec, 'draftKey' | 'drafts'>) => {
    const draftKey = `${kind}:${post.id}`;
    const full: FormSpec = { ...spec, draftKey, drafts: actions.drafts };
    const opener = button(label, kind, (element) => openForm(slots.formSlot, element, full));
    opener.setAttribute('aria-expanded', 'false');
    opener.classList.add('form-opener');
    if (actions.drafts.get(draftKey)) openForm(slots.formSlot, opener, full, false);
  };
  if (post.author.id === actions.meId && actions.canWrite && !hidden) {
    formButton('edit', t(lang, 'post.edit'), {
      label: t(lang, 'post.editLabel'),
      submitText: t(lang, 'post.editSubmit'),
      maxBytes: POST_BODY_MAX_BYTES,
      initialText: post.body,
      preview: true,
      submit: async (text) => {
        await actions.edit(post, text);
        done(t(lang, 'post.editSaved'));
      },
      lang,
      announce: actions.announce,
    });
  }
  if (actions.canModerate && !hidden) {
    formButton('hide', t(lang, 'post.hide'), {
      label: t(lang, 'post.hideLabel'),
      submitText: t(lang, 'post.hideSubmit'),
      maxBytes: REASON_MAX_BYTES,
      initialText: '',
      preview: false,
      submit: async (text) => {
        await actions.hide(post, text);
        done(t(lang, 'post.hideDone'));
      },
      lang,
      announce: actions.announce,
    });
  }
  if (actions.canModerate && hidden) {
    button(t(lang, 'post.unhide'), 'unhide', () => {
      actions.unhide(post).then(() => done(t(lang, 'post.unhideDone')), failed);
    });
  }
  if (actions.canReport && post.author.id !== actions.meId && !hidden && !actions.canModerate) {
    formButton('report', t(lang, 'post.report'), {
      label: t(lang, 'post.reportLabel'),
      submitText: t(lang, 'post.reportSubmit'),
      maxBytes: REASON_MAX_BYTES,
      initialText: '',
      preview: false,
      submit: async (text) => {
        await actions.report(post, text);
        done(t(lang, 'post.reportDone'));
      },
      lang,
      announce: actions.announce,
    });
  }
}

// The post's versions, oldest first, fetched when asked for; a second press hides them.
function toggleVersions(
  lang: Lang,
  post: PostData,
  actions: PostActions,
  slot: HTMLElement,
  opener: HTMLButtonElement,
  failed: (failure: unknown) => void,
): void {
  if (opener.getAttribute('aria-expanded') === 'true') {
    slot.replaceChildren();
    opener.setAttribute('aria-expanded', 'false');
    return;
  }
  opener.setAttribute('aria-expanded', 'true');
  slot.replaceChildren(h('p', { class: 'post-versions-loading' }, t(lang, 'post.loading')));
  actions.history(post).then(
    (history) => {
      const headingId = `post-${post.id}-versions`;
      const list = h('ol', { class: 'post-version-list' });
      for (const version of history.versions) {
        const text = h('div', { class: 'markdown post-text', lang: CONTENT_LANG });
        setMarkdown(text, version.body, 5, { tableLabel: t(lang, 'markdown.table') });
        list.append(
          h(
            'li',
            {},
            h(
              'p',
              { class: 'post-version-label' },
              t(lang, 'post.versionLabel', {
                version: version.version,
                time: formatDateTime(lang, version.at),
              }),
            ),
            text,
          ),
        );
      }
      slot.replaceChildren(
        h(
          'section',
          { class: 'post-versions', 'aria-labelledby': headingId },
          h('h4', { id: headingId }, t(lang, 'post.versionsHeading')),
          history.hidden ? h('p', { class: 'hint' }, t(lang, 'post.hiddenTextNote')) : null,
          list,
        ),
      );
    },
    (failure: unknown) => {
      slot.replaceChildren();
      opener.setAttribute('aria-expanded', 'false');
      failed(failure);
    },
  );
}
