// list_organisations (issue 7): every logged-in person, whatever their role, gets every
// organisation as {id, name, kind, side}, sorted by name, with the side following from the kind
// (protocol/README.md, "Person and organisation"); the request takes no fields.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  startServer,
  type Organisation,
  type SamradServer,
} from "./support/server";

// The demo organisations (server/app/demo_data.cpp), in name order.
const DEMO: Array<[string, string]> = [
  ["Finansdepartementet", "ministry"],
  ["Kiruna kommun", "municipality"],
  ["Malmö stad", "municipality"],
  ["Region Norrbotten", "region"],
  ["Region Skåne", "region"],
  ["Samrådssekretariatet", "other"],
  ["Skolverket", "agency"],
  ["Socialdepartementet", "ministry"],
  ["Statskontoret", "agency"],
  ["Sveriges Kommuner och Regioner", "association"],
  ["Utbildningsdepartementet", "ministry"],
];
const SIDE: Record<string, string> = {
  ministry: "state",
  agency: "state",
  municipality: "municipal",
  region: "municipal",
  association: "municipal",
  other: "neutral",
};

let server: SamradServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(cleanupAll);

describe("list_organisations", () => {
  test("every role gets the same list: every demo organisation with id, name, kind and side, sorted by name", async () => {
    let first: Organisation[] | undefined;
    for (const email of Object.values(people)) {
      const c = await server.connectAs(email);
      const welcome = await c.welcome();
      const a = await c.request("list_organisations");
      expect(a.type, `${email}: ${JSON.stringify(a)}`).toBe("result");
      const result = (a as { result: Record<string, unknown> }).result;
      expect(Object.keys(result)).toEqual(["organisations"]);
      const list = result.organisations as Organisation[];

      expect(
        list.map((o) => [o.name, o.kind]),
        email,
      ).toEqual(DEMO);
      for (const o of list) {
        expect(Object.keys(o)).toEqual(["id", "name", "kind", "side"]);
        expect(o.side, o.name).toBe(SIDE[o.kind]);
        expect(Number.isSafeInteger(o.id) && o.id >= 1).toBe(true);
      }
      expect(new Set(list.map((o) => o.id)).size).toBe(list.length);
      // Sorted by name (code point order; the demo names sort the same way in Swedish).
      const names = list.map((o) => o.name);
      expect(names).toEqual([...names].sort());
      // The person's own organisation is in it, exactly as the welcome message names it.
      expect(list).toContainEqual(welcome.person.organisation);

      if (first === undefined) first = list;
      else expect(list, `${email} sees the same list`).toEqual(first);
      await c.close();
    }
  });

  test("the request takes no fields (unknown_field) and is answered on a connection with subscriptions too", async () => {
    const c = await server.connectAs(people.eva);
    const err = await c.fails("list_organisations", { round_id: 1 });
    expect(err.code).toBe("unknown_field");
    expect(err.message).toContain("round_id");
    await c.subscribe(1, 0);
    const r = await c.ok<{ organisations: Organisation[] }>(
      "list_organisations",
    );
    expect(r.organisations.length).toBe(DEMO.length);
  });
});
