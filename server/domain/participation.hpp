// Who has answered: per organisation invited to a round, how it has taken part so far and how
// often the secretariat has reminded it. Read by the secretariat (can_follow_participation);
// built by the store from the tables that mirror the round's events.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/types.hpp"

namespace samrad::domain {

// An organisation's posts in the round: in the round's main stream, in its side's preparation
// stream, and when it last wrote in either.
struct PostActivity {
  std::int64_t main = 0;
  std::int64_t preparation = 0;
  std::optional<Timestamp> latest_at;
};

struct ReminderActivity {
  std::int64_t count = 0;
  std::optional<Timestamp> latest_at;
};

// One invited organisation's part in the round. Each kind of taking part is a member of its own,
// so that stating a position can be added beside posting without changing what is here. An
// organisation with no posts has not taken part yet (clients say so).
struct OrganisationParticipation {
  Organisation organisation;
  PostActivity posts;
  ReminderActivity reminders;
};

// A round's participation, with what deciding who may read it needs.
struct RoundParticipation {
  RoundAccess round;
  std::vector<OrganisationParticipation> organisations;  // the invited ones, by name
};

}  // namespace samrad::domain
