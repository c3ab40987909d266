// Fan-out inside one instance (see local_hub.hpp).
#include "bus/local_hub.hpp"

#include <algorithm>
#include <vector>

namespace samrad::bus {

Subscription LocalHub::subscribe(const domain::StreamId& stream,
                                 std::weak_ptr<Subscriber> subscriber) {
  std::lock_guard lock(mutex_);
  auto& subscribers = streams_[stream].subscribers;
  const bool first = subscribers.empty();
  // A list keeps every other position valid, so the subscription can leave in O(1).
  const auto position = subscribers.insert(subscribers.end(), std::move(subscriber));
  if (first && activity_) activity_->first_subscriber(stream);
  return Subscription([this, stream, position] { unsubscribe(stream, position); });
}

void LocalHub::unsubscribe(const domain::StreamId& stream, Subscribers::iterator position) {
  std::lock_guard lock(mutex_);
  const auto found = streams_.find(stream);
  if (found == streams_.end()) return;
  found->second.subscribers.erase(position);
  if (!found->second.subscribers.empty()) return;
  streams_.erase(found);
  if (activity_) activity_->last_subscriber_left(stream);
}

void LocalHub::publish(const Batch& batch) {
  if (!batch || batch->empty()) return;
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    std::vector<domain::StreamId> seen;
    const auto reach = [&](const domain::StreamId& stream) {
      if (std::find(seen.begin(), seen.end(), stream) != seen.end()) return;
      seen.push_back(stream);
      const auto found = streams_.find(stream);
      if (found == streams_.end()) return;
      for (const auto& weak : found->second.subscribers) {
        if (auto subscriber = weak.lock()) targets.push_back(std::move(subscriber));
      }
    };
    for (const auto& event : *batch) {
      if (const auto found = streams_.find(event.stream); found != streams_.end()) {
        found->second.handed = std::max(found->second.handed, event.seq);
      }
      reach(event.stream);
      if (!event.access_after) continue;
      for (const auto kind : domain::stream_kinds) reach({event.stream.round, kind});
    }
  }
  // One hand-off per subscriber per batch, even when it follows several of the batch's streams.
  if (targets.size() > 1) {
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  }
  for (const auto& subscriber : targets) subscriber->deliver(batch);
}

std::vector<StreamHead> LocalHub::local_heads() const {
  std::lock_guard lock(mutex_);
  std::vector<StreamHead> heads;
  heads.reserve(streams_.size());
  for (const auto& [stream, followers] : streams_) heads.push_back({stream, followers.handed});
  return heads;
}

void LocalHub::announce(const StreamHead& head) {
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    const auto found = streams_.find(head.stream);
    if (found == streams_.end() || head.seq <= found->second.handed) return;
    found->second.handed = head.seq;
    for (const auto& weak : found->second.subscribers) {
      if (auto subscriber = weak.lock()) targets.push_back(std::move(subscriber));
    }
  }
  const auto batch = std::make_shared<const std::vector<EncodedEvent>>(std::vector<EncodedEvent>{
      {.stream = head.stream, .seq = head.seq, .frame = nullptr, .access_after = nullptr}});
  for (const auto& subscriber : targets) subscriber->deliver(batch);
}

std::size_t LocalHub::subscriber_count(const domain::StreamId& stream) const {
  std::lock_guard lock(mutex_);
  const auto found = streams_.find(stream);
  return found == streams_.end() ? 0 : found->second.subscribers.size();
}

}  // namespace samrad::bus
