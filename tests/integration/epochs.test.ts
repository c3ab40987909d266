// Epochs (protocol/README.md, subscribe): a subscribe result names the stream's epoch; a client
// resuming names the epoch its seq belongs to, and a seq of another epoch is refused with
// stale_position, like one beyond the head. After a backup is restored, `samrad admin epoch
// renew` gives every stream a new epoch: clients that saw the lost history reload, nobody
// receives other events under seqs they already hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdmin } from "./support/accounts";
import {
  anEpoch,
  cleanupAll,
  people,
  startServer,
  type SamradServer,
} from "./support/server";

const ROUND = 1;

describe("epochs", () => {
  let server: SamradServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(cleanupAll);

  it("names the stream's epoch and resumes only a seq of that epoch", async () => {
    const anna = await server.connectAs(people.anna);
    const first = await anna.ok<{ head_seq: number; epoch: string }>(
      "subscribe",
      { round_id: ROUND, since: 0 },
    );
    expect(first.epoch).toEqual(anEpoch);
    await anna.ok("unsubscribe", { round_id: ROUND });

    const again = await server.connectAs(people.erik);
    expect(
      await again.ok("subscribe", {
        round_id: ROUND,
        since: first.head_seq,
        epoch: first.epoch,
      }),
    ).toEqual({
      round_id: ROUND,
      head_seq: first.head_seq,
      epoch: first.epoch,
    });
    const other = await server.connectAs(people.maria);
    const refused = await other.fails("subscribe", {
      round_id: ROUND,
      since: first.head_seq,
      epoch: "0000000000000000",
    });
    expect(refused.code).toBe("stale_position");
    expect(refused.message).toContain("epoch");
    // From the start, any epoch will do: there is nothing to mix up.
    expect(
      await other.ok("subscribe", {
        round_id: ROUND,
        since: 0,
        epoch: "0000000000000000",
      }),
    ).toMatchObject({
      epoch: first.epoch,
    });
  });

  it("after `samrad admin epoch renew`, a client holding the old history must reload", async () => {
    const before = await server.connectAs(people.anna);
    const old = await before.ok<{ head_seq: number; epoch: string }>(
      "subscribe",
      { round_id: ROUND, since: 0 },
    );
    await server.stop();

    const renewed = await runAdmin(server, ["epoch", "renew"]);
    expect(renewed.code, renewed.stderr).toBe(0);
    const printed = /epoch is now ([0-9a-f]{16})/.exec(renewed.stdout)?.[1];
    expect(printed).toBeDefined();
    expect(printed).not.toBe(old.epoch);

    await server.restart();
    const after = await server.connectAs(people.anna);
    expect(
      (
        await after.fails("subscribe", {
          round_id: ROUND,
          since: old.head_seq,
          epoch: old.epoch,
        })
      ).code,
    ).toBe("stale_position");
    const reloaded = await after.ok<{ head_seq: number; epoch: string }>(
      "subscribe",
      { round_id: ROUND, since: 0 },
    );
    expect(reloaded).toMatchObject({ head_seq: old.head_seq, epoch: printed });
    // Every stream has it, the preparation streams too.
    expect(
      await after.ok("subscribe", {
        round_id: ROUND,
        stream: "municipal_preparation",
        since: 0,
      }),
    ).toMatchObject({ epoch: printed });
  });
});
