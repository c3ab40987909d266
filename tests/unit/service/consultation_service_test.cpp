// The application service with a real SQLite store and the real local hub: every read path
// answers even when the store throws, reads are authorised by the caller's session and the
// domain's visibility rules, and commit and fan-out are separate (a subscriber that blocks the
// fan-out does not hold back the next commit).
#include "service/consultation_service.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "../store/forwarding_store.hpp"
#include "bus/local_hub.hpp"
#include "bus/local_presence.hpp"
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
  Result<std::vector<domain::Organisation>> list_organisations() override {
    if (throwing) throw std::runtime_error("an organisation that cannot be read");
    return inner_.list_organisations();
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
    malmo = {*sqlite_->create_organisation("Malmö stad", domain::OrganisationKind::municipality),
             "Malmö stad", domain::OrganisationKind::municipality};
    secretariat = person("Sara", domain::Role::secretariat, ministry);
    anna = person("Anna", domain::Role::representative, malmo);
    ida = person("Ida", domain::Role::representative, ministry);
    open_round = seed(secretariat, new_round("Öppen", Phase::open, {malmo.id})).stream.round;
    draft = seed(secretariat, new_round("Utkast", Phase::draft, {malmo.id})).stream.round;
    thread = std::get<domain::ThreadCreated>(
                 seed(secretariat, domain::CreateThread{open_round, "Fråga"}).data)
                 .thread;
    service_ = std::make_unique<ConsultationService>(*store_, hub_, presence_, ServiceOptions{});
  }

  void TearDown() override {
    service_.reset();
    store_.reset();
    sqlite_.reset();
    std::filesystem::remove_all(dir_);
  }

  domain::Organisation organisation(const std::string& name, domain::OrganisationKind kind) {
    return {*sqlite_->create_organisation(name, kind), name, kind};
  }

  domain::Person person(const std::string& name, domain::Role role,
                        const domain::Organisation& organisation) {
    const auto id =
        sqlite_->create_person({name, name + "@example.se", role, organisation.id, "x"});
    return {*id, name, name + "@example.se", role, organisation};
  }

  static domain::CreateRound new_round(std::string title, Phase phase,
                                       std::vector<domain::OrganisationId> invited) {
    return {.title = std::move(title),
            .proposal = "",
            .phase = phase,
            .invited = std::move(invited),
            .kind = domain::RoundKind::plenary,
            .sectors = {},
            .opens_at = std::nullopt,
            .closes_at = std::nullopt,
            .agenda = {}};
  }

  domain::Event seed(const domain::Person& actor, domain::Command command) {
    const store::Work work = [&](store::WriteTransaction& tx) {
      return carry_out(tx, Caller{actor, std::nullopt}, 1'800'000'000'000, command,
                       {.log_origin = "test.example/log"});
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
  bus::LocalPresence presence_;
  std::unique_ptr<ConsultationService> service_;
  std::unique_ptr<ThrowingReads> store_;
  domain::Organisation malmo;
  domain::Person secretariat, anna, ida;
  domain::RoundId open_round = 0, draft = 0;
  domain::ThreadId thread = 0;

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> sqlite_;
};

TEST_F(ConsultationServiceTest, PresenceListsWhoMaySeeTheRoundByName) {
  const auto unknown_person = anna.id + 1000;
  for (const auto id : {secretariat.id, anna.id, ida.id, unknown_person}) {
    presence_.enter(open_round, id);
  }
  presence_.enter(draft, anna.id);
  const auto list = [&](const domain::Person& who, domain::RoundId round) {
    Answer<std::vector<domain::Person>> answer;
    service_->list_presence(Caller{who, std::nullopt}, round, answer.callback());
    return answer.get();
  };
  const auto present = list(anna, open_round);
  ASSERT_TRUE(present) << present.error().message;
  // Ida's ministry is not invited (a stale entry from another instance): she is left out, and
  // so is an id that names nobody.
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& person : *present) names.emplace_back(person.name, person.organisation.name);
  EXPECT_EQ(names, (std::vector<std::pair<std::string, std::string>>{
                       {"Anna", "Malmö stad"}, {"Sara", "Socialdepartementet"}}));

  const auto refused = list(ida, open_round);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::not_found);
  const auto missing = list(secretariat, 424242);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  presence_.leave(open_round, anna.id);
  const auto after = list(secretariat, open_round);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().id, secretariat.id);
}

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
  void subscribed(RequestId id, const domain::StreamId&, domain::Seq, const std::string&) override {
    answers.push_back("subscribed " + std::to_string(id));
  }
  void unsubscribed(RequestId id, const domain::StreamId&) override {
    answers.push_back("unsubscribed " + std::to_string(id));
  }
  void refused(RequestId id, const domain::Error& error) override {
    answers.push_back("refused " + std::to_string(id) + " " +
                      std::string(domain::to_string(error.code)));
  }
  void ended(const domain::StreamId&, std::string_view reason) override {
    answers.push_back("ended " + std::string(reason));
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
  Subscriptions subscriptions(hub_, presence_, {}, sink, 8, anna);
  subscriptions.subscribe(12, {open_round, StreamKind::main}, {0});
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
  EXPECT_EQ(visible_to(anna), (std::vector<domain::RoundId>{draft, open_round}))
      << "a draft is listed for the invited";
  EXPECT_TRUE(visible_to(ida).empty()) << "not invited, to the draft nor the open round";
}

TEST_F(ConsultationServiceTest, StreamReadsAreAuthorisedAndEncodedOnce) {
  const auto page = read(Caller{anna, std::nullopt}, {open_round, StreamKind::main});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->head_seq, 2);
  ASSERT_EQ(page->events.size(), 2u);
  EXPECT_NE(page->events[1].frame->payload().find("\"kind\":\"thread_created\""),
            std::string::npos);

  const auto uninvited = read(Caller{ida, std::nullopt}, {open_round, StreamKind::main});
  EXPECT_EQ(uninvited.error().code, ErrorCode::not_found);
  const auto draft_round = read(Caller{anna, std::nullopt}, {draft, StreamKind::main});
  ASSERT_TRUE(draft_round.ok()) << "the invited read a draft";
  EXPECT_EQ(draft_round->head_seq, 1);
  const auto uninvited_draft = read(Caller{ida, std::nullopt}, {draft, StreamKind::main});
  EXPECT_EQ(uninvited_draft.error().code, ErrorCode::not_found);
  const auto draft_other_side =
      read(Caller{anna, std::nullopt}, {draft, StreamKind::state_preparation});
  EXPECT_EQ(draft_other_side.error().code, ErrorCode::not_found);
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
                   std::nullopt, posted.callback());
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
                     std::nullopt, answer.callback());
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
    EXPECT_EQ(delivered[i].frame->payload(), protocol::encode_event(acked[i]))
        << "encoded once, as replayed";
  }
}

// --- safe retries ---

TEST_F(ConsultationServiceTest, ACommandSentAgainWithItsKeyIsCarriedOutOnceAndAnsweredAlike) {
  const auto author = logged_in(anna);
  const auto before = read(author, {open_round, StreamKind::main});
  ASSERT_TRUE(before.ok());
  const CommandKey key{"a1b2", "fingerprint-1"};
  auto post = [&](const CommandKey& with) {
    Answer<std::vector<domain::Event>> answer;
    service_->submit(author, domain::CreatePost{open_round, thread, std::nullopt, "En gång"}, with,
                     answer.callback());
    return answer.get();
  };
  // Two hundred sends of the same request, back to back: one post.
  std::vector<Answer<std::vector<domain::Event>>> answers(200);
  for (auto& answer : answers) {
    service_->submit(author, domain::CreatePost{open_round, thread, std::nullopt, "En gång"}, key,
                     answer.callback());
  }
  std::set<domain::Seq> seqs;
  std::set<domain::PostId> posts;
  for (auto& answer : answers) {
    auto result = answer.get();
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->size(), 1u);
    seqs.insert(result->front().seq);
    posts.insert(std::get<domain::PostCreated>(result->front().data).post);
  }
  EXPECT_EQ(seqs.size(), 1u);
  EXPECT_EQ(posts.size(), 1u);
  // Asked of the store: the service's replay cache learns of a commit on the fan-out thread,
  // after the answers, so a read through the service may not show it yet.
  const auto after = store_->read_stream({open_round, StreamKind::main}, before->head_seq, 10);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->head_seq, before->head_seq + 1) << "one event appended";

  // The same key with another request is a conflict, and does nothing.
  Answer<std::vector<domain::Event>> other;
  service_->submit(author, domain::CreatePost{open_round, thread, std::nullopt, "Något annat"},
                   CommandKey{"a1b2", "fingerprint-2"}, other.callback());
  EXPECT_EQ(other.get().error().code, ErrorCode::conflict);
  // Keys are each person's own: Sara's "a1b2" is hers.
  Answer<std::vector<domain::Event>> saras;
  service_->submit(logged_in(secretariat),
                   domain::CreatePost{open_round, thread, std::nullopt, "Sekretariatet"}, key,
                   saras.callback());
  const auto sara_post = saras.get();
  ASSERT_TRUE(sara_post.ok()) << sara_post.error().message;
  EXPECT_GT(sara_post->front().seq, *seqs.begin());
  // Two keys, two posts.
  EXPECT_NE(post(CommandKey{"b1", "f"})->front().seq, post(CommandKey{"b2", "f"})->front().seq);
}

TEST_F(ConsultationServiceTest, ARefusedCommandIsNotRememberedSoItsRetryTriesAgain) {
  const auto author = logged_in(anna);
  const CommandKey key{"refused-then-retried", "same"};
  for (int attempt = 0; attempt < 2; ++attempt) {
    Answer<std::vector<domain::Event>> answer;
    service_->submit(author, domain::CreatePost{draft, thread, std::nullopt, "I utkastet"}, key,
                     answer.callback());
    const auto result = answer.get();
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().code, ErrorCode::conflict) << "attempt " << attempt;
  }
}

TEST_F(ConsultationServiceTest, AKeyIsForgottenAfterItsTime) {
  // The service's clock moves by hand: a loaded machine may take longer than the key's time
  // between two posts.
  auto clock = std::make_shared<std::atomic<domain::Timestamp>>(now_ms());
  ServiceOptions options;
  options.clock = [clock] { return clock->load(); };
  options.command_key_ms = 50;
  service_ = std::make_unique<ConsultationService>(*store_, hub_, presence_, options);
  const auto author = logged_in(anna);
  auto post = [&] {
    Answer<std::vector<domain::Event>> answer;
    service_->submit(author, domain::CreatePost{open_round, thread, std::nullopt, "Igen"},
                     CommandKey{"short-lived", "f"}, answer.callback());
    return answer.get()->front().seq;
  };
  const auto first = post();
  *clock += 49;
  EXPECT_EQ(post(), first) << "within its time, the key answers as before";
  *clock += 2;
  EXPECT_GT(post(), first) << "past its time, the key is new again";
}

// --- the round life cycle ---

TEST_F(ConsultationServiceTest, EveryoneLoggedInListsTheOrganisationsByName) {
  organisation("Kiruna kommun", domain::OrganisationKind::municipality);
  organisation("Arbetsförmedlingen", domain::OrganisationKind::agency);
  for (const auto& who : {anna, ida, secretariat}) {
    Answer<std::vector<domain::Organisation>> answer;
    service_->list_organisations(logged_in(who), answer.callback());
    const auto organisations = answer.get();
    ASSERT_TRUE(organisations.ok()) << organisations.error().message;
    std::vector<std::string> names;
    for (const auto& organisation : *organisations) names.push_back(organisation.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Arbetsförmedlingen", "Kiruna kommun", "Malmö stad",
                                               "Socialdepartementet"}));
    EXPECT_EQ(organisations->at(2).id, malmo.id);
    EXPECT_EQ(organisations->at(2).kind, domain::OrganisationKind::municipality);
  }
  Answer<std::vector<domain::Organisation>> ended;
  service_->list_organisations(Caller{anna, "a-session-that-was-logged-out"}, ended.callback());
  EXPECT_EQ(ended.get().error().code, ErrorCode::unauthenticated);
  store_->throwing = true;
  Answer<std::vector<domain::Organisation>> broken;
  service_->list_organisations(Caller{anna, std::nullopt}, broken.callback());
  EXPECT_EQ(broken.get().error().code, ErrorCode::internal);
}

// A connection as the session runs it, without a socket: the bus's batches wait in a queue
// (the session's strand) until the test hands them on, and reads go to the real service.
class Connection final : public bus::Subscriber, public SubscriptionsSink {
 public:
  void deliver(const bus::Batch& batch) override {
    std::lock_guard lock(mutex_);
    batches_.push_back(batch);
    arrived_.notify_all();
  }
  std::optional<bus::Batch> next_batch() {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, 10s, [&] { return !batches_.empty(); })) return std::nullopt;
    auto batch = batches_.front();
    batches_.erase(batches_.begin());
    return batch;
  }
  bool has_room_for_replay(std::size_t) const override { return true; }
  void send(const bus::Frame& frame) override { log.emplace_back(frame->payload()); }
  void read_page(ReadTicket ticket, const domain::StreamId& stream, domain::Seq after) override {
    reads.push_back({ticket, stream, after});
  }
  void subscribed(RequestId id, const domain::StreamId&, domain::Seq head,
                  const std::string&) override {
    log.push_back("subscribed " + std::to_string(id) + " head=" + std::to_string(head));
  }
  void unsubscribed(RequestId id, const domain::StreamId&) override {
    log.push_back("unsubscribed " + std::to_string(id));
  }
  void refused(RequestId id, const domain::Error& error) override {
    log.push_back("refused " + std::to_string(id) + " " + std::string(to_string(error.code)));
  }
  void ended(const domain::StreamId& stream, std::string_view reason) override {
    log.push_back(protocol::encode_subscription_ended(stream, reason));
  }
  void failed(const domain::Error& error) override {
    log.push_back("failed " + std::string(to_string(error.code)));
  }

  struct Read {
    ReadTicket ticket;
    domain::StreamId stream;
    domain::Seq after;
  };
  std::vector<Read> reads;
  std::vector<std::string> log;

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<bus::Batch> batches_;
};

TEST_F(ConsultationServiceTest, AWithdrawalEndsTheOrganisationsLiveSubscriptionRightAfterIt) {
  auto connection = std::make_shared<Connection>();
  Subscriptions subscriptions(hub_, presence_, connection, *connection, 8, anna);
  const domain::StreamId stream{open_round, StreamKind::main};
  const auto answer_read = [&] {
    const auto read = connection->reads.back();
    subscriptions.on_page(read.ticket,
                          this->read(Caller{anna, std::nullopt}, read.stream, read.after));
  };
  subscriptions.subscribe(1, stream, {2});
  answer_read();
  ASSERT_EQ(connection->log, (std::vector<std::string>{"subscribed 1 head=2"}));
  connection->log.clear();

  Answer<std::vector<domain::Event>> withdrawn;
  service_->submit(Caller{secretariat, std::nullopt},
                   domain::WithdrawInvitation{open_round, malmo.id}, std::nullopt,
                   withdrawn.callback());
  const auto committed = withdrawn.get();
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  const auto batch = connection->next_batch();
  ASSERT_TRUE(batch);
  ASSERT_EQ((*batch)->size(), 1u);
  ASSERT_TRUE((*batch)->front().access_after) << "the fan-out carries the round after the event";
  EXPECT_TRUE((*batch)->front().access_after->invited.empty());
  subscriptions.on_batch(*batch);

  ASSERT_EQ(connection->log.size(), 2u);
  EXPECT_EQ(connection->log[0], protocol::encode_event(committed->front()))
      << "Malmö is told of its own withdrawal";
  EXPECT_NE(connection->log[0].find(R"("kind":"invitation_withdrawn")"), std::string::npos);
  EXPECT_EQ(connection->log[1], R"({"type":"subscription_ended","round_id":)" +
                                    std::to_string(open_round) +
                                    R"(,"reason":"access_withdrawn"})");
  EXPECT_EQ(subscriptions.size(), 0u);
  EXPECT_EQ(hub_.subscriber_count(stream), 0u);

  // Subscribing again is refused as if the round did not exist.
  connection->log.clear();
  subscriptions.subscribe(2, stream, {3});
  answer_read();
  EXPECT_EQ(connection->log, (std::vector<std::string>{"refused 2 not_found"}));
}

TEST_F(ConsultationServiceTest, AResumeIsServedFromMemoryWithTheFramesThatWerePublished) {
  const domain::StreamId stream{open_round, StreamKind::main};
  const auto resume_and_post = [&](std::unique_ptr<ConsultationService> service) {
    service_ = std::move(service);
    // A read that reaches the head is remembered; the post's frame joins it as it is published.
    EXPECT_TRUE(read(Caller{anna, std::nullopt}, stream, 0).ok());
    auto connection = std::make_shared<Connection>();
    const auto membership = hub_.subscribe(stream, connection);
    Answer<std::vector<domain::Event>> posted;
    service_->submit(Caller{anna, std::nullopt},
                     domain::CreatePost{open_round, thread, std::nullopt, "Hej"}, std::nullopt,
                     posted.callback());
    EXPECT_TRUE(posted.get().ok());
    const auto batch = connection->next_batch();
    EXPECT_TRUE(batch && (*batch)->size() == 1u);
    return (*batch)->front().frame;
  };

  const auto published = resume_and_post(std::make_unique<ConsultationService>(
      *store_, hub_, presence_, ServiceOptions{.replay_cache = ReplayCacheLimits{}}));
  store_->throwing = true;
  const auto resumed = read(Caller{anna, std::nullopt}, stream, 1);
  ASSERT_TRUE(resumed.ok()) << "the store is not read";
  EXPECT_EQ(resumed->head_seq, 3);
  ASSERT_EQ(resumed->events.size(), 2u);
  EXPECT_EQ(resumed->events[1].frame.get(), published.get()) << "nor the event encoded again";
  EXPECT_EQ(read(Caller{ida, std::nullopt}, stream, 1).error().code, ErrorCode::not_found)
      << "authorised as a store read is";
  EXPECT_EQ(read(Caller{anna, "a-session-that-was-logged-out"}, stream, 1).error().code,
            ErrorCode::unauthenticated);
  store_->throwing = false;

  const auto uncached = resume_and_post(std::make_unique<ConsultationService>(
      *store_, hub_, presence_, ServiceOptions{.replay_cache = std::nullopt}));
  store_->throwing = true;
  EXPECT_EQ(read(Caller{anna, std::nullopt}, stream, 3).error().code, ErrorCode::internal)
      << "without the cache (several instances) every resume reads the store";
}

TEST_F(ConsultationServiceTest, ListedRoundsCarryKindSectorsAndSchedule) {
  const domain::Timestamp closes_at = 1'800'003'600'000;  // after seed()'s time
  seed(secretariat, domain::CreateRound{.title = "Hälsa",
                                        .proposal = "",
                                        .phase = Phase::draft,
                                        .invited = {malmo.id},
                                        .kind = domain::RoundKind::plenary,
                                        .sectors = {domain::Sector::social_care},
                                        .opens_at = std::nullopt,
                                        .closes_at = closes_at,
                                        .agenda = {}});
  Answer<std::vector<domain::RoundSummary>> answer;
  service_->list_rounds(Caller{secretariat, std::nullopt}, answer.callback());
  const auto rounds = answer.get();
  ASSERT_TRUE(rounds.ok());
  ASSERT_EQ(rounds->size(), 3u);
  const auto& newest = rounds->front();
  EXPECT_EQ(newest.title, "Hälsa");
  EXPECT_EQ(newest.kind, domain::RoundKind::plenary);
  EXPECT_EQ(newest.sectors, (std::vector<domain::Sector>{domain::Sector::social_care}));
  EXPECT_EQ(newest.opens_at, std::nullopt);
  EXPECT_EQ(newest.closes_at, closes_at);
  EXPECT_TRUE(rounds->back().sectors.empty());
  EXPECT_EQ(rounds->back().closes_at, std::nullopt);
}

}  // namespace
}  // namespace samrad::service::testing
