// Helpers for the round life-cycle tests (issue 7): organisations by name, wire timestamps,
// creating and opening rounds, reading a round's head_seq, and telling the messages of a round
// (events, subscription_ended) apart.
import type {
  Answer,
  EventMsg,
  Organisation,
  ServerMsg,
  WsClient,
} from "./server";

/** The demo organisations by name (list_organisations). */
export async function organisationsByName(
  c: WsClient,
): Promise<Map<string, Organisation>> {
  const r = await c.ok<{ organisations: Organisation[] }>("list_organisations");
  return new Map(r.organisations.map((o) => [o.name, o]));
}

/** A wire timestamp ("2026-11-23T10:15:00.123Z") `ms` milliseconds from now (negative: ago). */
export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/** One entry of list_rounds (issue 7 adds kind, sectors, opens_at, closes_at, preparation_streams). */
export interface RoundSummary {
  id: number;
  title: string;
  phase: string;
  head_seq: number;
  created_at: string;
  kind: string;
  sectors: string[];
  opens_at: string | null;
  closes_at: string | null;
  preparation_streams: string[];
}

export async function listRounds(c: WsClient): Promise<RoundSummary[]> {
  return (await c.ok<{ rounds: RoundSummary[] }>("list_rounds")).rounds;
}

/** The round as list_rounds shows it to c, or undefined when c does not see it. */
export async function roundSummary(
  c: WsClient,
  roundId: number,
): Promise<RoundSummary | undefined> {
  return (await listRounds(c)).find((r) => r.id === roundId);
}

/** The round's head_seq as the secretariat (or anyone who sees it) reads it from list_rounds. */
export async function headSeq(c: WsClient, roundId: number): Promise<number> {
  const r = await roundSummary(c, roundId);
  if (!r) throw new Error(`round ${roundId} is not in list_rounds`);
  return r.head_seq;
}

/** A first outcome for a closed round, so that it may be decided; throws unless it succeeds. */
export async function writeOutcome(
  c: WsClient,
  round: number,
): Promise<{ round_id: number; seq: number; version: number }> {
  return c.ok("write_outcome", {
    round_id: round,
    revises: 0,
    summary: "Utfallet.",
    agreed: [],
    responses: [],
  });
}

/** create_round with sensible defaults; throws unless it succeeds. */
export async function createRound(
  c: WsClient,
  fields: Record<string, unknown> = {},
): Promise<{ round_id: number; seq: number }> {
  return c.ok<{ round_id: number; seq: number }>("create_round", {
    title: "Testrunda",
    proposal: "Ett förslag.",
    kind: "plenary",
    ...fields,
  });
}

/**
 * Creates a round and opens it; returns its id, the ids of its agenda threads and the seq of the
 * phase_changed event.
 */
export async function createOpenRound(
  c: WsClient,
  fields: Record<string, unknown> = {},
): Promise<{ round: number; threads: number[]; openSeq: number }> {
  const agenda = (fields.agenda as string[] | undefined) ?? ["Frågan"];
  const { round_id } = await createRound(c, { agenda, ...fields });
  const opened = await c.ok<{ round_id: number; seq: number }>("change_phase", {
    round_id,
    phase: "open",
  });
  return {
    round: round_id,
    threads: await threadIdsOf(c, round_id, agenda.length),
    openSeq: opened.seq,
  };
}

/** The ids of the round's threads, read by subscribing on a fresh request and unsubscribing. */
async function threadIdsOf(
  c: WsClient,
  roundId: number,
  count: number,
): Promise<number[]> {
  if (count === 0) return [];
  const before = c.messages.length;
  const r = await c.ok<{ head_seq: number }>("subscribe", {
    round_id: roundId,
    since: 0,
  });
  await c.waitForSeq(roundId, r.head_seq);
  await c.ok("unsubscribe", { round_id: roundId });
  return c.messages
    .slice(before)
    .filter(
      (m): m is EventMsg =>
        m.type === "event" &&
        (m as EventMsg).round_id === roundId &&
        (m as EventMsg).kind === "thread_created",
    )
    .map((e) => e.data.thread_id as number);
}

export function isEvent(
  m: ServerMsg,
  roundId: number,
  kind?: string,
): m is EventMsg {
  return (
    m.type === "event" &&
    (m as EventMsg).round_id === roundId &&
    (kind === undefined || (m as EventMsg).kind === kind)
  );
}

export function isEnded(m: ServerMsg, roundId: number): boolean {
  return (
    m.type === "subscription_ended" &&
    (m as { round_id?: unknown }).round_id === roundId
  );
}

/** The error code of an answer, or "ok" for a result. */
export function codeOf(a: Answer): string {
  return a.type === "result" ? "ok" : a.error.code;
}
