// Presence (issue 9): who is in a round now, through list_presence. One server without Redis:
// a person is listed while a connection of theirs follows a stream of the round, and is gone
// once they unsubscribe or disconnect; a round the asker may not see is not_found. Two servers
// sharing PostgreSQL and Redis: each lists the people of the other, and the people of one killed
// with SIGKILL drop out of the other's list within presence_ttl (2 s here).
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PostgresServer } from "./support/postgres";
import {
  cleanupAll,
  freePort,
  people,
  registerCleanup,
  sleep,
  SamradServer,
  startServer,
  type WsClient,
} from "./support/server";

const ROUND = 1; // every organisation is invited
const HEALTH_ROUND = 2; // only the health-care parties: not Malmö stad
const PRESENCE_TTL_MS = 2_000;

interface PresentPerson {
  id: number;
  name: string;
  role: string;
  organisation: { id: number; name: string; kind: string; side: string };
}

async function present(c: WsClient, round = ROUND): Promise<PresentPerson[]> {
  const result = await c.ok<{ round_id: number; people: PresentPerson[] }>(
    "list_presence",
    {
      round_id: round,
    },
  );
  expect(result.round_id).toBe(round);
  return result.people;
}

async function names(c: WsClient, round = ROUND): Promise<string[]> {
  return (await present(c, round)).map((p) => p.name);
}

/** Asks until the names are as expected; fails when they are not within the time. */
async function namesBecome(
  c: WsClient,
  expected: string[],
  withinMs: number,
): Promise<void> {
  const start = Date.now();
  let last: string[] = [];
  while (Date.now() - start <= withinMs) {
    last = await names(c);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await sleep(100);
  }
  throw new Error(
    `after ${withinMs} ms the list is ${JSON.stringify(last)}, not ${JSON.stringify(expected)}`,
  );
}

afterAll(cleanupAll);

describe("one server", () => {
  let server: SamradServer;
  beforeAll(async () => {
    server = await startServer();
  });

  test("lists who follows the round, by name, and drops them when they leave", async () => {
    const anna = await server.connectAs(people.anna);
    const erik = await server.connectAs(people.erik);
    const maria = await server.connectAs(people.maria);
    // Before anyone subscribes, nobody is here (asking does not make one present).
    expect(await names(anna)).toEqual([]);
    await anna.subscribe(ROUND);
    await erik.subscribe(ROUND);
    await maria.subscribe(HEALTH_ROUND); // another round only

    const list = await present(erik);
    expect(list.map((p) => p.name)).toEqual(["Anna Lind", "Erik Nilsson"]);
    expect(list[0]).toEqual({
      id: expect.any(Number),
      name: "Anna Lind",
      role: "representative",
      organisation: {
        id: expect.any(Number),
        name: "Malmö stad",
        kind: "municipality",
        side: "municipal",
      },
    });
    expect(JSON.stringify(list)).not.toContain("@"); // never an email
    expect(await names(maria, HEALTH_ROUND)).toEqual(["Maria Berg"]);

    // Two connections of one person: present while either follows the round.
    const erikAgain = await server.connectAs(people.erik);
    await erikAgain.subscribe(ROUND);
    await erik.ok("unsubscribe", { round_id: ROUND });
    expect(await names(anna)).toEqual(["Anna Lind", "Erik Nilsson"]);
    await erikAgain.close();
    await namesBecome(anna, ["Anna Lind"], 2_000);

    // Back by subscribing again, gone with the connection.
    await erik.subscribe(ROUND);
    expect(await names(anna)).toEqual(["Anna Lind", "Erik Nilsson"]);
    await erik.close();
    await namesBecome(anna, ["Anna Lind"], 2_000);
    await anna.close();
    await maria.close();
  });

  test("a round the asker may not see is not_found, and bad input is refused", async () => {
    const anna = await server.connectAs(people.anna);
    expect(
      (await anna.fails("list_presence", { round_id: HEALTH_ROUND })).code,
    ).toBe("not_found");
    expect(
      (await anna.fails("list_presence", { round_id: 999_999 })).code,
    ).toBe("not_found");
    expect((await anna.fails("list_presence", {})).code).toBe("bad_request");
    expect(
      (await anna.fails("list_presence", { round_id: ROUND, stream: "main" }))
        .code,
    ).toBe("unknown_field");
    await anna.close();
  });
});

/** A throwaway redis-server on a free port, killed by cleanupAll(). */
async function startRedis(): Promise<number> {
  const port = await freePort();
  const redis = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    {
      stdio: "ignore",
    },
  );
  registerCleanup(async () => {
    redis.kill("SIGKILL");
  });
  // Ready once it accepts a connection.
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.connect(port, "127.0.0.1");
    });
    if (up) return port;
    await sleep(50);
  }
  throw new Error("redis-server did not start");
}

describe("two servers sharing PostgreSQL and Redis", () => {
  let first: SamradServer;
  let second: SamradServer;

  beforeAll(async () => {
    const postgres = await PostgresServer.start();
    registerCleanup(() => postgres.kill());
    const database = await postgres.createDatabase();
    const redisPort = await startRedis();
    const shared = (keyDir: string) => [
      "--postgres",
      database,
      "--signing-key-file",
      join(keyDir, "samrad.log-key"),
      "--redis",
      `127.0.0.1:${redisPort}`,
      "--presence-ttl-ms",
      String(PRESENCE_TTL_MS),
    ];
    // One folder for the log's key, which both need; removed with the first server's.
    const dir = mkdtempSync(join(tmpdir(), "samrad-it-"));
    first = await new SamradServer({ dir, args: shared(dir) }).start();
    // The second after the first: only one of them fills the empty database with demo data.
    second = await new SamradServer({
      demoData: false,
      args: shared(dir),
    }).start();
  }, 60_000);

  test("each lists the other's people, and a killed server's drop out within the ttl", async () => {
    const anna = await first.connectAs(people.anna);
    const erik = await second.connectAs(people.erik);
    await anna.subscribe(ROUND);
    await erik.subscribe(ROUND);
    // Each server writes its own people to Redis as they come, not in step with the other.
    await namesBecome(anna, ["Anna Lind", "Erik Nilsson"], 1_000);
    await namesBecome(erik, ["Anna Lind", "Erik Nilsson"], 1_000);

    // Leaving is told to Redis at once: well before the entry would expire.
    await erik.ok("unsubscribe", { round_id: ROUND });
    await namesBecome(anna, ["Anna Lind"], PRESENCE_TTL_MS / 2);
    await erik.subscribe(ROUND);
    await namesBecome(anna, ["Anna Lind", "Erik Nilsson"], 1_000);

    // The second server dies without a word: Erik stays listed until his entry expires.
    await second.kill9();
    await namesBecome(anna, ["Anna Lind"], PRESENCE_TTL_MS + 2_000);
    await anna.close();
  }, 30_000);
});
