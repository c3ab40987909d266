// Soak: steady load for SAMRAD_SOAK_SECONDS (45 by default; longer on demand) from eight people
// at once, each again and again logging in, opening a WebSocket, subscribing, posting, listing,
// unsubscribing, closing and logging out. No request may go unanswered, open files must come
// back to their baseline once the load stops, and resident memory must level off (growth in
// the last two thirds of the run under 8 MiB: caches fill early, a leak keeps growing).
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, expect, test } from "vitest";
import {
  cleanupAll,
  people,
  sleep,
  startServer,
  threadIds,
} from "./support/server";

afterAll(cleanupAll);

const seconds = Number(process.env.SAMRAD_SOAK_SECONDS ?? 45);

function residentKiB(pid: number): number {
  return Number(
    /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1],
  );
}

function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

test(
  `soak: ${seconds} s of logins, reconnects, subscribes and posts; nothing unanswered, nothing kept`,
  async () => {
    // Resident memory is measured: the release build, whatever build the suite runs against.
    const server = await startServer({ binary: "release" });
    const pid = server.pid!;
    const everyone = [
      people.anna,
      people.erik,
      people.maria,
      people.per,
      people.lena,
      people.johan,
      people.ida,
      people.lars,
    ];
    const thread = threadIds(
      (await (await server.connectAs(people.anna)).subscribe(1, 0)).replay,
    )[0]!;
    await sleep(500);
    const baselineFiles = openFiles(pid);

    let cycles = 0;
    const deadline = Date.now() + seconds * 1000;
    const third = Date.now() + (seconds * 1000) / 3;
    let residentAtThird = 0;
    const person = async (email: string) => {
      while (Date.now() < deadline) {
        const session = await server.login(email);
        const client = await server.connect(session);
        const { head_seq } = await client.subscribe(
          1,
          Math.max(0, cycles - 50),
        );
        expect(head_seq).toBeGreaterThan(0);
        const posted = await client.request("create_post", {
          round_id: 1,
          thread_id: thread,
          reply_to: null,
          body: `Uthållighet ${email} ${cycles}`,
        });
        expect(posted.type, JSON.stringify(posted)).toBe("result");
        expect((await client.request("list_rounds")).type).toBe("result");
        expect(
          (await client.request("unsubscribe", { round_id: 1 })).type,
        ).toBe("result");
        await client.close();
        expect((await server.logout(session)).status).toBe(204);
        ++cycles;
        if (residentAtThird === 0 && Date.now() >= third)
          residentAtThird = residentKiB(pid);
      }
    };
    await Promise.all(everyone.map(person));
    await sleep(1500);
    const files = openFiles(pid);
    const resident = residentKiB(pid);
    console.log(
      `soak: ${cycles} cycles in ${seconds} s; open files ${baselineFiles} → ${files}; ` +
        `resident ${residentAtThird} KiB at a third → ${resident} KiB at the end`,
    );
    expect(cycles).toBeGreaterThan(seconds); // more than one a second, or the load was not steady
    expect(files).toBeLessThanOrEqual(baselineFiles + 2);
    expect(resident - residentAtThird).toBeLessThan(8 * 1024);
  },
  (seconds + 120) * 1000,
);
