// The command handler suite's fixture, shared by its test files: the stores it runs on (an
// in-memory transaction double and a real SQLite file; a second backend joins by adding a
// Backend here), and a round with one thread, people of both sides and an observer.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "memory_transaction.hpp"
#include "postgres_process.hpp"
#include "service/command_handler.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace samrad::service::testing {

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
  virtual void deactivate(const domain::Organisation& organisation) = 0;
  // An id a refused command took is handed out again (one writer); ids from a sequence shared
  // by several writers (PostgreSQL) are not.
  virtual bool reuses_refused_ids() const { return true; }
  virtual std::vector<Appended> write(std::span<const Work> batch) = 0;
  virtual std::vector<domain::Event> events(const StreamId& stream) = 0;
  // The round as the next command's facts will see it.
  virtual std::optional<domain::RoundAccess> round(domain::RoundId round) = 0;
  // The transparency log, by index.
  virtual std::vector<store::LoggedRecord> records() = 0;

  // The thread as the next command's facts will see it; the reading unit is rolled back.
  std::optional<domain::ThreadFacts> thread(domain::ThreadId thread) {
    std::optional<domain::ThreadFacts> facts;
    const Work read = [&](store::WriteTransaction& tx) -> Appended {
      facts = tx.thread(thread);
      return domain::make_error(ErrorCode::internal, "only reading");
    };
    write(std::span(&read, 1));
    return facts;
  }
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
  void deactivate(const domain::Organisation& organisation) override {
    state_.deactivated_organisations.insert(organisation.id);
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
  std::optional<domain::RoundAccess> round(domain::RoundId round) override {
    return MemoryTransaction(state_).round(round);
  }
  std::vector<store::LoggedRecord> records() override { return state_.records; }

 private:
  MemoryState state_;
};

// A real database through the SQL store: a SQLite file in a temp folder, or a fresh database on
// the test binary's PostgreSQL server.
class SqlBackend final : public Backend {
 public:
  static std::unique_ptr<Backend> sqlite() {
    auto backend = std::make_unique<SqlBackend>();
    std::string pattern =
        (std::filesystem::temp_directory_path() / "samrad-handler-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    backend->dir_ = pattern;
    backend->store_ = std::make_unique<store::SqliteStore>((backend->dir_ / "samrad.db").string());
    return backend;
  }
  static std::unique_ptr<Backend> postgres() {
    auto backend = std::make_unique<SqlBackend>();
    backend->store_ = std::make_unique<store::PostgresStore>(
        store::PostgresOptions{.conninfo = samrad::testing::shared_postgres().create_database()});
    backend->sequences_ = true;
    return backend;
  }
  bool reuses_refused_ids() const override { return !sequences_; }
  ~SqlBackend() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
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
  void deactivate(const domain::Organisation& organisation) override {
    const Work work = [&](store::WriteTransaction& tx) -> Appended {
      tx.accounts().set_organisation_active(organisation.id, false);
      return std::vector<domain::Event>{};
    };
    EXPECT_TRUE(store_->write(std::span(&work, 1)).at(0).ok());
  }
  std::vector<Appended> write(std::span<const Work> batch) override { return store_->write(batch); }
  std::vector<domain::Event> events(const StreamId& stream) override {
    auto page = store_->read_stream(stream, 0, 10000);
    return page.ok() && page->has_value() ? (*page)->events : std::vector<domain::Event>{};
  }
  std::optional<domain::RoundAccess> round(domain::RoundId round) override {
    auto page = store_->read_stream({round, StreamKind::main}, 0, 0);
    EXPECT_TRUE(page.ok());
    return page.ok() && page->has_value() ? std::optional((*page)->round) : std::nullopt;
  }
  std::vector<store::LoggedRecord> records() override {
    std::vector<store::LoggedRecord> log;
    for (;;) {
      auto found = store_->logged_record(static_cast<std::int64_t>(log.size()));
      EXPECT_TRUE(found.ok());
      if (!found.ok() || !found->has_value()) return log;
      log.push_back((*found)->record);
    }
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::SqlStore> store_;
  bool sequences_ = false;
};

struct BackendKind {
  const char* name;
  std::function<std::unique_ptr<Backend>()> make;
};

// So a failing case names its backend rather than its bytes.
inline void PrintTo(const BackendKind& kind, std::ostream* out) {
  *out << kind.name;
}

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
                                                             .invited = {malmo.id, ministry.id},
                                                             .kind = domain::RoundKind::plenary,
                                                             .sectors = {},
                                                             .opens_at = std::nullopt,
                                                             .closes_at = std::nullopt,
                                                             .agenda = {}}))
                .stream.round;
    thread = thread_of(first_event(run(secretariat, domain::CreateThread{round, "Finansiering"})));
  }

  static Work command(const Caller& caller, domain::Command cmd, domain::Timestamp at = now) {
    return [caller, cmd = std::move(cmd), at](store::WriteTransaction& tx) {
      return carry_out(tx, caller, at, cmd, {.log_origin = "test.example/log"});
    };
  }
  Appended run(const domain::Person& actor, domain::Command cmd, domain::Timestamp at = now) {
    const Work work = command(Caller{actor, std::nullopt}, std::move(cmd), at);
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

  // A round as the domain's older callers create it: plenary, with no schedule or agenda.
  static domain::CreateRound new_round(std::string title, Phase phase,
                                       std::vector<domain::OrganisationId> invited) {
    return domain::CreateRound{.title = std::move(title),
                               .proposal = "Text",
                               .phase = phase,
                               .invited = std::move(invited),
                               .kind = domain::RoundKind::plenary,
                               .sectors = {},
                               .opens_at = std::nullopt,
                               .closes_at = std::nullopt,
                               .agenda = {}};
  }

  std::unique_ptr<Backend> backend;
  domain::Organisation ministry, malmo, kiruna;
  domain::Person secretariat, anna, kalle, per, olle;
  domain::RoundId round = 0;
  domain::ThreadId thread = 0;
};

// The kinds of the events a stream holds, in order.
inline std::vector<std::string> kinds_of(const std::vector<domain::Event>& events) {
  std::vector<std::string> kinds;
  for (const auto& event : events) kinds.emplace_back(domain::kind_of(event.data));
  return kinds;
}

using Kinds = std::vector<std::string>;

// Every store the suite runs on, named for the test's name.
inline auto every_backend() {
  return ::testing::Values(BackendKind{"memory", [] { return std::make_unique<MemoryBackend>(); }},
                           BackendKind{"sqlite", SqlBackend::sqlite},
                           BackendKind{"postgres", SqlBackend::postgres});
}

inline std::string backend_name(const ::testing::TestParamInfo<BackendKind>& info) {
  return info.param.name;
}

}  // namespace samrad::service::testing
