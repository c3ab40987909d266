// The delivery inbox with an interval, its I/O thread run step by step by the test: a batch after
// a quiet interval is handed on at once, later ones wait for the interval and then reach each
// receiver together, the rest of a batch whose first deliveries were handed on never waits (the
// fan-out thread may still be handing it to other connections when the lane drains), and a
// lane rests after a long hand-out, as long as that one hand-out took.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "net/delivery_inbox.hpp"

namespace samrad::net {
namespace {

using namespace std::chrono_literals;

struct Recorder final : DeliveryInbox::Receiver {
  void receive(Batches batches) override { handed.emplace_back(batches.begin(), batches.end()); }
  std::vector<std::vector<bus::Batch>> handed;  // one entry per receive()
};

bus::Batch batch_of(domain::Seq seq) {
  return std::make_shared<const std::vector<bus::EncodedEvent>>(std::vector<bus::EncodedEvent>{
      {.stream = {1, domain::StreamKind::main}, .seq = seq, .frame = nullptr, .access_after = {}}});
}

class DeliveryInboxTest : public ::testing::Test {
 protected:
  static constexpr auto interval = 200ms;
  asio::io_context io;
  DeliveryInbox inbox{io, 1, interval};
  std::shared_ptr<Recorder> anna = std::make_shared<Recorder>();
  std::shared_ptr<Recorder> erik = std::make_shared<Recorder>();

  // Runs what is ready now, without waiting for a timer.
  void run_ready() {
    io.restart();
    io.poll();
  }
  // Runs until nothing is left, timers included.
  void run_all() {
    io.restart();
    io.run();
  }
};

TEST_F(DeliveryInboxTest, ABatchAfterAQuietIntervalIsHandedOnAtOnce) {
  const auto first = batch_of(1);
  inbox.deliver(anna, first);
  inbox.deliver(erik, first);
  run_ready();
  ASSERT_EQ(anna->handed.size(), 1u);
  ASSERT_EQ(erik->handed.size(), 1u);
  EXPECT_EQ(anna->handed[0], std::vector<bus::Batch>{first});
}

TEST_F(DeliveryInboxTest, TheRestOfABatchAlreadyBegunIsNotHeldWhileLaterBatchesAre) {
  const auto first = batch_of(1);
  inbox.deliver(anna, first);
  run_ready();  // the lane drains Anna's delivery before the fan-out reaches Erik
  ASSERT_EQ(anna->handed.size(), 1u);

  inbox.deliver(erik, first);
  run_ready();
  ASSERT_EQ(erik->handed.size(), 1u) << "Erik's copy of the same batch waited for the interval";

  // A new batch inside the interval waits, and the next one with it.
  const auto second = batch_of(2);
  const auto third = batch_of(3);
  inbox.deliver(anna, second);
  inbox.deliver(erik, second);
  run_ready();
  inbox.deliver(anna, third);
  run_ready();
  EXPECT_EQ(anna->handed.size(), 1u);
  EXPECT_EQ(erik->handed.size(), 1u);

  const auto before = std::chrono::steady_clock::now();
  run_all();
  EXPECT_GE(std::chrono::steady_clock::now() - before, interval / 2);
  ASSERT_EQ(anna->handed.size(), 2u);
  EXPECT_EQ(anna->handed[1], (std::vector<bus::Batch>{second, third}));  // one hand-off, in order
  ASSERT_EQ(erik->handed.size(), 2u);
  EXPECT_EQ(erik->handed[1], std::vector<bus::Batch>{second});
}

TEST_F(DeliveryInboxTest, ABatchAfterTheIntervalHasPassedGoesAtOnceAgain) {
  inbox.deliver(anna, batch_of(1));
  run_ready();
  std::this_thread::sleep_for(interval + 50ms);
  inbox.deliver(anna, batch_of(2));
  run_ready();
  EXPECT_EQ(anna->handed.size(), 2u);
}

// A receiver that takes long, as ten thousand connections' writes do together.
struct SlowRecorder final : DeliveryInbox::Receiver {
  void receive(Batches batches) override {
    std::this_thread::sleep_for(300ms);
    handed.emplace_back(batches.begin(), batches.end());
  }
  std::vector<std::vector<bus::Batch>> handed;
};

TEST_F(DeliveryInboxTest, AfterALongHandOutTheLaneRestsAsLongBeforeTheNext) {
  const auto slow = std::make_shared<SlowRecorder>();
  inbox.deliver(slow, batch_of(1));
  run_ready();
  ASSERT_EQ(slow->handed.size(), 1u);
  const auto handed_out = std::chrono::steady_clock::now();

  // The interval since that drain began is over, but the lane rests for as long as it took.
  const auto second = batch_of(2);
  inbox.deliver(anna, second);
  run_ready();
  EXPECT_EQ(anna->handed.size(), 0u);

  run_all();
  EXPECT_GE(std::chrono::steady_clock::now() - handed_out, 250ms);
  ASSERT_EQ(anna->handed.size(), 1u);
  EXPECT_EQ(anna->handed[0], std::vector<bus::Batch>{second});
}

// A receiver that, while it takes its batch, sees the next batch begin: as when the fan-out
// thread, still handing each batch to the lane's other connections, begins the next one, so
// that every drain begins with the rest of the batch the last one began.
struct ChainingRecorder final : DeliveryInbox::Receiver {
  ChainingRecorder(DeliveryInbox& inbox, std::shared_ptr<Recorder> other, domain::Seq last)
      : inbox(inbox), other(std::move(other)), last(last) {}
  void receive(Batches batches) override {
    std::this_thread::sleep_for(100ms);
    const auto seq = batches.back()->front().seq;
    handed.emplace_back(batches.begin(), batches.end());
    inbox.deliver(other, batches.back());  // the rest of this batch
    if (seq < last) inbox.deliver(self.lock(), batch_of(seq + 1));
  }
  DeliveryInbox& inbox;
  std::shared_ptr<Recorder> other;
  domain::Seq last;
  std::weak_ptr<ChainingRecorder> self;
  std::vector<std::vector<bus::Batch>> handed;
};

TEST_F(DeliveryInboxTest, TheRestFollowsOneHandOutNotAChainOfThem) {
  const auto chaining = std::make_shared<ChainingRecorder>(inbox, erik, 8);
  chaining->self = chaining;
  inbox.deliver(chaining, batch_of(1));
  run_ready();  // each drain continues a batch the last one began: none waits
  ASSERT_EQ(chaining->handed.size(), 8u);
  ASSERT_EQ(erik->handed.size(), 8u);

  // The chain's 0.8 s of hand-outs were eight hand-outs of 0.1 s: a new batch waits for the
  // interval, not for a rest as long as the chain.
  inbox.deliver(anna, batch_of(100));
  std::this_thread::sleep_for(interval + 100ms);
  run_ready();
  EXPECT_EQ(anna->handed.size(), 1u);
}

TEST(DeliveryInbox, WithoutAnIntervalEveryBatchIsHandedOnAtOnce) {
  asio::io_context io;
  DeliveryInbox inbox{io, 2, 0ms};
  auto anna = std::make_shared<Recorder>();
  for (domain::Seq seq = 1; seq <= 3; ++seq) {
    inbox.deliver(anna, batch_of(seq));
    io.restart();
    io.poll();
    EXPECT_EQ(anna->handed.size(), static_cast<std::size_t>(seq));
  }
}

// This thread delivering as the fan-out thread does while two I/O threads drain: each receiver
// gets every batch once, in order, whatever the interleaving (run under ThreadSanitizer too).
TEST(DeliveryInbox, DeliveriesFromAnotherThreadReachEveryReceiverOnceInOrder) {
  constexpr domain::Seq batches = 400;
  for (const auto interval : {0ms, 1ms}) {
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    DeliveryInbox inbox{io, 2, interval};
    std::vector<std::shared_ptr<Recorder>> receivers;
    for (int i = 0; i < 50; ++i) receivers.push_back(std::make_shared<Recorder>());
    std::vector<std::thread> io_threads;
    for (int i = 0; i < 2; ++i) io_threads.emplace_back([&io] { io.run(); });
    for (domain::Seq seq = 1; seq <= batches; ++seq) {
      const auto batch = batch_of(seq);
      for (const auto& receiver : receivers) inbox.deliver(receiver, batch);
    }
    work.reset();  // the threads return once every lane has drained
    for (auto& thread : io_threads) thread.join();
    for (const auto& receiver : receivers) {
      std::vector<domain::Seq> seqs;
      for (const auto& handed : receiver->handed) {
        for (const auto& batch : handed) seqs.push_back(batch->front().seq);
      }
      ASSERT_EQ(seqs.size(), static_cast<std::size_t>(batches)) << interval.count() << " ms";
      for (std::size_t i = 0; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], i + 1);
    }
  }
}

}  // namespace
}  // namespace samrad::net
