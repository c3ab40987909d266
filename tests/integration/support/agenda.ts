// Helpers for the agenda, preparation-thread and proposal-version tests (issue 7, second slice):
// events told apart by stream (absent `stream` is "main"), subscribing to one stream and waiting
// for its replay, the people's ids, and answers checked without throwing so that a test can
// collect every mismatch before it fails.
import type { Answer, EventMsg, ServerMsg, WsClient } from "./server";

export type StreamName =
  "main" | "state_preparation" | "municipal_preparation" | "moderation";

/** The stream an event or result names; absent means "main". */
export function streamOf(m: object): StreamName {
  return ((m as { stream?: StreamName }).stream ?? "main") as StreamName;
}

/** Is m an event of the round's stream (and of that kind, when given)? */
export function isStreamEvent(
  m: ServerMsg,
  round: number,
  stream: StreamName,
  kind?: string,
): m is EventMsg {
  return (
    m.type === "event" &&
    (m as EventMsg).round_id === round &&
    streamOf(m) === stream &&
    (kind === undefined || (m as EventMsg).kind === kind)
  );
}

/** The events of one stream of the round that c received, from message index `from` on. */
export function streamEvents(
  c: WsClient,
  round: number,
  stream: StreamName,
  from = 0,
): EventMsg[] {
  return c.messages
    .slice(from)
    .filter((m): m is EventMsg => isStreamEvent(m, round, stream));
}

/** Waits for an event of the stream with seq >= the given one (received at index `from` or later). */
export async function waitForStreamSeq(
  c: WsClient,
  round: number,
  stream: StreamName,
  seq: number,
  timeoutMs = 10_000,
  from = 0,
): Promise<EventMsg> {
  return (await c.waitFor(
    (m) =>
      isStreamEvent(m, round, stream) &&
      (m as EventMsg).seq >= seq &&
      (from === 0 || c.messages.indexOf(m) >= from),
    timeoutMs,
    `event round ${round} ${stream} seq ${seq}`,
  )) as EventMsg;
}

/**
 * Subscribes c to one stream of the round from since, waits for the replay up to head_seq, and
 * returns head_seq and the replayed events of that stream (WsClient.subscribe does not tell
 * streams apart).
 */
export async function subscribeStream(
  c: WsClient,
  round: number,
  stream: StreamName,
  since = 0,
): Promise<{ head_seq: number; replay: EventMsg[] }> {
  const before = c.messages.length;
  const fields: Record<string, unknown> = { round_id: round, since };
  if (stream !== "main") fields.stream = stream;
  const r = await c.ok<{ round_id: number; head_seq: number }>(
    "subscribe",
    fields,
  );
  // Only this subscription's frames count: an earlier one may have brought the same seqs.
  if (r.head_seq > since)
    await waitForStreamSeq(c, round, stream, r.head_seq, 10_000, before);
  const replay = streamEvents(c, round, stream, before).filter(
    (e) => e.seq <= r.head_seq,
  );
  return { head_seq: r.head_seq, replay };
}

/** The person id of the connection (from its welcome). */
export async function personId(c: WsClient): Promise<number> {
  return (await c.welcome()).person.id;
}

/**
 * Sends the request and records a problem unless it is refused with `code` (and, when given, a
 * message matching `message`). Returns the answer.
 */
export async function expectRefused(
  problems: string[],
  what: string,
  c: WsClient,
  type: string,
  fields: Record<string, unknown>,
  code: string,
  message?: RegExp,
): Promise<Answer> {
  const a = await c.request(type, fields);
  if (a.type === "result")
    problems.push(
      `${what}: ${type} ${JSON.stringify(fields)} succeeded: ${JSON.stringify(a.result)}, expected ${code}`,
    );
  else if (a.error.code !== code)
    problems.push(
      `${what}: ${type} ${JSON.stringify(fields)} → ${a.error.code} "${a.error.message}", expected ${code}`,
    );
  else if (message && !message.test(a.error.message))
    problems.push(
      `${what}: ${type} message "${a.error.message}" does not match ${message}`,
    );
  return a;
}
