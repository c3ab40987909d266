// Every server event passes through this one switch: it folds the event into the state of its
// stream (round_data: a round's main stream into its RoundData, a side's preparation stream into
// that stream's PreparationData), tells the view on screen what was added or changed, and
// announces news from others in the polite live region. The end of a subscription
// (subscription_ended, from the transport's accessEnded listener) and a stream the server knows
// less of (stale_position, the transport's roundReset) come through here too.

import { accessEndedText, phaseName, t } from '../i18n/strings';
import { pt, stanceName } from '../i18n/position_strings';
import { ot } from '../i18n/outcome_strings';
import { mt } from '../i18n/minutes_strings';
import { jt, sideInText } from '../i18n/joint_document_strings';
import type { Lang } from '../i18n/lang';
import {
  isPreparationStream,
  MAIN_STREAM,
  MODERATION_STREAM,
  type Person,
  type PreparationStream,
  type RoundEvent,
  type Stream,
} from '../protocol/messages';
import {
  applyAccessEnded,
  applyEvent,
  applyPreparationEvent,
  type PreparationData,
  type RoundData,
  type RoundStore,
} from '../round/round_data';
import { applyModerationEvent, type ModerationData } from '../round/moderation_data';
import type { RoundView } from '../round/round_ui';

// What the view showing a side's preparation stream offers the dispatcher (the round view, for
// the stream of the person's side): a thread or post was added (`live`: not part of the first
// load), or the stream changed otherwise (its subscription ended).
export interface PreparationViewLike {
  addThread(threadId: number): void;
  addPost(postId: number, live: boolean): void;
  onChanged(): void;
}

export interface DispatchTarget {
  store: RoundStore;
  lang: () => Lang;
  me: () => Person | null;
  // The view showing this round, if it is on screen.
  roundView: (roundId: number) => RoundView | null;
  // The view showing this preparation stream, if it is on screen.
  preparationView?: (roundId: number, stream: PreparationStream) => PreparationViewLike | null;
  announce: (message: string) => void;
}

export function dispatchEvent(
  target: DispatchTarget,
  event: RoundEvent,
  initialLoad: boolean,
): void {
  if (isPreparationStream(event.stream)) {
    dispatchPreparationEvent(target, event, event.stream, initialLoad);
    return;
  }
  if (event.stream === MODERATION_STREAM) {
    dispatchModerationEvent(target, event, initialLoad);
    return;
  }
  const round = target.store.getOrCreate(event.round_id);
  const view = target.roundView(event.round_id);
  const fromOther = event.actor.id !== target.me()?.id;
  const news = !initialLoad && fromOther;
  const lang = target.lang();
  // A thread's title for an announcement.
  const titleOf = (threadId: number): string => round.threads.get(threadId)?.title ?? '';
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
      // Reminders can be sent only while the round is open.
      if (!initialLoad) view?.onParticipationChanged();
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
      if (!initialLoad) view?.onParticipationChanged();
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
      if (!initialLoad) view?.onParticipationChanged();
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
    case 'agenda_item_proposed': {
      // A new thread, with status 'proposed', at the end of the agenda.
      const change = applyEvent(round, event);
      if (change.kind !== 'thread') break;
      view?.addThread(change.threadId);
      if (news && view) {
        target.announce(
          t(lang, 'announce.agendaItemProposed', {
            name: event.actor.name,
            org: event.actor.organisation.name,
            title: event.data.title,
          }),
        );
      }
      break;
    }
    case 'agenda_item_decided': {
      const change = applyEvent(round, event);
      if (change.kind !== 'thread_changed') break;
      onThreadChanged(view);
      if (news && view) {
        const key = event.data.accepted
          ? 'announce.agendaItemAccepted'
          : 'announce.agendaItemDeclined';
        target.announce(t(lang, key, { title: titleOf(event.data.thread_id) }));
      }
      break;
    }
    case 'thread_locked': {
      const change = applyEvent(round, event);
      if (change.kind !== 'thread_changed') break;
      onThreadChanged(view);
      if (news && view) {
        const key = event.data.locked ? 'announce.threadLocked' : 'announce.threadUnlocked';
        target.announce(t(lang, key, { title: titleOf(event.data.thread_id) }));
      }
      break;
    }
    case 'thread_moved':
    case 'post_pinned': {
      // The agenda's order or a thread's pin: shown, not announced.
      const change = applyEvent(round, event);
      if (change.kind === 'thread_changed') onThreadChanged(view);
      break;
    }
    case 'reminder_sent': {
      const change = applyEvent(round, event);
      if (change.kind !== 'reminder') break;
      view?.onReminder(change.reminder);
      if (!initialLoad) view?.onParticipationChanged();
      // Said out loud only to the organisation it is for; everyone else's page stays quiet.
      if (!initialLoad && view && event.data.organisation.id === target.me()?.organisation.id) {
        const org = event.data.organisation.name;
        target.announce(
          event.data.message === ''
            ? t(lang, 'reminder.withoutMessage', { org })
            : t(lang, 'announce.reminder', { org, message: event.data.message }),
        );
      }
      break;
    }
    case 'position_stated': {
      const change = applyEvent(round, event);
      if (change.kind !== 'position') break;
      view?.onPositionsChanged();
      if (!initialLoad) view?.onParticipationChanged();
      // The tally moves for everyone in the round: a position is news to all but its author.
      if (news && view) {
        target.announce(
          pt(lang, 'positions.announce', {
            org: event.data.organisation.name,
            stance: stanceName(lang, event.data.stance),
            version: event.data.version,
          }),
        );
      }
      break;
    }
    case 'outcome_written': {
      const change = applyEvent(round, event);
      if (change.kind !== 'outcome') break;
      view?.onOutcomeChanged();
      if (news && view) {
        target.announce(
          ot(
            lang,
            event.data.correction === null ? 'outcome.announce' : 'outcome.announceCorrected',
            {
              version: event.data.version,
            },
          ),
        );
      }
      break;
    }
    case 'minutes_written': {
      const change = applyEvent(round, event);
      if (change.kind !== 'minutes') break;
      view?.onMinutesChanged(change.threadId);
      if (news && view) {
        target.announce(
          mt(lang, 'minutes.announce', {
            title: titleOf(change.threadId),
            version: change.version,
          }),
        );
      }
      break;
    }
    case 'dissent_attached': {
      const change = applyEvent(round, event);
      if (change.kind !== 'dissent') break;
      view?.onOutcomeChanged();
      if (news && view) {
        target.announce(ot(lang, 'dissent.announce', { org: event.data.organisation.name }));
      }
      break;
    }
    case 'joint_document_written': {
      const change = applyEvent(round, event);
      if (change.kind !== 'joint_document') break;
      view?.onJointDocumentChanged();
      if (news && view) {
        target.announce(
          jt(lang, 'joint.announce.written', {
            version: event.data.version,
            name: event.actor.name,
          }),
        );
      }
      break;
    }
    case 'joint_document_approved': {
      const change = applyEvent(round, event);
      if (change.kind !== 'joint_document') break;
      view?.onJointDocumentChanged();
      if (news && view) {
        target.announce(
          jt(lang, 'joint.announce.approved', {
            version: event.data.version,
            side: sideInText(lang, event.data.side),
          }),
        );
      }
      break;
    }
    case 'proposal_revised': {
      const change = applyEvent(round, event);
      if (change.kind !== 'round') break;
      view?.onRoundChanged();
      if (news && view) {
        target.announce(t(lang, 'announce.proposalRevised', { version: event.data.version }));
      }
      break;
    }
    case 'post_edited':
    case 'post_unhidden': {
      // Shown where the post is; an edit is not news to announce.
      const change = applyEvent(round, event);
      if (change.kind === 'post_changed') view?.onRoundChanged();
      break;
    }
    case 'post_hidden': {
      const change = applyEvent(round, event);
      if (change.kind !== 'post_changed') break;
      view?.onRoundChanged();
      // The author hears it where they are; the others see the post say so.
      const post = round.posts.get(event.data.post_id);
      if (!initialLoad && view && post && post.author.id === target.me()?.id) {
        target.announce(t(lang, 'announce.ownPostHidden', { reason: event.data.reason }));
      }
      break;
    }
    case 'post_reported':
    case 'reports_resolved':
    case 'unknown':
      // A kind this client does not fold here (the moderation stream's, or a newer server's);
      // folding it only advances lastSeq.
      applyEvent(round, event);
      break;
  }
}

// A thread changed in place or moved. The round view has no finer call for that yet, so it
// draws the page anew (drafts survive a redraw).
function onThreadChanged(view: RoundView | null): void {
  view?.onRoundChanged();
}

// An event of a side's preparation stream: only threads and posts happen there.
function dispatchPreparationEvent(
  target: DispatchTarget,
  event: RoundEvent,
  stream: PreparationStream,
  initialLoad: boolean,
): void {
  const preparation = target.store.preparationOrCreate(event.round_id, stream);
  const change = applyPreparationEvent(preparation, event);
  const view = target.preparationView?.(event.round_id, stream) ?? null;
  const news = !initialLoad && event.actor.id !== target.me()?.id && view !== null;
  const lang = target.lang();
  if (change.kind === 'thread') {
    view?.addThread(change.threadId);
    if (news && event.kind === 'thread_created') {
      target.announce(t(lang, 'announce.newPreparationThread', { title: event.data.title }));
    }
  } else if (change.kind === 'post_changed') {
    view?.onChanged();
  } else if (change.kind === 'post') {
    view?.addPost(change.postId, !initialLoad);
    if (news) {
      target.announce(
        t(lang, 'announce.newPreparationPost', {
          name: event.actor.name,
          org: event.actor.organisation.name,
        }),
      );
    }
  }
}

// An event of a round's moderation stream (the secretariat's): a new report is news to announce.
function dispatchModerationEvent(
  target: DispatchTarget,
  event: RoundEvent,
  initialLoad: boolean,
): void {
  const moderation = target.store.moderationOrCreate(event.round_id);
  if (!applyModerationEvent(moderation, event)) return;
  const view = target.roundView(event.round_id);
  view?.onModerationChanged();
  if (!initialLoad && view && event.kind === 'post_reported') {
    target.announce(t(target.lang(), 'announce.postReported', { name: event.actor.name }));
  }
}

// The server ended this client's subscription of a stream (the transport's accessEnded): mark
// the round (or the preparation stream), redraw its view, and say why where the person is
// working. What was shown stays; nothing more of the stream arrives. (Before following it
// again, clear the mark with clearAccessEnded from round_data.) The withdrawal that ends a
// preparation stream ends the round's main stream too, whose notice says it once.
export function dispatchAccessEnded(
  target: DispatchTarget,
  roundId: number,
  reason: string,
  stream: Stream = MAIN_STREAM,
): void {
  if (isPreparationStream(stream)) {
    applyAccessEnded(target.store.preparationOrCreate(roundId, stream), reason);
    target.preparationView?.(roundId, stream)?.onChanged();
    return;
  }
  if (stream === MODERATION_STREAM) {
    target.store.moderationOrCreate(roundId).accessEnded = reason;
    target.roundView(roundId)?.onModerationChanged();
    return;
  }
  const round = target.store.getOrCreate(roundId);
  applyAccessEnded(round, reason);
  const view = target.roundView(roundId);
  if (!view) return;
  view.onRoundChanged();
  target.announce(accessEndedText(target.lang(), reason));
}

// The server knows less of a stream than this client (the transport's roundReset): drop that
// stream's state, which is being loaded again from seq 0, and hand back the fresh state.
export function dispatchStreamReset(
  target: DispatchTarget,
  roundId: number,
  stream: Stream = MAIN_STREAM,
): RoundData | PreparationData | ModerationData {
  if (isPreparationStream(stream)) {
    const preparation = target.store.resetPreparation(roundId, stream);
    target.preparationView?.(roundId, stream)?.onChanged();
    return preparation;
  }
  if (stream === MODERATION_STREAM) return target.store.resetModeration(roundId);
  return target.store.reset(roundId);
}
