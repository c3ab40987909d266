// Migrating a database written by schema version 1, which stored each event as its protocol-v1
// frame: after the migration the store keeps events as data, and a replay encodes them to
// exactly the bytes the old server stored and sent. The fixture (fixtures/schema_v1_demo.sql) is
// a dump of such a database, made by the version-1 server with its demo data and posts whose
// text needs escaping. And migrating a version-2 database (fixtures/schema_v2_demo.sql, the same
// data after migration 2) to version 3, which gives rounds a kind, sectors and a schedule: every
// round is plenary, in no sector, without a schedule, its events unchanged to the byte. And
// version 4, the agenda and the proposal's versions: every migrated thread is an accepted,
// unlocked thread without a pin, every round at version 1 of its proposal, every migrated post
// without a version (so it replays as it was sent), and the rounds take agenda items, locks,
// pins and revisions from then on. And version 5, accounts and the audit log, which comes after
// the agenda's step (tests/unit/store/audit_log_test.cpp checks what it keeps).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

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

// A column of every row of a query, as text (NULL as "NULL"), with a plain connection.
std::vector<std::string> column_of(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
  std::vector<std::string> values;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    values.emplace_back(text ? text : "NULL");
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return values;
}

// Writes to the database with a plain connection; the statements must succeed.
void exec_on(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
      << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

class MigrationTest : public StoreTest {
 protected:
  // Replaces the fixture's database with a dump.
  void load(const std::string& dump) {
    close();
    std::filesystem::remove(path());
    exec_on(path(), fixture(dump));
  }

  // Replaces the fixture's database with the version-1 dump and returns its stored frames.
  Frames load_version_1() {
    load("schema_v1_demo.sql");
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
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

TEST_F(MigrationTest, TheMigrationLeavesTheLatestVersionWithEveryEventAsData) {
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

// --- version 2 to 3 ---

TEST_F(MigrationTest, AVersion2DatabaseIsAtVersion2BeforeTheStoreOpensIt) {
  load("schema_v2_demo.sql");
  EXPECT_EQ(column_of(path(), "PRAGMA user_version"), std::vector<std::string>{"2"});
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM events"), std::vector<std::string>{"21"});
}

TEST_F(MigrationTest, Version3KeepsEveryRoundAsAPlenaryRoundInNoSectorWithoutSchedule) {
  load("schema_v2_demo.sql");
  const auto events_before = column_of(path(), "SELECT data FROM events ORDER BY round_id, seq");
  const auto rounds_before =
      column_of(path(),
                "SELECT id || ' ' || title || ' ' || phase || ' ' || created_at "
                "FROM rounds ORDER BY id");
  const auto invitations_before = column_of(
      path(), "SELECT round_id || ' ' || organisation_id FROM round_invitations ORDER BY 1");
  open();  // migrates
  close();
  EXPECT_EQ(column_of(path(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(sqlite::latest_schema_version())});
  EXPECT_EQ(column_of(path(), "SELECT data FROM events ORDER BY round_id, seq"), events_before);
  EXPECT_EQ(column_of(path(),
                      "SELECT id || ' ' || title || ' ' || phase || ' ' || created_at "
                      "FROM rounds ORDER BY id"),
            rounds_before);
  EXPECT_EQ(column_of(path(),
                      "SELECT round_id || ' ' || organisation_id FROM round_invitations "
                      "ORDER BY 1"),
            invitations_before);
  EXPECT_EQ(column_of(path(),
                      "SELECT kind || ' ' || sectors || ' ' || "
                      "coalesce(opens_at, 'NULL') || ' ' || coalesce(closes_at, 'NULL') "
                      "|| ' ' || coalesce(schedule_set_by, 'NULL') FROM rounds"),
            std::vector<std::string>(3, "plenary [] NULL NULL NULL"));

  open();
  const auto listings = store().list_rounds();
  ASSERT_TRUE(listings.ok()) << listings.error().message;
  ASSERT_EQ(listings->size(), 3u);
  for (const auto& listing : *listings) {
    SCOPED_TRACE(listing.summary.title);
    EXPECT_EQ(listing.summary.kind, domain::RoundKind::plenary);
    EXPECT_TRUE(listing.summary.sectors.empty());
    EXPECT_EQ(listing.summary.opens_at, std::nullopt);
    EXPECT_EQ(listing.summary.closes_at, std::nullopt);
    EXPECT_EQ(listing.access.kind, domain::RoundKind::plenary);
    EXPECT_EQ(listing.access.closes_at, std::nullopt);
  }
  EXPECT_EQ(page(1).round.kind, domain::RoundKind::plenary);
  EXPECT_EQ(page(1).round.closes_at, std::nullopt);
  // The old round_created events stay as they were: no kind, no sectors.
  const auto second = page(2);
  const auto& created = std::get<domain::RoundCreated>(second.events.at(0).data);
  EXPECT_EQ(created.kind, std::nullopt);
  EXPECT_TRUE(created.sectors.empty());
  EXPECT_TRUE(store().rounds_due_to_close(std::numeric_limits<domain::Timestamp>::max())->empty());
}

TEST_F(MigrationTest, AVersion2DatabaseServesTheVersion1ReplayByteForByte) {
  const auto old_frames = load_version_1();
  ASSERT_EQ(old_frames.size(), 21u);
  load("schema_v2_demo.sql");
  open();
  Frames replayed;
  for (const domain::RoundId round : {1, 2, 3}) {
    for (const auto& event : page(round).events) {
      replayed[{round, event.seq}] = protocol::encode_event(event);
    }
  }
  ASSERT_EQ(replayed.size(), old_frames.size());
  for (const auto& [key, frame] : old_frames) {
    EXPECT_EQ(replayed[key], frame) << "round " << key.first << " seq " << key.second;
  }
}

TEST_F(MigrationTest, AMigratedRoundTakesAScheduleAndClosesAtIt) {
  load("schema_v2_demo.sql");
  open();
  const auto login = store().find_login("sekretariat@samrad.example");
  ASSERT_TRUE(login.ok() && login->has_value());
  const auto sekretariat = (*login)->person;
  const domain::Timestamp now = 1'796'000'000'000;
  const auto set = commit(sekretariat, domain::SetSchedule{1, std::nullopt, now + 1000}, now);
  EXPECT_EQ(set.seq, 17);
  const auto due = store().rounds_due_to_close(now + 1000);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->at(0).round, 1);
  EXPECT_EQ(due->at(0).scheduled_by.id, sekretariat.id);
  const auto closed = commit(sekretariat, domain::CloseAtClosingTime{1}, now + 1000);
  EXPECT_EQ(closed.seq, 18);
  EXPECT_EQ(page(1).round.phase, domain::Phase::closed);
  EXPECT_TRUE(store().rounds_due_to_close(now + 1000)->empty());
}

// --- version 3 to 4 ---

TEST_F(MigrationTest, Version4KeepsEveryThreadAcceptedUnlockedAndEveryRoundAtVersion1) {
  for (const std::string dump : {"schema_v1_demo.sql", "schema_v2_demo.sql"}) {
    SCOPED_TRACE(dump);
    load(dump);
    open();  // migrates
    close();
    const auto events_before = column_of(path(), "SELECT data FROM events ORDER BY round_id, seq");
    EXPECT_EQ(column_of(path(), "PRAGMA user_version"),
              std::vector<std::string>{std::to_string(sqlite::latest_schema_version())});
    EXPECT_EQ(column_of(path(),
                        "SELECT status || ' ' || locked || ' ' || "
                        "coalesce(pinned_post_id, 'NULL') FROM threads ORDER BY id"),
              std::vector<std::string>(4, "accepted 0 NULL"));
    EXPECT_EQ(column_of(path(), "SELECT proposal_version FROM rounds ORDER BY id"),
              std::vector<std::string>(3, "1"));
    EXPECT_EQ(column_of(path(), "SELECT count(*) FROM posts WHERE proposal_version IS NULL"),
              std::vector<std::string>{"14"});
    EXPECT_EQ(column_of(path(), "SELECT count(*) FROM events WHERE data LIKE '%proposal_version%'"),
              std::vector<std::string>{"0"});

    open();
    for (const domain::ThreadId thread : {1, 2, 3, 4}) {
      const auto facts = thread_facts(thread);
      ASSERT_TRUE(facts) << thread;
      EXPECT_EQ(facts->status, domain::AgendaStatus::accepted);
      EXPECT_FALSE(facts->locked);
      EXPECT_EQ(facts->stream, domain::StreamKind::main);
    }
    for (const domain::RoundId round : {1, 2, 3}) {
      EXPECT_EQ(page(round).round.proposal_version, 1) << round;
      for (const auto& event : page(round).events) {
        if (const auto* post = std::get_if<domain::PostCreated>(&event.data)) {
          EXPECT_EQ(post->proposal_version, std::nullopt) << "post " << post->post;
        }
      }
    }
    close();
    EXPECT_EQ(column_of(path(), "SELECT data FROM events ORDER BY round_id, seq"), events_before)
        << "reading changes nothing";
  }
}

TEST_F(MigrationTest, AMigratedRoundTakesAgendaItemsLocksPinsAndRevisions) {
  load("schema_v2_demo.sql");
  open();
  const auto person = [&](const std::string& email) {
    const auto login = store().find_login(email);
    EXPECT_TRUE(login.ok() && login->has_value()) << email;
    return login.ok() && login->has_value() ? (*login)->person : domain::Person{};
  };
  const auto sekretariat = person("sekretariat@samrad.example");
  const auto anna = person("anna.lind@malmo.example");
  // Round 1 has 16 events, threads 1 to 3 and posts up to 14; thread 4 is round 2's.
  const auto proposed = commit(representative, domain::ProposeAgendaItem{1, "Övergångsregler", ""});
  EXPECT_EQ(proposed.seq, 17);
  const auto item = std::get<domain::AgendaItemProposed>(proposed.data).thread;
  EXPECT_EQ(item, 5) << "ids continue after the migrated threads";
  commit(sekretariat, domain::DecideAgendaItem{1, item, true, ""});
  commit(sekretariat, domain::MoveThread{1, item, 1});
  commit(sekretariat, domain::PinPost{1, 1, domain::PostId{14}});
  commit(sekretariat, domain::LockThread{1, 2, true});
  const auto revised = commit(sekretariat, domain::ReviseProposal{1, "## Reviderat"});
  EXPECT_EQ(std::get<domain::ProposalRevised>(revised.data).version, 2);
  const auto posted = commit(representative, post_in(1, item, "Efter revisionen"));
  EXPECT_EQ(posted.seq, 23);
  EXPECT_EQ(post_of(posted), 15);
  EXPECT_EQ(std::get<domain::PostCreated>(posted.data).proposal_version, 2);
  close();
  EXPECT_EQ(column_of(path(),
                      "SELECT id || ' ' || status || ' ' || locked || ' ' || "
                      "coalesce(pinned_post_id, 'NULL') FROM threads ORDER BY id"),
            (std::vector<std::string>{"1 accepted 0 14", "2 accepted 1 NULL", "3 accepted 0 NULL",
                                      "4 accepted 0 NULL", "5 accepted 0 NULL"}));
  EXPECT_EQ(column_of(path(), "SELECT id || ' ' || proposal_version FROM rounds ORDER BY id"),
            (std::vector<std::string>{"1 2", "2 1", "3 1"}));
  EXPECT_EQ(column_of(path(),
                      "SELECT coalesce(proposal_version, 'NULL') FROM posts "
                      "WHERE id IN (14, 15) ORDER BY id"),
            (std::vector<std::string>{"NULL", "2"}));
}

// --- version 4 to 5 ---

TEST_F(MigrationTest, Version5AddsAccountsAndTheAuditLogAfterTheAgenda) {
  EXPECT_GE(sqlite::latest_schema_version(), 5);
  load("schema_v2_demo.sql");
  open();  // migrates through 3, 4, 5 and on
  close();
  EXPECT_EQ(column_of(path(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(sqlite::latest_schema_version())});
  // Both steps' columns and tables are there.
  EXPECT_EQ(column_of(path(),
                      "SELECT name FROM pragma_table_info('threads') "
                      "WHERE name IN ('status', 'locked', 'pinned_post_id') ORDER BY name"),
            (std::vector<std::string>{"locked", "pinned_post_id", "status"}));
  EXPECT_EQ(column_of(path(),
                      "SELECT name FROM pragma_table_info('sessions') "
                      "WHERE name IN ('id', 'absolute_expires_at') ORDER BY name"),
            (std::vector<std::string>{"absolute_expires_at", "id"}));
  EXPECT_EQ(column_of(path(),
                      "SELECT name FROM sqlite_schema WHERE type = 'table' "
                      "AND name IN ('audit_log', 'invitations') ORDER BY name"),
            (std::vector<std::string>{"audit_log", "invitations"}));
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM organisations WHERE active = 1"),
            column_of(path(), "SELECT count(*) FROM organisations"));
}

// --- version 5 to 6 ---

TEST_F(MigrationTest, Version6KeepsEveryPostsTextAsItsFirstVersionAndTakesModeration) {
  load("schema_v2_demo.sql");
  const auto bodies = column_of(path(), "SELECT id || ' ' || body FROM posts ORDER BY id");
  const auto events_before = column_of(path(), "SELECT count(*) FROM events");
  open();  // migrates through 3 and on; the streams table is rebuilt under the events
  // Step 6 copied each text into post_versions; since step 17 an unedited post's one version is
  // its row in posts. Either way each migrated post has its text as its first version.
  std::vector<std::string> first_versions;
  for (const auto& round : column_of(path(), "SELECT DISTINCT round_id FROM posts")) {
    for (const auto& post :
         column_of(path(), "SELECT id FROM posts WHERE round_id = " + round + " ORDER BY id")) {
      const auto history = store().post_history(std::stoll(round), std::stoll(post));
      ASSERT_TRUE(history.ok() && history->has_value()) << post;
      ASSERT_EQ((*history)->versions.size(), 1u) << post;
      EXPECT_EQ((*history)->versions[0].version, 1);
      first_versions.push_back(post + " " + (*history)->versions[0].body);
    }
  }
  std::sort(first_versions.begin(), first_versions.end());
  auto sorted_bodies = bodies;
  std::sort(sorted_bodies.begin(), sorted_bodies.end());
  EXPECT_EQ(first_versions, sorted_bodies);
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM events"), events_before);
  EXPECT_EQ(column_of(path(), "PRAGMA foreign_key_check"), std::vector<std::string>{});

  const auto login = store().find_login("sekretariat@samrad.example");
  ASSERT_TRUE(login.ok() && login->has_value());
  const auto sekretariat = (*login)->person;
  const auto hidden = commit(sekretariat, domain::HidePost{1, 14, "Personuppgifter"});
  EXPECT_EQ(hidden.seq, 17) << "round 1's main stream goes on after its 16 migrated events";
  // A replay of the migrated stream now withholds post 14's text, and only that.
  const auto page = store().read_stream({1, domain::StreamKind::main}, 0, 100);
  ASSERT_TRUE(page.ok() && page->has_value());
  int withheld = 0;
  for (const auto& event : (*page)->events) {
    if (const auto* created = std::get_if<domain::PostCreated>(&event.data)) {
      EXPECT_EQ(created->withheld, created->post == 14) << created->post;
      if (created->withheld) {
        EXPECT_EQ(created->body, "");
        ++withheld;
      }
    }
  }
  EXPECT_EQ(withheld, 1);
}

TEST_F(MigrationTest, Version7AddsRemindersWithNoneSentBefore) {
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(),
                      "SELECT name FROM pragma_table_info('reminders') "
                      "WHERE name IN ('organisation_id', 'sent_at') ORDER BY name"),
            (std::vector<std::string>{"organisation_id", "sent_at"}));
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM reminders"), std::vector<std::string>{"0"});
  EXPECT_EQ(column_of(path(),
                      "SELECT name FROM sqlite_schema WHERE type = 'index' "
                      "AND name = 'posts_by_round_and_organisation'"),
            std::vector<std::string>{"posts_by_round_and_organisation"});
}

TEST_F(MigrationTest, Version8AddsPositionsWithNoneStatedBefore) {
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(sqlite::latest_schema_version())});
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM positions"), std::vector<std::string>{"0"});
  // A migrated round takes positions like a new one: the version follows the stored ones.
  open();
  const auto login = store().find_login("anna.lind@malmo.example");
  ASSERT_TRUE(login.ok() && login->has_value());
  const auto anna = (*login)->person;
  const auto first =
      commit(representative, domain::StatePosition{1, 0, domain::Stance::opposes, "Nej.", {}});
  const auto second =
      commit(representative,
             domain::StatePosition{1, 1, domain::Stance::supports, "Ja, efter samtal.", {}});
  EXPECT_EQ(second.seq, first.seq + 1);
  close();
  EXPECT_EQ(column_of(path(), "SELECT version || ':' || stance FROM positions ORDER BY version"),
            (std::vector<std::string>{"1:opposes", "2:supports"}));
}

TEST_F(MigrationTest, Version9AddsOutcomesAndDissentWithNoneWrittenBefore) {
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM outcomes"), std::vector<std::string>{"0"});
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM dissents"), std::vector<std::string>{"0"});
  // A migrated round is closed, given an outcome and a revision, dissent, and then decided.
  open();
  const auto person = [&](const std::string& email) {
    const auto login = store().find_login(email);
    EXPECT_TRUE(login.ok() && login->has_value()) << email;
    return login.ok() && login->has_value() ? (*login)->person : domain::Person{};
  };
  const auto sekretariat = person("sekretariat@samrad.example");
  commit(sekretariat, domain::ChangePhase{1, domain::Phase::closed});
  const auto first = commit(sekretariat, domain::WriteOutcome{1, 0, "Utfall.", {"Enighet."}, {}});
  const auto second = commit(sekretariat, domain::WriteOutcome{1, 1, "Reviderat utfall.", {}, {}});
  EXPECT_EQ(second.seq, first.seq + 1);
  commit(person("anna.lind@malmo.example"), domain::AttachDissent{1, "Vi reserverar oss."});
  commit(sekretariat, domain::ChangePhase{1, domain::Phase::decided});
  EXPECT_EQ(page(1).round.phase, domain::Phase::decided);
  close();
  EXPECT_EQ(column_of(path(), "SELECT version FROM outcomes ORDER BY version"),
            (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(column_of(path(),
                      "SELECT o.name FROM dissents d "
                      "JOIN organisations o ON o.id = d.organisation_id"),
            std::vector<std::string>{"Malmö stad"});
}

TEST_F(MigrationTest, Version10AddsAnAppendOnlyLogThatARoundDecidedAfterwardsEnters) {
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM decision_records"),
            std::vector<std::string>{"0"});
  // Round 1 of the old demo is open: closed, given an outcome and decided now, its record is
  // entry 0.
  open();
  const auto login = store().find_login("sekretariat@samrad.example");
  ASSERT_TRUE(login.ok() && login->has_value());
  const auto sekretariat = (*login)->person;
  commit(sekretariat, domain::ChangePhase{1, domain::Phase::closed});
  commit(sekretariat, domain::WriteOutcome{1, 0, "Utfall.", {}, {}});
  commit(sekretariat, domain::ChangePhase{1, domain::Phase::decided});
  close();
  EXPECT_EQ(column_of(path(), "SELECT log_index || ':' || round_id FROM decision_records"),
            std::vector<std::string>{"0:1"});
  // Nothing changes or removes an entry, not even by hand.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  for (const char* sql :
       {"UPDATE decision_records SET record = '{}'", "DELETE FROM decision_records"}) {
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_CONSTRAINT) << sql;
  }
  sqlite3_close(db);
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM decision_records"),
            std::vector<std::string>{"1"});
}

TEST_F(MigrationTest, Version11AddsApiTokensWithNoneMadeBefore) {
  EXPECT_GE(sqlite::latest_schema_version(), 11);
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(sqlite::latest_schema_version())});
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM api_tokens"), std::vector<std::string>{"0"});
  EXPECT_EQ(
      column_of(path(), "SELECT name FROM pragma_table_info('api_tokens') ORDER BY cid"),
      (std::vector<std::string>{"id", "person_id", "name", "token_hash", "scope", "created_at",
                                "last_used_at", "expires_at", "revoked_at", "revoked_by"}));
  // A migrated database takes tokens for the people it already has.
  open();
  const auto login = store().find_login("anna.lind@malmo.example");
  ASSERT_TRUE(login.ok() && login->has_value());
  const auto anna = (*login)->person.id;
  const auto made = store().write(std::vector<Work>{[&](WriteTransaction& tx) -> Appended {
    tx.accounts().insert_api_token({.token_hash = std::string(64, 'a'),
                                    .person = anna,
                                    .name = "Nattlig export",
                                    .scope = domain::TokenScope::export_,
                                    .created_at = 1000,
                                    .expires_at = 2000});
    return std::vector<domain::Event>{};
  }});
  ASSERT_TRUE(made.at(0).ok());
  const auto listed = store().list_api_tokens(anna);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).token.name, "Nattlig export");
  EXPECT_EQ(listed->at(0).owner.email, "anna.lind@malmo.example");
  close();
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM api_tokens WHERE token_hash = '" +
                                  std::string(64, 'a') + "' AND scope = 'export'"),
            std::vector<std::string>{"1"});
}

TEST_F(MigrationTest, Version12AddsMinutesWithNoneWrittenBefore) {
  EXPECT_GE(sqlite::latest_schema_version(), 12);
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM minutes"), std::vector<std::string>{"0"});
  // A migrated round's agenda item takes minutes linking a post of its thread, and a revision.
  open();
  const auto login = store().find_login("sekretariat@samrad.example");
  ASSERT_TRUE(login.ok() && login->has_value());
  const auto sekretariat = (*login)->person;
  std::optional<domain::PostCreated> post;
  for (const auto& event : page(1).events) {
    if (const auto* created = std::get_if<domain::PostCreated>(&event.data); created && !post) {
      post = *created;
    }
  }
  ASSERT_TRUE(post);
  commit(sekretariat, domain::WriteMinutes{1, post->thread, 0, "Inspel.", "", "", {post->post}});
  commit(sekretariat, domain::WriteMinutes{1, post->thread, 1, "Inspel.", "", "Kommentar.", {}});
  close();
  EXPECT_EQ(column_of(path(), "SELECT thread_id || ':' || version FROM minutes ORDER BY version"),
            (std::vector<std::string>{std::to_string(post->thread) + ":1",
                                      std::to_string(post->thread) + ":2"}));
}

TEST_F(MigrationTest, Version13AddsTheJointDocumentWithNoneWrittenBefore) {
  EXPECT_GE(sqlite::latest_schema_version(), 13);
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM joint_document_versions"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM joint_document_approvals"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(
      column_of(path(),
                "SELECT name FROM pragma_table_info('joint_document_approvals') ORDER BY cid"),
      (std::vector<std::string>{"round_id", "version", "side", "seq", "approved_by",
                                "approved_at"}));
}

TEST_F(MigrationTest, Version14IndexesEmailAddressesAsTheyAreLookedUpInAnyCase) {
  EXPECT_GE(sqlite::latest_schema_version(), 14);
  load("schema_v2_demo.sql");
  open();
  const auto login = store().find_login("SEKRETARIAT@Samrad.Example");
  ASSERT_TRUE(login.ok() && login->has_value());
  EXPECT_EQ((*login)->person.email, "sekretariat@samrad.example");
  close();
  EXPECT_EQ(column_of(path(),
                      "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND "
                      "name = 'persons_by_lower_email'"),
            std::vector<std::string>{"persons"});
}

TEST_F(MigrationTest, Version15GivesEveryStreamTheStoresEpochAndNewStreamsTakeIt) {
  EXPECT_GE(sqlite::latest_schema_version(), 15);
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(sqlite::latest_schema_version())});
  const auto epoch = column_of(path(), "SELECT epoch FROM store_epoch");
  ASSERT_EQ(epoch.size(), 1u);
  EXPECT_EQ(epoch[0].size(), 16u);
  EXPECT_EQ(epoch[0].find_first_not_of("0123456789abcdef"), std::string::npos) << epoch[0];
  EXPECT_EQ(column_of(path(), "SELECT DISTINCT epoch FROM streams"), epoch);
  open();
  EXPECT_EQ(page(1).epoch, epoch[0]);
  close();
}

TEST_F(MigrationTest, Version16AddsIdempotencyKeysWithNoneRemembered) {
  EXPECT_GE(sqlite::latest_schema_version(), 16);
  load("schema_v2_demo.sql");
  open();
  close();
  EXPECT_EQ(column_of(path(), "SELECT name FROM pragma_table_info('command_keys') ORDER BY cid"),
            (std::vector<std::string>{"person_id", "request_key", "fingerprint", "round_id",
                                      "stream", "seq", "created_at"}));
  EXPECT_EQ(column_of(path(), "SELECT count(*) FROM command_keys"), std::vector<std::string>{"0"});
}

// --- version 16 to 17 ---

TEST_F(MigrationTest, Version17KeepsTheAuditLogAndAPostsFirstVersionOnceItIsEdited) {
  EXPECT_GE(sqlite::latest_schema_version(), 17);
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const auto kept = post_of(commit(representative, post_in(round, thread, "Oförändrat inlägg")));
  const auto edited = post_of(commit(representative, post_in(round, thread, "Första lydelsen")));
  commit(representative,
         domain::EditPost{.round = round, .post = edited, .body = "Andra lydelsen"});
  close();
  // Back to what step 17 finds: the audit log's source checked with IN (...), and every post's
  // first version in post_versions.
  exec_on(path(), R"sql(
PRAGMA user_version = 16;
CREATE TABLE audit_log_16 (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, action TEXT NOT NULL,
  actor_id INTEGER REFERENCES persons (id),
  source TEXT NOT NULL CHECK (source IN ('web', 'cli', 'server')), address TEXT NOT NULL,
  round_id INTEGER, target_kind TEXT NOT NULL, target_id INTEGER,
  details TEXT NOT NULL CHECK (json_valid(details))) STRICT;
INSERT INTO audit_log_16 SELECT * FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_16 RENAME TO audit_log;
INSERT INTO post_versions SELECT id, 1, body, created_at FROM posts WHERE version = 1;
)sql");
  const auto audit_before = column_of(
      path(), "SELECT id || ' ' || action || ' ' || source || ' ' || details FROM audit_log");
  ASSERT_GE(audit_before.size(), 5u);

  open();
  close();
  EXPECT_EQ(column_of(path(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(sqlite::latest_schema_version())});
  EXPECT_EQ(column_of(path(),
                      "SELECT id || ' ' || action || ' ' || source || ' ' || details "
                      "FROM audit_log"),
            audit_before);
  EXPECT_EQ(column_of(path(),
                      "SELECT count(*) FROM sqlite_schema "
                      "WHERE tbl_name = 'audit_log' AND type IN ('index', 'trigger')"),
            std::vector<std::string>{"6"});
  EXPECT_EQ(column_of(path(),
                      "SELECT post_id || ' ' || version || ' ' || body FROM post_versions "
                      "ORDER BY post_id, version"),
            (std::vector<std::string>{std::to_string(edited) + " 1 Första lydelsen",
                                      std::to_string(edited) + " 2 Andra lydelsen"}));

  open();
  const auto unedited = store().post_history(round, kept);
  ASSERT_TRUE(unedited.ok() && unedited->has_value());
  ASSERT_EQ((*unedited)->versions.size(), 1u);
  EXPECT_EQ((*unedited)->versions[0].body, "Oförändrat inlägg");
  // Edited after the migration: its first version is copied before the row changes.
  commit(representative, domain::EditPost{.round = round, .post = kept, .body = "Ändrat inlägg"});
  const auto history = store().post_history(round, kept);
  ASSERT_TRUE(history.ok() && history->has_value());
  ASSERT_EQ((*history)->versions.size(), 2u);
  EXPECT_EQ((*history)->versions[0].body, "Oförändrat inlägg");
  EXPECT_EQ((*history)->versions[1].body, "Ändrat inlägg");
  close();
  // Still append-only.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET action = 'x'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_log", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db,
                         "INSERT INTO audit_log (at, action, source, address, target_kind, "
                         "details) VALUES (1, 'x', 'elsewhere', '', '', '{}')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace
}  // namespace samrad::store::testing
