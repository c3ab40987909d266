// Positions in the browser (issue 8): in a fresh open round, representatives of two
// organisations state their positions in their own browsers, and the tally by part updates live
// (and is announced) in a third browser, an observer's; a representative is told where she
// missed the motivation; Malmö stad revises its position and the earlier version shows as
// history; the form says it is closed once the round closes. axe-core finds no violations in
// Swedish and English, and nothing scrolls sideways on a phone. Screenshots of the section at
// desktop and phone size are written to $SAMRAD_SHOTS (when set) for a person to look at.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  loginAs,
  openRound,
  people,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SAMRAD_SHOTS;
  if (!dir) return;
  await page
    .locator("section.positions")
    .screenshot({ path: `${dir}/${name}.png` });
}

/** The cell of a part's row in the tally, by the stance's column name. */
function tallyCell(
  page: Page,
  part: string,
  column: string,
): Promise<string | null> {
  return page
    .locator(".positions-table tr", {
      has: page.locator("th", { hasText: part }),
    })
    .locator(`td[data-label="${column}"]`)
    .first()
    .textContent();
}

async function newOpenRound(): Promise<{ round: number; thread: number }> {
  const writer = await app.writerAs(people.secretariat);
  const { organisations } = await writer.client.ok<{
    organisations: Array<{ id: number; name: string }>;
  }>("list_organisations");
  const id = (name: string) => organisations.find((o) => o.name === name)!.id;
  const created = await writer.client.ok<{ round_id: number }>("create_round", {
    title: "Ställningstaganden i webbläsaren",
    proposal: "## Förslag\n\nStatsbidragen blir generella.",
    kind: "plenary",
    invited: [
      "Malmö stad",
      "Kiruna kommun",
      "Region Skåne",
      "Finansdepartementet",
    ].map(id),
    agenda: ["Finansiering"],
  });
  await writer.client.ok("change_phase", {
    round_id: created.round_id,
    phase: "open",
  });
  const { replay } = await writer.client.subscribe(created.round_id);
  const thread = replay.find((e) => e.kind === "thread_created")!.data
    .thread_id as number;
  await writer.close();
  return { round: created.round_id, thread };
}

describe("positions", () => {
  it("two organisations state positions and an observer's tally follows live", async () => {
    const { round } = await newOpenRound();
    const eva = await app.pageOnRoundAs(people.eva, round);
    const anna = await app.pageOnRoundAs(people.anna, round);
    const erik = await app.pageOnRoundAs(people.erik, round);

    // The observer sees the tally, nobody has answered, and has no form.
    await eva
      .getByRole("heading", { name: "Ställningstaganden", level: 2 })
      .waitFor();
    const caption = eva.locator(".positions-table caption");
    await expect
      .poll(() => caption.textContent())
      .toBe("Ställningstaganden per part, 0 av 4 organisationer har svarat");
    expect(
      await eva
        .getByRole("heading", {
          name: "Har inte lämnat något ställningstagande (4)",
        })
        .count(),
    ).toBe(1);
    expect(await eva.locator(".position-form").count()).toBe(0);
    expect(
      await eva.locator(".positions-table thead th").allTextContents(),
    ).toEqual([
      "Part",
      "Tillstyrker",
      "Tillstyrker med förbehåll",
      "Avstyrker",
      "Tar inte ställning",
      "Avstår från att yttra sig",
      "Har inte svarat",
    ]);

    // Anna states Malmö stad's position, with a point.
    await anna
      .getByRole("heading", { name: "Ert ställningstagande – Malmö stad" })
      .waitFor();
    await anna.getByLabel("Tillstyrker med förbehåll").check();
    await anna
      .getByLabel("Motivering", { exact: true })
      .fill("Malmö stad tillstyrker om uppföljningen förenklas.");
    await anna.getByText("Ställningstagande per punkt (frivilligt)").click();
    await anna
      .locator("section.positions")
      .getByLabel("Finansiering")
      .selectOption({ label: "Avstyrker" });
    await anna
      .getByLabel("Motivering för punkten (frivillig)")
      .fill("Inte i ett steg.");
    await shoot(anna, "form-desktop");
    await anna.getByRole("button", { name: "Lämna ställningstagande" }).click();
    await anna
      .getByText("Ställningstagandet är sparat som version 1.")
      .waitFor();
    // The form goes with the live event, which follows the acknowledgement.
    await expect.poll(() => anna.locator(".position-form").count()).toBe(0);

    // The observer's tally follows, and the news is read out politely.
    await expect
      .poll(() => caption.textContent())
      .toBe("Ställningstaganden per part, 1 av 4 organisationer har svarat");
    expect(await tallyCell(eva, "Kommuner", "Tillstyrker med förbehåll")).toBe(
      "1",
    );
    await expect
      .poll(() => eva.locator("#announcer").textContent())
      .toContain("Malmö stad: Tillstyrker med förbehåll (version 1)");
    const malmo = eva.locator("article.position", {
      has: eva.getByRole("heading", { name: "Malmö stad" }),
    });
    expect(await malmo.textContent()).toContain(
      "Finansiering: Avstyrker – Inte i ett steg.",
    );

    // Erik forgets the motivation: told next to the field, which gets focus.
    await erik.getByLabel("Avstyrker").check();
    await erik.getByRole("button", { name: "Lämna ställningstagande" }).click();
    await erik
      .getByText("Skriv en motivering, eller välj ”Avstår från att yttra sig”.")
      .waitFor();
    expect(
      await erik
        .getByLabel("Motivering", { exact: true })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await erik
      .getByLabel("Motivering", { exact: true })
      .fill("Kiruna kommun avstyrker: glesbygdens kostnader saknas.");
    await erik.getByRole("button", { name: "Lämna ställningstagande" }).click();
    await erik
      .getByText("Ställningstagandet är sparat som version 1.")
      .waitFor();
    await expect
      .poll(() => caption.textContent())
      .toBe("Ställningstaganden per part, 2 av 4 organisationer har svarat");
    expect(await tallyCell(eva, "Kommuner", "Avstyrker")).toBe("1");
    expect(await tallyCell(eva, "Totalt", "Har inte svarat")).toBe("2");
    expect(await eva.locator(".unanswered-list li").allTextContents()).toEqual([
      "Finansdepartementet",
      "Region Skåne",
    ]);

    // Anna revises: the form opens with the version she revises, and the old one is history.
    await anna
      .getByRole("button", { name: "Ändra ställningstagandet" })
      .click();
    expect(await anna.getByLabel("Tillstyrker med förbehåll").isChecked()).toBe(
      true,
    );
    expect(
      await anna.getByLabel("Motivering", { exact: true }).inputValue(),
    ).toBe("Malmö stad tillstyrker om uppföljningen förenklas.");
    await anna.getByLabel("Tillstyrker", { exact: true }).check();
    await anna.getByRole("button", { name: "Spara version 2" }).click();
    await anna
      .getByText("Ställningstagandet är sparat som version 2.")
      .waitFor();
    await expect
      .poll(() => tallyCell(eva, "Kommuner", "Tillstyrker"))
      .toBe("1");
    expect(await tallyCell(eva, "Kommuner", "Tillstyrker med förbehåll")).toBe(
      "0",
    );
    await malmo
      .getByText("Tidigare versioner av ställningstagandet (1)")
      .click();
    expect(await malmo.locator(".position-history").textContent()).toContain(
      "Tillstyrker med förbehåll",
    );
    await shoot(eva, "tally-desktop");

    await expectNoViolations(eva, "observer with positions");
    await expectNoViolations(anna, "representative after revising");
    await anna
      .getByRole("button", { name: "Ändra ställningstagandet" })
      .click();
    await expectNoViolations(anna, "representative, form open");

    // In English, with the form open.
    await erik.getByRole("button", { name: "English" }).click();
    await erik.getByRole("heading", { name: "Positions", level: 2 }).waitFor();
    await erik.getByRole("button", { name: "Change the position" }).click();
    await erik
      .getByRole("group", { name: "Position on the proposal" })
      .waitFor();
    await expectNoViolations(erik, "representative, English, form open");

    // Once the round closes, the form says so.
    const writer = await app.writerAs(people.secretariat);
    await writer.client.ok("change_phase", {
      round_id: round,
      phase: "closed",
    });
    await writer.close();
    await anna
      .getByText(
        "Samrådet är stängt. Ställningstaganden kan inte längre ändras.",
      )
      .waitFor();
    expect(await anna.locator(".position-form").count()).toBe(0);
    for (const page of [eva, anna, erik]) await page.context().close();
  });

  it("fits a phone without sideways scrolling, the tally as one card per part", async () => {
    const { page: phone } = await app.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await loginAs(phone, people.anna);
    await openRound(phone, 1);
    await phone.locator(".positions-table").waitFor();
    await phone
      .getByRole("button", { name: "Ändra ställningstagandet" })
      .click();
    await phone.locator(".position-form").waitFor();
    const widths = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
    await expectNoViolations(phone, "representative on a phone");
    await shoot(phone, "phone");
    await phone.context().close();
  });
});
