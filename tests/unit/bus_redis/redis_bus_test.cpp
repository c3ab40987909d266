// The Redis bridge between instances, against real redis-server processes: two buses in one
// process stand for two instances, each with its own thread. An event crosses once with the same
// bytes and is not delivered twice where it was published; channels are subscribed exactly while
// local subscribers exist; a killed or stopped Redis neither blocks nor breaks the bridge, which
// comes back and re-subscribes by itself; a hostile server's reply is refused; and on a Redis
// Cluster every channel is subscribed on the node owning its slot.
#include "bus/redis/redis_bus.hpp"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "bus/redis/key_slot.hpp"
#include "redis_process.hpp"

namespace samrad::bus::redis {
namespace {

using namespace std::chrono_literals;
using domain::StreamId;
using domain::StreamKind;
using testing::eventually;
using testing::RedisCluster;
using testing::RedisServer;

struct Received {
  StreamId stream;
  domain::Seq seq = 0;
  std::string frame;
  std::shared_ptr<const domain::RoundAccess> access;
};

struct Recorder : Subscriber {
  void deliver(const Batch& batch) override {
    std::lock_guard lock(mutex);
    for (const auto& event : *batch) {
      events.push_back(
          {event.stream, event.seq, std::string(event.frame->payload()), event.access_after});
    }
  }
  std::vector<Received> seen() {
    std::lock_guard lock(mutex);
    return events;
  }
  std::size_t count() { return seen().size(); }

  std::mutex mutex;
  std::vector<Received> events;
};

Batch batch_of(StreamId stream, domain::Seq seq, std::string frame,
               std::shared_ptr<const domain::RoundAccess> access = nullptr) {
  return std::make_shared<const std::vector<EncodedEvent>>(
      1, EncodedEvent{stream, seq, bus::WireFrame::text(std::move(frame)), std::move(access)});
}

RedisBusOptions options_for(const std::string& address, bool sharded = false) {
  RedisBusOptions options;
  options.address = address;
  options.sharded = sharded;
  options.channel_prefix = "test:";
  options.connection.reply_timeout = 1000ms;
  options.connection.ping_interval = 200ms;
  options.backoff_initial = 50ms;
  options.backoff_max = 500ms;
  return options;
}

long long subscribers_of(const RedisServer& redis, const std::string& channel) {
  const auto reply = redis.command({"PUBSUB", "NUMSUB", channel});
  return reply->element[1]->integer;
}

TEST(RedisBus, AnEventReachesTheOtherInstanceOnceWithTheSameBytes) {
  RedisServer redis;
  RedisBus a(options_for(redis.address()));
  RedisBus b(options_for(redis.address()));
  auto on_a = std::make_shared<Recorder>();
  auto on_b = std::make_shared<Recorder>();
  const StreamId stream{1, StreamKind::state_preparation};
  auto subscribed_a = a.subscribe(stream, on_a);
  auto subscribed_b = b.subscribe(stream, on_b);
  ASSERT_TRUE(eventually([&] { return subscribers_of(redis, a.channel(1)) == 2; }));

  domain::RoundAccess access;
  access.id = 1;
  access.phase = domain::Phase::open;
  access.invited = {3, 4};
  const std::string frame("{\"type\":\"event\",\"seq\":7}\n\0\xfe", 27);
  a.publish(batch_of(stream, 7, frame, std::make_shared<const domain::RoundAccess>(access)));

  ASSERT_TRUE(eventually([&] { return on_b->count() == 1; }));
  ASSERT_TRUE(eventually([&] { return a.counters().own_skipped == 1; }));
  std::this_thread::sleep_for(300ms);
  const auto there = on_b->seen();
  ASSERT_EQ(there.size(), 1u);
  EXPECT_EQ(there[0].stream, stream);
  EXPECT_EQ(there[0].seq, 7);
  EXPECT_EQ(there[0].frame, frame);
  ASSERT_TRUE(there[0].access);
  EXPECT_EQ(there[0].access->invited, (std::vector<domain::OrganisationId>{3, 4}));
  // Delivered at once where it was published, and not again when Redis echoes it.
  EXPECT_EQ(on_a->count(), 1u);
  EXPECT_EQ(a.counters().published, 1u);
  EXPECT_EQ(b.counters().received, 1u);
  EXPECT_EQ(a.counters().received, 0u);
}

TEST(RedisBus, ARoundsChannelIsSubscribedWhileItHasLocalSubscribers) {
  RedisServer redis;
  RedisBus bus(options_for(redis.address()));
  auto subscriber = std::make_shared<Recorder>();
  const auto channels = [&] { return redis.channels(); };
  using Set = std::set<std::string>;
  EXPECT_EQ(channels(), Set{});

  auto main_5 = bus.subscribe({5, StreamKind::main}, subscriber);
  ASSERT_TRUE(eventually([&] { return channels() == Set{bus.channel(5)}; }));
  auto preparation_5 = bus.subscribe({5, StreamKind::municipal_preparation}, subscriber);
  auto main_6 = bus.subscribe({6, StreamKind::main}, subscriber);
  ASSERT_TRUE(eventually([&] { return channels() == Set{bus.channel(5), bus.channel(6)}; }));
  // One stream of round 5 still followed: its channel stays.
  main_5.reset();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(channels(), (Set{bus.channel(5), bus.channel(6)}));
  preparation_5.reset();
  ASSERT_TRUE(eventually([&] { return channels() == Set{bus.channel(6)}; }));
  main_6.reset();
  ASSERT_TRUE(eventually([&] { return channels() == Set{}; }));
}

TEST(RedisBus, ChurnOfSubscriptionsEndsWithTheRightChannels) {
  RedisServer redis;
  RedisBus bus(options_for(redis.address()));
  auto subscriber = std::make_shared<Recorder>();
  std::vector<std::vector<std::pair<domain::RoundId, Subscription>>> kept(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kept.size(); ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      auto& mine = kept[t];
      for (int op = 0; op < 400; ++op) {
        if (mine.empty() || random() % 2 == 0) {
          const auto round = static_cast<domain::RoundId>(1 + random() % 12);
          const auto kind = domain::stream_kinds[random() % domain::stream_kinds.size()];
          mine.emplace_back(round, bus.subscribe({round, kind}, subscriber));
        } else {
          mine.erase(mine.begin() + static_cast<long>(random() % mine.size()));
        }
      }
      // Leave some rounds followed and others not.
      std::erase_if(mine, [](const auto& entry) { return entry.first % 3 == 0; });
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> expected;
  for (const auto& mine : kept) {
    for (const auto& [round, subscription] : mine) expected.insert(bus.channel(round));
  }
  ASSERT_FALSE(expected.empty());
  ASSERT_TRUE(eventually([&] { return redis.channels() == expected; }))
      << "expected " << expected.size() << " channels, Redis has " << redis.channels().size();
  kept.clear();
  ASSERT_TRUE(eventually([&] { return redis.channels().empty(); }));
}

// Leaving and rejoining faster than Redis confirms: the confirmation of an unsubscribe that
// arrives after the next subscribe must not be taken for the server dropping the channel.
TEST(RedisBus, RejoiningBeforeRedisConfirmsTheLeaveKeepsCount) {
  for (const bool sharded : {false, true}) {
    RedisServer redis;
    RedisBus bus(options_for(redis.address(), sharded));
    auto subscriber = std::make_shared<Recorder>();
    Subscription held;
    held = bus.subscribe({1, StreamKind::main}, subscriber);
    ASSERT_TRUE(eventually([&] { return redis.channels(sharded) == std::set{bus.channel(1)}; }));
    for (int i = 0; i < 3; ++i) {
      held.reset();
      held = bus.subscribe({1, StreamKind::main}, subscriber);
      // The unsubscribe's confirmation comes now, after the subscribe was sent.
      std::this_thread::sleep_for(100ms);
      EXPECT_EQ(redis.channels(sharded), std::set{bus.channel(1)});
    }
    held.reset();
    ASSERT_TRUE(eventually([&] { return redis.channels(sharded).empty(); }))
        << (sharded ? "sharded" : "classic");
  }
}

TEST(RedisBus, ComesBackAndResubscribesAfterRedisIsKilled) {
  RedisServer redis;
  RedisBus a(options_for(redis.address()));
  RedisBus b(options_for(redis.address()));
  auto on_b = std::make_shared<Recorder>();
  const StreamId stream{9, StreamKind::main};
  auto subscription = b.subscribe(stream, on_b);
  ASSERT_TRUE(eventually([&] { return subscribers_of(redis, b.channel(9)) == 1; }));

  redis.kill();
  // Published while Redis is gone: dropped, not queued, not blocking.
  a.publish(batch_of(stream, 1, "lost"));
  ASSERT_TRUE(eventually([&] { return a.counters().dropped >= 1; }));
  std::this_thread::sleep_for(300ms);
  redis.restart();

  ASSERT_TRUE(eventually([&] { return subscribers_of(redis, b.channel(9)) == 1; }));
  domain::Seq seq = 1;
  ASSERT_TRUE(eventually([&] {
    ++seq;
    a.publish(batch_of(stream, seq, "after " + std::to_string(seq)));
    std::this_thread::sleep_for(50ms);
    return on_b->count() > 0;
  }));
  const auto got = on_b->seen();
  EXPECT_GT(got.front().seq, 1);
  EXPECT_EQ(got.front().frame, "after " + std::to_string(got.front().seq));
  EXPECT_GE(b.counters().connections_lost, 2u);  // both of its connections
}

TEST(RedisBus, AStoppedRedisDoesNotBlockThePublisher) {
  RedisServer redis;
  auto options = options_for(redis.address());
  options.connection.max_output_bytes = 256 * 1024;
  RedisBus a(options);
  RedisBus b(options);
  auto on_b = std::make_shared<Recorder>();
  const StreamId stream{3, StreamKind::main};
  auto subscription = b.subscribe(stream, on_b);
  ASSERT_TRUE(eventually([&] { return subscribers_of(redis, b.channel(3)) == 1; }));

  redis.pause();
  const std::string frame(16 * 1024, 'f');
  auto slowest = std::chrono::steady_clock::duration::zero();
  const auto started = std::chrono::steady_clock::now();
  domain::Seq seq = 0;
  while (std::chrono::steady_clock::now() - started < 2s) {
    const auto before = std::chrono::steady_clock::now();
    a.publish(batch_of(stream, ++seq, frame));
    slowest = std::max(slowest, std::chrono::steady_clock::now() - before);
  }
  // Waiting on Redis would take the whole pause (or stop after the first 16 publishes fill the
  // output limit); a loaded machine may still deschedule one call for a while.
  EXPECT_LT(slowest, 500ms);
  EXPECT_GT(seq, 100);
  // Far more than the output limit was offered: the rest was dropped, not buffered.
  EXPECT_GT(a.counters().dropped, 0u);
  redis.resume();

  ASSERT_TRUE(eventually(
      [&] {
        a.publish(batch_of(stream, ++seq, "after"));
        std::this_thread::sleep_for(50ms);
        const auto got = on_b->seen();
        return !got.empty() && got.back().frame == "after";
      },
      15s));
}

TEST(RedisBus, ShardedPubSubWorksOnASingleRedis) {
  RedisServer redis;
  RedisBus a(options_for(redis.address(), true));
  RedisBus b(options_for(redis.address(), true));
  auto on_b = std::make_shared<Recorder>();
  auto subscription = b.subscribe({4, StreamKind::main}, on_b);
  ASSERT_TRUE(eventually([&] { return redis.channels(true) == std::set{b.channel(4)}; }));
  EXPECT_TRUE(redis.channels(false).empty());
  a.publish(batch_of({4, StreamKind::main}, 1, "sharded"));
  ASSERT_TRUE(eventually([&] { return on_b->count() == 1; }));
  EXPECT_EQ(on_b->seen()[0].frame, "sharded");
}

// A server that answers the handshake and then sends what no Redis would.
class HostileServer {
 public:
  explicit HostileServer(std::string hostile) : hostile_(std::move(hostile)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen");
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~HostileServer() {
    stop_ = true;
    acceptor_.join();
    for (auto& thread : handlers_) thread.join();
    ::close(listener_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int accepted() const { return accepted_; }
  // The most any one connection took before hanging up.
  std::size_t most_taken() const { return most_taken_; }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd waiting{listener_, POLLIN, 0};
      if (::poll(&waiting, 1, 50) <= 0) continue;
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      ++accepted_;
      handlers_.emplace_back([this, fd] { serve(fd); });
    }
  }
  void serve(int fd) {
    char buffer[256];
    std::string got;
    while (got.find("PING") == std::string::npos && !stop_) {
      pollfd waiting{fd, POLLIN, 0};
      if (::poll(&waiting, 1, 50) <= 0) continue;
      const auto n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
    }
    std::string out = "+PONG\r\n" + hostile_;
    std::size_t sent = 0;
    // Then as much filler as the client takes (up to 64 MiB), as a stream of bulk bytes.
    const std::string filler(64 * 1024, 'x');
    while (!stop_ && sent < (64u << 20)) {
      const auto& chunk = sent == 0 ? out : filler;
      pollfd waiting{fd, POLLOUT, 0};
      if (::poll(&waiting, 1, 50) <= 0) continue;
      const auto n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) {
        if (errno == EAGAIN) continue;
        break;
      }
      sent += static_cast<std::size_t>(n);
    }
    std::size_t most = most_taken_;
    while (sent > most && !most_taken_.compare_exchange_weak(most, sent)) {
    }
    ::close(fd);
  }

  std::string hostile_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::atomic<std::size_t> most_taken_{0};
  std::thread acceptor_;
  std::vector<std::thread> handlers_;
};

struct LogCapture {
  LogCapture() : sink(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)) {
    spdlog::default_logger()->sinks().push_back(sink);
  }
  ~LogCapture() { spdlog::default_logger()->sinks().pop_back(); }
  bool contains(const std::string& text) const {
    for (const auto& line : sink->last_formatted()) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink;
};

TEST(RedisBus, AnEndlessStringIsRefusedAndTheConnectionRemade) {
  LogCapture log;
  HostileServer server("$1000000000\r\n");
  auto options = options_for(server.address());
  options.connection.limits.max_bulk_bytes = 1 << 20;
  options.connection.limits.max_buffered_bytes = (1 << 20) + 64 * 1024;
  RedisBus bus(options);
  // Both connections refuse, and the bus connects again by itself.
  ASSERT_TRUE(eventually([&] { return server.accepted() >= 3; }));
  ASSERT_TRUE(
      eventually([&] { return log.contains("refused an incomplete reply past 1114112 bytes"); }));
  EXPECT_GE(bus.counters().connections_lost, 2u);
  // What was held is bounded by the limit (plus the sockets' buffers), not by what was sent.
  EXPECT_LT(server.most_taken(), 32u << 20);
}

TEST(RedisBus, AHugeArrayIsRefusedAtItsHeader) {
  LogCapture log;
  HostileServer server("*100000000\r\n");
  RedisBus bus(options_for(server.address()));
  ASSERT_TRUE(eventually([&] { return log.contains("refused an array of 100000000 elements"); }));
  ASSERT_TRUE(eventually([&] { return server.accepted() >= 3; }));
}

TEST(RedisBus, ADeeplyNestedReplyIsRefused) {
  LogCapture log;
  HostileServer server("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n");
  RedisBus bus(options_for(server.address()));
  ASSERT_TRUE(eventually([&] { return log.contains("refused arrays nested deeper than 4"); }));
}

TEST(RedisCluster, EachChannelIsSubscribedOnTheNodeOwningItsSlot) {
  RedisCluster cluster;
  const auto seed = cluster.nodes.front()->address();
  RedisBus a(options_for(seed, true));
  RedisBus b(options_for(seed, true));
  for (domain::RoundId round = 1; round <= 40; ++round) {
    ASSERT_EQ(key_slot(b.channel(round)), cluster.slot_of(b.channel(round))) << round;
  }

  auto on_b = std::make_shared<Recorder>();
  std::vector<Subscription> subscriptions;
  std::map<int, std::set<std::string>> expected;  // port -> channels
  for (domain::RoundId round = 1; round <= 12; ++round) {
    subscriptions.push_back(b.subscribe({round, StreamKind::main}, on_b));
    expected[cluster.owner_of(b.channel(round)).port()].insert(b.channel(round));
  }
  ASSERT_GE(expected.size(), 2u) << "the rounds should spread over several nodes";
  for (const auto& node : cluster.nodes) {
    ASSERT_TRUE(eventually([&] { return node->channels(true) == expected[node->port()]; }))
        << "node " << node->port();
  }

  ASSERT_TRUE(eventually([&] { return a.publishing(); }));
  for (domain::RoundId round = 1; round <= 12; ++round) {
    a.publish(batch_of({round, StreamKind::main}, 1, "round " + std::to_string(round)));
  }
  ASSERT_TRUE(eventually([&] { return on_b->count() == 12; }));
  std::this_thread::sleep_for(300ms);
  std::set<domain::RoundId> rounds;
  for (const auto& event : on_b->seen()) {
    EXPECT_EQ(event.frame, "round " + std::to_string(event.stream.round));
    rounds.insert(event.stream.round);
  }
  EXPECT_EQ(rounds.size(), 12u);
  EXPECT_EQ(on_b->count(), 12u);
  EXPECT_EQ(a.counters().dropped, 0u);

  subscriptions.clear();
  for (const auto& node : cluster.nodes) {
    ASSERT_TRUE(eventually([&] { return node->channels(true).empty(); }));
  }
}

TEST(RedisCluster, ASlotMovedToAnotherNodeIsFollowed) {
  RedisCluster cluster;
  const auto seed = cluster.nodes.front()->address();
  RedisBus a(options_for(seed, true));
  RedisBus b(options_for(seed, true));
  auto on_b = std::make_shared<Recorder>();
  const StreamId stream{77, StreamKind::main};
  const auto channel = b.channel(77);
  auto subscription = b.subscribe(stream, on_b);
  RedisServer& from = cluster.owner_of(channel);
  ASSERT_TRUE(eventually([&] { return from.channels(true) == std::set{channel}; }));
  ASSERT_TRUE(eventually([&] { return a.publishing(); }));

  // Hand the (empty) slot to another node, as a resharding would: the old owner drops the
  // subscription, and both buses still route by the slot map they read before.
  RedisServer& to = cluster.nodes[0].get() == &from ? *cluster.nodes[1] : *cluster.nodes[0];
  const auto to_id = std::string(to.command({"CLUSTER", "MYID"})->str);
  const auto slot = std::to_string(cluster.slot_of(channel));
  to.command({"CLUSTER", "SETSLOT", slot, "NODE", to_id});
  for (const auto& node : cluster.nodes) {
    if (node.get() != &to) node->command({"CLUSTER", "SETSLOT", slot, "NODE", to_id});
  }

  ASSERT_TRUE(eventually([&] { return to.channels(true) == std::set{channel}; }));
  EXPECT_TRUE(from.channels(true).empty());
  domain::Seq seq = 0;
  ASSERT_TRUE(eventually([&] {
    a.publish(batch_of(stream, ++seq, "moved"));
    std::this_thread::sleep_for(50ms);
    return on_b->count() > 0;
  }));
  EXPECT_EQ(on_b->seen().front().frame, "moved");
}

TEST(RedisCluster, ANodeKilledAndRestartedIsSubscribedAgain) {
  RedisCluster cluster;
  const auto seed = cluster.nodes.front()->address();
  RedisBus a(options_for(seed, true));
  RedisBus b(options_for(seed, true));
  auto on_b = std::make_shared<Recorder>();
  // A round on a node other than the one the buses were pointed at.
  domain::RoundId round = 1;
  while (&cluster.owner_of(b.channel(round)) == cluster.nodes.front().get()) ++round;
  const StreamId stream{round, StreamKind::main};
  auto subscription = b.subscribe(stream, on_b);
  RedisServer& owner = cluster.owner_of(b.channel(round));
  ASSERT_TRUE(eventually([&] { return owner.channels(true) == std::set{b.channel(round)}; }));

  owner.kill();
  std::this_thread::sleep_for(300ms);
  // It comes back with its nodes.conf, so with the same slots.
  owner.restart();
  ASSERT_TRUE(eventually([&] { return owner.channels(true) == std::set{b.channel(round)}; }, 20s));
  domain::Seq seq = 0;
  ASSERT_TRUE(eventually(
      [&] {
        a.publish(batch_of(stream, ++seq, "back"));
        std::this_thread::sleep_for(50ms);
        return on_b->count() > 0;
      },
      20s));
  EXPECT_EQ(on_b->seen().front().frame, "back");
}

}  // namespace
}  // namespace samrad::bus::redis
