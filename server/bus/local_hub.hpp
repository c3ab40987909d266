// Fan-out inside one instance (bus::Bus): per stream, a list of subscribers; publishing copies
// the targets under the lock and delivers outside it, one call per subscriber per batch.
#pragma once

#include <list>
#include <mutex>
#include <unordered_map>

#include "bus/bus.hpp"

namespace samrad::bus {

class LocalHub final : public Bus {
 public:
  explicit LocalHub(StreamActivity* activity = nullptr) : activity_(activity) {}

  void publish(const Batch& batch) override;
  [[nodiscard]] Subscription subscribe(const domain::StreamId& stream,
                                       std::weak_ptr<Subscriber> subscriber) override;

  std::vector<StreamHead> local_heads() const override;
  void announce(const StreamHead& head) override;

  std::size_t subscriber_count(const domain::StreamId& stream) const;

 private:
  using Subscribers = std::list<std::weak_ptr<Subscriber>>;
  struct Followers {
    Subscribers subscribers;
    domain::Seq handed = 0;  // the newest seq handed to them
  };
  void unsubscribe(const domain::StreamId& stream, Subscribers::iterator position);

  StreamActivity* activity_;
  mutable std::mutex mutex_;
  std::unordered_map<domain::StreamId, Followers, domain::StreamIdHash> streams_;
};

}  // namespace samrad::bus
