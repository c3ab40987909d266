// "Här nu" on the round page: who is in the round right now (their name and organisation; the
// person themself marked), read from the server by PresencePoller. A labelled section with a
// plain list: it is not a live region, so a list that changes every few seconds is not read
// out to screen reader users; they find it by its heading.

import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { kindName, t } from '../i18n/strings';
import type { ListPresenceResult } from '../protocol/messages';
import { h, uniqueId } from '../ui/dom';
import { PresencePoller, type PresenceState } from './presence_data';

export interface PresencePanelProps {
  lang: Lang;
  personId: number;
  list: () => Promise<ListPresenceResult>;
}

export class PresencePanel {
  readonly element: HTMLElement;
  private readonly poller: PresencePoller;
  private readonly headingId = uniqueId('presence-heading');
  private readonly body: HTMLElement = h('div', { class: 'presence-body' });

  constructor(private readonly props: PresencePanelProps) {
    this.element = h(
      'section',
      { class: 'presence', 'aria-labelledby': this.headingId },
      h('h2', { id: this.headingId }, t(props.lang, 'presence.heading')),
      this.body,
    );
    this.render({ status: 'loading' });
    this.poller = new PresencePoller(props.list, (state) => this.render(state));
    this.poller.start();
  }

  // Right after subscribing, and when the connection is back: ask at once.
  refresh(): void {
    this.poller.refresh();
  }

  dispose(): void {
    this.poller.stop();
  }

  private render(state: PresenceState): void {
    const { lang, personId } = this.props;
    if (state.status === 'loading') {
      this.body.replaceChildren(h('p', { class: 'empty' }, t(lang, 'presence.loading')));
      return;
    }
    if (state.status === 'failed') {
      this.body.replaceChildren(h('p', { class: 'empty' }, t(lang, 'presence.failed')));
      return;
    }
    if (state.people.length === 0) {
      this.body.replaceChildren(h('p', { class: 'empty' }, t(lang, 'presence.nobody')));
      return;
    }
    this.body.replaceChildren(
      h(
        'ul',
        { class: 'presence-list' },
        ...state.people.map((person) =>
          h(
            'li',
            {},
            h('span', { lang: CONTENT_LANG }, person.name),
            person.id === personId && ` ${t(lang, 'presence.you')}`,
            ', ',
            h('span', { lang: CONTENT_LANG }, person.organisation.name),
            h('span', { class: 'org-kind' }, ` (${kindName(lang, person.organisation.kind)})`),
          ),
        ),
      ),
    );
  }
}
