// Batches handed from the fan-out thread to the connections (see delivery_inbox.hpp).
#include "net/delivery_inbox.hpp"

#include <algorithm>
#include <cstdint>

namespace samrad::net {

namespace {
// A hand-out that took longer was a stall (the process paused, the machine swapping), not load:
// resting as long would make it twice as long.
constexpr auto longest_rest = std::chrono::seconds(1);
}  // namespace

DeliveryInbox::DeliveryInbox(asio::io_context& io, std::size_t lanes,
                             std::chrono::milliseconds interval)
    : io_(io), interval_(interval) {
  lanes_.resize(std::max<std::size_t>(1, lanes));
  for (auto& lane : lanes_) lane = std::make_unique<Lane>(io);
}

void DeliveryInbox::deliver(std::shared_ptr<Receiver> receiver, bus::Batch batch) {
  // Fibonacci hashing of the address: its low bits are alignment, the same for every receiver.
  const auto address = reinterpret_cast<std::uintptr_t>(receiver.get());
  auto& lane = *lanes_[(address * 0x9E3779B97F4A7C15ull >> 32) % lanes_.size()];
  {
    std::lock_guard lock(lane.mutex);
    lane.pending.push_back({std::move(receiver), std::move(batch), lane.arrivals++});
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
    // After a quiet interval at once; otherwise when the interval since the last drain and the
    // rest after the last hand-out are over. The rest of a batch whose first deliveries were
    // drained goes at once too: the fan-out thread may still be handing it to the lane's other
    // sessions, and none should wait for it.
    const auto due = std::max(lane.last_drain + interval_, lane.rest_until);
    if (due <= std::chrono::steady_clock::now() || continues_last_batch(lane)) return drain(lane);
    lane.timer.expires_at(due);
    lane.timer.async_wait([this, &lane](beast::error_code) { drain(lane); });
  });
}

bool DeliveryInbox::continues_last_batch(Lane& lane) {
  std::lock_guard lock(lane.mutex);
  return !lane.pending.empty() && lane.pending.front().batch == lane.last_batch;
}

void DeliveryInbox::drain(Lane& lane) {
  {
    std::lock_guard lock(lane.mutex);
    std::swap(lane.taken, lane.pending);
  }
  const auto started = std::chrono::steady_clock::now();
  if (interval_.count() != 0) {
    // A drain that begins with the rest of the batch being timed goes on with its hand-out;
    // any other begins a new one. (Comparing with the newest batch of the last drain chained
    // hand-outs together without end when each drain caught the next batch half handed to the
    // lane, as events arriving one by one from the bus are: the rest grew to its limit.)
    if (lane.taken.front().batch != lane.timed_batch) {
      lane.handing_out = {};
      lane.timed_batch = lane.taken.front().batch;
    }
    lane.last_drain = started;
    lane.last_batch = lane.taken.back().batch;  // the newest: taken is in arrival order here
  }
  // Each receiver's batches side by side, in the order they came.
  auto& taken = lane.taken;
  std::sort(taken.begin(), taken.end(), [](const Delivery& a, const Delivery& b) {
    return a.receiver != b.receiver ? a.receiver.get() < b.receiver.get() : a.order < b.order;
  });
  for (auto first = taken.begin(); first != taken.end();) {
    auto last = std::next(first);
    Receiver::Batches batches{std::move(first->batch)};
    for (; last != taken.end() && last->receiver == first->receiver; ++last) {
      batches.push_back(std::move(last->batch));
    }
    first->receiver->receive(std::move(batches));
    first = last;
  }
  taken.clear();
  if (interval_.count() != 0) {
    const auto now = std::chrono::steady_clock::now();
    lane.handing_out += now - started;
    lane.rest_until =
        now + std::min<std::chrono::steady_clock::duration>(lane.handing_out, longest_rest);
  }
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
