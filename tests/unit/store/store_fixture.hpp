// Shared set-up for the store tests: a real database (a SQLite file in a fresh temp directory, or
// a fresh database on a real PostgreSQL server), a few organisations and people in every role,
// and commands carried out through the real command handler (service/command_handler), as the
// server does. EveryStoreTest runs a test on both backends; StoreTest is SQLite's alone (files,
// migrations from SQLite's old schemas).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "postgres_process.hpp"
#include "service/command_handler.hpp"
#include "store/postgres/postgres_connection.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace samrad::store::testing {

enum class Backend { sqlite, postgres };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
}

struct StoreOptions {
  std::function<bool()> fail_commit;
};

class StoreFixture : public ::testing::Test {
 protected:
  virtual Backend backend() const { return Backend::sqlite; }

  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "samrad-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "samrad.db").string();
    if (backend() == Backend::postgres)
      conninfo_ = samrad::testing::shared_postgres().create_database();
    open();
    ministry = organisation("Finansdepartementet", domain::OrganisationKind::ministry);
    malmo = organisation("Malmö stad", domain::OrganisationKind::municipality);
    kiruna = organisation("Kiruna kommun", domain::OrganisationKind::municipality);
    secretariat =
        person("Sara Sekretariat", "sara@example.se", domain::Role::secretariat, ministry);
    representative = person("Anna Lind", "anna@example.se", domain::Role::representative, malmo);
    observer = person("Olle Observatör", "olle@example.se", domain::Role::observer, malmo);
    kiruna_representative =
        person("Kalle Kiruna", "kalle@example.se", domain::Role::representative, kiruna);
  }

  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void open(StoreOptions options = {}) {
    store_.reset();
    if (backend() == Backend::sqlite) {
      store_ = std::make_unique<SqliteStore>(
          path_, SqliteOptions{.fail_commit = std::move(options.fail_commit)});
    } else {
      store_ = std::make_unique<PostgresStore>(
          PostgresOptions{.conninfo = conninfo_, .fail_commit = std::move(options.fail_commit)});
    }
  }
  void close() { store_.reset(); }
  // Starts again on a new, empty database.
  void fresh_database() {
    close();
    if (backend() == Backend::sqlite) {
      std::filesystem::remove(path_);
    } else {
      conninfo_ = samrad::testing::shared_postgres().create_database();
    }
    open();
  }

  SqlStore& store() { return *store_; }
  // The SQLite file (SQLite's tests only).
  const std::string& path() const { return path_; }

  domain::Organisation organisation(const std::string& name, domain::OrganisationKind kind) {
    auto id = store_->create_organisation(name, kind);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return domain::Organisation{.id = *id, .name = name, .kind = kind};
  }

  domain::Person person(const std::string& name, const std::string& email, domain::Role role,
                        const domain::Organisation& organisation) {
    auto id = store_->create_person(NewPerson{.name = name,
                                              .email = email,
                                              .role = role,
                                              .organisation = organisation.id,
                                              .password_hash = "$argon2id$hash-of-" + name});
    EXPECT_TRUE(id.ok()) << id.error().message;
    return domain::Person{
        .id = *id, .name = name, .email = email, .role = role, .organisation = organisation};
  }

  // A unit of work that carries out the command for the actor, as the server would.
  static Work command(const domain::Person& actor, domain::Command command,
                      domain::Timestamp now = 1'790'000'000'000) {
    return [actor, command = std::move(command), now](WriteTransaction& tx) {
      return service::carry_out(tx, service::Caller{actor, std::nullopt}, now, command,
                                {.log_origin = "test.example/log"});
    };
  }

  // Carries out one command and insists that it commits; returns its (first) event.
  domain::Event commit(const domain::Person& actor, domain::Command cmd,
                       domain::Timestamp now = 1'790'000'000'000) {
    const Work work = command(actor, std::move(cmd), now);
    auto results = store_->write(std::span(&work, 1));
    EXPECT_EQ(results.size(), 1u);
    if (!results.at(0).ok()) {
      ADD_FAILURE() << results.at(0).error().message;
      return {};
    }
    EXPECT_FALSE(results[0]->empty());
    return results[0]->empty() ? domain::Event{} : results[0]->front();
  }

  // A plenary round with no sectors, schedule or agenda.
  static domain::CreateRound round_command(std::string title, domain::Phase phase,
                                           std::vector<domain::OrganisationId> invited,
                                           std::string proposal = "## Förslag\n\nStatsbidrag ...") {
    return domain::CreateRound{.title = std::move(title),
                               .proposal = std::move(proposal),
                               .phase = phase,
                               .invited = std::move(invited),
                               .kind = domain::RoundKind::plenary,
                               .sectors = {},
                               .opens_at = std::nullopt,
                               .closes_at = std::nullopt,
                               .agenda = {}};
  }

  domain::RoundId open_round(std::vector<domain::OrganisationId> invited,
                             domain::Phase phase = domain::Phase::open,
                             const std::string& title = "Generella statsbidrag som huvudprincip") {
    return commit(secretariat, round_command(title, phase, std::move(invited))).stream.round;
  }

  domain::ThreadId add_thread(domain::RoundId round, const std::string& title = "Finansiering") {
    return thread_of(commit(secretariat, domain::CreateThread{.round = round, .title = title}));
  }

  static domain::Command post_in(domain::RoundId round, domain::ThreadId thread,
                                 const std::string& body,
                                 std::optional<domain::PostId> reply_to = {}) {
    return domain::CreatePost{.round = round, .thread = thread, .reply_to = reply_to, .body = body};
  }

  static domain::ThreadId thread_of(const domain::Event& event) {
    const auto* created = std::get_if<domain::ThreadCreated>(&event.data);
    return created ? created->thread : 0;
  }
  static domain::PostId post_of(const domain::Event& event) {
    const auto* created = std::get_if<domain::PostCreated>(&event.data);
    return created ? created->post : 0;
  }

  // The round's main stream as the store reads it now.
  StreamPage page(domain::RoundId round, domain::Seq after = 0, std::size_t limit = 1000) {
    auto read = store_->read_stream({round, domain::StreamKind::main}, after, limit);
    EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
    EXPECT_TRUE(read.ok() && read->has_value()) << "no round " << round;
    return read.ok() && read->has_value() ? **read : StreamPage{};
  }

  // A connection of its own to the database under test, bypassing the store.
  std::unique_ptr<sql::Connection> raw() const {
    if (backend() == Backend::sqlite) {
      return std::make_unique<sqlite::SqliteConnection>(path_, SQLITE_OPEN_READWRITE);
    }
    return std::make_unique<postgres::PostgresConnection>(conninfo_);
  }

  // Counts rows with a connection of its own, bypassing the store under test.
  std::int64_t count_rows(const std::string& table) {
    auto db = raw();
    auto row = db->query("SELECT count(*) FROM " + table);
    EXPECT_TRUE(row.step());
    return row.int64(0);
  }

  // Every row's first column of a query, as text (NULL as "NULL"), with a connection of its own.
  std::vector<std::string> query_column(const std::string& sql) {
    auto db = raw();
    auto rows = db->query(sql);
    std::vector<std::string> values;
    while (rows.step()) values.push_back(rows.is_null(0) ? "NULL" : rows.text(0));
    return values;
  }

  // The thread's facts as the next command would read them; the reading unit is rolled back.
  std::optional<domain::ThreadFacts> thread_facts(domain::ThreadId thread) {
    std::optional<domain::ThreadFacts> facts;
    const Work read = [&](WriteTransaction& tx) -> Appended {
      facts = tx.thread(thread);
      return domain::make_error(domain::ErrorCode::internal, "only reading");
    };
    store_->write(std::span(&read, 1));
    return facts;
  }

  // Runs statements with a connection of its own, to set up states the store itself would never
  // make; gives the database's error, or "" when they succeeded.
  std::string try_raw(const std::string& sql) {
    try {
      raw()->exec(sql);
      return "";
    } catch (const sql::DatabaseError& e) {
      return e.what();
    }
  }
  void exec_raw(const std::string& sql) { EXPECT_EQ(try_raw(sql), "") << sql; }

  domain::Organisation ministry, malmo, kiruna;
  domain::Person secretariat, representative, observer, kiruna_representative;

 private:
  std::filesystem::path dir_;
  std::string path_;
  std::string conninfo_;
  std::unique_ptr<SqlStore> store_;
};

// A test on SQLite alone.
using StoreTest = StoreFixture;

// A test run on every backend: TEST_P(…, …) and INSTANTIATE_EVERY_STORE(…).
class EveryStoreTest : public StoreFixture, public ::testing::WithParamInterface<Backend> {
 protected:
  Backend backend() const override { return GetParam(); }
};

#define INSTANTIATE_EVERY_STORE(fixture)                                                   \
  INSTANTIATE_TEST_SUITE_P(EveryStore, fixture,                                            \
                           ::testing::Values(::samrad::store::testing::Backend::sqlite,    \
                                             ::samrad::store::testing::Backend::postgres), \
                           ::samrad::store::testing::backend_name)

}  // namespace samrad::store::testing
