// SendReminder: the secretariat reminds an invited organisation of an open round; every refusal
// in the order a person would want it explained (round, permission, phase, invitation, message).
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

using fixtures::accepted;
using fixtures::all_phases;
using fixtures::all_roles;
using fixtures::expect_refused;
using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;
using fixtures::single_event;

constexpr RoundId round_id = 7;
constexpr Timestamp now = 1'795'428'900'000;  // 2026-11-23T10:15:00.000Z
const Organisation malmo_stad{malmo, "Malmö stad", OrganisationKind::municipality};
const Organisation kiruna_kommun{kiruna, "Kiruna kommun", OrganisationKind::municipality};
const Person secretariat = person(Role::secretariat, 1);
const Person admin = person(Role::admin, 1);

RoundAccess round_in(Phase phase, std::vector<OrganisationId> invited = {malmo}) {
  return RoundAccess{.id = round_id,
                     .phase = phase,
                     .invited = std::move(invited),
                     .kind = RoundKind::plenary,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt,
                     .proposal_version = 1};
}

ReminderFacts facts(std::optional<RoundAccess> round,
                    std::optional<Organisation> organisation = malmo_stad, bool active = true) {
  return {.round = std::move(round),
          .organisation = organisation ? std::optional(OrganisationRecord{*organisation, active})
                                       : std::nullopt,
          .now = now};
}

SendReminder remind(OrganisationId organisation = malmo, std::string message = "") {
  return SendReminder{.round = round_id, .organisation = organisation, .message = message};
}

TEST(DecideSendReminder, AppendsReminderSentOnTheRoundsMainStreamNamingTheOrganisation) {
  for (const auto& actor : {secretariat, admin}) {
    const auto [stream, sent] = single_event<ReminderSent>(
        decide(actor, remind(malmo, "Vi saknar era synpunkter."), facts(round_in(Phase::open))));
    EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
    EXPECT_EQ(sent.organisation.id, malmo);
    EXPECT_EQ(sent.organisation.name, "Malmö stad");
    EXPECT_EQ(sent.message, "Vi saknar era synpunkter.");
  }
}

TEST(DecideSendReminder, TheMessageIsOptional) {
  const auto [stream, sent] =
      single_event<ReminderSent>(decide(secretariat, remind(), facts(round_in(Phase::open))));
  EXPECT_EQ(sent.message, "");
}

TEST(DecideSendReminder, ItChangesNobodysAccess) {
  const auto events = accepted(decide(secretariat, remind(), facts(round_in(Phase::open))));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events.front().access_after.has_value());
}

TEST(DecideSendReminder, AMissingRoundIsNotFound) {
  expect_refused(decide(secretariat, remind(), facts(std::nullopt)), ErrorCode::not_found);
}

TEST(DecideSendReminder, OnlyTheSecretariatAndAdminsRemind) {
  for (const auto role : all_roles) {
    SCOPED_TRACE(std::string(to_string(role)));
    const auto decision = decide(person(role, malmo), remind(), facts(round_in(Phase::open)));
    if (role == Role::admin || role == Role::secretariat) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::forbidden);
    }
  }
  // One who does not see the round is told it does not exist, not that they may not.
  expect_refused(
      decide(person(Role::representative, kiruna), remind(), facts(round_in(Phase::open))),
      ErrorCode::not_found);
}

TEST(DecideSendReminder, OnlyAnOpenRoundTakesReminders) {
  for (const auto phase : all_phases) {
    SCOPED_TRACE(std::string(to_string(phase)));
    const auto decision = decide(secretariat, remind(), facts(round_in(phase)));
    if (phase == Phase::open) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::invalid_state);
      EXPECT_NE(decision.error().message.find(std::string(to_string(phase))), std::string::npos)
          << decision.error().message;
    }
  }
}

TEST(DecideSendReminder, AnOpenRoundPastItsClosingTimeCountsAsClosed) {
  auto round = round_in(Phase::open);
  round.closes_at = now;
  expect_refused(decide(secretariat, remind(), facts(round)), ErrorCode::invalid_state);
}

TEST(DecideSendReminder, AnOrganisationNotInvitedWithdrawnOrUnknownIsNotFound) {
  // Kiruna was never invited, or its invitation was withdrawn: either way it is not in the round.
  expect_refused(decide(secretariat, remind(kiruna), facts(round_in(Phase::open), kiruna_kommun)),
                 ErrorCode::not_found);
  expect_refused(decide(secretariat, remind(99), facts(round_in(Phase::open), std::nullopt)),
                 ErrorCode::not_found);
}

TEST(DecideSendReminder, ADeactivatedOrganisationHasNobodyToRemind) {
  expect_refused(decide(secretariat, remind(), facts(round_in(Phase::open), malmo_stad, false)),
                 ErrorCode::invalid_state);
}

TEST(DecideSendReminder, AMessageIsWithinItsLimitAndNotBlank) {
  const auto open = facts(round_in(Phase::open));
  EXPECT_TRUE(decide(secretariat, remind(malmo, std::string(max_reason_bytes, 'x')), open).ok());
  expect_refused(decide(secretariat, remind(malmo, std::string(max_reason_bytes + 1, 'x')), open),
                 ErrorCode::too_large);
  expect_refused(decide(secretariat, remind(malmo, " \u00a0\u200b\n"), open),
                 ErrorCode::bad_request);
}

TEST(DecideSendReminder, RefusalsComeInOrderRoundPermissionPhaseInvitationMessage) {
  const std::string too_long(max_reason_bytes + 1, 'x');
  const auto representative = person(Role::representative, malmo);
  // Each refusal wins over every later one.
  expect_refused(decide(representative, remind(kiruna, too_long), facts(std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(decide(representative, remind(kiruna, too_long),
                        facts(round_in(Phase::closed), kiruna_kommun)),
                 ErrorCode::forbidden);
  expect_refused(
      decide(secretariat, remind(kiruna, too_long), facts(round_in(Phase::closed), kiruna_kommun)),
      ErrorCode::invalid_state);
  expect_refused(
      decide(secretariat, remind(kiruna, too_long), facts(round_in(Phase::open), kiruna_kommun)),
      ErrorCode::not_found);
  expect_refused(decide(secretariat, remind(malmo, too_long), facts(round_in(Phase::open))),
                 ErrorCode::too_large);
}

TEST(AuditOfSendReminder, NamesTheOrganisationButNotTheMessage) {
  const auto events =
      accepted(decide(secretariat, remind(malmo, "Hemligt utkast"), facts(round_in(Phase::open))));
  std::vector<Event> appended;
  for (const auto& decided : events) {
    appended.push_back({decided.stream, 12, now, secretariat, decided.data, std::nullopt});
  }
  const auto record = audit_of(secretariat, Command{remind(malmo, "Hemligt utkast")}, appended, now,
                               Origin{Source::web, "192.0.2.7"});
  EXPECT_EQ(record.action, "send_reminder");
  EXPECT_EQ(record.round, round_id);
  EXPECT_EQ(record.target_kind, "organisation");
  EXPECT_EQ(record.target_id, malmo);
  EXPECT_EQ(record.origin.address, "192.0.2.7");
  EXPECT_EQ(record.details,
            (std::vector<AuditDetail>{
                {"organisation", "Malmö stad"}, {"message", "true"}, {"events", "main 12"}}));
}

TEST(Participation, OnlyThoseWhoRunRoundsFollowIt) {
  for (const auto role : all_roles) {
    EXPECT_EQ(can_follow_participation(person(role)),
              role == Role::admin || role == Role::secretariat)
        << to_string(role);
  }
}

}  // namespace
}  // namespace samrad::domain
