// The round's threads as a navigation list, in the agenda's order: each thread's title, its
// status when it is not simply open (a proposed or declined item, a locked thread), how many
// posts it has and how many of them are new to the person. Each entry links to the thread (#/rounds/1/threads/2), the
// open one is marked aria-current. Counts are updated in place as posts arrive and are read.

import { h } from '../ui/dom';
import { t } from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { threadHref } from '../app/router';
import { threadBadge } from './agenda_ui';
import type { ThreadsData } from './round_data';

export interface ThreadListProps {
  lang: Lang;
  roundId: number;
  // The threads of the stream shown (the round's agenda or a side's preparation).
  data: ThreadsData;
  // What the list is, for screen readers (the list is a navigation landmark).
  label: string;
  // How many posts of a thread are new to the person.
  unreadIn: (threadId: number) => number;
  onMarkAllRead: () => void;
}

interface Entry {
  link: HTMLAnchorElement;
  count: HTMLElement;
  unread: HTMLElement;
}

export function postCountText(lang: Lang, count: number): string {
  return count === 1
    ? t(lang, 'round.threadCount.one')
    : t(lang, 'round.threadCount.many', { count });
}

export function unreadText(lang: Lang, count: number): string {
  return count === 1 ? t(lang, 'round.unread.one') : t(lang, 'round.unread.many', { count });
}

export class ThreadList {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly markAll: HTMLElement;
  private readonly entries = new Map<number, Entry>();
  private openId: number | null = null;

  constructor(private readonly props: ThreadListProps) {
    const lang = props.lang;
    this.list = h('ol', { class: 'thread-list' });
    const markAll = h(
      'button',
      { type: 'button', class: 'link-button mark-all-read', 'data-focus-key': 'mark-all-read' },
      t(lang, 'round.markAllRead'),
    );
    markAll.addEventListener('click', () => props.onMarkAllRead());
    this.markAll = h('p', { class: 'mark-all' }, markAll);
    this.element = h(
      'nav',
      { class: 'thread-nav', 'aria-label': props.label },
      this.list,
      this.markAll,
    );
    for (const id of props.data.threadOrder) this.addThread(id);
    this.updateMarkAll();
  }

  addThread(threadId: number): void {
    const thread = this.props.data.threads.get(threadId);
    if (!thread || this.entries.has(threadId)) return;
    const count = h('span', { class: 'thread-count' });
    const unread = h('span', { class: 'thread-unread' });
    const badge = threadBadge(this.props.lang, thread);
    const link = h(
      'a',
      {
        class: 'thread-link',
        href: threadHref(this.props.roundId, threadId),
        'data-focus-key': `thread-link-${threadId}`,
      },
      h('span', { class: 'thread-link-title', lang: CONTENT_LANG }, thread.title),
      h(
        'span',
        { class: 'thread-link-meta' },
        badge
          ? h(
              'span',
              { class: `thread-badge thread-badge-${thread.locked ? 'locked' : thread.status}` },
              h('span', { class: 'visually-hidden' }, ', '),
              badge,
            )
          : null,
        count,
        unread,
      ),
    );
    this.entries.set(threadId, { link, count, unread });
    this.list.append(h('li', {}, link));
    this.update(threadId);
    if (threadId === this.openId) link.setAttribute('aria-current', 'true');
  }

  // The thread's counts changed (a post arrived or was read).
  update(threadId: number): void {
    const entry = this.entries.get(threadId);
    const thread = this.props.data.threads.get(threadId);
    if (!entry || !thread) return;
    const lang = this.props.lang;
    // The separators are for screen readers, which read the link as one sentence.
    entry.count.replaceChildren(
      h('span', { class: 'visually-hidden' }, ', '),
      postCountText(lang, thread.postCount),
    );
    const unread = this.props.unreadIn(threadId);
    entry.unread.hidden = unread === 0;
    entry.unread.replaceChildren(
      h('span', { class: 'visually-hidden' }, ', '),
      unreadText(lang, unread),
    );
    this.updateMarkAll();
  }

  updateAll(): void {
    for (const id of this.entries.keys()) this.update(id);
  }

  setOpen(threadId: number | null): void {
    this.openId = threadId;
    for (const [id, entry] of this.entries) {
      if (id === threadId) entry.link.setAttribute('aria-current', 'true');
      else entry.link.removeAttribute('aria-current');
    }
  }

  private updateMarkAll(): void {
    let any = false;
    for (const id of this.entries.keys()) if (this.props.unreadIn(id) > 0) any = true;
    this.markAll.hidden = !any;
  }
}
