// The built web client served precompressed: the coding follows Accept-Encoding, the body
// decodes to the very bytes of the file, HEAD says the same as GET, the stored copies are not
// resources of their own, and the build's compress step (web-client/scripts/compress.mjs) keeps
// only copies that are smaller. Needs the client built (`npm run build` in web-client/).
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  registerCleanup,
  repoRoot,
  startServer,
  type SamradServer,
} from "./support/server";

const staticDir = join(repoRoot, "web-client/dist");

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request whose Accept-Encoding is exactly as given (none when undefined), body as bytes. */
function rawRequest(
  server: SamradServer,
  method: "GET" | "HEAD",
  path: string,
  acceptEncoding?: string | string[],
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    if (acceptEncoding !== undefined)
      headers["Accept-Encoding"] = acceptEncoding;
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        method,
        path,
        headers,
        agent: false,
      },
      (resp) => {
        const chunks: Buffer[] = [];
        resp.on("data", (chunk: Buffer) => chunks.push(chunk));
        resp.on("end", () =>
          resolve({
            status: resp.statusCode ?? 0,
            headers: resp.headers,
            body: Buffer.concat(chunks),
          }),
        );
        resp.on("error", reject);
      },
    );
    req.setTimeout(10_000, () =>
      req.destroy(new Error(`${method} ${path} timed out`)),
    );
    req.on("error", reject);
    req.end();
  });
}

function decode(response: RawResponse): Buffer {
  switch (response.headers["content-encoding"]) {
    case "br":
      return brotliDecompressSync(response.body);
    case "gzip":
      return gunzipSync(response.body);
    case undefined:
      return response.body;
    default:
      throw new Error(
        `unexpected coding ${response.headers["content-encoding"]}`,
      );
  }
}

let server: SamradServer;
let mainScript: string;
let mainScriptBytes: Buffer;

beforeAll(async () => {
  if (!existsSync(join(staticDir, "index.html"))) {
    throw new Error(
      `${staticDir}/index.html is missing: run "npm run build" in web-client/ first`,
    );
  }
  const indexHtml = readFileSync(join(staticDir, "index.html"), "utf8");
  const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(indexHtml);
  if (!script?.[1])
    throw new Error("index.html names no script under /assets/");
  mainScript = script[1];
  mainScriptBytes = readFileSync(join(staticDir, mainScript));
  server = await startServer({ args: ["--static-dir", staticDir] });
});
afterAll(cleanupAll);

describe("the built client, precompressed", () => {
  const cases: Array<[string, string | undefined, string | undefined]> = [
    ["br", "br", "br"],
    ["gzip", "gzip", "gzip"],
    ["gzip;q=0, br;q=0", "gzip;q=0, br;q=0", undefined],
    ["br;q=0, gzip", "br;q=0, gzip", "gzip"],
    ["what browsers send", "gzip, deflate, br, zstd", "br"],
    ["no Accept-Encoding", undefined, undefined],
  ];

  test.each(cases)(
    "main script with Accept-Encoding %s: the coding chosen, Vary, the file's bytes once decoded",
    async (_name, acceptEncoding, expectedCoding) => {
      const r = await rawRequest(server, "GET", mainScript, acceptEncoding);
      expect(r.status).toBe(200);
      expect(r.headers["content-encoding"]).toBe(expectedCoding);
      expect(r.headers["vary"]).toBe("Accept-Encoding");
      expect(r.headers["content-type"]).toBe("text/javascript; charset=utf-8");
      expect(r.headers["cache-control"]).toBe(
        "public, max-age=31536000, immutable",
      );
      expect(Number(r.headers["content-length"])).toBe(r.body.length);
      if (expectedCoding !== undefined) {
        expect(r.body.length).toBeLessThan(mainScriptBytes.length);
      }
      expect(decode(r).equals(mainScriptBytes)).toBe(true);
    },
  );

  test.each(cases)(
    "HEAD of the main script with Accept-Encoding %s: the GET's headers, no body",
    async (_name, acceptEncoding, expectedCoding) => {
      const get = await rawRequest(server, "GET", mainScript, acceptEncoding);
      const head = await rawRequest(server, "HEAD", mainScript, acceptEncoding);
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers["content-encoding"]).toBe(expectedCoding);
      expect(head.headers["vary"]).toBe("Accept-Encoding");
      expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
      expect(head.headers["content-length"]).toBe(String(get.body.length));
    },
  );

  test("Accept-Encoding sent as two fields counts as one list", async () => {
    const r = await rawRequest(server, "GET", mainScript, ["br;q=0", "gzip"]);
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(decode(r).equals(mainScriptBytes)).toBe(true);
  });

  test("the page itself (/) is precompressed too, and never cached without asking", async () => {
    const r = await rawRequest(server, "GET", "/", "br");
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.headers["cache-control"]).toBe("no-cache");
    expect(r.headers["vary"]).toBe("Accept-Encoding");
    expect(decode(r).equals(readFileSync(join(staticDir, "index.html")))).toBe(
      true,
    );
  });

  test("the stored copies cannot be fetched by their own names: 404", async () => {
    for (const suffix of [".gz", ".br"]) {
      expect(existsSync(join(staticDir, mainScript + suffix))).toBe(true);
      for (const acceptEncoding of [undefined, "gzip, br"]) {
        const r = await rawRequest(
          server,
          "GET",
          mainScript + suffix,
          acceptEncoding,
        );
        expect(r.status, suffix).toBe(404);
        expect(r.headers["content-encoding"]).toBeUndefined();
      }
    }
  });

  test("paths out of the folder stay refused, whatever the coding", async () => {
    for (const path of [
      "/../package.json",
      "/assets/../../package.json",
      "/%2e%2e/package.json",
      "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
    ]) {
      const r = await rawRequest(server, "GET", path, "br, gzip");
      expect(r.status, path).toBe(404);
    }
  });
});

describe("the compress step", () => {
  let dir: string;
  let small: SamradServer;
  const text = "Samråd ".repeat(2000);
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "samrad-static-"));
    registerCleanup(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "index.html"), "<!doctype html>");
    writeFileSync(join(dir, "long.txt"), text);
    writeFileSync(join(dir, "tiny.txt"), "a");
    writeFileSync(join(dir, "image.png"), png);
    execFileSync("node", [
      join(repoRoot, "web-client/scripts/compress.mjs"),
      dir,
    ]);
    small = await startServer({ args: ["--static-dir", dir] });
  });

  test("a text file gets both copies, smaller than itself", () => {
    const size = Buffer.byteLength(text);
    for (const suffix of [".gz", ".br"]) {
      const path = join(dir, "long.txt" + suffix);
      expect(existsSync(path), suffix).toBe(true);
      expect(readFileSync(path).length).toBeLessThan(size);
    }
  });

  test("no copy that would be larger, none of an image: served as is, without Vary", async () => {
    for (const name of ["tiny.txt", "image.png"]) {
      expect(existsSync(join(dir, name + ".gz")), name).toBe(false);
      expect(existsSync(join(dir, name + ".br")), name).toBe(false);
    }
    const tiny = await rawRequest(small, "GET", "/tiny.txt", "br, gzip");
    expect(tiny.status).toBe(200);
    expect(tiny.headers["content-encoding"]).toBeUndefined();
    expect(tiny.headers["vary"]).toBeUndefined();
    expect(tiny.body.toString()).toBe("a");
    const image = await rawRequest(small, "GET", "/image.png", "br, gzip");
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.headers["content-encoding"]).toBeUndefined();
    expect(image.body.equals(png)).toBe(true);
  });

  test("a file with only a gzip copy: gzip for a client taking both, Vary on every answer", async () => {
    rmSync(join(dir, "long.txt.br"));
    const both = await rawRequest(small, "GET", "/long.txt", "br, gzip");
    expect(both.headers["content-encoding"]).toBe("gzip");
    expect(both.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(decode(both).toString()).toBe(text);
    const brOnly = await rawRequest(small, "GET", "/long.txt", "br");
    expect(brOnly.headers["content-encoding"]).toBeUndefined();
    expect(brOnly.headers["vary"]).toBe("Accept-Encoding");
    expect(brOnly.body.toString()).toBe(text);
  });
});
