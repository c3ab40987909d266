// Several samrad instances on one shared PostgreSQL database with a Redis bus between them, and
// the checks the cluster tests share: clients that record every event frame of a stream across
// reconnects, posting many requests back to back, and comparing what each client received with
// the store's own list of the stream's events.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresServer } from "./postgres";
import { RedisServer } from "./redis";
import {
  people,
  registerCleanup,
  SamradServer,
  sleep,
  threadIds,
  type Answer,
  type EventMsg,
  type Session,
  type WsClient,
} from "./server";

export interface Cluster {
  postgres: PostgresServer;
  redis: RedisServer;
  servers: SamradServer[];
  conninfo: string;
  keyFile: string;
}

/**
 * One PostgreSQL with a fresh database, one Redis, then the instances: the first alone with
 * --demo-data (so only it seeds the demo data and creates the signing key), then the others.
 */
export async function startCluster(opts: {
  instances: 2 | 3;
  args?: string[];
  /** More of the instances' [bus] settings beside the Redis address, as TOML lines. */
  bus?: string;
}): Promise<Cluster> {
  const [postgres, redis] = await Promise.all([
    PostgresServer.start(),
    RedisServer.start(),
  ]);
  const conninfo = await postgres.createDatabase();
  const keyDir = mkdtempSync(join(tmpdir(), "samrad-key-"));
  registerCleanup(async () => rmSync(keyDir, { recursive: true, force: true }));
  const keyFile = join(keyDir, "signing.key");
  const args = [
    "--postgres",
    conninfo,
    "--signing-key-file",
    keyFile,
    "--redis",
    redis.address,
    ...(opts.args ?? []),
  ];
  const config =
    opts.bus === undefined
      ? undefined
      : `[bus]\nredis = "${redis.address}"\n${opts.bus}`;
  const first = await new SamradServer({
    args,
    config,
    demoData: true,
  }).start();
  const rest = await Promise.all(
    Array.from({ length: opts.instances - 1 }, () =>
      new SamradServer({ args, config, demoData: false }).start(),
    ),
  );
  return { postgres, redis, servers: [first, ...rest], conninfo, keyFile };
}

/** Kills an instance with SIGKILL and starts it again on the same port. */
export async function killAndRestart(server: SamradServer): Promise<void> {
  await server.kill9();
  await server.restart();
}

/** Representatives of organisations invited to round 1, where everybody may post. */
export const posters = [
  people.anna,
  people.erik,
  people.maria,
  people.johan,
  people.lena,
  people.per,
] as const;

/** Round 1 is open and every organisation is invited to it (the demo data). */
export const ROUND = 1;

export interface ReceivedEvent {
  seq: number;
  /** The frame exactly as it arrived, so that copies from different instances compare byte for byte. */
  text: string;
  kind: string;
  receivedAt: number;
}

/**
 * Logs in, trying again while the answer is 503 storage_failed: after a PostgreSQL restart each
 * pooled connection of an instance fails the first statement sent on it (cluster_faults.test.ts
 * checks that on its own), and the followers here must not stumble on it.
 */
async function loginOnceTheStoreAnswers(
  server: SamradServer,
  email: string,
): Promise<Session> {
  const end = Date.now() + 5_000;
  for (;;) {
    try {
      return await server.login(email);
    } catch (err) {
      if (!/→ 503 .*storage_failed/.test(String(err)) || Date.now() > end)
        throw err;
      await sleep(100);
    }
  }
}

/** Close codes after which a client reconnects and resumes (protocol/README.md, Close codes). */
const RESUME_CODES = new Set([1001, 1011, 4000]);
const RESUME_LIMIT_MS = 15_000;

/**
 * One person following the round's main stream, possibly across several connections: every
 * event frame of the stream is recorded in arrival order, whichever connection brought it. As
 * a client must, it reconnects to the same instance and resumes (since = last seq) when the
 * server closes the connection with a code that asks for that.
 */
export class Follower {
  readonly received: ReceivedEvent[] = [];
  /** The `since` of the first subscribe: the follower must have exactly every event after it. */
  firstSince = 0;
  /** Close codes of the connections the server cut and the follower resumed after. */
  readonly cuts: number[] = [];
  client!: WsClient;
  server!: SamradServer;
  private resuming: Promise<void> | undefined;
  private resumeFailure: string | undefined;

  private constructor(
    readonly session: Session,
    readonly name: string,
  ) {}

  /** Logs in on the server, connects and subscribes with since. */
  static async start(
    server: SamradServer,
    email: string,
    since = 0,
  ): Promise<Follower> {
    const follower = new Follower(
      await loginOnceTheStoreAnswers(server, email),
      email,
    );
    follower.firstSince = since;
    await follower.connectAndSubscribe(server, since);
    return follower;
  }

  get lastSeq(): number {
    return this.received.at(-1)?.seq ?? this.firstSince;
  }

  /** Where the follower is, for failure messages. */
  describe(): string {
    const cuts =
      this.cuts.length > 0
        ? `, resumed after closes ${this.cuts.join(",")}`
        : "";
    return `${this.name} on port ${this.server.port} (last seq ${this.lastSeq}${cuts})`;
  }

  /** Connects to a server with the same login and resumes: subscribe with since = last seq. */
  async resumeOn(server: SamradServer): Promise<void> {
    this.client.terminate();
    await this.connectAndSubscribe(server, this.lastSeq);
  }

  /** Resolves once a resume after a cut (if any) is done, so that `client` is usable. */
  async ready(): Promise<void> {
    await this.resuming;
    if (this.resumeFailure) throw new Error(this.resumeFailure);
  }

  /** Resolves once an event with seq ≥ the given one has arrived; fails after the timeout. */
  async waitForSeq(seq: number, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.lastSeq < seq) {
      if (this.resumeFailure) throw new Error(this.resumeFailure);
      if (Date.now() > end) {
        throw new Error(
          `${this.describe()} did not receive seq ${seq} within ${timeoutMs} ms`,
        );
      }
      await sleep(10);
    }
  }

  private async resumeAfterCut(code: number): Promise<void> {
    this.cuts.push(code);
    const end = Date.now() + RESUME_LIMIT_MS;
    let lastError: unknown;
    for (
      let pause = 100;
      Date.now() < end;
      pause = Math.min(pause * 2, 1_000)
    ) {
      await sleep(pause);
      try {
        await this.connectAndSubscribe(this.server, this.lastSeq);
        return;
      } catch (err) {
        lastError = err;
      }
    }
    this.resumeFailure = `${this.describe()} could not resume within ${RESUME_LIMIT_MS} ms after close ${code}: ${String(lastError)}`;
  }

  private async connectAndSubscribe(
    server: SamradServer,
    since: number,
  ): Promise<void> {
    const client = await server.connect(this.session);
    // Recorded from the raw frames: the WsClient keeps only parsed messages.
    client.ws.on("message", (data) => {
      const text = data.toString();
      let msg: Partial<EventMsg> & { stream?: string };
      try {
        msg = JSON.parse(text) as typeof msg;
      } catch {
        return; // the WsClient records it as unparsable
      }
      if (
        msg.type === "event" &&
        msg.round_id === ROUND &&
        msg.stream === undefined
      ) {
        this.received.push({
          seq: msg.seq!,
          text,
          kind: msg.kind!,
          receivedAt: Date.now(),
        });
      }
    });
    this.client = client;
    this.server = server;
    try {
      const result = await client.ok<{ head_seq: number }>("subscribe", {
        round_id: ROUND,
        since,
      });
      await Promise.race([
        this.waitForSeq(result.head_seq, 10_000),
        client.closed.then((info) => {
          throw new Error(
            `connection closed during the replay: ${JSON.stringify(info)}`,
          );
        }),
      ]);
    } catch (err) {
      client.terminate();
      throw err;
    }
    void client.closed.then((info) => {
      if (
        client === this.client &&
        RESUME_CODES.has(info.code) &&
        this.resuming === undefined
      ) {
        this.resuming = this.resumeAfterCut(info.code).finally(
          () => (this.resuming = undefined),
        );
      }
    });
  }
}

/** The store's own list of the stream's events: a fresh subscribe since=0 on a new connection. */
export async function storeEvents(
  server: SamradServer,
): Promise<ReceivedEvent[]> {
  // A representative, as the followers are: their frames are compared with these.
  const reader = await Follower.start(server, people.ida, 0);
  await reader.client.close();
  return reader.received;
}

/** The round's agenda threads, where posts go. */
export async function roundThreads(server: SamradServer): Promise<number[]> {
  const events = (await storeEvents(server)).map(
    (e) => JSON.parse(e.text) as EventMsg,
  );
  return threadIds(events);
}

export interface PostOutcome {
  body: string;
  /** The post's key (protocol README, "Safe retries"): sent again with it, it is made once. */
  key: string;
  /** The answer, or "no answer" when the connection closed first. */
  answer: Answer | "no answer";
  answeredAt: number;
}

export interface PostingOptions {
  /** Requests in flight at once on the connection (the server refuses more than 32). */
  window?: number;
  /** Pause of each in-flight slot after its answer, to spread posts over time. */
  paceMs?: number;
  answerTimeoutMs?: number;
}

/**
 * Sends one create_post with its key and waits for the answer, or for the connection to close
 * ("no answer"). A rate_limited answer ("nothing was done") is sent again.
 */
export async function sendPost(
  client: WsClient,
  threadId: number,
  body: string,
  key: string,
  answerTimeoutMs = 20_000,
): Promise<Answer | "no answer"> {
  for (;;) {
    const answer = await Promise.race([
      client.request(
        "create_post",
        { round_id: ROUND, thread_id: threadId, body, key },
        answerTimeoutMs,
      ),
      client.closed.then(() => "no answer" as const),
    ]);
    if (
      answer === "no answer" ||
      answer.type !== "error" ||
      answer.error.code !== "rate_limited"
    )
      return answer;
    await sleep(20);
  }
}

/**
 * Sends create_post with each body nextBody() gives, back to back, keeping up to `window`
 * requests in flight (none waits for the previous ack), until nextBody() gives undefined or the
 * connection closes. A rate_limited answer ("nothing was done") is sent again; every other
 * answer is returned as it is.
 */
export async function postStream(
  client: WsClient,
  threadId: number,
  nextBody: () => string | undefined,
  opts: PostingOptions = {},
): Promise<PostOutcome[]> {
  const outcomes: PostOutcome[] = [];
  const slot = async (): Promise<void> => {
    for (
      let body = nextBody();
      body !== undefined && client.isOpen;
      body = nextBody()
    ) {
      const key = randomUUID();
      const answer = await sendPost(
        client,
        threadId,
        body,
        key,
        opts.answerTimeoutMs,
      );
      outcomes.push({ body, key, answer, answeredAt: Date.now() });
      if (opts.paceMs) await sleep(opts.paceMs);
    }
  };
  await Promise.all(Array.from({ length: opts.window ?? 16 }, slot));
  return outcomes;
}

/** postStream over a fixed list of bodies. */
export function postMany(
  client: WsClient,
  threadId: number,
  bodies: string[],
  opts: PostingOptions = {},
): Promise<PostOutcome[]> {
  let next = 0;
  return postStream(client, threadId, () => bodies[next++], opts);
}

/** postStream until stop() is called; bodies are "<label> inlägg N". */
export function postUntilStopped(
  client: WsClient,
  threadId: number,
  label: string,
  opts: PostingOptions = {},
): { stop: () => void; outcomes: Promise<PostOutcome[]> } {
  let stopped = false;
  let count = 0;
  const outcomes = postStream(
    client,
    threadId,
    () => (stopped ? undefined : `${label} inlägg ${++count}`),
    opts,
  );
  return { stop: () => (stopped = true), outcomes };
}

/**
 * Posts until the instance accepts one again; fails after the time limit. A connection the
 * server cuts meanwhile is resumed by the follower, and the post is tried again on the new one.
 * Bodies are "<label>, <name> på port N, försök M".
 */
export async function postingWorksWithin(
  follower: Follower,
  threadId: number,
  limitMs: number,
  label = "Efter felet",
): Promise<PostOutcome[]> {
  const outcomes: PostOutcome[] = [];
  const end = Date.now() + limitMs;
  for (let attempt = 1; Date.now() < end; attempt++) {
    await follower.ready();
    const body = `${label}, ${follower.name} på port ${follower.server.port}, försök ${attempt}`;
    const key = randomUUID();
    const answer = await sendPost(follower.client, threadId, body, key);
    outcomes.push({ body, key, answer, answeredAt: Date.now() });
    if (answer !== "no answer" && answer.type === "result") return outcomes;
    await sleep(200);
  }
  throw new Error(
    `posting on port ${follower.server.port} did not work again within ${limitMs} ms: ${JSON.stringify(outcomes.at(-1))}`,
  );
}

/**
 * What a client does once the server has cut its connection (protocol README, "Safe retries"):
 * each post left without an answer is sent again, with its key, on the resumed connection until
 * it is answered; fails after the time limit. Returns the outcomes with those answers.
 */
export async function sendUnansweredAgain(
  follower: Follower,
  threadId: number,
  outcomes: PostOutcome[],
  limitMs = 10_000,
): Promise<PostOutcome[]> {
  const end = Date.now() + limitMs;
  const answered: PostOutcome[] = [];
  for (const outcome of outcomes) {
    let answer = outcome.answer;
    while (answer === "no answer") {
      if (Date.now() > end) {
        throw new Error(
          `${follower.describe()}: "${outcome.body}" was not answered within ${limitMs} ms of sending it again`,
        );
      }
      await follower.ready();
      answer = await sendPost(
        follower.client,
        threadId,
        outcome.body,
        outcome.key,
      );
      if (answer === "no answer") await sleep(100);
    }
    answered.push(
      answer === outcome.answer
        ? outcome
        : { ...outcome, answer, answeredAt: Date.now() },
    );
  }
  return answered;
}

/** The acknowledged seq of a post, or undefined when it was not acknowledged. */
export function ackedSeq(outcome: PostOutcome): number | undefined {
  if (outcome.answer === "no answer" || outcome.answer.type !== "result")
    return undefined;
  return outcome.answer.result.seq as number;
}

/** The error code a post was answered with, if any. */
export function errorCode(outcome: PostOutcome): string | undefined {
  if (outcome.answer === "no answer" || outcome.answer.type !== "error")
    return undefined;
  return outcome.answer.error.code;
}

/**
 * What every cluster test ends with: each follower, on whatever instance, has exactly the
 * store's events after its first since (each once, in seq order, no gap, frame for frame the
 * store's), each acknowledged post is in the store exactly once, at its acked seq, no refused
 * post is in it, and no unanswered post is in it twice.
 * Returns the store's events.
 */
export async function expectEveryoneHasTheStore(
  server: SamradServer,
  followers: Follower[],
  outcomes: PostOutcome[],
  catchUpMs = 10_000,
): Promise<ReceivedEvent[]> {
  const store = await storeEvents(server);
  const head = store.at(-1)!.seq;
  store.forEach((e, i) => {
    if (e.seq !== i + 1)
      throw new Error(`the store's replay has seq ${e.seq} at position ${i}`);
  });

  for (const outcome of outcomes) {
    const copies = store
      .filter((e) => e.kind === "post_created" && bodyOf(e) === outcome.body)
      .map((e) => e.seq);
    const seq = ackedSeq(outcome);
    // Acknowledged: stored once, at its seq. Refused: not stored. No answer: stored at most once.
    const fine =
      seq !== undefined
        ? copies.length === 1 && copies[0] === seq
        : outcome.answer === "no answer"
          ? copies.length <= 1
          : copies.length === 0;
    if (!fine) {
      throw new Error(
        `post "${outcome.body}" answered ${JSON.stringify(outcome.answer)} is in the store at seqs [${copies.join(",")}]`,
      );
    }
  }

  const caughtUp = await Promise.allSettled(
    followers.map((f) => f.waitForSeq(head, catchUpMs)),
  );
  if (caughtUp.some((r) => r.status === "rejected")) {
    // Everybody's position and the instances' logs, to tell a stuck instance from a slow client.
    const instances = [...new Set(followers.map((f) => f.server))];
    throw new Error(
      `not every follower reached the store's head ${head} within ${catchUpMs} ms:\n` +
        followers.map((f) => `  ${f.describe()}`).join("\n") +
        "\n" +
        instances
          .map((s) => `port ${s.port} stderr:\n${s.stderr.slice(-1_500)}`)
          .join("\n"),
    );
  }
  // A duplicate or a stray late copy would arrive shortly after the last event.
  await sleep(300);
  for (const follower of followers) {
    const expected = store.filter((e) => e.seq > follower.firstSince);
    const got = follower.received;
    const problem = firstDifference(got, expected);
    if (problem !== undefined) {
      throw new Error(
        `${follower.describe()}: ${problem}; received seqs ${summarise(got.map((e) => e.seq))}, store has ${follower.firstSince + 1}..${head}`,
      );
    }
  }
  return store;
}

function bodyOf(event: ReceivedEvent): unknown {
  return (JSON.parse(event.text) as EventMsg).data.body;
}

function firstDifference(
  got: ReceivedEvent[],
  expected: ReceivedEvent[],
): string | undefined {
  for (let i = 0; i < Math.max(got.length, expected.length); i++) {
    const g = got[i];
    const e = expected[i];
    if (g === undefined)
      return `missing seq ${e!.seq} (and ${expected.length - i - 1} after it)`;
    if (e === undefined)
      return `${got.length - expected.length} events beyond the store's head, first seq ${g.seq}`;
    if (g.seq !== e.seq)
      return `position ${i} has seq ${g.seq}, expected ${e.seq}`;
    if (g.text !== e.text)
      return `seq ${g.seq} differs from the store's frame:\n  got      ${g.text}\n  expected ${e.text}`;
  }
  return undefined;
}

/** "1..40,40,41..90": runs of consecutive seqs, so a duplicate or gap stands out. */
function summarise(seqs: number[]): string {
  const runs: string[] = [];
  let start = 0;
  for (let i = 1; i <= seqs.length; i++) {
    if (i === seqs.length || seqs[i] !== seqs[i - 1]! + 1) {
      runs.push(
        start === i - 1 ? `${seqs[start]}` : `${seqs[start]}..${seqs[i - 1]}`,
      );
      start = i;
    }
  }
  return runs.join(",");
}

/** Distinct post bodies, so a post can be found in the store by its text. */
export function uniqueBodies(label: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${label} inlägg ${i + 1}`);
}
