// Events: every change inside a round, numbered by the round's seq. They are the unit of
// storage, fan-out and resume.
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

struct Event {
  RoundId round = 0;
  Seq seq = 0;
  Timestamp at = 0;
  Person actor;  // who caused it; the wire form never carries the email
  EventData data;
};

}  // namespace samrad::domain
