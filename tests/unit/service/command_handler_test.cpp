// The command handler (service/command_handler) against every store: one parameterised suite,
// run on an in-memory transaction double and on a real SQLite file; a second backend joins by
// adding a Backend here. It checks what the handler promises whatever the store: the caller's
// session is checked, facts are read in the batch, the domain's refusals append nothing and take
// no seq, and the events it returns are the events stored.
#include "service/command_handler.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>

#include "memory_transaction.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace samrad::service::testing {
namespace {

using domain::ErrorCode;
using domain::Phase;
using domain::StreamId;
using domain::StreamKind;
using store::Appended;
using store::Work;

class Backend {
 public:
  virtual ~Backend() = default;
  virtual domain::Organisation organisation(const std::string& name,
                                            domain::OrganisationKind kind) = 0;
  virtual domain::Person person(const std::string& name, domain::Role role,
                                const domain::Organisation& organisation) = 0;
  virtual void session(const std::string& token_hash, domain::PersonId person,
                       domain::Timestamp expires_at) = 0;
  virtual std::vector<Appended> write(std::span<const Work> batch) = 0;
  virtual std::vector<domain::Event> events(const StreamId& stream) = 0;
};

class MemoryBackend final : public Backend {
 public:
  domain::Organisation organisation(const std::string& name,
                                    domain::OrganisationKind kind) override {
    const domain::Organisation organisation{
        static_cast<domain::OrganisationId>(state_.organisations.size() + 1), name, kind};
    state_.organisations[organisation.id] = organisation;
    return organisation;
  }
  domain::Person person(const std::string& name, domain::Role role,
                        const domain::Organisation& organisation) override {
    const domain::Person person{static_cast<domain::PersonId>(state_.persons.size() + 1), name,
                                name + "@example.se", role, organisation};
    state_.persons[person.id] = person;
    return person;
  }
  void session(const std::string& token_hash, domain::PersonId,
               domain::Timestamp expires_at) override {
    state_.sessions[token_hash] = expires_at;
  }
  // Each unit on a copy of the state, kept only if it succeeds: a savepoint.
  std::vector<Appended> write(std::span<const Work> batch) override {
    std::vector<Appended> results;
    for (const auto& work : batch) {
      auto trial = state_;
      MemoryTransaction tx(trial);
      results.push_back(attempt(work, tx));
      if (results.back()) state_ = std::move(trial);
    }
    return results;
  }
  static Appended attempt(const Work& work, MemoryTransaction& tx) {
    try {
      return work(tx);
    } catch (const std::exception& e) {
      return domain::make_error(ErrorCode::storage_failed, e.what());
    }
  }
  std::vector<domain::Event> events(const StreamId& stream) override {
    std::vector<domain::Event> found;
    for (const auto& event : state_.events) {
      if (event.stream == stream) found.push_back(event);
    }
    return found;
  }

 private:
  MemoryState state_;
};

class SqliteBackend final : public Backend {
 public:
  SqliteBackend() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "samrad-handler-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    store_ = std::make_unique<store::SqliteStore>((dir_ / "samrad.db").string());
  }
  ~SqliteBackend() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  domain::Organisation organisation(const std::string& name,
                                    domain::OrganisationKind kind) override {
    return {*store_->create_organisation(name, kind), name, kind};
  }
  domain::Person person(const std::string& name, domain::Role role,
                        const domain::Organisation& organisation) override {
    const auto id = store_->create_person({name, name + "@example.se", role, organisation.id, "x"});
    return {*id, name, name + "@example.se", role, organisation};
  }
  void session(const std::string& token_hash, domain::PersonId person,
               domain::Timestamp expires_at) override {
    EXPECT_TRUE(store_->create_session(token_hash, person, expires_at).ok());
  }
  std::vector<Appended> write(std::span<const Work> batch) override { return store_->write(batch); }
  std::vector<domain::Event> events(const StreamId& stream) override {
    auto page = store_->read_stream(stream, 0, 10000);
    return page.ok() && page->has_value() ? (*page)->events : std::vector<domain::Event>{};
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

struct BackendKind {
  const char* name;
  std::function<std::unique_ptr<Backend>()> make;
};

class CommandHandlerTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  static constexpr domain::Timestamp now = 1'800'000'000'000;

  void SetUp() override {
    backend = GetParam().make();
    ministry = backend->organisation("Finansdepartementet", domain::OrganisationKind::ministry);
    malmo = backend->organisation("Malmö stad", domain::OrganisationKind::municipality);
    kiruna = backend->organisation("Kiruna kommun", domain::OrganisationKind::municipality);
    secretariat = backend->person("Sara", domain::Role::secretariat, ministry);
    anna = backend->person("Anna", domain::Role::representative, malmo);
    kalle = backend->person("Kalle", domain::Role::representative, kiruna);
    per = backend->person("Per", domain::Role::representative, ministry);
    olle = backend->person("Olle", domain::Role::observer, malmo);
    round = first_event(run(secretariat, domain::CreateRound{.title = "Statsbidrag",
                                                             .proposal = "Förslag",
                                                             .phase = Phase::open,
                                                             .invited = {malmo.id, ministry.id}}))
                .stream.round;
    thread = thread_of(first_event(run(secretariat, domain::CreateThread{round, "Finansiering"})));
  }

  static Work command(const Caller& caller, domain::Command cmd, domain::Timestamp at = now) {
    return [caller, cmd = std::move(cmd), at](store::WriteTransaction& tx) {
      return carry_out(tx, caller, at, cmd);
    };
  }
  Appended run(const domain::Person& actor, domain::Command cmd) {
    const Work work = command(Caller{actor, std::nullopt}, std::move(cmd));
    return std::move(backend->write(std::span(&work, 1)).at(0));
  }
  static domain::Event first_event(const Appended& result) {
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() && !result->empty() ? result->front() : domain::Event{};
  }
  static domain::ThreadId thread_of(const domain::Event& event) {
    const auto* created = std::get_if<domain::ThreadCreated>(&event.data);
    return created ? created->thread : 0;
  }
  static domain::PostId post_of(const domain::Event& event) {
    const auto* created = std::get_if<domain::PostCreated>(&event.data);
    return created ? created->post : 0;
  }
  domain::Command post(std::string body, std::optional<domain::PostId> reply_to = {}) const {
    return domain::CreatePost{round, thread, reply_to, std::move(body)};
  }
  StreamId main() const { return {round, StreamKind::main}; }

  std::unique_ptr<Backend> backend;
  domain::Organisation ministry, malmo, kiruna;
  domain::Person secretariat, anna, kalle, per, olle;
  domain::RoundId round = 0;
  domain::ThreadId thread = 0;
};

TEST_P(CommandHandlerTest, APostIsOneEventAtTheNextSeqOfItsThreadsStream) {
  const auto event = first_event(run(anna, post("Malmö tillstyrker.")));
  EXPECT_EQ(event.stream, main());
  EXPECT_EQ(event.seq, 3);
  EXPECT_EQ(event.at, now);
  EXPECT_EQ(event.actor.id, anna.id);
  const auto& data = std::get<domain::PostCreated>(event.data);
  EXPECT_EQ(data.thread, thread);
  EXPECT_EQ(data.body, "Malmö tillstyrker.");
  EXPECT_GT(data.post, 0);
  const auto stored = backend->events(main());
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(post_of(stored[2]), data.post);
  EXPECT_EQ(stored[2].seq, 3);
}

TEST_P(CommandHandlerTest, RefusalsAppendNothingAndTakeNoSeq) {
  const std::vector<std::pair<domain::Person, domain::Command>> refused = {
      {olle, post("Observatören")},
      {kalle, post("Inte inbjuden")},
      {anna, post(" \u00a0\u3000")},
      {anna, domain::CreatePost{round, thread + 100, std::nullopt, "Okänd tråd"}},
      {anna, post("Svar", domain::PostId{999})},
      {anna, domain::CreateThread{round, "Egen tråd"}},
      {anna, domain::CreateRound{"Egen runda", "", Phase::open, {}}},
      {secretariat, domain::CreateRound{"Runda", "", Phase::open, {malmo.id, 999}}},
  };
  const std::vector<ErrorCode> codes = {
      ErrorCode::forbidden,     ErrorCode::not_found, ErrorCode::bad_request, ErrorCode::not_found,
      ErrorCode::invalid_reply, ErrorCode::forbidden, ErrorCode::forbidden,   ErrorCode::not_found};
  for (std::size_t i = 0; i < refused.size(); ++i) {
    const auto result = run(refused[i].first, refused[i].second);
    ASSERT_FALSE(result.ok()) << "case " << i;
    EXPECT_EQ(result.error().code, codes[i]) << "case " << i << ": " << result.error().message;
  }
  EXPECT_EQ(backend->events(main()).size(), 2u);
  EXPECT_TRUE(backend->events({round + 1, StreamKind::main}).empty());
  EXPECT_EQ(first_event(run(anna, post("Nu"))).seq, 3);
}

TEST_P(CommandHandlerTest, ANewRoundStartsItsMainStreamAtOneWithTheInvitedByName) {
  const auto event = first_event(
      run(secretariat, domain::CreateRound{"Tillit i skolan", "Text", Phase::draft, {kiruna.id}}));
  EXPECT_NE(event.stream.round, round);
  EXPECT_EQ(event.stream.kind, StreamKind::main);
  EXPECT_EQ(event.seq, 1);
  const auto& data = std::get<domain::RoundCreated>(event.data);
  ASSERT_EQ(data.invited.size(), 1u);
  EXPECT_EQ(data.invited[0].name, "Kiruna kommun");
  EXPECT_EQ(data.phase, Phase::draft);
  // The new round's facts are there for the next command: a draft takes threads, not posts.
  EXPECT_TRUE(run(secretariat, domain::CreateThread{event.stream.round, "Fråga"}).ok());
  const auto posted =
      run(kalle, domain::CreatePost{event.stream.round, thread, std::nullopt, "Tidigt"});
  EXPECT_FALSE(posted.ok());
}

TEST_P(CommandHandlerTest, TheCallersSessionMustBeLive) {
  backend->session("live", anna.id, now + 1000);
  backend->session("expired", anna.id, now);
  const std::vector<Work> batch = {
      command(Caller{anna, "live"}, post("Med session")),
      command(Caller{anna, "expired"}, post("Utgången session")),
      command(Caller{anna, "never-existed"}, post("Ingen session")),
      command(Caller{anna, std::nullopt}, post("Servern själv")),
  };
  const auto results = backend->write(batch);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::unauthenticated);
  EXPECT_EQ(results[2].error().code, ErrorCode::unauthenticated);
  ASSERT_TRUE(results[3].ok());
  EXPECT_EQ(backend->events(main()).size(), 4u);
}

TEST_P(CommandHandlerTest, FactsIncludeEarlierUnitsOfTheSameBatch) {
  const auto parent = post_of(first_event(run(anna, post("Grund"))));
  const std::vector<Work> batch = {
      command(Caller{anna, std::nullopt}, post("Svar", parent)),
      command(Caller{per, std::nullopt}, post("Svar på svar", parent + 1)),
      command(Caller{secretariat, std::nullopt}, domain::CreateThread{round, "Ny fråga"}),
      command(Caller{anna, std::nullopt},
              domain::CreatePost{round, thread + 1, std::nullopt, "I den nya tråden"}),
  };
  const auto results = backend->write(batch);
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].error().message;
    EXPECT_EQ(results[i]->front().seq, static_cast<domain::Seq>(4 + i));
  }
  EXPECT_EQ(post_of(results[0]->front()), parent + 1) << "ids are handed out in order";
  EXPECT_EQ(thread_of(results[2]->front()), thread + 1);
}

TEST_P(CommandHandlerTest, PostsGoToTheirThreadsStreamWhichOnlyItsSideSees) {
  const StreamId municipal{round, StreamKind::municipal_preparation};
  // No command opens a preparation thread yet; write one as the next issue's command will.
  const Work open_preparation = [&](store::WriteTransaction& tx) -> Appended {
    const domain::Event event{.stream = municipal,
                              .seq = tx.next_seq(municipal),
                              .at = now,
                              .actor = anna,
                              .data = domain::ThreadCreated{tx.new_id(store::Entity::thread),
                                                            "Kommunernas förberedelse"}};
    tx.append(event);
    return std::vector<domain::Event>{event};
  };
  const auto preparation =
      thread_of(first_event(backend->write(std::span(&open_preparation, 1))[0]));
  const auto own_side =
      first_event(run(anna, domain::CreatePost{round, preparation, std::nullopt, "Vi samordnar"}));
  EXPECT_EQ(own_side.stream, municipal);
  EXPECT_EQ(own_side.seq, 2);
  const auto other_side =
      run(per, domain::CreatePost{round, preparation, std::nullopt, "Departementet tittar in"});
  ASSERT_FALSE(other_side.ok());
  EXPECT_EQ(other_side.error().code, ErrorCode::not_found);
  EXPECT_EQ(backend->events(municipal).size(), 2u);
  EXPECT_EQ(backend->events(main()).size(), 2u) << "the main stream is untouched";
  EXPECT_EQ(first_event(run(per, post("I huvudströmmen"))).seq, 3);
}

INSTANTIATE_TEST_SUITE_P(
    EveryStore, CommandHandlerTest,
    ::testing::Values(BackendKind{"memory", [] { return std::make_unique<MemoryBackend>(); }},
                      BackendKind{"sqlite", [] { return std::make_unique<SqliteBackend>(); }}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace samrad::service::testing
