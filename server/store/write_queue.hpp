// Group commit, LevelDB's way: callers queue commands; one writer thread takes everything queued,
// appends it in one transaction, syncs once, and hands each caller its own result.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "store/store.hpp"

namespace samrad::store {

class WriteQueue {
 public:
  using Done = std::function<void(Result<CommittedEvent>)>;

  explicit WriteQueue(Store& store, std::size_t max_batch = 256);
  ~WriteQueue();  // finishes every queued command, then stops
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // done runs on the writer thread after the batch is durable (or refused); it must not block.
  void submit(PendingCommand command, Done done);

  // Stops accepting, finishes what is queued. Idempotent; the destructor calls it.
  void stop();

 private:
  void run();

  Store& store_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<PendingCommand, Done>> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace samrad::store
