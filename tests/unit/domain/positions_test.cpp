// StatePosition: a representative of an invited organisation states its position on an open
// round's proposal, or revises it; every refusal in the order a person would want it explained
// (round, permission, phase, version, texts, points).
#include <gtest/gtest.h>

#include <string>

#include "decisions.hpp"
#include "domain/audit.hpp"
#include "domain/commands.hpp"
#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::all_phases;
using fixtures::all_roles;
using fixtures::expect_refused;
using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;
using fixtures::single_event;

constexpr RoundId round_id = 7;
constexpr Timestamp now = 1'795'428'900'000;  // 2026-11-23T10:15:00.000Z
const Person representative = person(Role::representative, malmo, OrganisationKind::municipality);

RoundAccess round_in(Phase phase, std::vector<OrganisationId> invited = {malmo, kiruna}) {
  return RoundAccess{.id = round_id,
                     .phase = phase,
                     .invited = std::move(invited),
                     .kind = RoundKind::plenary,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt,
                     .proposal_version = 1};
}

ThreadFacts point_thread(ThreadId id, StreamKind stream = StreamKind::main,
                         AgendaStatus status = AgendaStatus::accepted, RoundId round = round_id) {
  return {.id = id, .round = round, .stream = stream, .status = status};
}

StatePosition position(Stance stance = Stance::supports, std::string motivation = "Vi tillstyrker.",
                       std::int64_t revises = 0, std::vector<PointPosition> points = {}) {
  return {.round = round_id,
          .revises = revises,
          .stance = stance,
          .motivation = std::move(motivation),
          .points = std::move(points)};
}

PositionFacts facts(std::optional<RoundAccess> round, std::int64_t current_version = 0,
                    std::vector<std::optional<ThreadFacts>> points = {}) {
  return {.round = std::move(round),
          .current_version = current_version,
          .points = std::move(points),
          .now = now};
}

TEST(DecideStatePosition, AppendsPositionStatedOnTheMainStreamForTheActorsOrganisation) {
  const auto [stream, stated] = single_event<PositionStated>(
      decide(representative,
             position(Stance::supports_with_reservations, "Med förbehåll.", 0,
                      {{4, Stance::opposes, "Inte denna punkt."}}),
             facts(round_in(Phase::open), 0, {point_thread(4)})));
  EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(stated.organisation.id, malmo);
  EXPECT_EQ(stated.version, 1);
  EXPECT_EQ(stated.stance, Stance::supports_with_reservations);
  EXPECT_EQ(stated.motivation, "Med förbehåll.");
  ASSERT_EQ(stated.points.size(), 1u);
  EXPECT_EQ(stated.points[0].thread, 4);
  EXPECT_EQ(stated.points[0].stance, Stance::opposes);
  EXPECT_EQ(stated.points[0].motivation, "Inte denna punkt.");
}

TEST(DecideStatePosition, ARevisionOfTheLatestVersionIsTheNextVersion) {
  const auto [stream, stated] = single_event<PositionStated>(
      decide(representative, position(Stance::opposes, "Vi har ändrat oss.", 3),
             facts(round_in(Phase::open), 3)));
  EXPECT_EQ(stated.version, 4);
}

TEST(DecideStatePosition, ARevisionOfAnOlderVersionIsAConflictNamingTheLatest) {
  const auto decision =
      decide(representative, position(Stance::opposes, "Nej.", 1), facts(round_in(Phase::open), 2));
  expect_refused(decision, ErrorCode::conflict);
  EXPECT_NE(decision.error().message.find("version 2"), std::string::npos);
  // A first position when one exists, and a revision when none does, are conflicts too.
  expect_refused(decide(representative, position(), facts(round_in(Phase::open), 1)),
                 ErrorCode::conflict);
  expect_refused(
      decide(representative, position(Stance::supports, "Ja.", 1), facts(round_in(Phase::open), 0)),
      ErrorCode::conflict);
}

TEST(DecideStatePosition, OnlyRepresentativesOfInvitedOrganisationsStateAPosition) {
  for (const auto role : all_roles) {
    const auto decision = decide(person(role, malmo), position(), facts(round_in(Phase::open)));
    // An observer of an invited organisation sees the round but states nothing; the
    // secretariat and admins see every round and answer for no organisation.
    if (role == Role::representative) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::forbidden);
    }
  }
  // A withdrawn organisation no longer sees the round, so it does not exist for it.
  expect_refused(decide(representative, position(), facts(round_in(Phase::open, {kiruna}))),
                 ErrorCode::not_found);
}

TEST(DecideStatePosition, ThereIsNoRoundToStateAPositionInWhenItIsMissing) {
  expect_refused(decide(representative, position(), facts(std::nullopt)), ErrorCode::not_found);
}

TEST(DecideStatePosition, PositionsAreStatedOnlyWhileTheRoundIsOpen) {
  for (const auto phase : all_phases) {
    const auto decision = decide(representative, position(), facts(round_in(phase)));
    if (phase == Phase::open) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::invalid_state);
    }
  }
  // An open round whose closing time has come is closed, even before the server closes it.
  auto due = round_in(Phase::open);
  due.closes_at = now;
  expect_refused(decide(representative, position(), facts(due)), ErrorCode::invalid_state);
}

TEST(DecideStatePosition, EveryStanceButNoCommentsNeedsAMotivation) {
  for (const auto stance :
       {Stance::supports, Stance::supports_with_reservations, Stance::opposes, Stance::abstains}) {
    expect_refused(decide(representative, position(stance, ""), facts(round_in(Phase::open))),
                   ErrorCode::bad_request);
    expect_refused(
        decide(representative, position(stance, " \u00a0\n"), facts(round_in(Phase::open))),
        ErrorCode::bad_request);
  }
  const auto [stream, stated] = single_event<PositionStated>(
      decide(representative, position(Stance::no_comments, ""), facts(round_in(Phase::open))));
  EXPECT_EQ(stated.stance, Stance::no_comments);
  EXPECT_EQ(stated.motivation, "");
}

TEST(DecideStatePosition, TextsAreBoundedInBytes) {
  const std::string at_limit(max_body_bytes, 'a');
  EXPECT_TRUE(
      decide(representative, position(Stance::opposes, at_limit), facts(round_in(Phase::open)))
          .ok());
  for (const auto stance : {Stance::opposes, Stance::no_comments}) {
    expect_refused(
        decide(representative, position(stance, at_limit + "a"), facts(round_in(Phase::open))),
        ErrorCode::too_large);
  }
  const std::string point_text(max_reason_bytes + 1, 'a');
  expect_refused(decide(representative,
                        position(Stance::supports, "Ja.", 0, {{4, Stance::opposes, point_text}}),
                        facts(round_in(Phase::open), 0, {point_thread(4)})),
                 ErrorCode::too_large);
}

TEST(DecideStatePosition, APointIsAnAcceptedAgendaItemOfThisRound) {
  const auto with_point = [](std::optional<ThreadFacts> thread) {
    return decide(representative, position(Stance::supports, "Ja.", 0, {{4, Stance::opposes, ""}}),
                  facts(round_in(Phase::open), 0, {std::move(thread)}));
  };
  EXPECT_TRUE(with_point(point_thread(4)).ok());
  expect_refused(with_point(std::nullopt), ErrorCode::not_found);
  expect_refused(with_point(point_thread(4, StreamKind::municipal_preparation)),
                 ErrorCode::not_found);
  expect_refused(with_point(point_thread(4, StreamKind::main, AgendaStatus::proposed)),
                 ErrorCode::not_found);
  expect_refused(with_point(point_thread(4, StreamKind::main, AgendaStatus::declined)),
                 ErrorCode::not_found);
  expect_refused(
      with_point(point_thread(4, StreamKind::main, AgendaStatus::accepted, round_id + 1)),
      ErrorCode::not_found);
}

TEST(DecideStatePosition, APointIsAddressedOnceAndAtMostAHundredPoints) {
  expect_refused(decide(representative,
                        position(Stance::supports, "Ja.", 0,
                                 {{4, Stance::opposes, ""}, {4, Stance::supports, ""}}),
                        facts(round_in(Phase::open), 0, {point_thread(4), point_thread(4)})),
                 ErrorCode::bad_request);
  std::vector<PointPosition> points(max_position_points + 1, PointPosition{4, Stance::opposes, ""});
  // Over the limit is refused before the points are looked up (the facts hold none).
  expect_refused(decide(representative, position(Stance::supports, "Ja.", 0, points),
                        facts(round_in(Phase::open))),
                 ErrorCode::too_large);
}

TEST(StatePositionAudit, TheLogNamesTheOrganisationVersionAndStanceButNotTheMotivation) {
  const auto events =
      fixtures::accepted(decide(representative, position(Stance::opposes, "Hemlig motivering."),
                                facts(round_in(Phase::open))));
  ASSERT_EQ(events.size(), 1u);
  const Event event{.stream = events[0].stream,
                    .seq = 9,
                    .at = now,
                    .actor = representative,
                    .data = events[0].data,
                    .access_after = std::nullopt};
  const auto record =
      audit_of(representative, Command{position(Stance::opposes, "Hemlig motivering.")}, {event},
               now, Origin{});
  EXPECT_EQ(record.action, "state_position");
  std::string details;
  for (const auto& detail : record.details) details += detail.key + "=" + detail.value + ";";
  EXPECT_NE(details.find("stance=opposes"), std::string::npos) << details;
  EXPECT_NE(details.find("version=1"), std::string::npos) << details;
  EXPECT_EQ(details.find("Hemlig"), std::string::npos) << details;
}

TEST(StancesSpelling, EveryStanceRoundTripsThroughItsWireName) {
  for (const auto stance : {Stance::supports, Stance::supports_with_reservations, Stance::opposes,
                            Stance::abstains, Stance::no_comments}) {
    EXPECT_EQ(stance_from(to_string(stance)), stance);
  }
  EXPECT_EQ(stance_from("tillstyrker"), std::nullopt);
}

}  // namespace
}  // namespace samrad::domain
