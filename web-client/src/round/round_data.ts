// One round's state, built by folding its events in seq order: the proposal, kind, sectors,
// phase, schedule and invited organisations, the threads and each thread's reply tree. No DOM
// and no I/O. The state object is updated in place (folding a
// long replay by copying would cost O(n²)); each apply function reports what changed so the
// view can add just that.

import type {
  InvitationWithdrawnEvent,
  Organisation,
  OrganisationInvitedEvent,
  Person,
  Phase,
  PhaseChangedEvent,
  PostCreatedEvent,
  RoundCreatedEvent,
  RoundEvent,
  RoundKind,
  ScheduleChangedEvent,
  Sector,
  ThreadCreatedEvent,
} from '../protocol/messages';

export interface PostData {
  id: number;
  threadId: number;
  replyTo: number | null;
  body: string;
  author: Person;
  at: string;
  seq: number;
  replies: number[]; // ids of direct replies, in seq order
}

export interface ThreadData {
  id: number;
  title: string;
  author: Person;
  at: string;
  seq: number;
  rootPosts: number[]; // ids of top-level posts, in seq order
  postCount: number; // every post of the thread, replies included
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
  proposal: string;
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

export interface RoundData {
  id: number;
  lastSeq: number;
  // From round_created, then kept current by the life-cycle events; null until round_created
  // has been folded.
  info: RoundInfo | null;
  threads: Map<number, ThreadData>;
  threadOrder: number[];
  posts: Map<number, PostData>;
  // Set when the server ended this client's subscription of the round (subscription_ended):
  // its reason, e.g. 'access_withdrawn' when the person's organisation is no longer invited.
  // What was folded before stays; nothing more arrives. Null while the round may be followed.
  accessEnded: string | null;
}

// What an event changed, for the view: 'round' is the round's own facts (title, kind, sectors,
// phase, schedule, invited); `detail` says which of them a life-cycle event touched.
export type RoundDetail = 'created' | 'phase' | 'schedule' | 'invited';

export type RoundChange =
  | { kind: 'round'; roundId: number; detail: RoundDetail }
  | { kind: 'thread'; roundId: number; threadId: number }
  | { kind: 'post'; roundId: number; postId: number }
  | { kind: 'none'; roundId: number; reason: 'duplicate' | 'unknown_kind' | 'inconsistent' };

export function createRound(id: number): RoundData {
  return {
    id,
    lastSeq: 0,
    info: null,
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
// round is followed again (clearAccessEnded).
export function applyAccessEnded(round: RoundData, reason: string): void {
  round.accessEnded = reason;
}

export function clearAccessEnded(round: RoundData): void {
  round.accessEnded = null;
}

export function applyThreadCreated(round: RoundData, event: ThreadCreatedEvent): RoundChange {
  const id = event.data.thread_id;
  if (round.threads.has(id)) return { kind: 'none', roundId: round.id, reason: 'inconsistent' };
  round.threads.set(id, {
    id,
    title: event.data.title,
    author: event.actor,
    at: event.at,
    seq: event.seq,
    rootPosts: [],
    postCount: 0,
  });
  round.threadOrder.push(id);
  return { kind: 'thread', roundId: round.id, threadId: id };
}

export function applyPostCreated(round: RoundData, event: PostCreatedEvent): RoundChange {
  const { post_id: id, thread_id: threadId, body } = event.data;
  const thread = round.threads.get(threadId);
  if (!thread || round.posts.has(id)) {
    return { kind: 'none', roundId: round.id, reason: 'inconsistent' };
  }
  // The server only accepts replies to posts of the same thread; anything else would be a
  // broken store, and the post is then shown at top level rather than lost.
  const parent = event.data.reply_to === null ? undefined : round.posts.get(event.data.reply_to);
  const replyTo = parent && parent.threadId === threadId ? parent.id : null;
  round.posts.set(id, {
    id,
    threadId,
    replyTo,
    body,
    author: event.actor,
    at: event.at,
    seq: event.seq,
    replies: [],
  });
  if (parent && replyTo !== null) parent.replies.push(id);
  else thread.rootPosts.push(id);
  thread.postCount += 1;
  return { kind: 'post', roundId: round.id, postId: id };
}

// Folds one event. Events at or below lastSeq were already folded and change nothing. A round's
// state is its main stream: lastSeq counts main-stream seqs, so no other stream's event belongs.
export function applyEvent(round: RoundData, event: RoundEvent): RoundChange {
  if (event.round_id !== round.id || event.stream !== 'main') {
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
    case 'unknown':
      return { kind: 'none', roundId: round.id, reason: 'unknown_kind' };
  }
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

export function replyTree(round: RoundData, threadId: number): PostTree[] {
  const build = (id: number): PostTree | null => {
    const post = round.posts.get(id);
    if (!post) return null;
    return {
      post,
      replies: post.replies.map(build).filter((t): t is PostTree => t !== null),
    };
  };
  const thread = round.threads.get(threadId);
  if (!thread) return [];
  return thread.rootPosts.map(build).filter((t): t is PostTree => t !== null);
}

// Every round this client has loaded, by id.
export class RoundStore {
  private readonly rounds = new Map<number, RoundData>();

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

  clear(): void {
    this.rounds.clear();
  }
}
