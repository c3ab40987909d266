// The application controller: decides between the login page and the app (GET /api/me), owns
// the connection, the state stores (rounds, drafts, which posts the person has read) and the
// current view, follows the hash route, and wires connection callbacks to the dispatcher and the
// views. A change of address within the round on screen (another thread, a post's permalink)
// goes to that round's view; it is not loaded again.

import * as accountsApi from '../api/accounts_api';
import * as api from '../api/http_api';
import { OrganisationsPage } from '../admin/organisations_ui';
import { PeoplePage } from '../admin/people_ui';
import { AuditPage } from '../audit/audit_ui';
import { at } from '../i18n/account_strings';
import { loadLang, saveLang, type Lang } from '../i18n/lang';
import { InvitationPage } from '../invitation/invitation_ui';
import { fetchLogKey } from '../api/log_api';
import { VerifyPage } from '../records/verify_ui';
import { t } from '../i18n/strings';
import { messageForError, ProtocolError } from '../protocol/errors';
import {
  isPreparationStream,
  MAIN_STREAM,
  MODERATION_STREAM,
  preparationStreamOf,
  type Person,
  type PreparationStream,
  type Stream,
} from '../protocol/messages';
import type { RoundsList } from '../rounds/rounds_data';
import { renderNewRound, type OrganisationsList } from '../rounds/new_round_ui';
import { renderRounds } from '../rounds/rounds_ui';
import { loadDismissedUpTo, saveDismissedUpTo } from '../round/participation_data';
import { loadReadSet, saveReadSet, type ReadSet } from '../round/read_data';
import { clearAccessEnded, RoundStore, type PreparationData } from '../round/round_data';
import type { ModerationData } from '../round/moderation_data';
import { RoundView } from '../round/round_ui';
import {
  canManageAccounts,
  canReadAuditLog,
  canRunRounds,
  createSession,
} from '../session/session_data';
import { SessionsPage } from '../sessions/sessions_ui';
import { tt } from '../i18n/token_strings';
import * as exportsApi from '../exports/exports_api';
import { ExportPage } from '../exports/exports_ui';
import * as tokensApi from '../tokens/tokens_api';
import { canHoldApiTokens } from '../tokens/tokens_data';
import { TokensPage } from '../tokens/tokens_ui';
import { renderLogin } from '../session/login_ui';
import { Connection, webSocketUrl, type ConnectionState } from '../transport/connection';
import { h } from '../ui/dom';
import {
  dispatchAccessEnded,
  dispatchEvent,
  dispatchStreamReset,
  type DispatchTarget,
} from './dispatch';
import { parseRoute, postHref, type Route } from './router';
import { Shell, type NavKey } from './shell_ui';

type Screen =
  | { kind: 'starting' }
  | { kind: 'login' }
  | { kind: 'rounds' }
  | { kind: 'new_round' }
  | { kind: 'round'; view: RoundView }
  | {
      kind: 'account';
      page: 'people' | 'organisations' | 'sessions' | 'tokens' | 'export' | 'audit';
    }
  | { kind: 'invitation' }
  | { kind: 'verify' }
  | { kind: 'not_found' };

// A session ends after a while without use. Working in the page (typing, clicking) is use, even
// when it sends nothing, so it is reported with a who-am-I at most this often.
const ACTIVITY_REPORT_MS = 60_000;

function streamKey(roundId: number, stream: Stream): string {
  return `${roundId}:${stream}`;
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export class App {
  private lang: Lang = loadLang(safeStorage());
  private readonly session = createSession();
  private readonly store = new RoundStore();
  private readonly drafts = new Map<string, string>();
  private readonly roundErrors = new Map<number, string>();
  // Which posts the person has read, per round, loaded from and saved to localStorage.
  private readonly readSets = new Map<number, ReadSet>();
  private readonly unsavedReads = new Set<number>();
  // The newest of the secretariat's reminders the person has dismissed, per round (its seq; kept
  // in localStorage).
  private readonly dismissedReminders = new Map<number, number>();
  private readSaveTimer: ReturnType<typeof setTimeout> | null = null;
  // Per followed stream (streamKey): head_seq of its latest subscribe until the events up to it
  // have arrived (then the stream is in `caughtUp`). A view uses it to tell a missing post from
  // a late one.
  private readonly heads = new Map<string, number>();
  private readonly caughtUp = new Set<string>();
  private roundsList: RoundsList = { status: 'idle' };
  // Every organisation, loaded when the secretariat first needs it (new round, invitations).
  private organisationsList: OrganisationsList | null = null;
  private screen: Screen = { kind: 'starting' };
  // The verify page's key field, kept while the page is redrawn (a language switch).
  private readonly verifyKeyDraft = { text: '' };
  private route: Route = parseRoute(window.location.hash);
  private loggingOut = false;
  private lastActivityReport = 0;
  private readonly shell: Shell;
  private readonly connection: Connection;

  constructor(root: HTMLElement) {
    this.shell = new Shell(root, {
      onToggleLang: () => this.toggleLang(),
      onLogout: () => void this.logout(),
      onRetryNow: () => this.connection.retryNow(),
    });
    this.connection = new Connection({
      url: webSocketUrl(window.location),
      checkSession: async () => {
        try {
          return (await api.me()) ? 'valid' : 'ended';
        } catch {
          return 'unknown';
        }
      },
    });
    this.connection.on('state', (state, previous) => this.onConnectionState(state, previous));
    this.connection.on('welcome', (person) => {
      const before = this.session.person;
      this.session.person = person;
      // A role or organisation changed by an admin (the server reconnected us with 4002): the
      // pages and menus follow at once.
      if (
        before &&
        (before.role !== person.role || before.organisation.id !== person.organisation.id)
      ) {
        this.showRoute(false, false);
      }
    });
    const target: DispatchTarget = {
      store: this.store,
      lang: () => this.lang,
      me: () => this.session.person,
      roundView: (id) => this.roundViewOf(id),
      preparationView: (id, stream) => this.roundViewOf(id)?.preparationListener(stream) ?? null,
      announce: (message) => this.shell.announcer.announce(message),
    };
    this.connection.on('event', (event, initialLoad) => {
      dispatchEvent(target, event, initialLoad);
      this.checkCaughtUp(event.round_id, event.stream);
    });
    this.connection.on('subscribed', (roundId, headSeq, stream) => {
      this.heads.set(streamKey(roundId, stream), headSeq);
      this.checkCaughtUp(roundId, stream);
      if (stream === MAIN_STREAM) this.roundViewOf(roundId)?.onSubscribed();
    });
    this.connection.on('accessEnded', (roundId, reason, stream) =>
      dispatchAccessEnded(target, roundId, reason, stream),
    );
    this.connection.on('subscribeFailed', (roundId, error, stream) => {
      // A side's preparation stream and the reports are additions to the round page: if they
      // cannot be followed (the person's organisation or role changed meanwhile), the round is
      // still shown.
      if (stream !== MAIN_STREAM) return;
      this.roundErrors.set(roundId, error.code);
      this.roundViewOf(roundId)?.showError(error.code);
    });
    this.connection.on('roundReset', (roundId, stream) => {
      this.heads.delete(streamKey(roundId, stream));
      this.caughtUp.delete(streamKey(roundId, stream));
      if (isPreparationStream(stream)) {
        const fresh = dispatchStreamReset(target, roundId, stream) as PreparationData;
        this.roundViewOf(roundId)?.replacePreparation(fresh);
        return;
      }
      if (stream === MODERATION_STREAM) {
        const fresh = dispatchStreamReset(target, roundId, stream) as ModerationData;
        this.roundViewOf(roundId)?.replaceModeration(fresh);
        return;
      }
      this.store.reset(roundId);
      if (this.roundViewOf(roundId)) this.showRoute(false);
    });
    window.addEventListener('hashchange', () => this.onRouteChange());
    window.addEventListener('online', () => this.connection.retryNow());
    window.addEventListener('pagehide', () => this.saveReads());
    for (const type of ['pointerdown', 'keydown']) {
      document.addEventListener(type, () => this.reportActivity(), { passive: true });
    }
  }

  private reportActivity(): void {
    if (!this.session.person || this.loggingOut) return;
    const now = Date.now();
    if (now - this.lastActivityReport < ACTIVITY_REPORT_MS) return;
    this.lastActivityReport = now;
    api.me().then(
      (person) => {
        if (person === null && this.session.person && this.screen.kind !== 'invitation') {
          this.showLogin(t(this.lang, 'login.sessionEnded'), true);
        }
      },
      () => undefined, // offline: the connection says so
    );
  }

  async start(): Promise<void> {
    this.renderShell();
    this.shell.main.replaceChildren(h('p', { class: 'loading' }, t(this.lang, 'startup.loading')));
    let person: Person | null;
    try {
      person = await api.me();
    } catch (error) {
      this.showStartupError(error);
      return;
    }
    if (this.route.name === 'invitation' || this.route.name === 'verify') {
      this.session.person = person;
      if (person) this.connection.start();
      if (this.route.name === 'invitation') this.showInvitation(false);
      else this.showVerify(false);
    } else if (person) {
      this.enterApp(person, false);
    } else {
      this.showLogin(null, false);
    }
  }

  // The page of a one-time invitation link: shown whether or not someone is logged in here;
  // using it logs in as the link's person.
  private showInvitation(moveFocus: boolean): void {
    if (this.route.name !== 'invitation') return;
    if (this.screen.kind === 'round') {
      this.disposeScreen();
      this.leaveRound(this.screen.view.roundId);
    }
    this.screen = { kind: 'invitation' };
    this.renderShell();
    const page = new InvitationPage(this.shell.main, {
      lang: this.lang,
      token: this.route.token,
      api: accountsApi,
      onAccepted: (person) => {
        // The link leaves the address bar and the history: it is used up anyway.
        window.history.replaceState(null, '', '#/');
        this.route = parseRoute('#/');
        this.connection.stop();
        // Whoever was logged in here before: their reading is saved, and nothing of theirs stays.
        this.saveReads();
        this.readSets.clear();
        this.dismissedReminders.clear();
        this.heads.clear();
        this.caughtUp.clear();
        this.store.clear();
        this.drafts.clear();
        this.roundErrors.clear();
        this.roundsList = { status: 'idle' };
        this.organisationsList = null;
        this.enterApp(person, true);
      },
    });
    if (moveFocus) page.heading.focus();
  }

  // The page that checks a decision record file: shown whether or not someone is logged in.
  private showVerify(moveFocus: boolean): void {
    if (this.screen.kind === 'round') {
      this.disposeScreen();
      this.leaveRound(this.screen.view.roundId);
    }
    this.screen = { kind: 'verify' };
    this.renderShell();
    const page = new VerifyPage(this.shell.main, {
      lang: this.lang,
      fetchKey: fetchLogKey,
      keyDraft: this.verifyKeyDraft,
    });
    if (moveFocus) {
      window.scrollTo(0, 0);
      page.heading.focus();
    }
  }

  private showStartupError(error: unknown): void {
    const retry = h(
      'button',
      { type: 'button', class: 'button-primary' },
      t(this.lang, 'action.retry'),
    );
    retry.addEventListener('click', () => void this.start());
    const heading = h('h1', { tabindex: '-1' }, t(this.lang, 'startup.failed'));
    this.shell.main.replaceChildren(
      heading,
      h(
        'div',
        { class: 'form-error', role: 'alert' },
        h('p', {}, messageForError(error, this.lang)),
      ),
      retry,
    );
  }

  // ---- session ---------------------------------------------------------------------------

  private showLogin(notice: string | null, moveFocus: boolean): void {
    this.disposeScreen();
    this.saveReads();
    this.readSets.clear();
    this.dismissedReminders.clear();
    this.heads.clear();
    this.caughtUp.clear();
    this.connection.stop();
    this.session.person = null;
    this.store.clear();
    this.drafts.clear();
    this.roundErrors.clear();
    this.roundsList = { status: 'idle' };
    this.organisationsList = null;
    this.screen = { kind: 'login' };
    this.renderShell();
    const heading = renderLogin(this.shell.main, {
      lang: this.lang,
      notice,
      onSubmit: async (email, password) => {
        const person = await api.login(email, password);
        this.enterApp(person, true);
      },
    });
    if (moveFocus) heading.focus();
  }

  private enterApp(person: Person, moveFocus: boolean): void {
    this.session.person = person;
    this.connection.start();
    this.showRoute(moveFocus);
  }

  private async logout(): Promise<void> {
    this.loggingOut = true;
    try {
      await api.logout();
      this.showLogin(null, true);
    } catch (error) {
      this.shell.setAlert(messageForError(error, this.lang));
    } finally {
      this.loggingOut = false;
    }
  }

  // ---- connection ------------------------------------------------------------------------

  private onConnectionState(state: ConnectionState, previous: ConnectionState): void {
    this.shell.setConnection(this.lang, state);
    if (state === 'logged_out') {
      if (!this.loggingOut) this.showLogin(t(this.lang, 'login.sessionEnded'), true);
      return;
    }
    const wasConnected = previous === 'connected';
    if (wasConnected && (state === 'resuming' || state === 'offline')) {
      this.shell.announcer.announce(
        t(this.lang, state === 'offline' ? 'conn.offline' : 'conn.resuming'),
      );
    } else if (state === 'offline' && previous === 'resuming') {
      this.shell.announcer.announce(t(this.lang, 'conn.offline'));
    } else if (state === 'connected' && (previous === 'resuming' || previous === 'offline')) {
      this.shell.announcer.announce(t(this.lang, 'conn.connected'));
    }
    // The rounds list, and on a round page which sides prepare in it.
    if (state === 'connected' && (this.screen.kind === 'rounds' || this.screen.kind === 'round')) {
      void this.loadRounds();
    }
    if (state === 'connected' && this.screen.kind === 'round') this.screen.view.onConnected();
    if (
      state === 'connected' &&
      this.organisationsList?.status === 'failed' &&
      (this.screen.kind === 'new_round' || this.screen.kind === 'round') &&
      this.session.person &&
      canRunRounds(this.session.person)
    ) {
      void this.loadOrganisations();
    }
  }

  // ---- routes ----------------------------------------------------------------------------

  private onRouteChange(): void {
    const route = parseRoute(window.location.hash);
    // "#post-3" (an element id, as a link written inside a post might say) means that post of
    // the round on screen.
    const legacy =
      route.name === 'not_found' ? /^#post-([1-9][0-9]{0,15})$/.exec(route.hash) : null;
    if (legacy?.[1] && this.screen.kind === 'round') {
      window.location.replace(postHref(this.screen.view.roundId, Number(legacy[1])));
      return;
    }
    this.route = route;
    if (route.name === 'invitation') return this.showInvitation(true);
    if (route.name === 'verify') return this.showVerify(true);
    if (!this.session.person) {
      // The login page stays (the route is used after login); leaving an invitation or
      // verification page logged out leads to it.
      if (this.screen.kind === 'invitation' || this.screen.kind === 'verify') {
        this.showLogin(null, true);
      }
      return;
    }
    if (
      route.name === 'round' &&
      this.screen.kind === 'round' &&
      this.screen.view.roundId === route.roundId
    ) {
      this.screen.view.navigate({
        threadId: route.threadId,
        postId: route.postId,
        preparation: route.preparation,
      });
      return;
    }
    this.showRoute(true);
  }

  // Stops following a round that leaves the screen, with the person's side's preparation.
  private leaveRound(roundId: number): void {
    this.connection.unfollow(roundId);
    const side = this.session.person?.organisation.side;
    const preparation = side ? preparationStreamOf(side) : null;
    if (preparation) this.connection.unfollow(roundId, preparation);
    if (this.connection.isFollowing(roundId, MODERATION_STREAM)) {
      this.connection.unfollow(roundId, MODERATION_STREAM);
    }
  }

  // Shows the page of the current route. `land`: a round page scrolls to the thread or post its
  // address names (not when the page is only redrawn, e.g. for a language switch).
  private showRoute(moveFocus: boolean, land = true): void {
    const person = this.session.person;
    if (!person) return;
    this.disposeScreen();
    // Only the round on screen is followed (with the person's side's preparation); its state
    // stays cached and resumes from lastSeq.
    if (this.screen.kind === 'round') {
      const shown = this.screen.view.roundId;
      if (this.route.name !== 'round' || this.route.roundId !== shown) this.leaveRound(shown);
    }
    this.renderShell();
    let heading: HTMLElement;
    switch (this.route.name) {
      case 'rounds':
        this.screen = { kind: 'rounds' };
        heading = this.renderRoundsPage();
        if (this.connection.state === 'connected') void this.loadRounds();
        break;
      case 'new_round':
        this.screen = { kind: 'new_round' };
        heading = this.renderNewRoundPage();
        break;
      case 'round': {
        const roundId = this.route.roundId;
        const round = this.store.getOrCreate(roundId);
        if (!this.connection.isFollowing(roundId)) {
          this.roundErrors.delete(roundId);
          clearAccessEnded(round);
          this.heads.delete(streamKey(roundId, MAIN_STREAM));
          this.caughtUp.delete(streamKey(roundId, MAIN_STREAM));
          this.connection.follow(roundId, round.lastSeq);
        }
        // A side prepares on its own stream, which only its organisations may read.
        const preparationStream = preparationStreamOf(person.organisation.side);
        const preparation = preparationStream
          ? this.store.preparationOrCreate(roundId, preparationStream)
          : null;
        if (preparation && !this.connection.isFollowing(roundId, preparation.stream)) {
          clearAccessEnded(preparation);
          this.heads.delete(streamKey(roundId, preparation.stream));
          this.caughtUp.delete(streamKey(roundId, preparation.stream));
          this.connection.follow(roundId, preparation.lastSeq, preparation.stream);
        }
        // The secretariat follows the round's reports too.
        const moderation = canRunRounds(person) ? this.store.moderationOrCreate(roundId) : null;
        if (moderation && !this.connection.isFollowing(roundId, MODERATION_STREAM)) {
          moderation.accessEnded = null;
          this.connection.follow(roundId, moderation.lastSeq, MODERATION_STREAM);
        }
        const readSet = this.readSetFor(person.id, roundId);
        // Which sides prepare is in list_rounds; asked again each time a round is opened.
        if (this.connection.state === 'connected') void this.loadRounds();
        const runsRounds = canRunRounds(person);
        if (runsRounds) void this.loadOrganisations();
        const view = new RoundView(this.shell.main, {
          lang: this.lang,
          person,
          round,
          errorCode: this.roundErrors.get(roundId) ?? null,
          drafts: this.drafts,
          createPost: async (threadId, replyTo, body) => {
            await this.connection.request({
              type: 'create_post',
              round_id: roundId,
              thread_id: threadId,
              reply_to: replyTo,
              body,
            });
          },
          preparation,
          preparing: this.preparingIn(roundId),
          createThread: async (title, stream) => {
            await this.connection.request(
              isPreparationStream(stream)
                ? { type: 'create_thread', round_id: roundId, stream, title }
                : { type: 'create_thread', round_id: roundId, title },
            );
          },
          writeOutcome: (submission) =>
            this.connection.request({
              type: 'write_outcome',
              round_id: roundId,
              revises: submission.revises,
              summary: submission.summary,
              agreed: submission.agreed,
              responses: submission.responses,
              ...(submission.correction === undefined ? {} : { correction: submission.correction }),
            }),
          attachDissent: (text) =>
            this.connection.request({ type: 'attach_dissent', round_id: roundId, text }),
          writeMinutes: (submission) =>
            this.connection.request({
              type: 'write_minutes',
              round_id: roundId,
              thread_id: submission.threadId,
              revises: submission.revises,
              state_input: submission.stateInput,
              municipal_input: submission.municipalInput,
              state_comment: submission.stateComment,
              post_ids: submission.postIds,
            }),
          writeJointDocument: (revises, text) =>
            this.connection.request({
              type: 'write_joint_document',
              round_id: roundId,
              revises,
              text,
            }),
          approveJointDocument: (version) =>
            this.connection.request({ type: 'approve_joint_document', round_id: roundId, version }),
          statePosition: (submission) =>
            this.connection.request({
              type: 'state_position',
              round_id: roundId,
              revises: submission.revises,
              stance: submission.stance,
              motivation: submission.motivation,
              points: submission.points,
            }),
          proposeAgendaItem: async (title, motivation) => {
            const result = await this.connection.request({
              type: 'propose_agenda_item',
              round_id: roundId,
              title,
              motivation,
            });
            return result.thread_id;
          },
          posts: {
            edit: async (postId, body) => {
              await this.connection.request({
                type: 'edit_post',
                round_id: roundId,
                post_id: postId,
                body,
              });
            },
            hide: async (postId, reason) => {
              await this.connection.request({
                type: 'hide_post',
                round_id: roundId,
                post_id: postId,
                reason,
              });
            },
            unhide: async (postId) => {
              await this.connection.request({
                type: 'unhide_post',
                round_id: roundId,
                post_id: postId,
              });
            },
            report: async (postId, reason) => {
              await this.connection.request({
                type: 'report_post',
                round_id: roundId,
                post_id: postId,
                reason,
              });
            },
            history: (postId) =>
              this.connection.request({ type: 'post_history', round_id: roundId, post_id: postId }),
          },
          moderation,
          dismissReport: async (reportId, note) => {
            await this.connection.request(
              note === ''
                ? { type: 'dismiss_report', round_id: roundId, report_id: reportId }
                : { type: 'dismiss_report', round_id: roundId, report_id: reportId, note },
            );
          },
          announce: (message) => this.shell.announcer.announce(message),
          admin: runsRounds
            ? {
                changePhase: async (phase) => {
                  await this.connection.request({ type: 'change_phase', round_id: roundId, phase });
                },
                setSchedule: async (opensAt, closesAt) => {
                  await this.connection.request({
                    type: 'set_schedule',
                    round_id: roundId,
                    opens_at: opensAt,
                    closes_at: closesAt,
                  });
                },
                invite: async (organisationId) => {
                  await this.connection.request({
                    type: 'invite_organisation',
                    round_id: roundId,
                    organisation_id: organisationId,
                  });
                },
                withdraw: async (organisationId) => {
                  await this.connection.request({
                    type: 'withdraw_invitation',
                    round_id: roundId,
                    organisation_id: organisationId,
                  });
                },
                decide: async (threadId, accept, reason) => {
                  await this.connection.request({
                    type: 'decide_agenda_item',
                    round_id: roundId,
                    thread_id: threadId,
                    accept,
                    reason,
                  });
                },
                move: async (threadId, before) => {
                  await this.connection.request({
                    type: 'move_thread',
                    round_id: roundId,
                    thread_id: threadId,
                    before,
                  });
                },
                lock: async (threadId, locked) => {
                  await this.connection.request({
                    type: 'lock_thread',
                    round_id: roundId,
                    thread_id: threadId,
                    locked,
                  });
                },
                pin: async (threadId, postId) => {
                  await this.connection.request({
                    type: 'pin_post',
                    round_id: roundId,
                    thread_id: threadId,
                    post_id: postId,
                  });
                },
                revise: async (proposal) => {
                  await this.connection.request({
                    type: 'revise_proposal',
                    round_id: roundId,
                    proposal,
                  });
                },
              }
            : null,
          organisations:
            this.organisationsList?.status === 'loaded'
              ? this.organisationsList.organisations
              : null,
          listPresence: () => this.connection.request({ type: 'list_presence', round_id: roundId }),
          participation: runsRounds
            ? {
                list: () =>
                  this.connection.request({ type: 'list_participation', round_id: roundId }),
                remind: async (organisationId, message) => {
                  await this.connection.request(
                    message === undefined
                      ? {
                          type: 'send_reminder',
                          round_id: roundId,
                          organisation_id: organisationId,
                        }
                      : {
                          type: 'send_reminder',
                          round_id: roundId,
                          organisation_id: organisationId,
                          message,
                        },
                  );
                },
              }
            : null,
          dismissedReminderSeq: this.dismissedReminderOf(person.id, roundId),
          onDismissReminder: (seq) => {
            this.dismissedReminders.set(roundId, seq);
            saveDismissedUpTo(safeStorage(), person.id, roundId, seq);
          },
          readSet,
          onReadChanged: () => this.saveReadsSoon(roundId),
          dock: this.shell.dock,
          target: {
            threadId: this.route.threadId,
            postId: this.route.postId,
            preparation: this.route.preparation,
          },
          land,
          caughtUp: new Set(
            [MAIN_STREAM, preparation?.stream ?? MAIN_STREAM].filter((stream) =>
              this.caughtUp.has(streamKey(roundId, stream)),
            ),
          ),
        });
        this.screen = { kind: 'round', view };
        heading = view.heading;
        // The view lands on the thread or post the address names, and moves focus there.
        if (this.route.threadId !== null || this.route.postId !== null) moveFocus = false;
        break;
      }
      case 'people':
      case 'organisations':
      case 'sessions':
      case 'tokens':
      case 'export':
      case 'audit':
        heading = this.renderAccountPage(this.route.name, person);
        break;
      case 'invitation':
        this.showInvitation(moveFocus);
        return;
      case 'verify':
        this.showVerify(moveFocus);
        return;
      case 'not_found':
        this.screen = { kind: 'not_found' };
        heading = h('h1', { tabindex: '-1' }, t(this.lang, 'notFound.title'));
        document.title = `${t(this.lang, 'notFound.title')} – ${t(this.lang, 'app.name')}`;
        this.shell.main.replaceChildren(
          heading,
          h('p', {}, t(this.lang, 'notFound.text')),
          h('p', {}, h('a', { href: '#/' }, t(this.lang, 'nav.rounds'))),
        );
        break;
    }
    if (moveFocus) {
      window.scrollTo(0, 0);
      heading.focus();
    }
  }

  // The round on screen goes away: let its view stop watching and take its notices down.
  private disposeScreen(): void {
    if (this.screen.kind === 'round') this.screen.view.dispose();
  }

  // Marks a followed stream loaded once the events up to its subscribe's head_seq have arrived.
  private checkCaughtUp(roundId: number, stream: Stream): void {
    const key = streamKey(roundId, stream);
    const head = this.heads.get(key);
    if (head === undefined || this.store.lastSeq(roundId, stream) < head) return;
    this.heads.delete(key);
    this.caughtUp.add(key);
    this.roundViewOf(roundId)?.onCaughtUp(stream);
  }

  // Which sides prepare in a round, as the last list_rounds said; null when not known.
  private preparingIn(roundId: number): PreparationStream[] | null {
    if (this.roundsList.status !== 'loaded') return null;
    const round = this.roundsList.rounds.find((r) => r.id === roundId);
    return round ? round.preparation_streams : null;
  }

  private roundViewOf(roundId: number): RoundView | null {
    return this.screen.kind === 'round' && this.screen.view.roundId === roundId
      ? this.screen.view
      : null;
  }

  private readSetFor(personId: number, roundId: number): ReadSet {
    let set = this.readSets.get(roundId);
    if (!set) {
      set = loadReadSet(safeStorage(), personId, roundId);
      this.readSets.set(roundId, set);
    }
    return set;
  }

  private dismissedReminderOf(personId: number, roundId: number): number {
    let seq = this.dismissedReminders.get(roundId);
    if (seq === undefined) {
      seq = loadDismissedUpTo(safeStorage(), personId, roundId);
      this.dismissedReminders.set(roundId, seq);
    }
    return seq;
  }

  // Reading marks many posts read in a row; they are written to storage a moment later, and
  // when the page is left.
  private saveReadsSoon(roundId: number): void {
    this.unsavedReads.add(roundId);
    if (this.readSaveTimer !== null) return;
    this.readSaveTimer = setTimeout(() => this.saveReads(), 1000);
  }

  private saveReads(): void {
    if (this.readSaveTimer !== null) clearTimeout(this.readSaveTimer);
    this.readSaveTimer = null;
    const person = this.session.person;
    if (person) {
      for (const roundId of this.unsavedReads) {
        const set = this.readSets.get(roundId);
        if (set) saveReadSet(safeStorage(), person.id, roundId, set);
      }
    }
    this.unsavedReads.clear();
  }

  // The account pages: people and organisations (admins), the audit log (secretariat and
  // admins), one's own sessions (everyone), API tokens (observers and admins), bulk exports
  // (everyone, of the rounds they may see). A page the
  // person's role does not open says so.
  private renderAccountPage(
    page: 'people' | 'organisations' | 'sessions' | 'tokens' | 'export' | 'audit',
    person: Person,
  ): HTMLElement {
    this.screen = { kind: 'account', page };
    const lang = this.lang;
    const announce = (message: string): void => this.shell.announcer.announce(message);
    const refuse = (title: string, text: string): HTMLElement => {
      const heading = h('h1', { tabindex: '-1' }, title);
      document.title = `${title} – ${t(lang, 'app.name')}`;
      this.shell.main.replaceChildren(
        heading,
        h('p', {}, text),
        h('p', {}, h('a', { href: '#/' }, t(lang, 'nav.rounds'))),
      );
      return heading;
    };
    switch (page) {
      case 'people':
        if (!canManageAccounts(person)) {
          return refuse(at(lang, 'people.title'), at(lang, 'people.notAllowed'));
        }
        return new PeoplePage(this.shell.main, { lang, me: person, api: accountsApi, announce })
          .heading;
      case 'organisations':
        if (!canManageAccounts(person)) {
          return refuse(at(lang, 'organisations.title'), at(lang, 'people.notAllowed'));
        }
        return new OrganisationsPage(this.shell.main, { lang, me: person, api: accountsApi })
          .heading;
      case 'audit':
        if (!canReadAuditLog(person)) {
          return refuse(at(lang, 'audit.title'), at(lang, 'audit.notAllowed'));
        }
        return new AuditPage(this.shell.main, { lang, api: accountsApi, announce }).heading;
      case 'tokens':
        if (!canHoldApiTokens(person)) {
          return refuse(tt(lang, 'tokens.title'), tt(lang, 'tokens.notAllowed'));
        }
        return new TokensPage(this.shell.main, { lang, me: person, api: tokensApi, announce })
          .heading;
      case 'export':
        return new ExportPage(this.shell.main, { lang, api: exportsApi, announce }).heading;
      case 'sessions':
        return new SessionsPage(this.shell.main, {
          lang,
          api: accountsApi,
          onEndedHere: () => this.showLogin(t(lang, 'login.sessionEnded'), true),
        }).heading;
    }
  }

  private renderRoundsPage(): HTMLElement {
    return renderRounds(this.shell.main, {
      lang: this.lang,
      list: this.roundsList,
      onRetry: () => void this.loadRounds(),
      canCreate: this.session.person !== null && canRunRounds(this.session.person),
    });
  }

  private renderNewRoundPage(): HTMLElement {
    const person = this.session.person;
    if (!person || !canRunRounds(person)) {
      const heading = h('h1', { tabindex: '-1' }, t(this.lang, 'newRound.title'));
      this.shell.main.replaceChildren(
        heading,
        h('p', {}, t(this.lang, 'newRound.notAllowed')),
        h('p', {}, h('a', { href: '#/' }, t(this.lang, 'nav.rounds'))),
      );
      return heading;
    }
    if (this.organisationsList === null || this.organisationsList.status === 'failed') {
      void this.loadOrganisations();
    }
    return renderNewRound(this.shell.main, {
      lang: this.lang,
      organisations: this.organisationsList ?? { status: 'loading' },
      onRetry: () => void this.loadOrganisations(),
      create: async (request) => {
        const result = await this.connection.request(request);
        this.shell.announcer.announce(t(this.lang, 'announce.roundCreated'));
        window.location.hash = `#/rounds/${result.round_id}`;
        return result.round_id;
      },
    });
  }

  // Loads the organisations once (they are public bodies and change rarely), then redraws the
  // page that waited for them.
  private async loadOrganisations(): Promise<void> {
    if (this.organisationsList?.status === 'loaded') return;
    if (this.organisationsList?.status === 'loading') return;
    this.organisationsList = { status: 'loading' };
    try {
      const result = await this.connection.request({ type: 'list_organisations' });
      this.organisationsList = { status: 'loaded', organisations: result.organisations };
    } catch (error) {
      this.organisationsList = {
        status: 'failed',
        code: error instanceof ProtocolError ? error.code : 'unknown_code',
      };
    }
    if (this.screen.kind === 'new_round') {
      const focused = document.activeElement;
      const heading = this.renderNewRoundPage();
      if (focused && !document.body.contains(focused) && focused !== document.body) heading.focus();
    } else if (this.screen.kind === 'round' && this.organisationsList.status === 'loaded') {
      this.screen.view.setOrganisations(this.organisationsList.organisations);
    }
  }

  private async loadRounds(): Promise<void> {
    if (this.roundsList.status !== 'loaded') this.roundsList = { status: 'loading' };
    let next: RoundsList;
    try {
      const result = await this.connection.request({ type: 'list_rounds' });
      next = { status: 'loaded', rounds: result.rounds };
    } catch (error) {
      next = {
        status: 'failed',
        code: error instanceof ProtocolError ? error.code : 'unknown_code',
      };
      // A lost connection is retried when it comes back; keep showing what we had.
      if (this.roundsList.status === 'loaded' && next.code !== 'forbidden') return;
    }
    const changed = JSON.stringify(next) !== JSON.stringify(this.roundsList);
    this.roundsList = next;
    if (this.screen.kind === 'round') {
      const preparing = this.preparingIn(this.screen.view.roundId);
      if (preparing) this.screen.view.setPreparing(preparing);
    }
    if (changed && this.screen.kind === 'rounds') {
      const focused = document.activeElement;
      const heading = this.renderRoundsPage();
      // Keep focus on the page when the list it was on is redrawn.
      if (focused && !document.body.contains(focused) && focused !== document.body) heading.focus();
    }
  }

  // ---- chrome ----------------------------------------------------------------------------

  private renderShell(): void {
    this.shell.setAlert(null);
    this.shell.render({
      lang: this.lang,
      person: this.session.person,
      connection: this.connection.state,
      currentNav: this.session.person ? navOf(this.route) : null,
    });
  }

  private toggleLang(): void {
    this.lang = this.lang === 'sv' ? 'en' : 'sv';
    saveLang(safeStorage(), this.lang);
    if (this.screen.kind === 'login') {
      const email = document.querySelector<HTMLInputElement>('#login-email')?.value ?? '';
      this.showLogin(null, false);
      const field = document.querySelector<HTMLInputElement>('#login-email');
      if (field) field.value = email;
    } else if (this.screen.kind === 'starting') {
      this.renderShell();
    } else if (this.screen.kind === 'invitation') {
      this.showInvitation(false);
    } else if (this.screen.kind === 'verify') {
      this.showVerify(false);
    } else {
      this.showRoute(false, false);
    }
    this.shell.focusLanguageSwitch();
  }
}

// The menu entry a route belongs to, if any.
function navOf(route: Route): NavKey | null {
  switch (route.name) {
    case 'rounds':
    case 'people':
    case 'organisations':
    case 'audit':
    case 'sessions':
    case 'tokens':
    case 'export':
    case 'verify':
      return route.name;
    default:
      return null;
  }
}
