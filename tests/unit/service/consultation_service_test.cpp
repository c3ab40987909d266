// The application service with a real SQLite store and the real local hub: every read path
// answers even when the store throws, reads are authorised by the caller's session and the
// domain's visibility rules, and commit and fan-out are separate (a subscriber that blocks the
// fan-out does not hold back the next commit).
#include "service/consultation_service.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>

#include "../store/forwarding_store.hpp"
#include "bus/local_hub.hpp"
#include "protocol/codec.hpp"
#include "service/command_handler.hpp"
#include "service/subscriptions.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace samrad::service::testing {
namespace {

using namespace std::chrono_literals;
using domain::ErrorCode;
using domain::Phase;
using domain::StreamKind;

// The real store underneath; reads throw while `throwing` is set, like a store with a broken
// invariant.
class ThrowingReads final : public store::testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  std::atomic<bool> throwing = false;

  Result<std::optional<store::StreamPage>> read_stream(const domain::StreamId& stream,
                                                       domain::Seq after,
                                                       std::size_t limit) override {
    if (throwing) throw std::runtime_error("a stored event that cannot be read");
    return inner_.read_stream(stream, after, limit);
  }
  Result<std::vector<store::RoundListing>> list_rounds() override {
    if (throwing) throw std::runtime_error("a round that cannot be read");
    return inner_.list_rounds();
  }
};

// Waits for a service callback's answer.
template <class T>
struct Answer {
  std::shared_ptr<std::promise<Result<T>>> promise = std::make_shared<std::promise<Result<T>>>();
  std::future<Result<T>> future = promise->get_future();
  Callback<T> callback() {
    return [promise = promise](Result<T> result) { promise->set_value(std::move(result)); };
  }
  Result<T> get() {
    if (future.wait_for(10s) != std::future_status::ready) {
      ADD_FAILURE() << "no answer within 10 s";
      return domain::make_error(ErrorCode::internal, "no answer");
    }
    return future.get();
  }
};

class ConsultationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "samrad-service-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    sqlite_ = std::make_unique<store::SqliteStore>((dir_ / "samrad.db").string());
    store_ = std::make_unique<ThrowingReads>(*sqlite_);
    const domain::Organisation ministry{
        *sqlite_->create_organisation("Socialdepartementet", domain::OrganisationKind::ministry),
        "Socialdepartementet", domain::OrganisationKind::ministry};
    const domain::Organisation malmo{
        *sqlite_->create_organisation("Malmö stad", domain::OrganisationKind::municipality),
        "Malmö stad", domain::OrganisationKind::municipality};
    secretariat = person("Sara", domain::Role::secretariat, ministry);
    anna = person("Anna", domain::Role::representative, malmo);
    ida = person("Ida", domain::Role::representative, ministry);
    open_round =
        seed(secretariat, domain::CreateRound{"Öppen", "", Phase::open, {malmo.id}}).stream.round;
    draft =
        seed(secretariat, domain::CreateRound{"Utkast", "", Phase::draft, {malmo.id}}).stream.round;
    thread = std::get<domain::ThreadCreated>(
                 seed(secretariat, domain::CreateThread{open_round, "Fråga"}).data)
                 .thread;
    service_ = std::make_unique<ConsultationService>(*store_, hub_, ServiceOptions{});
  }

  void TearDown() override {
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

  domain::Event seed(const domain::Person& actor, domain::Command command) {
    const store::Work work = [&](store::WriteTransaction& tx) {
      return carry_out(tx, Caller{actor, std::nullopt}, 1'800'000'000'000, command);
    };
    return sqlite_->write(std::span(&work, 1)).at(0)->front();
  }

  // A caller with a live login session.
  Caller logged_in(const domain::Person& who) {
    const std::string hash = "session-of-" + std::to_string(who.id);
    EXPECT_TRUE(sqlite_->create_session(hash, who.id, now_ms() + 3'600'000).ok());
    return Caller{who, hash};
  }

  std::vector<domain::RoundId> visible_to(const domain::Person& who) {
    Answer<std::vector<domain::RoundSummary>> answer;
    service_->list_rounds(Caller{who, std::nullopt}, answer.callback());
    auto rounds = answer.get();
    std::vector<domain::RoundId> ids;
    if (rounds) {
      for (const auto& round : *rounds) ids.push_back(round.id);
    }
    return ids;
  }

  Result<FramePage> read(const Caller& caller, domain::StreamId stream, domain::Seq after = 0) {
    Answer<FramePage> answer;
    service_->read_stream(caller, stream, after, answer.callback());
    return answer.get();
  }

  bus::LocalHub hub_;
  std::unique_ptr<ConsultationService> service_;
  std::unique_ptr<ThrowingReads> store_;
  domain::Person secretariat, anna, ida;
  domain::RoundId open_round = 0, draft = 0;
  domain::ThreadId thread = 0;

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> sqlite_;
};

TEST_F(ConsultationServiceTest, AReadThatThrowsIsAnsweredWithInternal) {
  store_->throwing = true;
  const auto page = read(Caller{anna, std::nullopt}, {open_round, StreamKind::main});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code, ErrorCode::internal);
  Answer<std::vector<domain::RoundSummary>> rounds;
  service_->list_rounds(Caller{anna, std::nullopt}, rounds.callback());
  EXPECT_EQ(rounds.get().error().code, ErrorCode::internal);
  store_->throwing = false;
  EXPECT_TRUE(read(Caller{anna, std::nullopt}, {open_round, StreamKind::main}).ok())
      << "the pool goes on serving";
}

// What a subscription sees when its store read throws: an answer, not silence.
class RecordingSink final : public SubscriptionsSink {
 public:
  bool has_room_for_replay(std::size_t) const override { return true; }
  void send(const bus::Frame&) override {}
  void read_page(ReadTicket ticket, const domain::StreamId& stream, domain::Seq after) override {
    reads.push_back({ticket, stream, after});
  }
  void subscribed(RequestId id, const domain::StreamId&, domain::Seq) override {
    answers.push_back("subscribed " + std::to_string(id));
  }
  void unsubscribed(RequestId id, const domain::StreamId&) override {
    answers.push_back("unsubscribed " + std::to_string(id));
  }
  void refused(RequestId id, const domain::Error& error) override {
    answers.push_back("refused " + std::to_string(id) + " " +
                      std::string(domain::to_string(error.code)));
  }
  void failed(const domain::Error& error) override {
    answers.push_back("failed " + std::string(domain::to_string(error.code)));
  }
  struct Read {
    ReadTicket ticket;
    domain::StreamId stream;
    domain::Seq after;
  };
  std::vector<Read> reads;
  std::vector<std::string> answers;
};

TEST_F(ConsultationServiceTest, ASubscriptionWhoseReadThrowsIsRefusedNotLeftReading) {
  RecordingSink sink;
  Subscriptions subscriptions(hub_, {}, sink, 8);
  subscriptions.subscribe(12, {open_round, StreamKind::main}, 0);
  ASSERT_EQ(sink.reads.size(), 1u);
  store_->throwing = true;
  const auto& read_request = sink.reads[0];
  subscriptions.on_page(read_request.ticket,
                        read(Caller{anna, std::nullopt}, read_request.stream, read_request.after));
  EXPECT_EQ(sink.answers, (std::vector<std::string>{"refused 12 internal"}));
  EXPECT_EQ(subscriptions.size(), 0u);
  EXPECT_EQ(hub_.subscriber_count({open_round, StreamKind::main}), 0u);
}

TEST_F(ConsultationServiceTest, ListingFollowsTheOneVisibilityRule) {
  EXPECT_EQ(visible_to(secretariat), (std::vector<domain::RoundId>{draft, open_round}));
  EXPECT_EQ(visible_to(anna), (std::vector<domain::RoundId>{open_round})) << "no drafts";
  EXPECT_TRUE(visible_to(ida).empty()) << "not invited";
}

TEST_F(ConsultationServiceTest, StreamReadsAreAuthorisedAndEncodedOnce) {
  const auto page = read(Caller{anna, std::nullopt}, {open_round, StreamKind::main});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->head_seq, 2);
  ASSERT_EQ(page->events.size(), 2u);
  EXPECT_NE(page->events[1].frame->find("\"kind\":\"thread_created\""), std::string::npos);

  const auto uninvited = read(Caller{ida, std::nullopt}, {open_round, StreamKind::main});
  EXPECT_EQ(uninvited.error().code, ErrorCode::not_found);
  const auto draft_round = read(Caller{anna, std::nullopt}, {draft, StreamKind::main});
  EXPECT_EQ(draft_round.error().code, ErrorCode::not_found);
  const auto missing = read(Caller{anna, std::nullopt}, {open_round + 100, StreamKind::main});
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  const auto own_side =
      read(Caller{anna, std::nullopt}, {open_round, StreamKind::municipal_preparation});
  ASSERT_TRUE(own_side.ok());
  EXPECT_EQ(own_side->head_seq, 0);
  const auto other_side =
      read(Caller{anna, std::nullopt}, {open_round, StreamKind::state_preparation});
  EXPECT_EQ(other_side.error().code, ErrorCode::not_found);
  const auto secretariat_reads =
      read(Caller{secretariat, std::nullopt}, {open_round, StreamKind::municipal_preparation});
  EXPECT_EQ(secretariat_reads.error().code, ErrorCode::not_found);
}

TEST_F(ConsultationServiceTest, NothingIsDoneForACallerWhoseSessionEnded) {
  const Caller ended{anna, "a-session-that-was-logged-out"};
  EXPECT_EQ(read(ended, {open_round, StreamKind::main}).error().code, ErrorCode::unauthenticated);
  Answer<std::vector<domain::RoundSummary>> rounds;
  service_->list_rounds(ended, rounds.callback());
  EXPECT_EQ(rounds.get().error().code, ErrorCode::unauthenticated);
  Answer<std::vector<domain::Event>> posted;
  service_->submit(ended, domain::CreatePost{open_round, thread, std::nullopt, "Efter utloggning"},
                   posted.callback());
  EXPECT_EQ(posted.get().error().code, ErrorCode::unauthenticated);
  Answer<domain::Ok> checked;
  service_->check_session(ended, checked.callback());
  EXPECT_EQ(checked.get().error().code, ErrorCode::unauthenticated);

  const auto live = logged_in(anna);
  EXPECT_TRUE(read(live, {open_round, StreamKind::main}).ok());
  Answer<domain::Ok> live_check;
  service_->check_session(live, live_check.callback());
  EXPECT_TRUE(live_check.get().ok());
}

// Blocks the fan-out thread in deliver() until released, and records the batches.
class BlockingSubscriber final : public bus::Subscriber {
 public:
  void deliver(const bus::Batch& batch) override {
    std::unique_lock lock(mutex_);
    batches_.push_back(batch);
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  std::vector<bus::Batch> wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, 10s, [&] { return batches_.size() >= count; });
    return batches_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bus::Batch> batches_;
  bool released_ = false;
};

TEST_F(ConsultationServiceTest, AFanOutThatBlocksDoesNotHoldBackTheNextCommit) {
  auto subscriber = std::make_shared<BlockingSubscriber>();
  auto membership = hub_.subscribe({open_round, StreamKind::main}, subscriber);
  const auto author = logged_in(anna);
  std::vector<domain::Event> acked;
  for (const char* body : {"Första", "Andra", "Tredje"}) {
    Answer<std::vector<domain::Event>> answer;
    service_->submit(author, domain::CreatePost{open_round, thread, std::nullopt, body},
                     answer.callback());
    auto result = answer.get();  // acknowledged although the first fan-out is still blocked
    ASSERT_TRUE(result.ok()) << result.error().message;
    acked.push_back(result->front());
  }
  EXPECT_EQ(subscriber->wait_for(1).size(), 1u) << "the fan-out thread is held in deliver()";
  subscriber->release();
  const auto batches = subscriber->wait_for(3);
  std::vector<bus::EncodedEvent> delivered;
  for (const auto& batch : batches) delivered.insert(delivered.end(), batch->begin(), batch->end());
  ASSERT_EQ(delivered.size(), acked.size());
  for (std::size_t i = 0; i < acked.size(); ++i) {
    EXPECT_EQ(delivered[i].seq, acked[i].seq) << "commit order";
    EXPECT_EQ(*delivered[i].frame, protocol::encode_event(acked[i])) << "encoded once, as replayed";
  }
}

}  // namespace
}  // namespace samrad::service::testing
