// Full-jitter backoff: a low first step, at most 1 s between attempts for the first 30 s of an
// outage (a restarted server is found again within about a second), then growing to 15 s.

import { describe, expect, it } from 'vitest';
import {
  backoffCeiling,
  backoffDelay,
  DEFAULT_BACKOFF,
} from '../../../web-client/src/transport/backoff';

describe('backoff', () => {
  it('starts low and stays at or under a second while the outage is young', () => {
    expect(DEFAULT_BACKOFF).toEqual({
      firstMs: 250,
      fastCapMs: 1000,
      fastForMs: 30_000,
      capMs: 15_000,
    });
    expect([0, 1, 2, 3, 10, 100].map((n) => backoffCeiling(n, 0))).toEqual([
      250, 500, 1000, 1000, 1000, 1000,
    ]);
    expect(backoffCeiling(60, 29_999)).toBe(1000);
  });

  it('backs off further only for long outages, doubling every 30 s up to 15 s', () => {
    expect(
      [30_000, 59_999, 60_000, 90_000, 120_000, 3_600_000].map((ms) => backoffCeiling(80, ms)),
    ).toEqual([2000, 2000, 4000, 8000, 15_000, 15_000]);
    // An odd clock (negative elapsed time) is read as a young outage.
    expect(backoffCeiling(0, -5)).toBe(250);
  });

  it('stays within its bounds for extreme random values', () => {
    for (const elapsed of [0, 10_000, 45_000, 1e9]) {
      for (let attempt = 0; attempt < 40; attempt += 1) {
        const ceiling = backoffCeiling(attempt, elapsed);
        expect(backoffDelay(attempt, elapsed, DEFAULT_BACKOFF, () => 0)).toBe(0);
        const top = backoffDelay(attempt, elapsed, DEFAULT_BACKOFF, () => 0.999999999);
        expect(top).toBeLessThan(ceiling);
        expect(top).toBeGreaterThanOrEqual(ceiling - 1);
        // A broken random source cannot push the delay out of range either.
        expect(backoffDelay(attempt, elapsed, DEFAULT_BACKOFF, () => 7)).toBeLessThan(ceiling);
        expect(backoffDelay(attempt, elapsed, DEFAULT_BACKOFF, () => -1)).toBe(0);
      }
    }
  });

  it('spreads delays over the whole range (jitter)', () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(3, 1000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(1000);
    expect(Math.min(...delays)).toBeLessThan(100);
    expect(Math.max(...delays)).toBeGreaterThan(900);
    expect(new Set(delays).size).toBeGreaterThan(500);
  });

  it('honours custom bounds', () => {
    const options = { firstMs: 100, fastCapMs: 250, fastForMs: 1000, capMs: 600 };
    expect(backoffCeiling(0, 0, options)).toBe(100);
    expect(backoffCeiling(1, 0, options)).toBe(200);
    expect(backoffCeiling(2, 0, options)).toBe(250);
    expect(backoffCeiling(2, 1000, options)).toBe(500);
    expect(backoffCeiling(2, 5000, options)).toBe(600);
    for (let i = 0; i < 200; i += 1) expect(backoffDelay(10, 0, options)).toBeLessThan(250);
  });
});
