// Full-jitter backoff stays within [0, min(cap, base·2^n)).

import { describe, expect, it } from 'vitest';
import {
  backoffCeiling,
  backoffDelay,
  DEFAULT_BACKOFF,
} from '../../../web-client/src/transport/backoff';

describe('backoff', () => {
  it('grows exponentially from the base up to the cap', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 500, capMs: 15_000 });
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((n) => backoffCeiling(n))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000,
    ]);
  });

  it('stays within its bounds for extreme random values', () => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const ceiling = backoffCeiling(attempt);
      expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 0)).toBe(0);
      const top = backoffDelay(attempt, DEFAULT_BACKOFF, () => 0.999999999);
      expect(top).toBeLessThan(ceiling);
      expect(top).toBeGreaterThanOrEqual(ceiling - 1);
      // A broken random source cannot push the delay out of range either.
      expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 7)).toBeLessThan(ceiling);
      expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => -1)).toBe(0);
    }
  });

  it('spreads delays over the whole range (jitter)', () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(3));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(4000);
    expect(Math.min(...delays)).toBeLessThan(400);
    expect(Math.max(...delays)).toBeGreaterThan(3600);
    expect(new Set(delays).size).toBeGreaterThan(500);
  });

  it('honours custom bounds', () => {
    const options = { baseMs: 100, capMs: 250 };
    expect(backoffCeiling(0, options)).toBe(100);
    expect(backoffCeiling(1, options)).toBe(200);
    expect(backoffCeiling(2, options)).toBe(250);
    for (let i = 0; i < 200; i += 1) expect(backoffDelay(10, options)).toBeLessThan(250);
  });
});
