// The exports of one round over HTTP (issue 8, protocol/records.md "Exports"): the decided demo
// round 5 as a signed JSON bundle, a printable Swedish record, positions and the state's
// responses as CSV for a Swedish spreadsheet; the discussion of round 1 as CSV and for print,
// its hidden post exported as hidden with the reason and without its text; a formula-like post
// neutralised (CWE-1236); each export authorised for exactly the round it names, through a
// session or an observer's API token, and recorded in the audit log.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  type HttpResponse,
  type SamradServer,
  type Session,
} from "./support/server";
import { api, apiOk, audit, errorCode } from "./support/accounts";
import { createOpenRound, organisationsByName } from "./support/rounds";
import { byHeader, spreadsheet } from "./support/spreadsheet";

let server: SamradServer;
let anna: Session; // Malmö stad: invited to rounds 1 and 5
let eva: Session; // Finansdepartementet's observer: invited to round 1, not to round 5
let evaToken: string;

function get(
  path: string,
  session: Session | null,
  token?: string,
): Promise<HttpResponse> {
  if (token)
    return server.http("GET", path, {
      headers: { Authorization: `Bearer ${token}` },
    });
  return api(server, session, "GET", path);
}

beforeAll(async () => {
  server = await startServer();
  anna = await server.login(people.anna);
  eva = await server.login(people.eva);
  evaToken = (
    await apiOk<{ token: string }>(
      server,
      eva,
      "POST",
      "/api/tokens",
      { name: "Exporttest" },
      201,
    )
  ).token;
});

afterAll(async () => {
  await cleanupAll();
});

describe("a decided round", () => {
  test("its positions open as a Swedish spreadsheet with every version", async () => {
    const r = await get("/api/export/rounds/5/positions.csv", anna);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(r.headers["content-disposition"]).toBe(
      'attachment; filename="stallningstaganden-runda-5.csv"',
    );
    const rows = byHeader(spreadsheet(r.text));
    expect(Object.keys(rows[0]!)).toEqual([
      "Runda",
      "Rundans titel",
      "Organisation",
      "Typ",
      "Del",
      "Version",
      "Gällande",
      "Ställningstagande",
      "Motivering",
      "Ställningstaganden per punkt",
      "Angivet",
      "Angivet av",
    ]);
    const malmo = rows.find((row) => row.Organisation === "Malmö stad")!;
    expect(malmo).toMatchObject({
      Runda: "5",
      Del: "Kommuner",
      Gällande: "ja",
      Ställningstagande: "Tillstyrker med förbehåll",
    });
    expect(
      rows.find((row) => row.Organisation === "Sveriges Kommuner och Regioner")
        ?.Ställningstagande,
    ).toBe("Tillstyrker");
  });

  test("the state's responses, the printable record and the bundle", async () => {
    const responses = await get("/api/export/rounds/5/responses.csv", anna);
    expect(responses.status).toBe(200);
    const rows = spreadsheet(responses.text);
    expect(rows.length).toBeGreaterThan(1);
    const html = await get("/api/export/rounds/5/record.html", anna);
    expect(html.status).toBe(200);
    expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(html.text.startsWith("<!doctype html>")).toBe(true);
    expect(html.text).toContain('lang="sv"');
    expect(html.text).toContain(
      "Samordnad uppföljning av statsbidrag till skolan",
    );
    expect(html.text).toContain("@page");
    expect(html.text).not.toContain("<script");
    const bundle = await get("/api/export/rounds/5/record.json", anna);
    expect(bundle.status).toBe(200);
    expect((bundle.json as { format: string }).format).toBe(
      "samrad-record-bundle/1",
    );
    expect(bundle.text).toBe(
      (await api(server, anna, "GET", "/api/rounds/5/record")).text,
    );
  });
});

describe("the discussion of a round", () => {
  test("exports a hidden post as hidden, with the reason and without its text", async () => {
    const r = await get("/api/export/rounds/1/posts.csv", anna);
    expect(r.status).toBe(200);
    const rows = byHeader(spreadsheet(r.text));
    const hidden = rows.filter((row) => row.Dold === "ja");
    expect(hidden.length).toBe(1);
    expect(hidden[0]!["Skäl för döljande"]).toBe(
      "Innehåller personuppgifter om en enskild handläggare",
    );
    expect(r.text).not.toContain("Lisa Nyström");
    const archive = await get("/api/export/rounds/1/archive.html", anna);
    expect(archive.status).toBe(200);
    expect(archive.text).toContain(
      "Innehåller personuppgifter om en enskild handläggare",
    );
    expect(archive.text).not.toContain("Lisa Nyström");
    expect(archive.text).toContain("Generella statsbidrag som huvudprincip");
  });

  test("neutralises a post that a spreadsheet would take for a formula", async () => {
    const sec = await server.connectAs(people.secretariat);
    const orgs = await organisationsByName(sec);
    const { round, threads } = await createOpenRound(sec, {
      title: "Formler",
      invited: [orgs.get("Malmö stad")!.id],
    });
    const writer = await server.connect(anna);
    await writer.ok("create_post", {
      round_id: round,
      thread_id: threads[0],
      body: '=HYPERLINK("http://evil.example";"klicka")',
    });
    await writer.ok("create_post", {
      round_id: round,
      thread_id: threads[0],
      body: "-2+3",
    });
    const rows = byHeader(
      spreadsheet(
        (await get(`/api/export/rounds/${round}/posts.csv`, anna)).text,
      ),
    );
    expect(rows.map((row) => row.Text)).toEqual([
      '\'=HYPERLINK("http://evil.example";"klicka")',
      "'-2+3",
    ]);
  });
});

describe("authorisation", () => {
  test("each export is for exactly the round it names", async () => {
    for (const file of [
      "positions.csv",
      "responses.csv",
      "record.html",
      "record.json",
      "posts.csv",
      "archive.html",
    ]) {
      expect(
        errorCode(await get(`/api/export/rounds/5/${file}`, eva)),
        file,
      ).toBe("not_found");
      expect(
        errorCode(await get(`/api/export/rounds/5/${file}`, null, evaToken)),
        file,
      ).toBe("not_found");
    }
    // A round that is not decided has no record to export; its discussion it has.
    expect(
      errorCode(await get("/api/export/rounds/1/positions.csv", eva)),
    ).toBe("not_found");
    expect(
      (await get("/api/export/rounds/1/posts.csv", null, evaToken)).status,
    ).toBe(200);
    expect((await get("/api/export/rounds/5/posts.csv", null)).status).toBe(
      401,
    );
    expect(
      (
        await get(
          "/api/export/rounds/5/posts.csv",
          null,
          "samrad_export_nonsense",
        )
      ).status,
    ).toBe(401);
  });

  test("every export is in the audit log, with the round and the file", async () => {
    const entries = await audit(
      server,
      await server.login(people.secretariat),
      "action=export",
    );
    const details = entries.map((entry) => JSON.stringify(entry.details));
    expect(
      details.some((d) => d.includes("posts.csv") && d.includes('"1"')),
    ).toBe(true);
    expect(
      details.some((d) => d.includes("positions.csv") && d.includes('"5"')),
    ).toBe(true);
  });

  test("malformed requests are refused", async () => {
    expect((await get("/api/export/rounds/5/minutes.docx", anna)).status).toBe(
      404,
    );
    expect((await get("/api/export/rounds/abc/posts.csv", anna)).status).toBe(
      404,
    );
    expect((await get("/api/export/rounds/5/posts.csv?x=1", anna)).status).toBe(
      400,
    );
    expect(
      (await api(server, anna, "POST", "/api/export/rounds/5/posts.csv", "{}"))
        .status,
    ).toBe(405);
  });
});
