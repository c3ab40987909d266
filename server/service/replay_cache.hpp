// The recently committed frames of each stream, kept so that a subscriber resuming after a short
// disconnect (or subscribing at the head) is answered from memory: no store read of the events,
// no encoding. Told of each commit twice: before it is acknowledged (who may see a round now,
// and whether earlier events read differently) and, with the frames, by the fan-out thread
// before the batch is published. Seeded by store reads that reached a stream's head.
//
// It is exact only while every commit passes through this process: with a Redis bridge, events
// committed by another instance never reach committed(), so the service keeps no cache then.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "bus/bus.hpp"
#include "domain/events.hpp"
#include "domain/types.hpp"
#include "service/stream_cursor.hpp"

namespace samrad::service {

struct ReplayCacheLimits {
  std::size_t events_per_stream = 512;
  std::size_t bytes = 64u << 20;  // frames' bytes over all streams
};

// A page served from memory, with the round's access as the newest commit left it, to
// authorise the reader against.
struct CachedPage {
  FramePage page;
  std::shared_ptr<const domain::RoundAccess> access;
};

class ReplayCache {
 public:
  explicit ReplayCache(ReplayCacheLimits limits);

  // A committed batch, on the writer thread before any of it is acknowledged, so that a reader
  // who heard of the commit is authorised as a store read would: each round's access is the
  // newest (domain::Event::access_after), and the frames of a round whose earlier events now
  // read differently (domain::changes_earlier_events, e.g. a post hidden) are dropped.
  void committing(const std::vector<domain::Event>& events);

  // The same batch's frames, in commit order, before it is published on the bus (a subscriber
  // that joined the bus before reading the cache then gets each event one way or the other).
  void committed(const std::vector<bus::EncodedEvent>& batch);

  // Taken before a store read begins, and handed to seed().
  std::uint64_t generation();

  // A store read of the events after `after`: remembered when it reached the stream's head and
  // nothing newer of the stream has been committed since (a read that raced a commit is stale),
  // nor has any round's history been rewritten since `generation` was taken.
  void seed(const domain::StreamId& stream, const domain::RoundAccess& access, domain::Seq after,
            const FramePage& page, std::uint64_t generation);

  // The events after `after`, up to max_events, when memory holds every one of them up to the
  // stream's newest committed seq, acknowledged or about to be; nullopt sends the reader to the
  // store.
  std::optional<CachedPage> read(const domain::StreamId& stream, domain::Seq after,
                                 std::size_t max_events);

 private:
  struct Frames {
    std::string epoch;
    domain::Seq last = 0;           // events up to here are held, from last - events.size() + 1
    std::deque<bus::Frame> events;  // contiguous seqs
    std::size_t bytes = 0;
    std::uint64_t used = 0;  // tick of the last commit or read, to evict the least used
  };
  struct Stream {
    domain::Seq stored = 0;     // the newest seq committing() has seen
    domain::Seq committed = 0;  // the newest seq committed() has seen
    std::optional<Frames> frames;
  };

  void append(Frames& frames, const bus::Frame& frame);
  void drop(std::optional<Frames>& frames);
  void forget_round(domain::RoundId round);
  // Drops the least used streams' frames until the total is three quarters of the limit.
  void evict();

  ReplayCacheLimits limits_;
  std::mutex mutex_;
  std::unordered_map<domain::StreamId, Stream, domain::StreamIdHash> streams_;
  // Each round's access as its newest access-changing commit (or, before any, a seed) left it:
  // only committing() and seed() set it, in commit order.
  std::unordered_map<domain::RoundId, std::shared_ptr<const domain::RoundAccess>> access_;
  std::size_t bytes_ = 0;
  std::uint64_t tick_ = 0;
  std::uint64_t generation_ = 0;  // rounds forgotten so far
};

}  // namespace samrad::service
