// Every server event passes through this one switch: it folds the event into the round's state
// (round_data), tells the round view what was added, and announces news from others in the
// polite live region.

import { t } from '../i18n/strings';
import type { Lang } from '../i18n/lang';
import type { Person, RoundEvent } from '../protocol/messages';
import { applyEvent, type RoundStore } from '../round/round_data';
import type { RoundView } from '../round/round_ui';

export interface DispatchTarget {
  store: RoundStore;
  lang: () => Lang;
  me: () => Person | null;
  // The view showing this round, if it is on screen.
  roundView: (roundId: number) => RoundView | null;
  announce: (message: string) => void;
}

export function dispatchEvent(
  target: DispatchTarget,
  event: RoundEvent,
  initialLoad: boolean,
): void {
  const round = target.store.getOrCreate(event.round_id);
  const view = target.roundView(event.round_id);
  const fromOther = event.actor.id !== target.me()?.id;
  const news = !initialLoad && fromOther;
  const lang = target.lang();
  switch (event.kind) {
    case 'round_created': {
      const change = applyEvent(round, event);
      if (change.kind === 'round') view?.onRoundChanged();
      break;
    }
    case 'thread_created': {
      const change = applyEvent(round, event);
      if (change.kind !== 'thread') break;
      view?.addThread(change.threadId);
      if (news && view) target.announce(t(lang, 'announce.newThread', { title: event.data.title }));
      break;
    }
    case 'post_created': {
      const change = applyEvent(round, event);
      if (change.kind !== 'post') break;
      view?.addPost(change.postId);
      if (news && view) {
        target.announce(
          t(lang, 'announce.newPost', {
            name: event.actor.name,
            org: event.actor.organisation.name,
          }),
        );
      }
      break;
    }
    case 'unknown':
      // A kind this client does not know (a newer server); folding it only advances lastSeq.
      applyEvent(round, event);
      break;
  }
}
