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
};

using EventData =
    std::variant<RoundCreated, ThreadCreated, PostCreated, PhaseChanged, ScheduleChanged,
                 OrganisationInvited, InvitationWithdrawn, AgendaItemProposed, AgendaItemDecided,
                 ThreadMoved, ThreadLocked, PostPinned, ProposalRevised, ReminderSent>;

// The stable name of each kind of event: stored with the event and sent on the wire.
std::string_view kind_of(const EventData& data) noexcept;

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

}  // namespace samrad::domain
