// Announcing stream heads the bus between instances did not bring (see head_watcher.hpp).
#include "service/head_watcher.hpp"

#include <spdlog/spdlog.h>

namespace samrad::service {

HeadWatcher::HeadWatcher(store::Store& store, bus::Bus& bus, std::chrono::milliseconds interval)
    : store_(store), bus_(bus), periodic_(interval, [this] { check(); }) {}

HeadWatcher::~HeadWatcher() {
  stop();
}

void HeadWatcher::start() {
  periodic_.start();
}

void HeadWatcher::stop() {
  periodic_.stop();
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

}  // namespace samrad::service
