// The outcome in the browser (issue 8): in a fresh round where Malmö stad has posted and stated a
// position, the secretariat closes the round in its browser, writes the outcome with an agreed
// point and a response linked to Malmö stad's position and post; a representative of Malmö stad
// sees it arrive live (announced), follows the response to the post's address, and attaches a
// reservation, which the secretariat sees live; then the secretariat decides the round and the
// forms are gone, until the secretariat corrects the outcome with a reason, which Malmö stad's
// representative sees live. axe-core finds no violations in Swedish and English, and nothing scrolls
// sideways on a phone. Screenshots at 1280×900 and 390×844 go to $SAMRAD_SHOTS (when set).
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  expectNoViolations,
  people,
  setUpServerAndBrowser,
} from "./support/browser";

const app = setUpServerAndBrowser();

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SAMRAD_SHOTS;
  if (!dir) return;
  await page
    .locator("section.outcome")
    .screenshot({ path: `${dir}/${name}.png` });
}

async function newRoundWithAPositionAndAPost(): Promise<{
  round: number;
  post: number;
}> {
  const writer = await app.writerAs(people.secretariat);
  const { organisations } = await writer.client.ok<{
    organisations: Array<{ id: number; name: string }>;
  }>("list_organisations");
  const id = (name: string) => organisations.find((o) => o.name === name)!.id;
  const created = await writer.client.ok<{ round_id: number }>("create_round", {
    title: "Utfall i webbläsaren",
    proposal: "## Förslag\n\nStatsbidragen blir generella.",
    kind: "plenary",
    invited: ["Malmö stad", "Kiruna kommun", "Finansdepartementet"].map(id),
    agenda: ["Finansiering"],
  });
  const round = created.round_id;
  await writer.client.ok("change_phase", { round_id: round, phase: "open" });
  const { replay } = await writer.client.subscribe(round);
  const thread = replay.find((e) => e.kind === "thread_created")!.data
    .thread_id as number;
  await writer.close();
  const anna = await app.writerAs(people.anna);
  const post = await anna.post(
    round,
    thread,
    "Övergången behöver två budgetår för att kommunerna ska hinna planera.",
  );
  await anna.client.ok("state_position", {
    round_id: round,
    revises: 0,
    stance: "supports_with_reservations",
    motivation: "Med förbehåll om övergången.",
  });
  await anna.close();
  return { round, post };
}

describe("the outcome", () => {
  it("the secretariat writes it, a representative sees it live and attaches a reservation, then the round is decided", async () => {
    const { round, post } = await newRoundWithAPositionAndAPost();
    const sara = await app.pageOnRoundAs(people.secretariat, round);
    const anna = await app.pageOnRoundAs(people.anna, round);
    await sara.setViewportSize({ width: 1280, height: 900 });

    // Closing the round in the browser brings the outcome section, and deciding says it needs one.
    await sara.getByRole("button", { name: "Stäng rundan nu" }).click();
    await sara.getByRole("button", { name: "Ja, stäng rundan" }).click();
    await sara.getByRole("heading", { name: "Utfall", level: 2 }).waitFor();
    await sara
      .getByText("Utfallet måste vara skrivet först (se Utfall).", {
        exact: false,
      })
      .waitFor();
    await anna.getByRole("heading", { name: "Utfall", level: 2 }).waitFor();
    await anna
      .getByText("Sekretariatet har inte skrivit utfallet ännu.")
      .waitFor();
    expect(await anna.locator(".dissent-form").count()).toBe(0);

    // The form, filled in: an empty summary is pointed out next to the field first.
    await sara.getByRole("button", { name: "Skriv utfallet" }).click();
    const form = sara.locator("form.outcome-form");
    await form.getByRole("button", { name: "Spara utfallet" }).click();
    await form.getByText("Skriv en sammanfattning.").waitFor();
    expect(await sara.evaluate(() => document.activeElement?.tagName)).toBe(
      "TEXTAREA",
    );
    await form
      .getByLabel("Sammanfattning")
      .fill(
        "Staten och kommunsektorn är **överens** om en övergång i två steg.",
      );
    await form.getByRole("button", { name: "Lägg till en punkt" }).click();
    await form
      .getByLabel("Punkt 1", { exact: true })
      .fill("Övergången sker under två budgetår.");
    await form.getByRole("button", { name: "Lägg till ett svar" }).click();
    const response = form.getByRole("group", { name: "Synpunkt 1" });
    await response
      .getByLabel("Synpunkten, kort")
      .fill("Övergången behöver två budgetår");
    await response
      .getByLabel("Skäl")
      .fill("Två budgetår, men utan förlängning.");
    // The answer is never chosen for the person: forgetting it is pointed out next to it.
    await form.getByRole("button", { name: "Spara utfallet" }).click();
    await response
      .getByText("Välj om synpunkten godtas, godtas delvis eller inte godtas.")
      .waitFor();
    expect(await sara.evaluate(() => document.activeElement?.tagName)).toBe(
      "SELECT",
    );
    await response.getByLabel("Statens svar").selectOption("partly_accepted");
    expect(await form.getByText("Skriv en sammanfattning.").count()).toBe(0);
    await response
      .getByRole("checkbox", { name: "Malmö stad", exact: true })
      .check();
    await response
      .getByRole("checkbox", {
        name: /Anna Lind \(Malmö stad\), Finansiering: Övergången behöver/,
      })
      .check();
    await expectNoViolations(sara, "secretariat, outcome form filled in");
    await shoot(sara, "outcome-form-desktop");
    await form.getByRole("button", { name: "Spara utfallet" }).click();
    const saved = sara.getByText("Utfallet är sparat (version 1).");
    await saved.waitFor();
    expect(
      await sara.evaluate(() =>
        document.activeElement?.getAttribute("data-focus-key"),
      ),
    ).toBe("outcome-status");

    // Anna sees it live, announced, with the response linked to her post and her organisation.
    const outcome = anna.locator("section.outcome");
    await outcome.getByText("Godtas delvis").waitFor();
    await expect
      .poll(() => anna.locator("#announcer").textContent())
      .toContain("Utfallet är skrivet (version 1).");
    expect(await outcome.locator(".outcome-summary strong").textContent()).toBe(
      "överens",
    );
    expect(
      await outcome.locator(".outcome-agreed li").allTextContents(),
    ).toEqual(["Övergången sker under två budgetår."]);
    expect(await outcome.getByText("Framfört av: Malmö stad").count()).toBe(1);
    const link = outcome.getByRole("link", {
      name: "Anna Lind i ”Finansiering”",
    });
    expect(await link.getAttribute("href")).toBe(
      `#/rounds/${round}/posts/${post}`,
    );
    expect(
      await outcome
        .getByText("Version 1, skriven av Sara Ekström", { exact: false })
        .count(),
    ).toBe(1);

    // Her reservation: a blank one is pointed out, then it is sent and the status takes focus.
    const dissentForm = anna.locator("form.dissent-form");
    await dissentForm
      .getByRole("button", { name: "Lämna reservation" })
      .click();
    await dissentForm.getByText("Skriv reservationen.").waitFor();
    await dissentForm
      .getByLabel("Reservation från Malmö stad")
      .fill("Malmö stad reserverar sig mot att övergången inte kan förlängas.");
    await expectNoViolations(anna, "representative, reservation form");
    await dissentForm
      .getByRole("button", { name: "Lämna reservation" })
      .click();
    await anna.getByText("Reservationen är lämnad.").waitFor();
    expect(
      await anna.evaluate(() =>
        document.activeElement?.getAttribute("data-focus-key"),
      ),
    ).toBe("dissent-status");

    // The secretariat sees it live.
    const dissent = sara.locator(".dissent-list .dissent");
    await dissent
      .getByText("Malmö stad reserverar sig", { exact: false })
      .waitFor();
    expect(await dissent.locator("h4").textContent()).toBe("Malmö stad");
    await expectNoViolations(sara, "secretariat with outcome and reservation");
    await shoot(sara, "outcome-desktop");

    // In English.
    await anna.getByRole("button", { name: "English" }).click();
    await anna.getByRole("heading", { name: "Outcome", level: 2 }).waitFor();
    await anna
      .locator("section.outcome")
      .getByText("Partly accepted")
      .waitFor();
    await anna.getByLabel("Reservation from Malmö stad").waitFor();
    await expectNoViolations(anna, "representative, English");
    await sara.getByRole("button", { name: "English" }).click();
    await sara
      .getByRole("button", { name: "Revise the outcome (becomes version 2)" })
      .click();
    await sara.getByRole("group", { name: "Point raised 1" }).waitFor();
    await expectNoViolations(sara, "secretariat, English, form open");
    await sara
      .locator("form.outcome-form")
      .getByRole("button", { name: "Cancel" })
      .click();
    await sara.getByRole("button", { name: "Svenska" }).click();

    // Decided: the forms are gone, the outcome and the reservation stay.
    await sara.getByRole("button", { name: "Markera som beslutad" }).click();
    await sara
      .getByRole("button", { name: "Ja, markera som beslutad" })
      .click();
    await sara
      .locator(".round-admin")
      .getByText("Rundan är beslutad.", { exact: true })
      .waitFor();
    await anna.locator("form.dissent-form").waitFor({ state: "detached" });
    expect(await sara.locator("form.outcome-form").count()).toBe(0);
    expect(
      await sara.getByRole("button", { name: /Revidera utfallet/ }).count(),
    ).toBe(0);
    expect(await sara.locator(".dissent-list .dissent").count()).toBe(1);

    // A correction: the reason comes first and is required; the new record is announced.
    await sara
      .getByRole("button", { name: "Rätta utfallet (blir version 2)" })
      .click();
    const correction = sara.locator("form.outcome-form");
    await correction
      .getByRole("heading", { name: "Rätta det beslutade utfallet" })
      .waitFor();
    await correction.getByRole("button", { name: "Spara rättelsen" }).click();
    await correction.getByText("Skriv varför utfallet rättas.").waitFor();
    expect(
      await sara.evaluate(() => document.activeElement?.id ?? ""),
    ).toContain("correction");
    await correction
      .getByLabel("Skäl till rättelsen")
      .fill("Budgetåren föll bort i sammanfattningen.");
    await correction
      .getByLabel("Sammanfattning")
      .fill(
        "Staten och kommunsektorn är **överens** om en övergång 2027 och 2028.",
      );
    await expectNoViolations(sara, "secretariat, correction form");
    await shoot(sara, "outcome-correction-desktop");
    await correction.getByRole("button", { name: "Spara rättelsen" }).click();
    await sara
      .getByText("Utfallet är rättat (version 2).", { exact: false })
      .waitFor();
    // Anna's page is still in English.
    await anna
      .locator("section.outcome .outcome-correction")
      .getByText(
        "Correction of the decided outcome: Budgetåren föll bort i sammanfattningen.",
      )
      .waitFor();
    await expect
      .poll(() => anna.locator("#announcer").textContent())
      .toContain("The outcome has been corrected (version 2).");
    expect(await anna.locator(".outcome-summary").textContent()).toContain(
      "2027 och 2028",
    );
    expect(await anna.locator("form.outcome-form").count()).toBe(0);
    for (const page of [sara, anna]) await page.context().close();
  });

  it("the demo's decided round 5 shows its outcome and reservation to a reader", async () => {
    const erik = await app.pageOnRoundAs(people.erik, 5);
    await erik.setViewportSize({ width: 1280, height: 900 });
    const outcome = erik.locator("section.outcome");
    await outcome
      .getByText(
        "Rundan är beslutad. Utfallet och reservationerna nedan är slutgiltiga",
        {
          exact: false,
        },
      )
      .waitFor();
    await outcome.getByRole("heading", { name: "Utfall", level: 2 }).waitFor();
    expect(await outcome.locator(".outcome-response h4").textContent()).toBe(
      "Skolorna vill själva välja några av måtten",
    );
    expect(
      await outcome
        .getByText("Framfört av: Malmö stad, Sveriges Kommuner och Regioner")
        .count(),
    ).toBe(1);
    expect(await outcome.locator(".dissent h4").textContent()).toBe(
      "Malmö stad",
    );
    expect(
      await erik.locator("form.outcome-form, form.dissent-form").count(),
    ).toBe(0);
    await expectNoViolations(erik, "representative, decided round 5");
    await shoot(erik, "outcome-round-5");
    await erik.context().close();
  });

  it("fits a phone without sideways scrolling, the form included", async () => {
    const { round } = await newRoundWithAPositionAndAPost();
    const writer = await app.writerAs(people.secretariat);
    await writer.client.ok("change_phase", {
      round_id: round,
      phase: "closed",
    });
    await writer.close();
    const phone = await app.pageOnRoundAs(people.secretariat, round);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.getByRole("button", { name: "Skriv utfallet" }).click();
    const form = phone.locator("form.outcome-form");
    await form.getByRole("button", { name: "Lägg till en punkt" }).click();
    await form.getByRole("button", { name: "Lägg till ett svar" }).click();
    const widths = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
    await expectNoViolations(phone, "secretariat on a phone");
    await shoot(phone, "outcome-form-phone");
    await phone.context().close();
  });
});
