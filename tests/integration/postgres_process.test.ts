// The integration tests' PostgreSQL support (support/postgres.ts) against a real server: it
// starts, gives out databases, survives kill and restart with its data, pauses, and is cleaned
// up by cleanupAll().
import { existsSync } from "node:fs";
import { afterEach, expect, test } from "vitest";
import { PostgresServer, psql } from "./support/postgres";
import { cleanupAll } from "./support/server";

afterEach(cleanupAll);

test("a created database answers; kill stops the server and restart brings it back with its data", async () => {
  const postgres = await PostgresServer.start();
  expect(postgres.port).not.toBe(5432);
  const database = await postgres.createDatabase();
  expect(await psql(database, "select 1")).toBe("1");
  await psql(
    database,
    "create table kept (word text); insert into kept values ('still here')",
  );

  await postgres.kill();
  await expect(psql(database, "select 1")).rejects.toThrow();

  await postgres.restart();
  expect(await psql(database, "select word from kept")).toBe("still here");
});

test("while paused, connections time out; after resume they are answered", async () => {
  const postgres = await PostgresServer.start();
  const quick = `${postgres.conninfo()} connect_timeout=2`;
  await postgres.pause();
  await expect(psql(quick, "select 1")).rejects.toThrow(/timeout/);
  await postgres.resume();
  expect(await psql(quick, "select 1")).toBe("1");
});

test("cleanupAll kills a server left running and removes its folder", async () => {
  const postgres = await PostgresServer.start();
  const database = await postgres.createDatabase();
  await cleanupAll();
  expect(existsSync(postgres.dir)).toBe(false);
  await expect(psql(database, "select 1")).rejects.toThrow();
});
