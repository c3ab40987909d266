// Reconnect after a server restart: the page says it is reconnecting where the person is working
// (a notice at the bottom of the window, with "Försök nu"), comes back by itself within about a
// second of the server, says so and clears the notice, resumes each round from the last seq it
// saw, and a post written by someone else while it was away appears exactly once. An error that
// only said "not connected" goes away when the connection is back.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page, WebSocketRoute } from "playwright-core";
import {
  connectionState,
  expectNoViolations,
  firstThreadTitle,
  loginAs,
  openRound,
  people,
  postIds,
  postInThread,
  postsWithText,
  setUpServerAndBrowser,
  waitForConnection,
} from "./support/browser";

const app = setUpServerAndBrowser();
let anna: Page;
let erik: Page;

// Records every connection state the indicator shows, so a brief state is not missed.
async function recordStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStates: string[] }).seenStates = seen;
    const indicator = document.getElementById("connection-state");
    if (!indicator) throw new Error("no connection indicator");
    seen.push(indicator.dataset["state"] ?? "");
    new MutationObserver(() => {
      const state = indicator.dataset["state"] ?? "";
      if (seen[seen.length - 1] !== state) seen.push(state);
    }).observe(indicator, {
      attributes: true,
      attributeFilter: ["data-state"],
    });
  });
}

function seenStates(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { seenStates: string[] }).seenStates,
  );
}

beforeAll(async () => {
  anna = await app.pageOnRoundAs(people.anna, 1);
  erik = await app.pageOnRoundAs(people.erik, 1);
});

describe("reconnect after a server restart", () => {
  it("shows reconnecting, then connected, and a post made meanwhile appears exactly once", async () => {
    const title = await firstThreadTitle(anna);
    const before = await postIds(anna);
    await recordStates(anna);
    const navigations: string[] = [];
    anna.on("framenavigated", (frame) => navigations.push(frame.url()));

    const exit = await app.server.stop(); // SIGTERM: WebSockets closed with 1001
    expect(exit).toEqual({ code: 0, signal: null });
    await waitForConnection(anna, "resuming", 10_000);
    expect(await anna.locator("#connection-state").textContent()).toContain(
      "Återansluter…",
    );
    // Where the person is working, not only in the header: a notice in the window.
    const notice = anna.locator("#connection-notice");
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain(
      "Anslutningen till servern bröts. Återansluter…",
    );
    expect(
      await notice.getByRole("button", { name: "Försök nu" }).isVisible(),
    ).toBe(true);
    await expectNoViolations(anna);
    // A restart that takes a few seconds: long enough for a doubling backoff to have grown.
    await anna.waitForTimeout(4000);

    await app.server.restart(); // same port, same database
    const back = Date.now();
    await waitForConnection(anna, "connected", 10_000);
    const took = Date.now() - back;
    // Within about a second of the server being back (the backoff stays at or under 1 s for
    // the first 30 s of an outage), with some room for a busy test machine.
    expect(took).toBeLessThan(2000);
    await expect.poll(() => notice.textContent()).toContain("Ansluten igen.");
    await expect.poll(() => notice.isVisible(), { timeout: 6000 }).toBe(false);
    await waitForConnection(erik, "connected");
    const text = `Kiruna kommun efter omstarten ${Date.now()}`;
    await postInThread(erik, title, text);

    await expect
      .poll(() => postsWithText(anna, text), { timeout: 15_000 })
      .toBe(1);
    expect(await anna.locator("#connection-state").textContent()).toContain(
      "Ansluten",
    );
    const states = await seenStates(anna);
    expect(states[0]).toBe("connected");
    expect(states).toContain("resuming");
    expect(states[states.length - 1]).toBe("connected");
    expect(navigations).toEqual([]); // it came back without a reload

    // Nothing lost, nothing doubled: the old posts plus exactly the new one, same as Erik's.
    const after = await postIds(anna);
    expect(new Set(after).size).toBe(after.length);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
    expect(after).toEqual(await postIds(erik));
  });

  it("catches up from the last seq on a post made while it could not connect", async () => {
    // A second browser for Anna whose WebSocket goes through a switch the test controls:
    // Playwright forwards it to the real server, or refuses it while Anna is "away".
    const { page: away } = await app.newPage();
    let blocked = false;
    let attempts = 0;
    let current: WebSocketRoute | null = null;
    await away.routeWebSocket(/\/ws$/, (route) => {
      attempts += 1;
      if (blocked) {
        route.close({ code: 1011, reason: "test: unreachable" });
        return;
      }
      current = route;
      route.connectToServer();
    });
    await loginAs(away, people.anna);
    await openRound(away, 1);
    const title = await firstThreadTitle(away);

    blocked = true;
    (current as WebSocketRoute | null)?.close({
      code: 1001,
      reason: "test: going away",
    });
    await waitForConnection(away, "resuming", 10_000);
    const text = `Skrivet medan Malmö var frånkopplat ${Date.now()}`;
    await postInThread(erik, title, text);
    await away.waitForTimeout(1500); // a few refused reconnect attempts
    expect(await postsWithText(away, text)).toBe(0);
    expect(await connectionState(away)).toBe("resuming");

    // Anna tries to post meanwhile: the page says it is not connected and keeps her text.
    const draft = "Skrivet utan anslutning";
    const field = away.getByLabel(`Nytt inlägg i tråden ${title}`);
    await field.fill(draft);
    await away
      .locator("section.thread form.thread-composer")
      .getByRole("button", { name: "Publicera inlägg" })
      .click();
    const error = away.locator(
      "section.thread form.thread-composer .field-error",
    );
    await expect.poll(() => error.textContent()).toContain("Inte ansluten");

    // "Försök nu" tries again at once. The server stays unreachable until the click has been
    // made: were it reachable before, an automatic attempt (one a second) could get through
    // first and take the button away under the click.
    const before = attempts;
    await away
      .locator("#connection-notice")
      .getByRole("button", { name: "Försök nu" })
      .click();
    await expect.poll(() => attempts, { timeout: 500 }).toBeGreaterThan(before);
    blocked = false;
    await waitForConnection(away, "connected", 30_000);
    // Back: the "not connected" error has gone, the text is still there to send.
    await expect.poll(() => error.textContent()).toBe("");
    expect(await field.inputValue()).toBe(draft);
    await expect
      .poll(() => postsWithText(away, text), { timeout: 15_000 })
      .toBe(1);
    const ids = await postIds(away);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await postIds(erik));
    // Missed posts from others are announced once the page has caught up.
    await expect
      .poll(() => away.locator("#announcer").textContent())
      .toContain("Nytt inlägg från Erik Nilsson, Kiruna kommun");
    await away.context().close();
  });
});
