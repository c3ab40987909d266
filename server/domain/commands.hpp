// Commands that change a round, the facts the domain needs to decide on each, and the decisions:
// pure functions from (actor, command, facts) to the events to append or a typed refusal.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/events.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

namespace samrad::domain {

struct CreateRound {
  std::string title;
  std::string proposal;  // Markdown
  Phase phase = Phase::open;
  std::vector<OrganisationId> invited;
};

struct CreateThread {
  RoundId round = 0;
  std::string title;
};

struct CreatePost {
  RoundId round = 0;
  ThreadId thread = 0;
  std::optional<PostId> reply_to;
  std::string body;  // Markdown
};

using Command = std::variant<CreateRound, CreateThread, CreatePost>;

struct ThreadFacts {
  ThreadId id = 0;
  RoundId round = 0;
  StreamKind stream = StreamKind::main;  // the stream its posts go to
};
struct PostFacts {
  PostId id = 0;
  ThreadId thread = 0;
};

// Facts read inside the transaction that will append the events, so the decision and the commit
// see the same state. A new entity's id is among them: the store hands it out beforehand, and a
// refused command simply does not use it.
struct CreateRoundFacts {
  RoundId new_round = 0;
  std::vector<std::optional<Organisation>> invited;  // one per cmd.invited, in the same order
};
struct CreateThreadFacts {
  std::optional<RoundAccess> round;
  ThreadId new_thread = 0;
};
struct CreatePostFacts {
  std::optional<RoundAccess> round;
  std::optional<ThreadFacts> thread;
  std::optional<PostFacts> reply_to;
  PostId new_post = 0;
};

// An event the domain decided on; the store gives it its place (seq) in the stream.
struct NewEvent {
  StreamId stream;
  EventData data;
};
using Decision = Result<std::vector<NewEvent>>;

Decision decide(const Person& actor, const CreateRound& cmd, const CreateRoundFacts& facts);
Decision decide(const Person& actor, const CreateThread& cmd, const CreateThreadFacts& facts);
Decision decide(const Person& actor, const CreatePost& cmd, const CreatePostFacts& facts);

}  // namespace samrad::domain
