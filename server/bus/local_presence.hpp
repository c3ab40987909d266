// Presence inside one instance (no Redis): the instance's own counts are the whole truth, so
// `who` answers at once, inside the call.
#pragma once

#include "bus/presence.hpp"
#include "bus/presence_counts.hpp"

namespace samrad::bus {

class LocalPresence final : public Presence {
 public:
  void enter(domain::RoundId round, domain::PersonId person) override {
    counts_.enter(round, person);
  }
  void leave(domain::RoundId round, domain::PersonId person) override {
    counts_.leave(round, person);
  }
  void who(domain::RoundId round, Answer answer) override { answer(counts_.people(round)); }

 private:
  PresenceCounts counts_;
};

}  // namespace samrad::bus
