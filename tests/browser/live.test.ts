// Two people in two browsers on the same round: what one posts appears live for the other,
// without a reload, exactly once, and is announced politely to screen-reader users.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  firstThreadTitle,
  openRound,
  people,
  postIds,
  postInThread,
  postsWithText,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();
let anna: Page;
let erik: Page;

beforeAll(async () => {
  anna = await app.pageLoggedInAs(people.anna);
  erik = await app.pageLoggedInAs(people.erik);
});

describe("live posts between two browsers", () => {
  it("lists the rounds each person may see", async () => {
    const titles = await anna.locator(".round-list h2").allTextContents();
    expect(titles).toContain("Generella statsbidrag som huvudprincip");
    // A draft that invites Malmö stad: listed, to be consulted on before it opens.
    expect(titles).toContain("Tillitsbaserad tillsyn inom skolan");
    // Malmö stad is not invited to round 2.
    expect(titles).not.toContain(
      "Nationell konsultationsordning för hälso- och sjukvård",
    );
    // Kiruna kommun is not invited to round 2.
    const erikTitles = await erik.locator(".round-list h2").allTextContents();
    expect(erikTitles).toContain("Generella statsbidrag som huvudprincip");
    expect(erikTitles).not.toContain(
      "Nationell konsultationsordning för hälso- och sjukvård",
    );
  });

  it("shows the round: title, phase, proposal, its threads, one open with its reply tree", async () => {
    await anna
      .getByRole("link", { name: "Generella statsbidrag som huvudprincip" })
      .click();
    await expect
      .poll(() => anna.locator("h1").textContent())
      .toBe("Generella statsbidrag som huvudprincip");
    // Focus moves to the new page's heading.
    await expect
      .poll(() => anna.evaluate(() => document.activeElement?.tagName))
      .toBe("H1");
    await openRound(anna, 1);
    await openRound(erik, 1);
    expect(await anna.locator(".round-meta .phase").textContent()).toBe(
      "Öppen",
    );
    expect(await anna.locator(".proposal-text").textContent()).not.toBe("");
    // Every thread is listed with its number of posts; the first one is open.
    const threads = anna.locator(".thread-list li");
    expect(await threads.count()).toBeGreaterThanOrEqual(2);
    expect(await threads.first().textContent()).toMatch(/\d+ inlägg/);
    expect(await anna.locator("section.thread").count()).toBe(1);
    expect(
      await anna
        .locator(".thread-list a[aria-current='true'] .thread-link-title")
        .textContent(),
    ).toBe(await anna.locator("section.thread h3").textContent());
    // The demo round has replies: nested lists inside posts.
    expect(
      await anna.locator("li.post-item ul.replies li.post-item").count(),
    ).toBeGreaterThan(0);
    // Every post names its author, organisation and time.
    const meta = anna.locator(".post-meta").first();
    expect(await meta.locator(".post-author").textContent()).not.toBe("");
    expect(await meta.locator(".post-org").textContent()).not.toBe("");
    expect(await meta.locator("time").getAttribute("datetime")).toMatch(
      /^\d{4}-\d\d-\d\dT/,
    );
    // Both see the same posts.
    expect(await postIds(erik)).toEqual(await postIds(anna));
  });

  it("delivers Anna's post to Erik live, once, and announces it", async () => {
    const title = await firstThreadTitle(anna);
    const navigations: string[] = [];
    erik.on("framenavigated", (frame) => navigations.push(frame.url()));
    const text = `Malmö stad tillstyrker förslaget ${Date.now()}`;
    await postInThread(anna, title, text);

    const thread = erik.locator("section.thread", {
      has: erik.getByRole("heading", { name: title, exact: true }),
    });
    await expect
      .poll(
        () => thread.locator(".post-text").filter({ hasText: text }).count(),
        { timeout: 10_000 },
      )
      .toBe(1);
    expect(navigations).toEqual([]); // no reload
    const post = erik.locator("li.post-item", {
      has: erik.locator(".post-text", { hasText: text }),
    });
    expect(await post.locator(".post-author").first().textContent()).toBe(
      "Anna Lind",
    );
    expect(await post.locator(".post-org").first().textContent()).toBe(
      "Malmö stad",
    );
    await expect
      .poll(() => erik.locator("#announcer").textContent())
      .toContain("Nytt inlägg från Anna Lind, Malmö stad");
    expect(await erik.locator("#announcer").getAttribute("aria-live")).toBe(
      "polite",
    );
    // Anna sees her own post once too, and is not told about it as news.
    expect(await postsWithText(anna, text)).toBe(1);
    expect(await anna.locator("#announcer").textContent()).not.toContain(
      "Nytt inlägg från Anna Lind",
    );
  });

  it("nests Erik's reply under Anna's post, live in Anna's browser", async () => {
    const parentText =
      (await anna.locator(".post-text").last().textContent())?.trim() ?? "";
    const parent = erik
      .locator("li.post-item", {
        has: erik.locator(":scope > article .post-text", {
          hasText: parentText,
        }),
      })
      .last();
    const parentId = await parent.getAttribute("id");
    await parent
      .locator(":scope > article")
      .getByRole("button", { name: /^Svara/ })
      .click();
    const field = erik.getByLabel(/^Ditt svar till/);
    await expect
      .poll(() => erik.evaluate(() => document.activeElement?.tagName))
      .toBe("TEXTAREA");
    const reply = `Kiruna kommun instämmer ${Date.now()}`;
    await field.fill(reply);
    await field.press("Control+Enter");
    await expect
      .poll(() =>
        erik
          .locator(`#${parentId} > ul.replies .post-text`)
          .filter({ hasText: reply })
          .count(),
      )
      .toBe(1);
    await expect
      .poll(
        () =>
          anna
            .locator(`#${parentId} > ul.replies .post-text`)
            .filter({ hasText: reply })
            .count(),
        { timeout: 10_000 },
      )
      .toBe(1);
    const replyPost = anna
      .locator(`#${parentId} > ul.replies > li.post-item`)
      .last();
    expect(await replyPost.locator(".post-author").first().textContent()).toBe(
      "Erik Nilsson",
    );
    expect(await replyPost.locator(".post-org").first().textContent()).toBe(
      "Kiruna kommun",
    );
  });

  it("shows every post exactly once after a reload (the fold matches the store)", async () => {
    const live = await postIds(anna);
    expect(new Set(live).size).toBe(live.length);
    await anna.reload();
    await openRound(anna, 1);
    expect(await postIds(anna)).toEqual(live);
  });
});
