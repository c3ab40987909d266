// Events: every change is an event on one stream, numbered by that stream's seq. They are the
// unit of storage, fan-out and resume, and are kept as data (never as wire frames).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/types.hpp"

namespace samrad::domain {

struct RoundCreated {
  std::string title;
  std::string proposal;
  Phase phase = Phase::open;
  std::vector<Organisation> invited;
  // Absent in rounds created before rounds had a kind (read: plenary), so their events stay
  // as they were stored.
  std::optional<RoundKind> kind;
  std::vector<Sector> sectors;
};

struct ThreadCreated {
  ThreadId thread = 0;
  std::string title;
};

struct PostCreated {
  PostId post = 0;
  ThreadId thread = 0;
  std::optional<PostId> reply_to;
  std::string body;
  // The version of the round's proposal the post was written against; absent in posts written
  // before proposals had versions.
  std::optional<std::int64_t> proposal_version = std::nullopt;
  // Set when the event is read back while the post is hidden: the body is then empty (see
  // withhold_hidden_text). Never stored.
  bool withheld = false;
};

// The author rewrites their post: a new version (2, 3 ...); the earlier ones stay in the stream.
struct PostEdited {
  PostId post = 0;
  ThreadId thread = 0;
  std::int64_t version = 2;
  std::string body;
  bool withheld = false;  // as in PostCreated
};

// The secretariat hides a post with a reason. The event carries no text: those who had it drop
// it, and a later read withholds it (the text is kept in the post's earlier events).
struct PostHidden {
  PostId post = 0;
  ThreadId thread = 0;
  std::string reason;
};

// The secretariat shows a hidden post again: its current text travels once more.
struct PostUnhidden {
  PostId post = 0;
  ThreadId thread = 0;
  std::int64_t version = 1;
  std::string body;
  bool withheld = false;  // as in PostCreated
};

// Someone who may read a post reports it to the secretariat (on the moderation stream).
struct PostReported {
  ReportId report = 0;
  PostId post = 0;
  ThreadId thread = 0;
  std::string reason;
};

enum class ReportOutcome { hidden, dismissed };
std::string_view to_string(ReportOutcome outcome) noexcept;
std::optional<ReportOutcome> report_outcome_from(std::string_view text) noexcept;

// Reports the secretariat has dealt with: by hiding their post, or by dismissing them.
struct ReportsResolved {
  std::vector<ReportId> reports;
  ReportOutcome outcome = ReportOutcome::dismissed;
  std::string note;
};

// An invited organisation's representative proposes an agenda item: a thread that takes posts
// once the secretariat accepts it.
struct AgendaItemProposed {
  ThreadId thread = 0;
  std::string title;
  std::string motivation;
};

struct AgendaItemDecided {
  ThreadId thread = 0;
  bool accepted = false;
  std::string reason;
};

// The secretariat orders the agenda: the thread moves before another, or to the end.
struct ThreadMoved {
  ThreadId thread = 0;
  std::optional<ThreadId> before;
};

struct ThreadLocked {
  ThreadId thread = 0;
  bool locked = true;
};

struct PostPinned {
  ThreadId thread = 0;
  std::optional<PostId> post;  // none: the thread's pin is removed
};

// A revised proposal is a new version; the earlier ones stay in the round's events.
struct ProposalRevised {
  std::int64_t version = 2;
  std::string proposal;
};

struct PhaseChanged {
  Phase previous = Phase::draft;
  Phase phase = Phase::open;
  bool automatic = false;  // the round reached its closing time; the actor had set that time
};

struct ScheduleChanged {
  std::optional<Timestamp> opens_at;
  std::optional<Timestamp> closes_at;
};

struct OrganisationInvited {
  Organisation organisation;
};

struct InvitationWithdrawn {
  Organisation organisation;
};

// The secretariat reminds an invited organisation to take part. On the round's main stream, so
// everyone in the round may see it; the reminded organisation's people are the ones it is for.
struct ReminderSent {
  Organisation organisation;
  std::string message;  // plain text; empty when the secretariat wrote none
  // The organisation had stated no position when reminded, so the reminder names it. Absent in
  // reminders sent before rounds had positions (read: false).
  bool position_missing = false;
};

// One point of the proposal (an accepted agenda item of the main stream) and the organisation's
// position on it.
struct PointPosition {
  ThreadId thread = 0;
  Stance stance = Stance::supports;
  std::string motivation;  // may be empty
};

// An invited organisation states its position, or revises it (version 2, 3 ...); every version
// stays in the stream, so its history is the stream's.
struct PositionStated {
  Organisation organisation;
  std::int64_t version = 1;
  Stance stance = Stance::supports;
  std::string motivation;  // Markdown; empty only with no_comments
  std::vector<PointPosition> points;
};

// The state's response to one point raised in a round, and who raised it: posts of the round's
// main stream and organisations that stated a position there.
struct PointResponse {
  std::string point;  // the point, in words
  std::vector<PostId> posts;
  std::vector<OrganisationId> organisations;
  Acceptance response = Acceptance::accepted;
  std::string reason;
};

// The secretariat writes the outcome of a closed round, or revises it (version 2, 3 ...); every
// version stays in the main stream and the decision record takes the latest.
// A version written after the round was decided corrects it: `correction` says why, and the
// round's new decision record supersedes its previous one.
struct OutcomeWritten {
  std::int64_t version = 1;
  std::string summary;  // Markdown
  std::vector<std::string> agreed;
  std::vector<PointResponse> responses;
  std::optional<std::string> correction = std::nullopt;
};

// An invited organisation attaches dissent (a reservation) to the outcome; all are kept.
struct DissentAttached {
  Organisation organisation;
  std::string text;  // Markdown
};

// The secretariat writes the minutes of one agenda item, or revises them (version 2, 3 ... of
// that item's minutes); every version stays in the main stream and the record takes the latest.
struct MinutesWritten {
  ThreadId thread = 0;
  std::int64_t version = 1;
  std::string state_input;      // Markdown
  std::string municipal_input;  // Markdown
  std::string state_comment;    // Markdown
  std::vector<PostId> posts;    // posts of the item's thread the minutes summarise
};

// A version of the round's joint document (1, 2 ...), written by either side; every version stays
// in the main stream.
struct JointDocumentWritten {
  std::int64_t version = 1;
  std::string text;  // Markdown
};

// One side approves one version of the joint document. A later version is approved anew.
struct JointDocumentApproved {
  std::int64_t version = 1;
  Side side = Side::state;
};

using EventData =
    std::variant<RoundCreated, ThreadCreated, PostCreated, PhaseChanged, ScheduleChanged,
                 OrganisationInvited, InvitationWithdrawn, AgendaItemProposed, AgendaItemDecided,
                 ThreadMoved, ThreadLocked, PostPinned, ProposalRevised, PostEdited, PostHidden,
                 PostUnhidden, PostReported, ReportsResolved, ReminderSent, PositionStated,
                 OutcomeWritten, DissentAttached, MinutesWritten, JointDocumentWritten,
                 JointDocumentApproved>;

// The stable name of each kind of event: stored with the event and sent on the wire.
std::string_view kind_of(const EventData& data) noexcept;

// The post whose text the event carries (post_created, post_edited, post_unhidden), if any.
std::optional<PostId> post_text_of(const EventData& data) noexcept;

struct Event {
  StreamId stream;
  Seq seq = 0;
  Timestamp at = 0;
  Person actor;  // who caused it; the wire form never carries the email
  EventData data;
  // For an event that changes who may see its round: the round right after it, so that
  // subscriptions of people who lose the round end at this event. Travels with the event to
  // fan-out; not stored (a later read is authorised against the store anyway).
  std::optional<RoundAccess> access_after;
};

// Hidden text reaches nobody through a read of a stream: every event carrying the text of a post
// in `hidden` (sorted) is emptied and marked withheld. The result is the same for every reader,
// so one encoded frame still serves them all.
void withhold_hidden_text(std::vector<Event>& events, const std::vector<PostId>& hidden);

// True when the event changes how earlier events of its round read back (hiding or showing a
// post's text again): frames kept from before it no longer match a read of the stream.
bool changes_earlier_events(const EventData& data) noexcept;

}  // namespace samrad::domain
