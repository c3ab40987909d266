// Reconnect after a server restart: the page says it is reconnecting, comes back by itself,
// resumes each round from the last seq it saw, and a post written by someone else while it was
// away appears exactly once.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page, WebSocketRoute } from "playwright-core";
import {
  connectionState,
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

    await app.server.restart(); // same port, same database
    await waitForConnection(erik, "connected");
    const text = `Kiruna kommun efter omstarten ${Date.now()}`;
    await postInThread(erik, title, text);

    await waitForConnection(anna, "connected");
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
    let current: WebSocketRoute | null = null;
    await away.routeWebSocket(/\/ws$/, (route) => {
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

    blocked = false;
    await waitForConnection(away, "connected", 30_000);
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
