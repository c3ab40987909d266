// The local hub: one shared frame to every subscriber of a round, nobody else's rounds, and no
// delivery to sessions that are gone.
#include <gtest/gtest.h>

#include <thread>

#include "bus/local_hub.hpp"

using namespace samrad;

namespace {
struct Recorder : bus::Subscriber {
  std::mutex mutex;
  std::vector<std::tuple<domain::RoundId, domain::Seq, const std::string*>> seen;
  void deliver(domain::RoundId round, domain::Seq seq, const bus::Frame& frame) override {
    std::lock_guard lock(mutex);
    seen.emplace_back(round, seq, frame.get());
  }
};
bus::Frame frame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}
}  // namespace

TEST(LocalHub, SameFrameObjectReachesEverySubscriberOfTheRound) {
  bus::LocalHub hub;
  auto a = std::make_shared<Recorder>();
  auto b = std::make_shared<Recorder>();
  auto other = std::make_shared<Recorder>();
  hub.subscribe(1, a);
  hub.subscribe(1, b);
  hub.subscribe(2, other);
  const auto shared = frame("{\"seq\":7}");
  hub.publish(1, 7, shared);
  ASSERT_EQ(a->seen.size(), 1u);
  ASSERT_EQ(b->seen.size(), 1u);
  EXPECT_EQ(std::get<2>(a->seen[0]), shared.get());  // not a copy: serialised once
  EXPECT_EQ(std::get<2>(b->seen[0]), shared.get());
  EXPECT_EQ(std::get<1>(a->seen[0]), 7);
  EXPECT_TRUE(other->seen.empty());
}

TEST(LocalHub, UnsubscribeAndExpiredSubscribersGetNothing) {
  bus::LocalHub hub;
  auto kept = std::make_shared<Recorder>();
  auto left = std::make_shared<Recorder>();
  auto gone = std::make_shared<Recorder>();
  hub.subscribe(1, kept);
  hub.subscribe(1, left);
  hub.subscribe(1, gone);
  hub.unsubscribe(1, left.get());
  gone.reset();
  hub.publish(1, 1, frame("x"));
  EXPECT_EQ(kept->seen.size(), 1u);
  EXPECT_TRUE(left->seen.empty());
  EXPECT_EQ(hub.subscriber_count(1), 2u);  // the expired one is pruned on the next subscribe
  hub.subscribe(1, std::make_shared<Recorder>());
  EXPECT_EQ(hub.subscriber_count(1), 2u);
}

TEST(LocalHub, ConcurrentSubscribeAndPublishIsSafe) {
  bus::LocalHub hub;
  auto steady = std::make_shared<Recorder>();
  hub.subscribe(1, steady);
  std::thread churn([&] {
    for (int i = 0; i < 2000; ++i) {
      auto transient = std::make_shared<Recorder>();
      hub.subscribe(1, transient);
      hub.unsubscribe(1, transient.get());
    }
  });
  for (int seq = 1; seq <= 2000; ++seq) hub.publish(1, seq, frame("e"));
  churn.join();
  ASSERT_EQ(steady->seen.size(), 2000u);
  for (int i = 0; i < 2000; ++i) EXPECT_EQ(std::get<1>(steady->seen[i]), i + 1);
}
