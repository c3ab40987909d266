// The round page: title, phase, the proposal (Markdown), invited organisations, and each thread
// as a section with its posts as a reply tree of nested lists, a reply button per post and a
// composer per thread; the secretariat also gets a form to create threads. The view renders
// RoundData; the dispatcher tells it what was added (addThread/addPost), so live posts are
// inserted without disturbing focus or half-written text elsewhere on the page.

import { h } from '../ui/dom';
import { setMarkdown } from '../ui/markdown';
import {
  accessEndedText,
  formatDateTime,
  kindName,
  phaseName,
  roundKindName,
  sectorName,
  t,
} from '../i18n/strings';
import type { Lang } from '../i18n/lang';
import { errorMessage } from '../protocol/errors';
import { POST_BODY_MAX_BYTES, THREAD_TITLE_MAX_BYTES } from '../protocol/limits';
import type { Organisation, Person } from '../protocol/messages';
import { canCreateThread, postRefusal } from '../session/session_data';
import { createComposer, type Composer, type ComposerProps } from './composer_ui';
import { renderRoundAdmin, type RoundAdminActions } from './round_admin_ui';
import type { PostData, RoundData, RoundInfo, ThreadData } from './round_data';

export interface RoundViewProps {
  lang: Lang;
  person: Person;
  round: RoundData;
  // Error code when the round could not be subscribed (not_found, forbidden …).
  errorCode: string | null;
  // Half-written texts by composer key; kept by the app across re-renders.
  drafts: Map<string, string>;
  createPost: (threadId: number, replyTo: number | null, body: string) => Promise<void>;
  createThread: (title: string) => Promise<void>;
  announce: (message: string) => void;
  // The secretariat's controls (phase, schedule, invitations); null for everyone else.
  admin: RoundAdminActions | null;
  // Every organisation, for the secretariat's invitations; null while not loaded.
  organisations: Organisation[] | null;
}

interface ThreadElements {
  section: HTMLElement;
  posts: HTMLUListElement;
  empty: HTMLElement;
}

interface PostElements {
  item: HTMLLIElement;
  replySlot: HTMLElement;
  replyButton: HTMLButtonElement | null;
  replies: HTMLUListElement | null;
}

export class RoundView {
  // The heading and the page body stay the same elements for the view's lifetime, so focus
  // moved to the heading survives re-rendering (a removed element would drop focus to <body>).
  readonly heading: HTMLElement = h('h1', { tabindex: '-1' });
  private readonly body: HTMLElement = h('div', { class: 'round-body' });
  private threadsList: HTMLElement | null = null;
  private noThreads: HTMLElement | null = null;
  private readonly threads = new Map<number, ThreadElements>();
  private readonly posts = new Map<number, PostElements>();
  // What the secretariat's last action in the admin panel came to, shown there across redraws.
  private adminStatus: { text: string; error: boolean } | null = null;

  constructor(
    private readonly main: HTMLElement,
    private readonly props: RoundViewProps,
  ) {
    const back = h(
      'p',
      { class: 'back-link' },
      h('a', { href: '#/' }, t(props.lang, 'round.back')),
    );
    this.main.replaceChildren(back, this.heading, this.body);
    this.renderAll();
  }

  get roundId(): number {
    return this.props.round.id;
  }

  private get lang(): Lang {
    return this.props.lang;
  }

  // Renders the whole page from the current state, keeping the same h1 element so focus that
  // was moved to it stays there.
  renderAll(): void {
    const { round } = this.props;
    const lang = this.lang;
    this.threads.clear();
    this.posts.clear();
    this.threadsList = null;
    this.noThreads = null;
    if (this.props.errorCode !== null) {
      this.heading.textContent = t(lang, 'round.notAvailable');
      document.title = `${this.heading.textContent} – ${t(lang, 'app.name')}`;
      this.body.replaceChildren(
        h('div', { class: 'form-error' }, h('p', {}, errorMessage(this.props.errorCode, lang))),
      );
      return;
    }
    const info = round.info;
    if (round.accessEnded !== null) {
      // The person's organisation is no longer invited: say so, and show nothing of the round.
      this.heading.textContent = info?.title ?? t(lang, 'round.notAvailable');
      document.title = `${this.heading.textContent} – ${t(lang, 'app.name')}`;
      this.body.replaceChildren(
        h('div', { class: 'notice' }, h('p', {}, accessEndedText(lang, round.accessEnded))),
      );
      return;
    }
    if (!info) {
      this.heading.textContent = t(lang, 'round.loading');
      document.title = `${this.heading.textContent} – ${t(lang, 'app.name')}`;
      this.body.replaceChildren();
      return;
    }

    this.heading.textContent = info.title;
    document.title = `${info.title} – ${t(lang, 'app.name')}`;
    const proposal = h('div', { class: 'markdown proposal-text' });
    setMarkdown(proposal, info.proposal, 2);

    this.threadsList = h('div', { class: 'threads' });
    this.noThreads = h('p', { class: 'empty' }, t(lang, 'round.noThreads'));
    const threadsSection = h(
      'section',
      { class: 'round-threads', 'aria-labelledby': 'threads-heading' },
      h('h2', { id: 'threads-heading' }, t(lang, 'round.threads')),
      this.noThreads,
      this.threadsList,
    );
    if (canCreateThread(this.props.person, info.phase)) {
      threadsSection.append(this.renderThreadForm());
    }

    const admin = this.props.admin
      ? renderRoundAdmin({
          lang,
          info,
          organisations: this.props.organisations,
          actions: this.props.admin,
          status: this.adminStatus,
          setStatus: (status) => {
            this.adminStatus = status;
            this.showAdminStatus();
          },
        })
      : null;
    this.body.replaceChildren(
      this.renderFacts(info),
      ...(admin ? [admin] : []),
      h(
        'section',
        { class: 'proposal', 'aria-labelledby': 'proposal-heading' },
        h('h2', { id: 'proposal-heading' }, t(lang, 'round.proposal')),
        proposal,
      ),
      h(
        'section',
        { class: 'invited', 'aria-labelledby': 'invited-heading' },
        h('h2', { id: 'invited-heading' }, t(lang, 'round.invited')),
        h(
          'ul',
          { class: 'invited-list' },
          ...info.invited.map((org) =>
            h(
              'li',
              {},
              org.name,
              h('span', { class: 'org-kind' }, ` (${kindName(lang, org.kind)})`),
            ),
          ),
        ),
      ),
      threadsSection,
    );

    for (const threadId of round.threadOrder) {
      this.addThread(threadId);
      const thread = round.threads.get(threadId);
      if (!thread) continue;
      const walk = (ids: number[]): void => {
        for (const id of ids) {
          this.addPost(id);
          walk(round.posts.get(id)?.replies ?? []);
        }
      };
      walk(thread.rootPosts);
    }
  }

  // The round's own facts changed (created, phase, schedule, invitations, or the person lost
  // access): the page is drawn anew. Half-written texts are kept in the drafts.
  onRoundChanged(): void {
    const focusWasInAdmin = this.body
      .querySelector('.round-admin')
      ?.contains(document.activeElement);
    this.renderAll();
    if (focusWasInAdmin) this.focusAdminStatus();
  }

  // The phase, kind, sectors and schedule, and how the phase last changed.
  private renderFacts(info: RoundInfo): HTMLElement {
    const lang = this.lang;
    const facts = h(
      'dl',
      { class: 'round-facts round-meta' },
      h('dt', {}, t(lang, 'rounds.phase')),
      h('dd', {}, h('span', { class: `phase phase-${info.phase}` }, phaseName(lang, info.phase))),
      h('dt', {}, t(lang, 'rounds.kind')),
      h('dd', {}, roundKindName(lang, info.kind)),
    );
    if (info.sectors.length > 0) {
      facts.append(
        h('dt', {}, t(lang, 'rounds.sectors')),
        h('dd', {}, info.sectors.map((sector) => sectorName(lang, sector)).join(', ')),
      );
    }
    for (const [key, time] of [
      ['schedule.opensAt', info.opensAt],
      ['schedule.closesAt', info.closesAt],
    ] as const) {
      if (time === null) continue;
      facts.append(
        h('dt', {}, t(lang, key)),
        h('dd', {}, h('time', { datetime: time }, formatDateTime(lang, time))),
      );
    }
    const change = info.lastPhaseChange;
    if (change) {
      const text = change.automatic
        ? t(lang, 'round.phaseChange.automatic', { phase: phaseName(lang, change.phase) })
        : t(lang, 'round.phaseChange.by', {
            phase: phaseName(lang, change.phase),
            name: change.by.name,
          });
      facts.append(
        h('dt', {}, t(lang, 'round.phaseChange')),
        h(
          'dd',
          {},
          `${text} `,
          h('time', { datetime: change.at }, formatDateTime(lang, change.at)),
        ),
      );
    }
    return facts;
  }

  private showAdminStatus(): void {
    // The status lives in the panel, which is redrawn; draw it now and put focus on it.
    this.renderAll();
    this.focusAdminStatus();
  }

  private focusAdminStatus(): void {
    this.body.querySelector<HTMLElement>('.round-admin [tabindex="-1"]')?.focus();
  }

  // The organisation list arrived (for the secretariat's invitations).
  setOrganisations(organisations: Organisation[]): void {
    this.props.organisations = organisations;
    if (this.props.admin) this.renderAll();
  }

  showError(code: string): void {
    this.props.errorCode = code;
    this.renderAll();
  }

  addThread(threadId: number): void {
    const thread = this.props.round.threads.get(threadId);
    if (!thread || !this.threadsList || this.threads.has(threadId)) return;
    const elements = this.renderThread(thread);
    this.threads.set(threadId, elements);
    this.threadsList.append(elements.section);
    this.noThreads?.remove();
  }

  addPost(postId: number): void {
    const post = this.props.round.posts.get(postId);
    if (!post || this.posts.has(postId)) return;
    const thread = this.threads.get(post.threadId);
    if (!thread) return;
    const elements = this.renderPost(post);
    this.posts.set(postId, elements);
    const parent = post.replyTo === null ? undefined : this.posts.get(post.replyTo);
    if (parent) {
      if (!parent.replies) {
        parent.replies = h('ul', { class: 'replies', 'aria-label': t(this.lang, 'post.replies') });
        parent.item.append(parent.replies);
      }
      parent.replies.append(elements.item);
    } else {
      thread.posts.append(elements.item);
    }
    thread.empty.remove();
  }

  private get refusal(): string | null {
    const info = this.props.round.info;
    if (!info) return null;
    const reason = postRefusal(this.props.person, info.phase);
    if (reason === 'observer') return t(this.lang, 'composer.observer');
    if (reason === 'round_not_open') return t(this.lang, 'composer.roundNotOpen');
    return null;
  }

  private draftKey(threadId: number | 'new-thread', replyTo: number | null = null): string {
    return `${this.props.round.id}:${threadId}:${replyTo ?? 'top'}`;
  }

  private renderThread(thread: ThreadData): ThreadElements {
    const lang = this.lang;
    const headingId = `thread-${thread.id}-heading`;
    const posts = h('ul', { class: 'posts', 'aria-label': t(lang, 'thread.posts') });
    const empty = h('p', { class: 'empty' }, t(lang, 'thread.noPosts'));
    const composer = this.createPostComposer(
      this.draftKey(thread.id),
      {
        className: 'thread-composer',
        label: t(lang, 'composer.label', { title: thread.title }),
        submitText: t(lang, 'composer.submit'),
      },
      (text) => this.props.createPost(thread.id, null, text),
    );
    const section = h(
      'section',
      { class: 'thread', id: `thread-${thread.id}`, 'aria-labelledby': headingId },
      h('h3', { id: headingId }, thread.title),
      empty,
      posts,
      composer.form,
    );
    return { section, posts, empty };
  }

  private renderPost(post: PostData): PostElements {
    const lang = this.lang;
    const body = h('div', { class: 'markdown post-text' });
    setMarkdown(body, post.body, 3);
    const author = post.author;
    const replySlot = h('div', { class: 'reply-slot' });
    const article = h(
      'article',
      { class: 'post' },
      h(
        'p',
        { class: 'post-meta' },
        h('span', { class: 'post-author' }, author.name),
        ', ',
        h('span', { class: 'post-org' }, author.organisation.name),
        ' ',
        h('time', { datetime: post.at }, formatDateTime(lang, post.at)),
      ),
      body,
    );
    const item = h('li', { class: 'post-item', id: `post-${post.id}` }, article);
    const elements: PostElements = { item, replySlot, replyButton: null, replies: null };
    if (this.refusal === null) {
      const button = h(
        'button',
        { type: 'button', class: 'link-button reply-button', 'aria-expanded': 'false' },
        t(lang, 'post.reply'),
        h(
          'span',
          { class: 'visually-hidden' },
          ` ${t(lang, 'post.replyTo', { name: author.name })}`,
        ),
      );
      button.addEventListener('click', () => this.toggleReply(post, elements));
      elements.replyButton = button;
      article.append(h('div', { class: 'post-actions' }, button), replySlot);
      const key = this.draftKey(post.threadId, post.id);
      if (this.props.drafts.get(key)) this.openReply(post, elements, false);
    }
    return elements;
  }

  private toggleReply(post: PostData, elements: PostElements): void {
    if (elements.replySlot.childElementCount > 0) this.closeReply(elements);
    else this.openReply(post, elements, true);
  }

  private openReply(post: PostData, elements: PostElements, focus: boolean): void {
    const lang = this.lang;
    const key = this.draftKey(post.threadId, post.id);
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

  // A composer for a post's body, used for a thread's new post and for a reply to a post; the
  // specifics (class, label, button text, cancel) are the caller's. Its draft is kept under
  // draftKey. On submit it calls publish, and announces the post once publish has finished.
  private createPostComposer(
    draftKey: string,
    specifics: Pick<ComposerProps, 'className' | 'label' | 'submitText' | 'onCancel'>,
    publish: (text: string) => Promise<void>,
  ): Composer {
    const lang = this.lang;
    return createComposer({
      ...specifics,
      lang,
      multiline: true,
      maxBytes: POST_BODY_MAX_BYTES,
      hint: t(lang, 'composer.hint'),
      disabledReason: this.refusal,
      initialText: this.props.drafts.get(draftKey) ?? '',
      onDraft: (text) => this.saveDraft(draftKey, text),
      onSubmit: async (text) => {
        await publish(text);
        this.props.announce(t(lang, 'announce.published'));
      },
      previewSectionLevel: 3,
      announce: this.props.announce,
    });
  }

  private closeReply(elements: PostElements): void {
    elements.replySlot.replaceChildren();
    elements.replyButton?.setAttribute('aria-expanded', 'false');
    elements.replyButton?.focus();
  }

  private renderThreadForm(): HTMLElement {
    const lang = this.lang;
    const key = this.draftKey('new-thread');
    const composer = createComposer({
      lang,
      className: 'thread-form',
      label: t(lang, 'thread.create.label'),
      submitText: t(lang, 'thread.create.submit'),
      multiline: false,
      maxBytes: THREAD_TITLE_MAX_BYTES,
      hint: null,
      disabledReason: null,
      initialText: this.props.drafts.get(key) ?? '',
      onDraft: (text) => this.saveDraft(key, text),
      onSubmit: async (title) => {
        await this.props.createThread(title);
        this.props.announce(t(lang, 'announce.threadCreated'));
      },
      announce: this.props.announce,
    });
    return h(
      'section',
      { class: 'new-thread', 'aria-labelledby': 'new-thread-heading' },
      h('h3', { id: 'new-thread-heading' }, t(lang, 'thread.create.heading')),
      composer.form,
    );
  }

  private saveDraft(key: string, text: string): void {
    if (text === '') this.props.drafts.delete(key);
    else this.props.drafts.set(key, text);
  }
}
