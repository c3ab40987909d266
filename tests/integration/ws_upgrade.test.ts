// The /ws upgrade: only for a logged-in session and an Origin on the exact allowlist; the first
// message is the welcome with the person (without the email address).
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  upgradeRequestLines,
  type SamradServer,
  type Session,
} from "./support/server";

const CONFIGURED_ORIGIN = "https://samrad.test.example";

let server: SamradServer;
let anna: Session;

// Sends a request byte for byte (a client library would not send a header twice) and answers
// the status code of the response.
function rawStatus(port: number, head: string[], body = ""): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (status) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`no response: ${received}`)));
    socket.write(
      [...head, `Content-Length: ${Buffer.byteLength(body)}`, "", body].join(
        "\r\n",
      ),
    );
  });
}

beforeAll(async () => {
  server = await startServer({ args: ["--allowed-origin", CONFIGURED_ORIGIN] });
  anna = await server.login(people.anna);
});
afterAll(cleanupAll);

describe("WebSocket upgrade", () => {
  test("refused without a session cookie: HTTP 401, no upgrade", async () => {
    expect(await server.upgradeStatus({ cookie: null })).toBe(401);
  });

  test("refused with a cookie that is not a session (made up, or not hex): 401", async () => {
    expect(
      await server.upgradeStatus({
        cookie: "samrad_session=ffffffffffffffffffffffffffffffff",
      }),
    ).toBe(401);
    expect(
      await server.upgradeStatus({ cookie: "samrad_session=../../etc/passwd" }),
    ).toBe(401);
    expect(await server.upgradeStatus({ cookie: `other=${anna.token}` })).toBe(
      401,
    );
  });

  test("refused with a foreign Origin even with a valid session: 403", async () => {
    expect(
      await server.upgradeStatus({
        cookie: anna.cookie,
        origin: "http://evil.example",
      }),
    ).toBe(403);
  });

  test("refused with no Origin at all even with a valid session: 403", async () => {
    expect(
      await server.upgradeStatus({ cookie: anna.cookie, origin: null }),
    ).toBe(403);
  });

  test("the session cookie is found among other cookies", async () => {
    expect(
      await server.upgradeStatus({
        cookie: `theme=dark; ${anna.cookie}; lang=sv`,
      }),
    ).toBe(101);
  });

  test("the allowlist is exact: a prefix/suffix/port variant of an allowed origin is refused", async () => {
    for (const origin of [
      `${server.baseUrl}.evil.example`,
      `${CONFIGURED_ORIGIN}:8443`,
      `http://127.0.0.1:${server.port + 1}`,
      CONFIGURED_ORIGIN.replace("https:", "http:"),
    ]) {
      expect(
        await server.upgradeStatus({ cookie: anna.cookie, origin }),
        `origin ${origin}`,
      ).toBe(403);
    }
  });

  test("refused with two Origin headers, an allowed one among them, in either order: 403", async () => {
    const upgrade = (origins: string[]) =>
      rawStatus(
        server.port,
        upgradeRequestLines(server.port, anna.cookie, origins),
      );
    expect(await upgrade([server.baseUrl])).toBe(101);
    expect(await upgrade([server.baseUrl, "http://evil.example"])).toBe(403);
    expect(await upgrade(["http://evil.example", server.baseUrl])).toBe(403);
    expect(await upgrade([server.baseUrl, server.baseUrl])).toBe(403);

    const login = (origins: string[]) =>
      rawStatus(
        server.port,
        [
          "POST /api/login HTTP/1.1",
          `Host: 127.0.0.1:${server.port}`,
          "Content-Type: application/json",
          ...origins.map((origin) => `Origin: ${origin}`),
        ],
        JSON.stringify({ email: people.anna, password: "samrad-demo" }),
      );
    expect(await login([server.baseUrl])).toBe(200);
    expect(await login([server.baseUrl, "http://evil.example"])).toBe(403);
    expect(await login(["http://evil.example", server.baseUrl])).toBe(403);
  });

  test("30 Origin variants near the allowed ones are refused, and the real upgrade still works", async () => {
    const port = server.port;
    const upgrade = (origins: string[]) =>
      rawStatus(port, upgradeRequestLines(port, anna.cookie, origins));
    const variants: string[][] = [
      [], // missing
      ["null"],
      [""],
      [`https://127.0.0.1:${port}`], // other scheme
      [`ws://127.0.0.1:${port}`],
      [`http://127.0.0.1:${port + 1}`], // other port
      ["http://127.0.0.1"], // no port
      [`HTTP://127.0.0.1:${port}`], // case of the scheme
      [`http://LOCALHOST:${port}`], // case of the host
      [`http://localhost.:${port}`], // trailing dot
      [`http://127.0.0.1:${port}/`], // a path
      [`http://127.0.0.1:${port}.evil.example`], // suffix
      [`http://evil-localhost:${port}`], // prefix
      [`${CONFIGURED_ORIGIN}.evil.example`],
      ["https://evilsamrad.test.example"],
      ["https://www.samrad.test.example"], // subdomain
      ["https://user@samrad.test.example"], // userinfo
      ["https://user:secret@samrad.test.example"],
      ["https://samrad.test.example:443"], // the default port spelt out
      [`http://2130706433:${port}`], // 127.0.0.1 as one number
      [`http://0x7f.0.0.1:${port}`], // hexadecimal
      [`http://0177.0.0.1:${port}`], // octal
      [`http://127.1:${port}`], // short form
      [`http://[::1]:${port}`], // IPv6 loopback
      [`http://[::ffff:127.0.0.1]:${port}`], // IPv4-mapped IPv6
      [`${server.baseUrl}, ${server.baseUrl}`], // a list in one header
      [server.baseUrl, "http://evil.example"], // two headers
      [server.baseUrl, server.baseUrl],
      ["file://"],
      [`${CONFIGURED_ORIGIN}/path`],
    ];
    expect(variants.length).toBeGreaterThanOrEqual(25);
    for (const origins of variants) {
      expect(await upgrade(origins), `Origin ${JSON.stringify(origins)}`).toBe(
        403,
      );
    }
    expect(await upgrade([server.baseUrl])).toBe(101);
    expect(await upgrade([CONFIGURED_ORIGIN])).toBe(101);
  });

  test("accepted with the server's own origins and a configured --allowed-origin", async () => {
    expect(
      await server.upgradeStatus({
        cookie: anna.cookie,
        origin: server.baseUrl,
      }),
    ).toBe(101);
    expect(
      await server.upgradeStatus({
        cookie: anna.cookie,
        origin: `http://localhost:${server.port}`,
      }),
    ).toBe(101);
    expect(
      await server.upgradeStatus({
        cookie: anna.cookie,
        origin: CONFIGURED_ORIGIN,
      }),
    ).toBe(101);
  });

  test("the first message is welcome with the person, protocol 1, limits — and no email", async () => {
    const client = await server.openWs({ cookie: anna.cookie });
    const welcome = await client.welcome();
    expect(welcome).toMatchObject({
      type: "welcome",
      protocol: 1,
      person: {
        id: anna.person.id,
        name: "Anna Lind",
        role: "representative",
        organisation: {
          name: "Malmö stad",
          kind: "municipality",
          side: "municipal",
        },
      },
      limits: { max_message_bytes: 262144 },
    });
    expect(typeof welcome.person.organisation.id).toBe("number");
    const raw = JSON.stringify(welcome);
    expect(raw).not.toContain("email");
    expect(raw).not.toContain("anna.lind@malmo.example");
    expect(raw).not.toMatch(/password|hash|argon/i);
    // The welcome is the only message until the client asks for something.
    expect(client.messages).toHaveLength(1);
    await client.close();
  });
});
