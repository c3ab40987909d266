// The round's life cycle as the domain decides it: phase changes (every pair of phases), the
// schedule, invitations and their withdrawal, and the server's own close at the closing time.
// Each accepted command's one event, the round as it leaves it for who may see it
// (access_after: set exactly when visibility can change), and the order of refusals: a round the
// actor may not see, then the secretariat's permission, then the phase, then the rest.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "decisions.hpp"
#include "domain/commands.hpp"
#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::accepted;
using fixtures::all_phases;
using fixtures::all_roles;
using fixtures::expect_refused;
using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;
using fixtures::single_event;

constexpr RoundId round_id = 7;
constexpr OrganisationId finansdepartementet = 4;
constexpr OrganisationId socialdepartementet = 5;
constexpr OrganisationId unknown_organisation = 999;
constexpr Timestamp now = 1'795'428'900'000;
constexpr StreamId main_stream{round_id, StreamKind::main};

const Person secretariat = person(Role::secretariat, kiruna);
const Person admin = person(Role::admin, kiruna);
const Person representative = person(Role::representative);  // of malmo, invited below
const Person observer = person(Role::observer);
const Person uninvited = person(Role::representative, kiruna);

const Organisation malmo_stad{malmo, "Malmö stad", OrganisationKind::municipality};
const Organisation kiruna_kommun{kiruna, "Kiruna kommun", OrganisationKind::municipality};
const Organisation finans{finansdepartementet, "Finansdepartementet", OrganisationKind::ministry};
const Organisation social{socialdepartementet, "Socialdepartementet", OrganisationKind::ministry};

RoundAccess round_in(Phase phase, std::vector<OrganisationId> invited = {malmo},
                     RoundKind kind = RoundKind::plenary) {
  return RoundAccess{.id = round_id,
                     .phase = phase,
                     .invited = std::move(invited),
                     .kind = kind,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt};
}

RoundAccess closing_at(RoundAccess round, Timestamp closes_at) {
  round.closes_at = closes_at;
  return round;
}

// The round's facts, counting the ministries among its invited organisations as the handler
// does (here: by their ids).
RoundFacts facts(std::optional<RoundAccess> round, Timestamp at = now) {
  std::size_t ministries = 0;
  if (round) {
    ministries = static_cast<std::size_t>(std::count_if(
        round->invited.begin(), round->invited.end(),
        [](OrganisationId id) { return id == finansdepartementet || id == socialdepartementet; }));
  }
  // With an outcome written, so that deciding is a matter of the phase alone here (outcome_test.cpp
  // refuses deciding without one).
  return RoundFacts{
      .round = std::move(round), .now = at, .ministries_invited = ministries, .outcome_version = 1};
}

InvitationFacts invitation(std::optional<RoundAccess> round,
                           std::optional<Organisation> organisation,
                           std::size_t ministries_invited = 0, bool active = true) {
  std::optional<OrganisationRecord> record;
  if (organisation) record = OrganisationRecord{.organisation = *organisation, .active = active};
  return InvitationFacts{.round = std::move(round),
                         .organisation = std::move(record),
                         .ministries_invited = ministries_invited};
}

ChangePhase to(Phase phase) {
  return ChangePhase{.round = round_id, .phase = phase};
}

SetSchedule schedule(std::optional<Timestamp> opens_at, std::optional<Timestamp> closes_at) {
  return SetSchedule{.round = round_id, .opens_at = opens_at, .closes_at = closes_at};
}

InviteOrganisation invite(OrganisationId organisation) {
  return InviteOrganisation{.round = round_id, .organisation = organisation};
}

WithdrawInvitation withdraw(OrganisationId organisation) {
  return WithdrawInvitation{.round = round_id, .organisation = organisation};
}

constexpr CloseAtClosingTime close_due{.round = round_id};

// The one event's access_after, checked to be there.
RoundAccess access_after(const Decision& decision) {
  const auto events = accepted(decision);
  if (events.size() != 1 || !events.front().access_after) {
    ADD_FAILURE() << "expected one event with access_after";
    return {};
  }
  return *events.front().access_after;
}

std::optional<RoundAccess> no_access_change(const Decision& decision) {
  const auto events = accepted(decision);
  return events.empty() ? std::nullopt : events.front().access_after;
}

void expect_same_round(const RoundAccess& after, const RoundAccess& before) {
  EXPECT_EQ(after.id, before.id);
  EXPECT_EQ(after.phase, before.phase);
  EXPECT_EQ(after.invited, before.invited);
  EXPECT_EQ(after.kind, before.kind);
  EXPECT_EQ(after.opens_at, before.opens_at);
  EXPECT_EQ(after.closes_at, before.closes_at);
}

bool spelled_out(const Phase from, const Phase to_phase) {
  return (from == Phase::draft && to_phase == Phase::open) ||
         (from == Phase::open && to_phase == Phase::closed) ||
         (from == Phase::closed && to_phase == Phase::decided);
}

// --- ChangePhase ---

TEST(DecideChangePhase, OnlyDraftOpenOpenClosedAndClosedDecidedOfAllPairs) {
  for (const auto from : all_phases) {
    for (const auto target : all_phases) {
      SCOPED_TRACE(std::string(to_string(from)) + " -> " + std::string(to_string(target)));
      EXPECT_EQ(is_valid_transition(from, target), spelled_out(from, target));
      const auto decision = decide(secretariat, to(target), facts(round_in(from)));
      if (!spelled_out(from, target)) {
        expect_refused(decision, ErrorCode::invalid_state);
        // The message says which move was refused.
        ASSERT_FALSE(decision.ok());
        EXPECT_NE(decision.error().message.find(std::string(to_string(from))), std::string::npos)
            << decision.error().message;
        EXPECT_NE(decision.error().message.find(std::string(to_string(target))), std::string::npos)
            << decision.error().message;
        continue;
      }
      const auto [stream, changed] = single_event<PhaseChanged>(decision);
      EXPECT_EQ(stream, main_stream);
      EXPECT_EQ(changed.previous, from);
      EXPECT_EQ(changed.phase, target);
      EXPECT_FALSE(changed.automatic);
    }
  }
}

TEST(DecideChangePhase, TheRoundAfterIsTheRoundInItsNewPhase) {
  auto before =
      closing_at(round_in(Phase::draft, {malmo, kiruna, finansdepartementet}, RoundKind::bilateral),
                 now + 60'000);
  before.opens_at = now - 60'000;
  const auto after = access_after(decide(secretariat, to(Phase::open), facts(before)));
  auto expected = before;
  expected.phase = Phase::open;
  expect_same_round(after, expected);

  const auto closed =
      access_after(decide(admin, to(Phase::closed), facts(round_in(Phase::open, {kiruna}))));
  EXPECT_EQ(closed.phase, Phase::closed);
  EXPECT_EQ(closed.invited, (std::vector<OrganisationId>{kiruna}));
  EXPECT_EQ(access_after(decide(admin, to(Phase::decided), facts(round_in(Phase::closed)))).phase,
            Phase::decided);
}

TEST(DecideChangePhase, OpeningNeedsAnInvitedOrganisation) {
  const auto decision = decide(secretariat, to(Phase::open), facts(round_in(Phase::draft, {})));
  expect_refused(decision, ErrorCode::invalid_state);
  EXPECT_TRUE(decide(secretariat, to(Phase::open), facts(round_in(Phase::draft, {kiruna}))).ok());
}

TEST(DecideChangePhase, OpeningNeedsAClosingTimeStillToCome) {
  const auto draft = round_in(Phase::draft);
  expect_refused(decide(secretariat, to(Phase::open), facts(closing_at(draft, now))),
                 ErrorCode::invalid_state);
  expect_refused(decide(secretariat, to(Phase::open), facts(closing_at(draft, now - 1))),
                 ErrorCode::invalid_state);
  EXPECT_TRUE(decide(secretariat, to(Phase::open), facts(closing_at(draft, now + 1))).ok());
  EXPECT_TRUE(decide(secretariat, to(Phase::open), facts(draft)).ok()) << "no closing time at all";
  // The time is the facts' time, not the clock's.
  EXPECT_TRUE(decide(secretariat, to(Phase::open), facts(closing_at(draft, now), now - 1)).ok());
}

TEST(DecideChangePhase, ABilateralRoundOpensWithExactlyOneMinistry) {
  const auto bilateral = [](std::vector<OrganisationId> invited) {
    return round_in(Phase::draft, std::move(invited), RoundKind::bilateral);
  };
  EXPECT_TRUE(
      decide(secretariat, to(Phase::open), facts(bilateral({malmo, finansdepartementet}))).ok());
  // Its ministry was withdrawn while a draft, or a second one came (swapping them).
  const auto without = decide(secretariat, to(Phase::open), facts(bilateral({malmo, kiruna})));
  expect_refused(without, ErrorCode::invalid_state);
  EXPECT_NE(without.error().message.find("ministry"), std::string::npos);
  expect_refused(decide(secretariat, to(Phase::open),
                        facts(bilateral({malmo, finansdepartementet, socialdepartementet}))),
                 ErrorCode::invalid_state);
  // A plenary round opens with any number of ministries, none included.
  EXPECT_TRUE(decide(secretariat, to(Phase::open), facts(round_in(Phase::draft, {malmo}))).ok());
  EXPECT_TRUE(
      decide(secretariat, to(Phase::open),
             facts(round_in(Phase::draft, {malmo, finansdepartementet, socialdepartementet})))
          .ok());
  // Only opening counts them: an open bilateral round that lost its ministry still closes.
  auto open = bilateral({malmo});
  open.phase = Phase::open;
  EXPECT_TRUE(decide(secretariat, to(Phase::closed), facts(open)).ok());
  // The invitation is looked at first, then the ministry, then the closing time.
  const auto nobody = decide(secretariat, to(Phase::open), facts(closing_at(bilateral({}), now)));
  expect_refused(nobody, ErrorCode::invalid_state);
  EXPECT_NE(nobody.error().message.find("nvite"), std::string::npos) << nobody.error().message;
  const auto no_ministry =
      decide(secretariat, to(Phase::open), facts(closing_at(bilateral({malmo}), now)));
  EXPECT_NE(no_ministry.error().message.find("ministry"), std::string::npos)
      << no_ministry.error().message;
}

TEST(DecideChangePhase, ClosingByHandNeedsNoClosingTime) {
  EXPECT_TRUE(decide(secretariat, to(Phase::closed), facts(round_in(Phase::open))).ok());
  EXPECT_TRUE(
      decide(secretariat, to(Phase::closed), facts(closing_at(round_in(Phase::open), now + 1)))
          .ok());
  EXPECT_TRUE(
      decide(secretariat, to(Phase::closed), facts(closing_at(round_in(Phase::open), now - 1)))
          .ok());
}

TEST(DecideChangePhase, ARoundTheActorMayNotSeeIsNotFoundThenOnlyTheSecretariatMayChangeIt) {
  expect_refused(decide(secretariat, to(Phase::open), facts(std::nullopt)), ErrorCode::not_found);
  expect_refused(decide(uninvited, to(Phase::closed), facts(round_in(Phase::open))),
                 ErrorCode::not_found);
  // A draft is seen by those it invites too, who may not open it; the uninvited see nothing.
  expect_refused(decide(representative, to(Phase::open), facts(round_in(Phase::draft))),
                 ErrorCode::forbidden);
  expect_refused(decide(uninvited, to(Phase::open), facts(round_in(Phase::draft))),
                 ErrorCode::not_found);
  expect_refused(decide(representative, to(Phase::closed), facts(round_in(Phase::open))),
                 ErrorCode::forbidden);
  expect_refused(decide(observer, to(Phase::closed), facts(round_in(Phase::open))),
                 ErrorCode::forbidden);
  // The secretariat and admins need no invitation.
  EXPECT_TRUE(decide(admin, to(Phase::closed), facts(round_in(Phase::open, {}))).ok());
  EXPECT_TRUE(decide(secretariat, to(Phase::closed), facts(round_in(Phase::open, {}))).ok());
}

TEST(DecideChangePhase, RefusalsComeInOrderVisibilityPermissionTransitionOpening) {
  // Each breaks every later rule too: a move back to draft, and an opening without invitation.
  expect_refused(decide(uninvited, to(Phase::draft), facts(round_in(Phase::open))),
                 ErrorCode::not_found);
  expect_refused(decide(representative, to(Phase::draft), facts(round_in(Phase::open))),
                 ErrorCode::forbidden);
  const auto transition =
      decide(secretariat, to(Phase::draft), facts(closing_at(round_in(Phase::open, {}), now)));
  expect_refused(transition, ErrorCode::invalid_state);
  EXPECT_NE(transition.error().message.find("open"), std::string::npos);
  // Opening: the invitation is looked at before the closing time; both say invalid_state.
  const auto opening =
      decide(secretariat, to(Phase::open), facts(closing_at(round_in(Phase::draft, {}), now)));
  expect_refused(opening, ErrorCode::invalid_state);
  EXPECT_NE(opening.error().message.find("nvite"), std::string::npos) << opening.error().message;
}

// --- SetSchedule ---

TEST(DecideSetSchedule, DraftAndOpenRoundsTakeANewScheduleAsOneEvent) {
  for (const auto phase : {Phase::draft, Phase::open}) {
    SCOPED_TRACE(std::string(to_string(phase)));
    const auto decision =
        decide(secretariat, schedule(now - 5000, now + 5000), facts(round_in(phase)));
    const auto [stream, changed] = single_event<ScheduleChanged>(decision);
    EXPECT_EQ(stream, main_stream);
    EXPECT_EQ(changed.opens_at, now - 5000);
    EXPECT_EQ(changed.closes_at, now + 5000);
    EXPECT_EQ(no_access_change(decision), std::nullopt) << "nobody's view changes";
  }
}

TEST(DecideSetSchedule, EitherTimeMayBeClearedOrLeftOut) {
  const auto open = closing_at(round_in(Phase::open), now + 10);
  const auto cleared = single_event<ScheduleChanged>(
      decide(secretariat, schedule(std::nullopt, std::nullopt), facts(open)));
  EXPECT_EQ(cleared.second.opens_at, std::nullopt);
  EXPECT_EQ(cleared.second.closes_at, std::nullopt);
  EXPECT_TRUE(decide(secretariat, schedule(now + 100, std::nullopt), facts(open)).ok());
  EXPECT_TRUE(decide(secretariat, schedule(std::nullopt, now + 1), facts(open)).ok());
}

TEST(DecideSetSchedule, ClosedAndDecidedRoundsKeepTheirSchedule) {
  for (const auto phase : {Phase::closed, Phase::decided}) {
    expect_refused(decide(secretariat, schedule(std::nullopt, now + 5000), facts(round_in(phase))),
                   ErrorCode::invalid_state);
  }
}

TEST(DecideSetSchedule, AnOpenRoundWhoseClosingTimeHasComeIsClosedAlready) {
  // In the moment before the server's own close is committed, the secretariat cannot move the
  // closing time and reopen the round for posts that were refused a moment earlier.
  const auto due = closing_at(round_in(Phase::open), now);
  expect_refused(decide(secretariat, schedule(std::nullopt, now + 60000), facts(due)),
                 ErrorCode::invalid_state);
  EXPECT_TRUE(decide(secretariat, schedule(std::nullopt, now + 60000),
                     facts(closing_at(round_in(Phase::open), now + 1)))
                  .ok());
}

TEST(DecideSetSchedule, TheClosingTimeComesAfterTheOpeningTimeAndIsNotPast) {
  const auto draft = round_in(Phase::draft);
  expect_refused(decide(secretariat, schedule(now + 100, now + 100), facts(draft)),
                 ErrorCode::bad_request);
  expect_refused(decide(secretariat, schedule(now + 100, now + 99), facts(draft)),
                 ErrorCode::bad_request);
  EXPECT_TRUE(decide(secretariat, schedule(now + 100, now + 101), facts(draft)).ok());
  expect_refused(decide(secretariat, schedule(std::nullopt, now), facts(draft)),
                 ErrorCode::bad_request);
  expect_refused(decide(secretariat, schedule(now - 100, now - 1), facts(draft)),
                 ErrorCode::bad_request);
  EXPECT_TRUE(decide(secretariat, schedule(std::nullopt, now + 1), facts(draft)).ok());
}

TEST(DecideSetSchedule, RefusalsComeInOrderVisibilityPermissionPhaseTimes) {
  const auto bad = schedule(now + 100, now - 100);
  expect_refused(decide(secretariat, bad, facts(std::nullopt)), ErrorCode::not_found);
  expect_refused(decide(uninvited, bad, facts(round_in(Phase::closed))), ErrorCode::not_found);
  expect_refused(decide(observer, bad, facts(round_in(Phase::closed))), ErrorCode::forbidden);
  expect_refused(decide(representative, bad, facts(round_in(Phase::open))), ErrorCode::forbidden);
  expect_refused(decide(secretariat, bad, facts(round_in(Phase::closed))),
                 ErrorCode::invalid_state);
  expect_refused(decide(secretariat, bad, facts(round_in(Phase::open))), ErrorCode::bad_request);
}

// --- InviteOrganisation ---

TEST(DecideInviteOrganisation, TheEventNamesTheOrganisationAndTheRoundAfterInvitesItToo) {
  for (const auto phase : {Phase::draft, Phase::open}) {
    SCOPED_TRACE(std::string(to_string(phase)));
    auto before = closing_at(round_in(phase, {malmo, finansdepartementet}), now + 10);
    const auto decision = decide(secretariat, invite(kiruna), invitation(before, kiruna_kommun));
    const auto [stream, invited] = single_event<OrganisationInvited>(decision);
    EXPECT_EQ(stream, main_stream);
    EXPECT_EQ(invited.organisation.id, kiruna);
    EXPECT_EQ(invited.organisation.name, "Kiruna kommun");
    EXPECT_EQ(invited.organisation.kind, OrganisationKind::municipality);
    auto expected = before;
    expected.invited = {malmo, kiruna, finansdepartementet};  // sorted by id
    expect_same_round(access_after(decision), expected);
  }
}

TEST(DecideInviteOrganisation, ClosedAndDecidedRoundsTakeNoNewOrganisations) {
  for (const auto phase : {Phase::closed, Phase::decided}) {
    expect_refused(decide(secretariat, invite(kiruna), invitation(round_in(phase), kiruna_kommun)),
                   ErrorCode::invalid_state);
  }
}

TEST(DecideInviteOrganisation, AnUnknownOrganisationIsNotFoundByItsId) {
  const auto decision = decide(secretariat, invite(unknown_organisation),
                               invitation(round_in(Phase::open), std::nullopt));
  expect_refused(decision, ErrorCode::not_found);
  EXPECT_NE(decision.error().message.find("999"), std::string::npos) << decision.error().message;
}

TEST(DecideInviteOrganisation, ADeactivatedOrganisationIsNotInvited) {
  for (const auto phase : {Phase::draft, Phase::open}) {
    SCOPED_TRACE(std::string(to_string(phase)));
    const auto decision =
        decide(secretariat, invite(kiruna), invitation(round_in(phase), kiruna_kommun, 0, false));
    expect_refused(decision, ErrorCode::invalid_state);
    EXPECT_NE(decision.error().message.find("Kiruna kommun"), std::string::npos)
        << decision.error().message;
  }
  // After the phase: a closed round says so, whatever the organisation.
  expect_refused(decide(secretariat, invite(kiruna),
                        invitation(round_in(Phase::closed), kiruna_kommun, 0, false)),
                 ErrorCode::invalid_state);
  // Before "already invited": a deactivated organisation still on a round is not invited again.
  expect_refused(
      decide(secretariat, invite(malmo), invitation(round_in(Phase::open), malmo_stad, 0, false)),
      ErrorCode::invalid_state);
}

TEST(DecideInviteOrganisation, AnOrganisationAlreadyInvitedIsAConflict) {
  expect_refused(decide(secretariat, invite(malmo), invitation(round_in(Phase::open), malmo_stad)),
                 ErrorCode::conflict);
}

TEST(DecideInviteOrganisation, ABilateralRoundHasOneMinistry) {
  const auto bilateral = round_in(Phase::open, {malmo, finansdepartementet}, RoundKind::bilateral);
  expect_refused(decide(secretariat, invite(socialdepartementet), invitation(bilateral, social, 1)),
                 ErrorCode::bad_request);
  // Other organisations are welcome, and so is a ministry once the first is gone.
  EXPECT_TRUE(decide(secretariat, invite(kiruna), invitation(bilateral, kiruna_kommun, 1)).ok());
  const auto without = round_in(Phase::open, {malmo}, RoundKind::bilateral);
  EXPECT_TRUE(
      decide(secretariat, invite(socialdepartementet), invitation(without, social, 0)).ok());
  // A plenary round takes every ministry concerned.
  const auto plenary = round_in(Phase::open, {malmo, finansdepartementet});
  EXPECT_TRUE(
      decide(secretariat, invite(socialdepartementet), invitation(plenary, social, 1)).ok());
}

TEST(DecideInviteOrganisation, RefusalsComeInOrderVisibilityPermissionPhaseOrganisationConflict) {
  const auto closed_bilateral =
      round_in(Phase::closed, {malmo, finansdepartementet}, RoundKind::bilateral);
  expect_refused(decide(secretariat, invite(malmo), invitation(std::nullopt, malmo_stad)),
                 ErrorCode::not_found);
  expect_refused(decide(uninvited, invite(malmo), invitation(closed_bilateral, std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(decide(representative, invite(malmo), invitation(closed_bilateral, std::nullopt)),
                 ErrorCode::forbidden);
  expect_refused(
      decide(secretariat, invite(unknown_organisation), invitation(closed_bilateral, std::nullopt)),
      ErrorCode::invalid_state);
  auto open_bilateral = closed_bilateral;
  open_bilateral.phase = Phase::open;
  expect_refused(decide(secretariat, invite(unknown_organisation),
                        invitation(open_bilateral, std::nullopt, 1)),
                 ErrorCode::not_found);
  // The bilateral round's own ministry again: a conflict, not a second ministry.
  expect_refused(
      decide(secretariat, invite(finansdepartementet), invitation(open_bilateral, finans, 1)),
      ErrorCode::conflict);
}

// --- WithdrawInvitation ---

TEST(DecideWithdrawInvitation, TheEventNamesTheOrganisationAndTheRoundAfterNoLongerInvitesIt) {
  for (const auto phase : {Phase::draft, Phase::open, Phase::closed}) {
    SCOPED_TRACE(std::string(to_string(phase)));
    const auto before = round_in(phase, {malmo, kiruna, finansdepartementet});
    const auto decision = decide(secretariat, withdraw(kiruna), invitation(before, kiruna_kommun));
    const auto [stream, withdrawn] = single_event<InvitationWithdrawn>(decision);
    EXPECT_EQ(stream, main_stream);
    EXPECT_EQ(withdrawn.organisation.id, kiruna);
    EXPECT_EQ(withdrawn.organisation.name, "Kiruna kommun");
    auto expected = before;
    expected.invited = {malmo, finansdepartementet};
    expect_same_round(access_after(decision), expected);
  }
}

TEST(DecideWithdrawInvitation, TheLastOrganisationMayGo) {
  const auto after =
      access_after(decide(admin, withdraw(malmo), invitation(round_in(Phase::open), malmo_stad)));
  EXPECT_TRUE(after.invited.empty());
  EXPECT_EQ(after.phase, Phase::open);
}

TEST(DecideWithdrawInvitation, ADeactivatedOrganisationsInvitationMayBeWithdrawn) {
  const auto [stream, withdrawn] = single_event<InvitationWithdrawn>(decide(
      secretariat, withdraw(malmo), invitation(round_in(Phase::open), malmo_stad, 0, false)));
  EXPECT_EQ(withdrawn.organisation.id, malmo);
}

TEST(DecideWithdrawInvitation, ADecidedRoundsParticipantsAreFinal) {
  expect_refused(
      decide(secretariat, withdraw(malmo), invitation(round_in(Phase::decided), malmo_stad)),
      ErrorCode::invalid_state);
}

TEST(DecideWithdrawInvitation, AnOrganisationNotInvitedOrUnknownIsNotFound) {
  expect_refused(
      decide(secretariat, withdraw(kiruna), invitation(round_in(Phase::open), kiruna_kommun)),
      ErrorCode::not_found);
  expect_refused(decide(secretariat, withdraw(unknown_organisation),
                        invitation(round_in(Phase::open), std::nullopt)),
                 ErrorCode::not_found);
}

TEST(DecideWithdrawInvitation, RefusalsComeInOrderVisibilityPermissionPhaseInvitation) {
  expect_refused(decide(secretariat, withdraw(kiruna), invitation(std::nullopt, kiruna_kommun)),
                 ErrorCode::not_found);
  expect_refused(
      decide(uninvited, withdraw(kiruna), invitation(round_in(Phase::decided), kiruna_kommun)),
      ErrorCode::not_found);
  // The representative of the invited organisation may not withdraw it either.
  expect_refused(
      decide(representative, withdraw(malmo), invitation(round_in(Phase::decided), malmo_stad)),
      ErrorCode::forbidden);
  expect_refused(
      decide(secretariat, withdraw(kiruna), invitation(round_in(Phase::decided), kiruna_kommun)),
      ErrorCode::invalid_state);
}

// --- CloseAtClosingTime ---

TEST(DecideCloseAtClosingTime, AnOpenRoundWhoseTimeHasComeClosesAutomatically) {
  for (const auto closes_at : {now, now - 1, now - 86'400'000}) {
    const auto before = closing_at(round_in(Phase::open, {malmo, kiruna}), closes_at);
    const auto decision = decide(secretariat, close_due, facts(before));
    const auto [stream, changed] = single_event<PhaseChanged>(decision);
    EXPECT_EQ(stream, main_stream);
    EXPECT_EQ(changed.previous, Phase::open);
    EXPECT_EQ(changed.phase, Phase::closed);
    EXPECT_TRUE(changed.automatic);
    auto expected = before;
    expected.phase = Phase::closed;
    expect_same_round(access_after(decision), expected);
  }
}

TEST(DecideCloseAtClosingTime, NotBeforeItsTimeNorWithoutOne) {
  expect_refused(decide(secretariat, close_due, facts(closing_at(round_in(Phase::open), now + 1))),
                 ErrorCode::invalid_state);
  expect_refused(decide(secretariat, close_due, facts(round_in(Phase::open))),
                 ErrorCode::invalid_state);
}

TEST(DecideCloseAtClosingTime, OnlyAnOpenRoundCloses) {
  // Closed by hand meanwhile, or never opened: nothing to do.
  for (const auto phase : {Phase::draft, Phase::closed, Phase::decided}) {
    expect_refused(decide(secretariat, close_due, facts(closing_at(round_in(phase), now - 1))),
                   ErrorCode::invalid_state);
  }
  expect_refused(decide(secretariat, close_due, facts(std::nullopt)), ErrorCode::not_found);
}

TEST(DecideCloseAtClosingTime, TheServerClosesWhoeverIsNamedAsTheActor) {
  // The actor is the person who set the closing time; the close is the server's own act, so a
  // role changed since then does not keep the round open.
  const auto due = closing_at(round_in(Phase::open), now);
  for (const auto role : all_roles) {
    EXPECT_TRUE(decide(person(role, kiruna), close_due, facts(due)).ok()) << to_string(role);
  }
}

// --- every life-cycle command ---

TEST(CommandNames, EachCommandIsNamedAsItsRequest) {
  EXPECT_EQ(name_of(CreateRound{}), "create_round");
  EXPECT_EQ(name_of(CreateThread{}), "create_thread");
  EXPECT_EQ(name_of(CreatePost{}), "create_post");
  EXPECT_EQ(name_of(to(Phase::open)), "change_phase");
  EXPECT_EQ(name_of(schedule(std::nullopt, std::nullopt)), "set_schedule");
  EXPECT_EQ(name_of(invite(malmo)), "invite_organisation");
  EXPECT_EQ(name_of(withdraw(malmo)), "withdraw_invitation");
  EXPECT_EQ(name_of(close_due), "close_at_closing_time");
}

TEST(AccessAfter, IsSetExactlyByPhaseChangesAndInvitationChanges) {
  const auto open = closing_at(round_in(Phase::open, {malmo}), now - 1);
  EXPECT_TRUE(no_access_change(decide(secretariat, to(Phase::closed), facts(open))));
  EXPECT_TRUE(no_access_change(decide(secretariat, close_due, facts(open))));
  EXPECT_TRUE(
      no_access_change(decide(secretariat, invite(kiruna), invitation(open, kiruna_kommun))));
  EXPECT_TRUE(no_access_change(decide(secretariat, withdraw(malmo), invitation(open, malmo_stad))));
  EXPECT_FALSE(no_access_change(
      decide(secretariat, schedule(std::nullopt, now + 1), facts(round_in(Phase::open)))));
  const auto thread = decide(secretariat, CreateThread{.round = round_id, .title = "Fråga"},
                             CreateThreadFacts{.round = open, .new_thread = 3});
  EXPECT_FALSE(no_access_change(thread));
  const auto post =
      decide(representative, CreatePost{round_id, 3, std::nullopt, "Hej"},
             CreatePostFacts{
                 .round = round_in(Phase::open),
                 .thread = ThreadFacts{.id = 3, .round = round_id, .pinned_post = std::nullopt},
                 .reply_to = std::nullopt,
                 .new_post = 4});
  EXPECT_FALSE(no_access_change(post));
}

}  // namespace
}  // namespace samrad::domain
