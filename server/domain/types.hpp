// The consultation vocabulary as plain values (see shared/DESIGN.md "Vocabulary").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
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
using ReportId = std::int64_t;
using Seq = std::int64_t;  // per-stream event sequence: 1, 2, 3 ... without gaps

enum class OrganisationKind { ministry, agency, municipality, region, association, other };
enum class Side { state, municipal, neutral };
enum class Role { admin, secretariat, representative, observer };
enum class Phase { draft, open, closed, decided };

// Plenary: the ministries concerned and the municipal sector; bilateral: one ministry and the
// municipal sector.
enum class RoundKind { plenary, bilateral };
// The policy areas a round concerns.
enum class Sector { health_care, school, social_care };
// A thread on a round's agenda: set by the secretariat (accepted), or proposed by an invited
// organisation and then accepted or declined by the secretariat.
enum class AgendaStatus { accepted, proposed, declined };
// An organisation's formal position on a round's proposal, or on one point of it: tillstyrker,
// tillstyrker med förbehåll, avstyrker, tar inte ställning, avstår från att yttra sig.
enum class Stance { supports, supports_with_reservations, opposes, abstains, no_comments };
// The state's response to a point raised in a round: godtas, godtas delvis, godtas inte.
enum class Acceptance { accepted, partly_accepted, not_accepted };

// A round's event streams. The main stream is for everyone who may see the round; each side has
// a preparation stream that only its own organisations see; the moderation stream (reports on
// posts and what became of them) is the secretariat's alone.
enum class StreamKind { main, state_preparation, municipal_preparation, moderation };
inline constexpr std::array stream_kinds = {StreamKind::main, StreamKind::state_preparation,
                                            StreamKind::municipal_preparation,
                                            StreamKind::moderation};

// Which side of the consultation an organisation speaks for follows from its kind.
Side side_of(OrganisationKind kind) noexcept;

std::string_view to_string(OrganisationKind) noexcept;
std::string_view to_string(Side) noexcept;
std::string_view to_string(Role) noexcept;
std::string_view to_string(Phase) noexcept;
std::string_view to_string(StreamKind) noexcept;
std::string_view to_string(RoundKind) noexcept;
std::string_view to_string(Sector) noexcept;
std::string_view to_string(AgendaStatus) noexcept;
std::string_view to_string(Stance) noexcept;
std::string_view to_string(Acceptance) noexcept;
std::optional<OrganisationKind> organisation_kind_from(std::string_view) noexcept;
std::optional<Role> role_from(std::string_view) noexcept;
std::optional<Phase> phase_from(std::string_view) noexcept;
std::optional<StreamKind> stream_kind_from(std::string_view) noexcept;
std::optional<RoundKind> round_kind_from(std::string_view) noexcept;
std::optional<Sector> sector_from(std::string_view) noexcept;
std::optional<AgendaStatus> agenda_status_from(std::string_view) noexcept;
std::optional<Stance> stance_from(std::string_view) noexcept;
std::optional<Acceptance> acceptance_from(std::string_view) noexcept;
std::optional<Side> side_from(std::string_view) noexcept;

// The side whose organisations alone see a preparation stream; nothing for the other streams.
std::optional<Side> preparing_side(StreamKind kind) noexcept;

// An event stream: the unit of ordering (seq), storage, fan-out and resume.
struct StreamId {
  RoundId round = 0;
  StreamKind kind = StreamKind::main;
  friend bool operator==(const StreamId&, const StreamId&) = default;
};

struct StreamIdHash {
  std::size_t operator()(const StreamId& stream) const noexcept {
    return std::hash<RoundId>{}(stream.round) * 3 + static_cast<std::size_t>(stream.kind);
  }
};

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

// Milliseconds since the Unix epoch, UTC. The domain never reads a clock: callers pass it in.
using Timestamp = std::int64_t;
// "2026-11-23T10:15:00.123Z"
std::string format_timestamp(Timestamp ms);
// The same form, with or without the milliseconds, and only in UTC ("Z"); nothing otherwise.
std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept;

// What decisions need to know about a round: who may see it (phase, invited organisations),
// and what its life cycle depends on (kind, schedule).
struct RoundAccess {
  RoundId id = 0;
  Phase phase = Phase::draft;
  std::vector<OrganisationId> invited;
  RoundKind kind = RoundKind::plenary;
  std::optional<Timestamp> opens_at;
  std::optional<Timestamp> closes_at;
  std::int64_t proposal_version = 1;  // 1 at creation; each revision adds one
};

struct RoundSummary {
  RoundId id = 0;
  std::string title;
  Phase phase = Phase::draft;
  Seq head_seq = 0;  // seq of the newest event of the round's main stream
  std::string created_at;
  RoundKind kind = RoundKind::plenary;
  std::vector<Sector> sectors;
  std::optional<Timestamp> opens_at;
  std::optional<Timestamp> closes_at;
  // The round's preparation streams that have begun (hold an event): everyone who sees the
  // round may know a side prepares, though only that side sees what it writes.
  std::vector<StreamKind> preparation_streams = {};
};

}  // namespace samrad::domain
