// One round's state, built by folding its events in seq order: the proposal and its versions,
// kind, sectors, phase, schedule and invited organisations, the secretariat's reminders, the
// agenda (threads in order, each with its status, lock and pinned post) and each thread's reply
// tree. A round's main stream
// folds into RoundData; each preparation stream a person follows folds into a PreparationData of
// its own, with the same thread and post structures (ThreadsData), so a view can render a
// side's preparation threads like the agenda's. No DOM and no I/O. The state objects are updated
// in place (folding a long replay by copying would cost O(n²)); each apply function reports what
// changed so the view can add just that.

import {
  isPreparationStream,
  MAIN_STREAM,
  MODERATION_STREAM,
  type AgendaItemDecidedEvent,
  type AgendaItemProposedEvent,
  type InvitationWithdrawnEvent,
  type Organisation,
  type OrganisationInvitedEvent,
  type Person,
  type Phase,
  type PhaseChangedEvent,
  type PostCreatedEvent,
  type PostEditedEvent,
  type PostHiddenEvent,
  type PostPinnedEvent,
  type PostUnhiddenEvent,
  type PositionStatedEvent,
  type MinutesWrittenEvent,
  type OutcomeWrittenEvent,
  type JointDocumentApprovedEvent,
  type JointDocumentWrittenEvent,
  type DissentAttachedEvent,
  type PreparationStream,
  type ProposalRevisedEvent,
  type ReminderSentEvent,
  type RoundCreatedEvent,
  type RoundEvent,
  type RoundKind,
  type ScheduleChangedEvent,
  type Sector,
  type Stream,
  type ThreadCreatedEvent,
  type ThreadLockedEvent,
  type ThreadMovedEvent,
} from '../protocol/messages';
import { createModeration, type ModerationData } from './moderation_data';
import { applyPositionStated, type PositionsData } from './positions_data';
import {
  applyDissentAttached,
  applyOutcomeWritten,
  createOutcome,
  type OutcomeData,
} from './outcome_data';
import { applyMinutesWritten, createMinutes, type MinutesData } from './minutes_data';
import {
  applyJointDocumentApproved,
  applyJointDocumentWritten,
  createJointDocument,
  type JointDocumentData,
} from './joint_document_data';

export interface PostData {
  id: number;
  threadId: number;
  replyTo: number | null;
  body: string;
  author: Person;
  at: string;
  seq: number;
  replies: number[]; // ids of direct replies, in seq order
  // The version of the round's proposal the post was written against (1 for posts written
  // before proposals had versions).
  proposalVersion: number;
  // The post's own version: 1 as written, one more per edit by its author; editedAt is the
  // latest edit's time.
  version: number;
  editedAt: string | null;
  // Set while the secretariat has the post hidden. Its text is then '' (withheld by the
  // server, or dropped here when post_hidden arrived).
  hidden: HiddenNote | null;
  // The server withheld the text (the post was hidden when it was read back).
  withheld: boolean;
}

// Why and when the secretariat hid a post.
export interface HiddenNote {
  reason: string;
  at: string;
  by: Person;
}

// A thread's place on the agenda (protocol/README.md, "Agenda items and thread status"):
// 'accepted' takes posts (unless locked); 'proposed' waits for the secretariat's decision;
// 'declined' stays visible with the reason. Preparation threads are always 'accepted'.
export type ThreadStatus = 'accepted' | 'proposed' | 'declined';

// The secretariat's decision on a proposed agenda item. `reason` may be '' when accepted.
export interface AgendaDecision {
  accepted: boolean;
  reason: string;
  at: string;
  by: Person;
}

// The latest lock or unlock of a thread, for showing who did it and when.
export interface LockChange {
  locked: boolean;
  at: string;
  by: Person;
}

export interface ThreadData {
  id: number;
  title: string;
  // Who created the thread, or proposed it for the agenda; `at` and `seq` are of that event.
  author: Person;
  at: string;
  seq: number;
  rootPosts: number[]; // ids of top-level posts, in seq order
  postCount: number; // every post of the thread, replies included
  status: ThreadStatus;
  // The proposer's motivation ('' when none was given) for a thread proposed as an agenda item;
  // null for a thread the secretariat created (or a preparation thread).
  motivation: string | null;
  decision: AgendaDecision | null; // of a proposed item, once decided
  locked: boolean;
  lastLockChange: LockChange | null;
  pinnedPostId: number | null;
}

// The threads and posts of one stream of a round: the agenda of its main stream (RoundData) or
// one side's preparation threads (PreparationData). Views render either the same way.
export interface ThreadsData {
  threads: Map<number, ThreadData>;
  // The order to show them in: the agenda's order (creation, then thread_moved) for the main
  // stream, creation for a preparation stream.
  threadOrder: number[];
  posts: Map<number, PostData>;
}

// One version of the round's proposal: version 1 from round_created, then one per
// proposal_revised.
export interface ProposalVersion {
  version: number;
  text: string; // Markdown
  at: string;
  by: Person;
}

// The latest change of phase, for showing who changed it and when (or that the round closed by
// itself at its closing time).
export interface PhaseChange {
  previous: Phase;
  phase: Phase;
  automatic: boolean;
  at: string;
  by: Person;
}

export interface RoundInfo {
  title: string;
  proposal: string; // the latest version's text
  proposalVersion: number; // the latest version's number
  proposalVersions: ProposalVersion[]; // every version, oldest first
  kind: RoundKind; // 'plenary' for rounds created before rounds had a kind
  sectors: Sector[];
  phase: Phase;
  opensAt: string | null;
  closesAt: string | null;
  // In the order they were invited; a withdrawn organisation is removed.
  invited: Organisation[];
  createdAt: string;
  createdBy: Person;
  lastPhaseChange: PhaseChange | null;
}

// The secretariat reminded an organisation to take part (reminder_sent). `seq` (of the main
// stream) names it, e.g. for remembering that the person dismissed its notice.
export interface ReminderData {
  seq: number;
  organisation: Organisation;
  message: string; // plain text; '' when none was written
  positionMissing: boolean; // the organisation had stated no position when reminded
  at: string;
  by: Person;
}

export interface RoundData extends ThreadsData {
  id: number;
  lastSeq: number; // of the main stream
  // From round_created, then kept current by the life-cycle events; null until round_created
  // has been folded.
  info: RoundInfo | null;
  // Every reminder of the round, to whichever organisation, oldest first.
  reminders: ReminderData[];
  // Every version of every organisation's position.
  positions: PositionsData;
  // Every version of the outcome and every dissent attached to it.
  outcome: OutcomeData;
  // Every version of every agenda item's minutes.
  minutes: MinutesData;
  // Every version of the joint document and every approval of one.
  jointDocument: JointDocumentData;
  // Set when the server ended this client's subscription of the round (subscription_ended):
  // its reason, e.g. 'access_withdrawn' when the person's organisation is no longer invited.
  // What was folded before stays; nothing more arrives. Null while the round may be followed.
  accessEnded: string | null;
}

// One side's preparation stream of a round: its threads and posts, folded like the agenda's.
export interface PreparationData extends ThreadsData {
  roundId: number;
  stream: PreparationStream;
  lastSeq: number; // of this stream
  // As RoundData.accessEnded, for this stream's subscription.
  accessEnded: string | null;
}

// What an event changed, for the view: 'round' is the round's own facts (title, kind, sectors,
// phase, schedule, invited, proposal); `detail` says which of them an event touched. 'thread' is
// a new thread (thread_created, or agenda_item_proposed: a new thread with status 'proposed');
// 'thread_changed' is a thread that changed in place (its status, lock or pinned post) or its
// place in threadOrder ('moved').
export type RoundDetail = 'created' | 'phase' | 'schedule' | 'invited' | 'proposal';
export type ThreadDetail = 'decided' | 'moved' | 'locked' | 'pinned';

export type RoundChange =
  | { kind: 'round'; roundId: number; detail: RoundDetail }
  | { kind: 'post_changed'; roundId: number; postId: number }
  | { kind: 'reminder'; roundId: number; reminder: ReminderData }
  | { kind: 'position'; roundId: number; organisationId: number }
  | { kind: 'outcome'; roundId: number; version: number }
  | { kind: 'dissent'; roundId: number; organisationId: number }
  | { kind: 'minutes'; roundId: number; threadId: number; version: number }
  | { kind: 'joint_document'; roundId: number; version: number }
  | { kind: 'thread'; roundId: number; threadId: number }
  | { kind: 'thread_changed'; roundId: number; threadId: number; detail: ThreadDetail }
  | { kind: 'post'; roundId: number; postId: number }
  | { kind: 'none'; roundId: number; reason: 'duplicate' | 'unknown_kind' | 'inconsistent' };

// The same for a preparation stream (only threads and posts happen there).
export type PreparationChange =
  | { kind: 'thread'; roundId: number; stream: PreparationStream; threadId: number }
  | { kind: 'post'; roundId: number; stream: PreparationStream; postId: number }
  | { kind: 'post_changed'; roundId: number; stream: PreparationStream; postId: number }
  | {
      kind: 'none';
      roundId: number;
      stream: PreparationStream;
      reason: 'duplicate' | 'unknown_kind' | 'inconsistent';
    };

export function createRound(id: number): RoundData {
  return {
    id,
    lastSeq: 0,
    info: null,
    reminders: [],
    positions: new Map(),
    outcome: createOutcome(),
    minutes: createMinutes(),
    jointDocument: createJointDocument(),
    threads: new Map(),
    threadOrder: [],
    posts: new Map(),
    accessEnded: null,
  };
}

export function createPreparation(roundId: number, stream: PreparationStream): PreparationData {
  return {
    roundId,
    stream,
    lastSeq: 0,
    threads: new Map(),
    threadOrder: [],
    posts: new Map(),
    accessEnded: null,
  };
}

export function applyRoundCreated(round: RoundData, event: RoundCreatedEvent): RoundChange {
  round.info = {
    title: event.data.title,
    proposal: event.data.proposal,
    proposalVersion: 1,
    proposalVersions: [{ version: 1, text: event.data.proposal, at: event.at, by: event.actor }],
    kind: event.data.kind ?? 'plenary',
    sectors: [...(event.data.sectors ?? [])],
    phase: event.data.phase,
    opensAt: null,
    closesAt: null,
    invited: [...event.data.invited],
    createdAt: event.at,
    createdBy: event.actor,
    lastPhaseChange: null,
  };
  return { kind: 'round', roundId: round.id, detail: 'created' };
}

// The life-cycle events change facts set by round_created; before it they have nothing to change.
const beforeCreated = (round: RoundData): RoundChange => ({
  kind: 'none',
  roundId: round.id,
  reason: 'inconsistent',
});

export function applyPhaseChanged(round: RoundData, event: PhaseChangedEvent): RoundChange {
  if (!round.info) return beforeCreated(round);
  const { previous, phase, automatic } = event.data;
  round.info.phase = phase;
  round.info.lastPhaseChange = { previous, phase, automatic, at: event.at, by: event.actor };
  return { kind: 'round', roundId: round.id, detail: 'phase' };
}

export function applyScheduleChanged(round: RoundData, event: ScheduleChangedEvent): RoundChange {
  if (!round.info) return beforeCreated(round);
  round.info.opensAt = event.data.opens_at;
  round.info.closesAt = event.data.closes_at;
  return { kind: 'round', roundId: round.id, detail: 'schedule' };
}

export function applyOrganisationInvited(
  round: RoundData,
  event: OrganisationInvitedEvent,
): RoundChange {
  if (!round.info) return beforeCreated(round);
  const organisation = event.data.organisation;
  // Already listed would be a broken store; the newer facts win, in the old place.
  const index = round.info.invited.findIndex((org) => org.id === organisation.id);
  if (index >= 0) round.info.invited[index] = organisation;
  else round.info.invited.push(organisation);
  return { kind: 'round', roundId: round.id, detail: 'invited' };
}

export function applyInvitationWithdrawn(
  round: RoundData,
  event: InvitationWithdrawnEvent,
): RoundChange {
  if (!round.info) return beforeCreated(round);
  const id = event.data.organisation.id;
  round.info.invited = round.info.invited.filter((org) => org.id !== id);
  return { kind: 'round', roundId: round.id, detail: 'invited' };
}

// The server ended the subscription (subscription_ended). Nothing more will be folded until the
// round (or preparation stream) is followed again (clearAccessEnded).
export function applyAccessEnded(data: RoundData | PreparationData, reason: string): void {
  data.accessEnded = reason;
}

export function clearAccessEnded(data: RoundData | PreparationData): void {
  data.accessEnded = null;
}

// A new version of the proposal: kept with the earlier ones; the round shows the latest.
export function applyProposalRevised(round: RoundData, event: ProposalRevisedEvent): RoundChange {
  if (!round.info) return beforeCreated(round);
  const { version, proposal } = event.data;
  round.info.proposalVersions.push({ version, text: proposal, at: event.at, by: event.actor });
  round.info.proposal = proposal;
  round.info.proposalVersion = version;
  return { kind: 'round', roundId: round.id, detail: 'proposal' };
}

export function applyReminderSent(round: RoundData, event: ReminderSentEvent): RoundChange {
  const reminder: ReminderData = {
    seq: event.seq,
    organisation: event.data.organisation,
    message: event.data.message,
    positionMissing: event.data.position_missing,
    at: event.at,
    by: event.actor,
  };
  round.reminders.push(reminder);
  return { kind: 'reminder', roundId: round.id, reminder };
}

export function applyPosition(round: RoundData, event: PositionStatedEvent): RoundChange {
  if (!applyPositionStated(round.positions, event)) return inconsistent(round);
  return { kind: 'position', roundId: round.id, organisationId: event.data.organisation.id };
}

export function applyOutcome(round: RoundData, event: OutcomeWrittenEvent): RoundChange {
  if (!applyOutcomeWritten(round.outcome, event)) return inconsistent(round);
  return { kind: 'outcome', roundId: round.id, version: event.data.version };
}

export function applyDissent(round: RoundData, event: DissentAttachedEvent): RoundChange {
  if (!applyDissentAttached(round.outcome, event)) return inconsistent(round);
  return { kind: 'dissent', roundId: round.id, organisationId: event.data.organisation.id };
}

export function applyMinutes(round: RoundData, event: MinutesWrittenEvent): RoundChange {
  if (!round.threads.has(event.data.thread_id)) return inconsistent(round);
  if (!applyMinutesWritten(round.minutes, event)) return inconsistent(round);
  return {
    kind: 'minutes',
    roundId: round.id,
    threadId: event.data.thread_id,
    version: event.data.version,
  };
}

export function applyJointDocument(
  round: RoundData,
  event: JointDocumentWrittenEvent | JointDocumentApprovedEvent,
): RoundChange {
  const applied =
    event.kind === 'joint_document_written'
      ? applyJointDocumentWritten(round.jointDocument, event)
      : applyJointDocumentApproved(round.jointDocument, event);
  if (!applied) return inconsistent(round);
  return { kind: 'joint_document', roundId: round.id, version: event.data.version };
}

// --- threads and posts, shared by the main stream and the preparation streams ---

function newThread(
  id: number,
  title: string,
  event: { actor: Person; at: string; seq: number },
  status: ThreadStatus,
  motivation: string | null,
): ThreadData {
  return {
    id,
    title,
    author: event.actor,
    at: event.at,
    seq: event.seq,
    rootPosts: [],
    postCount: 0,
    status,
    motivation,
    decision: null,
    locked: false,
    lastLockChange: null,
    pinnedPostId: null,
  };
}

// Adds a thread at the end of the order; false if the id is taken (a broken store).
function addThread(data: ThreadsData, thread: ThreadData): boolean {
  if (data.threads.has(thread.id)) return false;
  data.threads.set(thread.id, thread);
  data.threadOrder.push(thread.id);
  return true;
}

// Adds a post to its thread's reply tree; false if the thread is unknown or the id taken.
function addPost(data: ThreadsData, event: PostCreatedEvent): boolean {
  const { post_id: id, thread_id: threadId, body } = event.data;
  const thread = data.threads.get(threadId);
  if (!thread || data.posts.has(id)) return false;
  // The server only accepts replies to posts of the same thread; anything else would be a
  // broken store, and the post is then shown at top level rather than lost.
  const parent = event.data.reply_to === null ? undefined : data.posts.get(event.data.reply_to);
  const replyTo = parent && parent.threadId === threadId ? parent.id : null;
  data.posts.set(id, {
    id,
    threadId,
    replyTo,
    body,
    author: event.actor,
    at: event.at,
    seq: event.seq,
    replies: [],
    proposalVersion: event.data.proposal_version ?? 1,
    version: 1,
    editedAt: null,
    hidden: null,
    withheld: event.data.withheld === true,
  });
  if (parent && replyTo !== null) parent.replies.push(id);
  else thread.rootPosts.push(id);
  thread.postCount += 1;
  return true;
}

// An edit, a hide or a show of a post: changes the post in place; false if it is unknown. A
// hidden post's text is dropped here, so nothing keeps it once the secretariat has hidden it.
function changePost(
  data: ThreadsData,
  event: PostEditedEvent | PostHiddenEvent | PostUnhiddenEvent,
): boolean {
  const post = data.posts.get(event.data.post_id);
  if (!post || post.threadId !== event.data.thread_id) return false;
  switch (event.kind) {
    case 'post_edited':
      post.version = event.data.version;
      post.editedAt = event.at;
      post.body = event.data.body;
      post.withheld = event.data.withheld === true;
      break;
    case 'post_hidden':
      post.hidden = { reason: event.data.reason, at: event.at, by: event.actor };
      post.body = '';
      break;
    case 'post_unhidden':
      post.hidden = null;
      post.version = event.data.version;
      post.body = event.data.body;
      post.withheld = event.data.withheld === true;
      break;
  }
  return true;
}

export function applyThreadCreated(round: RoundData, event: ThreadCreatedEvent): RoundChange {
  const id = event.data.thread_id;
  if (!addThread(round, newThread(id, event.data.title, event, 'accepted', null))) {
    return { kind: 'none', roundId: round.id, reason: 'inconsistent' };
  }
  return { kind: 'thread', roundId: round.id, threadId: id };
}

export function applyPostCreated(round: RoundData, event: PostCreatedEvent): RoundChange {
  if (!addPost(round, event)) return { kind: 'none', roundId: round.id, reason: 'inconsistent' };
  return { kind: 'post', roundId: round.id, postId: event.data.post_id };
}

// --- the agenda (main stream only) ---

const inconsistent = (round: RoundData): RoundChange => ({
  kind: 'none',
  roundId: round.id,
  reason: 'inconsistent',
});

// A proposed agenda item is a new thread at the end of the agenda, waiting for a decision.
export function applyAgendaItemProposed(
  round: RoundData,
  event: AgendaItemProposedEvent,
): RoundChange {
  const { thread_id: id, title, motivation } = event.data;
  if (!addThread(round, newThread(id, title, event, 'proposed', motivation))) {
    return inconsistent(round);
  }
  return { kind: 'thread', roundId: round.id, threadId: id };
}

export function applyAgendaItemDecided(
  round: RoundData,
  event: AgendaItemDecidedEvent,
): RoundChange {
  const { thread_id: id, accepted, reason } = event.data;
  const thread = round.threads.get(id);
  if (!thread) return inconsistent(round);
  // The server decides only proposed items, once; should a broken store say more, the latest
  // decision wins.
  thread.status = accepted ? 'accepted' : 'declined';
  thread.decision = { accepted, reason, at: event.at, by: event.actor };
  return { kind: 'thread_changed', roundId: round.id, threadId: id, detail: 'decided' };
}

// The thread leaves its place and goes just before `before`, or to the end when that is null.
export function applyThreadMoved(round: RoundData, event: ThreadMovedEvent): RoundChange {
  const { thread_id: id, before } = event.data;
  const order = round.threadOrder;
  const from = order.indexOf(id);
  if (from < 0 || before === id || (before !== null && !order.includes(before))) {
    return inconsistent(round);
  }
  order.splice(from, 1);
  if (before === null) order.push(id);
  else order.splice(order.indexOf(before), 0, id);
  return { kind: 'thread_changed', roundId: round.id, threadId: id, detail: 'moved' };
}

export function applyThreadLocked(round: RoundData, event: ThreadLockedEvent): RoundChange {
  const { thread_id: id, locked } = event.data;
  const thread = round.threads.get(id);
  if (!thread) return inconsistent(round);
  thread.locked = locked;
  thread.lastLockChange = { locked, at: event.at, by: event.actor };
  return { kind: 'thread_changed', roundId: round.id, threadId: id, detail: 'locked' };
}

// A thread has at most one pinned post; null removes the pin.
export function applyPostPinned(round: RoundData, event: PostPinnedEvent): RoundChange {
  const { thread_id: id, post_id: postId } = event.data;
  const thread = round.threads.get(id);
  if (!thread) return inconsistent(round);
  if (postId !== null && round.posts.get(postId)?.threadId !== id) return inconsistent(round);
  thread.pinnedPostId = postId;
  return { kind: 'thread_changed', roundId: round.id, threadId: id, detail: 'pinned' };
}

// Folds one event. Events at or below lastSeq were already folded and change nothing. A round's
// state is its main stream: lastSeq counts main-stream seqs, so no other stream's event belongs
// (a preparation stream folds into its own PreparationData, applyPreparationEvent).
export function applyEvent(round: RoundData, event: RoundEvent): RoundChange {
  if (event.round_id !== round.id || event.stream !== MAIN_STREAM) {
    return { kind: 'none', roundId: round.id, reason: 'inconsistent' };
  }
  if (event.seq <= round.lastSeq) return { kind: 'none', roundId: round.id, reason: 'duplicate' };
  round.lastSeq = event.seq;
  switch (event.kind) {
    case 'round_created':
      return applyRoundCreated(round, event);
    case 'thread_created':
      return applyThreadCreated(round, event);
    case 'post_created':
      return applyPostCreated(round, event);
    case 'phase_changed':
      return applyPhaseChanged(round, event);
    case 'schedule_changed':
      return applyScheduleChanged(round, event);
    case 'organisation_invited':
      return applyOrganisationInvited(round, event);
    case 'invitation_withdrawn':
      return applyInvitationWithdrawn(round, event);
    case 'agenda_item_proposed':
      return applyAgendaItemProposed(round, event);
    case 'agenda_item_decided':
      return applyAgendaItemDecided(round, event);
    case 'thread_moved':
      return applyThreadMoved(round, event);
    case 'thread_locked':
      return applyThreadLocked(round, event);
    case 'post_pinned':
      return applyPostPinned(round, event);
    case 'proposal_revised':
      return applyProposalRevised(round, event);
    case 'post_edited':
    case 'post_hidden':
    case 'post_unhidden':
      if (!changePost(round, event)) return inconsistent(round);
      return { kind: 'post_changed', roundId: round.id, postId: event.data.post_id };
    case 'post_reported':
    case 'reports_resolved':
      return inconsistent(round); // moderation-stream events
    case 'reminder_sent':
      return applyReminderSent(round, event);
    case 'position_stated':
      return applyPosition(round, event);
    case 'outcome_written':
      return applyOutcome(round, event);
    case 'dissent_attached':
      return applyDissent(round, event);
    case 'minutes_written':
      return applyMinutes(round, event);
    case 'joint_document_written':
    case 'joint_document_approved':
      return applyJointDocument(round, event);
    case 'unknown':
      return { kind: 'none', roundId: round.id, reason: 'unknown_kind' };
  }
}

// Folds one event of a preparation stream into that stream's state. Only threads and posts
// happen there; an event of another round or stream, or of a kind that belongs to the main
// stream, changes nothing (but a kind this client does not know still counts its seq).
export function applyPreparationEvent(
  preparation: PreparationData,
  event: RoundEvent,
): PreparationChange {
  const { roundId, stream } = preparation;
  const none = (reason: 'duplicate' | 'unknown_kind' | 'inconsistent'): PreparationChange => ({
    kind: 'none',
    roundId,
    stream,
    reason,
  });
  if (event.round_id !== roundId || event.stream !== stream) return none('inconsistent');
  if (event.seq <= preparation.lastSeq) return none('duplicate');
  preparation.lastSeq = event.seq;
  switch (event.kind) {
    case 'thread_created': {
      const id = event.data.thread_id;
      if (!addThread(preparation, newThread(id, event.data.title, event, 'accepted', null))) {
        return none('inconsistent');
      }
      return { kind: 'thread', roundId, stream, threadId: id };
    }
    case 'post_created':
      if (!addPost(preparation, event)) return none('inconsistent');
      return { kind: 'post', roundId, stream, postId: event.data.post_id };
    case 'post_edited':
    case 'post_hidden':
    case 'post_unhidden':
      if (!changePost(preparation, event)) return none('inconsistent');
      return { kind: 'post_changed', roundId, stream, postId: event.data.post_id };
    case 'unknown':
      return none('unknown_kind');
    default:
      return none('inconsistent');
  }
}

export function foldPreparationEvents(
  roundId: number,
  stream: PreparationStream,
  events: Iterable<RoundEvent>,
): PreparationData {
  const preparation = createPreparation(roundId, stream);
  for (const event of events) applyPreparationEvent(preparation, event);
  return preparation;
}

// Whether a thread takes new posts as far as the thread itself goes (the round's phase and the
// person's role decide the rest): accepted and not locked.
export function threadTakesPosts(thread: ThreadData): boolean {
  return thread.status === 'accepted' && !thread.locked;
}

// The threads in the order to show them.
export function orderedThreads(data: ThreadsData): ThreadData[] {
  return data.threadOrder
    .map((id) => data.threads.get(id))
    .filter((thread): thread is ThreadData => thread !== undefined);
}

// One version of the proposal, e.g. the one a post was written against.
export function proposalVersion(info: RoundInfo, version: number): ProposalVersion | undefined {
  return info.proposalVersions.find((v) => v.version === version);
}

export function foldEvents(roundId: number, events: Iterable<RoundEvent>): RoundData {
  const round = createRound(roundId);
  for (const event of events) applyEvent(round, event);
  return round;
}

// A thread's posts as a tree, for display and tests.
export interface PostTree {
  post: PostData;
  replies: PostTree[];
}

export function replyTree(data: ThreadsData, threadId: number): PostTree[] {
  const build = (id: number): PostTree | null => {
    const post = data.posts.get(id);
    if (!post) return null;
    return {
      post,
      replies: post.replies.map(build).filter((t): t is PostTree => t !== null),
    };
  };
  const thread = data.threads.get(threadId);
  if (!thread) return [];
  return thread.rootPosts.map(build).filter((t): t is PostTree => t !== null);
}

// The key of a round's preparation stream in the store.
function preparationKey(roundId: number, stream: PreparationStream): string {
  return `${roundId}:${stream}`;
}

// Every round this client has loaded, by id, every preparation stream it has loaded, by round
// and stream, and every moderation stream (the secretariat's), by round.
export class RoundStore {
  private readonly rounds = new Map<number, RoundData>();
  private readonly preparations = new Map<string, PreparationData>();
  private readonly moderations = new Map<number, ModerationData>();

  get(id: number): RoundData | undefined {
    return this.rounds.get(id);
  }

  getOrCreate(id: number): RoundData {
    let round = this.rounds.get(id);
    if (!round) {
      round = createRound(id);
      this.rounds.set(id, round);
    }
    return round;
  }

  // Drops a round's state so it is folded again from its first event.
  reset(id: number): RoundData {
    const round = createRound(id);
    this.rounds.set(id, round);
    return round;
  }

  preparation(roundId: number, stream: PreparationStream): PreparationData | undefined {
    return this.preparations.get(preparationKey(roundId, stream));
  }

  preparationOrCreate(roundId: number, stream: PreparationStream): PreparationData {
    const key = preparationKey(roundId, stream);
    let preparation = this.preparations.get(key);
    if (!preparation) {
      preparation = createPreparation(roundId, stream);
      this.preparations.set(key, preparation);
    }
    return preparation;
  }

  // Drops a preparation stream's state so it is folded again from its first event.
  resetPreparation(roundId: number, stream: PreparationStream): PreparationData {
    const preparation = createPreparation(roundId, stream);
    this.preparations.set(preparationKey(roundId, stream), preparation);
    return preparation;
  }

  moderationOrCreate(roundId: number): ModerationData {
    let moderation = this.moderations.get(roundId);
    if (!moderation) {
      moderation = createModeration(roundId);
      this.moderations.set(roundId, moderation);
    }
    return moderation;
  }

  // Drops a moderation stream's state so it is folded again from its first event.
  resetModeration(roundId: number): ModerationData {
    const moderation = createModeration(roundId);
    this.moderations.set(roundId, moderation);
    return moderation;
  }

  // The last seq folded of a stream (0 when nothing is): where following it resumes.
  lastSeq(roundId: number, stream: Stream = MAIN_STREAM): number {
    if (stream === MODERATION_STREAM) return this.moderations.get(roundId)?.lastSeq ?? 0;
    if (!isPreparationStream(stream)) return this.rounds.get(roundId)?.lastSeq ?? 0;
    return this.preparation(roundId, stream)?.lastSeq ?? 0;
  }

  clear(): void {
    this.rounds.clear();
    this.preparations.clear();
    this.moderations.clear();
  }
}

// How much of a post's text names it where posts are chosen or linked (the outcome's responses,
// the minutes): its first words, white space folded.
const POST_START_CHARACTERS = 60;

export function postStart(post: PostData): string {
  const words = post.body.replace(/\s+/g, ' ').trim();
  return words.length > POST_START_CHARACTERS ? `${words.slice(0, POST_START_CHARACTERS)}…` : words;
}
