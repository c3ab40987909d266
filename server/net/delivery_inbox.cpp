// Batches handed from the fan-out thread to the connections (see delivery_inbox.hpp).
#include "net/delivery_inbox.hpp"

#include <algorithm>
#include <cstdint>

#include "net/websocket_session.hpp"

namespace samrad::net {

DeliveryInbox::DeliveryInbox(asio::io_context& io, std::size_t lanes,
                             std::chrono::milliseconds interval)
    : io_(io), interval_(interval) {
  lanes_.resize(std::max<std::size_t>(1, lanes));
  for (auto& lane : lanes_) lane = std::make_unique<Lane>(io);
}

void DeliveryInbox::deliver(std::shared_ptr<WebSocketSession> session, bus::Batch batch) {
  // Fibonacci hashing of the address: its low bits are alignment, the same for every session.
  const auto address = reinterpret_cast<std::uintptr_t>(session.get());
  auto& lane = *lanes_[(address * 0x9E3779B97F4A7C15ull >> 32) % lanes_.size()];
  {
    std::lock_guard lock(lane.mutex);
    lane.pending.push_back({std::move(session), std::move(batch), lane.arrivals++});
    if (std::exchange(lane.draining, true)) return;
  }
  schedule(lane);
}

void DeliveryInbox::schedule(Lane& lane) {
  if (interval_.count() == 0) {
    asio::post(io_, [this, &lane] { drain(lane); });
    return;
  }
  asio::post(io_, [this, &lane] {
    // After a quiet interval at once; otherwise when the interval since the last drain is over.
    const auto due = lane.last_drain + interval_;
    if (due <= std::chrono::steady_clock::now()) return drain(lane);
    lane.timer.expires_at(due);
    lane.timer.async_wait([this, &lane](beast::error_code) { drain(lane); });
  });
}

void DeliveryInbox::drain(Lane& lane) {
  if (interval_.count() != 0) lane.last_drain = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(lane.mutex);
    std::swap(lane.taken, lane.pending);
  }
  // Each session's batches side by side, in the order they came.
  auto& taken = lane.taken;
  std::sort(taken.begin(), taken.end(), [](const Delivery& a, const Delivery& b) {
    return a.session != b.session ? a.session.get() < b.session.get() : a.order < b.order;
  });
  for (auto first = taken.begin(); first != taken.end();) {
    auto last = std::next(first);
    WebSocketSession::Batches batches{std::move(first->batch)};
    for (; last != taken.end() && last->session == first->session; ++last) {
      batches.push_back(std::move(last->batch));
    }
    WebSocketSession::receive(std::move(first->session), std::move(batches));
    first = last;
  }
  taken.clear();
  {
    std::lock_guard lock(lane.mutex);
    // The lane stays marked while anything is pending: a second job would race this one's
    // order. What came meanwhile goes in a job of its own, after the handlers already queued.
    if (lane.pending.empty()) {
      lane.draining = false;
      return;
    }
  }
  schedule(lane);
}

}  // namespace samrad::net
