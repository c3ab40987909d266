// Reconnect delays: "full jitter" (AWS Architecture Blog, "Exponential Backoff and Jitter"): each
// retry waits a uniformly random time in [0, ceiling), which spreads a crowd of clients
// reconnecting after a server restart.
//
// The ceiling depends on how long the connection has been gone, not only on how often it was
// tried. A restart of the server takes seconds, and people expect the page to be back within
// about a second of the server: so the first step is low (250 ms) and for the first 30 s of an
// outage the ceiling stays at 1 s. A plain doubling per attempt (500 ms … 15 s) had reached
// 4–8 s by the time a restarted server was back, which people saw as 8–12 s of "reconnecting".
// Only a longer outage (the server is really down, or the network is) backs off further: the
// ceiling doubles for every further 30 s, up to 15 s, so a long outage costs the server little.

export interface BackoffOptions {
  // Ceiling of the first retry; it doubles per attempt up to fastCapMs.
  firstMs: number;
  // Ceiling while the outage is younger than fastForMs.
  fastCapMs: number;
  fastForMs: number;
  // Ceiling for long outages.
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  firstMs: 250,
  fastCapMs: 1000,
  fastForMs: 30_000,
  capMs: 15_000,
};

// The upper bound of the delay before retry number `attempt` (0 for the first retry) of an
// outage that began `elapsedMs` ago.
export function backoffCeiling(
  attempt: number,
  elapsedMs: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const exponent = Math.max(0, Math.min(attempt, 30)); // 2^30 already exceeds any sane cap
  const early = Math.min(options.fastCapMs, options.firstMs * 2 ** exponent);
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed < options.fastForMs) return early;
  const periods = Math.min(30, Math.floor(elapsed / options.fastForMs));
  return Math.min(options.capMs, Math.max(early, options.fastCapMs * 2 ** periods));
}

// A delay in [0, backoffCeiling(attempt, elapsedMs)); `random` returns a number in [0, 1) like
// Math.random.
export function backoffDelay(
  attempt: number,
  elapsedMs: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeiling(attempt, elapsedMs, options));
}
