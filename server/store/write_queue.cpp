// The single writer thread behind group commit: everything queued while one batch commits goes
// into the next batch, so many posts share one transaction and one sync.
#include "store/write_queue.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

namespace samrad::store {

WriteQueue::WriteQueue(Store& store, Committed committed, BatchLimits limits, Committing committing)
    : store_(store),
      committed_(std::move(committed)),
      limits_{std::max<std::size_t>(1, limits.max_units), limits.max_bytes},
      committing_(std::move(committing)),
      writer_([this] { run(); }) {}

WriteQueue::~WriteQueue() {
  stop();
}

void WriteQueue::submit(Work work, std::size_t bytes, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(Queued{std::move(work), bytes, std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(domain::make_error(domain::ErrorCode::storage_failed, "The server is shutting down"));
}

void WriteQueue::answer_through(AnswerThrough where) {
  std::lock_guard lock(mutex_);
  answer_through_ = std::move(where);
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

std::vector<Appended> WriteQueue::write(const std::vector<Work>& batch) {
  std::vector<Appended> results;
  try {
    results = store_.write(batch);
  } catch (const std::exception& e) {
    // A store that throws has broken its contract; answer everyone rather than leave them
    // waiting forever.
    results.assign(batch.size(),
                   domain::make_error(domain::ErrorCode::internal,
                                      std::string("Internal error in the store: ") + e.what()));
  }
  if (results.size() != batch.size()) {
    results.assign(batch.size(), domain::make_error(domain::ErrorCode::internal,
                                                    "Internal error: the store answered the "
                                                    "wrong number of units"));
  }
  return results;
}

void WriteQueue::run() {
  std::vector<Work> batch;
  std::vector<Done> callbacks;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been answered
      std::size_t bytes = 0;
      while (!queue_.empty() && batch.size() < limits_.max_units &&
             (batch.empty() || bytes + queue_.front().bytes <= limits_.max_bytes)) {
        bytes += queue_.front().bytes;
        batch.push_back(std::move(queue_.front().work));
        callbacks.push_back(std::move(queue_.front().done));
        queue_.pop_front();
      }
    }

    auto results = write(batch);
    std::vector<domain::Event> committed;
    for (const auto& result : results) {
      if (result) committed.insert(committed.end(), result->begin(), result->end());
    }
    if (!committed.empty() && committing_) committing_(committed);
    // Acknowledge first (every answer is after the commit), then hand the batch on.
    auto answers = [callbacks = std::exchange(callbacks, {}), results = std::move(results),
                    committed = std::move(committed), hand_on = committed_]() mutable {
      for (std::size_t i = 0; i < callbacks.size(); ++i) callbacks[i](std::move(results[i]));
      if (!committed.empty() && hand_on) hand_on(std::move(committed));
    };
    batch.clear();
    // Handed on under the lock: once answer_through(nullptr) returns, nothing more is handed to
    // the previous place, so its owner can run what it was given and let go.
    std::unique_lock lock(mutex_);
    if (answer_through_) {
      answer_through_(std::move(answers));
      continue;
    }
    lock.unlock();
    answers();
  }
}

}  // namespace samrad::store
