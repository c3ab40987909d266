// The bus: fan-out of committed events to the subscribers of their streams. The local hub
// (local_hub.hpp) delivers inside one instance; the Redis bridge (redis/redis_bus.hpp) wraps a
// local hub and carries events between instances too, as the frame bytes with stream, seq and
// access change (never re-encoded). Either way frames are encoded once, never per subscriber.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bus/frame.hpp"
#include "domain/types.hpp"

namespace samrad::bus {

struct EncodedEvent {
  domain::StreamId stream;
  domain::Seq seq = 0;
  // Null in an announcement (Bus::announce): the stream has reached seq, and a subscriber that
  // lacks events up to it reads them from the store.
  Frame frame;
  // Set when the event changes who may see its round (domain::Event::access_after): each
  // subscriber checks it and stops following a round it may no longer see.
  std::shared_ptr<const domain::RoundAccess> access_after;
};

// One committed batch as it travels: its events in commit order, so each stream's events are
// in seq order. Shared by every subscriber it reaches.
using Batch = std::shared_ptr<const std::vector<EncodedEvent>>;

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Called from any thread, once per published batch holding events of a stream the subscriber
  // follows (the batch may hold other streams' events too). An event that changes who may see
  // its round (access_after) reaches the subscribers of every stream of that round, so that a
  // connection following only a preparation stream learns it too. Must not block. Delivery is
  // at-most-once (DESIGN.md rule 2): the subscriber filters by seq and fills gaps from the store.
  virtual void deliver(const Batch& batch) = 0;
};

// A subscription to one stream; destroying (or resetting) it unsubscribes. The bus must outlive
// its subscriptions.
class Subscription {
 public:
  Subscription() = default;
  explicit Subscription(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
  Subscription(Subscription&& other) noexcept : cancel_(std::exchange(other.cancel_, nullptr)) {}
  Subscription& operator=(Subscription&& other) noexcept {
    if (this != &other) {
      reset();
      cancel_ = std::exchange(other.cancel_, nullptr);
    }
    return *this;
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { reset(); }

  void reset() {
    if (auto cancel = std::exchange(cancel_, nullptr)) cancel();
  }
  explicit operator bool() const noexcept { return static_cast<bool>(cancel_); }

 private:
  std::function<void()> cancel_;
};

// Told when a stream gets its first subscriber on this instance and when its last one leaves
// (a Redis bridge SUBSCRIBEs and UNSUBSCRIBEs its channel then). Called in order, under the
// bus's lock: must not block or call back into the bus.
class StreamActivity {
 public:
  virtual ~StreamActivity() = default;
  virtual void first_subscriber(const domain::StreamId& stream) = 0;
  virtual void last_subscriber_left(const domain::StreamId& stream) = 0;
};

// A stream and a seq of it.
struct StreamHead {
  domain::StreamId stream;
  domain::Seq seq = 0;
};

class Bus {
 public:
  virtual ~Bus() = default;
  // Hands a committed batch to the subscribers of its streams. Batches are published in commit
  // order, from one thread at a time.
  virtual void publish(const Batch& batch) = 0;
  // Joins a stream. O(1): a room of ten thousand costs no more to join or leave than one.
  [[nodiscard]] virtual Subscription subscribe(const domain::StreamId& stream,
                                               std::weak_ptr<Subscriber> subscriber) = 0;
  // The streams that have subscribers on this instance, each with the newest seq this bus has
  // handed them (0 when none yet).
  virtual std::vector<StreamHead> local_heads() const = 0;
  // Tells this instance's subscribers of the stream that it has reached head.seq (as the store
  // says), when that is newer than anything the bus handed them: the events pub/sub lost are
  // then read from the store. Stays on this instance.
  virtual void announce(const StreamHead& head) = 0;
};

}  // namespace samrad::bus
