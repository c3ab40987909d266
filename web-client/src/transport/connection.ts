// The transport: one WebSocket to /ws on the page's origin. It numbers requests, keeps one
// promise per request (resolved by its result, rejected with a typed ProtocolError or on
// timeout), reconnects with full-jitter backoff, and re-subscribes every followed stream from
// its last seen seq so nothing is missed or doubled (see subscriptions.ts). Its state machine
// has one setState and explicit states; views only read the state. It follows streams by round
// and stream: a round's main stream (subscribe without `stream`, the default of follow()) and,
// side by side with it, a side's preparation stream (subscribe with `stream`). When the server
// ends a subscription on its own (`subscription_ended`, e.g. the person's organisation is no
// longer invited), that stream is no longer followed and not subscribed again after a
// reconnect.

import { decodeResultFor, decodeServerMessage, DecodeError } from '../protocol/decode';
import { changesSomething, encodeRequest } from '../protocol/encode';
import { ProtocolError } from '../protocol/errors';
import {
  MAIN_STREAM,
  PROTOCOL_VERSION,
  type Stream,
  type Person,
  type RequestBody,
  type RequestType,
  type ResultFor,
  type RoundEvent,
  type ServerMessage,
  type SubscriptionEndedMessage,
} from '../protocol/messages';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { SubscriptionSet } from './subscriptions';

export type ConnectionState =
  | 'stopped' // not started, or stopped on purpose (logout)
  | 'connecting' // first connection of this session is being made
  | 'connected' // welcome received and every followed round subscribed
  | 'resuming' // the connection was lost; reconnecting and catching up from the last seq
  | 'offline' // no connection for a while, or the browser says it is offline; still retrying
  | 'logged_out'; // the server ended the session (close 4001, `unauthenticated`, or it is gone)

// Close codes of protocol v1 that change what the client does.
export const CLOSE_SESSION_ENDED = 4001;
export const CLOSE_RESUME = 4000;
// The person's role or organisation changed: reconnect at once, the new welcome says who they are.
export const CLOSE_ACCESS_CHANGED = 4002;
export const CLOSE_POLICY = 1008; // e.g. Origin refused: retrying cannot help

// The subset of the browser's WebSocket the transport uses, so tests can pass another one.
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

const SOCKET_OPEN = 1;

export type SessionCheck = () => Promise<'valid' | 'ended' | 'unknown'>;

export interface ConnectionOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  requestTimeoutMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  // The clock the backoff measures an outage with (milliseconds).
  now?: () => number;
  // After this long without a connection the state says 'offline' instead of 'resuming'.
  offlineAfterMs?: number;
  // Asked after a connection attempt failed before the welcome: the server refuses the upgrade
  // when the session is gone, which the browser only reports as close code 1006.
  checkSession?: SessionCheck;
  isOnline?: () => boolean;
  log?: (message: string, detail?: unknown) => void;
}

// Every listener about one followed stream gets the stream last: 'main' for a round's main
// stream, the only one a listener hears about unless a preparation stream is followed too
// (follow(roundId, since, stream)). A listener that follows preparation streams must tell the
// streams apart (e.g. roundReset of a preparation stream resets that stream's state only).
export interface ConnectionListeners {
  state: (state: ConnectionState, previous: ConnectionState) => void;
  welcome: (person: Person) => void;
  // initialLoad: the event is history replayed while its stream is loaded from scratch (not
  // news worth announcing). event.stream says which stream it belongs to.
  event: (event: RoundEvent, initialLoad: boolean) => void;
  subscribed: (roundId: number, headSeq: number, stream: Stream) => void;
  subscribeFailed: (roundId: number, error: ProtocolError, stream: Stream) => void;
  // The server knows less of a stream than this client (`stale_position`: since > head_seq, e.g.
  // the database was restored from a backup): drop the stream's state; it is being loaded again
  // from seq 0.
  roundReset: (roundId: number, stream: Stream) => void;
  // The server ended the subscription of a followed stream (`subscription_ended`) and sends
  // nothing more of it: reason 'access_withdrawn' when the person's organisation is no longer
  // invited. The stream is no longer followed (no resubscribe on reconnect); follow() it again
  // to try anew (the server answers not_found while access is gone).
  accessEnded: (roundId: number, reason: string, stream: Stream) => void;
}

// `stream` as a request names it: left out for the main stream, as this client always did.
function streamField(stream: Stream): { stream?: Stream } {
  return stream === MAIN_STREAM ? {} : { stream };
}

interface Pending {
  id: number; // the id it was last sent with
  body: RequestBody;
  // A request that changes something carries a key, and is sent again after a reconnect.
  key: string | undefined;
  resolve: (value: unknown) => void;
  reject: (error: ProtocolError) => void;
  // Runs while the request is on the wire; stopped while it waits for a connection.
  timer: ReturnType<typeof setTimeout> | null;
  timeoutMs: number;
}

// 128 random bits as hex: unique enough per person, and available outside secure contexts
// too (crypto.randomUUID is not).
function newRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ws: or wss: to /ws on the page's own origin.
export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

export class Connection {
  private stateValue: ConnectionState = 'stopped';
  private socket: SocketLike | null = null;
  private welcomed = false;
  private everConnected = false;
  private attempt = 0;
  // When the current outage began (the first failed attempt since the last welcome); null while
  // connected. The backoff grows with the outage's age.
  private outageSince: number | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  // A socket that opens but never says welcome (a stuck proxy, a hung server) is given up.
  private welcomeTimer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;
  private maxMessageBytes = Number.MAX_SAFE_INTEGER;
  // Closed with a policy code: no automatic retry until retryNow().
  private halted = false;
  private readonly pending = new Map<number, Pending>();
  private readonly subscriptions = new SubscriptionSet();
  private readonly listeners: { [K in keyof ConnectionListeners]: Set<ConnectionListeners[K]> } = {
    state: new Set(),
    welcome: new Set(),
    event: new Set(),
    subscribed: new Set(),
    subscribeFailed: new Set(),
    roundReset: new Set(),
    accessEnded: new Set(),
  };
  private readonly options: Required<ConnectionOptions>;

  constructor(options: ConnectionOptions) {
    this.options = {
      createSocket: (url) => new WebSocket(url),
      requestTimeoutMs: 15_000,
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      now: () => Date.now(),
      offlineAfterMs: 30_000,
      checkSession: async () => 'unknown',
      isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
      log: (message, detail) => console.warn(`[samrad transport] ${message}`, detail ?? ''),
      ...options,
    };
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  on<K extends keyof ConnectionListeners>(kind: K, listener: ConnectionListeners[K]): () => void {
    this.listeners[kind].add(listener);
    return () => this.listeners[kind].delete(listener);
  }

  // The only place the state changes.
  private setState(next: ConnectionState): void {
    const previous = this.stateValue;
    if (next === previous) return;
    this.stateValue = next;
    for (const listener of this.listeners.state) listener(next, previous);
  }

  start(): void {
    if (this.stateValue !== 'stopped' && this.stateValue !== 'logged_out') return;
    this.everConnected = false;
    this.halted = false;
    this.attempt = 0;
    this.outageSince = null;
    this.setState('connecting');
    this.open();
  }

  // Stops on purpose (e.g. logout): no reconnect; pending requests fail as disconnected; the
  // followed rounds are forgotten, since the app drops their state with the session.
  stop(): void {
    this.clearTimers();
    this.dropSocket(1000);
    this.failPending('disconnected', true);
    this.subscriptions.clear();
    this.setState('stopped');
  }

  // The browser reported that the network is back, or the person asked ("försök nu"): retry now
  // instead of waiting. An attempt already under way is left to finish.
  retryNow(): void {
    if (this.halted) {
      this.halted = false;
      this.open();
      return;
    }
    if (this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  // Sends one request; the promise settles with its decoded result or a ProtocolError.
  request<T extends RequestType>(
    body: Extract<RequestBody, { type: T }>,
    timeoutMs: number = this.options.requestTimeoutMs,
  ): Promise<ResultFor[T]> {
    return new Promise<ResultFor[T]>((resolve, reject) =>
      this.call(body, resolve, reject, timeoutMs),
    );
  }

  // Sends a request and calls exactly one of the callbacks. The transport's own requests
  // (subscribe, unsubscribe) use this directly: their callbacks run synchronously with the
  // answer frame, so a subscribe result is processed before the next frame's events.
  private call<T extends RequestType>(
    body: Extract<RequestBody, { type: T }>,
    onResult: (result: ResultFor[T]) => void,
    onError: (error: ProtocolError) => void,
    timeoutMs: number = this.options.requestTimeoutMs,
  ): void {
    if (!this.socket || !this.welcomed || this.socket.readyState !== SOCKET_OPEN) {
      onError(new ProtocolError('not_connected'));
      return;
    }
    const key = changesSomething(body.type) ? newRequestKey() : undefined;
    if (
      new TextEncoder().encode(encodeRequest(Number.MAX_SAFE_INTEGER, body, key)).length >
      this.maxMessageBytes
    ) {
      onError(new ProtocolError('too_large'));
      return;
    }
    const pending: Pending = {
      id: 0,
      body,
      key,
      resolve: onResult as (value: unknown) => void,
      reject: onError,
      timer: null,
      timeoutMs,
    };
    this.send(pending);
  }

  // Puts the request on the wire under a fresh id, with its timeout running.
  private send(pending: Pending): void {
    pending.id = this.nextId++;
    this.pending.set(pending.id, pending);
    pending.timer = setTimeout(() => {
      this.pending.delete(pending.id);
      pending.reject(new ProtocolError('timeout'));
    }, pending.timeoutMs);
    try {
      this.socket!.send(encodeRequest(pending.id, pending.body, pending.key));
    } catch (error) {
      this.options.log('send failed', error);
      this.settle(pending.id)?.reject(new ProtocolError('disconnected'));
    }
  }

  // Follows a stream of a round from `since` (the main stream unless `stream` names a
  // preparation stream); events arrive through the 'event' listener. Survives reconnects: the
  // stream is subscribed again from its last seen seq. A round's main stream and a preparation
  // stream are followed independently of each other.
  follow(roundId: number, since: number, stream: Stream = MAIN_STREAM): void {
    if (!this.subscriptions.add(roundId, since, stream)) return;
    if (this.welcomed) this.sendSubscribe(roundId, since, stream);
  }

  unfollow(roundId: number, stream: Stream = MAIN_STREAM): void {
    if (!this.subscriptions.remove(roundId, stream)) return;
    if (this.welcomed) {
      this.call(
        { type: 'unsubscribe', round_id: roundId, ...streamField(stream) },
        () => undefined,
        (error) => this.options.log(`unsubscribe ${roundId} (${stream}) failed`, error),
      );
    }
  }

  isFollowing(roundId: number, stream: Stream = MAIN_STREAM): boolean {
    return this.subscriptions.has(roundId, stream);
  }

  // The last seq applied for a followed stream (for tests and diagnostics).
  lastSeq(roundId: number, stream: Stream = MAIN_STREAM): number | undefined {
    return this.subscriptions.get(roundId, stream)?.lastSeq;
  }

  private open(): void {
    this.welcomed = false;
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch (error) {
      this.options.log('could not create WebSocket', error);
      this.scheduleReconnect(false);
      return;
    }
    this.socket = socket;
    this.clearWelcomeTimer();
    this.welcomeTimer = setTimeout(() => {
      this.welcomeTimer = null;
      if (this.socket !== socket || this.welcomed) return;
      this.options.log('no welcome from the server in time; reconnecting');
      this.dropSocket(1000);
      this.onClose(1006);
    }, this.options.requestTimeoutMs);
    socket.onmessage = (ev) => {
      if (this.socket === socket) this.onFrame(ev.data);
    };
    socket.onclose = (ev) => {
      if (this.socket === socket) this.onClose(ev.code);
    };
    socket.onerror = () => {
      // A close event always follows; it decides what happens next.
    };
  }

  private onFrame(data: unknown): void {
    if (typeof data !== 'string') {
      this.options.log('ignored a binary frame');
      return;
    }
    let message: ServerMessage;
    try {
      message = decodeServerMessage(data);
    } catch (error) {
      this.options.log(
        error instanceof DecodeError ? `bad frame from server (${error.message})` : 'bad frame',
        data.slice(0, 200),
      );
      return;
    }
    switch (message.type) {
      case 'welcome':
        this.maxMessageBytes = message.limits.max_message_bytes;
        this.onWelcome(message.protocol, message.person);
        break;
      case 'result': {
        const pending = this.settle(message.id);
        if (!pending) return;
        let result: unknown;
        try {
          result = decodeResultFor(pending.body.type, message.result);
        } catch (error) {
          this.options.log('bad result from server', error);
          pending.reject(new ProtocolError('bad_response'));
          break;
        }
        pending.resolve(result);
        break;
      }
      case 'error': {
        const pending = message.id === null ? undefined : this.settle(message.id);
        // The login session has ended (logout elsewhere, expiry); the server closes with 4001
        // right after, but the answer says it first.
        if (message.error.code === 'unauthenticated') this.endSession();
        if (pending) {
          pending.reject(
            new ProtocolError(
              message.error.code,
              message.error.message,
              message.error.retryAfterMs ?? null,
            ),
          );
        } else {
          this.options.log('error from server', message.error);
        }
        break;
      }
      case 'event':
        this.onEvent(message);
        break;
      case 'subscription_ended':
        this.onSubscriptionEnded(message);
        break;
    }
  }

  // The server dropped the subscription itself; after an `invitation_withdrawn` naming the
  // person's organisation, or when a replay finds the round no longer visible. The stream stops
  // being followed here, so a reconnect does not subscribe it again. A notice for a stream this
  // client does not follow (it unfollowed meanwhile, or a pending subscribe already failed)
  // changes nothing.
  private onSubscriptionEnded(message: SubscriptionEndedMessage): void {
    const { round_id: roundId, stream } = message;
    if (!this.subscriptions.has(roundId, stream)) {
      this.options.log(`subscription of round ${roundId} (${stream}) ended`, message.reason);
      return;
    }
    this.subscriptions.remove(roundId, stream);
    for (const listener of this.listeners.accessEnded) listener(roundId, message.reason, stream);
    if (this.welcomed && this.subscriptions.allActive()) this.setState('connected');
  }

  private onWelcome(protocol: number, person: Person): void {
    if (protocol !== PROTOCOL_VERSION) {
      this.options.log(`server speaks protocol ${protocol}, this client ${PROTOCOL_VERSION}`);
    }
    this.welcomed = true;
    this.clearWelcomeTimer();
    this.attempt = 0;
    this.outageSince = null;
    this.clearOfflineTimer();
    const resumed = this.everConnected;
    this.everConnected = true;
    for (const listener of this.listeners.welcome) listener(person);
    this.sendHeldRequests();
    this.subscriptions.markAllPending();
    const again = this.subscriptions.resubscriptions();
    for (const { roundId, stream, since } of again) this.sendSubscribe(roundId, since, stream);
    if (again.length === 0) this.setState('connected');
    else this.setState(resumed ? 'resuming' : 'connecting');
  }

  private sendSubscribe(
    roundId: number,
    since: number,
    stream: Stream = MAIN_STREAM,
    conflictRetries = 1,
  ): void {
    this.subscriptions.subscribing(roundId, since, stream);
    // Unfollowed meanwhile (and perhaps followed again, with a subscribe of its own): this
    // answer is not for the current subscription.
    const sub = this.subscriptions.get(roundId, stream);
    const outdated = (): boolean =>
      sub === undefined || this.subscriptions.get(roundId, stream) !== sub;
    // Resuming names the history its seqs belong to, so a server that lost it says so.
    const epoch = since > 0 ? sub?.epoch : null;
    this.call(
      {
        type: 'subscribe',
        round_id: roundId,
        ...streamField(stream),
        since,
        ...(epoch ? { epoch } : {}),
      },
      (result) => {
        if (outdated()) return;
        this.subscriptions.subscribed(roundId, result.head_seq, result.epoch, stream);
        for (const listener of this.listeners.subscribed) {
          listener(roundId, result.head_seq, stream);
        }
        if (this.welcomed && this.subscriptions.allActive()) this.setState('connected');
      },
      (error: ProtocolError) => {
        if (error.code === 'disconnected' || error.code === 'not_connected') return; // retried
        if (error.code === 'unauthenticated') return; // the session has ended
        if (outdated()) return;
        if (error.code === 'conflict' && conflictRetries > 0) {
          // Still subscribed from before (e.g. an unsubscribe not yet processed): start over.
          this.resubscribe(roundId, null, stream, 0);
          return;
        }
        // since > head_seq or of another epoch: the server's stream is not the one ours came
        // from (e.g. restored from a backup). Nothing was subscribed, so start the stream over
        // from the beginning. (A server that said so to since=0 would be broken; that is
        // reported below instead of looping.)
        if (error.code === 'stale_position' && since > 0) {
          this.options.log(
            `round ${roundId} (${stream}): server refused since ${since}: ${error.message}`,
          );
          this.subscriptions.reset(roundId, stream);
          for (const listener of this.listeners.roundReset) listener(roundId, stream);
          this.sendSubscribe(roundId, 0, stream);
          return;
        }
        if (error.code === 'timeout') {
          // A lost answer on a live socket: the safest repair is a fresh connection.
          this.dropSocket(CLOSE_RESUME);
          this.onClose(CLOSE_RESUME);
          return;
        }
        this.subscriptions.remove(roundId, stream);
        for (const listener of this.listeners.subscribeFailed) listener(roundId, error, stream);
        if (this.welcomed && this.subscriptions.allActive()) this.setState('connected');
      },
    );
  }

  // Unsubscribes and, once that is answered, subscribes again: from `since`, or from the last
  // seq seen when since is null. (The server refuses a second subscription to the same stream
  // with `conflict`, so the unsubscribe must be answered first.)
  private resubscribe(
    roundId: number,
    since: number | null,
    stream: Stream = MAIN_STREAM,
    conflictRetries = 1,
  ): void {
    const again = (): void => {
      const sub = this.subscriptions.get(roundId, stream);
      if (!this.welcomed || !sub) return;
      this.sendSubscribe(roundId, since ?? sub.lastSeq, stream, conflictRetries);
    };
    this.call(
      { type: 'unsubscribe', round_id: roundId, ...streamField(stream) },
      again,
      (error) => {
        if (error.code !== 'disconnected' && error.code !== 'not_connected') again();
      },
    );
  }

  private onEvent(event: RoundEvent): void {
    const { round_id: roundId, stream, seq } = event;
    const decision = this.subscriptions.onEvent(roundId, stream, seq);
    switch (decision.action) {
      case 'apply': {
        const initialLoad = this.subscriptions.isInitialLoad(roundId, seq, stream);
        for (const listener of this.listeners.event) listener(event, initialLoad);
        break;
      }
      case 'drop':
        break;
      case 'refill':
        this.options.log(
          `round ${roundId} (${stream}): seq ${seq} after ${decision.since}; filling the gap`,
        );
        this.resubscribe(roundId, null, stream);
        break;
    }
  }

  private onClose(code: number): void {
    const hadWelcome = this.welcomed;
    this.clearWelcomeTimer();
    this.socket = null;
    this.welcomed = false;
    this.failPending('disconnected', false);
    this.subscriptions.markAllPending();
    if (this.stateValue === 'stopped' || this.stateValue === 'logged_out') return;
    if (code === CLOSE_SESSION_ENDED) {
      this.endSession();
      return;
    }
    if (code === CLOSE_POLICY) {
      this.clearTimers();
      this.halted = true;
      this.setState('offline');
      return;
    }
    if (code === CLOSE_RESUME || code === CLOSE_ACCESS_CHANGED) this.attempt = 0;
    this.scheduleReconnect(!hadWelcome);
  }

  // The server ended the login session (close 4001, or `unauthenticated` answering a request):
  // no reconnect, every other pending request fails as disconnected, the app shows the login.
  private endSession(): void {
    if (this.stateValue === 'stopped' || this.stateValue === 'logged_out') return;
    this.clearTimers();
    this.dropSocket(1000);
    this.failPending('disconnected', true);
    this.subscriptions.markAllPending();
    this.setState('logged_out');
  }

  private scheduleReconnect(failedBeforeWelcome: boolean): void {
    if (this.retryTimer !== null) return;
    if (!this.options.isOnline()) this.setState('offline');
    else if (this.stateValue !== 'offline') {
      this.setState(this.everConnected ? 'resuming' : 'connecting');
    }
    if (this.offlineTimer === null) {
      this.offlineTimer = setTimeout(() => {
        this.offlineTimer = null;
        if (!this.welcomed && this.stateValue !== 'stopped' && this.stateValue !== 'logged_out') {
          this.setState('offline');
        }
      }, this.options.offlineAfterMs);
    }
    const now = this.options.now();
    this.outageSince ??= now;
    const delay = backoffDelay(
      this.attempt,
      now - this.outageSince,
      this.options.backoff,
      this.options.random,
    );
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!failedBeforeWelcome) {
        this.open();
        return;
      }
      // The upgrade was refused or the server is down; a 401 from /api/me tells them apart.
      this.options.checkSession().then(
        (session) => {
          if (this.stateValue === 'stopped' || this.stateValue === 'logged_out') return;
          if (session === 'ended') {
            this.clearTimers();
            this.setState('logged_out');
          } else {
            this.open();
          }
        },
        () => this.open(),
      );
    }, delay);
  }

  // The pending request with this id, taken out with its timeout stopped.
  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    if (pending.timer !== null) clearTimeout(pending.timer);
    return pending;
  }

  // The connection is gone. A request that only reads fails (the page asks again when it is
  // back); one with a key waits, without a timeout, to be sent again after the next welcome:
  // the server answers it as the first time if it had carried it out. With `everything`
  // (logout, a stop) every request fails.
  private failPending(code: 'disconnected', everything: boolean): void {
    for (const pending of [...this.pending.values()]) {
      if (pending.timer !== null) clearTimeout(pending.timer);
      pending.timer = null;
      if (pending.key !== undefined && !everything) continue;
      this.pending.delete(pending.id);
      pending.reject(new ProtocolError(code));
    }
  }

  private sendHeldRequests(): void {
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const pending of held) this.send(pending);
  }

  private dropSocket(code: number): void {
    const socket = this.socket;
    this.socket = null;
    this.welcomed = false;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close(code === CLOSE_RESUME ? 1000 : code);
      } catch {
        // Closing a socket that is still connecting can throw in some browsers; it is gone.
      }
    }
  }

  private clearWelcomeTimer(): void {
    if (this.welcomeTimer !== null) clearTimeout(this.welcomeTimer);
    this.welcomeTimer = null;
  }

  private clearOfflineTimer(): void {
    if (this.offlineTimer !== null) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.clearOfflineTimer();
    this.clearWelcomeTimer();
  }
}
