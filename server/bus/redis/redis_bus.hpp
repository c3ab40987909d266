// The bus between instances: a bus::Bus that wraps this instance's LocalHub and bridges it to
// the other instances through Redis pub/sub.
//
// Publishing a committed batch delivers it locally at once and publishes each event once to its
// round's channel; an event from another instance is handed to this instance's local
// subscribers only (an instance recognises its own messages by its random id and skips them).
// The instance SUBSCRIBEs a round's channel when the round's first stream gets its first local
// subscriber and UNSUBSCRIBEs when the last one leaves.
//
// One channel per round, not per stream: an event that changes who may see a round must reach
// the followers of each of the round's streams (see bus.hpp), and on one channel it does so with
// one publish and one delivery. The cost is that an instance following only a round's main
// stream also receives its preparation streams' events, which its hub then drops.
//
// Delivery is at-most-once (DESIGN.md rule 2): while Redis cannot be reached, publishing drops
// (and counts) instead of waiting or queueing without bound, and receivers fill gaps from the
// store. Connections are re-established with jittered exponential backoff, and the channels that
// still have local subscribers are subscribed again.
//
// With `sharded`, SPUBLISH/SSUBSCRIBE (Redis 7) spread the rounds over a Redis Cluster's shards:
// the cluster's slot map is read with CLUSTER SLOTS, each channel goes to the node owning its
// slot (its hash tag is the round), and a MOVED answer or a lost node reads the map again. A
// Redis without cluster support counts as one shard owning every slot.
//
// Presence (bus::Presence) lives here too, on the same connections and thread: per round a
// sorted set `<prefix>presence:{round:ID}` (the round's hash tag, so it shares the slot and the
// node of the round's channel, in a cluster too) of members "<person id>:<instance id>" scored
// with the time (ms since the epoch) they expire. Every presence_refresh, and as soon as a
// connection is up, the instance adds its present people again with now + presence_ttl; a
// person's last leave here removes them at once; a killed instance's members expire within
// presence_ttl. `who` reads the members not yet expired. Scores are wall-clock times, so the
// instances' clocks must agree to well within presence_ttl. While Redis cannot be reached, `who`
// answers from this instance's own counts.
//
// All Redis I/O runs on the bus's own thread, on hiredis' asynchronous API driven by Asio.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "bus/bus.hpp"
#include "bus/presence.hpp"
#include "bus/redis/connection_options.hpp"

namespace samrad::bus::redis {

struct RedisBusOptions {
  // "host:port" of the Redis server; with `sharded`, of any node of the cluster.
  std::string address;
  bool sharded = false;
  // Lets several deployments share one Redis.
  std::string channel_prefix = "samrad:";
  ConnectionOptions connection;
  // Reconnecting waits a random time between half and all of initial * 2^failures, capped.
  std::chrono::milliseconds backoff_initial{100};
  std::chrono::milliseconds backoff_max{5000};
  // Encoded events handed to the bus's thread and not yet written out, at most; more are
  // dropped (and counted) rather than queued.
  std::size_t max_queued_bytes = 8 * 1024 * 1024;
  // How often this instance's present people are written again, and how long each write holds:
  // a killed instance's people disappear from every list within presence_ttl.
  std::chrono::milliseconds presence_refresh{5000};
  std::chrono::milliseconds presence_ttl{15000};
};

struct RedisBusCounters {
  std::uint64_t published = 0;         // events handed to a Redis connection
  std::uint64_t dropped = 0;           // events not published: Redis unreachable or refusing
  std::uint64_t received = 0;          // events from other instances delivered locally
  std::uint64_t own_skipped = 0;       // this instance's own events coming back
  std::uint64_t malformed = 0;         // messages refused (bad envelope, wrong channel)
  std::uint64_t connections_lost = 0;  // connections dropped, for whatever reason
};

class RedisBus final : public Bus, public Presence {
 public:
  // Starts connecting at once, in the background: the bus works (locally) before Redis answers.
  // Throws std::invalid_argument for an address that is not host:port.
  explicit RedisBus(RedisBusOptions options);
  ~RedisBus() override;
  RedisBus(const RedisBus&) = delete;
  RedisBus& operator=(const RedisBus&) = delete;

  void publish(const Batch& batch) override;
  [[nodiscard]] Subscription subscribe(const domain::StreamId& stream,
                                       std::weak_ptr<Subscriber> subscriber) override;
  std::vector<StreamHead> local_heads() const override;
  void announce(const StreamHead& head) override;

  void enter(domain::RoundId round, domain::PersonId person) override;
  void leave(domain::RoundId round, domain::PersonId person) override;
  void who(domain::RoundId round, Answer answer) override;

  RedisBusCounters counters() const;
  // Whether an event published now would reach Redis: the slot map is known and every node
  // owning slots has a working connection for publishing.
  bool publishing() const;
  // The channel a round's events travel on.
  std::string channel(domain::RoundId round) const;
  // The sorted set of a round's present people.
  std::string presence_key(domain::RoundId round) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samrad::bus::redis
