// Limits on Redis replies inside hiredis' reader (see reply_limits.hpp).
#include "bus/redis/reply_limits.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>

namespace samrad::bus::redis {

namespace {

// Every reader gets the same table; which limits apply comes from the reader's privdata,
// which hiredis copies into each read task.
redisReplyObjectFunctions limited_functions;

LimitedReader& owner(const redisReadTask* task) {
  return *static_cast<LimitedReader*>(task->privdata);
}

}  // namespace

LimitedReader::LimitedReader(redisReader& reader, const ReplyLimits& limits)
    : reader_(reader), limits_(limits), defaults_(reader.fn) {
  limits_.max_depth = std::clamp(limits_.max_depth, 1, 7);
  static const bool table_filled = [] {
    limited_functions.createString = &LimitedReader::create_string;
    limited_functions.createArray = &LimitedReader::create_array;
    limited_functions.createInteger = &LimitedReader::create_integer;
    limited_functions.createNil = &LimitedReader::create_nil;
    limited_functions.freeObject = &LimitedReader::free_object;
    return true;
  }();
  (void)table_filled;
  reader_.fn = &limited_functions;
  reader_.privdata = this;
  // Past this much spare room an emptied buffer is given back rather than kept for reuse.
  reader_.maxbuf = 64 * 1024;
}

bool LimitedReader::over_buffer_limit() {
  if (reader_.len - reader_.pos <= limits_.max_buffered_bytes) return false;
  violation_ = "an incomplete reply past " + std::to_string(limits_.max_buffered_bytes) + " bytes";
  return true;
}

int LimitedReader::depth(const redisReadTask* task) {
  int levels = 0;
  for (auto* parent = task->parent; parent; parent = parent->parent) ++levels;
  return levels;
}

// Returning null makes hiredis fail the read (as out of memory), which drops the connection.
void* LimitedReader::create_string(const redisReadTask* task, char* text, std::size_t length) {
  auto& self = owner(task);
  if (length > self.limits_.max_bulk_bytes) {
    self.violation_ = "a string of " + std::to_string(length) + " bytes (limit " +
                      std::to_string(self.limits_.max_bulk_bytes) + ")";
    return nullptr;
  }
  return self.defaults_->createString(task, text, length);
}

void* LimitedReader::create_array(const redisReadTask* task, int elements) {
  auto& self = owner(task);
  if (elements < 0 || static_cast<std::size_t>(elements) > self.limits_.max_array_elements) {
    self.violation_ = "an array of " + std::to_string(elements) + " elements (limit " +
                      std::to_string(self.limits_.max_array_elements) + ")";
    return nullptr;
  }
  if (depth(task) + 1 > self.limits_.max_depth) {
    self.violation_ =
        "arrays nested deeper than " + std::to_string(self.limits_.max_depth) + " levels";
    return nullptr;
  }
  return self.defaults_->createArray(task, elements);
}

void* LimitedReader::create_integer(const redisReadTask* task, long long value) {
  return owner(task).defaults_->createInteger(task, value);
}

void* LimitedReader::create_nil(const redisReadTask* task) {
  return owner(task).defaults_->createNil(task);
}

void LimitedReader::free_object(void* object) {
  freeReplyObject(object);
}

}  // namespace samrad::bus::redis
