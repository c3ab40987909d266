// The round page: title, facts, the secretariat's controls, the proposal (proposal_ui.ts: the
// version in force, earlier versions, the secretariat's revision), the invited organisations,
// and the discussion: the agenda as a list of the round's threads (with their status, post
// counts and how many posts are new to the person), the forms that add to it (a thread for the
// secretariat, a proposed item for representatives) and one open thread at a time
// (thread_ui.ts, with the secretariat's tools for it). The address
// says which thread is open (#/rounds/1/threads/2) or which post to land on
// (#/rounds/1/posts/3); navigate() follows it without reloading the round.
//
// Live posts are inserted in place, keeping what the reader looks at where it is
// (ui/scroll_anchor.ts). A post from someone else that the reader cannot see (further down, or
// in another thread) is counted in a "N nya inlägg" button that floats at the bottom of the
// window and takes the reader there. A post counts as read once half of it (or half the window)
// has been on screen; read posts are remembered per person and round (read_data.ts).
//
// A person whose organisation is on a side (state or municipal) also sees that side's
// preparation threads, on the same page: "Gemensamt samråd" and "<side>s förberedelser" switch
// the discussion area between the round's agenda (its main stream) and the preparation stream.
// The thread or post an address names decides which one is shown (their ids are unique across a
// round's streams); #/rounds/1/preparation opens the preparation at its first thread.
//
// The view renders RoundData and the side's PreparationData; the dispatcher tells it what was
// added (addThread/addPost, per stream) and the app tells it about navigation, a stream being
// loaded (onCaughtUp) and the connection.

import { h } from '../ui/dom';
import { keepInView } from '../ui/scroll_anchor';
import {
  accessEndedText,
  formatDateTime,
  kindName,
  phaseName,
  roundKindName,
  sectorName,
  t,
} from '../i18n/strings';
import { CONTENT_LANG, type Lang } from '../i18n/lang';
import { errorMessage, messageForError } from '../protocol/errors';
import { THREAD_TITLE_MAX_BYTES } from '../protocol/limits';
import {
  isPreparationStream,
  MAIN_STREAM,
  type ListPresenceResult,
  type Organisation,
  type Person,
  type PostHistoryResult,
  type PreparationStream,
  type StatePositionResult,
  type WriteMinutesResult,
  type WriteOutcomeResult,
  type JointDocumentResult,
  type RoundChangeResult,
  type Stream,
} from '../protocol/messages';
import {
  canManageAgenda,
  canProposeAgendaItem,
  canRunRounds,
  postRefusal,
} from '../session/session_data';
import { postHref, postUrl, preparationHref, roundHref } from '../app/router';
import {
  PROPOSE_STATUS_KEY,
  renderProposeForm,
  showStatusIn,
  threadRefusal,
  type ActionStatus,
  type AgendaActions,
} from './agenda_ui';
import { createComposer, type Composer } from './composer_ui';
import { reminderToShow } from './participation_data';
import {
  ParticipationPanel,
  renderReminderNotice,
  type ParticipationActions,
} from './participation_ui';
import { PresencePanel } from './presence_ui';
import { PositionsPanel, type PositionSubmission } from './positions_ui';
import { renderRecordSection } from './record_ui';
import { OutcomePanel, type OutcomeSubmission } from './outcome_ui';
import { MinutesPanel, type MinutesSubmission } from './minutes_ui';
import { JointDocumentPanel } from './joint_document_ui';
import { PROPOSAL_STATUS_KEY, ProposalView } from './proposal_ui';
import type { ReadSet } from './read_data';
import { renderRoundAdmin, type RoundAdminActions } from './round_admin_ui';
import type {
  PostData,
  PreparationData,
  ReminderData,
  RoundData,
  RoundInfo,
  ThreadData,
  ThreadsData,
} from './round_data';
import { ThreadList, unreadText } from './thread_list_ui';
import { preparingFacts } from '../rounds/rounds_ui';
import type { ModerationData } from './moderation_data';
import type { PostActions } from './post_moderation_ui';
import { renderReports } from './reports_ui';
import { ThreadView } from './thread_ui';

export interface RoundTarget {
  threadId: number | null;
  postId: number | null;
  // The side's preparation at its first thread (#/rounds/1/preparation).
  preparation: boolean;
}

export interface PostRequests {
  edit: (postId: number, body: string) => Promise<void>;
  hide: (postId: number, reason: string) => Promise<void>;
  unhide: (postId: number) => Promise<void>;
  report: (postId: number, reason: string) => Promise<void>;
  history: (postId: number) => Promise<PostHistoryResult>;
}

export interface RoundViewProps {
  lang: Lang;
  person: Person;
  round: RoundData;
  // The preparation stream of the person's side, when their organisation is on one; null for a
  // neutral organisation (the secretariat).
  preparation: PreparationData | null;
  // Which sides prepare in this round (list_rounds), for everyone; null while not known.
  preparing: PreparationStream[] | null;
  // Error code when the round could not be subscribed (not_found, forbidden …).
  errorCode: string | null;
  // Half-written texts by composer key; kept by the app across re-renders.
  drafts: Map<string, string>;
  createPost: (threadId: number, replyTo: number | null, body: string) => Promise<void>;
  createThread: (title: string, stream: Stream) => Promise<void>;
  // A representative proposes an agenda item; resolves to the new thread's id.
  proposeAgendaItem: (title: string, motivation: string) => Promise<number>;
  // Edits, moderation and a post's versions, each one request.
  posts: PostRequests;
  // The round's reports (its moderation stream), for the secretariat and admins; null for
  // everyone else.
  moderation: ModerationData | null;
  dismissReport: (reportId: number, note: string) => Promise<void>;
  announce: (message: string) => void;
  // The secretariat's controls (phase, schedule, invitations, the agenda and the proposal); null
  // for everyone else.
  admin: (RoundAdminActions & AgendaActions) | null;
  // Every organisation, for the secretariat's invitations; null while not loaded.
  organisations: Organisation[] | null;
  // Who has answered and the reminders (the secretariat's); null for everyone else.
  participation: ParticipationActions | null;
  // Who is in the round now (everyone who sees it).
  listPresence: () => Promise<ListPresenceResult>;
  // A representative states or revises their organisation's position.
  statePosition: (submission: PositionSubmission) => Promise<StatePositionResult>;
  // The secretariat writes or revises the outcome; a representative attaches a reservation.
  writeOutcome: (submission: OutcomeSubmission) => Promise<WriteOutcomeResult>;
  attachDissent: (text: string) => Promise<RoundChangeResult>;
  // The secretariat writes or revises an agenda item's minutes.
  writeMinutes: (submission: MinutesSubmission) => Promise<WriteMinutesResult>;
  // Both sides write the joint document in versions and approve the latest for their side.
  writeJointDocument: (revises: number, text: string) => Promise<JointDocumentResult>;
  approveJointDocument: (version: number) => Promise<JointDocumentResult>;
  // The seq of the newest reminder to the person's organisation that they dismissed (0: none);
  // onDismissReminder when they dismiss another (the app stores it).
  dismissedReminderSeq: number;
  onDismissReminder: (seq: number) => void;
  // The posts of this round the person has read; onReadChanged after each change (the app
  // stores it).
  readSet: ReadSet;
  onReadChanged: () => void;
  // Where floating notices of this page go (the shell's dock at the bottom of the window).
  dock: HTMLElement;
  // The thread or post the address points to.
  target: RoundTarget;
  // Land on the target now: scroll to it and move focus there (false when the page is only
  // redrawn, e.g. for a language switch).
  land: boolean;
  // The streams of which everything the server had when they were followed has arrived.
  caughtUp: ReadonlySet<Stream>;
}

// Enough of a post has been on screen to count as read: half of it, or half the window for a
// post taller than that.
function seenEnough(rect: DOMRectReadOnly, visibleHeight: number, viewportHeight: number): boolean {
  if (rect.height <= 0) return false;
  return visibleHeight >= Math.min(rect.height, viewportHeight) * 0.5;
}

export class RoundView {
  // The heading and the page body stay the same elements for the view's lifetime, so focus
  // moved to the heading survives re-rendering (a removed element would drop focus to <body>).
  readonly heading: HTMLElement = h('h1', { tabindex: '-1' });
  private readonly body: HTMLElement = h('div', { class: 'round-body' });
  private threadList: ThreadList | null = null;
  private threadPanel: HTMLElement | null = null;
  private threadView: ThreadView | null = null;
  private threadFormComposer: Composer | null = null;
  private reportsSection: HTMLElement | null = null;
  // What the person's last action on each post did (post_moderation_ui), across redraws.
  private readonly postOutcomes = new Map<number, string>();
  private navNotice: HTMLElement | null = null;
  private openThreadId: number | null = null;
  // Posts from others not yet read, per thread.
  private readonly unreadByThread = new Map<number, number>();
  // Posts from others that arrived while the page was open and that the reader has not seen.
  private readonly fresh = new Set<number>();
  // The post the address points to, until it has been shown (or found missing).
  private pendingPost: number | null = null;
  private pendingThread: number | null = null;
  private landOnTarget: boolean;
  private readonly caughtUp: Set<Stream>;
  // The stream whose threads the discussion area shows.
  private shown: Stream = MAIN_STREAM;
  // The post the address last pointed to: marked wherever its thread is drawn, until the
  // address changes.
  private highlightedPost: number | null = null;
  // Read tracking: the posts of the open thread that are on screen now.
  private observer: IntersectionObserver | null = null;
  private readonly observed = new WeakMap<Element, number>();
  private readonly onScreen = new Set<number>();
  private readonly pill: HTMLElement;
  private readonly pillButton: HTMLButtonElement;
  private pillFrame: number | null = null;
  private readonly onVisibility = (): void => this.markOnScreenRead();
  private readonly onScroll = (): void => this.schedulePillUpdate();
  // What the secretariat's last action in the admin panel came to, shown there across redraws.
  private adminStatus: ActionStatus | null = null;
  // The same for the secretariat's tools of each thread (cleared when another thread opens), a
  // representative's last proposed item, and the proposal's revision.
  private readonly threadStatus = new Map<number, ActionStatus>();
  private proposeStatus: ActionStatus | null = null;
  private proposeForm: HTMLElement | null = null;
  private proposalView: ProposalView | null = null;
  private proposalEditing = false;
  private proposalStatus: ActionStatus | null = null;
  // The stream switch's counts of new posts, per stream.
  private readonly switchCounts = new Map<Stream, HTMLElement>();
  // The secretariat's table of who has answered, kept across redraws (it holds what it last
  // read from the server, and an open reminder form).
  private readonly participation: ParticipationPanel | null;
  // Who is here now, refreshed by itself and kept across redraws.
  private readonly presence: PresencePanel;
  // The positions: tally, list and form, kept across redraws like the table above.
  private readonly positions: PositionsPanel;
  // The outcome and reservations with their forms, kept across redraws likewise.
  private readonly outcome: OutcomePanel;
  // Each agenda item's minutes with the secretariat's form, made when the item is first opened
  // and kept across redraws likewise.
  private readonly minutesPanels = new Map<number, MinutesPanel>();
  // The joint document with its form and chosen versions, kept across redraws likewise.
  private readonly jointDocument: JointDocumentPanel;
  // The secretariat's newest reminder to the person's organisation, at the top of the page.
  private readonly reminderArea: HTMLElement = h('div', { class: 'reminder-notices' });
  private dismissedReminderSeq: number;

  constructor(
    private readonly main: HTMLElement,
    private readonly props: RoundViewProps,
  ) {
    const back = h(
      'p',
      { class: 'back-link' },
      h('a', { href: '#/' }, t(props.lang, 'round.back')),
    );
    this.pillButton = h('button', { type: 'button', class: 'new-posts-button' });
    this.pillButton.addEventListener('click', () => this.goToFresh());
    this.pill = h('div', { class: 'new-posts', hidden: true }, this.pillButton);
    props.dock.replaceChildren(this.pill);
    this.pendingPost = props.target.postId;
    this.pendingThread = props.target.threadId;
    this.landOnTarget = props.land;
    this.caughtUp = new Set(props.caughtUp);
    this.shown = this.streamOfTarget(props.target) ?? MAIN_STREAM;
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('scroll', this.onScroll, { passive: true });
    this.dismissedReminderSeq = props.dismissedReminderSeq;
    this.participation = props.participation
      ? new ParticipationPanel({
          lang: props.lang,
          roundId: props.round.id,
          actions: props.participation,
          drafts: props.drafts,
          announce: props.announce,
          canRemind: () => this.props.round.info?.phase === 'open',
        })
      : null;
    this.presence = new PresencePanel({
      lang: props.lang,
      personId: props.person.id,
      list: props.listPresence,
    });
    this.positions = new PositionsPanel({
      lang: props.lang,
      person: props.person,
      round: props.round,
      drafts: props.drafts,
      announce: props.announce,
      state: props.statePosition,
    });
    this.outcome = new OutcomePanel({
      lang: props.lang,
      person: props.person,
      round: props.round,
      drafts: props.drafts,
      writeOutcome: props.writeOutcome,
      attachDissent: props.attachDissent,
    });
    this.jointDocument = new JointDocumentPanel({
      lang: props.lang,
      person: props.person,
      round: props.round,
      drafts: props.drafts,
      announce: props.announce,
      write: props.writeJointDocument,
      approve: props.approveJointDocument,
    });
    this.main.replaceChildren(back, this.heading, this.body);
    this.renderAll();
    this.resolveTarget();
  }

  get roundId(): number {
    return this.props.round.id;
  }

  private get lang(): Lang {
    return this.props.lang;
  }

  // The page is going away: stop watching, take the floating notice down.
  dispose(): void {
    this.observer?.disconnect();
    this.observer = null;
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('scroll', this.onScroll);
    if (this.pillFrame !== null) cancelAnimationFrame(this.pillFrame);
    this.participation?.dispose();
    this.presence.dispose();
    this.props.dock.replaceChildren();
  }

  // Renders the whole page from the current state, keeping the same h1 element so focus that
  // was moved to it stays there.
  renderAll(): void {
    const { round } = this.props;
    const lang = this.lang;
    this.threadList = null;
    this.threadPanel = null;
    this.threadView = null;
    this.threadFormComposer = null;
    this.navNotice = null;
    this.proposeForm = null;
    this.proposalView = null;
    this.switchCounts.clear();
    this.resetObserver();
    this.heading.removeAttribute('lang');
    if (this.props.errorCode !== null) {
      this.heading.textContent = t(lang, 'round.notAvailable');
      document.title = `${this.heading.textContent} – ${t(lang, 'app.name')}`;
      this.body.replaceChildren(
        h('div', { class: 'form-error' }, h('p', {}, errorMessage(this.props.errorCode, lang))),
      );
      this.updatePill();
      return;
    }
    const info = round.info;
    if (round.accessEnded !== null) {
      // The person's organisation is no longer invited: say so, and show nothing of the round.
      this.heading.textContent = info?.title ?? t(lang, 'round.notAvailable');
      if (info) this.heading.setAttribute('lang', CONTENT_LANG);
      document.title = `${this.heading.textContent} – ${t(lang, 'app.name')}`;
      this.body.replaceChildren(
        h('div', { class: 'notice' }, h('p', {}, accessEndedText(lang, round.accessEnded))),
      );
      this.fresh.clear();
      this.updatePill();
      return;
    }
    if (!info) {
      this.heading.textContent = t(lang, 'round.loading');
      document.title = `${this.heading.textContent} – ${t(lang, 'app.name')}`;
      this.body.replaceChildren();
      return;
    }

    this.heading.textContent = info.title;
    this.heading.setAttribute('lang', CONTENT_LANG);
    document.title = `${info.title} – ${t(lang, 'app.name')}`;
    this.proposalView = this.createProposalView(info);

    this.countUnread();
    const preparation = this.shownPreparation;
    this.threadList = new ThreadList({
      lang,
      roundId: round.id,
      data: this.data,
      label: t(lang, preparation ? 'prep.threadNav' : 'round.threadNav'),
      unreadIn: (threadId) => this.unreadByThread.get(threadId) ?? 0,
      onMarkAllRead: () => this.markAllRead(),
    });
    this.threadPanel = h('div', { class: 'thread-panel' });
    this.navNotice = h('div', { class: 'notice nav-notice', tabindex: '-1', hidden: true });
    const sidebar = h('div', { class: 'thread-sidebar' }, this.threadList.element);
    if (preparation) {
      if (postRefusal(this.props.person, info.phase) === null) {
        sidebar.append(this.renderThreadForm(preparation.stream));
      }
    } else if (canManageAgenda(this.props.person, info.phase)) {
      sidebar.append(this.renderThreadForm(MAIN_STREAM));
    }
    if (!preparation && canProposeAgendaItem(this.props.person, info.phase)) {
      this.proposeForm = renderProposeForm({
        lang,
        roundId: round.id,
        drafts: this.props.drafts,
        propose: this.props.proposeAgendaItem,
        announce: this.props.announce,
        status: this.proposeStatus,
        setStatus: (status) => {
          this.proposeStatus = status;
          if (this.proposeForm) showStatusIn(this.proposeForm, PROPOSE_STATUS_KEY, status, true);
        },
      });
      sidebar.append(this.proposeForm);
    }
    const refusal = this.refusal;
    const threadsSection = h(
      'section',
      { class: 'round-threads', 'aria-labelledby': 'threads-heading' },
      h('h2', { id: 'threads-heading', 'data-anchor-key': 'threads' }, t(lang, 'round.threads')),
      this.renderStreamSwitch(),
      preparation
        ? h('p', { class: 'preparation-note' }, t(lang, `prep.note.${preparation.stream}`))
        : null,
      refusal ? h('p', { class: 'write-note' }, refusal) : null,
      this.navNotice,
      h('div', { class: 'threads-layout' }, sidebar, this.threadPanel),
    );

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
    this.reportsSection = this.renderReportsSection();
    this.renderReminders();
    this.participation?.onPhaseChanged();
    this.positions.update();
    this.outcome.update();
    this.jointDocument.update();
    this.body.replaceChildren(
      this.reminderArea,
      this.renderFacts(info),
      ...(info.phase === 'decided' ? [renderRecordSection(lang, round.id)] : []),
      ...(admin ? [admin] : []),
      // The outcome is what a closed or decided round is read for.
      ...(info.phase === 'closed' || info.phase === 'decided' ? [this.outcome.element] : []),
      // The joint document is worked on once the round has opened.
      ...(info.phase !== 'draft' ? [this.jointDocument.element] : []),
      ...(this.reportsSection ? [this.reportsSection] : []),
      // Who has answered means something once the round has opened.
      ...(this.participation && info.phase !== 'draft' ? [this.participation.element] : []),
      this.proposalView.section,
      // Positions are stated once the round has opened.
      ...(info.phase !== 'draft' ? [this.positions.element] : []),
      this.presence.element,
      h(
        'section',
        { class: 'invited', 'aria-labelledby': 'invited-heading' },
        h('h2', { id: 'invited-heading', 'data-anchor-key': 'invited' }, t(lang, 'round.invited')),
        h(
          'ul',
          { class: 'invited-list' },
          ...info.invited.map((org) =>
            h(
              'li',
              {},
              h('span', { lang: CONTENT_LANG }, org.name),
              h('span', { class: 'org-kind' }, ` (${kindName(lang, org.kind)})`),
            ),
          ),
        ),
      ),
      threadsSection,
    );

    // The open thread stays open across redraws; otherwise the address says, or the first.
    const data = this.data;
    let open = this.openThreadId;
    if (open === null || !data.threads.has(open)) {
      const wanted = this.pendingThread ?? this.threadOfPost(this.pendingPost);
      open = wanted !== null && data.threads.has(wanted) ? wanted : (data.threadOrder[0] ?? null);
    }
    this.openThreadId = null;
    this.openThread(open);
    this.updateStreamSwitch();
    this.updatePill();
  }

  // The round's own facts changed (created, phase, schedule, invitations, or the person lost
  // access): the page is drawn anew, keeping the reader's place, focus and half-written texts.
  // A report came in or was dealt with: only the queue is drawn anew, focus kept on the same
  // control when it is still there.
  onModerationChanged(): void {
    const old = this.reportsSection;
    if (!old) return;
    const active = document.activeElement;
    const focusKey =
      active instanceof HTMLElement && old.contains(active)
        ? active.getAttribute('data-focus-key')
        : null;
    const fresh = this.renderReportsSection();
    if (!fresh) return;
    keepInView(this.body, () => old.replaceWith(fresh));
    this.reportsSection = fresh;
    if (focusKey) this.focusKey(focusKey);
    else if (old.contains(active)) fresh.querySelector<HTMLElement>('h2')?.focus();
  }

  private renderReportsSection(): HTMLElement | null {
    const moderation = this.props.moderation;
    if (!moderation) return null;
    return renderReports({
      lang: this.lang,
      roundId: this.roundId,
      moderation,
      data: this.props.round,
      dismiss: this.props.dismissReport,
      announce: this.props.announce,
      drafts: this.props.drafts,
    });
  }

  onRoundChanged(): void {
    this.redrawKeepingFocus();
    this.resolveTarget();
  }

  // Redraws the whole page, keeping focus (and the caret) on the control that had it: a redraw
  // a person did not ask for must not leave a keyboard user at the top of the page.
  private redrawKeepingFocus(): void {
    const active = document.activeElement;
    const focusWasInAdmin = this.body.querySelector('.round-admin')?.contains(active);
    const focusKey =
      active instanceof HTMLElement && this.body.contains(active)
        ? active.getAttribute('data-focus-key')
        : null;
    const selection =
      active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement
        ? [active.selectionStart, active.selectionEnd]
        : null;
    keepInView(this.body, () => this.renderAll());
    if (focusWasInAdmin) {
      this.focusAdminStatus();
    } else if (focusKey !== null) {
      const again = this.body.querySelector<HTMLElement>(
        `[data-focus-key="${CSS.escape(focusKey)}"]`,
      );
      again?.focus({ preventScroll: true });
      if (
        selection &&
        (again instanceof HTMLTextAreaElement || again instanceof HTMLInputElement)
      ) {
        again.setSelectionRange(selection[0] ?? null, selection[1] ?? null);
      }
    }
  }

  // A reminder arrived (live or in the replay): a notice if it is for the person's organisation.
  onReminder(reminder: ReminderData): void {
    if (reminder.organisation.id !== this.props.person.organisation.id) return;
    // A newer reminder replaces the notice; focus on the old one's button moves to the new one's.
    const hadFocus = this.reminderArea.contains(document.activeElement);
    this.renderReminders();
    if (hadFocus) this.reminderArea.querySelector<HTMLElement>('button')?.focus();
  }

  // A position was stated or revised: the tally and the list are drawn anew.
  onPositionsChanged(): void {
    keepInView(this.body, () => this.positions.update());
  }

  // The outcome was written or revised, or a reservation attached: the outcome is drawn anew.
  // A version of the joint document was written or approved: the section is drawn anew.
  onJointDocumentChanged(): void {
    keepInView(this.body, () => this.jointDocument.update());
  }

  onOutcomeChanged(): void {
    keepInView(this.body, () => this.outcome.update());
  }

  // An agenda item's minutes were written or revised: they are drawn anew where shown.
  onMinutesChanged(threadId: number): void {
    const panel = this.minutesPanels.get(threadId);
    if (panel) keepInView(this.body, () => panel.update());
  }

  // The minutes of an accepted agenda item of the main stream, drawn from the round as it is
  // now; null for any other thread.
  private minutesOf(thread: ThreadData): HTMLElement | null {
    if (this.shownPreparation || thread.status !== 'accepted') return null;
    let panel = this.minutesPanels.get(thread.id);
    if (!panel) {
      panel = new MinutesPanel({
        lang: this.lang,
        person: this.props.person,
        round: this.props.round,
        threadId: thread.id,
        writeMinutes: this.props.writeMinutes,
      });
      this.minutesPanels.set(thread.id, panel);
    } else {
      panel.update();
    }
    return panel.element;
  }

  // Something that changes who has answered happened (a post, an invitation, a phase).
  onParticipationChanged(): void {
    this.participation?.refreshSoon();
  }

  // The notice of the newest reminder to the person's organisation, unless they dismissed it.
  private renderReminders(): void {
    const lang = this.lang;
    const reminder = reminderToShow(
      this.props.round.reminders,
      this.props.person.organisation.id,
      this.dismissedReminderSeq,
    );
    if (!reminder) {
      this.reminderArea.replaceChildren();
      return;
    }
    this.reminderArea.replaceChildren(
      renderReminderNotice(lang, reminder, () => {
        this.dismissedReminderSeq = reminder.seq;
        this.props.onDismissReminder(reminder.seq);
        this.renderReminders();
        // The button is gone: focus goes to the page's heading.
        this.heading.focus();
        this.props.announce(t(lang, 'reminder.dismissed'));
      }),
    );
  }

  // The address changed within this round: open the thread, or land on the post, in whichever
  // stream holds it; or switch between the agenda and the side's preparation.
  navigate(target: RoundTarget): void {
    this.highlight(null);
    this.pendingPost = target.postId;
    this.pendingThread = target.threadId;
    this.landOnTarget = true;
    if (this.navNotice) this.navNotice.hidden = true;
    if (target.postId === null && target.threadId === null) {
      const stream = target.preparation ? this.props.preparation?.stream : undefined;
      this.landOnTarget = false;
      if (stream && this.showStream(stream)) return; // focus stays on the switch
      if (!stream && this.showStream(MAIN_STREAM)) {
        this.focusKey('stream-main');
        return;
      }
      this.openThread(this.data.threadOrder[0] ?? null);
      window.scrollTo(0, 0);
      this.heading.focus();
      return;
    }
    this.resolveTarget();
  }

  // Everything the server had of a stream when it was followed has arrived: a target that is
  // not there by now does not exist.
  onCaughtUp(stream: Stream): void {
    this.caughtUp.add(stream);
    this.resolveTarget();
  }

  // The side's preparation stream was loaded anew (the server knew less of it than this
  // client): its state is a new object.
  // The reports are being loaded again from the start (stale_position).
  replaceModeration(moderation: ModerationData): void {
    this.props.moderation = moderation;
    this.onModerationChanged();
  }

  replacePreparation(preparation: PreparationData): void {
    this.props.preparation = preparation;
    this.caughtUp.delete(preparation.stream);
    if (this.shown === preparation.stream) this.openThreadId = null;
    this.onRoundChanged();
  }

  // What the dispatcher tells about the side's preparation stream, if this view shows the side
  // of that stream.
  preparationListener(stream: PreparationStream): {
    addThread: (threadId: number) => void;
    addPost: (postId: number, live: boolean) => void;
    onChanged: () => void;
  } | null {
    if (this.props.preparation?.stream !== stream) return null;
    return {
      addThread: (threadId) => this.addThread(threadId, stream),
      addPost: (postId, live) => this.addPost(postId, live, stream),
      onChanged: () => this.onRoundChanged(),
    };
  }

  // ---- the two streams ---------------------------------------------------------------------

  // The threads and posts the discussion area shows.
  private get data(): ThreadsData {
    return this.shownPreparation ?? this.props.round;
  }

  // The side's preparation, when that is what the discussion area shows.
  private get shownPreparation(): PreparationData | null {
    const preparation = this.props.preparation;
    return preparation && preparation.stream === this.shown ? preparation : null;
  }

  private dataOf(stream: Stream): ThreadsData | null {
    if (!isPreparationStream(stream)) return this.props.round;
    const preparation = this.props.preparation;
    return preparation && preparation.stream === stream ? preparation : null;
  }

  // The stream an address leads to, as far as is known yet (null: not known).
  private streamOfTarget(target: RoundTarget): Stream | null {
    const preparation = this.props.preparation;
    if (target.threadId !== null)
      return this.streamHolding((data) => data.threads.has(target.threadId ?? 0));
    if (target.postId !== null)
      return this.streamHolding((data) => data.posts.has(target.postId ?? 0));
    if (target.preparation && preparation) return preparation.stream;
    return target.preparation ? null : MAIN_STREAM;
  }

  private streamHolding(holds: (data: ThreadsData) => boolean): Stream | null {
    if (holds(this.props.round)) return MAIN_STREAM;
    const preparation = this.props.preparation;
    return preparation && holds(preparation) ? preparation.stream : null;
  }

  // Switches the discussion area to the stream; false when it already shows it.
  private showStream(stream: Stream): boolean {
    if (stream === this.shown || !this.dataOf(stream)) return false;
    this.shown = stream;
    this.openThreadId = null;
    // News of the other stream is counted on its switch, not in "N nya inlägg".
    this.fresh.clear();
    this.onRoundChanged();
    return true;
  }

  // "Gemensamt samråd" | "<side>s förberedelser", with how many posts are new in each, for a
  // person whose organisation is on a side; nothing for everyone else.
  private renderStreamSwitch(): HTMLElement | null {
    const preparation = this.props.preparation;
    if (!preparation) return null;
    const lang = this.lang;
    const entries: Array<{ stream: Stream; href: string; key: string }> = [
      { stream: MAIN_STREAM, href: roundHref(this.roundId), key: 'stream-main' },
      {
        stream: preparation.stream,
        href: preparationHref(this.roundId),
        key: 'stream-preparation',
      },
    ];
    return h(
      'nav',
      { class: 'stream-switch', 'aria-label': t(lang, 'prep.switch') },
      h(
        'ul',
        {},
        ...entries.map(({ stream, href, key }) => {
          const unread = h('span', { class: 'thread-unread' });
          this.switchCounts.set(stream, unread);
          return h(
            'li',
            {},
            h(
              'a',
              {
                href,
                'data-focus-key': key,
                'aria-current': stream === this.shown ? 'true' : null,
              },
              t(lang, `stream.${stream}`),
              unread,
            ),
          );
        }),
      ),
    );
  }

  // Posts from others not yet read in a stream's threads.
  private unreadIn(stream: Stream): number {
    const data = this.dataOf(stream);
    if (!data) return 0;
    let count = 0;
    for (const id of data.threadOrder) count += this.unreadByThread.get(id) ?? 0;
    return count;
  }

  // The switch's counts of new posts, updated in place (focus may be on the switch).
  private updateStreamSwitch(): void {
    for (const [stream, unread] of this.switchCounts) {
      const count = this.unreadIn(stream);
      unread.hidden = count === 0;
      unread.replaceChildren(
        h('span', { class: 'visually-hidden' }, ', '),
        unreadText(this.lang, count),
      );
    }
  }

  // The round's main stream was subscribed (again): the person is now among those here.
  onSubscribed(): void {
    this.presence.refresh();
  }

  // The connection is back: errors that only said it was gone no longer apply.
  onConnected(): void {
    this.participation?.refresh();
    this.presence.refresh();
    this.threadView?.clearConnectionErrors();
    this.threadFormComposer?.clearConnectionError();
    this.proposalView?.clearConnectionError();
  }

  private createProposalView(info: RoundInfo): ProposalView {
    const admin = this.props.admin;
    return new ProposalView({
      lang: this.lang,
      roundId: this.props.round.id,
      info,
      revise:
        admin && canManageAgenda(this.props.person, info.phase)
          ? (proposal) => admin.revise(proposal)
          : null,
      drafts: this.props.drafts,
      announce: this.props.announce,
      editing: this.proposalEditing,
      setEditing: (editing) => {
        this.proposalEditing = editing;
        this.proposalStatus = null;
        const view = this.redrawProposal();
        if (editing) view?.focusField();
        else this.focusKey('proposal-revise');
      },
      status: this.proposalStatus,
      setStatus: (status) => {
        this.proposalStatus = status;
        this.proposalEditing = false;
        this.redrawProposal();
        this.focusKey(PROPOSAL_STATUS_KEY);
      },
    });
  }

  // Draws the proposal section anew in its place (the revision form opened or closed).
  private redrawProposal(): ProposalView | null {
    const info = this.props.round.info;
    const old = this.proposalView;
    if (!info || !old) return null;
    const view = this.createProposalView(info);
    keepInView(this.body, () => old.section.replaceWith(view.section));
    this.proposalView = view;
    return view;
  }

  private focusKey(key: string): void {
    this.body.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
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
    facts.append(...preparingFacts(lang, this.props.preparing ?? []));
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
    keepInView(this.body, () => this.renderAll());
    this.focusAdminStatus();
  }

  private focusAdminStatus(): void {
    this.body.querySelector<HTMLElement>('.round-admin [tabindex="-1"]')?.focus();
  }

  // Which sides prepare in the round became known (list_rounds).
  setPreparing(preparing: PreparationStream[]): void {
    if (JSON.stringify(preparing) === JSON.stringify(this.props.preparing)) return;
    this.props.preparing = preparing;
    // Only the facts change: redraw them in place, so focus and the reader's place stay.
    const info = this.props.round.info;
    const facts = this.body.querySelector('.round-facts');
    if (info && facts) facts.replaceWith(this.renderFacts(info));
  }

  // The organisation list arrived (for the secretariat's invitations).
  setOrganisations(organisations: Organisation[]): void {
    this.props.organisations = organisations;
    if (this.props.admin) this.redrawKeepingFocus();
  }

  showError(code: string): void {
    this.props.errorCode = code;
    this.renderAll();
  }

  addThread(threadId: number, stream: Stream = MAIN_STREAM): void {
    if (stream !== this.shown) {
      if (this.pendingThread === threadId) this.resolveTarget();
      return;
    }
    if (!this.threadList || !this.data.threads.has(threadId)) return;
    this.threadList.addThread(threadId);
    this.threadView?.onThreadAdded();
    if (this.openThreadId === null || this.pendingThread === threadId) {
      this.openThread(threadId);
      this.resolveTarget();
    }
  }

  // A post was folded into the round. `live`: it arrived while the page was open (or while the
  // person was away and the round caught up), as opposed to the round's first load.
  addPost(postId: number, live: boolean, stream: Stream = MAIN_STREAM): void {
    const post = this.dataOf(stream)?.posts.get(postId);
    if (!post || !this.threadList) return;
    const mine = post.author.id === this.props.person.id;
    if (mine) {
      if (this.props.readSet.add(postId)) this.props.onReadChanged();
    } else if (!this.props.readSet.has(postId)) {
      this.unreadByThread.set(post.threadId, (this.unreadByThread.get(post.threadId) ?? 0) + 1);
    }
    this.updateStreamSwitch();
    if (stream !== this.shown) {
      if (postId === this.pendingPost) this.resolveTarget();
      return;
    }
    this.threadList.update(post.threadId);
    // The secretariat's form offers the new post to link to.
    this.minutesPanels.get(post.threadId)?.update();
    const view = this.threadView;
    if (view && view.threadId === post.threadId) {
      if (live) keepInView(this.body, () => view.addPost(postId));
      else view.addPost(postId);
    }
    if (live && !mine && !this.props.readSet.has(postId) && !this.isOnScreen(postId)) {
      this.fresh.add(postId);
    }
    if (postId === this.pendingPost) {
      if (this.openThreadId !== post.threadId) this.openThread(post.threadId);
      this.resolveTarget();
    }
    this.updatePill();
  }

  private get refusal(): string | null {
    const info = this.props.round.info;
    if (!info) return null;
    const reason = postRefusal(this.props.person, info.phase);
    if (reason === 'observer') return t(this.lang, 'composer.observer');
    if (reason === 'round_not_open') {
      if (info.phase !== 'draft') return t(this.lang, 'composer.roundClosed');
      // The opening time is the plan; the secretariat opens the round, so the text says both.
      return info.opensAt === null
        ? t(this.lang, 'composer.roundDraft')
        : t(this.lang, 'composer.roundDraftOpens', {
            time: formatDateTime(this.lang, info.opensAt),
          });
    }
    return null;
  }

  private threadOfPost(postId: number | null): number | null {
    if (postId === null) return null;
    return this.data.posts.get(postId)?.threadId ?? null;
  }

  private isUnread(post: PostData): boolean {
    return post.author.id !== this.props.person.id && !this.props.readSet.has(post.id);
  }

  private countUnread(): void {
    this.unreadByThread.clear();
    for (const data of [this.props.round, this.props.preparation]) {
      for (const post of data?.posts.values() ?? []) {
        if (!this.isUnread(post)) continue;
        this.unreadByThread.set(post.threadId, (this.unreadByThread.get(post.threadId) ?? 0) + 1);
      }
    }
  }

  // Shows a thread in the panel (null: none, there are no threads yet).
  private openThread(threadId: number | null): void {
    if (!this.threadPanel) return;
    if (threadId === this.openThreadId && (threadId === null || this.threadView)) return;
    const data = this.data;
    const thread = threadId === null ? undefined : data.threads.get(threadId);
    this.resetObserver();
    // What the secretariat's last action came to belongs to its thread: it goes when another
    // thread opens, and stays when the same thread is drawn anew.
    if (threadId === null || !this.threadStatus.has(threadId)) this.threadStatus.clear();
    if (!thread) {
      this.openThreadId = null;
      this.threadView = null;
      this.threadList?.setOpen(null);
      const empty = this.shownPreparation ? 'prep.noThreads' : 'round.noThreads';
      this.threadPanel.replaceChildren(h('p', { class: 'empty' }, t(this.lang, empty)));
      return;
    }
    this.openThreadId = thread.id;
    this.threadList?.setOpen(thread.id);
    // The agenda's tools are for its threads; a side's preparation threads are its own.
    const admin = this.shownPreparation ? null : this.agendaAdmin;
    const refusal = this.refusal ?? threadRefusal(this.lang, thread);
    this.threadView = new ThreadView({
      lang: this.lang,
      roundId: this.roundId,
      data,
      thread,
      proposalVersion: this.props.round.info?.proposalVersion ?? 1,
      refusal,
      drafts: this.props.drafts,
      isUnread: (post) => this.isUnread(post),
      createPost: this.props.createPost,
      announce: this.props.announce,
      onCopyLink: (post, feedback) => this.copyLink(post, feedback),
      onPostShown: (postId, article) => this.watch(postId, article),
      admin: admin
        ? {
            actions: admin,
            status: this.threadStatus.get(thread.id) ?? null,
            setStatus: (status, focus) => this.setThreadStatus(thread.id, status, focus),
          }
        : null,
      minutes: this.minutesOf(thread),
      onPin: admin ? (post, feedback) => this.pin(admin, thread, post, feedback) : null,
      postActions: this.postActions(refusal === null),
    });
    this.threadPanel.replaceChildren(this.threadView.section);
    if (this.highlightedPost !== null) {
      this.threadView.article(this.highlightedPost)?.classList.add('post-target');
    }
  }

  // Lands on the thread or post the address points to, once it is there; says so when the round
  // has loaded and it is not.
  private resolveTarget(): void {
    if (!this.threadPanel) return;
    const postId = this.pendingPost;
    if (postId !== null) {
      const stream = this.streamHolding((data) => data.posts.has(postId));
      if (stream === null) {
        if (this.allCaughtUp) {
          this.pendingPost = null;
          this.showNavNotice(t(this.lang, 'round.postMissing'));
        }
        return;
      }
      if (this.showStream(stream)) return; // drawn anew, which came back here
      const post = this.data.posts.get(postId);
      if (!post) return;
      this.openThread(post.threadId);
      // Land once the rest is in: what arrives later would move the post or redraw the page.
      if (!this.allCaughtUp && this.landOnTarget) return;
      this.pendingPost = null;
      const article = this.threadView?.article(post.id);
      if (!article) return;
      this.highlight(post.id);
      if (this.landOnTarget) {
        this.landOnTarget = false;
        article.scrollIntoView({ block: 'center' });
        article.focus({ preventScroll: true });
      }
      return;
    }
    const threadId = this.pendingThread;
    if (threadId !== null) {
      const stream = this.streamHolding((data) => data.threads.has(threadId));
      if (stream === null) {
        if (this.allCaughtUp) {
          this.pendingThread = null;
          this.showNavNotice(t(this.lang, 'round.threadMissing'));
        }
        return;
      }
      if (this.showStream(stream)) return;
      this.openThread(threadId);
      // Scroll there once the thread's posts are in: the page may still be too short.
      if (!this.allCaughtUp && this.landOnTarget) return;
      this.pendingThread = null;
      if (this.landOnTarget && this.threadView) {
        this.landOnTarget = false;
        this.threadView.heading.scrollIntoView({ block: 'start' });
        this.threadView.heading.focus({ preventScroll: true });
      }
    }
  }

  // Every stream this view shows has been loaded: what is not there by now does not exist.
  private get allCaughtUp(): boolean {
    const preparation = this.props.preparation;
    return (
      this.caughtUp.has(MAIN_STREAM) &&
      (preparation === null || this.caughtUp.has(preparation.stream))
    );
  }

  // Marks the post the address points to (null: none).
  private highlight(postId: number | null): void {
    this.highlightedPost = postId;
    for (const marked of this.body.querySelectorAll('.post-target')) {
      marked.classList.remove('post-target');
    }
    if (postId !== null) this.threadView?.article(postId)?.classList.add('post-target');
  }

  private showNavNotice(text: string): void {
    if (!this.navNotice) return;
    this.navNotice.replaceChildren(h('p', {}, text));
    this.navNotice.hidden = false;
    if (this.landOnTarget) {
      this.landOnTarget = false;
      this.navNotice.scrollIntoView({ block: 'center' });
      this.navNotice.focus({ preventScroll: true });
    }
  }

  // ---- read tracking and "N nya inlägg" ----------------------------------------------------

  private resetObserver(): void {
    this.observer?.disconnect();
    this.onScreen.clear();
    this.observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => this.onIntersection(entries), {
            threshold: [0, 0.25, 0.5, 0.75, 1],
          });
  }

  private watch(postId: number, article: HTMLElement): void {
    this.observed.set(article, postId);
    this.observer?.observe(article);
  }

  private onIntersection(entries: IntersectionObserverEntry[]): void {
    const viewport = window.innerHeight;
    for (const entry of entries) {
      const postId = this.observed.get(entry.target);
      if (postId === undefined) continue;
      if (seenEnough(entry.boundingClientRect, entry.intersectionRect.height, viewport)) {
        this.onScreen.add(postId);
      } else {
        this.onScreen.delete(postId);
      }
    }
    this.markOnScreenRead();
  }

  private isOnScreen(postId: number): boolean {
    if (document.visibilityState !== 'visible') return false;
    const article = this.threadView?.article(postId);
    if (!article) return false;
    const rect = article.getBoundingClientRect();
    const viewport = window.innerHeight;
    const visible = Math.max(0, Math.min(rect.bottom, viewport) - Math.max(rect.top, 0));
    return seenEnough(rect, visible, viewport);
  }

  private markOnScreenRead(): void {
    if (document.visibilityState !== 'visible') return;
    let changed = false;
    for (const postId of this.onScreen) {
      this.fresh.delete(postId);
      const post = this.data.posts.get(postId);
      if (!post || !this.props.readSet.add(postId)) continue;
      changed = true;
      if (post.author.id !== this.props.person.id) {
        const left = (this.unreadByThread.get(post.threadId) ?? 1) - 1;
        this.unreadByThread.set(post.threadId, Math.max(0, left));
      }
      this.threadList?.update(post.threadId);
    }
    if (changed) {
      this.props.onReadChanged();
      this.updateStreamSwitch();
    }
    this.updatePill();
  }

  // Everything in the round: the agenda and the side's preparation.
  private markAllRead(): void {
    for (const data of [this.props.round, this.props.preparation]) {
      for (const id of data?.posts.keys() ?? []) this.props.readSet.add(id);
    }
    this.props.onReadChanged();
    this.unreadByThread.clear();
    this.fresh.clear();
    this.updateStreamSwitch();
    this.threadList?.updateAll();
    this.threadView?.clearUnreadMarks();
    this.updatePill();
    this.props.announce(t(this.lang, 'round.allRead'));
    // The button has gone; keep focus in the list.
    this.threadList?.element.querySelector<HTMLElement>('a[aria-current]')?.focus();
  }

  // The new post the reader has not seen yet, oldest first.
  private firstFresh(): PostData | null {
    let first: PostData | null = null;
    for (const id of this.fresh) {
      const post = this.data.posts.get(id);
      if (post && (first === null || post.seq < first.seq)) first = post;
    }
    return first;
  }

  private schedulePillUpdate(): void {
    if (this.fresh.size === 0 || this.pillFrame !== null) return;
    this.pillFrame = requestAnimationFrame(() => {
      this.pillFrame = null;
      this.updatePill();
    });
  }

  private updatePill(): void {
    const first = this.firstFresh();
    if (!first || this.props.round.accessEnded !== null) {
      this.pill.hidden = true;
      return;
    }
    const lang = this.lang;
    const count = this.fresh.size;
    const text =
      count === 1 ? t(lang, 'round.newPosts.one') : t(lang, 'round.newPosts.many', { count });
    // Where the news is, when it is all in one place: below or above in this thread, or in one
    // other thread. The button takes the reader to the oldest first either way.
    const places = new Set<string>();
    for (const id of this.fresh) {
      const post = this.data.posts.get(id);
      if (!post) continue;
      const article = this.threadView?.article(id);
      if (!article) places.add(`thread-${post.threadId}`);
      else places.add(article.getBoundingClientRect().top > 0 ? 'below' : 'above');
    }
    let where = '';
    let arrow = '';
    if (places.size === 1) {
      if (places.has('below') || places.has('above')) {
        const below = places.has('below');
        where = t(lang, below ? 'round.newPosts.where.below' : 'round.newPosts.where.above');
        arrow = below ? '↓' : '↑';
      } else {
        const title = this.data.threads.get(first.threadId)?.title ?? '';
        where = t(lang, 'round.newPosts.where.thread', { title });
      }
    }
    this.pillButton.replaceChildren(
      h('span', { class: 'visually-hidden' }, `${t(lang, 'round.newPosts.show')} `),
      h('span', { class: 'new-posts-arrow', 'aria-hidden': 'true', hidden: arrow === '' }, arrow),
      h('span', { class: 'new-posts-count' }, text),
      where ? h('span', { class: 'new-posts-where' }, ` ${where}`) : '',
    );
    this.pill.hidden = false;
  }

  private goToFresh(): void {
    const first = this.firstFresh();
    if (!first) return;
    const href = postHref(this.roundId, first.id);
    if (window.location.hash === href) {
      this.navigate({ threadId: null, postId: first.id, preparation: false });
    } else {
      window.location.hash = href;
    }
  }

  // ---- actions -----------------------------------------------------------------------------

  // The secretariat's agenda actions, while the round's agenda may change; null otherwise.
  private get agendaAdmin(): AgendaActions | null {
    const info = this.props.round.info;
    const admin = this.props.admin;
    if (!admin || !info || !canManageAgenda(this.props.person, info.phase)) return null;
    return admin;
  }

  // Moderation is of the round's main stream: a side's preparation is its own.
  private postActions(canWrite: boolean): PostActions {
    const requests = this.props.posts;
    const main = !this.shownPreparation;
    return {
      meId: this.props.person.id,
      canWrite,
      canModerate: main && canRunRounds(this.props.person),
      canReport: main,
      edit: (post, body) => requests.edit(post.id, body),
      hide: (post, reason) => requests.hide(post.id, reason),
      unhide: (post) => requests.unhide(post.id),
      report: (post, reason) => requests.report(post.id, reason),
      history: (post) => requests.history(post.id),
      announce: this.props.announce,
      outcomes: this.postOutcomes,
      drafts: this.props.drafts,
    };
  }

  private setThreadStatus(threadId: number, status: ActionStatus, focus: boolean): void {
    this.threadStatus.set(threadId, status);
    if (this.threadView?.threadId === threadId) this.threadView.showAdminStatus(status, focus);
    // A status that does not take focus is still heard (an error is an alert already).
    if (!focus && !status.error) this.props.announce(status.text);
  }

  private pin(
    admin: AgendaActions,
    thread: ThreadData,
    post: PostData,
    feedback: HTMLElement,
  ): void {
    const lang = this.lang;
    const unpin = thread.pinnedPostId === post.id;
    admin.pin(thread.id, unpin ? null : post.id).then(
      () => {
        const text = t(lang, unpin ? 'post.unpinned' : 'post.pinned');
        feedback.replaceChildren(text);
        this.props.announce(text);
      },
      (failure: unknown) => {
        const text = messageForError(failure, lang);
        feedback.replaceChildren(h('span', { class: 'error-text', role: 'alert' }, text));
      },
    );
  }

  private copyLink(post: PostData, feedback: HTMLElement): void {
    const lang = this.lang;
    const url = postUrl(window.location, this.roundId, post.id);
    const copied = (): void => {
      feedback.replaceChildren(t(lang, 'post.linkCopied'));
      this.props.announce(t(lang, 'post.linkCopied'));
      setTimeout(() => {
        if (feedback.textContent === t(lang, 'post.linkCopied')) feedback.replaceChildren();
      }, 5000);
    };
    // Without the clipboard (an address that is not https, a refused permission) the link is
    // shown selected, ready to copy by hand.
    const showField = (): void => {
      const field = h('input', { type: 'text', readonly: true, value: url, class: 'link-field' });
      feedback.replaceChildren(
        h('label', { class: 'link-field-label' }, t(lang, 'post.linkToCopy'), field),
      );
      field.focus();
      field.select();
    };
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (clipboard?.writeText) clipboard.writeText(url).then(copied, showField);
    else showField();
  }

  // A new thread: on the agenda (the secretariat) or in the side's preparation (its people).
  private renderThreadForm(stream: Stream): HTMLElement {
    const lang = this.lang;
    const key = `${this.props.round.id}:new-thread:${stream}`;
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
        await this.props.createThread(title, stream);
        this.props.announce(t(lang, 'announce.threadCreated'));
      },
      announce: this.props.announce,
      focusKey: `new-thread-${stream}`,
    });
    this.threadFormComposer = composer;
    const heading = isPreparationStream(stream) ? 'prep.create.heading' : 'thread.create.heading';
    return h(
      'section',
      { class: 'new-thread', 'aria-labelledby': 'new-thread-heading' },
      h('h3', { id: 'new-thread-heading' }, t(lang, heading)),
      composer.form,
    );
  }

  private saveDraft(key: string, text: string): void {
    if (text === '') this.props.drafts.delete(key);
    else this.props.drafts.set(key, text);
  }
}
