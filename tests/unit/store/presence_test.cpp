// Who is present, as the store names them (read_presence): the people asked for, with their
// organisations, and the round to decide whether the reader may see it; on every backend.
#include <gtest/gtest.h>

#include <algorithm>

#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

class PresenceTest : public EveryStoreTest {
 protected:
  RoundPresence read(domain::RoundId round, const std::vector<domain::PersonId>& people) {
    auto read = store().read_presence(round, people);
    EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
    EXPECT_TRUE(read.ok() && read->has_value()) << "no round " << round;
    return read.ok() && read->has_value() ? **read : RoundPresence{};
  }
};

TEST_P(PresenceTest, NamesThePeopleAskedForWithTheirOrganisations) {
  const auto round = open_round({malmo.id, kiruna.id});
  auto presence =
      read(round, {kiruna_representative.id, representative.id, representative.id + 1000});
  EXPECT_EQ(presence.round.id, round);
  std::sort(presence.people.begin(), presence.people.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  ASSERT_EQ(presence.people.size(), 2u) << "an id that names nobody is left out";
  const auto& anna =
      representative.id < kiruna_representative.id ? presence.people[0] : presence.people[1];
  EXPECT_EQ(anna.name, "Anna Lind");
  EXPECT_EQ(anna.role, domain::Role::representative);
  EXPECT_EQ(anna.organisation.id, malmo.id);
  EXPECT_EQ(anna.organisation.name, "Malmö stad");
  EXPECT_EQ(anna.organisation.kind, domain::OrganisationKind::municipality);
}

TEST_P(PresenceTest, NobodyAskedForIsARoundWithNobody) {
  const auto round = open_round({malmo.id});
  const auto presence = read(round, {});
  EXPECT_EQ(presence.round.id, round);
  EXPECT_TRUE(presence.people.empty());
}

TEST_P(PresenceTest, ARoundThatDoesNotExistIsNothing) {
  const auto read = store().read_presence(424242, {representative.id});
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->has_value());
}

INSTANTIATE_EVERY_STORE(PresenceTest);

}  // namespace
}  // namespace samrad::store::testing
