// WebSocket frames a hostile client may send, byte for byte: close codes the RFC does not allow,
// oversized and fragmented control frames, reserved bits, unknown opcodes (each closed with
// 1002), a ping flood (memory stays flat), and the request rate limits per connection and per
// person (answered rate_limited with the time to wait).
import { connect, type Socket } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  upgradeRequestLines,
  type ErrorMsg,
  type SamradServer,
  type Session,
} from "./support/server";

const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;

interface FrameOptions {
  fin?: boolean;
  rsv?: number; // the three reserved bits, as 0..7
}

// A client frame: always masked (RFC 6455 5.3), with a fixed mask for readable dumps.
function frame(
  opcode: number,
  payload: Buffer,
  options: FrameOptions = {},
): Buffer {
  const fin = options.fin ?? true;
  const first = (fin ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode;
  const mask = Buffer.from([1, 2, 3, 4]);
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([first, 0x80 | payload.length]);
  } else {
    header = Buffer.from([
      first,
      0x80 | 126,
      payload.length >> 8,
      payload.length & 0xff,
    ]);
  }
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}

function closePayload(code: number, reason = ""): Buffer {
  const body = Buffer.alloc(2);
  body.writeUInt16BE(code);
  return Buffer.concat([body, Buffer.from(reason)]);
}

// One raw WebSocket: the upgrade, then server frames parsed as they come.
class RawSocket {
  private buffered = Buffer.alloc(0);
  private upgraded = false;
  readonly frames: Array<{ opcode: number; payload: Buffer }> = [];
  private waiters: Array<() => void> = [];
  ended = false;

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.parse();
      this.wake();
    });
    socket.on("close", () => {
      this.ended = true;
      this.wake();
    });
    socket.on("error", () => undefined);
  }

  static async open(
    server: SamradServer,
    session: Session,
  ): Promise<RawSocket> {
    const socket = connect(server.port, "127.0.0.1");
    const raw = new RawSocket(socket);
    socket.write(
      [
        ...upgradeRequestLines(server.port, session.cookie, [server.baseUrl]),
        "",
        "",
      ].join("\r\n"),
    );
    await raw.until(() =>
      raw.frames.some(
        (f) => f.opcode === OP_TEXT && f.payload.includes('"welcome"'),
      ),
    );
    return raw;
  }

  private wake() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private parse() {
    if (!this.upgraded) {
      const end = this.buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = this.buffered.subarray(0, end).toString("latin1");
      if (!head.startsWith("HTTP/1.1 101"))
        throw new Error(`upgrade refused: ${head}`);
      this.upgraded = true;
      this.buffered = this.buffered.subarray(end + 4);
    }
    for (;;) {
      if (this.buffered.length < 2) return;
      let length = this.buffered[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffered.length < 4) return;
        length = this.buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffered.length < 10) return;
        length = Number(this.buffered.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffered.length < offset + length) return;
      this.frames.push({
        opcode: this.buffered[0]! & 0x0f,
        payload: this.buffered.subarray(offset, offset + length),
      });
      this.buffered = this.buffered.subarray(offset + length);
    }
  }

  async until(done: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error("timed out waiting on the raw socket");
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  send(bytes: Buffer) {
    this.socket.write(bytes);
  }

  // The code of the server's close frame, once it has sent one and closed the socket.
  async closeCode(): Promise<number> {
    await this.until(() => this.ended);
    const close = this.frames.find((f) => f.opcode === OP_CLOSE);
    if (!close) throw new Error("the connection ended without a close frame");
    return close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005;
  }
}

function residentKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]);
}

afterAll(cleanupAll);

describe("frames the RFC does not allow are answered with 1002", () => {
  let server: SamradServer;
  let anna: Session;
  beforeAll(async () => {
    server = await startServer();
    anna = await server.login(people.anna);
  });

  test.each([
    0, 999, 1004, 1005, 1006, 1014, 1015, 1016, 2000, 2999, 5000, 5001, 65535,
  ])("close code %i → 1002", async (code) => {
    const raw = await RawSocket.open(server, anna);
    raw.send(frame(OP_CLOSE, closePayload(code, "bye")));
    expect(await raw.closeCode()).toBe(1002);
  });

  test.each([1000, 1001, 1003, 1011, 3000, 4000, 4999])(
    "close code %i is echoed",
    async (code) => {
      const raw = await RawSocket.open(server, anna);
      raw.send(frame(OP_CLOSE, closePayload(code)));
      expect(await raw.closeCode()).toBe(code);
    },
  );

  test("a close frame with a one-byte payload → 1002", async () => {
    const raw = await RawSocket.open(server, anna);
    raw.send(frame(OP_CLOSE, Buffer.from([3])));
    expect(await raw.closeCode()).toBe(1002);
  });

  test("a ping over 125 bytes → 1002", async () => {
    const raw = await RawSocket.open(server, anna);
    raw.send(frame(OP_PING, Buffer.alloc(126, 0x61)));
    expect(await raw.closeCode()).toBe(1002);
  });

  test("a fragmented ping → 1002", async () => {
    const raw = await RawSocket.open(server, anna);
    raw.send(frame(OP_PING, Buffer.from("half"), { fin: false }));
    expect(await raw.closeCode()).toBe(1002);
  });

  test.each([1, 2, 4, 7])(
    "reserved bits %i on a text frame → 1002",
    async (rsv) => {
      const raw = await RawSocket.open(server, anna);
      raw.send(
        frame(OP_TEXT, Buffer.from('{"type":"list_rounds","id":1}'), { rsv }),
      );
      expect(await raw.closeCode()).toBe(1002);
    },
  );

  test.each([0x3, 0x7, 0xb, 0xf])(
    "unknown opcode %i → 1002",
    async (opcode) => {
      const raw = await RawSocket.open(server, anna);
      raw.send(frame(opcode, Buffer.from("x")));
      expect(await raw.closeCode()).toBe(1002);
    },
  );

  test("a continuation frame with nothing to continue → 1002", async () => {
    const raw = await RawSocket.open(server, anna);
    raw.send(frame(0x0, Buffer.from("orphan")));
    expect(await raw.closeCode()).toBe(1002);
  });
});

describe("a ping flood", () => {
  test("a ping flood from a client that reads nothing does not grow the server's memory", async () => {
    // Resident memory is measured: the release build, whatever build the suite runs against.
    const server = await startServer({ binary: "release" });
    const raw = await RawSocket.open(server, await server.login(people.anna));
    raw.socket.pause(); // read nothing: pongs pile up only if the server queues them
    const before = residentKiB(server.pid!);
    const ping = frame(OP_PING, Buffer.alloc(125, 0x70));
    // 200,000 pings: 26 MB of pongs if every one were kept.
    for (let i = 0; i < 200; ++i)
      raw.send(Buffer.concat(Array.from({ length: 1000 }, () => ping)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const grown = residentKiB(server.pid!) - before;
    expect(grown).toBeLessThan(8 * 1024);
    // And the server still serves others.
    const erik = await server.connectAs(people.erik);
    expect((await erik.request("list_rounds")).type).toBe("result");
    raw.socket.destroy();
  });
});

describe("request rate limits", () => {
  test("one connection: a burst at once, then rate_limited with a wait that works", async () => {
    const server = await startServer({
      limits: "server defaults",
      config: "[limits]\nrequests_per_second = 5\nrequest_burst = 10\n",
    });
    const anna = await server.connectAs(people.anna);
    for (let attempt = 0; attempt < 5; ++attempt) {
      // 30 requests back to back: the first ten are served, the rest wait.
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => anna.request("list_rounds")),
      );
      const served = answers.filter((a) => a.type === "result").length;
      const limited = answers.filter((a) => a.type === "error");
      expect(served).toBeGreaterThanOrEqual(10);
      expect(served).toBeLessThanOrEqual(12); // a token or two may drip in meanwhile
      for (const answer of limited) {
        expect(answer.error.code).toBe("rate_limited");
        expect(answer.error.retry_after_ms).toBeGreaterThan(0);
        expect(answer.error.retry_after_ms).toBeLessThanOrEqual(200);
      }
      // Wait for a full bucket (10 tokens at 5 per second).
      await new Promise((resolve) => setTimeout(resolve, 2100));
    }
    // A frame the server cannot read counts too, and is answered either way.
    const before = anna.messages.length;
    for (let i = 0; i < 15; ++i) anna.ws.send("{not json");
    const deadline = Date.now() + 5000;
    const errorsSince = () =>
      anna.messages
        .slice(before)
        .flatMap((m) =>
          m.type === "error" ? [(m as ErrorMsg).error.code] : [],
        );
    while (errorsSince().length < 15 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const codes = errorsSince();
    expect(codes).toHaveLength(15);
    expect(
      codes.filter((code) => code === "bad_json").length,
    ).toBeGreaterThanOrEqual(10);
    expect(
      codes.filter((code) => code === "rate_limited").length,
    ).toBeGreaterThanOrEqual(3);
  });

  test("one person over several connections shares one allowance", async () => {
    const server = await startServer({
      limits: "server defaults",
      config:
        "[limits]\nrequests_per_second = 1000\nrequest_burst = 1000\n" +
        "person_requests_per_second = 5\nperson_request_burst = 12\n",
    });
    const session = await server.login(people.anna);
    const connections = await Promise.all(
      [1, 2, 3].map(() => server.connect(session)),
    );
    const answers = await Promise.all(
      connections.flatMap((c) =>
        Array.from({ length: 10 }, () => c.request("list_rounds")),
      ),
    );
    const served = answers.filter((a) => a.type === "result").length;
    expect(served).toBeGreaterThanOrEqual(12);
    expect(served).toBeLessThanOrEqual(14);
    // Another person is not held up by Anna's use.
    const erik = await server.connectAs(people.erik);
    const erikAnswers = await Promise.all(
      Array.from({ length: 10 }, () => erik.request("list_rounds")),
    );
    expect(erikAnswers.every((a) => a.type === "result")).toBe(true);
  });
});
