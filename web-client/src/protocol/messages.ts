// TypeScript types for every message of protocol v1 (spec: protocol/README.md).
// The decoder (decode.ts) turns untrusted server JSON into these types; the encoder (encode.ts)
// builds the client requests. Nothing here touches the network or the DOM.

export const PROTOCOL_VERSION = 1;

export const ORGANISATION_KINDS = [
  'ministry',
  'agency',
  'municipality',
  'region',
  'association',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const SIDES = ['state', 'municipal', 'neutral'] as const;
export type Side = (typeof SIDES)[number];

export const ROLES = ['admin', 'secretariat', 'representative', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const PHASES = ['draft', 'open', 'closed', 'decided'] as const;
export type Phase = (typeof PHASES)[number];

// The streams of a round (spec: "Streams"). The server omits `stream` on the wire for main; the
// decoder fills in 'main', so decoded messages always say which stream they belong to.
export const STREAMS = ['main', 'state_preparation', 'municipal_preparation'] as const;
export type Stream = (typeof STREAMS)[number];
export const MAIN_STREAM: Stream = 'main';

export interface Organisation {
  id: number;
  name: string;
  kind: OrganisationKind;
  side: Side;
}

export interface Person {
  id: number;
  name: string;
  role: Role;
  organisation: Organisation;
}

// ---------------------------------------------------------------------------------------------
// Client -> server requests. `id` is added by the transport, so callers build request bodies.

export interface ListRoundsRequest {
  type: 'list_rounds';
}
// `stream` absent means main; this client follows only main streams and leaves it out.
export interface SubscribeRequest {
  type: 'subscribe';
  round_id: number;
  stream?: Stream;
  since: number;
}
export interface UnsubscribeRequest {
  type: 'unsubscribe';
  round_id: number;
  stream?: Stream;
}
export interface CreateThreadRequest {
  type: 'create_thread';
  round_id: number;
  title: string;
}
export interface CreatePostRequest {
  type: 'create_post';
  round_id: number;
  thread_id: number;
  reply_to: number | null;
  body: string;
}

export type RequestBody =
  | ListRoundsRequest
  | SubscribeRequest
  | UnsubscribeRequest
  | CreateThreadRequest
  | CreatePostRequest;

export type RequestType = RequestBody['type'];

export type Request = RequestBody & { id: number };

// The result payload each request type is answered with.
export interface RoundSummary {
  id: number;
  title: string;
  phase: Phase;
  head_seq: number; // of the round's main stream
  created_at: string;
}
export interface ListRoundsResult {
  rounds: RoundSummary[];
}
export interface SubscribeResult {
  round_id: number;
  stream: Stream;
  head_seq: number;
}
export interface UnsubscribeResult {
  round_id: number;
  stream: Stream;
}
export interface CreateThreadResult {
  round_id: number;
  seq: number;
  thread_id: number;
}
export interface CreatePostResult {
  round_id: number;
  seq: number;
  post_id: number;
}

export interface ResultFor {
  list_rounds: ListRoundsResult;
  subscribe: SubscribeResult;
  unsubscribe: UnsubscribeResult;
  create_thread: CreateThreadResult;
  create_post: CreatePostResult;
}

// ---------------------------------------------------------------------------------------------
// Server -> client messages.

export interface WelcomeMessage {
  type: 'welcome';
  protocol: number;
  person: Person;
  limits: { max_message_bytes: number };
}

// The result's payload is kept as untrusted JSON here: its shape depends on the request it
// answers, which only the transport knows (it decodes it with decodeResultFor).
export interface ResultMessage {
  type: 'result';
  id: number;
  result: Record<string, unknown>;
}

export interface ErrorMessage {
  type: 'error';
  id: number | null;
  error: { code: string; message: string };
}

export interface RoundCreatedData {
  title: string;
  proposal: string;
  phase: Phase;
  invited: Organisation[];
}
export interface ThreadCreatedData {
  thread_id: number;
  title: string;
}
export interface PostCreatedData {
  post_id: number;
  thread_id: number;
  reply_to: number | null;
  body: string;
}

interface EventBase {
  type: 'event';
  round_id: number;
  stream: Stream;
  seq: number; // within its stream
  at: string;
  actor: Person;
}
export interface RoundCreatedEvent extends EventBase {
  kind: 'round_created';
  data: RoundCreatedData;
}
export interface ThreadCreatedEvent extends EventBase {
  kind: 'thread_created';
  data: ThreadCreatedData;
}
export interface PostCreatedEvent extends EventBase {
  kind: 'post_created';
  data: PostCreatedData;
}
// An event of a kind this client does not know yet (a later protocol addition). Its envelope
// is valid, so its seq still counts: skipping it must not look like a gap.
export interface UnknownEvent extends EventBase {
  kind: 'unknown';
  original_kind: string;
}

export type RoundEvent = RoundCreatedEvent | ThreadCreatedEvent | PostCreatedEvent | UnknownEvent;
export type EventKind = RoundEvent['kind'];

export type ServerMessage = WelcomeMessage | ResultMessage | ErrorMessage | RoundEvent;
