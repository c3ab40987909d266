// Bounds on what a Redis server may send us, enforced inside hiredis' reply reader, so that a
// misbehaving or hostile server cannot make us allocate without limit: a violation fails the
// read, and the connection is dropped (and re-established) with the reason logged.
#pragma once

#include <cstddef>
#include <string>

struct redisReader;
struct redisReadTask;
struct redisReplyObjectFunctions;

namespace samrad::bus::redis {

struct ReplyLimits {
  // Longest bulk string accepted (an envelope is one: the frame plus about 60 bytes).
  std::size_t max_bulk_bytes = 16 * 1024 * 1024;
  // Most elements in one array (CLUSTER SLOTS answers with one per slot range).
  std::size_t max_array_elements = 65536;
  // Deepest nesting of arrays (CLUSTER SLOTS needs 4). hiredis 0.14's reader refuses more than
  // 7 by itself (a fixed stack of 9 read tasks), so larger values act as 7.
  int max_depth = 4;
  // Unparsed bytes the reader may hold: hiredis buffers a bulk string whole before handing it
  // over, so this is what really bounds memory; checked after every read of at most 16 KiB.
  std::size_t max_buffered_bytes = 16 * 1024 * 1024 + 64 * 1024;
};

// Installed on one reader; must outlive it. The reader's own default functions build the
// replies (hiredis' async layer expects its redisReply), these only refuse first.
class LimitedReader {
 public:
  LimitedReader(redisReader& reader, const ReplyLimits& limits);
  LimitedReader(const LimitedReader&) = delete;
  LimitedReader& operator=(const LimitedReader&) = delete;

  // Why the last read failed, when it was one of these limits; empty otherwise.
  const std::string& violation() const { return violation_; }
  // Checked by the connection after each read: a reply still incomplete past the buffer limit.
  bool over_buffer_limit();

 private:
  static void* create_string(const redisReadTask* task, char* text, std::size_t length);
  static void* create_array(const redisReadTask* task, int elements);
  static void* create_integer(const redisReadTask* task, long long value);
  static void* create_nil(const redisReadTask* task);
  static void free_object(void* object);
  static int depth(const redisReadTask* task);

  redisReader& reader_;
  ReplyLimits limits_;
  const redisReplyObjectFunctions* defaults_;
  std::string violation_;
};

}  // namespace samrad::bus::redis
