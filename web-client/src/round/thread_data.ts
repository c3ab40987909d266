// How a thread's reply tree is laid out on the page, decided without the DOM. Replies nest
// visually at most MAX_NESTING levels below a top-level post; a deeper reply is shown at that
// level, right after the rest of its parent's replies, and says whom it answers ("svar till …",
// with a link), as Discourse does. So a long exchange stays readable on a phone instead of
// shrinking one indent per answer until a post is one word wide.

import type { PostData, ThreadsData } from './round_data';

export const MAX_NESTING = 3;

// 0 for a top-level post, 1 for a reply to it, and so on.
export function postDepth(data: ThreadsData, postId: number): number {
  let depth = 0;
  let post = data.posts.get(postId);
  // Bounded by the number of posts, in case a broken store ever made a cycle.
  while (post && post.replyTo !== null && depth <= data.posts.size) {
    depth += 1;
    post = data.posts.get(post.replyTo);
  }
  return depth;
}

export interface Placement {
  // The post whose list of replies holds this post; null for the thread's list of posts.
  container: number | null;
  // Shown below its parent's nesting level: the post names its parent instead.
  flattened: boolean;
}

// Where a post goes: under its parent, or, beyond MAX_NESTING, in the list of the ancestor at
// the deepest level shown.
export function placement(data: ThreadsData, postId: number): Placement {
  const post = data.posts.get(postId);
  if (!post || post.replyTo === null) return { container: null, flattened: false };
  let depth = postDepth(data, postId);
  if (depth <= MAX_NESTING) return { container: post.replyTo, flattened: false };
  let ancestor: PostData | undefined = post;
  while (ancestor && depth > MAX_NESTING - 1) {
    ancestor = ancestor.replyTo === null ? undefined : data.posts.get(ancestor.replyTo);
    depth -= 1;
  }
  return { container: ancestor?.id ?? null, flattened: true };
}

// The last post, in reading order, of the subtree under postId (postId itself when it has no
// replies), leaving out `except` (a reply that is being added).
export function lastInSubtree(data: ThreadsData, postId: number, except?: number): number {
  let current = postId;
  for (let guard = 0; guard <= data.posts.size; guard += 1) {
    const replies = data.posts.get(current)?.replies.filter((id) => id !== except) ?? [];
    const last = replies[replies.length - 1];
    if (last === undefined) return current;
    current = last;
  }
  return current;
}

// The thread's posts in reading order (each post followed by its replies, depth first).
export function postsInOrder(data: ThreadsData, threadId: number): number[] {
  const order: number[] = [];
  const walk = (ids: number[]): void => {
    for (const id of ids) {
      order.push(id);
      walk(data.posts.get(id)?.replies ?? []);
    }
  };
  walk(data.threads.get(threadId)?.rootPosts ?? []);
  return order;
}
