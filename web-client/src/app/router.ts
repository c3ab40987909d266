// Hash routes: #/ (my rounds), #/rounds/new (the secretariat's form for a new round),
// #/rounds/<id> (one round), #/rounds/<id>/threads/<id> (a round with one thread open),
// #/rounds/<id>/posts/<id> (a round at one post: the permalink people copy into minutes and
// e-mail), #/rounds/<id>/preparation (the person's side's preparation threads), #/sessions
// (one's own sessions), #/tokens (observers' and admins' API tokens for exports), #/export
// (choosing rounds and downloading them in bulk), #/audit (the
// audit log), #/admin/people and #/admin/organisations (admins), #/verify (checking a decision record file, open to anyone), and #/invitation/<token>
// (choosing one's password with a one-time link; the token stays in the fragment, which browsers
// never send to a server). Thread and post ids are unique
// across a round's streams, so a thread's or post's address needs no stream: the round page shows
// whichever stream holds it. Hash routing needs no server rewrite rules; the server only serves
// index.html at /. A post's link carries its round, so it can be opened by someone who has never
// seen the round.

export type Route =
  | { name: 'rounds' }
  | { name: 'new_round' }
  | {
      name: 'round';
      roundId: number;
      threadId: number | null;
      postId: number | null;
      // The side's preparation, at its first thread (#/rounds/<id>/preparation).
      preparation: boolean;
    }
  | { name: 'sessions' }
  | { name: 'tokens' }
  | { name: 'export' }
  | { name: 'audit' }
  | { name: 'people' }
  | { name: 'organisations' }
  | { name: 'verify' }
  | { name: 'invitation'; token: string }
  | { name: 'not_found'; hash: string };

const ID = '([1-9][0-9]{0,15})';
const ROUND = new RegExp(`^/rounds/${ID}(?:/(threads|posts)/${ID}|/(preparation))?/?$`);

const FIXED = new Map<string, Route>([
  ['/sessions', { name: 'sessions' }],
  ['/tokens', { name: 'tokens' }],
  ['/export', { name: 'export' }],
  ['/audit', { name: 'audit' }],
  ['/admin/people', { name: 'people' }],
  ['/admin/organisations', { name: 'organisations' }],
  ['/verify', { name: 'verify' }],
]);

function id(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '' || path === '/') return { name: 'rounds' };
  if (path === '/rounds/new' || path === '/rounds/new/') return { name: 'new_round' };
  const fixed = FIXED.get(path.replace(/\/$/, ''));
  if (fixed) return fixed;
  // Any text after /invitation/ is handed to the page, which says clearly when it is not a link.
  const invitation = /^\/invitation\/([^/]*)\/?$/.exec(path);
  if (invitation) return { name: 'invitation', token: invitation[1] ?? '' };
  const match = ROUND.exec(path);
  const roundId = id(match?.[1]);
  if (match && roundId !== null) {
    const child = id(match[3]);
    if (match[2] !== undefined && child === null) return { name: 'not_found', hash };
    return {
      name: 'round',
      roundId,
      threadId: match[2] === 'threads' ? child : null,
      postId: match[2] === 'posts' ? child : null,
      preparation: match[4] !== undefined,
    };
  }
  return { name: 'not_found', hash };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'rounds':
      return '#/';
    case 'new_round':
      return '#/rounds/new';
    case 'round':
      if (route.postId !== null) return postHref(route.roundId, route.postId);
      if (route.threadId !== null) return threadHref(route.roundId, route.threadId);
      if (route.preparation) return preparationHref(route.roundId);
      return roundHref(route.roundId);
    case 'sessions':
      return '#/sessions';
    case 'tokens':
      return '#/tokens';
    case 'export':
      return '#/export';
    case 'audit':
      return '#/audit';
    case 'people':
      return '#/admin/people';
    case 'organisations':
      return '#/admin/organisations';
    case 'verify':
      return '#/verify';
    case 'invitation':
      return `#/invitation/${route.token}`;
    case 'not_found':
      return route.hash;
  }
}

export function roundHref(roundId: number): string {
  return `#/rounds/${roundId}`;
}

export function preparationHref(roundId: number): string {
  return `#/rounds/${roundId}/preparation`;
}

export function threadHref(roundId: number, threadId: number): string {
  return `#/rounds/${roundId}/threads/${threadId}`;
}

export function postHref(roundId: number, postId: number): string {
  return `#/rounds/${roundId}/posts/${postId}`;
}

// The full address of a post, for copying: this page's address with the post's route.
export function postUrl(
  location: Pick<Location, 'origin' | 'pathname'>,
  roundId: number,
  postId: number,
): string {
  return `${location.origin}${location.pathname}${postHref(roundId, postId)}`;
}
