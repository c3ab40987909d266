// Who may see a round, post in it, add threads and start rounds: every role against every phase.
#include "domain/permissions.hpp"

#include <gtest/gtest.h>

#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;

RoundAccess round(Phase phase, std::vector<OrganisationId> invited = {malmo}) {
  return RoundAccess{.id = 7, .phase = phase, .invited = std::move(invited), .head_seq = 3};
}

constexpr Phase all_phases[] = {Phase::draft, Phase::open, Phase::closed, Phase::decided};

TEST(CanViewRound, AdminAndSecretariatSeeEveryRoundInEveryPhaseWithoutInvitation) {
  for (auto role : {Role::admin, Role::secretariat}) {
    for (auto phase : all_phases) {
      EXPECT_TRUE(can_view_round(person(role, kiruna), round(phase, {malmo})))
          << to_string(role) << " " << to_string(phase);
      EXPECT_TRUE(can_view_round(person(role), round(phase, {})));
    }
  }
}

TEST(CanViewRound, InvitedRepresentativesAndObserversSeeNonDraftRounds) {
  for (auto role : {Role::representative, Role::observer}) {
    EXPECT_FALSE(can_view_round(person(role), round(Phase::draft))) << to_string(role);
    EXPECT_TRUE(can_view_round(person(role), round(Phase::open))) << to_string(role);
    EXPECT_TRUE(can_view_round(person(role), round(Phase::closed))) << to_string(role);
    EXPECT_TRUE(can_view_round(person(role), round(Phase::decided))) << to_string(role);
  }
}

TEST(CanViewRound, UninvitedRepresentativesAndObserversSeeNothing) {
  for (auto role : {Role::representative, Role::observer}) {
    for (auto phase : all_phases) {
      EXPECT_FALSE(can_view_round(person(role, kiruna), round(phase, {malmo})));
      EXPECT_FALSE(can_view_round(person(role), round(phase, {})));
    }
  }
}

TEST(CanViewRound, AnyInvitedOrganisationInTheListCounts) {
  EXPECT_TRUE(
      can_view_round(person(Role::representative, kiruna), round(Phase::open, {malmo, kiruna})));
}

TEST(CanPostInRound, InvitedRepresentativeMayPostOnlyWhileOpen) {
  EXPECT_TRUE(can_post_in_round(person(Role::representative), round(Phase::open)));
  EXPECT_FALSE(can_post_in_round(person(Role::representative), round(Phase::draft)));
  EXPECT_FALSE(can_post_in_round(person(Role::representative), round(Phase::closed)));
  EXPECT_FALSE(can_post_in_round(person(Role::representative), round(Phase::decided)));
}

TEST(CanPostInRound, ObserversNeverPost) {
  for (auto phase : all_phases) {
    EXPECT_FALSE(can_post_in_round(person(Role::observer), round(phase)));
  }
}

TEST(CanPostInRound, UninvitedRepresentativeMayNotPost) {
  EXPECT_FALSE(can_post_in_round(person(Role::representative, kiruna), round(Phase::open)));
}

TEST(CanPostInRound, SecretariatAndAdminPostInOpenRoundsWithoutInvitation) {
  for (auto role : {Role::admin, Role::secretariat}) {
    EXPECT_TRUE(can_post_in_round(person(role, kiruna), round(Phase::open)));
    EXPECT_FALSE(can_post_in_round(person(role, kiruna), round(Phase::draft)));
    EXPECT_FALSE(can_post_in_round(person(role, kiruna), round(Phase::closed)));
  }
}

TEST(CanCreateThread, SecretariatAndAdminInDraftOrOpenRounds) {
  for (auto role : {Role::admin, Role::secretariat}) {
    EXPECT_TRUE(can_create_thread(person(role, kiruna), round(Phase::draft)));
    EXPECT_TRUE(can_create_thread(person(role, kiruna), round(Phase::open)));
    EXPECT_FALSE(can_create_thread(person(role, kiruna), round(Phase::closed)));
    EXPECT_FALSE(can_create_thread(person(role, kiruna), round(Phase::decided)));
  }
}

TEST(CanCreateThread, RepresentativesAndObserversNeverEvenWhenInvited) {
  for (auto role : {Role::representative, Role::observer}) {
    for (auto phase : all_phases) {
      EXPECT_FALSE(can_create_thread(person(role), round(phase)));
    }
  }
}

TEST(CanCreateRound, OnlySecretariatAndAdmin) {
  EXPECT_TRUE(can_create_round(person(Role::admin)));
  EXPECT_TRUE(can_create_round(person(Role::secretariat)));
  EXPECT_FALSE(can_create_round(person(Role::representative)));
  EXPECT_FALSE(can_create_round(person(Role::observer)));
}

}  // namespace
}  // namespace samrad::domain
