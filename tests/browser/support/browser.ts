// Browser-test fixture: the real samrad server (started with the integration tests' fixture,
// serving the built web client from web-client/dist) and Debian's Chromium driven by
// playwright-core, plus helpers that act through the UI the way a person does: by label, role
// and visible text. axe-core is injected from its own source (no @axe-core/playwright).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import {
  cleanupAll,
  DEMO_PASSWORD,
  repoRoot,
  requestRetryingRateLimit,
  SamradServer,
  type WsClient,
} from "../../integration/support/server";

export {
  DEMO_PASSWORD,
  people,
  SamradServer,
} from "../../integration/support/server";

const require = createRequire(import.meta.url);

export const staticDir = join(repoRoot, "web-client/dist");
export const CHROMIUM = process.env.SAMRAD_CHROMIUM ?? "/usr/bin/chromium";

/** Starts a server with a fresh temp database, the demo data and the built web client. */
export async function startAppServer(): Promise<SamradServer> {
  if (!existsSync(join(staticDir, "index.html"))) {
    throw new Error(
      `${staticDir}/index.html is missing: run "npm run build" in web-client/ first`,
    );
  }
  // The limits as shipped: a page must stay within them.
  return new SamradServer({
    args: ["--static-dir", staticDir],
    limits: "server defaults",
  }).start();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh browser context (its own cookies and storage, i.e. its own person). */
export async function newPage(
  browser: Browser,
  server: SamradServer,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
  });
  const page = await context.newPage();
  // Any uncaught error in the page fails the test that caused it.
  page.on("pageerror", (error) => {
    pageErrors.push(`${error.name}: ${error.message}`);
  });
  return { context, page };
}

/** Uncaught page errors seen so far; tests assert this stays empty. */
export const pageErrors: string[] = [];

/**
 * The server and the browser one test file drives, with ways to open pages on them. Made by
 * setUpServerAndBrowser; server and browser are there once its beforeAll hook has run.
 */
export class ServerAndBrowser {
  server!: SamradServer;
  browser!: Browser;

  /** A fresh browser context (its own cookies and storage, i.e. its own person). */
  newPage(): Promise<{ context: BrowserContext; page: Page }> {
    return newPage(this.browser, this.server);
  }

  /** A fresh context in which this person has logged in; the page shows the rounds list. */
  async pageLoggedInAs(email: string): Promise<Page> {
    const { page } = await this.newPage();
    await loginAs(page, email);
    return page;
  }

  /** A fresh context in which this person has logged in and opened this round's page. */
  async pageOnRoundAs(email: string, roundId: number): Promise<Page> {
    const page = await this.pageLoggedInAs(email);
    await openRound(page, roundId);
    return page;
  }

  /** Writes as this person over the WebSocket API, to set a scene fast. Close it after use. */
  async writerAs(email: string): Promise<Writer> {
    return new Writer(await this.server.connectAs(email));
  }
}

/** Threads and posts written over the WebSocket API (not through a page). */
export class Writer {
  constructor(readonly client: WsClient) {}

  async thread(roundId: number, title: string): Promise<number> {
    const r = await this.ok<{ thread_id: number }>("create_thread", {
      round_id: roundId,
      title,
    });
    return r.thread_id;
  }

  async post(
    roundId: number,
    threadId: number,
    body: string,
    replyTo: number | null = null,
  ): Promise<number> {
    const r = await this.ok<{ post_id: number }>("create_post", {
      round_id: roundId,
      thread_id: threadId,
      reply_to: replyTo,
      body,
    });
    return r.post_id;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async ok<T>(
    type: string,
    fields: Record<string, unknown>,
  ): Promise<T> {
    const answer = await requestRetryingRateLimit(this.client, type, fields);
    if (answer.type !== "result") {
      throw new Error(
        `${type} ${JSON.stringify(fields)} → ${JSON.stringify(answer)}`,
      );
    }
    return answer.result as T;
  }
}

/**
 * Registers the hooks every browser-test file shares: before its tests, start a server (fresh
 * database, demo data, built web client) and a browser; after them, close both; after each
 * test, expect no uncaught error in any page. Call it once at the top of the file.
 */
export function setUpServerAndBrowser(): ServerAndBrowser {
  const app = new ServerAndBrowser();
  beforeAll(async () => {
    app.server = await startAppServer();
    app.browser = await launchBrowser();
  });
  afterAll(async () => {
    // beforeAll may have failed before the browser was launched.
    await (app.browser as Browser | undefined)?.close();
    await cleanupAll();
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });
  return app;
}

/** Logs in through the login form (Swedish labels) and waits for "Mina samrådsrundor". */
export async function loginAs(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto("/");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page
    .getByRole("heading", { level: 1, name: "Mina samrådsrundor" })
    .waitFor();
}

/** Opens a round's page and waits until its content and subscription are there. */
export async function openRound(page: Page, roundId: number): Promise<void> {
  await page.goto(`/#/rounds/${roundId}`);
  await page.locator(".round-meta").waitFor(); // round_created has been folded
  await waitForConnection(page, "connected");
}

export type ConnectionState =
  | "connecting"
  | "connected"
  | "resuming"
  | "offline"
  | "logged_out"
  | "stopped";

export function connectionState(page: Page): Promise<string | null> {
  return page.locator("#connection-state").getAttribute("data-state");
}

export async function waitForConnection(
  page: Page,
  state: ConnectionState,
  timeout = 30_000,
): Promise<void> {
  await page
    .locator(`#connection-state[data-state="${state}"]`)
    .waitFor({ timeout });
}

/** Title of the first thread of the round on screen (the one open when the round is opened). */
export async function firstThreadTitle(page: Page): Promise<string> {
  const title = await page
    .locator(".thread-list .thread-link-title")
    .first()
    .textContent();
  if (!title) throw new Error("no thread on the page");
  return title;
}

/** Opens the thread with this title from the round's thread list, as a person clicks it. */
export async function openThread(page: Page, title: string): Promise<void> {
  await page
    .locator(".thread-list a", {
      has: page.locator(".thread-link-title", { hasText: title }),
    })
    .first()
    .click();
  await page.locator("section.thread h3", { hasText: title }).first().waitFor();
}

/** Writes a top-level post in the thread with this title and waits for the server's ack. */
export async function postInThread(
  page: Page,
  threadTitle: string,
  body: string,
): Promise<void> {
  const open = await page
    .locator("section.thread h3")
    .first()
    .textContent()
    .catch(() => null);
  if (open !== threadTitle) await openThread(page, threadTitle);
  const field = page.getByLabel(`Nytt inlägg i tråden ${threadTitle}`);
  await field.fill(body);
  await page
    .locator("section.thread", {
      has: page.getByRole("heading", { name: threadTitle, exact: true }),
    })
    .getByRole("button", { name: "Publicera inlägg" })
    .click();
  // The composer empties itself once the server has acknowledged the commit.
  await expect.poll(() => field.inputValue(), { timeout: 15_000 }).toBe("");
  expect(
    await page.locator(".field-error").filter({ hasText: /./ }).count(),
  ).toBe(0);
}

/** Where the article of a post is relative to the window (top, bottom) and whether it is focused. */
export function postBox(
  page: Page,
  postId: number,
): Promise<{
  top: number;
  bottom: number;
  width: number;
  inView: boolean;
  focused: boolean;
}> {
  return page.evaluate((id) => {
    const article = document.querySelector(`#post-${id} > article`);
    if (!article) throw new Error(`post ${id} is not on the page`);
    const r = article.getBoundingClientRect();
    return {
      top: r.top,
      bottom: r.bottom,
      width: r.width,
      inView: r.top >= 0 && r.top < window.innerHeight,
      focused: document.activeElement === article,
    };
  }, postId);
}

/** How many posts on the page have exactly this body text. */
export function postsWithText(page: Page, text: string): Promise<number> {
  return page.locator(".post-text").filter({ hasText: text }).count();
}

/** The ids of all posts on the page, in document order. */
export function postIds(page: Page): Promise<string[]> {
  return page
    .locator("li.post-item")
    .evaluateAll((items) => items.map((li) => li.id));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core (every rule except experimental ones) on the page; returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const axePath = require.resolve("axe-core");
  try {
    await page.addScriptTag({ path: axePath });
  } catch (error) {
    // The server's Content-Security-Policy (default-src 'self') refuses the inline <script>
    // addScriptTag creates, as it should; the DevTools protocol's evaluate is not subject to it.
    if (!/Content Security Policy/.test(String(error))) throw error;
    await page.evaluate(readFileSync(axePath, "utf8"));
  }
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{ violations: AxeViolation[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target,
        failureSummary: n.failureSummary,
      })),
    }));
  });
}

/** Fails the test with a readable list when axe-core finds any violation on the page. */
export async function expectNoViolations(
  page: Page,
  where = "",
): Promise<void> {
  const violations = await axeViolations(page);
  const described = describeViolations(violations);
  expect(violations, where ? `${where}: ${described}` : described).toEqual([]);
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`,
    )
    .join("\n");
}
