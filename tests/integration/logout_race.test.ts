// Sockets must not survive logout (issue 6, section 8): an upgrade in flight when POST
// /api/logout ends its session is either refused or closed with 4001, and from the logout's 204
// on, no request on any of that session's sockets is carried out — it fails with
// `unauthenticated` or the socket closes first — so nothing is stored in the name of an ended
// session. Races: each is run in many rounds, with a fresh login per round.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  threadIds,
  UpgradeRefused,
  withTimeout,
  type EventMsg,
  type SamradServer,
  type WsClient,
} from "./support/server";

const ROUND = 1;
// People who may post in round 1 (every organisation is invited; Eva is an observer), so that a
// post on a surviving socket would really be stored.
const POSTERS = [
  people.anna,
  people.erik,
  people.maria,
  people.johan,
  people.lena,
  people.per,
  people.ida,
  people.lars,
];
const UPGRADES = 12; // a person may hold 16 WebSockets
const CLOSE_MS = 2_000;
// Each test marks its posts so that what it finds stored is its own.
const RACE_MARK = "Efter utloggning (uppkoppling)";
const REQUEST_MARK = "Efter utloggning (begäran)";

let server: SamradServer;
let thread: number;

beforeAll(async () => {
  server = await startServer();
  const c = await server.connectAs(people.secretariat);
  thread = threadIds((await c.subscribe(ROUND, 0)).replay)[0]!;
  await c.close();
});
afterAll(cleanupAll);

/** Bodies of every post stored in round 1 that start with the mark, read by another session. */
async function storedMarkedPosts(mark: string): Promise<string[]> {
  const c = await server.connectAs(people.secretariat);
  const { replay } = await c.subscribe(ROUND, 0);
  await c.close();
  return replay
    .filter(
      (e: EventMsg) =>
        e.kind === "post_created" && String(e.data.body).startsWith(mark),
    )
    .map((e) => String(e.data.body));
}

/**
 * A request sent on a socket whose session has ended: it must come back as an `unauthenticated`
 * error, or the socket must close with 4001 before any answer. Returns a problem or null.
 */
async function refusedAfterLogout(
  c: WsClient,
  type: string,
  fields: Record<string, unknown>,
): Promise<string | null> {
  if (!c.isOpen) return null; // closed before we could ask; its close code is checked elsewhere
  const answer = await Promise.race([
    c.request(type, fields, CLOSE_MS + 3_000).catch((err: Error) => err),
    c.closed.then(() => "closed" as const),
  ]);
  if (answer === "closed") return null;
  if (answer instanceof Error)
    return `${type}: no answer and socket still open (${answer.message.slice(0, 120)})`;
  if (answer.type === "result")
    return `${type} accepted after logout: ${JSON.stringify(answer.result)}`;
  if (answer.error.code !== "unauthenticated")
    return `${type} after logout → ${answer.error.code}, expected unauthenticated`;
  return null;
}

/**
 * Waits until `deadline` (CLOSE_MS after the logout's 204) for c to close and says how it went:
 * null when it closed with 4001.
 */
async function closedWith4001(
  c: WsClient,
  deadline: number,
): Promise<string | null> {
  const info = await withTimeout(
    c.closed,
    Math.max(1, deadline - Date.now()),
    () => "open",
  ).catch(() => null);
  if (info === null)
    return `socket still open ${CLOSE_MS} ms after logout answered 204`;
  return info.code === 4001
    ? null
    : `socket closed with ${info.code} "${info.reason}", expected 4001`;
}

describe("logout while upgrades are in flight", () => {
  const ROUNDS = 120;
  const STOP_AFTER_FAILED_ROUNDS = 10; // each failed round waits out CLOSE_MS; enough is enough

  test(`${UPGRADES} upgrades racing POST /api/logout: none survives, nothing is stored (${ROUNDS} rounds)`, async () => {
    const problems: string[] = [];
    const failedRounds = new Set<number>();
    let rounds = 0;
    let opened = 0;
    let refused = 0;
    for (
      let round = 0;
      round < ROUNDS && failedRounds.size < STOP_AFTER_FAILED_ROUNDS;
      round++, rounds++
    ) {
      const session = await server.login(POSTERS[round % POSTERS.length]!);
      // The logout goes out at a position among the upgrades that moves from round to round.
      const logoutAt = round % (UPGRADES + 1);
      const upgrades: Array<Promise<WsClient | Error>> = [];
      let logout: ReturnType<SamradServer["logout"]> | undefined;
      for (let i = 0; i < UPGRADES; i++) {
        if (i === logoutAt) logout = server.logout(session);
        upgrades.push(
          server.openWs({ cookie: session.cookie }).catch((err: Error) => err),
        );
      }
      logout ??= server.logout(session);
      const out = await logout;
      expect(out.status).toBe(204);
      const closeBy = Date.now() + CLOSE_MS;

      const outcomes = await Promise.all(
        upgrades.map(async (u, i) => {
          const c = await u;
          if (c instanceof UpgradeRefused) {
            refused++;
            return c.status === 401
              ? null
              : `upgrade ${i} refused with ${c.status}, expected 401`;
          }
          if (c instanceof Error) return `upgrade ${i} failed: ${c.message}`;
          opened++;
          const posted = await refusedAfterLogout(c, "create_post", {
            round_id: ROUND,
            thread_id: thread,
            body: `${RACE_MARK} ${round}/${i}.`,
          });
          const closed = await closedWith4001(c, closeBy);
          c.terminate(); // survivors (a failure already noted) must not hold the person's quota
          const wrong = [posted, closed].filter((p) => p !== null);
          return wrong.length > 0 ? `upgrade ${i}: ${wrong.join("; ")}` : null;
        }),
      );
      const me = await server.me(session);
      if (me.status !== 401)
        outcomes.push(`/api/me after logout → ${me.status}`);
      for (const o of outcomes) {
        if (o === null) continue;
        problems.push(`round ${round} ${o}`);
        failedRounds.add(round);
      }
    }
    const stored = await storedMarkedPosts(RACE_MARK);
    expect(
      {
        problems: problems.slice(0, 15),
        stored: stored.slice(0, 5),
        storedCount: stored.length,
      },
      `${failedRounds.size} of ${rounds} rounds failed (${problems.length} problems; ${opened} upgrades opened, ${refused} refused)`,
    ).toEqual({ problems: [], stored: [], storedCount: 0 });
  }, 120_000);
});

describe("requests after logout", () => {
  const ROUNDS = 100;

  test(`list_rounds, create_post and subscribe sent right after logout's 204 are refused or cut with 4001 (${ROUNDS} rounds)`, async () => {
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const session = await server.login(POSTERS[round % POSTERS.length]!);
      const sockets = await Promise.all([
        server.connect(session),
        server.connect(session),
      ]);
      // One socket subscribed (a live subscription must not keep it alive), one not.
      await sockets[0]!.subscribe(ROUND, 0);
      expect((await server.logout(session)).status).toBe(204);
      const closeBy = Date.now() + CLOSE_MS;

      const outcomes = await Promise.all(
        sockets.map(async (c, k) => {
          // Back to back: all three frames leave before any answer can come.
          const answers = await Promise.all([
            refusedAfterLogout(c, "list_rounds", {}),
            refusedAfterLogout(c, "create_post", {
              round_id: ROUND,
              thread_id: thread,
              body: `${REQUEST_MARK} ${round}/${k}.`,
            }),
            refusedAfterLogout(c, "subscribe", { round_id: ROUND, since: 0 }),
          ]);
          const closed = await closedWith4001(c, closeBy);
          c.terminate();
          return [...answers, closed]
            .filter((p) => p !== null)
            .map((p) => `socket ${k}: ${p}`);
        }),
      );
      for (const o of outcomes.flat()) problems.push(`round ${round} ${o}`);
    }
    await sleep(200);
    const stored = await storedMarkedPosts(REQUEST_MARK);
    const failedRounds = new Set(problems.map((p) => p.split(" socket")[0]));
    expect(
      {
        problems: problems.slice(0, 15),
        stored: stored.slice(0, 5),
        storedCount: stored.length,
      },
      `${failedRounds.size} of ${ROUNDS} rounds failed`,
    ).toEqual({ problems: [], stored: [], storedCount: 0 });
  }, 120_000);
});
