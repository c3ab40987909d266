// Migrations: a fresh file gets the whole schema, reopening changes nothing, and a database
// written by a newer program is refused rather than touched.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <set>
#include <stdexcept>
#include <string>

#include "store/sqlite/schema.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

// A plain SQLite connection, independent of the store's own code.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }

  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    std::string result;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return result;
  }

  std::set<std::string> tables() {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &stmt,
                       nullptr);
    std::set<std::string> names;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      names.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return names;
  }

  void exec(const std::string& sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  }

 private:
  sqlite3* db_ = nullptr;
};

using SchemaTest = StoreTest;

TEST_F(SchemaTest, FreshFileGetsEveryTableTheLatestVersionAndWal) {
  close();
  RawDb db(path());
  EXPECT_EQ(db.text("PRAGMA user_version"), std::to_string(sqlite::latest_schema_version()));
  EXPECT_GE(sqlite::latest_schema_version(), 1);
  EXPECT_EQ(db.text("PRAGMA journal_mode"), "wal");
  const std::set<std::string> expected = {"organisations",
                                          "persons",
                                          "sessions",
                                          "store_epoch",
                                          "rounds",
                                          "round_invitations",
                                          "streams",
                                          "threads",
                                          "posts",
                                          "post_versions",
                                          "events",
                                          "invitations",
                                          "audit_log",
                                          "reports",
                                          "reminders",
                                          "positions",
                                          "outcomes",
                                          "dissents",
                                          "api_tokens",
                                          "decision_records",
                                          "minutes",
                                          "joint_document_versions",
                                          "joint_document_approvals",
                                          "command_keys"};
  EXPECT_EQ(db.tables(), expected);
}

TEST_F(SchemaTest, ReopeningAnExistingDatabaseKeepsVersionAndData) {
  const auto round = open_round({malmo.id});
  close();
  open();
  open();  // twice: migrating an up-to-date file must be a no-op every time
  EXPECT_EQ(page(round).head_seq, 1);
  close();
  RawDb db(path());
  EXPECT_EQ(db.text("PRAGMA user_version"), std::to_string(sqlite::latest_schema_version()));
}

TEST_F(SchemaTest, RefusesADatabaseNewerThanTheCode) {
  close();
  const auto newer = std::to_string(sqlite::latest_schema_version() + 1);
  RawDb(path()).exec("PRAGMA user_version = " + newer);
  EXPECT_THROW(open(), std::runtime_error);
  RawDb db(path());
  EXPECT_EQ(db.text("PRAGMA user_version"), newer);
  EXPECT_EQ(db.text("SELECT count(*) FROM persons"), "4");
}

TEST_F(SchemaTest, ForeignKeysAreEnforced) {
  // A person in an organisation that does not exist is refused by the schema itself.
  auto id = store().create_person(NewPerson{.name = "Nobody",
                                            .email = "nobody@example.se",
                                            .role = domain::Role::representative,
                                            .organisation = 999,
                                            .password_hash = "x"});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, domain::ErrorCode::not_found);
}

TEST(SchemaOpen, UnopenablePathThrows) {
  EXPECT_THROW(SqliteStore("/nonexistent-dir/samrad.db"), std::runtime_error);
}

}  // namespace
}  // namespace samrad::store::testing
