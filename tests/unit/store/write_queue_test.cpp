// Group commit through the WriteQueue on a real SqliteStore: concurrent submitters all get acks
// with distinct gapless seqs, commands queued during a commit share the next batch, and stop()
// answers everything queued before it returns.
#include "store/write_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <numeric>
#include <thread>

#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using namespace std::chrono_literals;

// The real store underneath; this only records how the queue batched its calls and can hold a
// batch back (a slow disk) so that the test controls what is queued meanwhile.
class RecordingStore final : public Store {
 public:
  explicit RecordingStore(Store& inner) : inner_(inner) {}

  std::vector<Result<CommittedEvent>> append(std::span<const PendingCommand> batch) override {
    {
      std::unique_lock lock(mutex_);
      batch_sizes_.push_back(batch.size());
      in_append_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return !held_; });
    }
    std::this_thread::sleep_for(delay_);
    auto results = inner_.append(batch);
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

  Result<std::vector<CommittedEvent>> events_after(domain::RoundId round, domain::Seq after,
                                                   std::size_t limit) override {
    return inner_.events_after(round, after, limit);
  }
  Result<std::optional<domain::RoundAccess>> round_access(domain::RoundId round) override {
    return inner_.round_access(round);
  }
  Result<std::vector<domain::RoundSummary>> rounds_visible_to(
      const domain::Person& person) override {
    return inner_.rounds_visible_to(person);
  }
  Result<domain::OrganisationId> create_organisation(const std::string& name,
                                                     domain::OrganisationKind kind) override {
    return inner_.create_organisation(name, kind);
  }
  Result<domain::PersonId> create_person(const NewPerson& person) override {
    return inner_.create_person(person);
  }
  Result<std::optional<Login>> find_login(const std::string& email) override {
    return inner_.find_login(email);
  }
  Status create_session(const std::string& token_hash, domain::PersonId person,
                        domain::Timestamp expires_at) override {
    return inner_.create_session(token_hash, person, expires_at);
  }
  Result<std::optional<Session>> find_session(const std::string& token_hash,
                                              domain::Timestamp now) override {
    return inner_.find_session(token_hash, now);
  }
  Status delete_session(const std::string& token_hash) override {
    return inner_.delete_session(token_hash);
  }
  Result<std::int64_t> delete_expired_sessions(domain::Timestamp now) override {
    return inner_.delete_expired_sessions(now);
  }
  Result<bool> is_empty() override { return inner_.is_empty(); }

 private:
  Store& inner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::size_t> batch_sizes_;
  bool held_ = false;
  bool in_append_ = false;
  std::chrono::milliseconds delay_{0};
};

class WriteQueueTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    round = open_round({malmo.id});
    thread = add_thread(round);
  }

  PendingCommand post(const std::string& body, const domain::Person& actor) {
    return PendingCommand{.actor = actor, .now = 1, .command = post_in(round, thread, body)};
  }

  // Submits and returns a future for the answer.
  std::future<Result<CommittedEvent>> submit(WriteQueue& queue, PendingCommand command) {
    auto promise = std::make_shared<std::promise<Result<CommittedEvent>>>();
    auto future = promise->get_future();
    queue.submit(std::move(command), [promise](Result<CommittedEvent> result) {
      promise->set_value(std::move(result));
    });
    return future;
  }

  domain::RoundId round = 0;
  domain::ThreadId thread = 0;
};

TEST_F(WriteQueueTest, ConcurrentSubmittersAreAllAckedWithDistinctGaplessSeqs) {
  RecordingStore recording(store());
  recording.set_delay(3ms);  // a slow sync, so submitters pile up behind each commit
  constexpr std::size_t threads = 8;
  constexpr std::size_t posts_each = 25;
  std::vector<std::vector<domain::Seq>> seqs(threads);
  {
    WriteQueue queue(recording);
    std::vector<std::thread> submitters;
    submitters.reserve(threads);
    for (std::size_t t = 0; t < threads; ++t) {
      submitters.emplace_back([&, t] {
        for (std::size_t i = 0; i < posts_each; ++i) {
          // Like a client: wait for the ack before sending the next post.
          auto result = submit(queue, post("Inlägg", representative)).get();
          ASSERT_TRUE(result.ok()) << result.error().message;
          seqs[t].push_back(result->seq);
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

  const auto sizes = recording.batch_sizes();
  EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), std::size_t{0}), threads * posts_each);
  EXPECT_GT(*std::max_element(sizes.begin(), sizes.end()), 1u) << "no batch had more than one";
  EXPECT_LT(sizes.size(), threads * posts_each);
  EXPECT_EQ(store().events_after(round, 0, 1000)->size(), threads * posts_each + 2);
}

TEST_F(WriteQueueTest, CommandsQueuedDuringACommitShareTheNextBatchUpToMaxBatch) {
  RecordingStore recording(store());
  recording.hold();
  WriteQueue queue(recording, 4);
  std::vector<std::future<Result<CommittedEvent>>> answers;
  answers.push_back(submit(queue, post("Först", representative)));
  recording.wait_until_in_append();
  for (int i = 0; i < 10; ++i) answers.push_back(submit(queue, post("Sedan", representative)));
  recording.release();

  for (std::size_t i = 0; i < answers.size(); ++i) {
    auto result = answers[i].get();
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->seq, static_cast<domain::Seq>(3 + i)) << "queue order is commit order";
  }
  EXPECT_EQ(recording.batch_sizes(), (std::vector<std::size_t>{1, 4, 4, 2}));
}

TEST_F(WriteQueueTest, EachCommandGetsItsOwnAnswerInABatch) {
  RecordingStore recording(store());
  recording.hold();
  WriteQueue queue(recording);
  auto first = submit(queue, post("Först", representative));
  recording.wait_until_in_append();
  auto allowed = submit(queue, post("Tillåtet", representative));
  auto refused = submit(queue, post("Observatör", observer));
  auto blank = submit(queue, post(" ", representative));
  auto also_allowed = submit(queue, post("Också tillåtet", representative));
  recording.release();

  EXPECT_EQ(first.get()->seq, 3);
  EXPECT_EQ(allowed.get()->seq, 4);
  EXPECT_EQ(refused.get().error().code, domain::ErrorCode::forbidden);
  EXPECT_EQ(blank.get().error().code, domain::ErrorCode::bad_request);
  EXPECT_EQ(also_allowed.get()->seq, 5);
  EXPECT_EQ(recording.batch_sizes(), (std::vector<std::size_t>{1, 4}));
}

TEST_F(WriteQueueTest, StopAnswersEverythingQueuedThenRefusesNewWork) {
  RecordingStore recording(store());
  recording.hold();
  WriteQueue queue(recording);
  std::atomic<int> acked = 0;
  for (int i = 0; i < 20; ++i) {
    queue.submit(post("Före stopp", representative), [&](const Result<CommittedEvent>& result) {
      if (result.ok()) ++acked;
    });
  }
  recording.wait_until_in_append();
  std::thread stopper([&] { queue.stop(); });
  std::this_thread::sleep_for(20ms);  // let stop() begin while a batch is in flight
  recording.release();
  stopper.join();
  EXPECT_EQ(acked, 20) << "stop() returned before every queued command was answered";
  EXPECT_EQ(store().events_after(round, 0, 1000)->size(), 22u);

  std::optional<Result<CommittedEvent>> late;
  queue.submit(post("Efter stopp", representative),
               [&](Result<CommittedEvent> result) { late = std::move(result); });
  ASSERT_TRUE(late.has_value()) << "refused at once, on the caller's thread";
  ASSERT_FALSE(late->ok());
  EXPECT_EQ(late->error().code, domain::ErrorCode::storage_failed);
  queue.stop();  // idempotent
  EXPECT_EQ(store().events_after(round, 0, 1000)->size(), 22u);
}

TEST_F(WriteQueueTest, DestructorFinishesQueuedCommands) {
  std::atomic<int> acked = 0;
  {
    WriteQueue queue(store());
    for (int i = 0; i < 10; ++i) {
      queue.submit(post("Inlägg", representative), [&](const Result<CommittedEvent>& result) {
        if (result.ok()) ++acked;
      });
    }
  }
  EXPECT_EQ(acked, 10);
  EXPECT_EQ(store().events_after(round, 0, 1000)->size(), 12u);
}

TEST_F(WriteQueueTest, AFailedCommitFailsTheWholeBatchThroughTheQueue) {
  close();
  std::atomic<bool> fail = true;
  open(SqliteOptions{.fail_commit = [&] { return fail.load(); }});
  RecordingStore recording(store());
  recording.hold();
  WriteQueue queue(recording);
  auto first = submit(queue, post("Först", representative));
  recording.wait_until_in_append();
  auto second = submit(queue, post("Andra", representative));
  auto third = submit(queue, post("Tredje", representative));
  recording.release();
  for (auto* answer : {&first, &second, &third}) {
    EXPECT_EQ(answer->get().error().code, domain::ErrorCode::storage_failed);
  }
  fail = false;
  EXPECT_EQ(submit(queue, post("Igen", representative)).get()->seq, 3);
}

}  // namespace
}  // namespace samrad::store::testing
