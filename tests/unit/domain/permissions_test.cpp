// Who may see a round and each of its streams, post in it, add threads, start and run rounds:
// every role against every phase, and for streams every side and stream kind too.
#include "domain/permissions.hpp"

#include <gtest/gtest.h>

#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::all_kinds;
using fixtures::all_phases;
using fixtures::all_roles;
using fixtures::all_streams;
using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;

RoundAccess round(Phase phase, std::vector<OrganisationId> invited = {malmo}) {
  return RoundAccess{.id = 7,
                     .phase = phase,
                     .invited = std::move(invited),
                     .kind = RoundKind::plenary,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt};
}

TEST(CanViewRound, AdminAndSecretariatSeeEveryRoundInEveryPhaseWithoutInvitation) {
  for (auto role : {Role::admin, Role::secretariat}) {
    for (auto phase : all_phases) {
      EXPECT_TRUE(can_view_round(person(role, kiruna), round(phase, {malmo})))
          << to_string(role) << " " << to_string(phase);
      EXPECT_TRUE(can_view_round(person(role), round(phase, {})));
    }
  }
}

TEST(CanViewRound, InvitedRepresentativesAndObserversSeeTheRoundInEveryPhaseDraftIncluded) {
  // A draft is shown to the invited: they are consulted on its agenda before it opens.
  for (auto role : {Role::representative, Role::observer}) {
    for (auto phase : all_phases) {
      EXPECT_TRUE(can_view_round(person(role), round(phase)))
          << to_string(role) << " " << to_string(phase);
    }
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

// --- streams ---

// The spec's audience table (protocol/README.md, "Streams"), written out by organisation kind
// (and, for the moderation stream, by role).
bool is_in_audience(Role role, OrganisationKind kind, StreamKind stream) {
  switch (stream) {
    case StreamKind::main:
      return true;
    case StreamKind::moderation:
      return role == Role::secretariat || role == Role::admin;
    case StreamKind::state_preparation:
      return kind == OrganisationKind::ministry || kind == OrganisationKind::agency;
    case StreamKind::municipal_preparation:
      return kind == OrganisationKind::municipality || kind == OrganisationKind::region ||
             kind == OrganisationKind::association;
  }
  return false;
}

// Invitation decides, in every phase: a draft is shown to those it invites.
bool sees_round(Role role, bool invited) {
  if (role == Role::admin || role == Role::secretariat) return true;
  return invited;
}

TEST(CanViewStream, EveryRoleKindPhaseInvitationAndStream) {
  int visible = 0;
  int hidden = 0;
  for (auto role : all_roles) {
    for (auto kind : all_kinds) {
      for (auto phase : all_phases) {
        for (bool invited : {true, false}) {
          const auto who = person(role, invited ? malmo : kiruna, kind);
          const auto access = round(phase, {malmo});
          for (auto stream : all_streams) {
            const bool expected = sees_round(role, invited) && is_in_audience(role, kind, stream);
            EXPECT_EQ(can_view_stream(who, access, stream), expected)
                << to_string(role) << " of a " << to_string(kind) << ", "
                << (invited ? "invited" : "uninvited") << ", " << to_string(phase) << " round, "
                << to_string(stream);
            ++(expected ? visible : hidden);
          }
        }
      }
    }
  }
  // Both answers occur often, so a constant answer cannot pass.
  EXPECT_GT(visible, 50);
  EXPECT_GT(hidden, 50);
}

TEST(CanViewStream, TheMainStreamIsExactlyTheRoundsAudience) {
  for (auto role : all_roles) {
    for (auto kind : all_kinds) {
      for (auto phase : all_phases) {
        for (const std::vector<OrganisationId>& invited :
             {std::vector<OrganisationId>{}, {malmo}, {kiruna, malmo}}) {
          const auto who = person(role, malmo, kind);
          EXPECT_EQ(can_view_stream(who, round(phase, invited), StreamKind::main),
                    can_view_round(who, round(phase, invited)));
        }
      }
    }
  }
}

TEST(CanViewStream, InvitedRepresentativesSeeTheirOwnSidesPreparationOnly) {
  const auto open = round(Phase::open);
  const auto municipal = person(Role::representative, malmo, OrganisationKind::municipality);
  EXPECT_TRUE(can_view_stream(municipal, open, StreamKind::main));
  EXPECT_TRUE(can_view_stream(municipal, open, StreamKind::municipal_preparation));
  EXPECT_FALSE(can_view_stream(municipal, open, StreamKind::state_preparation));

  const auto state = person(Role::representative, malmo, OrganisationKind::agency);
  EXPECT_TRUE(can_view_stream(state, open, StreamKind::main));
  EXPECT_TRUE(can_view_stream(state, open, StreamKind::state_preparation));
  EXPECT_FALSE(can_view_stream(state, open, StreamKind::municipal_preparation));

  const auto neutral = person(Role::representative, malmo, OrganisationKind::other);
  EXPECT_TRUE(can_view_stream(neutral, open, StreamKind::main));
  EXPECT_FALSE(can_view_stream(neutral, open, StreamKind::state_preparation));
  EXPECT_FALSE(can_view_stream(neutral, open, StreamKind::municipal_preparation));
}

TEST(CanViewStream, NeutralSecretariatAndAdminDoNotSeePreparation) {
  for (auto role : {Role::admin, Role::secretariat}) {
    const auto neutral = person(role, kiruna, OrganisationKind::other);
    for (auto phase : all_phases) {
      EXPECT_TRUE(can_view_stream(neutral, round(phase), StreamKind::main));
      EXPECT_FALSE(can_view_stream(neutral, round(phase), StreamKind::state_preparation));
      EXPECT_FALSE(can_view_stream(neutral, round(phase), StreamKind::municipal_preparation));
    }
  }
}

TEST(CanViewStream, SecretariatOfASideSeesThatSidesPreparationWithoutInvitation) {
  // Running rounds lets them see the round; the side alone decides the preparation stream.
  const auto ministry = person(Role::secretariat, kiruna, OrganisationKind::ministry);
  EXPECT_TRUE(can_view_stream(ministry, round(Phase::draft, {}), StreamKind::state_preparation));
  EXPECT_FALSE(
      can_view_stream(ministry, round(Phase::draft, {}), StreamKind::municipal_preparation));
}

TEST(CanViewStream, UninvitedHideEveryStreamFromTheSidesOwnPeople) {
  for (auto role : {Role::representative, Role::observer}) {
    const auto municipal = person(role, malmo, OrganisationKind::municipality);
    for (auto phase : all_phases) {
      for (auto stream : all_streams) {
        EXPECT_FALSE(can_view_stream(municipal, round(phase, {kiruna}), stream))
            << to_string(phase) << " " << to_string(stream);
        EXPECT_FALSE(can_view_stream(municipal, round(phase, {}), stream))
            << to_string(phase) << " " << to_string(stream);
      }
    }
    // A draft shows the invited its main stream and their own side's preparation stream (where
    // nothing can be written until it opens), never the other side's or the moderation stream.
    EXPECT_TRUE(can_view_stream(municipal, round(Phase::draft), StreamKind::main));
    EXPECT_TRUE(can_view_stream(municipal, round(Phase::draft), StreamKind::municipal_preparation));
    EXPECT_FALSE(can_view_stream(municipal, round(Phase::draft), StreamKind::state_preparation));
    EXPECT_FALSE(can_view_stream(municipal, round(Phase::draft), StreamKind::moderation));
    // Closed and decided rounds stay readable, preparation included.
    EXPECT_TRUE(
        can_view_stream(municipal, round(Phase::closed), StreamKind::municipal_preparation));
    EXPECT_TRUE(
        can_view_stream(municipal, round(Phase::decided), StreamKind::municipal_preparation));
  }
}

TEST(PreparingSide, EachPreparationStreamBelongsToOneSideAndMainToNone) {
  EXPECT_EQ(preparing_side(StreamKind::main), std::nullopt);
  EXPECT_EQ(preparing_side(StreamKind::state_preparation), Side::state);
  EXPECT_EQ(preparing_side(StreamKind::municipal_preparation), Side::municipal);
}

// --- posting, threads, rounds ---

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

TEST(CanManageRound, OnlySecretariatAndAdminOfAnyOrganisationKind) {
  for (auto kind : all_kinds) {
    EXPECT_TRUE(can_manage_round(person(Role::admin, kiruna, kind)));
    EXPECT_TRUE(can_manage_round(person(Role::secretariat, kiruna, kind)));
    EXPECT_FALSE(can_manage_round(person(Role::representative, malmo, kind)));
    EXPECT_FALSE(can_manage_round(person(Role::observer, malmo, kind)));
  }
}

}  // namespace
}  // namespace samrad::domain
