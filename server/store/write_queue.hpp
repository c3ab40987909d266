// Group commit, LevelDB's way: callers queue units of work; one writer thread takes what is
// queued (bounded by count and bytes), runs it in one transaction, syncs once, answers each
// caller, and then hands the committed batch on for fan-out elsewhere.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.hpp"

namespace samrad::store {

struct BatchLimits {
  std::size_t max_units = 256;
  // Sum of the sizes callers declare; a single unit larger than this still forms a batch alone.
  std::size_t max_bytes = 4 * 1024 * 1024;
};

class WriteQueue {
 public:
  // Runs once the unit's batch is durable (or refused), where the batch is answered (see
  // answer_through); must not block.
  using Done = std::function<void(Appended)>;
  // Runs once per committed batch that appended events, after its units are answered and in the
  // same place, with the events in commit order. It must only hand them on, not do the fan-out.
  using Committed = std::function<void(std::vector<domain::Event>)>;
  // Runs a batch's answers (its units' Done, then Committed) somewhere else, in the order the
  // batches were given.
  using AnswerThrough = std::function<void(std::function<void()> answers)>;
  // Runs on the writer thread once per committed batch that appended events, before its units
  // are answered: for what must be true before any caller hears of the commit. Must not block.
  using Committing = std::function<void(const std::vector<domain::Event>&)>;

  WriteQueue(Store& store, Committed committed, BatchLimits limits = {},
             Committing committing = nullptr);
  ~WriteQueue();  // finishes every queued unit, then stops
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // bytes: roughly what the unit writes (its text), for the batch's byte bound.
  void submit(Work work, std::size_t bytes, Done done);

  // Where committed batches are answered from now on. By default (and after a null one) on the
  // writer thread. The network layer answers on its I/O threads: one hand-off per batch, where
  // a hand-off per unit woke a connection's thread for each (about one context switch a post).
  // Once this returns, nothing more goes to the previous place. `where` is called under the
  // queue's lock: it must only hand the answers on.
  void answer_through(AnswerThrough where);

  // Stops accepting, finishes what is queued and hands its answers on. Idempotent; the
  // destructor calls it.
  void stop();

 private:
  struct Queued {
    Work work;
    std::size_t bytes;
    Done done;
  };

  void run();
  std::vector<Appended> write(const std::vector<Work>& batch);

  Store& store_;
  Committed committed_;
  BatchLimits limits_;
  Committing committing_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  AnswerThrough answer_through_;
  std::thread writer_;
};

}  // namespace samrad::store
