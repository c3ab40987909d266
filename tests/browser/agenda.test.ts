// The agenda in the browser (issue 7): a representative proposes an item and the secretariat
// decides it, declining only with a reason; the secretariat moves, locks and pins threads and
// revises the proposal; every change reaches the others live, what it means is said where they
// read (a note on the thread, a badge in the list, a pinned post on top, the version a post
// answered), and the secretariat's controls keep focus where the person is working. axe-core
// finds no violations, in Swedish and English, on a desktop and a phone.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  loginAs,
  openRound,
  openThread,
  people,
  postInThread,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();
const ROUND = 1; // open, every demo organisation invited

function threadTitles(page: Page): Promise<string[]> {
  return page.locator(".thread-list .thread-link-title").allTextContents();
}

/** The thread list entry with this title: its whole text (title, badge, counts). */
function listEntry(page: Page, title: string): Promise<string | null> {
  return page
    .locator(".thread-list a", {
      has: page.locator(".thread-link-title", { hasText: title }),
    })
    .first()
    .textContent();
}

function focusedText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.textContent ?? null);
}

function openThreadText(page: Page): Promise<string | null> {
  return page.locator("section.thread").first().textContent();
}

describe("agenda items", () => {
  const item = "Tillsynens kostnader";

  it("a representative proposes one; the secretariat declines it only with a reason, and the proposer sees the decision live", async () => {
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    // The secretariat adds threads itself; it has no proposal form, and an observer has none.
    expect(
      await sec.getByRole("heading", { name: "Föreslå en punkt" }).count(),
    ).toBe(0);
    const eva = await app.pageOnRoundAs(people.eva, ROUND);
    expect(
      await eva.getByRole("heading", { name: "Föreslå en punkt" }).count(),
    ).toBe(0);
    await eva.context().close();

    // A title is required; the form says so at the field.
    await anna.getByRole("button", { name: "Föreslå punkten" }).click();
    await anna.getByText("Skriv en rubrik för punkten.").waitFor();
    expect(
      await anna
        .getByLabel("Rubrik")
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);

    await anna.getByLabel("Rubrik").fill(item);
    await anna
      .getByLabel("Motivering (frivillig)")
      .fill("Kommunerna behöver veta\nvad tillsynen kostar.");
    await anna.getByRole("button", { name: "Föreslå punkten" }).click();
    const done = anna.getByRole("status").filter({ hasText: "är föreslagen" });
    await done.waitFor();
    expect(await done.textContent()).toContain(
      `Din punkt ”${item}” är föreslagen.`,
    );
    expect(await focusedText(anna)).toContain("är föreslagen");
    expect(await anna.getByLabel("Rubrik").inputValue()).toBe("");
    await expect
      .poll(() => listEntry(anna, item))
      .toContain("Föreslagen punkt");
    await anna.getByRole("link", { name: "Visa punkten" }).click();
    await anna.locator("section.thread h3", { hasText: item }).waitFor();
    const note = await openThreadText(anna);
    expect(note).toContain("Föreslagen av Anna Lind (Malmö stad)");
    expect(note).toContain("Kommunerna behöver veta\nvad tillsynen kostar.");
    expect(note).toContain("Sekretariatet har inte beslutat om punkten ännu.");
    // No forms in an item that takes no posts, and no "no posts yet" either.
    expect(await anna.locator("section.thread textarea").count()).toBe(0);
    expect(await anna.locator("section.thread .empty:visible").count()).toBe(0);
    await expectNoViolations(anna);

    // The secretariat sees it arrive, with its badge, and opens it.
    await expect.poll(() => listEntry(sec, item)).toContain("Föreslagen punkt");
    await openThread(sec, item);
    await sec
      .getByRole("heading", { name: "Sekretariatets verktyg" })
      .waitFor();
    await expectNoViolations(sec);
    // Declining needs a reason: the form says so and sends nothing.
    await sec.getByRole("button", { name: "Avslå" }).click();
    await sec.getByText("Skriv varför punkten avslås.").waitFor();
    expect(
      await sec
        .getByLabel("Skäl eller kommentar")
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    expect(await listEntry(anna, item)).toContain("Föreslagen punkt");

    await sec
      .getByLabel("Skäl eller kommentar")
      .fill("Kostnaderna tas upp i tillsynsutredningen.");
    await sec.getByRole("button", { name: "Avslå" }).click();
    await expect.poll(() => focusedText(sec)).toContain("Punkten är avslagen.");
    await expect.poll(() => listEntry(sec, item)).toContain("Avslagen punkt");
    expect(await sec.getByRole("button", { name: "Avslå" }).count()).toBe(0);

    // The proposer reads the decision where she is, live.
    await expect
      .poll(() => openThreadText(anna))
      .toContain("Avslogs av Sara Ekström");
    expect(await openThreadText(anna)).toContain(
      "Skäl: Kostnaderna tas upp i tillsynsutredningen.",
    );
    expect(await openThreadText(anna)).toContain(
      "Punkten tar inte emot inlägg.",
    );
    expect(await listEntry(anna, item)).toContain("Avslagen punkt");
    await expectNoViolations(anna);
    await anna.context().close();
    await sec.context().close();
  });

  it("an accepted item takes posts from then on, with the secretariat's comment shown", async () => {
    const erik = await app.writerAs(people.erik);
    const { thread_id: itemId } = await erik.client.ok<{ thread_id: number }>(
      "propose_agenda_item",
      { round_id: ROUND, title: "Samverkan i glesbygd", motivation: "" },
    );
    await erik.close();
    const anna = await app.pageLoggedInAs(people.anna);
    await anna.goto(`/#/rounds/${ROUND}/threads/${itemId}`);
    await anna
      .locator("section.thread h3", { hasText: "Samverkan i glesbygd" })
      .waitFor();
    expect(await anna.locator("section.thread textarea").count()).toBe(0);

    const sec = await app.pageLoggedInAs(people.secretariat);
    await sec.goto(`/#/rounds/${ROUND}/threads/${itemId}`);
    await sec
      .getByLabel("Skäl eller kommentar")
      .fill("Tas upp som egen punkt.");
    await sec.getByRole("button", { name: "Ta upp på dagordningen" }).click();
    await expect
      .poll(() => focusedText(sec))
      .toContain("Punkten är upptagen på dagordningen och tar emot inlägg.");

    await anna
      .getByLabel("Nytt inlägg i tråden Samverkan i glesbygd")
      .waitFor();
    const note = await openThreadText(anna);
    expect(note).toContain("Föreslagen av Erik Nilsson (Kiruna kommun)");
    expect(note).toContain("Togs upp på dagordningen av Sara Ekström");
    expect(note).toContain("Sekretariatets kommentar: Tas upp som egen punkt.");
    expect(note).not.toContain("Motivering");
    await postInThread(
      anna,
      "Samverkan i glesbygd",
      "Malmö bidrar gärna med erfarenheter.",
    );
    await expect
      .poll(() => listEntry(sec, "Samverkan i glesbygd"))
      .toContain("1 inlägg");
    await anna.context().close();
    await sec.context().close();
  });
});

describe("the secretariat's tools on a thread", () => {
  it("moves a thread up by keyboard, keeping focus on the button; everyone's list follows", async () => {
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    const before = await threadTitles(sec);
    const second = before[1]!;
    await openThread(sec, second);
    const up = sec.getByRole("button", { name: "Flytta upp" });
    await up.focus();
    await sec.keyboard.press("Enter");
    const moved = [second, before[0]!, ...before.slice(2)];
    await expect.poll(() => threadTitles(sec)).toEqual(moved);
    await expect.poll(() => threadTitles(anna)).toEqual(moved);
    expect(await focusedText(sec)).toBe("Flytta upp");
    expect(await sec.locator(".thread-order p").textContent()).toMatch(
      /^Punkt 1 av \d+/,
    );
    // Now first: the button stays (and keeps focus) but says it cannot.
    expect(await up.getAttribute("aria-disabled")).toBe("true");
    await sec.keyboard.press("Enter");
    await sec.getByText("Punkten är redan först.").waitFor();
    expect(await threadTitles(sec)).toEqual(moved);
    // And back down.
    await sec.getByRole("button", { name: "Flytta ned" }).click();
    await expect.poll(() => threadTitles(anna)).toEqual(before);
    await anna.context().close();

    // Landing on the last thread by its address: its place is counted once the whole agenda
    // has arrived, not while the round is still loading.
    const lastHref = await sec
      .locator(".thread-list a")
      .last()
      .getAttribute("href");
    const fresh = await app.pageLoggedInAs(people.secretariat);
    await fresh.goto(`/${lastHref}`);
    await expect
      .poll(() => fresh.locator(".thread-order p").textContent())
      .toBe(`Punkt ${before.length} av ${before.length} på dagordningen`);
    expect(
      await fresh
        .getByRole("button", { name: "Flytta ned" })
        .getAttribute("aria-disabled"),
    ).toBe("true");
    expect(
      await fresh
        .getByRole("button", { name: "Flytta upp" })
        .getAttribute("aria-disabled"),
    ).toBeNull();
    await fresh.context().close();
    await sec.context().close();
  });

  it("locks a thread: a half-written post stays, read-only; unlocking gives the form back", async () => {
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    const title = (await threadTitles(sec))[0]!;
    await openThread(anna, title);
    const field = anna.getByLabel(`Nytt inlägg i tråden ${title}`);
    await field.fill("Ett utkast som inte får försvinna.");

    await openThread(sec, title);
    await sec.getByRole("button", { name: "Lås tråden" }).click();
    await expect.poll(() => focusedText(sec)).toBe("Lås upp tråden");
    await expect.poll(() => listEntry(anna, title)).toContain("Låst");
    await expect
      .poll(() => openThreadText(anna))
      .toContain("Tråden låstes av Sara Ekström");
    expect(await openThreadText(anna)).toContain(
      "Den tar inte emot nya inlägg.",
    );
    expect(await field.inputValue()).toBe("Ett utkast som inte får försvinna.");
    expect(await field.getAttribute("readonly")).not.toBeNull();
    expect(
      await anna
        .getByText("Tråden är låst. Det du skrev finns kvar här")
        .count(),
    ).toBeGreaterThan(0);
    expect(await anna.getByRole("button", { name: "Svara" }).count()).toBe(0);
    await expectNoViolations(anna);

    await sec.getByRole("button", { name: "Lås upp tråden" }).click();
    await expect.poll(() => field.getAttribute("readonly")).toBeNull();
    expect(await field.inputValue()).toBe("Ett utkast som inte får försvinna.");
    expect(await listEntry(anna, title)).not.toContain("Låst");
    await anna.context().close();
    await sec.context().close();
  });

  it("pins a post: everyone sees it on top of the thread, marked in place; unpinning takes it away", async () => {
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    const title = (await threadTitles(sec))[0]!;
    await openThread(anna, title);
    await openThread(sec, title);
    const lastPost = sec.locator("section.thread article.post").last();
    const text = (await lastPost.locator(".post-text").textContent())!.trim();
    await lastPost.getByRole("button", { name: /^Fäst överst/ }).click();
    await expect
      .poll(() => anna.locator(".pinned-post").textContent())
      .toContain(text.slice(0, 40));
    expect(await anna.locator(".pinned-post h4").textContent()).toBe(
      "Fäst inlägg",
    );
    expect(await anna.locator("article.post .pinned-mark").count()).toBe(1);
    await expect.poll(() => focusedText(sec)).toContain("Ta bort fästningen");
    await expectNoViolations(anna);
    await anna.getByRole("link", { name: "Gå till inlägget i tråden" }).click();
    await expect
      .poll(() =>
        anna.evaluate(() => document.activeElement?.classList.contains("post")),
      )
      .toBe(true);

    await sec
      .locator("section.thread article.post")
      .last()
      .getByRole("button", { name: /^Ta bort fästningen/ })
      .click();
    await expect.poll(() => anna.locator(".pinned-post").count()).toBe(0);
    expect(await anna.locator(".pinned-mark").count()).toBe(0);
    await anna.context().close();
    await sec.context().close();
  });
});

describe("proposal versions", () => {
  it("the secretariat revises the proposal; everyone reads version 2, the earlier one, and which posts answered it", async () => {
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    expect(await anna.locator(".proposal-version").count()).toBe(0);
    const firstText = (await anna
      .locator(".proposal > .proposal-text")
      .textContent())!;

    await sec.getByRole("button", { name: "Revidera förslaget" }).click();
    const field = sec.getByLabel("Förslagets nya text");
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    // Unchanged text is not a new version.
    await sec.getByRole("button", { name: "Spara som version 2" }).click();
    await sec.getByText("Texten är densamma som i version 1.").waitFor();
    await field.fill(
      "## Reviderat förslag\n\nRiktade bidrag förs över till det **generella** statsbidraget.",
    );
    await sec.getByRole("button", { name: "Spara som version 2" }).click();
    await expect
      .poll(() => focusedText(sec))
      .toContain("Förslaget är reviderat.");
    expect(
      await sec.locator(".proposal > .proposal-version").textContent(),
    ).toContain("Version 2, reviderad av Sara Ekström");

    await expect
      .poll(() => anna.locator(".proposal > .proposal-version").textContent())
      .toContain("Version 2, reviderad av Sara Ekström");
    expect(
      await anna.locator(".proposal > .proposal-text strong").textContent(),
    ).toBe("generella");
    // Malmö stad's position in round 1 has earlier versions too: the proposal's are meant.
    await anna
      .getByRole("region", { name: "Förslag", exact: true })
      .getByText("Tidigare versioner (1)")
      .click();
    const earlier = anna.locator(".proposal-earlier");
    expect(await earlier.locator("h3").textContent()).toBe("Version 1");
    expect(
      (await earlier.locator(".proposal-text").textContent())!.trim(),
    ).toBe(firstText.trim());
    // Posts written before say which version they answered; a new one does not.
    expect(
      await anna.getByText("Skrivet mot version 1 av förslaget").count(),
    ).toBeGreaterThan(0);
    const title = (await threadTitles(anna))[0]!;
    await postInThread(anna, title, "Den nya versionen är tydligare.");
    const mine = anna.locator("article.post", {
      hasText: "Den nya versionen är tydligare.",
    });
    await mine.waitFor();
    expect(await mine.locator(".post-version").count()).toBe(0);
    await expectNoViolations(anna);
    await expectNoViolations(sec);
    await anna.context().close();
    await sec.context().close();
  });
});

describe("in English and on a phone", () => {
  it("has no axe violations with the tools open, and nothing scrolls sideways at 390 px", async () => {
    const sec = await app.pageOnRoundAs(people.secretariat, ROUND);
    await sec.getByRole("button", { name: "English" }).click();
    await sec
      .getByRole("heading", { name: "The secretariat’s tools" })
      .waitFor();
    await sec.getByRole("button", { name: "Revise the proposal" }).click();
    await expectNoViolations(sec);
    await sec.context().close();

    const { page: phone } = await app.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await loginAs(phone, people.anna);
    await openRound(phone, ROUND);
    await phone.getByRole("heading", { name: "Föreslå en punkt" }).waitFor();
    const widths = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
    await expectNoViolations(phone);
    await phone.context().close();
  });
});
