// One round's state, built by folding its events in seq order: the proposal, the threads and
// each thread's reply tree. No DOM and no I/O. The state object is updated in place (folding a
// long replay by copying would cost O(n²)); each apply function reports what changed so the
// view can add just that.

import type {
  Organisation,
  Person,
  Phase,
  PostCreatedEvent,
  RoundCreatedEvent,
  RoundEvent,
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
}

export interface RoundData {
  id: number;
  lastSeq: number;
  // From round_created; null until that event has been folded.
  info: {
    title: string;
    proposal: string;
    phase: Phase;
    invited: Organisation[];
    createdAt: string;
    createdBy: Person;
  } | null;
  threads: Map<number, ThreadData>;
  threadOrder: number[];
  posts: Map<number, PostData>;
}

export type RoundChange =
  | { kind: 'round'; roundId: number }
  | { kind: 'thread'; roundId: number; threadId: number }
  | { kind: 'post'; roundId: number; postId: number }
  | { kind: 'none'; roundId: number; reason: 'duplicate' | 'unknown_kind' | 'inconsistent' };

export function createRound(id: number): RoundData {
  return { id, lastSeq: 0, info: null, threads: new Map(), threadOrder: [], posts: new Map() };
}

export function applyRoundCreated(round: RoundData, event: RoundCreatedEvent): RoundChange {
  round.info = {
    title: event.data.title,
    proposal: event.data.proposal,
    phase: event.data.phase,
    invited: event.data.invited,
    createdAt: event.at,
    createdBy: event.actor,
  };
  return { kind: 'round', roundId: round.id };
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
