// Completes what pub/sub between instances loses. Redis pub/sub is at-most-once: while Redis is
// down, paused or cut off, events committed on other instances do not arrive, and a subscriber
// learns of a gap only when a later event of its stream does arrive. The watcher asks the shared
// store every `interval` for the heads of the streams this instance has subscribers on, and
// announces on the local bus every head newer than what the bus handed them; their cursors then
// read the rest from the store. So an event reaches every client within about one interval
// whatever happens to Redis, and at no cost while Redis delivers (nothing is newer).
#pragma once

#include <chrono>

#include "bus/bus.hpp"
#include "service/periodic_task.hpp"
#include "store/store.hpp"

namespace samrad::service {

class HeadWatcher {
 public:
  HeadWatcher(store::Store& store, bus::Bus& bus, std::chrono::milliseconds interval);
  ~HeadWatcher();
  HeadWatcher(const HeadWatcher&) = delete;
  HeadWatcher& operator=(const HeadWatcher&) = delete;

  void start();
  void stop();  // idempotent

  // One round: read the heads and announce the newer ones. False when the store failed.
  bool check();

 private:
  store::Store& store_;
  bus::Bus& bus_;
  bool store_failing_ = false;  // logged once per outage, not once per interval
  PeriodicTask periodic_;
};

}  // namespace samrad::service
