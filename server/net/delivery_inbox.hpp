// Where committed batches cross from the fan-out thread to the connections. Posting each
// session its own job costs a cross-thread hand-off, an allocation and a strand wake-up per
// delivery; here the fan-out thread appends (session, batch) to a lane, and one job per lane on
// an I/O thread dispatches them, each running at once on its session's strand when that is idle.
// A session always uses the same lane and a lane drains in order, so each session still gets
// its batches in commit order.
//
// The batches a lane holds for one session when it drains go to that session together, written
// in one gathered write. With an interval, a lane drains at most once per interval: a batch
// after a quiet interval goes at once (and so does the rest of a batch already begun), but while
// events come faster than that, each connection gets those of the interval in one system call
// rather than one each (a system call costs about as much whatever it carries). A quiet room
// pays no latency; a busy one at most the interval.
//
// A lane also rests as long as its last hand-out took: one event to ten thousand connections
// takes a core most of a tenth of a second, and a lane that began the next at once would keep
// its core busy with one write per event until it falls behind. Resting, it hands out at most
// half the time, and the events that came meanwhile go to each connection in one write: under
// a load its core could not keep up with one write per event, latency stays about two hand-outs
// instead of growing with the queue.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "bus/bus.hpp"
#include "net/beast.hpp"

namespace samrad::net {

class DeliveryInbox {
 public:
  // A connection, as the inbox sees it.
  class Receiver {
   public:
    using Batches = boost::container::small_vector<bus::Batch, 1>;
    // On an I/O thread, from a lane's job: the batches waiting for this receiver, in commit
    // order.
    virtual void receive(Batches batches) = 0;

   protected:
    ~Receiver() = default;
  };

  // One lane per I/O thread, so that the connections' fan-out still spreads over them.
  DeliveryInbox(asio::io_context& io, std::size_t lanes, std::chrono::milliseconds interval);
  DeliveryInbox(const DeliveryInbox&) = delete;
  DeliveryInbox& operator=(const DeliveryInbox&) = delete;

  // From any thread.
  void deliver(std::shared_ptr<Receiver> receiver, bus::Batch batch);

 private:
  struct Delivery {
    std::shared_ptr<Receiver> receiver;
    bus::Batch batch;
    std::uint64_t order;  // arrival in the lane: a session's batches keep it when grouped
  };
  struct Lane {
    explicit Lane(asio::io_context& io) : timer(io) {}
    std::mutex mutex;
    std::vector<Delivery> pending;
    std::uint64_t arrivals = 0;
    bool draining = false;        // a job of this lane is queued or running: at most one
    std::vector<Delivery> taken;  // what the job hands on now (its capacity is kept)
    // Touched only by the lane's job: when it last drained, the newest batch it handed on (its
    // remaining deliveries are not held), the batch whose hand-out is being timed and how long
    // it has taken so far, the rest that follows, and the wait for the next drain.
    std::chrono::steady_clock::time_point last_drain;
    bus::Batch last_batch;
    bus::Batch timed_batch;
    std::chrono::steady_clock::duration handing_out{};
    std::chrono::steady_clock::time_point rest_until;
    asio::steady_timer timer;
  };

  void schedule(Lane& lane);
  static bool continues_last_batch(Lane& lane);
  void drain(Lane& lane);

  asio::io_context& io_;
  std::chrono::milliseconds interval_;
  std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace samrad::net
