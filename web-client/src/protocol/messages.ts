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

// Plenary: the ministries concerned and the municipal sector; bilateral: exactly one ministry and
// the municipal sector.
export const ROUND_KINDS = ['plenary', 'bilateral'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

// The policy areas a round concerns.
export const SECTORS = ['health_care', 'school', 'social_care'] as const;
export type Sector = (typeof SECTORS)[number];

// Why the server ended a subscription on its own (`subscription_ended`). The decoder keeps any
// reason a newer server sends; this is the one protocol v1 knows.
export const ACCESS_WITHDRAWN = 'access_withdrawn';

// The streams of a round (spec: "Streams"). The server omits `stream` on the wire for main; the
// decoder fills in 'main', so decoded messages always say which stream they belong to.
export const STREAMS = [
  'main',
  'state_preparation',
  'municipal_preparation',
  'moderation',
] as const;
export type Stream = (typeof STREAMS)[number];
export const MAIN_STREAM: Stream = 'main';

// A side's own stream: only that side's organisations see it (spec: "Streams").
export const PREPARATION_STREAMS = ['state_preparation', 'municipal_preparation'] as const;
export type PreparationStream = (typeof PREPARATION_STREAMS)[number];

// The preparation stream a person of this side may follow and write in; none for neutral
// organisations (the secretariat's, for one).
export function preparationStreamOf(side: Side): PreparationStream | null {
  if (side === 'state') return 'state_preparation';
  if (side === 'municipal') return 'municipal_preparation';
  return null;
}

export function isPreparationStream(stream: Stream): stream is PreparationStream {
  return (PREPARATION_STREAMS as readonly Stream[]).includes(stream);
}

// Reports on posts and what became of them: the secretariat's (and admins') alone.
export const MODERATION_STREAM: Stream = 'moderation';

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
// `stream` absent means main (the encoder leaves it out unless the caller names one).
export interface SubscribeRequest {
  type: 'subscribe';
  round_id: number;
  stream?: Stream;
  since: number;
  // The epoch `since` belongs to (from the stream's last subscribe result): a server whose
  // history has changed since (a restored backup) refuses it with stale_position.
  epoch?: string;
}
export interface UnsubscribeRequest {
  type: 'unsubscribe';
  round_id: number;
  stream?: Stream;
}
// Without `stream` (or with 'main'): a thread of the round's agenda, by the secretariat. With a
// preparation stream: a thread of that side's own preparation stream, by a person of that side.
export interface CreateThreadRequest {
  type: 'create_thread';
  round_id: number;
  stream?: Stream;
  title: string;
}
export interface CreatePostRequest {
  type: 'create_post';
  round_id: number;
  thread_id: number;
  reply_to: number | null;
  body: string;
}
export interface ListOrganisationsRequest {
  type: 'list_organisations';
}
// Timestamps a client sends: UTC, "Z", with or without milliseconds (encode.ts, wireTimestamp).
// Optional fields left undefined are not sent and take the server's default ([] or null).
export interface CreateRoundRequest {
  type: 'create_round';
  title: string;
  proposal: string; // Markdown; may be empty
  kind: RoundKind;
  sectors?: Sector[];
  invited?: number[]; // organisation ids
  opens_at?: string | null;
  closes_at?: string | null;
  agenda?: string[]; // titles of the first agenda threads
}
export interface ChangePhaseRequest {
  type: 'change_phase';
  round_id: number;
  phase: Phase;
}
// Both times are required; null means none.
export interface SetScheduleRequest {
  type: 'set_schedule';
  round_id: number;
  opens_at: string | null;
  closes_at: string | null;
}
export interface InviteOrganisationRequest {
  type: 'invite_organisation';
  round_id: number;
  organisation_id: number;
}
export interface WithdrawInvitationRequest {
  type: 'withdraw_invitation';
  round_id: number;
  organisation_id: number;
}

// A representative proposes an agenda item; `motivation` left undefined is not sent (empty).
export interface ProposeAgendaItemRequest {
  type: 'propose_agenda_item';
  round_id: number;
  title: string;
  motivation?: string;
}
// The secretariat accepts or declines a proposed item; declining needs a reason that is not
// blank (the server answers bad_request otherwise).
export interface DecideAgendaItemRequest {
  type: 'decide_agenda_item';
  round_id: number;
  thread_id: number;
  accept: boolean;
  reason?: string;
}
// `before`: the thread to move it just before, or null for the end of the agenda.
export interface MoveThreadRequest {
  type: 'move_thread';
  round_id: number;
  thread_id: number;
  before: number | null;
}
export interface LockThreadRequest {
  type: 'lock_thread';
  round_id: number;
  thread_id: number;
  locked: boolean;
}
// `post_id`: the post to pin, or null to remove the thread's pin.
export interface PinPostRequest {
  type: 'pin_post';
  round_id: number;
  thread_id: number;
  post_id: number | null;
}
export interface ReviseProposalRequest {
  type: 'revise_proposal';
  round_id: number;
  proposal: string; // Markdown; the whole new text
}
// The author's new text for their post.
export interface EditPostRequest {
  type: 'edit_post';
  round_id: number;
  post_id: number;
  body: string;
}
export interface HidePostRequest {
  type: 'hide_post';
  round_id: number;
  post_id: number;
  reason: string;
}
export interface UnhidePostRequest {
  type: 'unhide_post';
  round_id: number;
  post_id: number;
}
export interface ReportPostRequest {
  type: 'report_post';
  round_id: number;
  post_id: number;
  reason: string;
}
export interface DismissReportRequest {
  type: 'dismiss_report';
  round_id: number;
  report_id: number;
  note?: string;
}
export interface PostHistoryRequest {
  type: 'post_history';
  round_id: number;
  post_id: number;
}
// Who has answered in a round (the secretariat's).
export interface ListParticipationRequest {
  type: 'list_participation';
  round_id: number;
}
// Who is in a round now: anyone who may see the round.
export interface ListPresenceRequest {
  type: 'list_presence';
  round_id: number;
}
// The secretariat reminds an invited organisation of an open round; `message` (plain text) left
// undefined is not sent (none). A message that is sent must not be blank.
export interface SendReminderRequest {
  type: 'send_reminder';
  round_id: number;
  organisation_id: number;
  message?: string;
}

// An organisation's formal position on a proposal, or on one point of it.
export const STANCES = [
  'supports',
  'supports_with_reservations',
  'opposes',
  'abstains',
  'no_comments',
] as const;
export type Stance = (typeof STANCES)[number];
// A point of the proposal is an accepted agenda item (a main-stream thread); `motivation` is
// plain text, '' when none was given (a request may leave it out).
export interface PointPosition {
  thread_id: number;
  stance: Stance;
  motivation: string;
}
export type PointPositionRequest = Omit<PointPosition, 'motivation'> & { motivation?: string };
// A representative states their organisation's position while the round is open, or revises
// it: `revises` is the version they saw (0: none yet). `points` left undefined is not sent.
export interface StatePositionRequest {
  type: 'state_position';
  round_id: number;
  revises: number;
  stance: Stance;
  motivation: string;
  points?: PointPositionRequest[];
}

// The state's response to a point raised in a round: godtas, godtas delvis, godtas inte.
export const ACCEPTANCES = ['accepted', 'partly_accepted', 'not_accepted'] as const;
export type Acceptance = (typeof ACCEPTANCES)[number];
// One point raised in the round and the state's response to it, naming the main-stream posts
// and the organisations (with a position in the round) that raised it. Texts are plain.
export interface PointResponse {
  point: string;
  post_ids: number[];
  organisation_ids: number[];
  response: Acceptance;
  reason: string;
}
// The secretariat writes a closed round's outcome, or revises it: `revises` is the version they
// saw (0: none yet). `summary` is Markdown; `agreed` the points agreed, as plain text. A decided
// round's outcome is corrected: `correction` gives the reason (and only then is sent).
export interface WriteOutcomeRequest {
  type: 'write_outcome';
  round_id: number;
  revises: number;
  summary: string;
  agreed: string[];
  responses: PointResponse[];
  correction?: string;
}
// The secretariat writes one agenda item's minutes, or revises them: `revises` is the version of
// that item's minutes they saw (0: none yet). The texts are Markdown, `""` for a part not written.
export interface WriteMinutesRequest {
  type: 'write_minutes';
  round_id: number;
  thread_id: number;
  revises: number;
  state_input: string;
  municipal_input: string;
  state_comment: string;
  post_ids: number[];
}
// A representative attaches dissent (Markdown) to a closed round's outcome.
export interface AttachDissentRequest {
  type: 'attach_dissent';
  round_id: number;
  text: string;
}
// The secretariat or an invited organisation's representative writes a version of the round's
// joint document (Markdown): `revises` is the version they saw (0: none yet).
export interface WriteJointDocumentRequest {
  type: 'write_joint_document';
  round_id: number;
  revises: number;
  text: string;
}
// The caller's side approves the latest version of the joint document; the server knows the side.
export interface ApproveJointDocumentRequest {
  type: 'approve_joint_document';
  round_id: number;
  version: number;
}
// The two sides that approve a joint document.
export const APPROVING_SIDES = ['state', 'municipal'] as const;
export type ApprovingSide = (typeof APPROVING_SIDES)[number];

export type RequestBody =
  | ListRoundsRequest
  | SubscribeRequest
  | UnsubscribeRequest
  | CreateThreadRequest
  | CreatePostRequest
  | ListOrganisationsRequest
  | CreateRoundRequest
  | ChangePhaseRequest
  | SetScheduleRequest
  | InviteOrganisationRequest
  | WithdrawInvitationRequest
  | ProposeAgendaItemRequest
  | DecideAgendaItemRequest
  | MoveThreadRequest
  | LockThreadRequest
  | PinPostRequest
  | ReviseProposalRequest
  | EditPostRequest
  | HidePostRequest
  | UnhidePostRequest
  | ReportPostRequest
  | DismissReportRequest
  | PostHistoryRequest
  | ListParticipationRequest
  | SendReminderRequest
  | StatePositionRequest
  | WriteOutcomeRequest
  | AttachDissentRequest
  | WriteMinutesRequest
  | WriteJointDocumentRequest
  | ApproveJointDocumentRequest
  | ListPresenceRequest;

export type RequestType = RequestBody['type'];

export type Request = RequestBody & { id: number };

// The result payload each request type is answered with.
export interface RoundSummary {
  id: number;
  title: string;
  phase: Phase;
  head_seq: number; // of the round's main stream
  created_at: string;
  kind: RoundKind;
  sectors: Sector[];
  opens_at: string | null;
  closes_at: string | null;
  // The round's preparation streams that hold events: that a side prepares, not what it writes.
  preparation_streams: PreparationStream[];
}
export interface ListRoundsResult {
  rounds: RoundSummary[];
}
export interface SubscribeResult {
  round_id: number;
  stream: Stream;
  head_seq: number;
  epoch: string;
}
export interface UnsubscribeResult {
  round_id: number;
  stream: Stream;
}
// `stream`: where the thread's event went ('main' when the wire leaves it out); `seq` counts in
// that stream.
export interface CreateThreadResult {
  round_id: number;
  stream: Stream;
  seq: number;
  thread_id: number;
}
export interface CreatePostResult {
  round_id: number;
  stream: Stream;
  seq: number;
  post_id: number;
}
export interface ListOrganisationsResult {
  organisations: Organisation[]; // sorted by name
}
// The answer to a request that changes a round, after commit: where its event is in the round's
// main stream (create_round: the new round, seq 1).
export interface RoundChangeResult {
  round_id: number;
  seq: number;
}
// propose_agenda_item: its place in the main stream and the proposed item's thread.
export interface ProposeAgendaItemResult {
  round_id: number;
  seq: number;
  thread_id: number;
}

// edit_post and dismiss_report: the place of their event, in the stream it went to.
export interface StreamChangeResult {
  round_id: number;
  stream: Stream;
  seq: number;
}
// report_post: the report, without its place (the moderation stream is not the reporter's).
export interface ReportPostResult {
  round_id: number;
  report_id: number;
}
export interface PostVersion {
  version: number;
  body: string;
  at: string;
}
// A post's versions, oldest first; `hidden` when the secretariat has hidden it (then only the
// secretariat and the author get this answer).
export interface PostHistoryResult {
  round_id: number;
  post_id: number;
  thread_id: number;
  hidden: { reason: string; at: string } | null;
  versions: PostVersion[];
}
// One invited organisation's part in a round (list_participation), each kind of taking part an
// object of its own. `position.version` 0 is no position stated yet.
export interface OrganisationParticipation {
  organisation: Organisation;
  posts: { main: number; preparation: number; latest_at: string | null };
  reminders: { count: number; latest_at: string | null };
  position: { version: number; stance: Stance | null; latest_at: string | null };
}
export interface StatePositionResult {
  round_id: number;
  seq: number;
  version: number;
}
export interface WriteOutcomeResult {
  round_id: number;
  seq: number;
  version: number;
}
export interface WriteMinutesResult {
  round_id: number;
  seq: number;
  thread_id: number;
  version: number;
}
// The version written or approved, and the event's place in the main stream.
export interface JointDocumentResult {
  round_id: number;
  seq: number;
  version: number;
}
export interface ListParticipationResult {
  round_id: number;
  organisations: OrganisationParticipation[]; // invited now, by name
}

export interface ListPresenceResult {
  round_id: number;
  people: Person[]; // present now, by name then id
}

export interface ResultFor {
  list_rounds: ListRoundsResult;
  subscribe: SubscribeResult;
  unsubscribe: UnsubscribeResult;
  create_thread: CreateThreadResult;
  create_post: CreatePostResult;
  list_organisations: ListOrganisationsResult;
  create_round: RoundChangeResult;
  change_phase: RoundChangeResult;
  set_schedule: RoundChangeResult;
  invite_organisation: RoundChangeResult;
  withdraw_invitation: RoundChangeResult;
  propose_agenda_item: ProposeAgendaItemResult;
  decide_agenda_item: RoundChangeResult;
  move_thread: RoundChangeResult;
  lock_thread: RoundChangeResult;
  pin_post: RoundChangeResult;
  revise_proposal: RoundChangeResult;
  edit_post: StreamChangeResult;
  hide_post: RoundChangeResult;
  unhide_post: RoundChangeResult;
  report_post: ReportPostResult;
  dismiss_report: StreamChangeResult;
  post_history: PostHistoryResult;
  list_participation: ListParticipationResult;
  send_reminder: RoundChangeResult;
  state_position: StatePositionResult;
  write_outcome: WriteOutcomeResult;
  attach_dissent: RoundChangeResult;
  write_minutes: WriteMinutesResult;
  write_joint_document: JointDocumentResult;
  approve_joint_document: JointDocumentResult;
  list_presence: ListPresenceResult;
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
  // retryAfterMs: rate_limited only, how long to wait before trying again.
  error: { code: string; message: string; retryAfterMs?: number };
}

// `kind` and `sectors` are absent in rounds created before rounds had them: read plenary and [].
export interface RoundCreatedData {
  title: string;
  proposal: string;
  phase: Phase;
  invited: Organisation[];
  kind?: RoundKind;
  sectors?: Sector[];
}
export interface ThreadCreatedData {
  thread_id: number;
  title: string;
}
// `proposal_version` is absent in posts written before proposals had versions (read: 1).
export interface PostCreatedData {
  post_id: number;
  thread_id: number;
  reply_to: number | null;
  body: string;
  proposal_version?: number;
  // Read back while the post is hidden: the body is empty.
  withheld?: boolean;
}
// automatic: the server closed an open round at its closing time; the actor is then the person
// who set that time.
export interface PhaseChangedData {
  previous: Phase;
  phase: Phase;
  automatic: boolean;
}
export interface ScheduleChangedData {
  opens_at: string | null;
  closes_at: string | null;
}
export interface OrganisationInvitedData {
  organisation: Organisation;
}
export interface InvitationWithdrawnData {
  organisation: Organisation;
}

// A proposed agenda item: a new thread of the main stream with status 'proposed' (the actor is
// the proposer). `motivation` is '' when none was given.
export interface AgendaItemProposedData {
  thread_id: number;
  title: string;
  motivation: string;
}
// `reason` is never blank when declined; may be '' when accepted.
export interface AgendaItemDecidedData {
  thread_id: number;
  accepted: boolean;
  reason: string;
}
// The thread moves just before `before`, or to the end of the agenda when null.
export interface ThreadMovedData {
  thread_id: number;
  before: number | null;
}
export interface ThreadLockedData {
  thread_id: number;
  locked: boolean;
}
// The thread's pinned post from now on; null: none.
export interface PostPinnedData {
  thread_id: number;
  post_id: number | null;
}
// The round's whole proposal from now on, and its version (round_created's is 1).
export interface ProposalRevisedData {
  version: number;
  proposal: string;
}
// A post's new text (version 2, 3 ...). `withheld`: read back while the post is hidden, so the
// body is empty.
export interface PostEditedData {
  post_id: number;
  thread_id: number;
  version: number;
  body: string;
  withheld?: boolean;
}
// Carries no text: whoever had it drops it.
export interface PostHiddenData {
  post_id: number;
  thread_id: number;
  reason: string;
}
// The post's current text again (`withheld` as for post_edited).
export interface PostUnhiddenData {
  post_id: number;
  thread_id: number;
  version: number;
  body: string;
  withheld?: boolean;
}
export interface PostReportedData {
  report_id: number;
  post_id: number;
  thread_id: number;
  reason: string;
}
export const REPORT_OUTCOMES = ['hidden', 'dismissed'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];
export interface ReportsResolvedData {
  report_ids: number[];
  outcome: ReportOutcome;
  note: string;
}
// The secretariat (the actor) reminded the organisation to take part; `message` is plain text,
// '' when none was written. Everyone in the round receives it; it is meant for the
// organisation's people.
export interface ReminderSentData {
  organisation: Organisation;
  message: string;
  position_missing: boolean; // the organisation had stated no position when reminded
}
// An organisation stated its position (version 1) or revised it; earlier versions stay in the
// stream as its history. `motivation` is Markdown, '' only with 'no_comments'.
export interface PositionStatedData {
  organisation: Organisation;
  version: number;
  stance: Stance;
  motivation: string;
  points: PointPosition[];
}
// The secretariat wrote the round's outcome (version 1) or revised it; the whole outcome each
// time, and the latest is the outcome. `correction` is the reason for a version written after
// the round was decided (the round then has a new decision record), null otherwise.
export interface OutcomeWrittenData {
  version: number;
  summary: string;
  agreed: string[];
  responses: PointResponse[];
  correction: string | null;
}
// A representative attached dissent for their organisation (as it was then); all are kept.
export interface DissentAttachedData {
  organisation: Organisation;
  text: string;
}
// A version of the joint document (1, 2 …), the whole text each time.
export interface JointDocumentWrittenData {
  version: number;
  text: string;
}
// One side approved one version of the joint document.
export interface JointDocumentApprovedData {
  version: number;
  side: ApprovingSide;
}

// The secretariat wrote an agenda item's minutes (version 1) or revised them; the whole minutes
// each time, and the latest of each item is its minutes.
export interface MinutesWrittenData {
  thread_id: number;
  version: number;
  state_input: string;
  municipal_input: string;
  state_comment: string;
  post_ids: number[];
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
export interface PhaseChangedEvent extends EventBase {
  kind: 'phase_changed';
  data: PhaseChangedData;
}
export interface ScheduleChangedEvent extends EventBase {
  kind: 'schedule_changed';
  data: ScheduleChangedData;
}
export interface OrganisationInvitedEvent extends EventBase {
  kind: 'organisation_invited';
  data: OrganisationInvitedData;
}
export interface InvitationWithdrawnEvent extends EventBase {
  kind: 'invitation_withdrawn';
  data: InvitationWithdrawnData;
}
export interface AgendaItemProposedEvent extends EventBase {
  kind: 'agenda_item_proposed';
  data: AgendaItemProposedData;
}
export interface AgendaItemDecidedEvent extends EventBase {
  kind: 'agenda_item_decided';
  data: AgendaItemDecidedData;
}
export interface ThreadMovedEvent extends EventBase {
  kind: 'thread_moved';
  data: ThreadMovedData;
}
export interface ThreadLockedEvent extends EventBase {
  kind: 'thread_locked';
  data: ThreadLockedData;
}
export interface PostPinnedEvent extends EventBase {
  kind: 'post_pinned';
  data: PostPinnedData;
}
export interface ProposalRevisedEvent extends EventBase {
  kind: 'proposal_revised';
  data: ProposalRevisedData;
}
export interface PostEditedEvent extends EventBase {
  kind: 'post_edited';
  data: PostEditedData;
}
export interface PostHiddenEvent extends EventBase {
  kind: 'post_hidden';
  data: PostHiddenData;
}
export interface PostUnhiddenEvent extends EventBase {
  kind: 'post_unhidden';
  data: PostUnhiddenData;
}
export interface PostReportedEvent extends EventBase {
  kind: 'post_reported';
  data: PostReportedData;
}
export interface ReportsResolvedEvent extends EventBase {
  kind: 'reports_resolved';
  data: ReportsResolvedData;
}
export interface ReminderSentEvent extends EventBase {
  kind: 'reminder_sent';
  data: ReminderSentData;
}
export interface PositionStatedEvent extends EventBase {
  kind: 'position_stated';
  data: PositionStatedData;
}
export interface OutcomeWrittenEvent extends EventBase {
  kind: 'outcome_written';
  data: OutcomeWrittenData;
}
export interface DissentAttachedEvent extends EventBase {
  kind: 'dissent_attached';
  data: DissentAttachedData;
}
export interface MinutesWrittenEvent extends EventBase {
  kind: 'minutes_written';
  data: MinutesWrittenData;
}
export interface JointDocumentWrittenEvent extends EventBase {
  kind: 'joint_document_written';
  data: JointDocumentWrittenData;
}
export interface JointDocumentApprovedEvent extends EventBase {
  kind: 'joint_document_approved';
  data: JointDocumentApprovedData;
}
// An event of a kind this client does not know yet (a later protocol addition). Its envelope
// is valid, so its seq still counts: skipping it must not look like a gap.
export interface UnknownEvent extends EventBase {
  kind: 'unknown';
  original_kind: string;
}

export type RoundEvent =
  | RoundCreatedEvent
  | ThreadCreatedEvent
  | PostCreatedEvent
  | PhaseChangedEvent
  | ScheduleChangedEvent
  | OrganisationInvitedEvent
  | InvitationWithdrawnEvent
  | AgendaItemProposedEvent
  | AgendaItemDecidedEvent
  | ThreadMovedEvent
  | ThreadLockedEvent
  | PostPinnedEvent
  | ProposalRevisedEvent
  | PostEditedEvent
  | PostHiddenEvent
  | PostUnhiddenEvent
  | PostReportedEvent
  | ReportsResolvedEvent
  | ReminderSentEvent
  | PositionStatedEvent
  | OutcomeWrittenEvent
  | DissentAttachedEvent
  | MinutesWrittenEvent
  | JointDocumentWrittenEvent
  | JointDocumentApprovedEvent
  | UnknownEvent;
export type EventKind = RoundEvent['kind'];

// The server ended a subscription on its own: nothing more of that stream follows, and the
// subscription is gone. `reason` is 'access_withdrawn' in protocol v1 (the person's organisation
// is no longer invited); a newer server may send other reasons.
export interface SubscriptionEndedMessage {
  type: 'subscription_ended';
  round_id: number;
  stream: Stream;
  reason: string;
}

export type ServerMessage =
  WelcomeMessage | ResultMessage | ErrorMessage | RoundEvent | SubscriptionEndedMessage;
