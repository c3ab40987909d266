// Commands that change a round, the facts the domain needs to decide on each, and the decisions:
// pure functions from (actor, command, facts) to the events to append or a typed refusal.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/events.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

namespace samrad::domain {

struct CreateRound {
  std::string title;
  std::string proposal;  // Markdown
  Phase phase = Phase::open;
  std::vector<OrganisationId> invited;
  RoundKind kind = RoundKind::plenary;
  std::vector<Sector> sectors;
  std::optional<Timestamp> opens_at;
  std::optional<Timestamp> closes_at;
  std::vector<std::string> agenda;  // titles of the first agenda threads
};

// The secretariat adds a thread to the round's agenda (the main stream); a side's
// representatives open a preparation thread in their side's stream.
struct CreateThread {
  RoundId round = 0;
  std::string title;
  StreamKind stream = StreamKind::main;
};

struct CreatePost {
  RoundId round = 0;
  ThreadId thread = 0;
  std::optional<PostId> reply_to;
  std::string body;  // Markdown
};

// The secretariat moves a round on: draft -> open -> closed -> decided.
struct ChangePhase {
  RoundId round = 0;
  Phase phase = Phase::open;
};

struct SetSchedule {
  RoundId round = 0;
  std::optional<Timestamp> opens_at;
  std::optional<Timestamp> closes_at;
};

struct InviteOrganisation {
  RoundId round = 0;
  OrganisationId organisation = 0;
};

struct WithdrawInvitation {
  RoundId round = 0;
  OrganisationId organisation = 0;
};

// The server's own command: an open round whose closing time has come closes.
struct CloseAtClosingTime {
  RoundId round = 0;
};

struct ProposeAgendaItem {
  RoundId round = 0;
  std::string title;
  std::string motivation;  // why the item belongs on the agenda; may be empty
};

struct DecideAgendaItem {
  RoundId round = 0;
  ThreadId thread = 0;
  bool accept = true;
  std::string reason;  // required when declining
};

struct MoveThread {
  RoundId round = 0;
  ThreadId thread = 0;
  std::optional<ThreadId> before;  // none: to the end of the agenda
};

struct LockThread {
  RoundId round = 0;
  ThreadId thread = 0;
  bool locked = true;
};

struct PinPost {
  RoundId round = 0;
  ThreadId thread = 0;
  std::optional<PostId> post;  // none: remove the thread's pin
};

struct ReviseProposal {
  RoundId round = 0;
  std::string proposal;  // Markdown
};

// The author rewrites their post while the round is open.
struct EditPost {
  RoundId round = 0;
  PostId post = 0;
  std::string body;  // Markdown
};

// The secretariat hides a post of the round's main stream, with a reason everyone sees.
struct HidePost {
  RoundId round = 0;
  PostId post = 0;
  std::string reason;
};

struct UnhidePost {
  RoundId round = 0;
  PostId post = 0;
};

// Anyone who may read a post of the main stream reports it to the secretariat.
struct ReportPost {
  RoundId round = 0;
  PostId post = 0;
  std::string reason;
};

// The secretariat leaves a reported post as it is; the note says why (may be empty).
struct DismissReport {
  RoundId round = 0;
  ReportId report = 0;
  std::string note;
};

// The secretariat reminds an invited organisation to take part in an open round.
struct SendReminder {
  RoundId round = 0;
  OrganisationId organisation = 0;
  std::string message;  // plain text; may be empty
};

// A representative states their organisation's position on the round's proposal while it is
// open, or revises it. `revises` is the version the person saw (0: none), so that two people of
// one organisation revising at once do not overwrite each other unawares.
struct StatePosition {
  RoundId round = 0;
  std::int64_t revises = 0;
  Stance stance = Stance::supports;
  std::string motivation;  // Markdown
  std::vector<PointPosition> points;
};

// The secretariat writes the outcome of a closed round, or revises it. `revises` is the version
// the writer saw (0: none), so two people of the secretariat do not overwrite each other. Once
// the round is decided a new version is a correction: it says why, and the round gets a new
// decision record that supersedes the one before.
struct WriteOutcome {
  RoundId round = 0;
  std::int64_t revises = 0;
  std::string summary;  // Markdown
  std::vector<std::string> agreed;
  std::vector<PointResponse> responses;
  std::optional<std::string> correction = std::nullopt;  // the reason: a decided round only
};

// A representative of an invited organisation attaches dissent to a closed round's outcome.
struct AttachDissent {
  RoundId round = 0;
  std::string text;  // Markdown
};

// The secretariat writes the minutes (protokoll) of one agenda item of an open or closed round,
// or revises them: the state's and the municipal sector's input and the state's comment, and the
// posts of the item's thread they summarise. `revises` is the version of this item's minutes the
// writer saw (0: none), so two people of the secretariat do not overwrite each other unawares.
struct WriteMinutes {
  RoundId round = 0;
  ThreadId thread = 0;
  std::int64_t revises = 0;
  std::string state_input;      // Markdown; may be empty
  std::string municipal_input;  // Markdown; may be empty
  std::string state_comment;    // Markdown; may be empty
  std::vector<PostId> posts;
};

// Either side writes the round's joint document, or revises it. `revises` is the version the
// writer saw (0: none), so two writers do not overwrite each other unawares.
struct WriteJointDocument {
  RoundId round = 0;
  std::int64_t revises = 0;
  std::string text;  // Markdown
};

// The caller's side approves one version of the joint document: the latest.
struct ApproveJointDocument {
  RoundId round = 0;
  std::int64_t version = 0;
};

using Command = std::variant<CreateRound, CreateThread, CreatePost, ChangePhase, SetSchedule,
                             InviteOrganisation, WithdrawInvitation, CloseAtClosingTime,
                             ProposeAgendaItem, DecideAgendaItem, MoveThread, LockThread, PinPost,
                             ReviseProposal, EditPost, HidePost, UnhidePost, ReportPost,
                             DismissReport, SendReminder, StatePosition, WriteOutcome,
                             AttachDissent, WriteMinutes, WriteJointDocument, ApproveJointDocument>;

// The command's name, for the audit log: the request's wire type where it has one.
std::string_view name_of(const Command& command) noexcept;

// A motivation for an agenda item, the reason for a decision on one, or a reminder's message, in
// bytes of UTF-8.
inline constexpr std::size_t max_reason_bytes = 2000;

// How many agenda threads a new round may start with, and how many organisations it may invite
// at once.
inline constexpr std::size_t max_agenda_items = 50;
inline constexpr std::size_t max_invited = 500;

struct ThreadFacts {
  ThreadId id = 0;
  RoundId round = 0;
  StreamKind stream = StreamKind::main;  // the stream its posts go to
  AgendaStatus status = AgendaStatus::accepted;
  bool locked = false;
  std::optional<PostId> pinned_post = std::nullopt;
};
struct PostFacts {
  PostId id = 0;
  ThreadId thread = 0;
  PersonId author = 0;
  std::int64_t version = 1;  // 1 as written; each edit adds one
  std::string body = {};     // the current version's text
  bool hidden = false;
};

// Facts read inside the transaction that will append the events, so the decision and the commit
// see the same state. A new entity's id is among them: the store hands it out beforehand, and a
// refused command simply does not use it.
struct CreateRoundFacts {
  RoundId new_round = 0;
  // One per cmd.invited, in the same order, with whether it is active (a deactivated
  // organisation cannot be invited).
  std::vector<std::optional<OrganisationRecord>> invited;
  std::vector<ThreadId> new_threads;  // one per cmd.agenda
  Timestamp now = 0;
};
struct CreateThreadFacts {
  std::optional<RoundAccess> round;
  ThreadId new_thread = 0;
  Timestamp now = 0;
};
struct CreatePostFacts {
  std::optional<RoundAccess> round;
  std::optional<ThreadFacts> thread;
  std::optional<PostFacts> reply_to;
  PostId new_post = 0;
  Timestamp now = 0;
};

// A round's life-cycle commands need the round and the time.
struct RoundFacts {
  std::optional<RoundAccess> round;
  Timestamp now = 0;
  std::size_t ministries_invited = 0;  // of the round's invited organisations
  std::int64_t outcome_version = 0;    // the round's latest outcome; 0: none written (deciding)
};
struct InvitationFacts {
  std::optional<RoundAccess> round;
  std::optional<OrganisationRecord> organisation;
  std::size_t ministries_invited = 0;  // of the round's invited organisations
};

struct ProposeAgendaItemFacts {
  std::optional<RoundAccess> round;
  ThreadId new_thread = 0;
  Timestamp now = 0;
};
// A command about one thread of a round (decide, move, lock, pin), with what it names besides.
struct ThreadCommandFacts {
  std::optional<RoundAccess> round;
  std::optional<ThreadFacts> thread;
  std::optional<ThreadFacts> before;  // move: the thread to move before
  std::optional<PostFacts> post;      // pin: the post to pin
  Timestamp now = 0;
};

// A report on a post that the secretariat has not yet dealt with.
struct OpenReport {
  ReportId id = 0;
  PersonId reporter = 0;
};

// A command about one post (edit, hide, unhide, report), with its thread and the open reports
// on it.
struct PostCommandFacts {
  std::optional<RoundAccess> round;
  std::optional<PostFacts> post;
  std::optional<ThreadFacts> thread;  // the post's thread
  std::vector<OpenReport> open_reports;
  ReportId new_report = 0;
  Timestamp now = 0;
};

struct ReportFacts {
  ReportId id = 0;
  RoundId round = 0;
  PostId post = 0;
  bool open = true;
};
struct DismissReportFacts {
  std::optional<RoundAccess> round;
  std::optional<ReportFacts> report;
  Timestamp now = 0;
};

// A reminder names the round and the organisation; the time tells whether the round is still
// open.
struct ReminderFacts {
  std::optional<RoundAccess> round;
  std::optional<OrganisationRecord> organisation;
  std::int64_t position_version = 0;  // the organisation's latest position in the round; 0: none
  Timestamp now = 0;
};

// How many points of the proposal one position may address.
inline constexpr std::size_t max_position_points = 100;

// A position names the round, the actor's organisation's latest version of it, and the threads
// its points address (one per point, in the same order; nothing where no such thread exists).
struct PositionFacts {
  std::optional<RoundAccess> round;
  std::int64_t current_version = 0;  // 0: the organisation has stated none
  std::vector<std::optional<ThreadFacts>> points;
  Timestamp now = 0;
};

// An outcome's limits: agreed points, responses, and what one response may name.
inline constexpr std::size_t max_agreed_points = 100;
inline constexpr std::size_t max_outcome_responses = 200;
inline constexpr std::size_t max_response_posts = 50;
inline constexpr std::size_t max_response_organisations = 500;
// A response's point, in words, in bytes of UTF-8.
inline constexpr std::size_t max_point_bytes = 300;

// An outcome names the round, its latest version, the thread of each post its responses name
// (nothing where no such post exists) and the organisations that stated a position in the round.
struct OutcomeFacts {
  std::optional<RoundAccess> round;
  std::int64_t current_version = 0;  // 0: none written yet
  std::map<PostId, std::optional<ThreadFacts>> post_threads;
  std::vector<OrganisationId> stated_positions;  // sorted
  Timestamp now = 0;
};

// Dissent needs the round and whether an outcome has been written.
struct DissentFacts {
  std::optional<RoundAccess> round;
  std::int64_t outcome_version = 0;  // 0: none written yet
  Timestamp now = 0;
};

// How many posts one agenda item's minutes may link to.
inline constexpr std::size_t max_minutes_posts = 50;

// Minutes name the round, the agenda item, the latest version of its minutes and each post they
// link to (nothing where no such post exists).
struct MinutesFacts {
  std::optional<RoundAccess> round;
  std::optional<ThreadFacts> thread;
  std::int64_t current_version = 0;  // 0: none written yet
  std::map<PostId, std::optional<PostFacts>> posts;
  Timestamp now = 0;
};

// The joint document's latest version and the sides that have approved that version.
struct JointDocumentFacts {
  std::optional<RoundAccess> round;
  std::int64_t current_version = 0;    // 0: none written yet
  std::vector<Side> approved_current;  // sides that approved current_version
  Timestamp now = 0;
};

// An event the domain decided on; the store gives it its place (seq) in the stream.
struct NewEvent {
  StreamId stream;
  EventData data;
  std::optional<RoundAccess> access_after;  // see Event::access_after
};
using Decision = Result<std::vector<NewEvent>>;

Decision decide(const Person& actor, const CreateRound& cmd, const CreateRoundFacts& facts);
Decision decide(const Person& actor, const CreateThread& cmd, const CreateThreadFacts& facts);
Decision decide(const Person& actor, const CreatePost& cmd, const CreatePostFacts& facts);
Decision decide(const Person& actor, const ChangePhase& cmd, const RoundFacts& facts);
Decision decide(const Person& actor, const SetSchedule& cmd, const RoundFacts& facts);
Decision decide(const Person& actor, const InviteOrganisation& cmd, const InvitationFacts& facts);
Decision decide(const Person& actor, const WithdrawInvitation& cmd, const InvitationFacts& facts);
Decision decide(const Person& actor, const CloseAtClosingTime& cmd, const RoundFacts& facts);
Decision decide(const Person& actor, const ProposeAgendaItem& cmd,
                const ProposeAgendaItemFacts& facts);
Decision decide(const Person& actor, const DecideAgendaItem& cmd, const ThreadCommandFacts& facts);
Decision decide(const Person& actor, const MoveThread& cmd, const ThreadCommandFacts& facts);
Decision decide(const Person& actor, const LockThread& cmd, const ThreadCommandFacts& facts);
Decision decide(const Person& actor, const PinPost& cmd, const ThreadCommandFacts& facts);
Decision decide(const Person& actor, const ReviseProposal& cmd, const RoundFacts& facts);
Decision decide(const Person& actor, const EditPost& cmd, const PostCommandFacts& facts);
Decision decide(const Person& actor, const HidePost& cmd, const PostCommandFacts& facts);
Decision decide(const Person& actor, const UnhidePost& cmd, const PostCommandFacts& facts);
Decision decide(const Person& actor, const ReportPost& cmd, const PostCommandFacts& facts);
Decision decide(const Person& actor, const DismissReport& cmd, const DismissReportFacts& facts);
Decision decide(const Person& actor, const SendReminder& cmd, const ReminderFacts& facts);
Decision decide(const Person& actor, const StatePosition& cmd, const PositionFacts& facts);
Decision decide(const Person& actor, const WriteOutcome& cmd, const OutcomeFacts& facts);
Decision decide(const Person& actor, const AttachDissent& cmd, const DissentFacts& facts);
Decision decide(const Person& actor, const WriteMinutes& cmd, const MinutesFacts& facts);
Decision decide(const Person& actor, const WriteJointDocument& cmd,
                const JointDocumentFacts& facts);
Decision decide(const Person& actor, const ApproveJointDocument& cmd,
                const JointDocumentFacts& facts);

// The phases a round may move to from `from` by the secretariat's hand.
bool is_valid_transition(Phase from, Phase to) noexcept;

}  // namespace samrad::domain
