// Every server event passes through this one switch: it folds the event into the round's state
// (round_data), tells the round view what was added, and announces news from others in the
// polite live region. The end of a round's subscription (subscription_ended, from the transport's
// accessEnded listener) comes through here too.

import { accessEndedText, phaseName, t } from '../i18n/strings';
import type { Lang } from '../i18n/lang';
import type { Person, RoundEvent } from '../protocol/messages';
import { applyAccessEnded, applyEvent, type RoundStore } from '../round/round_data';
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
    case 'phase_changed': {
      const change = applyEvent(round, event);
      if (change.kind !== 'round') break;
      view?.onRoundChanged();
      // A close at the closing time is news to everyone, the person who set that time included.
      if (event.data.automatic && !initialLoad && view) {
        target.announce(t(lang, 'announce.closedAutomatically'));
      } else if (news && view) {
        target.announce(
          t(lang, 'announce.phaseChanged', { phase: phaseName(lang, event.data.phase) }),
        );
      }
      break;
    }
    case 'schedule_changed': {
      const change = applyEvent(round, event);
      if (change.kind !== 'round') break;
      view?.onRoundChanged();
      if (news && view) target.announce(t(lang, 'announce.scheduleChanged'));
      break;
    }
    case 'organisation_invited':
    case 'invitation_withdrawn': {
      const change = applyEvent(round, event);
      if (change.kind !== 'round') break;
      view?.onRoundChanged();
      if (news && view) {
        const key =
          event.kind === 'organisation_invited'
            ? 'announce.organisationInvited'
            : 'announce.invitationWithdrawn';
        target.announce(t(lang, key, { org: event.data.organisation.name }));
      }
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
      view?.addPost(change.postId, !initialLoad);
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

// The server ended this client's subscription of a round (the transport's accessEnded): mark the
// round, redraw its view, and say why where the person is working. What was shown stays; nothing
// more of the round arrives. (Before following the round again, clear the mark with
// clearAccessEnded from round_data.)
export function dispatchAccessEnded(target: DispatchTarget, roundId: number, reason: string): void {
  const round = target.store.getOrCreate(roundId);
  applyAccessEnded(round, reason);
  const view = target.roundView(roundId);
  if (!view) return;
  view.onRoundChanged();
  target.announce(accessEndedText(target.lang(), reason));
}
