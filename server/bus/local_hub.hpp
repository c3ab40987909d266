// Fan-out inside one instance: sessions subscribe to rounds; a committed event's frame (encoded
// once) is handed to every subscriber of its round. A Redis bridge will publish into and out of
// this hub when clustered.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/types.hpp"

namespace samrad::bus {

using Frame = std::shared_ptr<const std::string>;

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Called from any thread; must not block. The subscriber filters by seq (rule 2 of DESIGN.md):
  // it may see an event twice or miss one, and fills gaps from the store.
  virtual void deliver(domain::RoundId round, domain::Seq seq, const Frame& frame) = 0;
};

class LocalHub {
 public:
  void subscribe(domain::RoundId round, const std::shared_ptr<Subscriber>& subscriber);
  void unsubscribe(domain::RoundId round, const Subscriber* subscriber);
  // Copies the subscriber list under the lock and delivers outside it.
  void publish(domain::RoundId round, domain::Seq seq, const Frame& frame);
  std::size_t subscriber_count(domain::RoundId round) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<domain::RoundId, std::vector<std::weak_ptr<Subscriber>>> subscribers_;
};

}  // namespace samrad::bus
