// Presence through Redis (RedisBus as bus::Presence), against real redis-server processes: two
// buses stand for two instances. Each lists the other's people; a last leave is told at once; the
// people of an instance that dies without a word expire within presence_ttl while a live
// instance's are kept by its refresh; after Redis comes back empty an instance lists its people
// again at once; without Redis an instance answers from its own counts; and on a Redis Cluster a
// round's presence lives on the node of the round's channel.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "bus/redis/redis_bus.hpp"
#include "redis_process.hpp"

namespace samrad::bus::redis {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::RedisCluster;
using testing::RedisServer;
using People = std::vector<domain::PersonId>;

RedisBusOptions options_for(const std::string& address, bool sharded = false) {
  RedisBusOptions options;
  options.address = address;
  options.sharded = sharded;
  options.channel_prefix = "test:";
  options.connection.reply_timeout = 1000ms;
  options.connection.ping_interval = 200ms;
  options.backoff_initial = 50ms;
  options.backoff_max = 500ms;
  options.presence_refresh = 300ms;
  options.presence_ttl = 900ms;
  return options;
}

// who's answer, or nothing when none came within 5 s.
std::optional<People> who(Presence& presence, domain::RoundId round) {
  auto promise = std::make_shared<std::promise<People>>();
  auto answer = promise->get_future();
  presence.who(round, [promise](People people) { promise->set_value(std::move(people)); });
  if (answer.wait_for(5s) != std::future_status::ready) return std::nullopt;
  return answer.get();
}

long long members(const RedisServer& redis, const std::string& key) {
  return redis.command({"ZCARD", key})->integer;
}

TEST(RedisPresence, EachInstanceListsTheOthersPeopleAndALastLeaveIsToldAtOnce) {
  RedisServer redis;
  RedisBus a(options_for(redis.address()));
  RedisBus b(options_for(redis.address()));
  a.enter(1, 3);
  b.enter(1, 4);
  b.enter(2, 5);
  ASSERT_TRUE(eventually([&] { return who(a, 1) == People{3, 4}; }));
  EXPECT_EQ(who(b, 1), (People{3, 4}));
  EXPECT_EQ(who(a, 2), People{5});
  EXPECT_EQ(members(redis, a.presence_key(1)), 2);

  // Person 4 on two connections of b: present until both have left.
  b.enter(1, 4);
  b.leave(1, 4);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(who(a, 1), (People{3, 4}));
  b.leave(1, 4);
  // Well before the ttl: the leave removes the member itself.
  ASSERT_TRUE(eventually([&] { return who(a, 1) == People{3}; }, 500ms));
  EXPECT_EQ(members(redis, a.presence_key(1)), 1);
}

// Redis restarted empty: an instance lists its people again as soon as it is connected, those
// who came while Redis was down too, not at its next refresh (10 s here).
TEST(RedisPresence, AfterRedisComesBackAnInstancesPeopleAreListedAtOnce) {
  RedisServer redis;
  auto options = options_for(redis.address());
  options.presence_refresh = 10s;
  options.presence_ttl = 30s;
  RedisBus a(options);
  RedisBus b(options);
  a.enter(1, 3);
  ASSERT_TRUE(eventually([&] { return who(b, 1) == People{3}; }));

  redis.kill();
  a.enter(1, 6);
  std::this_thread::sleep_for(300ms);
  redis.restart();
  ASSERT_TRUE(eventually([&] { return members(redis, a.presence_key(1)) == 2; }, 3s));
  ASSERT_TRUE(eventually([&] { return who(b, 1) == (People{3, 6}); }, 3s));
}

TEST(RedisPresence, ADeadInstancesPeopleExpireWhileALiveOnesAreKept) {
  RedisServer redis;
  RedisBus a(options_for(redis.address()));
  auto b = std::make_unique<RedisBus>(options_for(redis.address()));
  a.enter(1, 3);
  b->enter(1, 4);
  ASSERT_TRUE(eventually([&] { return who(a, 1) == People{3, 4}; }));
  // Several ttls: the refresh keeps both.
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(who(a, 1), (People{3, 4}));

  // b goes without leaving (as a killed process would): its person is listed until the ttl.
  b.reset();
  const auto gone = std::chrono::steady_clock::now();
  EXPECT_EQ(who(a, 1), (People{3, 4}));
  ASSERT_TRUE(eventually([&] { return who(a, 1) == People{3}; }, 3s));
  EXPECT_LE(std::chrono::steady_clock::now() - gone, 900ms + 500ms);

  // A round nobody is in any more leaves no key behind.
  a.leave(1, 3);
  ASSERT_TRUE(eventually(
      [&] {
        return redis.command({"EXISTS", a.presence_key(1)})->integer == 0;
      },
      3s));
}

TEST(RedisPresence, WithoutRedisEachInstanceAnswersFromItsOwnPeople) {
  RedisServer redis;
  RedisBus a(options_for(redis.address()));
  RedisBus b(options_for(redis.address()));
  a.enter(1, 3);
  ASSERT_TRUE(eventually([&] { return who(b, 1) == People{3}; }));
  redis.kill();
  b.enter(1, 4);
  // Answered, not failed nor hung: b's own person, while Redis is gone.
  ASSERT_TRUE(eventually([&] { return who(b, 1) == People{4}; }));
  redis.restart();
  // The refresh writes both again once Redis is back.
  ASSERT_TRUE(eventually([&] { return who(a, 1) == People{3, 4} && who(b, 1) == People{3, 4}; }));
}

TEST(RedisPresence, OnAClusterARoundsPresenceLivesWithItsChannel) {
  RedisCluster cluster;
  const auto seed = cluster.nodes.front()->address();
  RedisBus a(options_for(seed, true));
  RedisBus b(options_for(seed, true));
  for (domain::RoundId round = 1; round <= 8; ++round) a.enter(round, 100 + round);
  std::set<int> nodes;
  for (domain::RoundId round = 1; round <= 8; ++round) {
    ASSERT_TRUE(eventually([&] { return who(b, round) == People{100 + round}; })) << round;
    auto& owner = cluster.owner_of(a.presence_key(round));
    EXPECT_EQ(owner.port(), cluster.owner_of(a.channel(round)).port()) << round;
    EXPECT_EQ(members(owner, a.presence_key(round)), 1) << round;
    nodes.insert(owner.port());
  }
  EXPECT_GE(nodes.size(), 2u) << "the rounds should spread over several nodes";
}

}  // namespace
}  // namespace samrad::bus::redis
