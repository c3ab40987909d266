// Migrating a database written by schema version 1, which stored each event as its protocol-v1
// frame: after the migration the store keeps events as data, and a replay encodes them to
// exactly the bytes the old server stored and sent. The fixture (fixtures/schema_v1_demo.sql) is
// a dump of such a database, made by the version-1 server with its demo data and posts whose
// text needs escaping.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <sstream>

#include "protocol/codec.hpp"
#include "store/sqlite/schema.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using Frames = std::map<std::pair<domain::RoundId, domain::Seq>, std::string>;

std::string fixture(const std::string& name) {
  std::ifstream file(std::string(SAMRAD_STORE_FIXTURES_DIR) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

class MigrationTest : public StoreTest {
 protected:
  // Replaces the fixture's database with the version-1 dump and returns its stored frames.
  Frames load_version_1() {
    close();
    std::filesystem::remove(path());
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, fixture("schema_v1_demo.sql").c_str(), nullptr, nullptr, &message),
              SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    Frames frames;
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT round_id, seq, frame FROM events", -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      frames[{sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1)}] =
          reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return frames;
  }
};

TEST_F(MigrationTest, AVersion1DatabaseServesTheSameReplayByteForByte) {
  const auto old_frames = load_version_1();
  ASSERT_EQ(old_frames.size(), 21u) << "the fixture's 3 rounds";
  open();  // migrates

  Frames replayed;
  for (const domain::RoundId round : {1, 2, 3}) {
    const auto read = page(round);
    EXPECT_EQ(static_cast<std::size_t>(read.head_seq), read.events.size());
    for (const auto& event : read.events) {
      replayed[{round, event.seq}] = protocol::encode_event(event);
    }
  }
  ASSERT_EQ(replayed.size(), old_frames.size());
  for (const auto& [key, frame] : old_frames) {
    EXPECT_EQ(replayed[key], frame) << "round " << key.first << " seq " << key.second;
  }
}

TEST_F(MigrationTest, AMigratedDatabaseGoesOnWhereItStopped) {
  load_version_1();
  open();
  // In the fixture, round 1 has 16 events and posts up to id 14 (the last in thread 1), and
  // round 2 has 4 events and threads up to id 4.
  const auto person = [&](const std::string& email) {
    const auto login = store().find_login(email);
    EXPECT_TRUE(login.ok() && login->has_value()) << email;
    return login.ok() && login->has_value() ? (*login)->person : domain::Person{};
  };
  const auto listings = store().list_rounds();
  ASSERT_TRUE(listings.ok());
  ASSERT_EQ(listings->size(), 3u);
  const auto next = commit(person("anna.lind@malmo.example"),
                           post_in(1, 1, "Efter migreringen", domain::PostId{14}));
  EXPECT_EQ(next.seq, 17);
  EXPECT_EQ(post_of(next), 15) << "ids continue after the migrated posts";
  EXPECT_EQ(page(1).head_seq, 17);
  const auto thread = commit(person("sekretariat@samrad.example"),
                             domain::CreateThread{.round = 2, .title = "Ny fråga"});
  EXPECT_EQ(thread.seq, 5);
  EXPECT_EQ(thread_of(thread), 5);
}

TEST_F(MigrationTest, TheMigrationIsOneTransactionAndLeavesVersion2) {
  load_version_1();
  open();
  close();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), sqlite::latest_schema_version());
  sqlite3_finalize(stmt);
  sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE stream = 'main' AND json_valid(data)",
                     -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 21);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace samrad::store::testing
