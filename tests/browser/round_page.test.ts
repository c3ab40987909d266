// The round page as people work in it (issue 7, "A round page people can work in"): threads as a
// list with one open, a link to every post that lands on it, "N nya inlägg" where the reader is
// while their place stays put, replies that stay readable on a phone, Markdown tables, links and
// long strings, characters instead of bytes, a preview, and Swedish posts marked as Swedish in
// the English interface. axe-core checks the states this adds, in Swedish and English.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  loginAs,
  openRound,
  openThread,
  people,
  postBox,
  setUpServerAndBrowser,
  type Writer,
  waitForConnection,
} from "./support/browser";

const app = setUpServerAndBrowser();
const ROUND = 1;
const LONG = "Långa tråden";
const OTHER = "En annan tråd";
const DEEP = "Djupa svar";
let longThread = 0;
let otherThread = 0;
let deepThread = 0;
// Posts of the long thread, oldest first.
const longPosts: number[] = [];
// The chain of replies in the deep thread, each answering the one before.
const chain: number[] = [];
let urlPost = 0;
let tablePost = 0;
let sara: Writer;
let lena: Writer;
let erik: Writer;

const LONG_URL = `https://www.regeringen.se/rattsliga-dokument/${"statens-offentliga-utredningar-".repeat(8)}sou-201847`;
const TABLE = [
  "| Kommun | Riktade bidrag 2025 (kronor) | Andel av budgeten | Kommentar från kommunen |",
  "|:--|--:|:-:|---|",
  "| Socialtjänstförvaltningen, Kiruna kommun | 12 400 000 | 3,1 % | Flera bidrag söks inte alls på grund av administrationen |",
  "| Utbildningsförvaltningen, Malmö stad | 310 000 000 | 2,4 % | Korta ansökningsfönster försvårar långsiktig verksamhetsplanering |",
].join("\n");

async function onRound(
  email: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const { page } = await app.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await loginAs(page, email);
  await openRound(page, ROUND);
  return page;
}

function pillText(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const pill = document.querySelector<HTMLElement>(".new-posts");
    return pill && !pill.hidden ? (pill.textContent ?? "") : null;
  });
}

beforeAll(async () => {
  sara = await app.writerAs(people.secretariat);
  lena = await app.writerAs(people.lena);
  erik = await app.writerAs(people.erik);
  longThread = await sara.thread(ROUND, LONG);
  otherThread = await sara.thread(ROUND, OTHER);
  deepThread = await sara.thread(ROUND, DEEP);
  for (let i = 1; i <= 24; i += 1) {
    const writer = i % 2 === 0 ? lena : erik;
    longPosts.push(
      await writer.post(
        ROUND,
        longThread,
        `Inlägg nummer ${i} i den långa tråden.\n\nEtt andra stycke så att inlägget tar lite plats på sidan, som ett riktigt inlägg gör.`,
      ),
    );
  }
  let parent: number | null = null;
  for (let i = 1; i <= 10; i += 1) {
    const writer = i % 2 === 0 ? lena : erik;
    parent = await writer.post(
      ROUND,
      deepThread,
      `Svar på nivå ${i - 1}: vi ser det på samma sätt, med ett tillägg.`,
      parent,
    );
    chain.push(parent);
  }
  urlPost = await erik.post(ROUND, deepThread, `Se utredningen: ${LONG_URL}`);
  tablePost = await lena.post(
    ROUND,
    deepThread,
    `Våra siffror:\n\n${TABLE}\n\nMer på www.skr.se.`,
  );
});

describe("threads", () => {
  it("lists every thread with its count, opens one at a time, and has an address for each", async () => {
    const anna = await onRound(people.anna);
    const entry = anna.locator(".thread-list a", {
      has: anna.locator(".thread-link-title", { hasText: LONG }),
    });
    expect(await entry.textContent()).toContain("24 inlägg");
    expect(await entry.textContent()).toContain("24 nya");
    expect(await anna.locator("section.thread").count()).toBe(1);
    await openThread(anna, LONG);
    expect(anna.url()).toMatch(
      new RegExp(`#/rounds/${ROUND}/threads/${longThread}$`),
    );
    expect(await anna.locator("section.thread").count()).toBe(1);
    expect(await entry.getAttribute("aria-current")).toBe("true");
    // Focus moves to the opened thread's heading.
    expect(await anna.evaluate(() => document.activeElement?.textContent)).toBe(
      LONG,
    );
    // Back returns to the thread that was open before, without loading the page again.
    await anna.evaluate(() => {
      (window as unknown as { samePage: boolean }).samePage = true;
    });
    await anna.goBack();
    await expect
      .poll(() => anna.locator("section.thread h3").textContent())
      .not.toBe(LONG);
    expect(
      await anna.evaluate(
        () => (window as unknown as { samePage?: boolean }).samePage,
      ),
    ).toBe(true);
    await anna.context().close();
  });
});

describe("a link to every post", () => {
  it("copies a post's link, which lands another person on that post", async () => {
    const anna = await onRound(people.anna);
    await anna
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"]);
    await openThread(anna, LONG);
    const target = longPosts[17]!;
    const post = anna.locator(`#post-${target} > article`);
    expect(await post.locator(".post-time").getAttribute("href")).toBe(
      `#/rounds/${ROUND}/posts/${target}`,
    );
    await post.getByRole("button", { name: /^Kopiera länk/ }).click();
    await expect
      .poll(() => post.locator(".action-feedback").textContent())
      .toBe("Länken är kopierad.");
    const copied = await anna.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(
      `${app.server.baseUrl}/#/rounds/${ROUND}/posts/${target}`,
    );

    // Someone who gets the link in an e-mail and is not logged in yet: log in, land on it.
    const { page: reader } = await app.newPage();
    await reader.goto(copied);
    await reader.getByLabel("E-postadress").fill(people.maria);
    await reader.getByLabel("Lösenord").fill("samrad-demo");
    await reader.getByRole("button", { name: "Logga in" }).click();
    await expect
      .poll(async () => (await postBox(reader, target)).inView, {
        timeout: 15_000,
      })
      .toBe(true);
    expect((await postBox(reader, target)).focused).toBe(true);
    expect(
      await reader.locator(`#post-${target} > article`).getAttribute("class"),
    ).toContain("post-target");
    expect(await reader.locator("section.thread h3").textContent()).toBe(LONG);
    await expectNoViolations(reader);

    // A link written inside a post as "#post-N" goes to that post of the round on screen.
    await reader.evaluate((id) => {
      window.location.hash = `#post-${id}`;
    }, longPosts[2]!);
    await expect
      .poll(() => reader.url())
      .toMatch(new RegExp(`#/rounds/${ROUND}/posts/${longPosts[2]}$`));
    await expect
      .poll(async () => (await postBox(reader, longPosts[2]!)).inView)
      .toBe(true);

    // A post that is not in the round says so, where the person is looking.
    await reader.goto(`/#/rounds/${ROUND}/posts/999999`);
    await reader.getByText("Inlägget som länken pekar på finns inte").waitFor();
    await reader.context().close();
    await anna.context().close();
  });
});

describe("new posts where the reader is", () => {
  it("shows 'N nya inlägg' to a reader scrolled elsewhere, keeps their place, and takes them there", async () => {
    const anna = await onRound(people.anna);
    await openThread(anna, LONG);
    // Anna reads the start of the long thread; its end is far below.
    const firstBox = await postBox(anna, longPosts[0]!);
    const y = await anna.evaluate(() => window.scrollY);
    expect(await pillText(anna)).toBeNull();

    const fresh = await erik.post(
      ROUND,
      longThread,
      `Kiruna kommun har ett nytt inlägg ${Date.now()}`,
    );
    await expect
      .poll(() => pillText(anna), { timeout: 10_000 })
      .toContain("1 nytt inlägg");
    expect(await pillText(anna)).toContain("nedanför");
    expect(await anna.evaluate(() => window.scrollY)).toBe(y);
    expect((await postBox(anna, longPosts[0]!)).top).toBeCloseTo(
      firstBox.top,
      0,
    );
    expect((await postBox(anna, fresh)).inView).toBe(false);
    await expectNoViolations(anna);

    await anna.locator(".new-posts-button").click();
    await expect
      .poll(async () => (await postBox(anna, fresh)).inView)
      .toBe(true);
    expect((await postBox(anna, fresh)).focused).toBe(true);
    await expect.poll(() => pillText(anna)).toBeNull();
    await anna.context().close();
  });

  it("keeps the reader's place when a reply lands above, and counts news in other threads", async () => {
    const anna = await onRound(people.anna);
    await openThread(anna, LONG);
    // Scroll so that post 15 is at the top of the window.
    const anchor = longPosts[14]!;
    await anna
      .locator(`#post-${anchor} > article`)
      .evaluate((el) => el.scrollIntoView({ block: "start" }));
    await anna.waitForTimeout(300);
    const before = await postBox(anna, anchor);

    const reply = await lena.post(
      ROUND,
      longThread,
      "Ett sent svar på det andra inlägget.",
      longPosts[1]!,
    );
    await anna.locator(`#post-${reply}`).waitFor({ timeout: 10_000 });
    const after = await postBox(anna, anchor);
    expect(Math.abs(after.top - before.top)).toBeLessThanOrEqual(1);
    await expect.poll(() => pillText(anna)).toContain("ovanför");

    const elsewhere = await erik.post(
      ROUND,
      otherThread,
      "Ett inlägg i en annan tråd.",
    );
    await expect.poll(() => pillText(anna)).toContain("2 nya inlägg");
    const otherEntry = anna.locator(".thread-list a", {
      has: anna.locator(".thread-link-title", { hasText: OTHER }),
    });
    await expect.poll(() => otherEntry.textContent()).toContain("1 nytt");
    expect((await postBox(anna, anchor)).top).toBeCloseTo(before.top, 0);

    // The oldest news first: the reply above, then the post in the other thread.
    await anna.locator(".new-posts-button").click();
    await expect
      .poll(async () => (await postBox(anna, reply)).inView)
      .toBe(true);
    await expect
      .poll(() => pillText(anna))
      .toContain(`1 nytt inlägg i ${OTHER}`);
    await anna.locator(".new-posts-button").click();
    await expect
      .poll(async () => (await postBox(anna, elsewhere)).focused)
      .toBe(true);
    expect(await anna.locator("section.thread h3").textContent()).toBe(OTHER);
    await expect.poll(() => otherEntry.textContent()).not.toContain("nytt");
    await expect.poll(() => pillText(anna)).toBeNull();
    await anna.context().close();
  });

  it("remembers what was read: after a reload only the unread posts are new", async () => {
    const anna = await onRound(people.anna);
    const entry = anna.locator(".thread-list a", {
      has: anna.locator(".thread-link-title", { hasText: OTHER }),
    });
    // Read in the previous test (the same browser storage is not shared between contexts, so
    // this context has read nothing yet).
    expect(await entry.textContent()).toContain("1 nytt");
    await openThread(anna, OTHER);
    await expect.poll(() => entry.textContent()).not.toContain("nytt");
    await anna.waitForTimeout(1200); // read marks are saved a moment later
    await anna.reload();
    await openRound(anna, ROUND);
    expect(await entry.textContent()).not.toContain("nytt");
    await anna.getByRole("button", { name: "Markera allt som läst" }).click();
    await expect
      .poll(() => anna.locator(".thread-unread:not([hidden])").count())
      .toBe(0);
    await anna.context().close();
  });
});

describe("on a phone (390×844)", () => {
  it("keeps deep replies, a long web address and a wide table readable, without sideways scrolling", async () => {
    const anna = await onRound(people.anna, { width: 390, height: 844 });
    const cspErrors: string[] = [];
    anna.on("console", (message) => {
      if (/Content Security Policy|Refused to apply/.test(message.text()))
        cspErrors.push(message.text());
    });
    await openThread(anna, DEEP);
    await anna.locator(`#post-${tablePost}`).waitFor();

    const page = await anna.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(page.scrollWidth).toBeLessThanOrEqual(page.clientWidth);
    expect(page.clientWidth).toBe(390);

    // Nesting stops at three levels: the tenth reply is as wide as the fourth.
    const widths = await Promise.all(
      chain.map(async (id) => (await postBox(anna, id)).width),
    );
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(250);
    expect(widths[9]).toBe(widths[3]);
    // Deeper replies say whom they answer, with a link to that post.
    const deep = anna.locator(`#post-${chain[6]} > article .reply-context`);
    expect(await deep.textContent()).toContain("Svar till");
    expect(await deep.locator("a").getAttribute("href")).toBe(
      `#/rounds/${ROUND}/posts/${chain[5]}`,
    );
    expect(
      await anna.locator(`#post-${chain[2]} > article .reply-context`).count(),
    ).toBe(0);

    // The pasted address wraps inside its post and is a link.
    const url = anna.locator(`#post-${urlPost} .post-text a`);
    expect(await url.getAttribute("href")).toBe(LONG_URL);
    expect(await url.getAttribute("rel")).toBe("noopener noreferrer");
    const urlBox = await postBox(anna, urlPost);
    const linkBox = await url.boundingBox();
    expect(linkBox!.x + linkBox!.width).toBeLessThanOrEqual(390);
    expect(urlBox.width).toBeLessThan(390);

    // The table has ruled cells, scrolls inside its post, and its columns are aligned.
    const table = await anna
      .locator(`#post-${tablePost} .table-scroll`)
      .evaluate((box) => {
        const cell = box.querySelector("tbody td:nth-child(2)")!;
        const centred = box.querySelector("tbody td:nth-child(3)")!;
        return {
          scrolls: box.scrollWidth > box.clientWidth,
          width: box.getBoundingClientRect().width,
          border: getComputedStyle(cell).borderTopStyle,
          align: getComputedStyle(cell).textAlign,
          centre: getComputedStyle(centred).textAlign,
          styleAttributes: box.querySelectorAll("[style]").length,
        };
      });
    expect(table).toMatchObject({
      scrolls: true,
      border: "solid",
      align: "right",
      centre: "center",
      styleAttributes: 0,
    });
    expect(table.width).toBeLessThan(390);
    expect(
      await anna
        .locator(`#post-${tablePost} .post-text a[href="http://www.skr.se"]`)
        .count(),
    ).toBe(1);
    expect(cspErrors).toEqual([]);
    await expectNoViolations(anna);
    await anna.context().close();
  });
});

describe("writing", () => {
  it("counts characters, not bytes, near and over the limit", async () => {
    const secretariat = await onRound(people.secretariat);
    const field = secretariat.getByLabel("Rubrik för den nya tråden");
    await field.fill("å".repeat(130));
    await expect
      .poll(() => secretariat.locator(".thread-form .char-count").textContent())
      .toBe("Ungefär 20 tecken kvar");
    await field.fill("a".repeat(320));
    await expect
      .poll(() => secretariat.locator(".thread-form .char-count").textContent())
      .toBe("20 tecken för mycket");
    await secretariat.getByRole("button", { name: "Skapa tråd" }).click();
    await expect
      .poll(() =>
        secretariat.locator(".thread-form .field-error").textContent(),
      )
      .toBe("Texten är för lång. Ta bort minst 20 tecken.");
    expect(await secretariat.locator("main").textContent()).not.toContain(
      "byte",
    );
    await field.fill("a".repeat(280));
    await expect
      .poll(() =>
        secretariat.locator(".thread-form .field-error").textContent(),
      )
      .toBe("");
    expect(
      await secretariat.locator(".thread-form .char-count").textContent(),
    ).toBe("20 tecken kvar");
    await secretariat.context().close();
  });

  it("previews a post before it is published", async () => {
    const anna = await onRound(people.anna);
    await openThread(anna, OTHER);
    const field = anna.getByLabel(`Nytt inlägg i tråden ${OTHER}`);
    await field.fill(
      "Malmö stad **tillstyrker** med en reservation, se www.malmo.se.",
    );
    await anna
      .locator("section.thread form.thread-composer")
      .getByRole("button", { name: "Förhandsgranska" })
      .click();
    const preview = anna.locator(
      "section.thread form.thread-composer .composer-preview",
    );
    expect(await preview.locator("strong").textContent()).toBe("tillstyrker");
    expect(await preview.locator("a").getAttribute("href")).toBe(
      "http://www.malmo.se",
    );
    await field.fill("Ändrat till **avstyrker**.");
    await expect
      .poll(() => preview.locator("strong").textContent())
      .toBe("avstyrker");
    await expectNoViolations(anna);
    expect(await field.inputValue()).toBe("Ändrat till **avstyrker**."); // nothing was sent
    await anna.context().close();
  });
});

describe("in English", () => {
  it("marks what people wrote as Swedish, and has no axe violations", async () => {
    const { page } = await app.newPage();
    await page.goto("/");
    await page.getByRole("button", { name: "English" }).click();
    await page.getByLabel("Email address").fill(people.anna);
    await page.getByLabel("Password").fill("samrad-demo");
    await page.getByRole("button", { name: "Log in" }).click();
    await page
      .getByRole("heading", { level: 1, name: "My consultation rounds" })
      .waitFor();
    await page.goto(`/#/rounds/${ROUND}/posts/${chain[8]}`);
    await waitForConnection(page, "connected");
    await expect
      .poll(async () => (await postBox(page, chain[8]!)).inView)
      .toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await page.locator("h1").getAttribute("lang")).toBe("sv");
    expect(await page.locator(".proposal-text").getAttribute("lang")).toBe(
      "sv",
    );
    const langs = await page
      .locator(".post-text")
      .evaluateAll((els) => els.map((el) => el.getAttribute("lang")));
    expect(langs.length).toBeGreaterThan(5);
    expect(new Set(langs)).toEqual(new Set(["sv"]));
    expect(await page.locator("section.thread h3").getAttribute("lang")).toBe(
      "sv",
    );
    expect(await page.locator(".thread-list").textContent()).toContain("posts");
    expect(
      await page.locator(`#post-${chain[8]} .reply-context`).textContent(),
    ).toContain("Reply to");
    await page
      .locator(`#post-${chain[8]}`)
      .getByRole("button", { name: /^Reply/ })
      .click();
    await expectNoViolations(page);
    await page.context().close();
  });
});
