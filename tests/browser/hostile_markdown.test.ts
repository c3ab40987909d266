// Over a thousand hostile Markdown and HTML payloads (script, event handlers, javascript:,
// vbscript:, livescript: and data: addresses in links and images, SVG, MathML, mutation-XSS
// shapes, CSS injection, entity and whitespace tricks), each posted by Anna through the real
// server and read by Erik on the round page in real Chromium. The page defines a hook every
// payload calls (samradXss); nothing may call it, the Content-Security-Policy must report
// nothing, and no post body may hold an element or attribute that could run or fetch anything.
// The corpus and these checks are in support/hostile.ts; hostile_routes.test.ts takes them through
// the edit history, the edit form's preview and the exports.
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
import {
  dangerousIn,
  executions,
  payloads,
  vectors,
  watchForExecution,
  wrappers,
} from "./support/hostile";

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
  await watchForExecution(context);
  const page = await context.newPage();
  await loginAs(page, people.erik);
  await openRound(page, 1);
  return page;
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
