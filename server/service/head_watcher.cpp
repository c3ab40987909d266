// Announcing stream heads the bus between instances did not bring (see head_watcher.hpp).
#include "service/head_watcher.hpp"

#include <spdlog/spdlog.h>

namespace samrad::service {

HeadWatcher::HeadWatcher(store::Store& store, bus::Bus& bus, std::chrono::milliseconds interval)
    : store_(store), bus_(bus), interval_(interval) {}

HeadWatcher::~HeadWatcher() {
  stop();
}

void HeadWatcher::start() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable() && !stopping_) thread_ = std::thread([this] { run(); });
}

void HeadWatcher::stop() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    thread = std::move(thread_);
  }
  wake_.notify_all();
  if (thread.joinable()) thread.join();
}

bool HeadWatcher::check() {
  const auto known = bus_.local_heads();
  if (known.empty()) return true;
  std::vector<domain::StreamId> streams;
  streams.reserve(known.size());
  for (const auto& head : known) streams.push_back(head.stream);
  const auto heads = store_.stream_heads(streams);
  if (!heads) {
    if (!std::exchange(store_failing_, true)) {
      spdlog::warn("streams: cannot read stream heads: {}", heads.error().message);
    }
    return false;
  }
  if (std::exchange(store_failing_, false)) spdlog::info("streams: stream heads readable again");
  for (std::size_t i = 0; i < known.size(); ++i) {
    // The bus ignores a head it has already handed on, so a race with a live event is harmless.
    if ((*heads)[i] > known[i].seq) bus_.announce({known[i].stream, (*heads)[i]});
  }
  return true;
}

void HeadWatcher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    check();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace samrad::service
