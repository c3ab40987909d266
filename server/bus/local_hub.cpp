// Fan-out inside one instance (see local_hub.hpp).
#include "bus/local_hub.hpp"

#include <algorithm>

namespace samrad::bus {

void LocalHub::subscribe(domain::RoundId round, const std::shared_ptr<Subscriber>& subscriber) {
  std::lock_guard lock(mutex_);
  auto& list = subscribers_[round];
  // Drop entries of sessions that are gone while we are here anyway.
  std::erase_if(list, [](const std::weak_ptr<Subscriber>& weak) { return weak.expired(); });
  list.push_back(subscriber);
}

void LocalHub::unsubscribe(domain::RoundId round, const Subscriber* subscriber) {
  std::lock_guard lock(mutex_);
  auto found = subscribers_.find(round);
  if (found == subscribers_.end()) return;
  std::erase_if(found->second, [subscriber](const std::weak_ptr<Subscriber>& weak) {
    auto strong = weak.lock();
    return !strong || strong.get() == subscriber;
  });
  if (found->second.empty()) subscribers_.erase(found);
}

void LocalHub::publish(domain::RoundId round, domain::Seq seq, const Frame& frame) {
  std::vector<std::weak_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    auto found = subscribers_.find(round);
    if (found == subscribers_.end()) return;
    targets = found->second;
  }
  for (const auto& weak : targets) {
    if (auto subscriber = weak.lock()) subscriber->deliver(round, seq, frame);
  }
}

std::size_t LocalHub::subscriber_count(domain::RoundId round) const {
  std::lock_guard lock(mutex_);
  auto found = subscribers_.find(round);
  return found == subscribers_.end() ? 0 : found->second.size();
}

}  // namespace samrad::bus
