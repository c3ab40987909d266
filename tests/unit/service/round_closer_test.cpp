// RoundCloser with a real SQLite store, the real service and local hub, and a clock the test
// moves by hand (ServiceOptions::clock): only open rounds whose closing time has come are
// closed, each exactly once however often it looks while a close is under way, never one closed
// by hand meanwhile, and the close is an automatic phase change by the person who set the time.
#include "service/round_closer.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "../store/forwarding_store.hpp"
#include "bus/local_hub.hpp"
#include "bus/local_presence.hpp"
#include "service/consultation_service.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace samrad::service::testing {
namespace {

using namespace std::chrono_literals;
using domain::ErrorCode;
using domain::Phase;
using domain::StreamKind;

constexpr domain::Timestamp start = 1'800'000'000'000;

// The real store; writes can be held at the door (a slow disk), so that a close stays under way
// while the test looks again; due-round lookups are counted.
class HoldingStore final : public store::testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;

  std::vector<store::Appended> write(std::span<const store::Work> batch) override {
    {
      std::unique_lock lock(mutex_);
      ++writes_waiting_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return !held_; });
      --writes_waiting_;
    }
    return inner_.write(batch);
  }
  Result<std::vector<store::DueRound>> rounds_due_to_close(domain::Timestamp now) override {
    ++due_lookups;
    return inner_.rounds_due_to_close(now);
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
  // Until a batch waits at the door.
  bool wait_for_held_write() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 10s, [&] { return writes_waiting_ > 0; });
  }

  std::atomic<int> due_lookups = 0;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;
  int writes_waiting_ = 0;
};

// Records what the bus delivers for the streams it follows.
class Recorder final : public bus::Subscriber {
 public:
  void deliver(const bus::Batch& batch) override {
    std::lock_guard lock(mutex_);
    for (const auto& event : *batch) events_.push_back(event);
    changed_.notify_all();
  }
  // The event with this seq, once delivered (the schedule's own fan-out may come first).
  std::optional<bus::EncodedEvent> wait_for(domain::Seq seq) {
    std::unique_lock lock(mutex_);
    std::optional<bus::EncodedEvent> found;
    changed_.wait_for(lock, 10s, [&] {
      for (const auto& event : events_) {
        if (event.seq == seq) found = event;
      }
      return found.has_value();
    });
    return found;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bus::EncodedEvent> events_;
};

class RoundCloserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "samrad-closer-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    sqlite_ = std::make_unique<store::SqliteStore>((dir_ / "samrad.db").string());
    store_ = std::make_unique<HoldingStore>(*sqlite_);
    const domain::Organisation ministry{
        *sqlite_->create_organisation("Finansdepartementet", domain::OrganisationKind::ministry),
        "Finansdepartementet", domain::OrganisationKind::ministry};
    malmo = {*sqlite_->create_organisation("Malmö stad", domain::OrganisationKind::municipality),
             "Malmö stad", domain::OrganisationKind::municipality};
    sara = person("Sara", domain::Role::secretariat, ministry);
    adam = person("Adam", domain::Role::admin, ministry);
    anna = person("Anna", domain::Role::representative, malmo);
    ServiceOptions options;
    options.clock = [this] { return clock.load(); };
    service_ = std::make_unique<ConsultationService>(*store_, hub_, presence_, options);
    closer_ = std::make_unique<RoundCloser>(*store_, *service_, 5ms);
  }

  void TearDown() override {
    store_->release();
    closer_->stop();
    service_->stop();  // answers every close under way while the closer is still there
    closer_.reset();
    service_.reset();
    store_.reset();
    sqlite_.reset();
    std::filesystem::remove_all(dir_);
  }

  domain::Person person(const std::string& name, domain::Role role,
                        const domain::Organisation& organisation) {
    const auto id =
        sqlite_->create_person({name, name + "@example.se", role, organisation.id, "x"});
    return {*id, name, name + "@example.se", role, organisation};
  }

  Result<std::vector<domain::Event>> submit(const domain::Person& actor, domain::Command command) {
    auto promise = std::make_shared<std::promise<Result<std::vector<domain::Event>>>>();
    auto future = promise->get_future();
    service_->submit(Caller{actor, std::nullopt}, std::move(command), std::nullopt,
                     [promise](auto result) { promise->set_value(std::move(result)); });
    if (future.wait_for(10s) != std::future_status::ready) {
      ADD_FAILURE() << "no answer within 10 s";
      return domain::make_error(ErrorCode::internal, "no answer");
    }
    return future.get();
  }

  // An open round inviting Malmö, closing at closes_at (if any), created by Sara.
  domain::RoundId open_round(std::optional<domain::Timestamp> closes_at,
                             Phase phase = Phase::open) {
    const auto created = submit(sara, domain::CreateRound{.title = "Runda",
                                                          .proposal = "",
                                                          .phase = phase,
                                                          .invited = {malmo.id},
                                                          .kind = domain::RoundKind::plenary,
                                                          .sectors = {},
                                                          .opens_at = std::nullopt,
                                                          .closes_at = closes_at,
                                                          .agenda = {}});
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() ? created->front().stream.round : 0;
  }

  Phase phase_of(domain::RoundId round) {
    const auto page = sqlite_->read_stream({round, StreamKind::main}, 0, 0);
    EXPECT_TRUE(page.ok() && page->has_value());
    return page.ok() && page->has_value() ? (*page)->round.phase : Phase::draft;
  }

  std::vector<domain::Event> events_of(domain::RoundId round) {
    const auto page = sqlite_->read_stream({round, StreamKind::main}, 0, 1000);
    return page.ok() && page->has_value() ? (*page)->events : std::vector<domain::Event>{};
  }

  // Waits until the round is in the phase, or fails after a while.
  bool wait_for_phase(domain::RoundId round, Phase phase) {
    for (int i = 0; i < 2000; ++i) {
      if (phase_of(round) == phase) return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }

  std::atomic<domain::Timestamp> clock = start;
  domain::Organisation malmo;
  domain::Person sara, adam, anna;
  bus::LocalHub hub_;
  bus::LocalPresence presence_;
  std::unique_ptr<HoldingStore> store_;
  std::unique_ptr<ConsultationService> service_;
  std::unique_ptr<RoundCloser> closer_;

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> sqlite_;
};

TEST_F(RoundCloserTest, NothingDueNothingSubmitted) {
  EXPECT_EQ(closer_->tick(), 0u) << "no rounds at all";
  const auto later = open_round(start + 60'000);
  const auto without_time = open_round(std::nullopt);
  const auto draft = open_round(start + 1000, Phase::draft);
  const auto closed_by_hand = open_round(start + 1000);
  ASSERT_TRUE(submit(sara, domain::ChangePhase{closed_by_hand, Phase::closed}).ok());
  clock = start + 59'999;
  EXPECT_EQ(closer_->tick(), 0u);
  EXPECT_EQ(phase_of(later), Phase::open);
  EXPECT_EQ(phase_of(without_time), Phase::open);
  EXPECT_EQ(phase_of(draft), Phase::draft) << "a draft is not opened, nor closed";
  EXPECT_EQ(events_of(closed_by_hand).size(), 3u) << "round_created, schedule, closed by hand";
}

TEST_F(RoundCloserTest, ADueRoundClosesAutomaticallyByThePersonWhoSetTheTime) {
  const auto round = open_round(start + 1000);
  // Adam moves the closing time; he, not Sara who created the round, is the closing's actor.
  ASSERT_TRUE(submit(adam, domain::SetSchedule{round, std::nullopt, start + 2000}).ok());
  auto recorder = std::make_shared<Recorder>();
  const auto membership = hub_.subscribe({round, StreamKind::main}, recorder);
  clock = start + 1999;
  EXPECT_EQ(closer_->tick(), 0u);
  clock = start + 2000;  // closes_at <= now
  EXPECT_EQ(closer_->tick(), 1u);
  ASSERT_TRUE(wait_for_phase(round, Phase::closed));

  const auto events = events_of(round);
  ASSERT_EQ(events.size(), 4u);
  const auto& closing = events.back();
  const auto& changed = std::get<domain::PhaseChanged>(closing.data);
  EXPECT_EQ(changed.previous, Phase::open);
  EXPECT_EQ(changed.phase, Phase::closed);
  EXPECT_TRUE(changed.automatic);
  EXPECT_EQ(closing.actor.id, adam.id);
  EXPECT_EQ(closing.actor.role, domain::Role::admin);
  EXPECT_EQ(closing.at, start + 2000) << "the service's clock, not the system's";

  // Live, as everyone else's events: encoded once, carrying the round as it is now.
  const auto delivered = recorder->wait_for(4);
  ASSERT_TRUE(delivered);
  const auto frame = nlohmann::json::parse(delivered->frame->payload());
  EXPECT_EQ(frame.at("kind"), "phase_changed");
  EXPECT_EQ(frame.at("actor").at("id"), adam.id);
  EXPECT_EQ(frame.at("data").at("automatic"), true);
  ASSERT_TRUE(delivered->access_after);
  EXPECT_EQ(delivered->access_after->phase, Phase::closed);
  EXPECT_EQ(delivered->access_after->invited, (std::vector<domain::OrganisationId>{malmo.id}));

  // Closed rounds are not due any more.
  clock = start + 100'000;
  EXPECT_EQ(closer_->tick(), 0u);
  EXPECT_EQ(events_of(round).size(), 4u);
}

TEST_F(RoundCloserTest, ARoundIsClosedOnceHoweverOftenItLooksWhileTheCloseIsUnderWay) {
  const auto first = open_round(start + 1000);
  const auto second = open_round(start + 1500);
  clock = start + 1000;
  store_->hold();
  EXPECT_EQ(closer_->tick(), 1u);
  ASSERT_TRUE(store_->wait_for_held_write());
  clock = start + 1500;
  // The first round's close waits at the door: only the second is new.
  EXPECT_EQ(closer_->tick(), 1u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(closer_->tick(), 0u);
  store_->release();
  ASSERT_TRUE(wait_for_phase(first, Phase::closed));
  ASSERT_TRUE(wait_for_phase(second, Phase::closed));
  for (int i = 0; i < 5; ++i) closer_->tick();
  service_->stop();  // every close answered
  for (const auto round : {first, second}) {
    const auto events = events_of(round);
    ASSERT_EQ(events.size(), 3u) << "round " << round;
    EXPECT_TRUE(std::get<domain::PhaseChanged>(events.back().data).automatic);
  }
}

TEST_F(RoundCloserTest, ARoundClosedByHandMeanwhileIsNotClosedAgain) {
  const auto round = open_round(start + 1000);
  clock = start + 1000;
  store_->hold();
  // The secretariat's close is committing when the closer finds the round still open and due.
  auto by_hand = std::async(std::launch::async, [&] {
    return submit(sara, domain::ChangePhase{round, Phase::closed});
  });
  ASSERT_TRUE(store_->wait_for_held_write());
  EXPECT_EQ(closer_->tick(), 1u);
  store_->release();
  const auto closed = by_hand.get();
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  service_->stop();  // the closer's close is answered (refused: the round is no longer open)
  const auto events = events_of(round);
  ASSERT_EQ(events.size(), 3u);
  const auto& changed = std::get<domain::PhaseChanged>(events.back().data);
  EXPECT_FALSE(changed.automatic);
  EXPECT_EQ(events.back().actor.id, sara.id);
}

TEST_F(RoundCloserTest, StartedItLooksByItselfUntilStopped) {
  const auto round = open_round(start + 1000);
  closer_->start();
  closer_->start();  // once is enough
  const auto looked = store_->due_lookups.load();
  std::this_thread::sleep_for(50ms);
  EXPECT_GT(store_->due_lookups.load(), looked) << "it looks every interval";
  EXPECT_EQ(phase_of(round), Phase::open);
  clock = start + 1000;
  EXPECT_TRUE(wait_for_phase(round, Phase::closed));
  closer_->stop();
  closer_->stop();  // idempotent
  const auto stopped_at = store_->due_lookups.load();
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(store_->due_lookups.load(), stopped_at) << "nothing after stop()";
  EXPECT_EQ(events_of(round).size(), 3u);
}

}  // namespace
}  // namespace samrad::service::testing
