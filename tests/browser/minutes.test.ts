// The minutes of an agenda item in the browser (issue 8): in a fresh open round where Malmö stad
// and Kiruna kommun have posted in an agenda item, the secretariat writes the item's minutes in
// its browser, linking the two posts; what is typed survives a post arriving meanwhile, which the
// form then offers too. A representative of Malmö stad sees the minutes arrive live (announced),
// follows a link to a post in the thread, and sees the earlier version once they are revised.
// axe-core finds no violations in Swedish and English, and nothing scrolls sideways on a phone.
// Screenshots at 1280×900 and 390×844 go to $SAMRAD_SHOTS (when set).
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  openThread,
  people,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SAMRAD_SHOTS;
  if (!dir) return;
  await page.locator("section.minutes").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${dir}/${name}.png` });
}

async function newRoundWithTwoPosts(): Promise<{
  round: number;
  thread: number;
  annaPost: number;
  erikPost: number;
}> {
  const writer = await app.writerAs(people.secretariat);
  const { organisations } = await writer.client.ok<{
    organisations: Array<{ id: number; name: string }>;
  }>("list_organisations");
  const id = (name: string) => organisations.find((o) => o.name === name)!.id;
  const created = await writer.client.ok<{ round_id: number }>("create_round", {
    title: "Protokoll i webbläsaren",
    proposal: "## Förslag\n\nStatsbidragen blir generella.",
    kind: "plenary",
    invited: ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(id),
    agenda: ["Finansiering", "Uppföljning"],
  });
  const round = created.round_id;
  await writer.client.ok("change_phase", { round_id: round, phase: "open" });
  const { replay } = await writer.client.subscribe(round);
  const thread = replay.find((e) => e.kind === "thread_created")!.data
    .thread_id as number;
  await writer.close();
  const anna = await app.writerAs(people.anna);
  const annaPost = await anna.post(
    round,
    thread,
    "Övergången behöver två budgetår för att kommunerna ska hinna planera.",
  );
  await anna.close();
  const erik = await app.writerAs(people.erik);
  const erikPost = await erik.post(
    round,
    thread,
    "Glesbygdens kostnader för skolskjuts måste räknas in.",
  );
  await erik.close();
  return { round, thread, annaPost, erikPost };
}

describe("the minutes of an agenda item", () => {
  it("the secretariat writes them linking two posts; a representative sees them live and follows a link", async () => {
    const { round, annaPost, erikPost } = await newRoundWithTwoPosts();
    const sara = await app.pageOnRoundAs(people.secretariat, round);
    const anna = await app.pageOnRoundAs(people.anna, round);
    await sara.setViewportSize({ width: 1280, height: 900 });
    await anna.setViewportSize({ width: 1280, height: 900 });
    for (const page of [sara, anna]) await openThread(page, "Finansiering");
    const annaMinutes = anna.locator("section.minutes");
    await annaMinutes
      .getByText(
        "Sekretariatet har inte skrivit något protokoll för den här frågan ännu.",
      )
      .waitFor();
    expect(
      await anna.getByRole("button", { name: "Skriv protokoll" }).count(),
    ).toBe(0);

    // The form: saving it empty is pointed out, and focus goes to the first part.
    await sara.getByRole("button", { name: "Skriv protokoll" }).click();
    const form = sara.locator("form.minutes-form");
    await form.getByRole("button", { name: "Spara protokollet" }).click();
    await form
      .getByText(
        "Skriv minst ett av statens inspel, kommunsektorns inspel och statens kommentar.",
      )
      .waitFor();
    expect(await sara.evaluate(() => document.activeElement?.id)).toBe(
      await form.getByLabel("Statens inspel").getAttribute("id"),
    );
    await form
      .getByLabel("Statens inspel")
      .fill("Staten vill föra över bidragen **i två steg**.");
    await form
      .getByLabel("Kommunsektorns inspel")
      .fill("Kommunerna vill ha två budgetår och räkna in skolskjutsen.");

    // A post arriving meanwhile redraws the page: what is typed stays, and the post is offered.
    const late = await app.writerAs(people.anna);
    await late.post(
      round,
      (await threadOf(sara)) ?? 0,
      "Ett sent inlägg om finansieringen.",
    );
    await late.close();
    await form
      .getByRole("checkbox", {
        name: /Anna Lind \(Malmö stad\): Ett sent inlägg/,
      })
      .waitFor();
    expect(await form.getByLabel("Kommunsektorns inspel").inputValue()).toBe(
      "Kommunerna vill ha två budgetår och räkna in skolskjutsen.",
    );

    // The posts are chosen with the keyboard: Tab to each box, Space to check it.
    const annaBox = form.getByRole("checkbox", {
      name: /Anna Lind \(Malmö stad\): Övergången behöver/,
    });
    const erikBox = form.getByRole("checkbox", {
      name: /Erik Nilsson \(Kiruna kommun\): Glesbygdens kostnader/,
    });
    await annaBox.focus();
    await sara.keyboard.press("Space");
    await erikBox.focus();
    await sara.keyboard.press("Space");
    expect(await annaBox.isChecked()).toBe(true);
    expect(await erikBox.isChecked()).toBe(true);
    await expectNoViolations(sara, "secretariat, minutes form filled in");
    await shoot(sara, "minutes-form-desktop");
    await form.getByRole("button", { name: "Spara protokollet" }).click();
    await sara.getByText("Protokollet är sparat (version 1).").waitFor();

    // Anna sees them live, announced, with the three headings and links to the two posts.
    await annaMinutes
      .getByRole("heading", { name: "Statens inspel" })
      .waitFor();
    await expect
      .poll(() => anna.locator("#announcer").textContent())
      .toContain("Protokollet för ”Finansiering” är uppdaterat (version 1).");
    expect(
      await annaMinutes.locator(".markdown strong").first().textContent(),
    ).toBe("i två steg");
    expect(
      await annaMinutes
        .getByRole("heading", { name: "Kommunsektorns inspel" })
        .count(),
    ).toBe(1);
    // A part left empty is not shown.
    expect(
      await annaMinutes
        .getByRole("heading", { name: "Statens kommentar" })
        .count(),
    ).toBe(0);
    const links = annaMinutes.locator(".minutes-posts a");
    expect(
      await links.evaluateAll((as) => as.map((a) => a.getAttribute("href"))),
    ).toEqual([
      `#/rounds/${round}/posts/${annaPost}`,
      `#/rounds/${round}/posts/${erikPost}`,
    ]);
    await expectNoViolations(anna, "representative, minutes shown");
    await shoot(anna, "minutes-desktop");

    // Following a link lands on the post in the thread.
    await annaMinutes
      .getByRole("link", { name: /Erik Nilsson: Glesbygdens kostnader/ })
      .click();
    await expect
      .poll(() => anna.evaluate(() => location.hash))
      .toBe(`#/rounds/${round}/posts/${erikPost}`);
    await anna.locator(`#post-${erikPost} > article.post-target`).waitFor();

    // Revised with the state's comment: the earlier version is kept, folded away.
    await sara
      .getByRole("button", { name: "Revidera protokollet (blir version 2)" })
      .click();
    await form
      .getByLabel("Statens kommentar")
      .fill("Staten godtar två budgetår.");
    expect(await form.getByLabel("Statens inspel").inputValue()).toBe(
      "Staten vill föra över bidragen **i två steg**.",
    );
    expect(await annaBox.isChecked()).toBe(true);
    await form.getByRole("button", { name: "Spara protokollet" }).click();
    await sara.getByText("Protokollet är sparat (version 2).").waitFor();
    await annaMinutes
      .getByRole("heading", { name: "Statens kommentar" })
      .waitFor();
    const history = annaMinutes.locator("details.minutes-history");
    await history.getByText("Tidigare versioner (1)").click();
    await history
      .getByText("Version 1, skriven av Sara Ekström", { exact: false })
      .waitFor();

    // In English.
    await anna.getByRole("button", { name: "English" }).click();
    await anna.getByRole("heading", { name: "Minutes", level: 4 }).waitFor();
    await anna
      .locator("section.minutes")
      .getByRole("heading", { name: "The state’s comment" })
      .waitFor();
    await expectNoViolations(anna, "representative, English");
    await sara.getByRole("button", { name: "English" }).click();
    await sara
      .getByRole("button", { name: "Revise the minutes (becomes version 3)" })
      .click();
    await sara
      .locator("form.minutes-form")
      .getByLabel("The municipal sector’s input")
      .waitFor();
    await expectNoViolations(sara, "secretariat, English, form open");
    await sara.getByRole("button", { name: "Svenska" }).click();
    for (const page of [sara, anna]) await page.context().close();
  });

  it("the demo's decided round 5 shows its minutes to a reader, with no form", async () => {
    const erik = await app.pageOnRoundAs(people.erik, 5);
    await erik.setViewportSize({ width: 1280, height: 900 });
    await openThread(erik, "Vad ska följas upp nationellt?");
    const minutes = erik.locator("section.minutes");
    await minutes.getByRole("heading", { name: "Statens kommentar" }).waitFor();
    // The latest version links both posts; the first, folded away, did too.
    expect(
      await minutes.locator(".minutes-shown > .minutes-posts a").count(),
    ).toBe(2);
    expect(
      await minutes.locator("details.minutes-history summary").textContent(),
    ).toBe("Tidigare versioner (1)");
    expect(await erik.locator("form.minutes-form").count()).toBe(0);
    expect(await erik.getByRole("button", { name: /protokoll/i }).count()).toBe(
      0,
    );
    await expectNoViolations(erik, "decided round 5, minutes");
    await erik.context().close();
  });

  it("fits a phone without sideways scrolling, the form included", async () => {
    const { round } = await newRoundWithTwoPosts();
    const phone = await app.pageOnRoundAs(people.secretariat, round);
    await phone.setViewportSize({ width: 390, height: 844 });
    await openThread(phone, "Finansiering");
    await phone.getByRole("button", { name: "Skriv protokoll" }).click();
    await phone.locator("form.minutes-form").waitFor();
    const widths = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
    await expectNoViolations(phone, "secretariat on a phone");
    await shoot(phone, "minutes-form-phone");
    await phone.context().close();
  });
});

/** The id of the thread open on the page (its section's id is "thread-<id>"). */
async function threadOf(page: Page): Promise<number | null> {
  const id = await page.locator("section.thread").first().getAttribute("id");
  return id ? Number(id.replace("thread-", "")) : null;
}
