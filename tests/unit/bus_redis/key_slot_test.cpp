// Cluster key slots as Redis computes them (values from the Redis Cluster specification and
// CLUSTER KEYSLOT; the cluster test also compares against a running cluster).
#include "bus/redis/key_slot.hpp"

#include <gtest/gtest.h>

namespace samrad::bus::redis {
namespace {

TEST(KeySlot, MatchesRedisForPlainKeys) {
  EXPECT_EQ(key_slot("foo"), 12182);
  EXPECT_EQ(key_slot("bar"), 5061);
  EXPECT_EQ(key_slot("somekey"), 11058);
  EXPECT_EQ(key_slot("123456789"), 0x31C3 % 16384);  // CRC-16/XMODEM check value
}

TEST(KeySlot, HashesOnlyTheHashTag) {
  EXPECT_EQ(key_slot("{user1000}.following"), key_slot("user1000"));
  EXPECT_EQ(key_slot("a{round:7}"), key_slot("b{round:7}z"));
  // An empty tag does not count, and only the first '{' opens one.
  EXPECT_EQ(key_slot("foo{}{bar}"), key_slot(std::string_view("foo{}{bar}")));
  EXPECT_NE(key_slot("foo{}{bar}"), key_slot("bar"));
  EXPECT_EQ(key_slot("foo{{bar}}zap"), key_slot("{bar"));
  EXPECT_EQ(key_slot("foo{bar}{zap}"), key_slot("bar"));
  EXPECT_EQ(key_slot("foo{"), key_slot(std::string_view("foo{")));
}

}  // namespace
}  // namespace samrad::bus::redis
