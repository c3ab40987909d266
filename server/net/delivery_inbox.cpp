// Batches handed from the fan-out thread to the connections (see delivery_inbox.hpp).
#include "net/delivery_inbox.hpp"

#include <algorithm>
#include <cstdint>

#include "net/websocket_session.hpp"

namespace samrad::net {

DeliveryInbox::DeliveryInbox(asio::io_context& io, std::size_t lanes) : io_(io) {
  lanes_.resize(std::max<std::size_t>(1, lanes));
  for (auto& lane : lanes_) lane = std::make_unique<Lane>();
}

void DeliveryInbox::deliver(std::shared_ptr<WebSocketSession> session, bus::Batch batch) {
  // Fibonacci hashing of the address: its low bits are alignment, the same for every session.
  const auto address = reinterpret_cast<std::uintptr_t>(session.get());
  auto& lane = *lanes_[(address * 0x9E3779B97F4A7C15ull >> 32) % lanes_.size()];
  {
    std::lock_guard lock(lane.mutex);
    lane.pending.emplace_back(std::move(session), std::move(batch));
    if (std::exchange(lane.draining, true)) return;
  }
  asio::post(io_, [this, &lane] { drain(lane); });
}

void DeliveryInbox::drain(Lane& lane) {
  {
    std::lock_guard lock(lane.mutex);
    std::swap(lane.taken, lane.pending);
  }
  for (auto& [session, batch] : lane.taken) {
    WebSocketSession::receive(std::move(session), std::move(batch));
  }
  lane.taken.clear();
  {
    std::lock_guard lock(lane.mutex);
    // The lane stays marked while anything is pending: a second job would race this one's
    // order. What came meanwhile goes in a job of its own, after the handlers already queued.
    if (lane.pending.empty()) {
      lane.draining = false;
      return;
    }
  }
  asio::post(io_, [this, &lane] { drain(lane); });
}

}  // namespace samrad::net
