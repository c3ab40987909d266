// The audit log in the real SQLite store: every round command carried out by the command
// handler is recorded in the same transaction as its events (a refused command and a failed
// commit leave nothing), the log refuses every UPDATE and DELETE, and it is read newest first
// with each filter. And a database of schema version 2 keeps its login sessions through
// migrations 3 and 4 (the agenda) and 5 (accounts).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "store/sql/sql_store.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

constexpr domain::Timestamp now = 1'790'000'000'000;

class AuditLogTest : public EveryStoreTest {
 protected:
  std::vector<AuditEntry> audit(domain::AuditQuery query = {}) {
    auto entries = store().read_audit(query);
    EXPECT_TRUE(entries.ok()) << (entries.ok() ? "" : entries.error().message);
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }

  std::vector<std::string> actions(domain::AuditQuery query = {}) {
    std::vector<std::string> names;
    for (const auto& entry : audit(std::move(query))) names.push_back(entry.record.action);
    return names;
  }
};

TEST_P(AuditLogTest, EveryCommandIsRecordedWithItsEvents) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  commit(representative, post_in(round, thread, "Malmö stad instämmer."));
  commit(secretariat, domain::ChangePhase{round, domain::Phase::closed});
  EXPECT_EQ(actions(), (std::vector<std::string>{"change_phase", "create_post", "create_thread",
                                                 "create_round"}));
  const auto post = audit({.actions = {"create_post"}}).at(0);
  EXPECT_EQ(post.record.actor, representative.id);
  EXPECT_EQ(post.record.round, round);
  EXPECT_EQ(post.record.target_kind, "post");
  ASSERT_TRUE(post.actor.has_value());
  EXPECT_EQ(post.actor->name, "Anna Lind");
  EXPECT_EQ(post.actor->organisation.name, "Malmö stad");
}

TEST_P(AuditLogTest, ARefusedCommandAndAFailedCommitLeaveNoRecord) {
  const auto round = open_round({malmo.id});
  const Work refused = command(observer, post_in(round, add_thread(round), "Får inte skriva"));
  ASSERT_FALSE(store().write(std::span(&refused, 1)).at(0).ok());
  EXPECT_EQ(count_rows("audit_log WHERE action = 'create_post'"), 0);

  open(StoreOptions{.fail_commit = [] { return true; }});
  const Work lost = command(secretariat, domain::ChangePhase{round, domain::Phase::closed});
  ASSERT_FALSE(store().write(std::span(&lost, 1)).at(0).ok());
  open();
  EXPECT_EQ(count_rows("audit_log WHERE action = 'change_phase'"), 0);
  EXPECT_EQ(count_rows("audit_log"), 2);  // create_round, create_thread
}

TEST_P(AuditLogTest, TheLogRefusesEveryChange) {
  open_round({malmo.id});
  ASSERT_EQ(count_rows("audit_log"), 1);
  EXPECT_NE(try_raw("UPDATE audit_log SET action = 'nothing'").find("append-only"),
            std::string::npos);
  EXPECT_NE(try_raw("DELETE FROM audit_log").find("append-only"), std::string::npos);
  EXPECT_NE(try_raw("UPDATE audit_log SET details = '{}' WHERE id = 1").find("append-only"),
            std::string::npos);
  EXPECT_EQ(count_rows("audit_log WHERE action = 'create_round'"), 1);
  // Appending still works.
  EXPECT_EQ(try_raw("INSERT INTO audit_log (at, action, source, address, target_kind, details) "
                    "VALUES (1, 'x', 'server', '', '', '{}')"),
            "");
}

TEST_P(AuditLogTest, IsReadNewestFirstByEveryFilterAndInPages) {
  const auto first = open_round({malmo.id}, domain::Phase::draft, "Första rundan");
  commit(secretariat, domain::InviteOrganisation{first, kiruna.id}, now + 1000);
  const auto second = open_round({kiruna.id}, domain::Phase::open, "Andra rundan");
  commit(kiruna_representative, post_in(second, add_thread(second), "Kiruna"), now + 5000);

  EXPECT_EQ(actions({.actions = {"create_round"}}),
            (std::vector<std::string>{"create_round", "create_round"}));
  EXPECT_EQ(actions({.actions = {"create_post", "invite_organisation"}}),
            (std::vector<std::string>{"create_post", "invite_organisation"}));
  EXPECT_EQ(actions({.actor = kiruna_representative.id}),
            (std::vector<std::string>{"create_post"}));
  EXPECT_EQ(actions({.round = first}),
            (std::vector<std::string>{"invite_organisation", "create_round"}));
  // Text matches the actor's name or email, the action and the details, case aside.
  EXPECT_EQ(actions({.text = "KALLE"}), (std::vector<std::string>{"create_post"}));
  EXPECT_EQ(actions({.text = "andra rundan"}), (std::vector<std::string>{"create_round"}));
  EXPECT_EQ(actions({.text = "Kiruna kommun"}).size(), 2u);  // invited, and the round's invited
  EXPECT_EQ(actions({.from = now + 1000, .to = now + 5000}),
            (std::vector<std::string>{"invite_organisation"}));

  const auto all = audit();
  ASSERT_EQ(all.size(), 5u);
  const auto page = audit({.limit = 2});
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, all[0].id);
  const auto next = audit({.before = page.back().id, .limit = 2});
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(next[0].id, all[2].id);
  EXPECT_EQ(audit({.before = all.back().id}).size(), 0u);
}

using SqliteAuditLogTest = StoreTest;

// The audit page asks for one person's or one round's entries in a log that grows with every
// post: those filters go through the log's indexes instead of reading all of it backwards, and
// so do their next pages.
TEST_F(SqliteAuditLogTest, APersonsOrARoundsEntriesAreReadThroughTheirIndex) {
  const auto plan = [&](const domain::AuditQuery& query) {
    auto db = raw();
    auto rows = db->query("EXPLAIN QUERY PLAN " +
                          sql::audit_read_sql(query, db->dialect().json_text_values));
    std::string steps;
    while (rows.step()) steps += rows.text(3) + "\n";
    return steps;
  };
  const auto read_through = [&](const domain::AuditQuery& query, const std::string& step) {
    const auto steps = plan(query);
    return steps.find(step) != std::string::npos ? ::testing::AssertionSuccess()
                                                 : ::testing::AssertionFailure() << steps;
  };
  EXPECT_TRUE(read_through({.actor = 7}, "USING INDEX audit_log_by_actor (actor_id=?)"));
  EXPECT_TRUE(read_through({.actor = 7, .before = 900},
                           "USING INDEX audit_log_by_actor (actor_id=? AND id<?)"));
  EXPECT_TRUE(read_through({.round = 3}, "USING INDEX audit_log_by_round (round_id=?)"));
  // Newest first needs no sorting step.
  EXPECT_EQ(plan({.actor = 7}).find("TEMP B-TREE"), std::string::npos);
}

std::string fixture(const std::string& name) {
  std::ifstream file(std::string(SAMRAD_STORE_FIXTURES_DIR) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST_F(SqliteAuditLogTest, MigrationFiveKeepsLoginSessionsAndEveryoneActive) {
  close();
  std::filesystem::remove(path());
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, fixture("schema_v2_demo.sql").c_str(), nullptr, nullptr, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "INSERT INTO sessions (token_hash, person_id, expires_at) "
                           "VALUES ('an-old-session', 3, 1790000999000)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  open();
  auto session = store().find_session("an-old-session", now);
  ASSERT_TRUE(session.ok() && session->has_value());
  EXPECT_EQ((*session)->expires_at, 1790000999000);
  EXPECT_EQ((*session)->absolute_expires_at, 1790000999000);
  EXPECT_EQ(count_rows("persons WHERE active = 0"), 0);
  EXPECT_EQ(count_rows("organisations WHERE active = 0"), 0);
  EXPECT_EQ(count_rows("audit_log"), 0);
  auto people = store().list_people(now);
  ASSERT_TRUE(people.ok());
  EXPECT_FALSE(people->empty());
  for (const auto& listing : *people) EXPECT_TRUE(listing.record.has_password);
}

INSTANTIATE_EVERY_STORE(AuditLogTest);

}  // namespace
}  // namespace samrad::store::testing
