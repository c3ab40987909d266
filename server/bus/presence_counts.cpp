// This instance's presence counts (see presence_counts.hpp).
#include "bus/presence_counts.hpp"

#include <limits>

namespace samrad::bus {

bool PresenceCounts::enter(domain::RoundId round, domain::PersonId person) {
  std::lock_guard lock(mutex_);
  return ++counts_[{round, person}] == 1;
}

bool PresenceCounts::leave(domain::RoundId round, domain::PersonId person) {
  std::lock_guard lock(mutex_);
  const auto found = counts_.find({round, person});
  if (found == counts_.end()) return false;
  if (--found->second > 0) return false;
  counts_.erase(found);
  return true;
}

std::vector<domain::PersonId> PresenceCounts::people(domain::RoundId round) const {
  std::lock_guard lock(mutex_);
  std::vector<domain::PersonId> people;
  for (auto it = counts_.lower_bound({round, std::numeric_limits<domain::PersonId>::min()});
       it != counts_.end() && it->first.first == round; ++it) {
    people.push_back(it->first.second);
  }
  return people;
}

std::vector<std::pair<domain::RoundId, domain::PersonId>> PresenceCounts::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<domain::RoundId, domain::PersonId>> present;
  present.reserve(counts_.size());
  for (const auto& [key, count] : counts_) present.push_back(key);
  return present;
}

}  // namespace samrad::bus
