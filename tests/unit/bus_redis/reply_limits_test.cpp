// The bounded reply reader: hiredis' own reader with our limits installed refuses a long string,
// a long array and deep nesting the moment their headers or bodies are read, says why, and
// still builds ordinary replies as before.
#include "bus/redis/reply_limits.hpp"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <memory>
#include <string>

namespace samrad::bus::redis {
namespace {

struct Reader {
  explicit Reader(const ReplyLimits& limits)
      : reader(redisReaderCreate()), limits(*reader, limits) {}
  ~Reader() { redisReaderFree(reader); }
  // The reply to everything fed so far: nullptr when incomplete; throws on a refused read.
  std::unique_ptr<redisReply, void (*)(void*)> read(const std::string& bytes) {
    redisReaderFeed(reader, bytes.data(), bytes.size());
    void* reply = nullptr;
    if (redisReaderGetReply(reader, &reply) != REDIS_OK)
      throw std::runtime_error(limits.violation());
    return {static_cast<redisReply*>(reply), &freeReplyObject};
  }
  redisReader* reader;
  LimitedReader limits;
};

ReplyLimits small() {
  ReplyLimits limits;
  limits.max_bulk_bytes = 10;
  limits.max_array_elements = 3;
  limits.max_depth = 2;
  limits.max_buffered_bytes = 100;
  return limits;
}

TEST(ReplyLimits, OrdinaryRepliesAreBuiltAsBefore) {
  Reader reader(small());
  auto reply = reader.read("*2\r\n$5\r\nhello\r\n*1\r\n:42\r\n");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->type, REDIS_REPLY_ARRAY);
  ASSERT_EQ(reply->elements, 2u);
  EXPECT_EQ(std::string(reply->element[0]->str, reply->element[0]->len), "hello");
  EXPECT_EQ(reply->element[1]->element[0]->integer, 42);
  EXPECT_EQ(reader.read("+PONG\r\n")->type, REDIS_REPLY_STATUS);
  EXPECT_EQ(reader.read("$-1\r\n")->type, REDIS_REPLY_NIL);
  EXPECT_TRUE(reader.limits.violation().empty());
}

TEST(ReplyLimits, ALongStringIsRefused) {
  Reader reader(small());
  EXPECT_THROW(
      {
        try {
          reader.read("$11\r\nhello world\r\n");
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "a string of 11 bytes (limit 10)");
          throw;
        }
      },
      std::runtime_error);
}

TEST(ReplyLimits, ALongArrayIsRefusedAtItsHeader) {
  Reader reader(small());
  // Only the header: the elements need never arrive.
  EXPECT_THROW(reader.read("*2000000000\r\n"), std::runtime_error);
  EXPECT_EQ(reader.limits.violation(), "an array of 2000000000 elements (limit 3)");
}

TEST(ReplyLimits, DeepNestingIsRefused) {
  Reader reader(small());
  EXPECT_TRUE(reader.read("*1\r\n*1\r\n:1\r\n"));
  EXPECT_THROW(reader.read("*1\r\n*1\r\n*1\r\n:1\r\n"), std::runtime_error);
  EXPECT_EQ(reader.limits.violation(), "arrays nested deeper than 2 levels");
}

TEST(ReplyLimits, NestingIsCappedAtWhatHiredisCanRead) {
  ReplyLimits limits;
  limits.max_depth = 100;
  Reader reader(limits);
  std::string nested;
  for (int i = 0; i < 8; ++i) nested += "*1\r\n";
  EXPECT_THROW(reader.read(nested + ":1\r\n"), std::runtime_error);
  EXPECT_EQ(reader.limits.violation(), "arrays nested deeper than 7 levels");
}

TEST(ReplyLimits, AnIncompleteReplyPastTheBufferLimitIsNoticed) {
  ReplyLimits limits = small();
  limits.max_bulk_bytes = 1000;
  Reader reader(limits);
  EXPECT_FALSE(reader.read("$1000\r\n" + std::string(50, 'x')));
  EXPECT_FALSE(reader.limits.over_buffer_limit());
  EXPECT_FALSE(reader.read(std::string(60, 'x')));
  EXPECT_TRUE(reader.limits.over_buffer_limit());
  EXPECT_NE(reader.limits.violation().find("an incomplete reply past 100 bytes"),
            std::string::npos);
}

}  // namespace
}  // namespace samrad::bus::redis
