// Presence: who is in a round right now. A person is present in a round while at least one of
// their connections follows at least one stream of it; the service counts that per connection
// and tells this interface when it starts (enter) and stops (leave). One instance answers from
// its own counts (local_presence.hpp); several share them through Redis with an expiry
// (redis/redis_bus.hpp), so that a killed instance's people disappear by themselves.
#pragma once

#include <functional>
#include <vector>

#include "domain/types.hpp"

namespace samrad::bus {

class Presence {
 public:
  using Answer = std::function<void(std::vector<domain::PersonId>)>;

  virtual ~Presence() = default;
  // Counted per (round, person) on this instance: each enter is matched by one leave. Called
  // from any thread; must not block.
  virtual void enter(domain::RoundId round, domain::PersonId person) = 0;
  virtual void leave(domain::RoundId round, domain::PersonId person) = 0;
  // The people present in the round on any instance, each once, in ascending id order. The
  // answer comes on some other thread or inside this call; it never blocks the caller.
  virtual void who(domain::RoundId round, Answer answer) = 0;
};

}  // namespace samrad::bus
