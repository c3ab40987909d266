// WriteJointDocument and ApproveJointDocument: both sides write the round's joint document in
// versions while the round is open or closed, each side approves the latest version, and an
// approval names its version; every refusal in the order a person would want it explained
// (round, permission, phase, version, text).
#include <gtest/gtest.h>

#include <string>

#include "decisions.hpp"
#include "domain/audit.hpp"
#include "domain/commands.hpp"
#include "domain/text.hpp"
#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::all_kinds;
using fixtures::all_phases;
using fixtures::all_roles;
using fixtures::expect_refused;
using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;
using fixtures::single_event;

constexpr RoundId round_id = 7;
constexpr OrganisationId ministry = 4;
constexpr OrganisationId uninvited = 30;
constexpr Timestamp now = 1'795'428'900'000;  // 2026-11-23T10:15:00.000Z
const Person secretariat = person(Role::secretariat, 1);
const Person municipal = person(Role::representative, malmo, OrganisationKind::municipality);
const Person state = person(Role::representative, ministry, OrganisationKind::ministry);

RoundAccess round_in(Phase phase) {
  return RoundAccess{.id = round_id,
                     .phase = phase,
                     .invited = {malmo, kiruna, ministry},
                     .kind = RoundKind::plenary,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt,
                     .proposal_version = 1};
}

JointDocumentFacts facts(std::optional<RoundAccess> round, std::int64_t current_version = 0,
                         std::vector<Side> approved_current = {}) {
  return {.round = std::move(round),
          .current_version = current_version,
          .approved_current = std::move(approved_current),
          .now = now};
}

WriteJointDocument write(std::int64_t revises = 0, std::string text = "# Överenskommelse") {
  return {.round = round_id, .revises = revises, .text = std::move(text)};
}

ApproveJointDocument approve(std::int64_t version) {
  return {.round = round_id, .version = version};
}

TEST(DecideWriteJointDocument, AppendsTheNextVersionOnTheMainStream) {
  const auto [stream, first] =
      single_event<JointDocumentWritten>(decide(municipal, write(), facts(round_in(Phase::open))));
  EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(first.version, 1);
  EXPECT_EQ(first.text, "# Överenskommelse");
  const auto [again, third] = single_event<JointDocumentWritten>(
      decide(state, write(2, "Ny text"), facts(round_in(Phase::closed), 2)));
  EXPECT_EQ(third.version, 3);
  EXPECT_EQ(third.text, "Ny text");
}

TEST(DecideWriteJointDocument, AStaleRevisionIsAConflictThatNamesTheLatestVersion) {
  const auto stale = decide(municipal, write(1), facts(round_in(Phase::open), 2));
  expect_refused(stale, ErrorCode::conflict);
  EXPECT_NE(stale.error().message.find("version 2"), std::string::npos);
  // A first version when one exists, and a revision when none does, are conflicts too.
  expect_refused(decide(municipal, write(0), facts(round_in(Phase::open), 1)), ErrorCode::conflict);
  expect_refused(decide(municipal, write(1), facts(round_in(Phase::open), 0)), ErrorCode::conflict);
  expect_refused(decide(municipal, write(3), facts(round_in(Phase::open), 2)), ErrorCode::conflict);
}

TEST(DecideWriteJointDocument, TheSecretariatAndInvitedRepresentativesOfEitherSideWrite) {
  for (const auto role : all_roles) {
    for (const auto kind : all_kinds) {
      const auto decision =
          decide(person(role, malmo, kind), write(), facts(round_in(Phase::open)));
      if (role == Role::observer) {
        expect_refused(decision, ErrorCode::forbidden);
      } else {
        EXPECT_TRUE(decision.ok()) << to_string(role) << " " << to_string(kind);
      }
    }
  }
  // A representative whose organisation is not invited does not see the round at all.
  expect_refused(decide(person(Role::representative, uninvited, OrganisationKind::municipality),
                        write(), facts(round_in(Phase::open))),
                 ErrorCode::not_found);
  expect_refused(decide(secretariat, write(), facts(std::nullopt)), ErrorCode::not_found);
}

TEST(DecideWriteJointDocument, OnlyWhileTheRoundIsOpenOrClosed) {
  for (const auto phase : all_phases) {
    const auto decision = decide(municipal, write(), facts(round_in(phase)));
    if (phase == Phase::open || phase == Phase::closed) {
      EXPECT_TRUE(decision.ok()) << to_string(phase);
    } else {
      expect_refused(decision, ErrorCode::invalid_state);
    }
  }
  // The phase is explained before a stale version: a decided round cannot change at all.
  const auto decided = decide(secretariat, write(5), facts(round_in(Phase::decided), 2));
  expect_refused(decided, ErrorCode::invalid_state);
  EXPECT_NE(decided.error().message.find("decided"), std::string::npos);
}

TEST(DecideWriteJointDocument, TheTextIsNotBlankAndWithinTheProposalsLimit) {
  expect_refused(decide(municipal, write(0, " \n\t"), facts(round_in(Phase::open))),
                 ErrorCode::bad_request);
  expect_refused(decide(municipal, write(0, ""), facts(round_in(Phase::open))),
                 ErrorCode::bad_request);
  expect_refused(decide(municipal, write(0, std::string(max_proposal_bytes + 1, 'a')),
                        facts(round_in(Phase::open))),
                 ErrorCode::too_large);
  EXPECT_TRUE(decide(municipal, write(0, std::string(max_proposal_bytes, 'a')),
                     facts(round_in(Phase::open)))
                  .ok());
}

TEST(DecideApproveJointDocument, EachSideApprovesForItselfAndTheSecretariatForTheState) {
  const auto [stream, by_municipal] = single_event<JointDocumentApproved>(
      decide(municipal, approve(2), facts(round_in(Phase::open), 2)));
  EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(by_municipal.version, 2);
  EXPECT_EQ(by_municipal.side, Side::municipal);
  const auto [s1, by_state] = single_event<JointDocumentApproved>(
      decide(state, approve(2), facts(round_in(Phase::closed), 2, {Side::municipal})));
  EXPECT_EQ(by_state.side, Side::state);
  for (const auto role : {Role::secretariat, Role::admin}) {
    const auto [s2, by_runner] = single_event<JointDocumentApproved>(
        decide(person(role, 1), approve(2), facts(round_in(Phase::open), 2)));
    EXPECT_EQ(by_runner.side, Side::state);
  }
}

TEST(DecideApproveJointDocument, ObserversAndNeutralOrganisationsApproveForNoSide) {
  for (const auto kind : all_kinds) {
    const auto decision =
        decide(person(Role::observer, malmo, kind), approve(1), facts(round_in(Phase::open), 1));
    expect_refused(decision, ErrorCode::forbidden);
  }
  expect_refused(decide(person(Role::representative, malmo, OrganisationKind::other), approve(1),
                        facts(round_in(Phase::open), 1)),
                 ErrorCode::forbidden);
  expect_refused(decide(person(Role::representative, uninvited, OrganisationKind::ministry),
                        approve(1), facts(round_in(Phase::open), 1)),
                 ErrorCode::not_found);
}

TEST(DecideApproveJointDocument, OnlyTheLatestVersionOnceBySideWhileOpenOrClosed) {
  const auto old = decide(municipal, approve(1), facts(round_in(Phase::open), 2));
  expect_refused(old, ErrorCode::conflict);
  EXPECT_NE(old.error().message.find("version 2"), std::string::npos);
  expect_refused(decide(municipal, approve(3), facts(round_in(Phase::open), 2)),
                 ErrorCode::conflict);
  expect_refused(decide(municipal, approve(1), facts(round_in(Phase::open), 0)),
                 ErrorCode::invalid_state);
  // Once per side and version; the other side's approval does not stand in the way.
  expect_refused(decide(municipal, approve(2), facts(round_in(Phase::open), 2, {Side::municipal})),
                 ErrorCode::invalid_state);
  EXPECT_TRUE(decide(municipal, approve(2), facts(round_in(Phase::open), 2, {Side::state})).ok());
  for (const auto phase : all_phases) {
    const auto decision = decide(state, approve(1), facts(round_in(phase), 1));
    if (phase == Phase::open || phase == Phase::closed) {
      EXPECT_TRUE(decision.ok()) << to_string(phase);
    } else {
      expect_refused(decision, ErrorCode::invalid_state);
    }
  }
}

std::string details_of(const AuditRecord& record) {
  std::string details;
  for (const auto& detail : record.details) details += detail.key + "=" + detail.value + ";";
  return details;
}

Event event_of(const Person& actor, const NewEvent& decided) {
  return {.stream = decided.stream,
          .seq = 9,
          .at = now,
          .actor = actor,
          .data = decided.data,
          .access_after = std::nullopt};
}

TEST(JointDocumentAudit, TheLogNamesVersionAndSideButCopiesNoText) {
  const auto written =
      fixtures::accepted(decide(municipal, write(0, "Hemlig text"), facts(round_in(Phase::open))));
  ASSERT_EQ(written.size(), 1u);
  const auto write_record = audit_of(municipal, Command{write(0, "Hemlig text")},
                                     {event_of(municipal, written[0])}, now, Origin{});
  EXPECT_EQ(write_record.action, "write_joint_document");
  const auto write_details = details_of(write_record);
  EXPECT_NE(write_details.find("version=1"), std::string::npos) << write_details;
  EXPECT_EQ(write_details.find("Hemlig"), std::string::npos) << write_details;

  const auto approved =
      fixtures::accepted(decide(municipal, approve(1), facts(round_in(Phase::open), 1)));
  ASSERT_EQ(approved.size(), 1u);
  const auto approve_record =
      audit_of(municipal, Command{approve(1)}, {event_of(municipal, approved[0])}, now, Origin{});
  EXPECT_EQ(approve_record.action, "approve_joint_document");
  EXPECT_NE(details_of(approve_record).find("side=municipal"), std::string::npos);
}

TEST(SideSpelling, EverySideRoundTripsThroughItsWireName) {
  for (const auto side : {Side::state, Side::municipal, Side::neutral}) {
    EXPECT_EQ(side_from(to_string(side)), side);
  }
  EXPECT_EQ(side_from("staten"), std::nullopt);
}

}  // namespace
}  // namespace samrad::domain
