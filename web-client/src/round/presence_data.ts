// Who is here in a round (list_presence): the server is asked when the round page opens, right
// after its main stream is subscribed, when the connection is back, and every 10 s while the
// page is shown. One request at a time; one asked for meanwhile is sent when it is back. Pure
// apart from the timers (injectable for the tests); the DOM is presence_ui.ts's.

import { ProtocolError } from '../protocol/errors';
import type { ListPresenceResult, Person } from '../protocol/messages';

export const PRESENCE_REFRESH_MS = 10_000;

export type PresenceState =
  | { status: 'loading' }
  | { status: 'loaded'; people: Person[] } // as the server sorts them: by name, then id
  | { status: 'failed' };

export interface PresenceTimers {
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

const browserTimers: PresenceTimers = {
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export class PresencePoller {
  private state: PresenceState = { status: 'loading' };
  private timer: unknown = null;
  private inFlight = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly list: () => Promise<ListPresenceResult>,
    private readonly onChange: (state: PresenceState) => void,
    private readonly timers: PresenceTimers = browserTimers,
  ) {}

  // Asks now, then every PRESENCE_REFRESH_MS until stop().
  start(): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = this.timers.setInterval(() => this.refresh(), PRESENCE_REFRESH_MS);
    this.refresh();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearInterval(this.timer);
    this.timer = null;
  }

  refresh(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.list().then(
      (result) => this.settle({ status: 'loaded', people: result.people }),
      (error: unknown) => {
        // A list already shown stays (it is at most a few seconds old), and so does "loading"
        // while the page is connecting: the next tick or the connection asks again.
        const connecting = error instanceof ProtocolError && error.code === 'not_connected';
        this.settle(
          this.state.status === 'loaded' || connecting ? this.state : { status: 'failed' },
        );
      },
    );
  }

  private settle(state: PresenceState): void {
    this.inFlight = false;
    if (this.stopped) return;
    const changed = state !== this.state;
    this.state = state;
    if (changed) this.onChange(state);
    if (this.again) {
      this.again = false;
      this.refresh();
    }
  }
}
