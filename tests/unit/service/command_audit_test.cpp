// The command handler records every command it carries out in the audit log, with the caller's
// origin, in the same unit of work as the events; a refused command records nothing. On the
// in-memory transaction double; the SQLite store's side is in tests/unit/store/audit_log_test.
#include <gtest/gtest.h>

#include "memory_transaction.hpp"
#include "service/command_handler.hpp"

namespace samrad::service::testing {
namespace {

constexpr domain::Timestamp now = 1'790'000'000'000;

class CommandAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const domain::Organisation office{1, "Samrådssekretariatet", domain::OrganisationKind::other};
    const domain::Organisation malmo{2, "Malmö stad", domain::OrganisationKind::municipality};
    state.organisations = {{1, office}, {2, malmo}};
    secretariat = {1, "Sara", "sara@example.se", domain::Role::secretariat, office};
    observer = {2, "Olle", "olle@example.se", domain::Role::observer, malmo};
    state.persons = {{1, secretariat}, {2, observer}};
  }

  store::Appended run(const Caller& caller, const domain::Command& command) {
    MemoryTransaction tx(state);
    return carry_out(tx, caller, now, command, {.log_origin = "test.example/log"});
  }

  MemoryState state;
  domain::Person secretariat, observer;
};

TEST_F(CommandAuditTest, ACommandIsRecordedWithItsCallersOrigin) {
  const Caller caller{secretariat, std::nullopt, {domain::Source::web, "192.0.2.44"}};
  ASSERT_TRUE(run(caller, domain::CreateRound{.title = "Statsbidrag",
                                              .proposal = "",
                                              .phase = domain::Phase::draft,
                                              .invited = {2},
                                              .kind = domain::RoundKind::plenary,
                                              .sectors = {},
                                              .opens_at = std::nullopt,
                                              .closes_at = std::nullopt,
                                              .agenda = {"Fråga ett", "Fråga två"}})
                  .ok());
  ASSERT_EQ(state.audit_log.size(), 1u);
  const auto& record = state.audit_log.front();
  EXPECT_EQ(record.action, "create_round");
  EXPECT_EQ(record.actor, secretariat.id);
  EXPECT_EQ(record.at, now);
  EXPECT_EQ(record.origin.source, domain::Source::web);
  EXPECT_EQ(record.origin.address, "192.0.2.44");
  EXPECT_EQ(record.round, 1);
}

TEST_F(CommandAuditTest, TheServersOwnWorkIsRecordedAsTheServers) {
  const Caller caller{secretariat, std::nullopt};
  ASSERT_TRUE(run(caller, domain::CreateRound{.title = "Statsbidrag",
                                              .proposal = "",
                                              .phase = domain::Phase::open,
                                              .invited = {2},
                                              .kind = domain::RoundKind::plenary,
                                              .sectors = {},
                                              .opens_at = std::nullopt,
                                              .closes_at = std::nullopt,
                                              .agenda = {}})
                  .ok());
  EXPECT_EQ(state.audit_log.at(0).origin.source, domain::Source::server);
}

TEST_F(CommandAuditTest, ARefusedCommandIsNotRecorded) {
  const Caller caller{observer, std::nullopt, {domain::Source::web, "192.0.2.45"}};
  EXPECT_FALSE(run(caller, domain::CreateThread{.round = 99, .title = "Nej"}).ok());
  EXPECT_TRUE(state.audit_log.empty());
}

}  // namespace
}  // namespace samrad::service::testing
