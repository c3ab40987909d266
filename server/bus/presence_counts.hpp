// This instance's presence counts: how many of a person's connections follow a round here.
// Shared by the local presence and the Redis one (which also publishes them); thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "domain/types.hpp"

namespace samrad::bus {

class PresenceCounts {
 public:
  // True when the person was not present in the round here before.
  bool enter(domain::RoundId round, domain::PersonId person);
  // True when that was the person's last connection following the round here. A leave without
  // its enter is a caller's bug; it is ignored (and false) rather than counted below zero.
  bool leave(domain::RoundId round, domain::PersonId person);
  // The people present in the round here, in ascending id order.
  std::vector<domain::PersonId> people(domain::RoundId round) const;
  // Every (round, person) present here, ordered by round then person.
  std::vector<std::pair<domain::RoundId, domain::PersonId>> all() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<domain::RoundId, domain::PersonId>, int> counts_;
};

}  // namespace samrad::bus
