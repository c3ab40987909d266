// Group commit through the WriteQueue on a real SqliteStore: concurrent submitters all get acks
// with distinct gapless seqs, units queued during a commit share the next batch (bounded by
// count and bytes), each committed batch is handed on once after its acks, a failed commit hands
// nothing on and the next batch starts clean, and stop() answers everything queued.
#include "store/write_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <numeric>
#include <thread>

#include "forwarding_store.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using namespace std::chrono_literals;

// The real store underneath; this only records how the queue batched its calls and can hold a
// batch back (a slow disk) so that the test controls what is queued meanwhile.
class RecordingStore final : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;

  std::vector<Appended> write(std::span<const Work> batch) override {
    {
      std::unique_lock lock(mutex_);
      batch_sizes_.push_back(batch.size());
      in_append_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return !held_; });
    }
    std::this_thread::sleep_for(delay_);
    auto results = inner_.write(batch);
    std::lock_guard lock(mutex_);
    in_append_ = false;
    return results;
  }

  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    std::lock_guard lock(mutex_);
    held_ = false;
    changed_.notify_all();
  }
  void wait_until_in_append() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return in_append_; });
  }
  void set_delay(std::chrono::milliseconds delay) { delay_ = delay; }
  std::vector<std::size_t> batch_sizes() {
    std::lock_guard lock(mutex_);
    return batch_sizes_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::size_t> batch_sizes_;
  bool held_ = false;
  bool in_append_ = false;
  std::chrono::milliseconds delay_{0};
};

// The committed batches a queue handed on, in order.
class Handoffs {
 public:
  WriteQueue::Committed receiver() {
    return [this](std::vector<domain::Event> events) {
      std::lock_guard lock(mutex_);
      batches_.push_back(std::move(events));
    };
  }
  std::vector<std::vector<domain::Event>> batches() {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  std::vector<domain::Seq> seqs() {
    std::vector<domain::Seq> seqs;
    for (const auto& batch : batches()) {
      for (const auto& event : batch) seqs.push_back(event.seq);
    }
    return seqs;
  }

 private:
  std::mutex mutex_;
  std::vector<std::vector<domain::Event>> batches_;
};

class WriteQueueTest : public EveryStoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    round = open_round({malmo.id});
    thread = add_thread(round);
  }

  Work post(const std::string& body, const domain::Person& actor) {
    return command(actor, post_in(round, thread, body), 1);
  }

  // Submits and returns a future for the answer.
  std::future<Appended> submit(WriteQueue& queue, Work work, std::size_t bytes = 10) {
    auto promise = std::make_shared<std::promise<Appended>>();
    auto future = promise->get_future();
    queue.submit(std::move(work), bytes,
                 [promise](Appended result) { promise->set_value(std::move(result)); });
    return future;
  }

  static domain::Seq seq_of(const Appended& result) { return result ? result->at(0).seq : 0; }

  std::size_t events_in_round() { return page(round).events.size(); }

  domain::RoundId round = 0;
  domain::ThreadId thread = 0;
};

TEST_P(WriteQueueTest, ConcurrentSubmittersAreAllAckedWithDistinctGaplessSeqs) {
  RecordingStore recording(store());
  recording.set_delay(3ms);  // a slow sync, so submitters pile up behind each commit
  Handoffs handoffs;
  constexpr std::size_t threads = 8;
  constexpr std::size_t posts_each = 25;
  std::vector<std::vector<domain::Seq>> seqs(threads);
  {
    WriteQueue queue(recording, handoffs.receiver());
    std::vector<std::thread> submitters;
    submitters.reserve(threads);
    for (std::size_t t = 0; t < threads; ++t) {
      submitters.emplace_back([&, t] {
        for (std::size_t i = 0; i < posts_each; ++i) {
          // Like a client: wait for the ack before sending the next post.
          auto result = submit(queue, post("Inlägg", representative)).get();
          ASSERT_TRUE(result.ok()) << result.error().message;
          seqs[t].push_back(seq_of(result));
        }
      });
    }
    for (auto& submitter : submitters) submitter.join();
  }

  std::vector<domain::Seq> all;
  for (const auto& own : seqs) {
    EXPECT_TRUE(std::is_sorted(own.begin(), own.end())) << "one submitter's posts stay in order";
    all.insert(all.end(), own.begin(), own.end());
  }
  std::sort(all.begin(), all.end());
  std::vector<domain::Seq> expected(threads * posts_each);
  std::iota(expected.begin(), expected.end(), 3);  // after round_created (1), thread_created (2)
  EXPECT_EQ(all, expected);
  EXPECT_EQ(handoffs.seqs(), expected) << "handed on once each, in commit order";

  const auto sizes = recording.batch_sizes();
  EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), std::size_t{0}), threads * posts_each);
  EXPECT_GT(*std::max_element(sizes.begin(), sizes.end()), 1u) << "no batch had more than one";
  EXPECT_LT(sizes.size(), threads * posts_each);
  EXPECT_EQ(handoffs.batches().size(), sizes.size()) << "one hand-off per batch";
  EXPECT_EQ(events_in_round(), threads * posts_each + 2);
}

TEST_P(WriteQueueTest, UnitsQueuedDuringACommitShareTheNextBatchUpToItsCount) {
  RecordingStore recording(store());
  recording.hold();
  WriteQueue queue(recording, nullptr, BatchLimits{.max_units = 4, .max_bytes = 1 << 20});
  std::vector<std::future<Appended>> answers;
  answers.push_back(submit(queue, post("Först", representative)));
  recording.wait_until_in_append();
  for (int i = 0; i < 10; ++i) answers.push_back(submit(queue, post("Sedan", representative)));
  recording.release();

  for (std::size_t i = 0; i < answers.size(); ++i) {
    auto result = answers[i].get();
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(seq_of(result), static_cast<domain::Seq>(3 + i)) << "queue order is commit order";
  }
  EXPECT_EQ(recording.batch_sizes(), (std::vector<std::size_t>{1, 4, 4, 2}));
}

TEST_P(WriteQueueTest, ABatchIsBoundedByBytesAndAnOversizedUnitStillGoesAlone) {
  RecordingStore recording(store());
  recording.hold();
  WriteQueue queue(recording, nullptr, BatchLimits{.max_units = 100, .max_bytes = 1000});
  std::vector<std::future<Appended>> answers;
  answers.push_back(submit(queue, post("Först", representative), 10));
  recording.wait_until_in_append();
  for (const std::size_t bytes : {400, 400, 400, 5000, 300, 300}) {
    answers.push_back(submit(queue, post("Inlägg", representative), bytes));
  }
  recording.release();
  for (auto& answer : answers) ASSERT_TRUE(answer.get().ok());
  // 400+400 fit in 1000, the third 400 does not; 5000 is over the bound on its own.
  EXPECT_EQ(recording.batch_sizes(), (std::vector<std::size_t>{1, 2, 1, 1, 2}));
}

TEST_P(WriteQueueTest, EachUnitGetsItsOwnAnswerAndOnlyCommittedEventsAreHandedOn) {
  RecordingStore recording(store());
  recording.hold();
  Handoffs handoffs;
  WriteQueue queue(recording, handoffs.receiver());
  auto first = submit(queue, post("Först", representative));
  recording.wait_until_in_append();
  auto allowed = submit(queue, post("Tillåtet", representative));
  auto refused = submit(queue, post("Observatör", observer));
  auto blank = submit(queue, post(" ", representative));
  auto also_allowed = submit(queue, post("Också tillåtet", representative));
  recording.release();

  EXPECT_EQ(seq_of(first.get()), 3);
  EXPECT_EQ(seq_of(allowed.get()), 4);
  EXPECT_EQ(refused.get().error().code, domain::ErrorCode::forbidden);
  EXPECT_EQ(blank.get().error().code, domain::ErrorCode::bad_request);
  EXPECT_EQ(seq_of(also_allowed.get()), 5);
  EXPECT_EQ(recording.batch_sizes(), (std::vector<std::size_t>{1, 4}));
  queue.stop();
  const auto batches = handoffs.batches();
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].size(), 1u);
  EXPECT_EQ(batches[1].size(), 2u) << "the refused units appended nothing";
  EXPECT_EQ(handoffs.seqs(), (std::vector<domain::Seq>{3, 4, 5}));
}

TEST_P(WriteQueueTest, TheBatchIsHandedOnAfterItsUnitsAreAnswered) {
  std::atomic<bool> answered = false;
  std::atomic<bool> handed_on_before_answer = false;
  {
    WriteQueue queue(store(), [&](std::vector<domain::Event>) {
      if (!answered) handed_on_before_answer = true;
    });
    queue.submit(post("Inlägg", representative), 10, [&](Appended) { answered = true; });
  }
  EXPECT_TRUE(answered);
  EXPECT_FALSE(handed_on_before_answer);
}

// The network layer answers batches on its own threads: the writer hands each batch's answers
// over whole, in commit order, and answers on its own thread again once told so.
TEST_P(WriteQueueTest, AnswersGoWhereTheyAreSentOneJobPerBatchInCommitOrder) {
  RecordingStore recording(store());
  recording.hold();
  std::mutex mutex;
  std::vector<std::function<void()>> jobs;
  std::vector<std::string> log;
  const auto note = [&](std::string line) {
    std::lock_guard lock(mutex);
    log.push_back(std::move(line));
  };
  WriteQueue queue(recording, [&](std::vector<domain::Event> events) {
    note("handed on " + std::to_string(events.size()));
  });
  queue.answer_through([&](std::function<void()> job) {
    std::lock_guard lock(mutex);
    jobs.push_back(std::move(job));
  });
  const auto answer = [&](std::string name) {
    return [&, name](const Appended& result) {
      note(name + (result ? " seq " + std::to_string(seq_of(result)) : " refused"));
    };
  };
  queue.submit(post("Först", representative), 10, answer("first"));
  recording.wait_until_in_append();
  queue.submit(post("Andra", representative), 10, answer("second"));
  queue.submit(post("Tredje", representative), 10, answer("third"));
  recording.release();
  // Both batches committed and handed over, nothing answered yet.
  const auto handed_over = [&] {
    std::lock_guard lock(mutex);
    return jobs.size();
  };
  for (int i = 0; i < 1000 && handed_over() < 2; ++i) std::this_thread::sleep_for(2ms);
  std::vector<std::function<void()>> handed;
  {
    std::lock_guard lock(mutex);
    handed = std::move(jobs);
    EXPECT_TRUE(log.empty()) << "answered on the writer thread";
  }
  ASSERT_EQ(handed.size(), 2u) << "one job per batch";
  for (auto& job : handed) job();
  EXPECT_EQ(log, (std::vector<std::string>{"first seq 3", "handed on 1", "second seq 4",
                                           "third seq 5", "handed on 2"}));

  // Back on the writer thread: answered before stop() returns, nothing handed over.
  queue.answer_through(nullptr);
  queue.submit(post("Fjärde", representative), 10, answer("fourth"));
  queue.stop();
  std::lock_guard lock(mutex);
  EXPECT_TRUE(jobs.empty());
  EXPECT_EQ(log.back(), "handed on 1");
  EXPECT_EQ(log.at(log.size() - 2), "fourth seq 6");
}

TEST_P(WriteQueueTest, StopAnswersEverythingQueuedThenRefusesNewWork) {
  RecordingStore recording(store());
  recording.hold();
  WriteQueue queue(recording, nullptr);
  std::atomic<int> acked = 0;
  for (int i = 0; i < 20; ++i) {
    queue.submit(post("Före stopp", representative), 10, [&](const Appended& result) {
      if (result.ok()) ++acked;
    });
  }
  recording.wait_until_in_append();
  std::thread stopper([&] { queue.stop(); });
  std::this_thread::sleep_for(20ms);  // let stop() begin while a batch is in flight
  recording.release();
  stopper.join();
  EXPECT_EQ(acked, 20) << "stop() returned before every queued unit was answered";
  EXPECT_EQ(events_in_round(), 22u);

  std::optional<Appended> late;
  queue.submit(post("Efter stopp", representative), 10,
               [&](Appended result) { late = std::move(result); });
  ASSERT_TRUE(late.has_value()) << "refused at once, on the caller's thread";
  ASSERT_FALSE(late->ok());
  EXPECT_EQ(late->error().code, domain::ErrorCode::storage_failed);
  queue.stop();  // idempotent
  EXPECT_EQ(events_in_round(), 22u);
}

TEST_P(WriteQueueTest, DestructorFinishesQueuedUnits) {
  std::atomic<int> acked = 0;
  {
    WriteQueue queue(store(), nullptr);
    for (int i = 0; i < 10; ++i) {
      queue.submit(post("Inlägg", representative), 10, [&](const Appended& result) {
        if (result.ok()) ++acked;
      });
    }
  }
  EXPECT_EQ(acked, 10);
  EXPECT_EQ(events_in_round(), 12u);
}

TEST_P(WriteQueueTest, AFailedCommitFailsTheWholeBatchHandsNothingOnAndTheNextStartsClean) {
  close();
  std::atomic<bool> fail = true;
  open(StoreOptions{.fail_commit = [&] { return fail.load(); }});
  RecordingStore recording(store());
  recording.hold();
  Handoffs handoffs;
  WriteQueue queue(recording, handoffs.receiver());
  auto first = submit(queue, post("Först", representative));
  recording.wait_until_in_append();
  auto second = submit(queue, post("Andra", representative));
  auto third = submit(queue, post("Tredje", representative));
  recording.release();
  for (auto* answer : {&first, &second, &third}) {
    EXPECT_EQ(answer->get().error().code, domain::ErrorCode::storage_failed);
  }
  EXPECT_TRUE(handoffs.batches().empty()) << "nothing of a failed batch reaches the bus";
  fail = false;
  const auto again = submit(queue, post("Igen", representative)).get();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(seq_of(again), 3) << "the failed batch took no seq";
  EXPECT_EQ(std::get<domain::PostCreated>(again->at(0).data).body, "Igen");
  queue.stop();
  EXPECT_EQ(handoffs.seqs(), (std::vector<domain::Seq>{3}));
  EXPECT_EQ(events_in_round(), 3u);
}

INSTANTIATE_EVERY_STORE(WriteQueueTest);

}  // namespace
}  // namespace samrad::store::testing
