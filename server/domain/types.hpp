// The consultation vocabulary as plain values (see shared/DESIGN.md "Vocabulary").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samrad::domain {

using OrganisationId = std::int64_t;
using PersonId = std::int64_t;
using RoundId = std::int64_t;
using ThreadId = std::int64_t;
using PostId = std::int64_t;
using Seq = std::int64_t;  // per-round event sequence: 1, 2, 3 ... without gaps

enum class OrganisationKind { ministry, agency, municipality, region, association, other };
enum class Side { state, municipal, neutral };
enum class Role { admin, secretariat, representative, observer };
enum class Phase { draft, open, closed, decided };

// Which side of the consultation an organisation speaks for follows from its kind.
Side side_of(OrganisationKind kind) noexcept;

std::string_view to_string(OrganisationKind) noexcept;
std::string_view to_string(Side) noexcept;
std::string_view to_string(Role) noexcept;
std::string_view to_string(Phase) noexcept;
std::optional<OrganisationKind> organisation_kind_from(std::string_view) noexcept;
std::optional<Role> role_from(std::string_view) noexcept;
std::optional<Phase> phase_from(std::string_view) noexcept;

struct Organisation {
  OrganisationId id = 0;
  std::string name;
  OrganisationKind kind = OrganisationKind::other;
};

struct Person {
  PersonId id = 0;
  std::string name;
  std::string email;
  Role role = Role::observer;
  Organisation organisation;
};

// What authorisation needs to know about a round.
struct RoundAccess {
  RoundId id = 0;
  Phase phase = Phase::draft;
  std::vector<OrganisationId> invited;
  Seq head_seq = 0;  // seq of the newest event, read together with the rest
};

struct RoundSummary {
  RoundId id = 0;
  std::string title;
  Phase phase = Phase::draft;
  Seq head_seq = 0;  // seq of the newest event
  std::string created_at;
};

// Milliseconds since the Unix epoch, UTC. The domain never reads a clock: callers pass it in.
using Timestamp = std::int64_t;
// "2026-11-23T10:15:00.123Z"
std::string format_timestamp(Timestamp ms);

}  // namespace samrad::domain
