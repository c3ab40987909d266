// Hash routes: #/ (my rounds), #/rounds/new (the secretariat's form for a new round) and
// #/rounds/<id> (one round). Hash routing needs no server rewrite rules; the server only serves
// index.html at /.

export type Route =
  | { name: 'rounds' }
  | { name: 'new_round' }
  | { name: 'round'; roundId: number }
  | { name: 'not_found'; hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '' || path === '/') return { name: 'rounds' };
  if (path === '/rounds/new' || path === '/rounds/new/') return { name: 'new_round' };
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
    case 'not_found':
      return route.hash;
  }
}
