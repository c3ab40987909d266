// Two instances on one PostgreSQL database with Redis between them: a post written through one
// instance appears live, once, in a browser viewing the round on the other.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startCluster, type Cluster } from "../integration/support/cluster";
import { cleanupAll, sleep } from "../integration/support/server";
import {
  firstThreadTitle,
  launchBrowser,
  loginAs,
  newPage,
  openRound,
  pageErrors,
  people,
  postsWithText,
  staticDir,
} from "./support/browser";

let cluster: Cluster;
let browser: Browser | undefined;
let erik: Page;

beforeAll(async () => {
  cluster = await startCluster({
    instances: 2,
    args: ["--static-dir", staticDir],
  });
  browser = await launchBrowser();
  // Loaded from the second instance's own address: it only accepts its own Origin.
  erik = (await newPage(browser, cluster.servers[1]!)).page;
  await loginAs(erik, people.erik);
  await openRound(erik, 1);
});
afterAll(async () => {
  await browser?.close();
  await cleanupAll();
});
afterEach(() => {
  expect(pageErrors).toEqual([]);
});

describe("live posts across instances", () => {
  it("a post made through the first instance appears on the second instance's page within 2 s, once", async () => {
    const threadTitle = await firstThreadTitle(erik);
    const anna = await cluster.servers[0]!.connectAs(people.anna);
    const { replay } = await anna.subscribe(1, 0);
    const thread = replay.find(
      (e) => e.kind === "thread_created" && e.data.title === threadTitle,
    );
    expect(
      thread,
      `a thread_created event titled ${threadTitle}`,
    ).toBeDefined();
    const body = "Skrivet via den första instansen, läst på den andra";

    await anna.ok("create_post", {
      round_id: 1,
      thread_id: thread!.data.thread_id,
      body,
    });
    await expect
      .poll(() => postsWithText(erik, body), { timeout: 2_000 })
      .toBe(1);
    // A second copy, if the page received the event twice, would show by now.
    await sleep(500);
    expect(await postsWithText(erik, body)).toBe(1);
    await anna.close();
  });
});
