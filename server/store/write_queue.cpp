// The single writer thread behind group commit: everything queued while one batch commits goes
// into the next batch, so many posts share one transaction and one sync.
#include "store/write_queue.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace samrad::store {

WriteQueue::WriteQueue(Store& store, std::size_t max_batch)
    : store_(store), max_batch_(std::max<std::size_t>(1, max_batch)), writer_([this] { run(); }) {}

WriteQueue::~WriteQueue() {
  stop();
}

void WriteQueue::submit(PendingCommand command, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.emplace_back(std::move(command), std::move(done));
      wake_.notify_one();
      return;
    }
  }
  done(domain::make_error(domain::ErrorCode::storage_failed, "The server is shutting down"));
}

void WriteQueue::stop() {
  std::thread writer;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    // Only the first caller takes the thread to join; the writer drains the queue before it
    // leaves run().
    writer = std::move(writer_);
  }
  wake_.notify_one();
  if (writer.joinable()) writer.join();
}

void WriteQueue::run() {
  std::vector<PendingCommand> commands;
  std::vector<Done> callbacks;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been answered
      const auto count = std::min(max_batch_, queue_.size());
      for (std::size_t i = 0; i < count; ++i) {
        commands.push_back(std::move(queue_.front().first));
        callbacks.push_back(std::move(queue_.front().second));
        queue_.pop_front();
      }
    }

    std::vector<Result<CommittedEvent>> results;
    try {
      results = store_.append(commands);
    } catch (const std::exception& e) {
      // A store that throws has broken its contract; answer everyone rather than leave them
      // waiting forever.
      results.assign(commands.size(),
                     domain::make_error(domain::ErrorCode::internal,
                                        std::string("Internal error in the store: ") + e.what()));
    }
    if (results.size() != commands.size()) {
      results.assign(commands.size(),
                     domain::make_error(domain::ErrorCode::internal,
                                        "Internal error: the store answered the wrong number of "
                                        "commands"));
    }
    for (std::size_t i = 0; i < callbacks.size(); ++i) callbacks[i](std::move(results[i]));
    commands.clear();
    callbacks.clear();
  }
}

}  // namespace samrad::store
