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

// The organisation's position: how many versions it has stated, the latest one's stance and when.
struct PositionActivity {
  std::int64_t version = 0;  // 0: no position stated yet
  std::optional<Stance> stance;
  std::optional<Timestamp> latest_at;
};

// One invited organisation's part in the round, each kind of taking part a member of its own. An
// organisation with no posts and no position has not taken part yet (clients say so).
struct OrganisationParticipation {
  Organisation organisation;
  PostActivity posts;
  ReminderActivity reminders;
  PositionActivity position = {};
};

// A round's participation, with what deciding who may read it needs.
struct RoundParticipation {
  RoundAccess round;
  std::vector<OrganisationParticipation> organisations;  // the invited ones, by name
};

}  // namespace samrad::domain
