// Reconnect delays: exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential
// Backoff and Jitter"): the n-th retry waits a uniformly random time in [0, min(cap, base·2^n)),
// which spreads a crowd of clients reconnecting after a server restart.

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 15_000 };

// The upper bound of the delay before retry number `attempt` (0 for the first retry).
export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(attempt, 30)); // 2^30 already exceeds any sane cap
  return Math.min(options.capMs, options.baseMs * 2 ** exponent);
}

// A delay in [0, backoffCeiling(attempt)); `random` returns a number in [0, 1) like Math.random.
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeiling(attempt, options));
}
