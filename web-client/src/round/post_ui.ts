// One post on the round page: who wrote it, for which organisation and when (the time is the
// post's permalink, as in most forums), "svar till …" when it is shown below its parent's
// nesting level, a "Ny" mark when the person has not seen it before, a "Fäst" mark when it is
// the thread's pinned post, which version of the proposal it answered when that is not the
// latest, "Redigerat" when its author has changed it, the text (or, for a hidden post, why the
// secretariat hid it), and the post's actions. The actions area is where every action on a post
// goes (reply, copy link, pin for the secretariat, and post_moderation_ui's edit, hide, show
// again, report and versions), each a button in the row.

import { h } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import { formatDateTime, t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { postHref } from '../app/router';
import { addPostActions, type PostActions } from './post_moderation_ui';
import type { PostData } from './round_data';

export interface PostViewProps {
  lang: Lang;
  roundId: number;
  post: PostData;
  // Set when the post is shown below its parent's nesting level: it names the parent instead.
  flattenedUnder: PostData | null;
  unread: boolean;
  // The thread's pinned post.
  pinned: boolean;
  // The version of the proposal the post was written against, when a later one is in force.
  olderVersion: number | null;
  canReply: boolean;
  onReply: () => void;
  onCopyLink: (feedback: HTMLElement) => void;
  // Pins the post, or removes its pin; null when the person may not.
  onPin: ((feedback: HTMLElement) => void) | null;
  // Edit, hide, show again, report, versions: as far as the person may.
  postActions: PostActions;
}

export interface PostElements {
  item: HTMLLIElement;
  article: HTMLElement;
  actions: HTMLElement | null;
  replySlot: HTMLElement;
  replyButton: HTMLButtonElement | null;
  // The list of replies nested under this post, made when the first reply arrives.
  replies: HTMLUListElement | null;
}

// The id of a post's element (the li), e.g. for aria-controls and tests.
export function postElementId(postId: number): string {
  return `post-${postId}`;
}

// A post's text as Markdown (headings in it start at sectionLevel), or, for a hidden post, why
// the secretariat hid it.
export function renderPostText(lang: Lang, post: PostData, sectionLevel: number): HTMLElement {
  if (post.hidden) {
    return h(
      'p',
      { class: 'post-hidden' },
      t(lang, 'post.hiddenBy', { reason: post.hidden.reason }),
    );
  }
  if (post.withheld) return h('p', { class: 'post-hidden' }, t(lang, 'post.hiddenWithheld'));
  const body = h('div', { class: 'markdown post-text', lang: CONTENT_LANG });
  setMarkdown(body, post.body, sectionLevel, { tableLabel: t(lang, 'markdown.table') });
  return body;
}

export function renderPost(props: PostViewProps): PostElements {
  const { lang, post } = props;
  const body = renderPostText(lang, post, 3);
  const author = post.author;
  const meta = h(
    'p',
    { class: 'post-meta' },
    h(
      'span',
      { class: 'post-byline' },
      h('span', { class: 'post-author' }, author.name),
      ', ',
      h('span', { class: 'post-org', lang: CONTENT_LANG }, author.organisation.name),
    ),
    ' ',
    h(
      'a',
      { class: 'post-time', href: postHref(props.roundId, post.id) },
      h('span', { class: 'visually-hidden' }, `${t(lang, 'post.permalink')} `),
      h('time', { datetime: post.at }, formatDateTime(lang, post.at)),
    ),
    props.unread ? ' ' : null,
    props.unread ? h('span', { class: 'unread-mark' }, t(lang, 'post.new')) : null,
    props.pinned ? ' ' : null,
    props.pinned ? h('span', { class: 'pinned-mark' }, t(lang, 'post.pinnedMark')) : null,
    post.editedAt ? ' ' : null,
    post.editedAt
      ? h(
          'span',
          { class: 'edited-mark' },
          t(lang, 'post.edited'),
          h(
            'span',
            { class: 'visually-hidden' },
            ` ${t(lang, 'post.editedAt', { time: formatDateTime(lang, post.editedAt) })}`,
          ),
        )
      : null,
  );
  const version =
    props.olderVersion === null
      ? null
      : h(
          'p',
          { class: 'post-version' },
          t(lang, 'post.writtenAgainst', { version: props.olderVersion }),
        );
  const parent = props.flattenedUnder;
  const context = parent
    ? h(
        'p',
        { class: 'reply-context' },
        `${t(lang, 'post.replyContext')} `,
        h('a', { href: postHref(props.roundId, parent.id) }, parent.author.name),
      )
    : null;
  const versionsSlot = h('div', { class: 'post-versions-slot' });
  const article = h(
    'article',
    { class: props.unread ? 'post post-unread' : 'post', tabindex: '-1' },
    meta,
    context,
    version,
    body,
    versionsSlot,
  );
  const item = h('li', { class: 'post-item', id: postElementId(post.id) }, article);
  const replySlot = h('div', { class: 'reply-slot' });
  const elements: PostElements = {
    item,
    article,
    actions: null,
    replySlot,
    replyButton: null,
    replies: null,
  };

  const actions = h('div', { class: 'post-actions' });
  if (props.canReply) {
    const reply = h(
      'button',
      {
        type: 'button',
        class: 'link-button reply-button',
        'aria-expanded': 'false',
        'data-focus-key': `reply-${post.id}`,
      },
      t(lang, 'post.reply'),
      h('span', { class: 'visually-hidden' }, ` ${t(lang, 'post.replyTo', { name: author.name })}`),
    );
    reply.addEventListener('click', props.onReply);
    elements.replyButton = reply;
    actions.append(reply);
  }
  const copy = h(
    'button',
    { type: 'button', class: 'link-button copy-link', 'data-focus-key': `copy-${post.id}` },
    t(lang, 'post.copyLink'),
    h(
      'span',
      { class: 'visually-hidden' },
      ` ${t(lang, 'post.copyLinkTo', { name: author.name })}`,
    ),
  );
  const feedback = h('span', { class: 'action-feedback' });
  copy.addEventListener('click', () => props.onCopyLink(feedback));
  actions.append(copy);
  const onPin = props.onPin;
  if (onPin) {
    const pin = h(
      'button',
      { type: 'button', class: 'link-button pin-button', 'data-focus-key': `pin-${post.id}` },
      t(lang, props.pinned ? 'post.unpin' : 'post.pin'),
      h(
        'span',
        { class: 'visually-hidden' },
        ` ${t(lang, 'post.pinTarget', { name: author.name })}`,
      ),
    );
    pin.addEventListener('click', () => onPin(feedback));
    actions.append(pin);
  }
  actions.append(feedback);
  const formSlot = h('div', { class: 'post-action-slot' });
  addPostActions(lang, post, props.postActions, { actions, feedback, formSlot, versionsSlot });
  elements.actions = actions;
  article.append(actions, formSlot, replySlot);
  return elements;
}

// Marks a post element as no longer new (after "mark everything as read").
export function clearUnreadMark(elements: PostElements): void {
  elements.article.classList.remove('post-unread');
  elements.article.querySelector('.unread-mark')?.remove();
}
