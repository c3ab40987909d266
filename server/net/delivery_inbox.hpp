// Where committed batches cross from the fan-out thread to the connections. Posting each
// session its own job costs a cross-thread hand-off, an allocation and a strand wake-up per
// delivery; here the fan-out thread appends (session, batch) to a lane, and one job per lane on
// an I/O thread dispatches them, each running at once on its session's strand when that is idle.
// A session always uses the same lane and a lane drains in order, so each session still gets
// its batches in commit order.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "bus/bus.hpp"
#include "net/beast.hpp"

namespace samrad::net {

class WebSocketSession;

class DeliveryInbox {
 public:
  // One lane per I/O thread, so that the connections' fan-out still spreads over them.
  DeliveryInbox(asio::io_context& io, std::size_t lanes);
  DeliveryInbox(const DeliveryInbox&) = delete;
  DeliveryInbox& operator=(const DeliveryInbox&) = delete;

  // From any thread.
  void deliver(std::shared_ptr<WebSocketSession> session, bus::Batch batch);

 private:
  using Delivery = std::pair<std::shared_ptr<WebSocketSession>, bus::Batch>;
  struct Lane {
    std::mutex mutex;
    std::vector<Delivery> pending;
    bool draining = false;        // a job of this lane is queued or running: at most one
    std::vector<Delivery> taken;  // what the job hands on now (its capacity is kept)
  };

  void drain(Lane& lane);

  asio::io_context& io_;
  std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace samrad::net
