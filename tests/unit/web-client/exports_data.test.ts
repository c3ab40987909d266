// The export page's query: only the filters that are set, days turned into the server's
// timestamps (the end day included, so `to` is the next midnight), and bad days refused before
// anything is asked.

import { describe, expect, it } from 'vitest';
import {
  bulkHref,
  exportQuery,
  filterProblem,
  NO_FILTERS,
} from '../../../web-client/src/exports/exports_data';

describe('the export query', () => {
  it('is empty without filters, so every round one may see is listed', () => {
    expect(exportQuery(NO_FILTERS)).toBe('');
    expect(bulkHref('records.json', NO_FILTERS)).toBe('/api/export/records.json');
    expect(bulkHref('posts.csv', NO_FILTERS)).toBe('/api/export/posts.csv');
  });

  it('carries phase and sector as the server spells them', () => {
    const query = exportQuery({ ...NO_FILTERS, phase: 'decided', sector: 'school' });
    expect(query).toBe('?phase=decided&sector=school');
    expect(bulkHref('positions.csv', { ...NO_FILTERS, phase: 'decided' })).toBe(
      '/api/export/positions.csv?phase=decided',
    );
  });

  it('turns days into local midnights, the last day included', () => {
    const params = new URLSearchParams(
      exportQuery({ ...NO_FILTERS, fromDay: '2026-11-01', toDay: '2026-11-30' }),
    );
    expect(params.get('from')).toBe(new Date(2026, 10, 1).toISOString());
    expect(params.get('to')).toBe(new Date(2026, 11, 1).toISOString());
    // Across the year's end.
    const end = new URLSearchParams(exportQuery({ ...NO_FILTERS, toDay: '2026-12-31' }));
    expect(end.get('to')).toBe(new Date(2027, 0, 1).toISOString());
    expect(end.has('from')).toBe(false);
  });

  it('refuses days that do not exist and an end before the start', () => {
    expect(filterProblem(NO_FILTERS)).toBeNull();
    expect(filterProblem({ ...NO_FILTERS, fromDay: '2026-02-30' })).toBe('from_day');
    expect(filterProblem({ ...NO_FILTERS, toDay: '30/11/2026' })).toBe('to_day');
    expect(filterProblem({ ...NO_FILTERS, fromDay: '2026-11-30', toDay: '2026-11-29' })).toBe(
      'order',
    );
    expect(filterProblem({ ...NO_FILTERS, fromDay: '2026-11-30', toDay: '2026-11-30' })).toBeNull();
  });
});
