// Bad input gets a typed error (connection stays open) or the spec's close code — for that
// connection only. After each case the same server still serves an open connection of another
// person, and the stored data is untouched. The error cases come from the shared fixtures in
// protocol/examples/invalid (manifest.json says the expected code and id for each frame).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  expectContiguous,
  people,
  repoRoot,
  sleep,
  startServer,
  threadIds,
  type EventMsg,
  type SamradServer,
  type Session,
  type WsClient,
} from "./support/server";

const invalidDir = join(repoRoot, "protocol/examples/invalid");
const manifest = JSON.parse(
  readFileSync(join(invalidDir, "manifest.json"), "utf8"),
) as Record<
  string,
  { code: string; id: number | null; schema_valid?: boolean }
>;

let server: SamradServer;
let sessions: Session[]; // bad input is spread over several people (not a rate-limit test)
let checker: Session;
let erik: WsClient; // another person's connection, open through all cases
let baseline: EventMsg[];
let thread1: number;
let caseNo = 0;

beforeAll(async () => {
  // The frame-size tests below are written for a 64 KiB limit (the default is larger).
  server = await startServer({ args: ["--max-message-bytes", "65536"] });
  sessions = [];
  for (const p of [
    people.anna,
    people.maria,
    people.lena,
    people.per,
    people.ida,
    people.lars,
    people.johan,
  ]) {
    sessions.push(await server.login(p));
  }
  checker = await server.login(people.secretariat);
  erik = await server.connectAs(people.erik);
  const r = await erik.subscribe(1, 0);
  expectContiguous(r.replay, 1);
  baseline = r.replay;
  thread1 = threadIds(baseline)[0]!;
});
afterAll(cleanupAll);

/** A fresh connection for one bad-input case. */
async function fresh(): Promise<WsClient> {
  return server.connect(sessions[caseNo++ % sessions.length]!);
}

/** The server is alive, Erik's connection still answers and got no event, the store is unchanged. */
async function expectUnaffected(): Promise<void> {
  expect(server.running, `server died\n${server.output}`).toBe(true);
  expect(erik.isOpen).toBe(true);
  const { rounds } = await erik.ok<{
    rounds: Array<{ id: number; head_seq: number }>;
  }>("list_rounds");
  expect(rounds.find((r) => r.id === 1)!.head_seq).toBe(baseline.length);
  expect(erik.events(1)).toHaveLength(baseline.length);
  const c = await server.connect(checker);
  const again = await c.subscribe(1, 0);
  expect(again.replay).toEqual(baseline);
  await c.close();
}

/** Sends one frame on a fresh connection and expects the connection to be closed with code. */
async function expectClose(
  code: number,
  send: (c: WsClient) => void,
  c?: WsClient,
): Promise<void> {
  const client = c ?? (await fresh());
  send(client);
  const closed = await client.waitClosed();
  expect(
    closed.code,
    `close ${JSON.stringify(closed)}; messages ${JSON.stringify(client.messages.slice(1))}`,
  ).toBe(code);
  // Whatever the server sent before closing, it did not carry out a request.
  expect(client.messages.filter((m) => m.type === "result")).toHaveLength(0);
}

describe("invalid request frames from protocol/examples/invalid answer with the manifest's error", () => {
  test("the manifest is not empty and every file in it exists", () => {
    expect(Object.keys(manifest).length).toBeGreaterThan(20);
    for (const f of Object.keys(manifest))
      expect(() => readFileSync(join(invalidDir, f))).not.toThrow();
  });

  test.each(Object.entries(manifest))("%s", async (file, want) => {
    const frame = readFileSync(join(invalidDir, file));
    const c = await fresh();
    const answer = await c.requestRaw(want.id, frame);
    expect(answer).toMatchObject({
      type: "error",
      id: want.id,
      error: { code: want.code },
    });
    if (answer.type === "error") {
      expect(typeof answer.error.message).toBe("string");
      expect(answer.error.message.length).toBeGreaterThan(0);
    }
    // The connection stays open and the next valid request on it works.
    expect(c.isOpen).toBe(true);
    const id = 1000 + caseNo;
    const next = await c.requestRaw(
      id,
      JSON.stringify({ type: "list_rounds", id }),
    );
    expect(next).toMatchObject({ type: "result", id });
    // Exactly one answer per frame: welcome, the error, the result — nothing else.
    expect(c.messages.map((m) => m.type)).toEqual([
      "welcome",
      "error",
      "result",
    ]);
    await c.close();
    await expectUnaffected();
  });
});

describe("malformed JSON keeps the connection usable", () => {
  test("several bad frames in a row on one connection, each answered, then a valid request works", async () => {
    const c = await fresh();
    for (const bad of [
      "{",
      "not json",
      "[1,2,3]",
      '{"type":"list_rounds","id":1}}',
      "null",
    ]) {
      const a = await c.requestRaw(null, bad);
      expect(a).toMatchObject({
        type: "error",
        id: null,
        error: { code: "bad_json" },
      });
    }
    const u = await c.request("unknown_thing", { round_id: 1 });
    expect(u).toMatchObject({ type: "error", error: { code: "unknown_type" } });
    expect(u.id).toBe(1);
    const r = await c.request("subscribe", { round_id: 1, since: 0 });
    expect(r).toMatchObject({
      type: "result",
      id: 2,
      result: { round_id: 1, head_seq: baseline.length },
    });
    await c.waitForSeq(1, baseline.length);
    await c.close();
    await expectUnaffected();
  });

  test("missing fields, wrong types, unknown field — built here, not from the fixtures", async () => {
    const c = await fresh();
    expect(
      await c.request("create_post", { round_id: 1, body: "utan tråd" }),
    ).toMatchObject({ error: { code: "bad_request" } });
    expect(
      await c.request("create_post", {
        round_id: "1",
        thread_id: thread1,
        body: "sträng-id",
      }),
    ).toMatchObject({ error: { code: "bad_request" } });
    expect(
      await c.request("create_post", {
        round_id: 1,
        thread_id: thread1,
        body: 42,
      }),
    ).toMatchObject({ error: { code: "bad_request" } });
    expect(
      await c.request("subscribe", { round_id: 1, since: 0, extra: true }),
    ).toMatchObject({ error: { code: "unknown_field" } });
    expect(
      await c.request("create_post", {
        round_id: 1,
        thread_id: thread1,
        body: "   \n\t ",
      }),
    ).toMatchObject({ error: { code: "bad_request" } });
    expect(
      await c.request("create_post", {
        round_id: 1,
        thread_id: thread1,
        body: "ö".repeat(10_001),
      }),
    ).toMatchObject({ error: { code: "too_large" } });
    // Validation comes before authorisation: a representative's 300-byte title passes validation
    // and is then refused as forbidden; 302 bytes (151 × "å") fails validation first (too_large).
    expect(
      await c.request("create_thread", { round_id: 1, title: "å".repeat(150) }),
    ).toMatchObject({ error: { code: "forbidden" } });
    expect(
      await c.request("create_thread", { round_id: 1, title: "å".repeat(151) }),
    ).toMatchObject({ error: { code: "too_large" } });
    await c.close();
    await expectUnaffected();
  });

  test("JSON nested 30000 deep (under the size limit) → too_large, id null; the server survives", async () => {
    const depth = 30_000;
    const frame = `{"type":"list_rounds","id":5,"x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    expect(Buffer.byteLength(frame)).toBeLessThan(65_536);
    const c = await fresh();
    const a = await c.requestRaw(null, frame);
    expect(a).toMatchObject({
      type: "error",
      id: null,
      error: { code: "too_large" },
    });
    expect(c.isOpen).toBe(true);
    await c.close();
    await expectUnaffected();
  });

  test("unclosed nesting 60000 deep → too_large (depth before syntax), the server survives", async () => {
    const c = await fresh();
    const a = await c.requestRaw(null, "[".repeat(60_000));
    expect(a).toMatchObject({
      type: "error",
      id: null,
      error: { code: "too_large" },
    });
    await c.close();
    await expectUnaffected();
  });
});

describe("frames that close the connection", () => {
  test("a frame of exactly 65536 bytes is read (answered too_large for its body), 65537 closes with 1009", async () => {
    const prefix = `{"type":"create_post","id":77,"round_id":1,"thread_id":${thread1},"body":"`;
    const suffix = `"}`;
    const fill = (n: number) =>
      prefix + "x".repeat(n - prefix.length - suffix.length) + suffix;
    const c = await fresh();
    const atLimit = fill(65_536);
    expect(Buffer.byteLength(atLimit)).toBe(65_536);
    const a = await c.requestRaw(77, atLimit);
    expect(a).toMatchObject({
      type: "error",
      id: 77,
      error: { code: "too_large" },
    });
    expect(c.isOpen).toBe(true);
    await expectClose(1009, (cl) => cl.send(fill(65_537)), c);
    await expectUnaffected();
  });

  test("a 100 KiB frame closes with 1009", async () => {
    await expectClose(1009, (c) =>
      c.send(
        JSON.stringify({
          type: "create_post",
          id: 1,
          round_id: 1,
          thread_id: thread1,
          body: "y".repeat(100 * 1024),
        }),
      ),
    );
    await expectUnaffected();
  });

  test("a message fragmented into frames that together exceed 64 KiB closes with 1009", async () => {
    await expectClose(1009, (c) => {
      const part = "z".repeat(30_000);
      c.send(
        `{"type":"create_post","id":1,"round_id":1,"thread_id":${thread1},"body":"` +
          part,
        { fin: false },
      );
      c.send(part, { fin: false });
      c.send(part + '"}', { fin: true });
    });
    await expectUnaffected();
  });

  test("a small fragmented message is reassembled and answered", async () => {
    const c = await fresh();
    const answer = c.waitForNew(
      (m) => m.type === "result" && (m as { id: number }).id === 3,
    );
    c.send('{"type":"list_', { fin: false });
    c.send('rounds","id":3', { fin: false });
    c.send("}", { fin: true });
    expect(await answer).toMatchObject({ type: "result", id: 3 });
    await c.close();
  });

  test("a text frame with invalid UTF-8 closes with 1007", async () => {
    await expectClose(1007, (c) =>
      c.send(Buffer.from([0x7b, 0x22, 0x61, 0xff, 0xfe, 0x22, 0x7d]), {
        binary: false,
      }),
    );
    await expectUnaffected();
  });

  test("invalid UTF-8 inside an otherwise valid request (overlong encoding in a string) closes with 1007", async () => {
    const head = Buffer.from(
      `{"type":"create_post","id":1,"round_id":1,"thread_id":${thread1},"body":"`,
    );
    const overlongSlash = Buffer.from([0xc0, 0xaf]);
    const tail = Buffer.from('"}');
    await expectClose(1007, (c) =>
      c.send(Buffer.concat([head, overlongSlash, tail]), { binary: false }),
    );
    await expectUnaffected();
  });

  test("a UTF-16 surrogate encoded in UTF-8 (CESU) closes with 1007", async () => {
    const frame = Buffer.concat([
      Buffer.from('{"type":"list_rounds","id":1,"x":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    await expectClose(1007, (c) => c.send(frame, { binary: false }));
    await expectUnaffected();
  });

  test("a binary frame (even with a valid request in it) closes with 1003", async () => {
    await expectClose(1003, (c) =>
      c.send(Buffer.from(JSON.stringify({ type: "list_rounds", id: 1 })), {
        binary: true,
      }),
    );
    await expectUnaffected();
  });

  test("Erik's connection, open through all of the above, still receives live events", async () => {
    const maria = await server.connectAs(people.maria);
    const r = await maria.ok<{ seq: number; post_id: number }>("create_post", {
      round_id: 1,
      thread_id: thread1,
      body: "Efter all dålig indata.",
    });
    expect(r.seq).toBe(baseline.length + 1);
    const ev = (await erik.waitForSeq(1, r.seq)) as EventMsg;
    expect(ev).toMatchObject({
      kind: "post_created",
      data: { post_id: r.post_id },
    });
    expect(erik.events(1)).toHaveLength(baseline.length + 1);
    expect(server.running).toBe(true);
  });
});

describe("--max-message-bytes 1024", () => {
  let small: SamradServer;
  beforeAll(async () => {
    small = await startServer({ args: ["--max-message-bytes", "1024"] });
  });

  test("the welcome says 1024; a 1024-byte frame is read, a 2 KB frame closes with 1009", async () => {
    const c = await small.connectAs(people.anna);
    expect((await c.welcome()).limits.max_message_bytes).toBe(1024);
    const pad = (n: number, id: number) => {
      const base = `{"type":"list_rounds","id":${id},"x":"`;
      return base + "p".repeat(n - base.length - 2) + '"}';
    };
    const ok = pad(1024, 5);
    expect(Buffer.byteLength(ok)).toBe(1024);
    expect(await c.requestRaw(5, ok)).toMatchObject({
      type: "error",
      id: 5,
      error: { code: "unknown_field" },
    });
    await expectClose(1009, (cl) => cl.send(pad(2048, 6)), c);

    // Another connection to that server still works.
    const d = await small.connectAs(people.erik);
    expect(
      (await d.ok<{ rounds: unknown[] }>("list_rounds")).rounds.length,
    ).toBeGreaterThan(0);
    expect(small.running).toBe(true);
  });
});
