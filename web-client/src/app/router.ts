// Hash routes: #/ (my rounds), #/rounds/new (the secretariat's form for a new round),
// #/rounds/<id> (one round), #/sessions (one's own sessions), #/audit (the audit log),
// #/admin/people and #/admin/organisations (admins), and #/invitation/<token> (choosing one's
// password with a one-time link; the token stays in the fragment, which browsers never send to a
// server). Hash routing needs no server rewrite rules; the server only serves index.html at /.

export type Route =
  | { name: 'rounds' }
  | { name: 'new_round' }
  | { name: 'round'; roundId: number }
  | { name: 'sessions' }
  | { name: 'audit' }
  | { name: 'people' }
  | { name: 'organisations' }
  | { name: 'invitation'; token: string }
  | { name: 'not_found'; hash: string };

const FIXED = new Map<string, Route>([
  ['/sessions', { name: 'sessions' }],
  ['/audit', { name: 'audit' }],
  ['/admin/people', { name: 'people' }],
  ['/admin/organisations', { name: 'organisations' }],
]);

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '' || path === '/') return { name: 'rounds' };
  if (path === '/rounds/new' || path === '/rounds/new/') return { name: 'new_round' };
  const fixed = FIXED.get(path.replace(/\/$/, ''));
  if (fixed) return fixed;
  // Any text after /invitation/ is handed to the page, which says clearly when it is not a link.
  const invitation = /^\/invitation\/([^/]*)\/?$/.exec(path);
  if (invitation) return { name: 'invitation', token: invitation[1] ?? '' };
  const match = /^\/rounds\/([1-9][0-9]{0,15})\/?$/.exec(path);
  if (match?.[1]) {
    const roundId = Number(match[1]);
    if (Number.isSafeInteger(roundId)) return { name: 'round', roundId };
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
      return `#/rounds/${route.roundId}`;
    case 'sessions':
      return '#/sessions';
    case 'audit':
      return '#/audit';
    case 'people':
      return '#/admin/people';
    case 'organisations':
      return '#/admin/organisations';
    case 'invitation':
      return `#/invitation/${route.token}`;
    case 'not_found':
      return route.hash;
  }
}
