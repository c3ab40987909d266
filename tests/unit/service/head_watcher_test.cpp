// The head watcher against a real store (SQLite and PostgreSQL) and the local hub: an event
// committed elsewhere and never published here (pub/sub lost it) is announced to the stream's
// subscribers with its seq, once; what the bus already handed is not announced again; and once
// started it looks by itself.
#include "service/head_watcher.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "bus/local_hub.hpp"
#include "postgres_process.hpp"
#include "service/command_handler.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace samrad::service {
namespace {

using namespace std::chrono_literals;

class Recorder final : public bus::Subscriber {
 public:
  void deliver(const bus::Batch& batch) override {
    std::lock_guard lock(mutex_);
    for (const auto& event : *batch) seen_.push_back(event);
    changed_.notify_all();
  }
  std::vector<bus::EncodedEvent> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  bool wait_for(std::size_t count, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return seen_.size() >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bus::EncodedEvent> seen_;
};

enum class Backend { sqlite, postgres };

class HeadWatcherTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::sqlite) {
      std::string pattern =
          (std::filesystem::temp_directory_path() / "samrad-heads-XXXXXX").string();
      ASSERT_NE(mkdtemp(pattern.data()), nullptr);
      dir_ = pattern;
      store_ = std::make_unique<store::SqliteStore>((dir_ / "samrad.db").string());
    } else {
      store_ = std::make_unique<store::PostgresStore>(
          store::PostgresOptions{.conninfo = testing::shared_postgres().create_database()});
    }
    const domain::Organisation ministry{
        *store_->create_organisation("Finansdepartementet", domain::OrganisationKind::ministry),
        "Finansdepartementet", domain::OrganisationKind::ministry};
    sara = {*store_->create_person(
                {"Sara", "sara@example.se", domain::Role::secretariat, ministry.id, "x"}),
            "Sara", "sara@example.se", domain::Role::secretariat, ministry};
    round = commit(domain::CreateRound{.title = "Runda",
                                       .proposal = "Förslag",
                                       .phase = domain::Phase::open,
                                       .invited = {},
                                       .kind = domain::RoundKind::plenary,
                                       .sectors = {},
                                       .opens_at = std::nullopt,
                                       .closes_at = std::nullopt,
                                       .agenda = {}})
                .stream.round;
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Commits through the store alone, as another instance would: nothing reaches this hub.
  domain::Event commit(domain::Command command) {
    const store::Work work = [&](store::WriteTransaction& tx) {
      return carry_out(tx, Caller{sara, std::nullopt}, 1'790'000'000'000, command,
                       {.log_origin = "test.example/log"});
    };
    auto results = store_->write(std::span(&work, 1));
    EXPECT_TRUE(results.at(0).ok());
    return results.at(0).ok() ? results[0]->back() : domain::Event{};
  }

  domain::Event thread(const std::string& title) {
    return commit(domain::CreateThread{.round = round, .title = title});
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqlStore> store_;
  domain::Person sara;
  domain::RoundId round = 0;
  bus::LocalHub hub;
};

TEST_P(HeadWatcherTest, WhatPubSubLostIsAnnouncedOnceWithTheStoresHead) {
  auto recorder = std::make_shared<Recorder>();
  const auto subscription = hub.subscribe({round, domain::StreamKind::main}, recorder);
  HeadWatcher watcher(*store_, hub, 1h);
  thread("Finansiering");
  const auto latest = thread("Tidplan");
  ASSERT_TRUE(watcher.check());
  ASSERT_EQ(recorder->seen().size(), 1u);
  EXPECT_EQ(recorder->seen()[0].seq, latest.seq);
  EXPECT_EQ(recorder->seen()[0].frame, nullptr);
  ASSERT_TRUE(watcher.check());
  EXPECT_EQ(recorder->seen().size(), 1u) << "an announced head is not announced again";
}

TEST_P(HeadWatcherTest, WhatTheBusHandedIsNotAnnounced) {
  auto recorder = std::make_shared<Recorder>();
  const auto subscription = hub.subscribe({round, domain::StreamKind::main}, recorder);
  HeadWatcher watcher(*store_, hub, 1h);
  const auto event = thread("Finansiering");
  hub.publish(std::make_shared<const std::vector<bus::EncodedEvent>>(std::vector<bus::EncodedEvent>{
      {event.stream, event.seq, bus::WireFrame::text("{}"), nullptr}}));
  ASSERT_TRUE(watcher.check());
  EXPECT_EQ(recorder->seen().size(), 1u);
  EXPECT_NE(recorder->seen()[0].frame, nullptr);
}

TEST_P(HeadWatcherTest, StreamsNobodyFollowsHereAreNotAskedAbout) {
  HeadWatcher watcher(*store_, hub, 1h);
  thread("Finansiering");
  EXPECT_TRUE(watcher.check());
  EXPECT_TRUE(hub.local_heads().empty());
}

TEST_P(HeadWatcherTest, StartedItLooksByItselfUntilStopped) {
  auto recorder = std::make_shared<Recorder>();
  const auto subscription = hub.subscribe({round, domain::StreamKind::main}, recorder);
  HeadWatcher watcher(*store_, hub, 20ms);
  watcher.start();
  ASSERT_TRUE(recorder->wait_for(1, 5s));  // the round's creation
  const auto later = thread("Finansiering");
  ASSERT_TRUE(recorder->wait_for(2, 5s));
  EXPECT_EQ(recorder->seen().back().seq, later.seq);
  watcher.stop();
  thread("Tidplan");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(recorder->seen().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(EveryStore, HeadWatcherTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const auto& info) {
                           return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
                         });

}  // namespace
}  // namespace samrad::service
