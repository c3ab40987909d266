// The open thread: its heading, what its place on the agenda means (agenda_ui.ts: proposed,
// declined, locked), the secretariat's tools for it, an agenda item's minutes (minutes_ui.ts),
// its pinned post, its posts as a reply tree of nested lists (nesting capped as thread_data.ts
// decides, deeper replies naming their parent), a reply form per post on demand, and the form
// for a new post at the end. Posts are inserted in place as they arrive, so focus and
// half-written replies elsewhere in the thread are not disturbed. Someone who may not write
// here gets no forms, except one that holds a half-written text (the round closed while they
// wrote): that stays, read-only, so the text can still be copied.

import { h } from '../ui/dom';
import { formatDateTime, t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { POST_BODY_MAX_BYTES } from '../protocol/limits';
import { postHref } from '../app/router';
import {
  adminStatusKey,
  renderThreadAdmin,
  renderThreadNotes,
  showStatusIn,
  type ActionStatus,
  type AgendaActions,
  type ThreadAdmin,
} from './agenda_ui';
import { createComposer, type Composer, type ComposerProps } from './composer_ui';
import type { PostActions } from './post_moderation_ui';
import { clearUnreadMark, renderPost, renderPostText, type PostElements } from './post_ui';
import type { PostData, ThreadData, ThreadsData } from './round_data';
import { lastInSubtree, placement, postsInOrder } from './thread_data';

export interface ThreadViewProps {
  lang: Lang;
  roundId: number;
  // The threads and posts of the thread's stream (the round's agenda or a side's preparation).
  data: ThreadsData;
  thread: ThreadData;
  // The version of the proposal in force: a post written against an earlier one says so.
  proposalVersion: number;
  // Why the person may not write posts here, or null when they may. Without it the thread is
  // shown without forms or reply buttons.
  refusal: string | null;
  // Half-written texts by composer key; kept by the app across re-renders.
  drafts: Map<string, string>;
  isUnread: (post: PostData) => boolean;
  createPost: (threadId: number, replyTo: number | null, body: string) => Promise<void>;
  announce: (message: string) => void;
  onCopyLink: (post: PostData, feedback: HTMLElement) => void;
  // A post's element was added to the page (the round view watches it to mark it read).
  onPostShown: (postId: number, article: HTMLElement) => void;
  // The secretariat's tools for the thread, while it may change the agenda; null otherwise.
  admin: {
    actions: AgendaActions;
    status: ActionStatus | null;
    setStatus: (status: ActionStatus, focus: boolean) => void;
  } | null;
  // The agenda item's minutes (minutes_ui.ts), kept by the round view across redraws; null for a
  // thread that has none (a side's preparation thread, an item not on the agenda).
  minutes: HTMLElement | null;
  // Pins a post or removes its pin (the secretariat's); null when the person may not.
  onPin: ((post: PostData, feedback: HTMLElement) => void) | null;
  // Edit, hide, report and versions of the thread's posts, as far as the person may.
  postActions: PostActions;
}

export class ThreadView {
  readonly section: HTMLElement;
  readonly heading: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly posts = new Map<number, PostElements>();
  private readonly composers = new Set<Composer>();
  private readonly admin: ThreadAdmin | null;

  constructor(private readonly props: ThreadViewProps) {
    const { lang, thread } = props;
    const headingId = `thread-${thread.id}-heading`;
    this.heading = h(
      'h3',
      {
        id: headingId,
        tabindex: '-1',
        lang: CONTENT_LANG,
        'data-anchor-key': `thread-${thread.id}`,
      },
      thread.title,
    );
    this.list = h('ul', { class: 'posts', 'aria-label': t(lang, 'thread.posts') });
    // "No posts yet" would promise posts an item that is not on the agenda cannot take.
    this.empty = h(
      'p',
      { class: 'empty', hidden: thread.status !== 'accepted' },
      t(lang, 'thread.noPosts'),
    );
    this.admin = props.admin
      ? renderThreadAdmin({
          lang,
          roundId: props.roundId,
          data: props.data,
          thread,
          actions: props.admin.actions,
          drafts: props.drafts,
          announce: props.announce,
          status: props.admin.status,
          setStatus: props.admin.setStatus,
        })
      : null;
    this.section = h(
      'section',
      { class: 'thread', id: `thread-${thread.id}`, 'aria-labelledby': headingId },
      this.heading,
      renderThreadNotes(lang, thread),
      this.admin?.element,
      props.minutes,
      this.renderPinned(),
      this.empty,
      this.list,
    );
    const key = this.draftKey(null);
    if (props.refusal === null || props.drafts.get(key)) {
      const composer = this.createPostComposer(
        key,
        {
          className: 'thread-composer',
          label: t(lang, 'composer.label', { title: thread.title }),
          submitText: t(lang, 'composer.submit'),
        },
        (text) => props.createPost(thread.id, null, text),
      );
      this.section.append(composer.form);
    }
    for (const id of postsInOrder(props.data, thread.id)) this.addPost(id);
  }

  get threadId(): number {
    return this.props.thread.id;
  }

  // The agenda got another thread: the secretariat's tools say this one's place anew.
  onThreadAdded(): void {
    this.admin?.updateOrder();
  }

  // Shows the outcome of the secretariat's last action on this thread, in place.
  showAdminStatus(status: ActionStatus, focus: boolean): void {
    showStatusIn(this.section, adminStatusKey(this.threadId), status, focus);
  }

  // The pinned post, at the top: who wrote it, its text, and a link to it in the thread.
  private renderPinned(): HTMLElement | null {
    const { lang, data, thread } = this.props;
    const post = thread.pinnedPostId === null ? undefined : data.posts.get(thread.pinnedPostId);
    if (!post) return null;
    const headingId = `thread-${thread.id}-pinned`;
    const body = renderPostText(lang, post, 4);
    return h(
      'section',
      { class: 'pinned-post', 'aria-labelledby': headingId },
      h('h4', { id: headingId }, t(lang, 'pinned.heading')),
      h(
        'p',
        { class: 'post-meta' },
        h(
          'span',
          { class: 'post-byline' },
          h('span', { class: 'post-author' }, post.author.name),
          ', ',
          h('span', { class: 'post-org', lang: CONTENT_LANG }, post.author.organisation.name),
        ),
        h('time', { datetime: post.at }, formatDateTime(lang, post.at)),
      ),
      body,
      h('p', {}, h('a', { href: postHref(this.props.roundId, post.id) }, t(lang, 'pinned.goTo'))),
    );
  }

  article(postId: number): HTMLElement | null {
    return this.posts.get(postId)?.article ?? null;
  }

  addPost(postId: number): void {
    const { data } = this.props;
    const post = data.posts.get(postId);
    if (!post || post.threadId !== this.threadId || this.posts.has(postId)) return;
    const { container, flattened } = placement(data, postId);
    const parent = post.replyTo === null ? null : (data.posts.get(post.replyTo) ?? null);
    const elements: PostElements = renderPost({
      lang: this.props.lang,
      roundId: this.props.roundId,
      post,
      flattenedUnder: flattened ? parent : null,
      unread: this.props.isUnread(post),
      pinned: this.props.thread.pinnedPostId === post.id,
      olderVersion: post.proposalVersion < this.props.proposalVersion ? post.proposalVersion : null,
      canReply: this.props.refusal === null,
      onReply: () => this.toggleReply(post, elements),
      onCopyLink: (feedback) => this.props.onCopyLink(post, feedback),
      onPin: this.props.onPin ? (feedback) => this.props.onPin?.(post, feedback) : null,
      postActions: this.props.postActions,
    });
    elements.article.setAttribute('data-anchor-key', `post-${post.id}`);
    elements.article.setAttribute('data-focus-key', `post-${post.id}`);
    this.posts.set(postId, elements);

    const holder = container === null ? undefined : this.posts.get(container);
    if (!holder) {
      this.list.append(elements.item);
    } else {
      if (!holder.replies) {
        holder.replies = h('ul', {
          class: 'replies',
          'aria-label': t(this.props.lang, 'post.replies'),
        });
        holder.item.append(holder.replies);
      }
      // A flattened reply goes right after the rest of its parent's subtree, which is all in
      // this same list; a nested one is its parent's newest reply, so it goes last.
      const after =
        flattened && parent ? this.posts.get(lastInSubtree(data, parent.id, postId)) : undefined;
      if (after && after.item.parentElement === holder.replies) after.item.after(elements.item);
      else holder.replies.append(elements.item);
    }
    this.empty.remove();
    if (this.props.drafts.get(this.draftKey(post.id))) this.openReply(post, elements, false);
    this.props.onPostShown(postId, elements.article);
  }

  clearUnreadMarks(): void {
    for (const elements of this.posts.values()) clearUnreadMark(elements);
  }

  clearConnectionErrors(): void {
    for (const composer of this.composers) composer.clearConnectionError();
  }

  private draftKey(replyTo: number | null): string {
    return `${this.props.roundId}:${this.threadId}:${replyTo ?? 'top'}`;
  }

  private toggleReply(post: PostData, elements: PostElements): void {
    if (elements.replySlot.childElementCount > 0) this.closeReply(elements);
    else this.openReply(post, elements, true);
  }

  private openReply(post: PostData, elements: PostElements, focus: boolean): void {
    const lang = this.props.lang;
    const key = this.draftKey(post.id);
    const composer = this.createPostComposer(
      key,
      {
        className: 'reply-composer',
        label: t(lang, 'composer.replyLabel', { name: post.author.name }),
        submitText: t(lang, 'composer.submitReply'),
        onCancel: () => this.closeReply(elements),
      },
      async (text) => {
        await this.props.createPost(post.threadId, post.id, text);
        this.saveDraft(key, '');
        this.closeReply(elements);
      },
    );
    elements.replySlot.replaceChildren(composer.form);
    elements.replyButton?.setAttribute('aria-expanded', 'true');
    if (focus) composer.focus();
  }

  private closeReply(elements: PostElements): void {
    for (const composer of this.composers) {
      if (elements.replySlot.contains(composer.form)) this.composers.delete(composer);
    }
    elements.replySlot.replaceChildren();
    elements.replyButton?.setAttribute('aria-expanded', 'false');
    elements.replyButton?.focus();
  }

  // A composer for a post's body, used for a thread's new post and for a reply to a post; the
  // specifics (class, label, button text, cancel) are the caller's. Its draft is kept under
  // draftKey. On submit it calls publish, and announces the post once publish has finished.
  private createPostComposer(
    draftKey: string,
    specifics: Pick<ComposerProps, 'className' | 'label' | 'submitText' | 'onCancel'>,
    publish: (text: string) => Promise<void>,
  ): Composer {
    const lang = this.props.lang;
    const refusal = this.props.refusal;
    const composer = createComposer({
      ...specifics,
      lang,
      multiline: true,
      maxBytes: POST_BODY_MAX_BYTES,
      hint: refusal === null ? t(lang, 'composer.hint') : null,
      disabledReason: refusal === null ? null : `${refusal} ${t(lang, 'composer.draftKept')}`,
      initialText: this.props.drafts.get(draftKey) ?? '',
      onDraft: (text) => this.saveDraft(draftKey, text),
      onSubmit: async (text) => {
        await publish(text);
        this.props.announce(t(lang, 'announce.published'));
      },
      previewSectionLevel: 3,
      announce: this.props.announce,
      focusKey: `composer-${draftKey}`,
    });
    composer.form.setAttribute('data-anchor-key', `composer-${draftKey}`);
    this.composers.add(composer);
    return composer;
  }

  private saveDraft(key: string, text: string): void {
    if (text === '') this.props.drafts.delete(key);
    else this.props.drafts.set(key, text);
  }
}
