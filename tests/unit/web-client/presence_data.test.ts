// Who is here (PresencePoller): asked at once and every 10 s while the round page is shown,
// one request at a time, and a list once shown is kept through a failed or offline refresh.
import { describe, expect, it } from 'vitest';

import { ProtocolError } from '../../../web-client/src/protocol/errors';
import type { ListPresenceResult, Person } from '../../../web-client/src/protocol/messages';
import {
  PRESENCE_REFRESH_MS,
  PresencePoller,
  type PresenceState,
  type PresenceTimers,
} from '../../../web-client/src/round/presence_data';

const anna: Person = {
  id: 3,
  name: 'Anna Lind',
  role: 'representative',
  organisation: { id: 9, name: 'Malmö stad', kind: 'municipality', side: 'municipal' },
};

// A timer the test fires by hand, and a server whose answers the test gives one by one.
class Harness {
  intervals: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  asked: Array<{ resolve: (r: ListPresenceResult) => void; reject: (e: unknown) => void }> = [];
  states: PresenceState[] = [];
  readonly timers: PresenceTimers = {
    setInterval: (run, ms) => {
      const interval = { run, ms, cleared: false };
      this.intervals.push(interval);
      return interval;
    },
    clearInterval: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  readonly poller = new PresencePoller(
    () => new Promise((resolve, reject) => this.asked.push({ resolve, reject })),
    (state) => this.states.push(state),
    this.timers,
  );
  tick(): void {
    for (const interval of this.intervals) if (!interval.cleared) interval.run();
  }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PresencePoller', () => {
  it('asks at once, then every 10 seconds, and stops with the page', async () => {
    const harness = new Harness();
    harness.poller.start();
    expect(harness.asked).toHaveLength(1);
    expect(harness.intervals).toEqual([expect.objectContaining({ ms: PRESENCE_REFRESH_MS })]);
    expect(PRESENCE_REFRESH_MS).toBe(10_000);
    harness.asked[0]?.resolve({ round_id: 1, people: [anna] });
    await settled();
    expect(harness.states).toEqual([{ status: 'loaded', people: [anna] }]);
    harness.tick();
    expect(harness.asked).toHaveLength(2);
    harness.poller.stop();
    expect(harness.intervals[0]?.cleared).toBe(true);
    harness.asked[1]?.resolve({ round_id: 1, people: [] });
    await settled();
    expect(harness.states).toHaveLength(1);
    harness.poller.refresh();
    expect(harness.asked).toHaveLength(2);
  });

  it('sends one request at a time, and one more when asked meanwhile', async () => {
    const harness = new Harness();
    harness.poller.start();
    harness.poller.refresh(); // right after subscribing
    harness.tick();
    expect(harness.asked).toHaveLength(1);
    harness.asked[0]?.resolve({ round_id: 1, people: [] });
    await settled();
    expect(harness.asked).toHaveLength(2);
  });

  it('keeps the list shown when a refresh fails, and says so when none was shown', async () => {
    const harness = new Harness();
    harness.poller.start();
    harness.asked[0]?.reject(new ProtocolError('not_connected'));
    await settled();
    expect(harness.states).toEqual([]); // still loading: the connection asks again
    harness.poller.refresh();
    harness.asked[1]?.reject(new ProtocolError('not_found', 'No such round'));
    await settled();
    expect(harness.states).toEqual([{ status: 'failed' }]);
    harness.poller.refresh();
    harness.asked[2]?.resolve({ round_id: 1, people: [anna] });
    await settled();
    harness.poller.refresh();
    harness.asked[3]?.reject(new ProtocolError('internal'));
    await settled();
    expect(harness.states).toEqual([{ status: 'failed' }, { status: 'loaded', people: [anna] }]);
  });
});
