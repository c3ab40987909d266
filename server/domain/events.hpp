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

using EventData = std::variant<RoundCreated, ThreadCreated, PostCreated>;

// The stable name of each kind of event: stored with the event and sent on the wire.
std::string_view kind_of(const EventData& data) noexcept;

struct Event {
  StreamId stream;
  Seq seq = 0;
  Timestamp at = 0;
  Person actor;  // who caused it; the wire form never carries the email
  EventData data;
};

}  // namespace samrad::domain
