// `samrad admin` (issue 7): the server binary's subcommand manages organisations and people in
// the configured database while the server runs, as a separate process. The running server
// notices within two seconds: a deactivated person's WebSockets close with 4001, a person whose
// role changed reconnects (4002). A link it prints works in the running server. Every change is
// in the audit log as made from the command line; bad input exits non-zero with a clear message.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  acceptInvitation,
  audit,
  linkToken,
  personByEmail,
  runAdmin,
} from "./support/accounts";
import {
  cleanupAll,
  people,
  startServer,
  type SamradServer,
  type Session,
} from "./support/server";

let server: SamradServer;
let admin: Session;

beforeAll(async () => {
  server = await startServer();
  admin = await server.login(people.admin);
});
afterAll(cleanupAll);

describe("samrad admin against the running server's database", () => {
  test("person deactivate: the person's open WebSockets close with 4001 within two seconds", async () => {
    const anna = await server.login(people.anna);
    const sockets = [await server.connect(anna), await server.connect(anna)];
    await sockets[0]!.subscribe(1, 0);
    const maria = await server.connectAs(people.maria);

    const result = await runAdmin(server, [
      "person",
      "deactivate",
      people.anna,
    ]);
    const done = Date.now();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Deactivated Anna Lind <anna\.lind@malmo\.example>; ended 1 session/,
    );
    const closed = await Promise.all(sockets.map((s) => s.waitClosed(2_000)));
    expect(Date.now() - done).toBeLessThan(2_000);
    expect(closed.map((c) => c.code)).toEqual([4001, 4001]);
    expect((await server.me(anna)).status).toBe(401);
    expect((await server.loginRaw(people.anna)).status).toBe(401);
    expect(maria.isOpen).toBe(true);

    expect(
      (await runAdmin(server, ["person", "activate", people.anna])).code,
    ).toBe(0);
    expect((await server.loginRaw(people.anna)).status).toBe(200);
  });

  test("person role: the person's open WebSocket reconnects (4002) within two seconds with the new role", async () => {
    const erik = await server.connectAs(people.erik);
    const result = await runAdmin(server, [
      "person",
      "role",
      people.erik,
      "observer",
    ]);
    const done = Date.now();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "Erik Nilsson is now observer (was representative).",
    );
    expect((await erik.waitClosed(2_000)).code).toBe(4002);
    expect(Date.now() - done).toBeLessThan(2_000);
    const again = await server.connectAs(people.erik);
    expect((await again.welcome()).person.role).toBe("observer");
  });

  test("organisation and person create: the printed link works in the running server", async () => {
    const org = await runAdmin(server, [
      "organisation",
      "create",
      "Region Gotland",
      "--kind",
      "region",
    ]);
    expect(org.code, org.stderr).toBe(0);
    expect(org.stdout).toMatch(
      /^Created organisation \d+: Region Gotland \(region\)\.$/m,
    );
    const person = await runAdmin(
      server,
      [
        "person",
        "create",
        "--name",
        "Johanna Berg",
        "--email",
        "johanna@gotland.example",
        "--role",
        "representative",
        "--organisation",
        "Region Gotland",
      ],
      { USER: "operatör" },
    );
    expect(person.code, person.stderr).toBe(0);
    expect(person.stdout).toContain("Created person");
    expect(person.stdout).toContain("representative of Region Gotland");
    const session = await acceptInvitation(
      server,
      linkToken(person.stdout),
      "ett eget lösenord",
    );
    expect(session.person.organisation.name).toBe("Region Gotland");

    const listed = await runAdmin(server, ["person", "list"]);
    expect(listed.stdout).toMatch(
      /johanna@gotland\.example\s+representative\s+Region Gotland\s+active/,
    );
    const orgs = await runAdmin(server, ["organisation", "list"]);
    expect(orgs.stdout).toMatch(
      /Region Gotland\s+region\s+municipal\s+1\s+active/,
    );

    // In the audit log, as done from the command line, by whom.
    const created = (await audit(server, admin, "action=person_created")).find(
      (e) => e.details.email === "johanna@gotland.example",
    );
    expect(created).toMatchObject({ actor: null, source: "cli" });
    expect(created!.address).toMatch(/^operatör/);
  });

  test("person invite prints a new link; the earlier one stops working", async () => {
    const created = await runAdmin(server, [
      "person",
      "create",
      "--name",
      "Nils Ny",
      "--email",
      "nils@malmo.example",
      "--role",
      "observer",
      "--organisation",
      "Malmö stad",
    ]);
    const first = linkToken(created.stdout);
    const invited = await runAdmin(server, [
      "person",
      "invite",
      "nils@malmo.example",
    ]);
    expect(invited.code).toBe(0);
    expect(invited.stdout).toContain("earlier links no longer work");
    const second = linkToken(invited.stdout);
    expect(second).not.toBe(first);
    expect(
      (
        await server.http("POST", "/api/invitation", {
          headers: { Origin: server.baseUrl },
          body: JSON.stringify({ token: first }),
        })
      ).status,
    ).toBe(410);
    await acceptInvitation(server, second, "ett eget lösenord");
  });

  test("organisation deactivate ends its people's connections too", async () => {
    const lars = await server.connectAs(people.lars);
    const result = await runAdmin(server, [
      "organisation",
      "deactivate",
      "Skolverket",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Deactivated organisation \d+ \(Skolverket\); ended 1 session/,
    );
    expect((await lars.waitClosed(2_000)).code).toBe(4001);
    expect(
      (await runAdmin(server, ["organisation", "activate", "Skolverket"])).code,
    ).toBe(0);
  });
});

describe("samrad admin refuses bad input clearly, with a non-zero exit code", () => {
  const cases: Array<[string[], number, RegExp]> = [
    [["person", "frob"], 2, /unknown command `person frob`/],
    [["people", "list"], 2, /unknown command `people list`/],
    [["person", "deactivate"], 2, /takes 1 argument/],
    [
      ["person", "role", "anna.lind@malmo.example", "king"],
      2,
      /unknown role 'king'/,
    ],
    [
      [
        "person",
        "create",
        "--name",
        "A",
        "--email",
        "a@b.se",
        "--role",
        "observer",
      ],
      2,
      /missing --organisation/,
    ],
    [
      [
        "person",
        "create",
        "--name",
        "A",
        "--email",
        "not-an-address",
        "--role",
        "observer",
        "--organisation",
        "Malmö stad",
      ],
      1,
      /email address is not valid/,
    ],
    [
      [
        "person",
        "create",
        "--name",
        "A",
        "--email",
        "anna.lind@malmo.example",
        "--role",
        "observer",
        "--organisation",
        "Malmö stad",
      ],
      1,
      /already exists/,
    ],
    [
      ["person", "deactivate", "nobody@example.se"],
      1,
      /no person with the id or email address 'nobody@example.se'/,
    ],
    [
      ["person", "deactivate", "sekretariat@samrad.example", "--bogus", "x"],
      2,
      /unknown option --bogus/,
    ],
    [
      ["organisation", "create", "Nytt", "--kind", "county"],
      2,
      /unknown organisation kind 'county'/,
    ],
    [
      ["organisation", "create", "Malmö stad", "--kind", "municipality"],
      1,
      /already exists/,
    ],
    [
      ["organisation", "deactivate", "Finns inte"],
      1,
      /no organisation with the id or name 'Finns inte'/,
    ],
    [
      ["person", "role", "admin@samrad.example", "observer"],
      1,
      /last active admin/,
    ],
  ];
  for (const [args, code, message] of cases) {
    test(`samrad admin ${args.join(" ")} → exit ${code}`, async () => {
      const result = await runAdmin(server, args);
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(/^samrad admin: /);
      expect(result.stderr).toMatch(message);
    });
  }

  test("a database that does not exist is not created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "samrad-admin-"));
    const result = await runAdmin(null, [
      "person",
      "list",
      "--database",
      join(dir, "nope.db"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no database at");
  });

  test("--config is read like the server reads it; a bad one is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "samrad-admin-"));
    const config = join(dir, "samrad.toml");
    writeFileSync(
      config,
      `[database]\npath = "${server.dbPath}"\n[server]\npublic_url = "https://samrad.example.se/"\n`,
    );
    const invited = await runAdmin(null, [
      "person",
      "invite",
      people.ida,
      "--config",
      config,
    ]);
    expect(invited.code, invited.stderr).toBe(0);
    expect(invited.stdout).toMatch(
      /^ {2}https:\/\/samrad\.example\.se\/#\/invitation\/[0-9a-f]{32}$/m,
    );
    writeFileSync(config, `[database]\npathh = "x"\n`);
    const bad = await runAdmin(null, ["person", "list", "--config", config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown key 'pathh'");
  });

  test("help prints the commands", async () => {
    const result = await runAdmin(null, ["help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("person deactivate PERSON");
    expect((await runAdmin(null, [])).code).toBe(2);
  });

  test("nothing refused reached the audit log as a change", async () => {
    const entries = await audit(server, admin, "q=nobody%40example.se");
    expect(entries).toEqual([]);
    expect((await personByEmail(server, admin, people.admin)).role).toBe(
      "admin",
    );
  });
});
