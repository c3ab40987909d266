// WriteOutcome and AttachDissent: the secretariat writes the outcome of a closed round (and
// revises it), invited organisations attach dissent to it, and a round is decided only once it
// has an outcome; every refusal in the order a person would want it explained (round,
// permission, phase, version, texts, then what the responses name).
#include <gtest/gtest.h>

#include <string>

#include "decisions.hpp"
#include "domain/audit.hpp"
#include "domain/commands.hpp"
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
constexpr PostId raised_in = 40;
constexpr Timestamp now = 1'795'428'900'000;  // 2026-11-23T10:15:00.000Z
const Person secretariat = person(Role::secretariat);
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

ThreadFacts thread_in(StreamKind stream, RoundId round = round_id) {
  return {.id = 4, .round = round, .stream = stream};
}

PointResponse response(std::vector<PostId> posts = {raised_in},
                       std::vector<OrganisationId> organisations = {malmo}) {
  return {.point = "Skolorna vill välja mått",
          .posts = std::move(posts),
          .organisations = std::move(organisations),
          .response = Acceptance::partly_accepted,
          .reason = "Ett av måtten väljs lokalt."};
}

WriteOutcome outcome(std::int64_t revises = 0, std::vector<PointResponse> responses = {response()},
                     std::string summary = "Parterna är överens.",
                     std::vector<std::string> agreed = {"Fem gemensamma mått."}) {
  return {.round = round_id,
          .revises = revises,
          .summary = std::move(summary),
          .agreed = std::move(agreed),
          .responses = std::move(responses)};
}

OutcomeFacts facts(std::optional<RoundAccess> round, std::int64_t current_version = 0) {
  return {.round = std::move(round),
          .current_version = current_version,
          .post_threads = {{raised_in, thread_in(StreamKind::main)}},
          .stated_positions = {malmo},
          .now = now};
}

DissentFacts dissent_facts(std::optional<RoundAccess> round, std::int64_t outcome_version = 1) {
  return {.round = std::move(round), .outcome_version = outcome_version, .now = now};
}

AttachDissent dissent(std::string text = "Vi reserverar oss.") {
  return {.round = round_id, .text = std::move(text)};
}

TEST(DecideWriteOutcome, AppendsOutcomeWrittenOnTheMainStream) {
  const auto [stream, written] =
      single_event<OutcomeWritten>(decide(secretariat, outcome(), facts(round_in(Phase::closed))));
  EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(written.version, 1);
  EXPECT_EQ(written.summary, "Parterna är överens.");
  EXPECT_EQ(written.agreed, std::vector<std::string>{"Fem gemensamma mått."});
  ASSERT_EQ(written.responses.size(), 1u);
  EXPECT_EQ(written.responses[0].posts, std::vector<PostId>{raised_in});
  EXPECT_EQ(written.responses[0].organisations, std::vector<OrganisationId>{malmo});
  EXPECT_EQ(written.responses[0].response, Acceptance::partly_accepted);
}

TEST(DecideWriteOutcome, ARevisionOfTheLatestVersionIsTheNextAndAStaleOneAConflict) {
  const auto [stream, written] = single_event<OutcomeWritten>(
      decide(secretariat, outcome(2), facts(round_in(Phase::closed), 2)));
  EXPECT_EQ(written.version, 3);
  const auto stale = decide(secretariat, outcome(1), facts(round_in(Phase::closed), 2));
  expect_refused(stale, ErrorCode::conflict);
  EXPECT_NE(stale.error().message.find("version 2"), std::string::npos);
  expect_refused(decide(secretariat, outcome(0), facts(round_in(Phase::closed), 1)),
                 ErrorCode::conflict);
  expect_refused(decide(secretariat, outcome(1), facts(round_in(Phase::closed), 0)),
                 ErrorCode::conflict);
}

TEST(DecideWriteOutcome, OnlyTheSecretariatAndAdminsWriteTheOutcome) {
  for (const auto role : all_roles) {
    const auto decision = decide(person(role, malmo), outcome(), facts(round_in(Phase::closed)));
    if (role == Role::secretariat || role == Role::admin) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::forbidden);
    }
  }
  // Someone who does not see the round is told it does not exist, before anything else.
  expect_refused(
      decide(person(Role::representative, kiruna + 10), outcome(), facts(round_in(Phase::draft))),
      ErrorCode::not_found);
  expect_refused(decide(secretariat, outcome(), facts(std::nullopt)), ErrorCode::not_found);
}

TEST(DecideWriteOutcome, TheOutcomeIsWrittenOnlyWhileTheRoundIsClosed) {
  for (const auto phase : all_phases) {
    const auto decision = decide(secretariat, outcome(), facts(round_in(phase)));
    if (phase == Phase::closed) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::invalid_state);
    }
  }
  // An open round whose closing time has come counts as closed.
  auto due = round_in(Phase::open);
  due.closes_at = now;
  EXPECT_TRUE(decide(secretariat, outcome(), facts(due)).ok());
  // The phase is explained before a stale version.
  expect_refused(decide(secretariat, outcome(5), facts(round_in(Phase::open))),
                 ErrorCode::invalid_state);
}

TEST(DecideWriteOutcome, ADecidedRoundsOutcomeIsCorrectedWithAReason) {
  auto correction = outcome(2);
  correction.correction = "Året föll bort i utfallet.";
  const auto [stream, written] = single_event<OutcomeWritten>(
      decide(secretariat, correction, facts(round_in(Phase::decided), 2)));
  EXPECT_EQ(stream.kind, StreamKind::main);
  EXPECT_EQ(written.version, 3);
  EXPECT_EQ(written.correction, "Året föll bort i utfallet.");
  // Without a reason a decided round's outcome stays as it is; a closed round's is revised
  // without one.
  const auto plain = decide(secretariat, outcome(2), facts(round_in(Phase::decided), 2));
  expect_refused(plain, ErrorCode::invalid_state);
  EXPECT_NE(plain.error().message.find("correction"), std::string::npos);
  expect_refused(decide(secretariat, correction, facts(round_in(Phase::closed), 2)),
                 ErrorCode::invalid_state);
  // The reason is checked like every text, the version like every revision, the writer too.
  correction.correction = "  ";
  expect_refused(decide(secretariat, correction, facts(round_in(Phase::decided), 2)),
                 ErrorCode::bad_request);
  correction.correction = std::string(max_reason_bytes + 1, 'x');
  expect_refused(decide(secretariat, correction, facts(round_in(Phase::decided), 2)),
                 ErrorCode::too_large);
  correction.correction = "Skäl.";
  expect_refused(decide(secretariat, correction, facts(round_in(Phase::decided), 3)),
                 ErrorCode::conflict);
  expect_refused(decide(representative, correction, facts(round_in(Phase::decided), 2)),
                 ErrorCode::forbidden);
}

TEST(DecideWriteOutcome, TextsAreNotBlankAndBoundedInBytes) {
  const auto closed = facts(round_in(Phase::closed));
  expect_refused(decide(secretariat, outcome(0, {}, " \n"), closed), ErrorCode::bad_request);
  EXPECT_TRUE(decide(secretariat, outcome(0, {}, std::string(max_body_bytes, 'a')), closed).ok());
  expect_refused(decide(secretariat, outcome(0, {}, std::string(max_body_bytes + 1, 'a')), closed),
                 ErrorCode::too_large);
  expect_refused(decide(secretariat, outcome(0, {}, "Ja.", {""}), closed), ErrorCode::bad_request);
  expect_refused(
      decide(secretariat, outcome(0, {}, "Ja.", {std::string(max_reason_bytes + 1, 'a')}), closed),
      ErrorCode::too_large);
  auto long_point = response();
  long_point.point = std::string(max_point_bytes + 1, 'a');
  expect_refused(decide(secretariat, outcome(0, {long_point}), closed), ErrorCode::too_large);
  auto blank_point = response();
  blank_point.point = "\t";
  expect_refused(decide(secretariat, outcome(0, {blank_point}), closed), ErrorCode::bad_request);
  auto blank_reason = response();
  blank_reason.reason = "";
  expect_refused(decide(secretariat, outcome(0, {blank_reason}), closed), ErrorCode::bad_request);
  auto long_reason = response();
  long_reason.reason = std::string(max_reason_bytes + 1, 'a');
  expect_refused(decide(secretariat, outcome(0, {long_reason}), closed), ErrorCode::too_large);
}

TEST(DecideWriteOutcome, CountsAreBounded) {
  const auto closed = facts(round_in(Phase::closed));
  EXPECT_TRUE(decide(secretariat,
                     outcome(0, {}, "Ja.", std::vector<std::string>(max_agreed_points, "Punkt")),
                     closed)
                  .ok());
  expect_refused(
      decide(secretariat,
             outcome(0, {}, "Ja.", std::vector<std::string>(max_agreed_points + 1, "P")), closed),
      ErrorCode::too_large);
  expect_refused(
      decide(secretariat,
             outcome(0, std::vector<PointResponse>(max_outcome_responses + 1, response({}, {}))),
             closed),
      ErrorCode::too_large);
  std::vector<PostId> many_posts;
  for (PostId id = 1; id <= static_cast<PostId>(max_response_posts) + 1; ++id) {
    many_posts.push_back(id);
  }
  expect_refused(decide(secretariat, outcome(0, {response(many_posts, {})}), closed),
                 ErrorCode::too_large);
  std::vector<OrganisationId> many_organisations;
  for (OrganisationId id = 1; id <= static_cast<OrganisationId>(max_response_organisations) + 1;
       ++id) {
    many_organisations.push_back(id);
  }
  expect_refused(decide(secretariat, outcome(0, {response({}, many_organisations)}), closed),
                 ErrorCode::too_large);
  expect_refused(decide(secretariat, outcome(0, {response({raised_in, raised_in})}), closed),
                 ErrorCode::bad_request);
  expect_refused(decide(secretariat, outcome(0, {response({}, {malmo, malmo})}), closed),
                 ErrorCode::bad_request);
}

TEST(DecideWriteOutcome, APostIsOneOfTheRoundsMainStream) {
  const auto with_thread = [](std::optional<ThreadFacts> thread) {
    auto closed = facts(round_in(Phase::closed));
    closed.post_threads[raised_in] = std::move(thread);
    return decide(secretariat, outcome(), closed);
  };
  EXPECT_TRUE(with_thread(thread_in(StreamKind::main)).ok());
  expect_refused(with_thread(std::nullopt), ErrorCode::not_found);
  expect_refused(with_thread(thread_in(StreamKind::municipal_preparation)), ErrorCode::not_found);
  expect_refused(with_thread(thread_in(StreamKind::main, round_id + 1)), ErrorCode::not_found);
}

TEST(DecideWriteOutcome, AnOrganisationNamedHasStatedAPositionInTheRound) {
  const auto closed = facts(round_in(Phase::closed));
  const auto decision = decide(secretariat, outcome(0, {response({}, {kiruna})}), closed);
  expect_refused(decision, ErrorCode::not_found);
  EXPECT_NE(decision.error().message.find(std::to_string(kiruna)), std::string::npos);
  // Texts are checked before what a response names.
  auto blank_reason = response({}, {kiruna});
  blank_reason.reason = " ";
  expect_refused(decide(secretariat, outcome(0, {blank_reason}), closed), ErrorCode::bad_request);
}

TEST(DecideChangePhase, ARoundIsDecidedOnlyOnceItHasAnOutcome) {
  RoundFacts without{.round = round_in(Phase::closed), .now = now, .outcome_version = 0};
  const auto refused = decide(secretariat, ChangePhase{round_id, Phase::decided}, without);
  expect_refused(refused, ErrorCode::invalid_state);
  EXPECT_EQ(refused.error().message, "Write the outcome before deciding the round");
  RoundFacts with{.round = round_in(Phase::closed), .now = now, .outcome_version = 1};
  EXPECT_TRUE(decide(secretariat, ChangePhase{round_id, Phase::decided}, with).ok());
}

TEST(DecideAttachDissent, AppendsDissentAttachedForTheActorsOrganisation) {
  const auto [stream, attached] = single_event<DissentAttached>(
      decide(representative, dissent(), dissent_facts(round_in(Phase::closed))));
  EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(attached.organisation.id, malmo);
  EXPECT_EQ(attached.text, "Vi reserverar oss.");
}

TEST(DecideAttachDissent, OnlyRepresentativesOfInvitedOrganisationsAttachDissent) {
  for (const auto role : all_roles) {
    const auto decision =
        decide(person(role, malmo), dissent(), dissent_facts(round_in(Phase::closed)));
    if (role == Role::representative) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::forbidden);
    }
  }
  expect_refused(
      decide(representative, dissent(), dissent_facts(round_in(Phase::closed, {kiruna}))),
      ErrorCode::not_found);
  expect_refused(decide(representative, dissent(), dissent_facts(std::nullopt)),
                 ErrorCode::not_found);
}

TEST(DecideAttachDissent, DissentIsAttachedToTheOutcomeOfAClosedRound) {
  for (const auto phase : all_phases) {
    const auto decision = decide(representative, dissent(), dissent_facts(round_in(phase)));
    if (phase == Phase::closed) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::invalid_state);
    }
  }
  const auto without = decide(representative, dissent(), dissent_facts(round_in(Phase::closed), 0));
  expect_refused(without, ErrorCode::invalid_state);
  EXPECT_NE(without.error().message.find("outcome"), std::string::npos);
}

TEST(DecideAttachDissent, TheTextIsNotBlankAndBoundedInBytes) {
  const auto closed = dissent_facts(round_in(Phase::closed));
  expect_refused(decide(representative, dissent(" "), closed), ErrorCode::bad_request);
  EXPECT_TRUE(decide(representative, dissent(std::string(max_body_bytes, 'a')), closed).ok());
  expect_refused(decide(representative, dissent(std::string(max_body_bytes + 1, 'a')), closed),
                 ErrorCode::too_large);
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

TEST(OutcomeAudit, TheLogCountsTheOutcomeAndNamesTheDissenterButCopiesNoText) {
  const auto written =
      fixtures::accepted(decide(secretariat, outcome(), facts(round_in(Phase::closed))));
  ASSERT_EQ(written.size(), 1u);
  const auto outcome_record =
      audit_of(secretariat, Command{outcome()}, {event_of(secretariat, written[0])}, now, Origin{});
  EXPECT_EQ(outcome_record.action, "write_outcome");
  const auto outcome_details = details_of(outcome_record);
  EXPECT_NE(outcome_details.find("version=1"), std::string::npos) << outcome_details;
  EXPECT_NE(outcome_details.find("responses=1"), std::string::npos) << outcome_details;
  EXPECT_EQ(outcome_details.find("överens"), std::string::npos) << outcome_details;

  const auto attached = fixtures::accepted(decide(representative, dissent("Hemlig reservation."),
                                                  dissent_facts(round_in(Phase::closed))));
  ASSERT_EQ(attached.size(), 1u);
  const auto dissent_record = audit_of(representative, Command{dissent("Hemlig reservation.")},
                                       {event_of(representative, attached[0])}, now, Origin{});
  EXPECT_EQ(dissent_record.action, "attach_dissent");
  EXPECT_EQ(details_of(dissent_record).find("Hemlig"), std::string::npos);
}

TEST(AcceptanceSpelling, EveryResponseRoundTripsThroughItsWireName) {
  for (const auto acceptance :
       {Acceptance::accepted, Acceptance::partly_accepted, Acceptance::not_accepted}) {
    EXPECT_EQ(acceptance_from(to_string(acceptance)), acceptance);
  }
  EXPECT_EQ(acceptance_from("godtas"), std::nullopt);
}

}  // namespace
}  // namespace samrad::domain
