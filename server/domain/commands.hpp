// Commands that change a round, and the facts the domain needs to decide on them.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

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

// Limits on user text, in bytes of UTF-8 (the protocol layer has already checked UTF-8).
inline constexpr std::size_t max_title_bytes = 300;
inline constexpr std::size_t max_body_bytes = 20000;
inline constexpr std::size_t max_proposal_bytes = 200000;

// Facts read by the store inside the same transaction that will append the event, so the
// decision and the commit see the same state.
struct ThreadFacts {
  ThreadId id = 0;
  RoundId round = 0;
};
struct PostFacts {
  PostId id = 0;
  ThreadId thread = 0;
};

// Decisions: each returns Ok or the refusal to send back. Pure functions, no I/O.
Status decide(const Person& actor, const CreateRound& cmd);
Status decide(const Person& actor, const std::optional<RoundAccess>& round,
              const CreateThread& cmd);
Status decide(const Person& actor, const std::optional<RoundAccess>& round,
              const std::optional<ThreadFacts>& thread, const std::optional<PostFacts>& reply_to,
              const CreatePost& cmd);

}  // namespace samrad::domain
