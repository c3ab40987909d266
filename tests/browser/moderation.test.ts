// Edits and moderation in the browser (issue 7): an author edits her post and another reader
// sees "Redigerat" live and the earlier version on asking; the secretariat hides the post with
// a reason and the author sees it hidden live (and can still read her own text), while other
// readers have no trace of the text on their page; a reader reports another post to the
// secretariat. axe-core finds no violations with the versions and forms open, in Swedish and
// English.
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import {
  expectNoViolations,
  firstThreadTitle,
  openThread,
  people,
  postInThread,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();
const ROUND = 1; // open, every demo organisation invited
const FIRST = "Malmö stad vill se en tydligare uppföljning av statsbidragen.";
const SECOND =
  "Malmö stad vill se en tydligare och årlig uppföljning av statsbidragen.";
const REASON = "Innehåller uppgifter om en enskild tjänsteperson";

function article(page: Page, text: string): Locator {
  return page.locator("article.post", { hasText: text }).first();
}

function mainText(page: Page): Promise<string> {
  return page.locator("main").innerText();
}

describe("edits and moderation", () => {
  it("an edit shows live with its history; a hidden post is hidden live for everyone, its text only for its author and the secretariat", async () => {
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const thread = await firstThreadTitle(anna);
    await postInThread(anna, thread, FIRST);
    const erik = await app.pageOnRoundAs(people.erik, ROUND);
    await openThread(erik, thread);
    await article(erik, FIRST).waitFor();

    // Anna edits her post.
    const own = article(anna, FIRST);
    await own.getByRole("button", { name: /^Redigera/ }).click();
    const field = anna.getByLabel("Ändra ditt inlägg");
    expect(await field.inputValue()).toBe(FIRST);
    await field.fill(SECOND);
    // Someone else's change redraws the page meanwhile: the form stays open, with the text and
    // the focus.
    const secretariat = await app.server.connectAs(people.secretariat);
    await secretariat.ok("revise_proposal", {
      round_id: ROUND,
      proposal: "## Reviderat förslag\n\nMed tydligare uppföljning.",
    });
    await expect
      .poll(() => anna.locator("#announcer").textContent())
      .toMatch(/Nu gäller version \d+/);
    expect(await anna.getByLabel("Ändra ditt inlägg").inputValue()).toBe(
      SECOND,
    );
    expect(
      await anna.evaluate(() => document.activeElement?.tagName ?? ""),
    ).toBe("TEXTAREA");
    await secretariat.close();
    await anna.getByRole("button", { name: "Spara ändringen" }).click();
    await expect
      .poll(() => anna.locator(".action-feedback").allInnerTexts())
      .toContain(
        "Ändringen är sparad. Den tidigare texten finns kvar i versionerna.",
      );
    expect(await anna.getByLabel("Ändra ditt inlägg").count()).toBe(0);

    // Erik sees the new text live, marked edited, and the earlier version when he asks.
    const seen = article(erik, SECOND);
    await seen.waitFor();
    await expect(seen.locator(".edited-mark").innerText()).resolves.toMatch(
      /^Redigerat/,
    );
    await seen
      .getByRole("button", { name: /^Visa tidigare versioner/ })
      .click();
    const versions = seen.locator(".post-versions");
    await versions.waitFor();
    expect(await versions.innerText()).toContain(FIRST);
    expect(await versions.locator("li").count()).toBe(2);
    await expectNoViolations(erik, "the versions of an edited post");

    // The secretariat hides it with a reason.
    const sekretariat = await app.pageOnRoundAs(people.secretariat, ROUND);
    await openThread(sekretariat, thread);
    const moderated = article(sekretariat, SECOND);
    await moderated.getByRole("button", { name: /^Dölj/ }).click();
    await expectNoViolations(sekretariat, "the form for hiding a post");
    await sekretariat
      .getByLabel("Skäl till att dölja inlägget (visas för alla)")
      .fill(REASON);
    await sekretariat
      .getByRole("button", { name: "Dölj inlägget", exact: true })
      .click();
    await sekretariat
      .getByText(`Sekretariatet har dolt inlägget: ${REASON}`)
      .waitFor();

    // Anna sees it hidden live, where she is, and hears why.
    await anna
      .getByText(`Sekretariatet har dolt inlägget: ${REASON}`)
      .waitFor();
    await expect
      .poll(() => anna.locator("#announcer").textContent())
      .toContain(`Sekretariatet har dolt ditt inlägg: ${REASON}`);
    expect(await mainText(anna)).not.toContain(SECOND);
    // Erik too, and nothing of the text is left on his page, not even the versions he opened.
    await erik
      .getByText(`Sekretariatet har dolt inlägget: ${REASON}`)
      .waitFor();
    const eriksPage = await erik.content();
    expect(eriksPage).not.toContain(SECOND);
    expect(eriksPage).not.toContain(FIRST);
    // After a reload (a replay from the store) as well.
    await erik.reload();
    await openThread(erik, thread);
    await erik
      .getByText(`Sekretariatet har dolt inlägget: ${REASON}`)
      .waitFor();
    expect(await erik.content()).not.toContain(SECOND);
    // Erik has no way to ask for the hidden text.
    expect(
      await erik
        .getByRole("button", { name: /^Visa den dolda texten/ })
        .count(),
    ).toBe(0);

    // Anna can still read what she wrote.
    const hiddenOwn = anna.locator("article.post", { hasText: REASON }).first();
    await hiddenOwn
      .getByRole("button", { name: /^Visa den dolda texten/ })
      .click();
    await hiddenOwn.locator(".post-versions").waitFor();
    expect(await hiddenOwn.locator(".post-versions").innerText()).toContain(
      SECOND,
    );
    await expectNoViolations(
      anna,
      "a hidden post with its text shown to its author",
    );

    // The secretariat shows it again: everyone has the current text back.
    await sekretariat
      .locator("article.post", { hasText: REASON })
      .first()
      .getByRole("button", { name: /^Visa igen/ })
      .click();
    await article(erik, SECOND).waitFor();
    await article(anna, SECOND).waitFor();
    for (const page of [anna, erik, sekretariat]) await page.context().close();
  });

  it("a reader reports someone else's post; the report reaches the secretariat's queue live, where it is dismissed", async () => {
    const sekretariat = await app.pageOnRoundAs(people.secretariat, ROUND);
    const queue = sekretariat.locator("section.reports");
    // The demo data holds one open report: once it is there, the queue has loaded.
    const waiting = queue.locator("li.report:not(.report-done)");
    await waiting.first().waitFor();
    const waitingBefore = await waiting.count();
    const anna = await app.pageOnRoundAs(people.anna, ROUND);
    const thread = await firstThreadTitle(anna);
    const text = "Kiruna kommun instämmer inte i förslaget.";
    const erik = await app.pageOnRoundAs(people.erik, ROUND);
    await postInThread(erik, thread, text);
    await openThread(anna, thread);
    const post = article(anna, text);
    await post.waitFor();
    // Her own posts have no report button.
    await article(anna, SECOND).waitFor();
    expect(
      await article(anna, SECOND)
        .getByRole("button", { name: /^Anmäl/ })
        .count(),
    ).toBe(0);
    await post.getByRole("button", { name: /^Anmäl/ }).click();
    await anna
      .getByLabel("Vad är fel med inlägget? (bara sekretariatet ser det)")
      .fill("Påståendet om Malmös budget stämmer inte.");
    await anna.getByRole("button", { name: "Skicka anmälan" }).click();
    await expect
      .poll(() => post.locator(".action-feedback").innerText())
      .toBe("Tack. Sekretariatet har fått din anmälan.");
    // The button keeps focus where the form was.
    expect(
      await anna.evaluate(() => document.activeElement?.textContent ?? ""),
    ).toMatch(/^Anmäl/);

    // The secretariat's queue gets it live, with who reported it and why.
    const report = queue.locator("li.report", {
      hasText: "Påståendet om Malmös budget stämmer inte.",
    });
    await report.waitFor();
    expect(await report.innerText()).toContain(
      "Anmält av Anna Lind, Malmö stad",
    );
    expect(await waiting.count()).toBe(waitingBefore + 1);
    await expect
      .poll(() => sekretariat.locator("#announcer").textContent())
      .toContain("Ny anmälan av ett inlägg, från Anna Lind");
    // The link leads to the post, where it can be hidden.
    expect(await report.getByRole("link").getAttribute("href")).toMatch(
      /^#\/rounds\/1\/posts\/\d+$/,
    );
    await report.getByRole("button", { name: "Avfärda anmälan" }).click();
    await expectNoViolations(
      sekretariat,
      "the queue of reports, dismissing one",
    );
    await sekretariat
      .getByLabel(
        "Varför inlägget får stå kvar (frivilligt, syns bara för sekretariatet)",
      )
      .fill("Sakfråga, inte ett regelbrott.");
    // Another report arrives meanwhile and the queue is drawn anew: the note stays, with focus.
    const erikWs = await app.server.connectAs(people.erik);
    const reportable = Number(
      (
        await article(sekretariat, SECOND).getAttribute("data-focus-key")
      )?.replace("post-", ""),
    );
    await erikWs.ok("report_post", {
      round_id: ROUND,
      post_id: reportable,
      reason: "Ytterligare en anmälan.",
    });
    await queue
      .locator("li.report", { hasText: "Ytterligare en anmälan." })
      .waitFor();
    expect(
      await sekretariat
        .getByLabel(
          "Varför inlägget får stå kvar (frivilligt, syns bara för sekretariatet)",
        )
        .inputValue(),
    ).toBe("Sakfråga, inte ett regelbrott.");
    expect(
      await sekretariat.evaluate(() => document.activeElement?.tagName ?? ""),
    ).toBe("TEXTAREA");
    await erikWs.close();
    await sekretariat
      .getByRole("button", { name: "Avfärda", exact: true })
      .click();
    await expect.poll(() => waiting.count()).toBe(waitingBefore + 1);
    const done = queue.locator("details.reports-done");
    await done.locator("summary").click();
    expect(await done.innerText()).toContain(
      "Anteckning: Sakfråga, inte ett regelbrott.",
    );

    await anna.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() => anna.evaluate(() => document.documentElement.lang))
      .toBe("en");
    await article(anna, text)
      .getByRole("button", { name: /^Report/ })
      .click();
    await anna
      .getByLabel(
        "What is wrong with the post? (only the secretariat sees this)",
      )
      .waitFor();
    await expectNoViolations(anna, "the report form, in English");
    for (const page of [anna, erik, sekretariat]) await page.context().close();
  });
});
