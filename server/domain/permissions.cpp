// Authorisation rules: who may see a round, post in it, set its agenda, or start one.
#include "domain/permissions.hpp"

#include <algorithm>

namespace samrad::domain {

namespace {

// The secretariat runs rounds and admins run the system; both need to see everything,
// drafts included, to do that.
bool runs_rounds(Role role) noexcept {
  return role == Role::admin || role == Role::secretariat;
}

}  // namespace

bool can_view_round(const Person& person, const RoundAccess& round) noexcept {
  if (runs_rounds(person.role)) return true;
  return std::find(round.invited.begin(), round.invited.end(), person.organisation.id) !=
         round.invited.end();
}

bool can_view_stream(const Person& person, const RoundAccess& round, StreamKind stream) noexcept {
  if (!can_view_round(person, round)) return false;
  if (stream == StreamKind::moderation) return can_moderate(person);
  const auto side = preparing_side(stream);
  return !side || side_of(person.organisation.kind) == *side;
}

bool can_post_in_round(const Person& person, const RoundAccess& round) noexcept {
  return can_view_round(person, round) && person.role != Role::observer &&
         round.phase == Phase::open;
}

bool can_create_thread(const Person& person, const RoundAccess& round) noexcept {
  return runs_rounds(person.role) && (round.phase == Phase::draft || round.phase == Phase::open);
}

bool can_create_round(const Person& person) noexcept {
  return runs_rounds(person.role);
}

bool can_manage_round(const Person& person) noexcept {
  return runs_rounds(person.role);
}

bool can_moderate(const Person& person) noexcept {
  return runs_rounds(person.role);
}

bool can_state_position(const Person& person, const RoundAccess& round) noexcept {
  return person.role == Role::representative &&
         std::find(round.invited.begin(), round.invited.end(), person.organisation.id) !=
             round.invited.end();
}

bool can_read_hidden_text(const Person& person, PersonId author) noexcept {
  return can_moderate(person) || person.id == author;
}

bool can_follow_participation(const Person& person) noexcept {
  return runs_rounds(person.role);
}

bool can_write_joint_document(const Person& person, const RoundAccess& round) noexcept {
  return can_manage_round(person) || can_state_position(person, round);
}

std::optional<Side> approving_side(const Person& person, const RoundAccess& round) noexcept {
  if (can_manage_round(person)) return Side::state;
  if (!can_state_position(person, round)) return std::nullopt;
  const auto side = side_of(person.organisation.kind);
  if (side == Side::neutral) return std::nullopt;
  return side;
}

}  // namespace samrad::domain
