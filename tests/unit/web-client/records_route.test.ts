// The verify page's address: #/verify is its own route, and routeHref writes it back.

import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../web-client/src/app/router';

describe('the #/verify route', () => {
  it('is read with or without a trailing slash and written back', () => {
    expect(parseRoute('#/verify')).toEqual({ name: 'verify' });
    expect(parseRoute('#/verify/')).toEqual({ name: 'verify' });
    expect(routeHref({ name: 'verify' })).toBe('#/verify');
    expect(parseRoute('#/verify/x')).toEqual({ name: 'not_found', hash: '#/verify/x' });
  });
});
