// Safe retries (protocol/README.md, "Safe retries"): a command sent again with its key is carried
// out once and answered as the first time, whether the first answer arrived or was lost with the
// connection; the same key with another request is a conflict; keys are each person's own.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  threadIds,
  type Answer,
  type SamradServer,
  type Session,
  type WsClient,
} from "./support/server";

let server: SamradServer;
let anna: Session;
let observer: WsClient;
let thread: number;

beforeAll(async () => {
  server = await startServer();
  anna = await server.login(people.anna);
  observer = await server.connectAs(people.erik);
  const { replay } = await observer.subscribe(1, 0);
  thread = threadIds(replay)[0]!;
});
afterAll(cleanupAll);

function post(client: WsClient, key: string, body: string): Promise<Answer> {
  const id = client.allocId();
  return client.requestRaw(
    id,
    JSON.stringify({
      type: "create_post",
      id,
      key,
      round_id: 1,
      thread_id: thread,
      reply_to: null,
      body,
    }),
  );
}

// How many posts with this text the observer has been sent (live, on its subscription).
function postsSeen(body: string): number {
  return observer
    .events(1)
    .filter(
      (e) =>
        e.kind === "post_created" &&
        (e.data as { body?: string }).body === body,
    ).length;
}

async function waitForPostsSeen(body: string, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (postsSeen(body) < count && Date.now() < deadline) await sleep(10);
  expect(postsSeen(body)).toBe(count);
}

describe("safe retries", () => {
  test("the same key sent again is answered as the first time, and the post is made once", async () => {
    const client = await server.connect(anna);
    const key = randomUUID();
    const first = await post(client, key, "Bara en gång");
    const again = await post(client, key, "Bara en gång");
    expect(first.type).toBe("result");
    expect(again).toEqual({ ...first, id: again.id });
    await waitForPostsSeen("Bara en gång", 1);
    await sleep(200);
    expect(postsSeen("Bara en gång")).toBe(1);
  });

  test("the same key with another request is a conflict, and changes nothing", async () => {
    const client = await server.connect(anna);
    const key = randomUUID();
    expect((await post(client, key, "Först så här")).type).toBe("result");
    const other = await post(client, key, "Sedan något annat");
    expect(other).toMatchObject({ type: "error", error: { code: "conflict" } });
    await sleep(200);
    expect(postsSeen("Sedan något annat")).toBe(0);
  });

  test("keys are each person's own", async () => {
    const key = randomUUID();
    const annas = await post(await server.connect(anna), key, "Annas inlägg");
    const marias = await post(
      await server.connectAs(people.maria),
      key,
      "Marias inlägg",
    );
    expect(annas.type).toBe("result");
    expect(marias.type).toBe("result");
    await waitForPostsSeen("Marias inlägg", 1);
  });

  test("a post whose connection was cut before its answer, sent again after reconnecting, is made once (100 times)", async () => {
    for (let i = 0; i < 100; ++i) {
      const body = `Avbrott ${i}`;
      const key = randomUUID();
      const first = await server.connect(anna);
      const id = first.allocId();
      first.ws.send(
        JSON.stringify({
          type: "create_post",
          id,
          key,
          round_id: 1,
          thread_id: thread,
          reply_to: null,
          body,
        }),
      );
      // Cut at once or a little later: before, during or after the commit.
      if (i % 4 !== 0) await sleep(i % 7);
      first.ws.terminate();
      const second = await server.connect(anna);
      const answer = await post(second, key, body);
      expect(answer.type, JSON.stringify(answer)).toBe("result");
      second.ws.terminate();
      await waitForPostsSeen(body, 1);
    }
    await sleep(300);
    for (let i = 0; i < 100; ++i)
      expect(postsSeen(`Avbrott ${i}`), `Avbrott ${i}`).toBe(1);
  });

  test("the same key from two connections at once: one post, both answered alike (50 times)", async () => {
    const [a, b] = await Promise.all([
      server.connect(anna),
      server.connect(anna),
    ]);
    for (let i = 0; i < 50; ++i) {
      const body = `Två fönster ${i}`;
      const key = randomUUID();
      const [x, y] = await Promise.all([
        post(a, key, body),
        post(b, key, body),
      ]);
      expect(x.type).toBe("result");
      expect({ ...y, id: 0 }).toEqual({ ...x, id: 0 });
    }
    await sleep(300);
    for (let i = 0; i < 50; ++i) expect(postsSeen(`Två fönster ${i}`)).toBe(1);
  });
});
