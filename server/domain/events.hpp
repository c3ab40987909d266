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

using EventData = std::variant<RoundCreated, ThreadCreated, PostCreated, PhaseChanged,
                               ScheduleChanged, OrganisationInvited, InvitationWithdrawn>;

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
