// What the crash-schedule tests share (crash_schedules.test.ts on one instance,
// cluster_crash_schedules.test.ts in a cluster): a seeded random number generator, so that a
// failing schedule can be run again, and the store's replay of round 1's main stream, checked to
// be gapless.
import { expect } from "vitest";
import {
  expectContiguous,
  type EventMsg,
  type SamradServer,
  type Session,
} from "./server";

/** A small random number generator, seeded, so a failing schedule can be run again. */
export function random(seed: number): () => number {
  let state = seed * 2654435761 + 1;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Round 1's main stream after `since`, as a fresh subscribe on a new connection replays it from
 * the store; fails (saying `label`) unless it is every seq from since + 1 to the head, once each.
 */
export async function replay(
  server: SamradServer,
  session: Session,
  opts: { since?: number; label?: string } = {},
): Promise<EventMsg[]> {
  const since = opts.since ?? 0;
  const reader = await server.connect(session);
  try {
    const { head_seq, replay: events } = await reader.subscribe(1, since);
    expect(events, opts.label).toHaveLength(head_seq - since);
    try {
      expectContiguous(events, since + 1);
    } catch (err) {
      throw new Error(
        opts.label ? `${opts.label}: ${(err as Error).message}` : String(err),
      );
    }
    return events;
  } finally {
    reader.ws.terminate();
  }
}
