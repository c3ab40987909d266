// The token bucket behind the WebSocket request limits.
#include <gtest/gtest.h>

#include "net/token_bucket.hpp"

using samrad::net::RateLimit;
using samrad::net::TokenBucket;

TEST(TokenBucket, ABurstAtOnceThenTheRate) {
  TokenBucket bucket(RateLimit{.per_second = 10, .burst = 5}, 0);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bucket.take(0), 0) << i;
  EXPECT_EQ(bucket.take(0), 100) << "one token every 100 ms";
  EXPECT_EQ(bucket.take(40), 60);
  EXPECT_EQ(bucket.take(100), 0);
  EXPECT_EQ(bucket.take(100), 100);
  // A long quiet spell fills it to the burst, not beyond.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bucket.take(60'000), 0) << i;
  EXPECT_GT(bucket.take(60'000), 0);
}

TEST(TokenBucket, RefusedRequestsDoNotCostTokens) {
  TokenBucket bucket(RateLimit{.per_second = 1, .burst = 1}, 0);
  EXPECT_EQ(bucket.take(0), 0);
  for (int i = 0; i < 100; ++i) EXPECT_GT(bucket.take(500), 0);
  EXPECT_EQ(bucket.take(1000), 0);
}

TEST(TokenBucket, AGivenBackTokenCanBeTakenAgainButNeverPastTheBurst) {
  TokenBucket bucket(RateLimit{.per_second = 1, .burst = 2}, 0);
  EXPECT_EQ(bucket.take(0), 0);
  EXPECT_EQ(bucket.take(0), 0);
  EXPECT_GT(bucket.take(0), 0);
  bucket.give_back();
  EXPECT_EQ(bucket.take(0), 0);
  bucket.give_back();
  bucket.give_back();
  bucket.give_back();
  EXPECT_EQ(bucket.take(0), 0);
  EXPECT_EQ(bucket.take(0), 0);
  EXPECT_GT(bucket.take(0), 0);
}

TEST(TokenBucket, AClockThatStepsBackNeitherAddsNorRemovesTokens) {
  TokenBucket bucket(RateLimit{.per_second = 10, .burst = 1}, 1000);
  EXPECT_EQ(bucket.take(1000), 0);
  EXPECT_EQ(bucket.take(500), 100);
  EXPECT_EQ(bucket.take(1100), 0);
}
