// Over a thousand hostile Markdown and HTML payloads (script, event handlers, javascript:,
// vbscript:, livescript: and data: addresses in links and images, SVG, MathML, mutation-XSS
// shapes, CSS injection, entity and whitespace tricks), each posted by Anna through the real
// server and read by Erik on the round page in real Chromium. The page defines a hook every
// payload calls (samradXss); nothing may call it, the Content-Security-Policy must report
// nothing, and no post body may hold an element or attribute that could run or fetch anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  cleanupAll,
  people,
  startServer,
  type SamradServer,
} from "../integration/support/server";
import {
  launchBrowser,
  loginAs,
  openRound,
  openThread,
  staticDir,
  Writer,
} from "./support/browser";

// The ways in: each calls the hook with its number.
const vectors: Array<(n: number) => string> = [
  (n) => `<script>samradXss(${n})</script>`,
  (n) => `<img src=x onerror=samradXss(${n})>`,
  (n) => `<img src="x" onerror="samradXss(${n})">`,
  (n) => `<svg onload=samradXss(${n})>`,
  (n) => `<svg><script>samradXss(${n})</script></svg>`,
  (n) =>
    `<svg><a xlink:href="javascript:samradXss(${n})"><text y="20">x</text></a></svg>`,
  (n) =>
    `<math><mtext><table><mglyph><style><img src=x onerror=samradXss(${n})>`,
  (n) => `<math href="javascript:samradXss(${n})">x</math>`,
  (n) => `<noscript><p title="</noscript><img src=x onerror=samradXss(${n})>">`,
  (n) => `<details open ontoggle=samradXss(${n})>`,
  (n) => `<iframe src="javascript:samradXss(${n})"></iframe>`,
  (n) => `<iframe srcdoc="<script>parent.samradXss(${n})</script>"></iframe>`,
  (n) => `<object data="javascript:samradXss(${n})"></object>`,
  (n) => `<embed src="javascript:samradXss(${n})">`,
  (n) =>
    `<form action="javascript:samradXss(${n})"><button>Skicka</button></form>`,
  (n) => `<input autofocus onfocus=samradXss(${n})>`,
  (n) => `<video><source onerror=samradXss(${n})></video>`,
  (n) => `<body onload=samradXss(${n})>`,
  (n) => `<a href="javascript:samradXss(${n})">länk</a>`,
  (n) => `<a href="&#106;avascript:samradXss(${n})">länk</a>`,
  (n) => `<div style="background:url(javascript:samradXss(${n}))">x</div>`,
  (n) => `<style>@import 'javascript:samradXss(${n})';</style>`,
  (n) => `<link rel=stylesheet href="javascript:samradXss(${n})">`,
  (n) => `<base href="javascript:samradXss(${n})//">`,
  (n) => `<template><img src=x onerror=samradXss(${n})></template>`,
  (n) => `<!--<img src=x onerror=samradXss(${n})>-->`,
  (n) => `<![CDATA[<img src=x onerror=samradXss(${n})>]]>`,
  (n) => `[länk](javascript:samradXss(${n}))`,
  (n) => `[länk](JaVaScRiPt:samradXss(${n}))`,
  (n) => `[länk](java\tscript:samradXss(${n}))`,
  (n) => `[länk](java&#x09;script:samradXss(${n}))`,
  (n) => `[länk](&#106;avascript:samradXss(${n}))`,
  (n) => `[länk]( javascript:samradXss(${n}))`,
  (n) => `[länk](<javascript:samradXss(${n})>)`,
  (n) => `[länk](vbscript:samradXss(${n}))`,
  (n) => `[länk](livescript:samradXss(${n}))`,
  (n) => `[länk](data:text/html,<script>samradXss(${n})</script>)`,
  (n) =>
    `[länk](data:text/html;base64,PHNjcmlwdD5zYW1yYWRYc3MoMSk8L3NjcmlwdD4=#${n})`,
  (n) => `[länk](data:image/svg+xml,<svg onload=samradXss(${n})>)`,
  (n) => `![bild](javascript:samradXss(${n}))`,
  (n) => `![bild](data:image/svg+xml,<svg onload=samradXss(${n})>)`,
  (n) => `![bild](https://evil.example/pixel-${n}.png)`,
  (n) => `<javascript:samradXss(${n})>`,
  (n) => `[ref-${n}]\n\n[ref-${n}]: javascript:samradXss(${n})`,
  (n) => `[länk](https://example.se/"onmouseover="samradXss(${n}))`,
  (n) =>
    `[länk](https://example.se/ "titel\\" onmouseover=\\"samradXss(${n})")`,
];

// Where in a post a vector stands.
const wrappers: Array<(inner: string) => string> = [
  (s) => s,
  (s) => `Text före ${s} och efter.`,
  (s) => `- punkt\n- ${s}`,
  (s) => `1. ${s}`,
  (s) => `> ${s}`,
  (s) => `# ${s}`,
  (s) => `**${s}**`,
  (s) => `*${s}*`,
  (s) => `| a | b |\n|---|---|\n| ${s.replace(/\|/g, "\\|")} | x |`,
  (s) => `\`${s}\``,
  (s) => `\`\`\`\n${s}\n\`\`\``,
  (s) => `    ${s}`,
  (s) => `[${s}](https://example.se)`,
  (s) => `Rad ett\n${s}\nRad tre`,
  (s) => `${s}\n\n${s}`,
  (s) => `<div>\n\n${s}\n\n</div>`,
  (s) => `~~~html\n${s}\n~~~`,
  (s) => `&lt;${s}&gt;`,
  (s) => `\\${s}`,
  (s) => `<p>${s}</p>`,
  (s) => `www.example.se/${encodeURIComponent(s)}`,
  (s) => `Se https://example.se/?q=${s}`,
  (s) => `${s.toUpperCase()}`,
];

const payloads: string[] = [];
for (const wrap of wrappers) {
  for (const vector of vectors)
    payloads.push(wrap(vector(payloads.length + 1)));
}

const THREADS = 10;
let server: SamradServer;
let browser: Browser;
let titles: string[] = [];

beforeAll(async () => {
  // The limits are relaxed (the fixture's default): Anna posts a thousand times in seconds.
  server = await startServer({ args: ["--static-dir", staticDir] });
  browser = await launchBrowser();
  const anna = new Writer(await server.connectAs(people.anna));
  titles = Array.from({ length: THREADS }, (_, i) => `Fientlig text ${i + 1}`);
  const sec = new Writer(await server.connectAs(people.secretariat));
  const threadIds: number[] = [];
  for (const title of titles) threadIds.push(await sec.thread(1, title));
  await sec.close();
  const perThread = Math.ceil(payloads.length / THREADS);
  await Promise.all(
    threadIds.map(async (thread, t) => {
      for (const body of payloads.slice(t * perThread, (t + 1) * perThread)) {
        await anna.post(1, thread, body);
      }
    }),
  );
  await anna.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cleanupAll();
});

// Erik's page, with the hook the payloads call and a record of what the CSP refused.
async function readerPage(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "sv-SE",
  });
  await context.addInitScript(() => {
    const w = window as unknown as {
      samradXss: (n: number) => void;
      xssCalls: number[];
      cspReports: string[];
    };
    w.xssCalls = [];
    w.cspReports = [];
    w.samradXss = (n: number) => w.xssCalls.push(n);
    document.addEventListener("securitypolicyviolation", (e) => {
      w.cspReports.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  await loginAs(page, people.erik);
  await openRound(page, 1);
  return page;
}

// What in the elements matching `selector` could run or fetch anything: a tag Markdown never
// makes, an event handler, a style or srcdoc attribute, a link or source with another scheme than
// http, https or mailto. Empty when all is inert.
function dangerousIn(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const bodies = Array.from(document.querySelectorAll(selector));
    const dangerous: string[] = [];
    const forbiddenTags = new Set([
      "script",
      "iframe",
      "object",
      "embed",
      "svg",
      "math",
      "style",
      "link",
      "base",
      "form",
      "input",
      "button",
      "img",
      "video",
      "audio",
      "source",
      "template",
      "noscript",
      "details",
      "meta",
      "frame",
      "frameset",
    ]);
    for (const body of bodies) {
      for (const el of Array.from(body.querySelectorAll("*"))) {
        const tag = el.tagName.toLowerCase();
        if (forbiddenTags.has(tag)) dangerous.push(`<${tag}>`);
        for (const attribute of el.getAttributeNames()) {
          if (
            attribute.startsWith("on") ||
            attribute === "style" ||
            attribute === "srcdoc"
          ) {
            dangerous.push(`${tag}[${attribute}]`);
          }
        }
        const href =
          el.getAttribute("href") ??
          el.getAttribute("src") ??
          el.getAttribute("xlink:href");
        if (
          href !== null &&
          /^\s*[a-z][a-z0-9+.-]*:/i.test(href) &&
          !/^(https?|mailto):/i.test(href.trim())
        ) {
          dangerous.push(`${tag} → ${href.slice(0, 60)}`);
        }
      }
    }
    return dangerous.slice(0, 20);
  }, selector);
}

// The hook's calls and the CSP's reports so far.
function executions(
  page: Page,
): Promise<{ xssCalls: number[]; cspReports: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { xssCalls: number[]; cspReports: string[] };
    return { xssCalls: w.xssCalls, cspReports: w.cspReports };
  });
}

describe("hostile Markdown", () => {
  it(`renders ${payloads.length} hostile posts inertly for another person`, async () => {
    expect(payloads.length).toBeGreaterThanOrEqual(1000);
    const page = await readerPage();
    const requests: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.baseUrl))
        requests.push(request.url());
    });
    let rendered = 0;
    for (const title of titles) {
      await openThread(page, title);
      const thread = page.locator("section.thread", {
        has: page.getByRole("heading", { name: title, exact: true }),
      });
      const expected = Math.min(
        Math.ceil(payloads.length / THREADS),
        payloads.length - rendered,
      );
      await expect
        .poll(() => thread.locator("article .post-text").count(), {
          timeout: 30_000,
        })
        .toBeGreaterThanOrEqual(expected);
      // Let anything that would run, load or fail do so.
      await page.waitForTimeout(300);
      const dangerous = await dangerousIn(
        page,
        "section.thread article .post-text",
      );
      rendered += expected;
      expect(dangerous, title).toEqual([]);
    }
    const { xssCalls, cspReports } = await executions(page);
    expect(xssCalls).toEqual([]);
    expect(cspReports).toEqual([]);
    // Nothing was fetched from anywhere else (images are not rendered at all).
    expect(requests).toEqual([]);
    await page.context().close();
  }, 300_000);

  it("previews every way in inertly while it is being written", async () => {
    const page = await readerPage();
    await openThread(page, titles[0]!);
    const composer = page.locator("section.thread form.thread-composer");
    const field = page.getByLabel(`Nytt inlägg i tråden ${titles[0]}`);
    await composer.getByRole("button", { name: "Förhandsgranska" }).click();
    const preview = composer.locator(".composer-preview");
    for (const [index, vector] of vectors.entries()) {
      for (const wrap of wrappers.slice(0, 4)) {
        const text = wrap(vector(10_000 + index));
        await field.fill(text);
        // The preview follows the text as it is written.
        await expect.poll(() => preview.textContent()).not.toBe("");
      }
      expect(
        await dangerousIn(page, "section.thread .composer-preview"),
        `vector ${index}`,
      ).toEqual([]);
    }
    await page.waitForTimeout(300);
    expect(await executions(page)).toEqual({ xssCalls: [], cspReports: [] });
    await page.context().close();
  }, 300_000);
});
