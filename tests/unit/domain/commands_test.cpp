// The decide() rules: each allowed case with the events it decides on (stream, data, the new
// entity's id from the facts), and each refusal with its error code, including the order in
// which refusals are reported (existence, permission, phase, thread, reply, text).
#include "domain/commands.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "decisions.hpp"
#include "domain/text.hpp"
#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::accepted;
using fixtures::expect_refused;
using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;
using fixtures::single_event;

constexpr RoundId round_id = 7;
constexpr ThreadId thread_id = 11;
constexpr ThreadId other_thread_id = 12;
// Ids the store hands out before the decision; deliberately unlike any other id here.
constexpr RoundId new_round_id = 501;
constexpr ThreadId new_thread_id = 502;
constexpr PostId new_post_id = 503;
// The agenda threads of a new round get ids from here on, one per title.
constexpr ThreadId first_agenda_thread_id = 601;
// Two ministries and an agency, for the kinds of round.
constexpr OrganisationId finansdepartementet = 4;
constexpr OrganisationId socialdepartementet = 5;
constexpr OrganisationId skolverket = 6;
// The time the command is decided at.
constexpr Timestamp now = 1'795'428'900'000;

const Person secretariat = person(Role::secretariat, kiruna);
const Person representative = person(Role::representative);
const Person observer = person(Role::observer);
const Person uninvited = person(Role::representative, kiruna);
const Person municipal_representative =
    person(Role::representative, malmo, OrganisationKind::municipality);
const Person state_representative = person(Role::representative, malmo, OrganisationKind::agency);

std::optional<RoundAccess> round(Phase phase) {
  return RoundAccess{.id = round_id,
                     .phase = phase,
                     .invited = {malmo},
                     .kind = RoundKind::plenary,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt};
}

const std::optional<ThreadFacts> thread =
    ThreadFacts{.id = thread_id, .round = round_id, .pinned_post = std::nullopt};

std::optional<ThreadFacts> thread_in(StreamKind stream) {
  return ThreadFacts{
      .id = thread_id, .round = round_id, .stream = stream, .pinned_post = std::nullopt};
}

CreatePost post(std::string body = "Vi stöder förslaget.", std::optional<PostId> reply_to = {}) {
  return CreatePost{
      .round = round_id, .thread = thread_id, .reply_to = reply_to, .body = std::move(body)};
}

CreatePostFacts post_facts(std::optional<RoundAccess> round_facts,
                           std::optional<ThreadFacts> thread_facts = thread,
                           std::optional<PostFacts> reply_to = std::nullopt) {
  return CreatePostFacts{.round = std::move(round_facts),
                         .thread = thread_facts,
                         .reply_to = reply_to,
                         .new_post = new_post_id,
                         .now = now};
}

CreateThread thread_cmd(std::string title = "Finansiering") {
  return CreateThread{.round = round_id, .title = std::move(title)};
}

CreateThreadFacts thread_facts(std::optional<RoundAccess> round_facts) {
  return CreateThreadFacts{
      .round = std::move(round_facts), .new_thread = new_thread_id, .now = now};
}

CreateRound round_cmd(std::string title = "Generella statsbidrag som huvudprincip") {
  return CreateRound{.title = std::move(title),
                     .proposal = "## Förslag",
                     .phase = Phase::open,
                     .invited = {malmo, kiruna},
                     .kind = RoundKind::plenary,
                     .sectors = {},
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt,
                     .agenda = {}};
}

// The organisations the store knows; anything else is looked up as missing.
const std::map<OrganisationId, Organisation> known_organisations = {
    {malmo, {malmo, "Malmö stad", OrganisationKind::municipality}},
    {kiruna, {kiruna, "Kiruna kommun", OrganisationKind::municipality}},
    {finansdepartementet, {finansdepartementet, "Finansdepartementet", OrganisationKind::ministry}},
    {socialdepartementet, {socialdepartementet, "Socialdepartementet", OrganisationKind::ministry}},
    {skolverket, {skolverket, "Skolverket", OrganisationKind::agency}},
};

// What the store would read for the command: one lookup per invited organisation, in order, and
// one new thread id per agenda item.
CreateRoundFacts round_facts(const CreateRound& cmd) {
  CreateRoundFacts facts{.new_round = new_round_id, .invited = {}, .new_threads = {}, .now = now};
  for (std::size_t i = 0; i < cmd.agenda.size(); ++i) {
    facts.new_threads.push_back(first_agenda_thread_id + static_cast<ThreadId>(i));
  }
  for (const auto id : cmd.invited) {
    const auto found = known_organisations.find(id);
    facts.invited.push_back(found == known_organisations.end()
                                ? std::nullopt
                                : std::optional<OrganisationRecord>({found->second, true}));
  }
  return facts;
}

Decision decide_round(const Person& actor, const CreateRound& cmd) {
  return decide(actor, cmd, round_facts(cmd));
}

// --- CreateRound ---

TEST(DecideCreateRound, SecretariatAndAdminMayStartOpenOrDraftRounds) {
  EXPECT_TRUE(decide_round(secretariat, round_cmd()).ok());
  EXPECT_TRUE(decide_round(person(Role::admin), round_cmd()).ok());
  auto draft = round_cmd();
  draft.phase = Phase::draft;
  EXPECT_TRUE(decide_round(secretariat, draft).ok());
}

TEST(DecideCreateRound, TheEventOpensTheNewRoundsMainStreamWithTheInvitedOrganisations) {
  const auto [stream, created] = single_event<RoundCreated>(decide_round(secretariat, round_cmd()));
  EXPECT_EQ(stream, (StreamId{new_round_id, StreamKind::main}));
  EXPECT_EQ(created.title, "Generella statsbidrag som huvudprincip");
  EXPECT_EQ(created.proposal, "## Förslag");
  EXPECT_EQ(created.phase, Phase::open);
  // The organisations as the store knows them, in the command's order.
  ASSERT_EQ(created.invited.size(), 2u);
  EXPECT_EQ(created.invited[0].id, malmo);
  EXPECT_EQ(created.invited[0].name, "Malmö stad");
  EXPECT_EQ(created.invited[0].kind, OrganisationKind::municipality);
  EXPECT_EQ(created.invited[1].id, kiruna);
  EXPECT_EQ(created.invited[1].name, "Kiruna kommun");
}

TEST(DecideCreateRound, TheEventKeepsTheRequestedPhaseAndAnEmptyInvitation) {
  auto cmd = round_cmd();
  cmd.phase = Phase::draft;
  cmd.invited = {};
  const auto [stream, created] = single_event<RoundCreated>(decide_round(secretariat, cmd));
  EXPECT_EQ(stream.round, new_round_id);
  EXPECT_EQ(created.phase, Phase::draft);
  EXPECT_TRUE(created.invited.empty());
}

TEST(DecideCreateRound, RepresentativesAndObserversAreForbidden) {
  expect_refused(decide_round(representative, round_cmd()), ErrorCode::forbidden);
  expect_refused(decide_round(observer, round_cmd()), ErrorCode::forbidden);
}

TEST(DecideCreateRound, ANewRoundCannotStartClosedOrDecided) {
  for (auto phase : {Phase::closed, Phase::decided}) {
    auto cmd = round_cmd();
    cmd.phase = phase;
    expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
  }
}

TEST(DecideCreateRound, TitleMustNotBeBlankOrTooLong) {
  expect_refused(decide_round(secretariat, round_cmd("")), ErrorCode::bad_request);
  expect_refused(decide_round(secretariat, round_cmd(" \t\r\n")), ErrorCode::bad_request);
  expect_refused(decide_round(secretariat, round_cmd("\u00a0\u2003")), ErrorCode::bad_request);
  EXPECT_TRUE(decide_round(secretariat, round_cmd(std::string(max_title_bytes, 'x'))).ok());
  expect_refused(decide_round(secretariat, round_cmd(std::string(max_title_bytes + 1, 'x'))),
                 ErrorCode::too_large);
}

TEST(DecideCreateRound, ProposalHasAByteLimit) {
  auto cmd = round_cmd();
  cmd.proposal = std::string(max_proposal_bytes, 'x');
  EXPECT_TRUE(decide_round(secretariat, cmd).ok());
  cmd.proposal += 'x';
  expect_refused(decide_round(secretariat, cmd), ErrorCode::too_large);
}

TEST(DecideCreateRound, AnOrganisationIsInvitedAtMostOnce) {
  auto cmd = round_cmd();
  cmd.invited = {malmo, kiruna, malmo};
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
}

TEST(DecideCreateRound, AnUnknownInvitedOrganisationIsNotFound) {
  auto cmd = round_cmd();
  cmd.invited = {malmo, 999, kiruna};
  const auto decision = decide_round(secretariat, cmd);
  expect_refused(decision, ErrorCode::not_found);
  EXPECT_NE(decision.error().message.find("999"), std::string::npos) << decision.error().message;
}

TEST(DecideCreateRound, ADeactivatedOrganisationIsNotInvited) {
  auto cmd = round_cmd();
  cmd.invited = {malmo, kiruna};
  auto facts = round_facts(cmd);
  facts.invited[1]->active = false;
  const auto decision = decide(secretariat, cmd, facts);
  expect_refused(decision, ErrorCode::invalid_state);
  EXPECT_NE(decision.error().message.find("Kiruna kommun"), std::string::npos)
      << decision.error().message;
  // Each organisation in turn: a missing one before it is not found first.
  cmd.invited = {999, kiruna};
  facts = round_facts(cmd);
  facts.invited[1]->active = false;
  expect_refused(decide(secretariat, cmd, facts), ErrorCode::not_found);
  // And a round that invites nobody deactivated is started as before.
  EXPECT_TRUE(decide(secretariat, round_cmd(), round_facts(round_cmd())).ok());
}

TEST(DecideCreateRound, FactsThatDoNotMatchTheInvitationAreAnInternalError) {
  // A handler that looked up fewer organisations than were invited has a bug; nothing is decided.
  auto facts = round_facts(round_cmd());
  facts.invited.pop_back();
  expect_refused(decide(secretariat, round_cmd(), facts), ErrorCode::internal);
}

TEST(DecideCreateRound, RefusalsComeInOrderPermissionPhaseTextInvitation) {
  auto cmd = round_cmd("");
  cmd.phase = Phase::closed;
  cmd.invited = {999, 999};
  expect_refused(decide_round(observer, cmd), ErrorCode::forbidden);
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);  // phase
  cmd.phase = Phase::open;
  cmd.title = std::string(max_title_bytes + 1, 'x');
  expect_refused(decide_round(secretariat, cmd), ErrorCode::too_large);  // title
  cmd.title = "Titel";
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);  // invited twice
  cmd.invited = {999};
  expect_refused(decide_round(secretariat, cmd), ErrorCode::not_found);
}

// --- CreateRound: kind, sectors, schedule, agenda ---

// A round as the secretariat creates it on the wire: a draft, with the given invitation.
CreateRound draft_cmd(std::vector<OrganisationId> invited, RoundKind kind = RoundKind::plenary) {
  auto cmd = round_cmd();
  cmd.phase = Phase::draft;
  cmd.invited = std::move(invited);
  cmd.kind = kind;
  return cmd;
}

std::vector<std::string> agenda_of(std::size_t count) {
  std::vector<std::string> titles;
  for (std::size_t i = 0; i < count; ++i) titles.push_back("Fråga " + std::to_string(i + 1));
  return titles;
}

TEST(DecideCreateRound, WithoutTheOptionalFieldsItIsOnePlenaryEventWithNoSectors) {
  const auto decision = decide_round(secretariat, draft_cmd({malmo}));
  const auto [stream, created] = single_event<RoundCreated>(decision);
  EXPECT_EQ(stream, (StreamId{new_round_id, StreamKind::main}));
  EXPECT_EQ(created.kind, RoundKind::plenary) << "written for every new round";
  EXPECT_TRUE(created.sectors.empty());
  // A new round changes nobody's view of an existing round.
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->front().access_after, std::nullopt);
}

TEST(DecideCreateRound, KindAndSectorsAreCarriedInTheCommandsOrder) {
  auto cmd = draft_cmd({malmo, finansdepartementet}, RoundKind::bilateral);
  cmd.sectors = {Sector::social_care, Sector::health_care};
  const auto [stream, created] = single_event<RoundCreated>(decide_round(secretariat, cmd));
  EXPECT_EQ(created.kind, RoundKind::bilateral);
  EXPECT_EQ(created.sectors, (std::vector<Sector>{Sector::social_care, Sector::health_care}));
  ASSERT_EQ(created.invited.size(), 2u);
  EXPECT_EQ(created.invited[1].name, "Finansdepartementet");
  EXPECT_EQ(created.invited[1].kind, OrganisationKind::ministry);
}

TEST(DecideCreateRound, EverySectorOnceIsAllowedAndASectorTwiceIsABadRequest) {
  auto cmd = draft_cmd({malmo});
  cmd.sectors = {Sector::health_care, Sector::school, Sector::social_care};
  EXPECT_TRUE(decide_round(secretariat, cmd).ok());
  cmd.sectors = {Sector::school, Sector::health_care, Sector::school};
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
}

TEST(DecideCreateRound, ScheduleAndAgendaFollowTheRoundCreatedInOrderWithIdsFromTheFacts) {
  auto cmd = draft_cmd({malmo});
  cmd.opens_at = now + 1000;
  cmd.closes_at = now + 2000;
  cmd.agenda = {"Finansiering", "Konsekvenser för små kommuner", "Övrigt"};
  const auto events = accepted(decide_round(secretariat, cmd));
  ASSERT_EQ(events.size(), 5u);
  for (const auto& event : events) {
    EXPECT_EQ(event.stream, (StreamId{new_round_id, StreamKind::main}));
    EXPECT_EQ(event.access_after, std::nullopt);
  }
  EXPECT_TRUE(std::holds_alternative<RoundCreated>(events[0].data));
  const auto& schedule = std::get<ScheduleChanged>(events[1].data);
  EXPECT_EQ(schedule.opens_at, now + 1000);
  EXPECT_EQ(schedule.closes_at, now + 2000);
  for (std::size_t i = 0; i < cmd.agenda.size(); ++i) {
    SCOPED_TRACE(i);
    const auto& thread = std::get<ThreadCreated>(events[2 + i].data);
    EXPECT_EQ(thread.thread, first_agenda_thread_id + static_cast<ThreadId>(i));
    EXPECT_EQ(thread.title, cmd.agenda[i]);
  }
}

TEST(DecideCreateRound, EitherTimeAloneIsAScheduleAndNeitherIsNone) {
  auto cmd = draft_cmd({malmo});
  cmd.closes_at = now + 1;
  auto events = accepted(decide_round(secretariat, cmd));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<ScheduleChanged>(events[1].data).opens_at, std::nullopt);
  EXPECT_EQ(std::get<ScheduleChanged>(events[1].data).closes_at, now + 1);

  cmd.closes_at = std::nullopt;
  cmd.opens_at = now - 1000;  // an opening time already past is no fault: it is when it opened
  events = accepted(decide_round(secretariat, cmd));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<ScheduleChanged>(events[1].data).opens_at, now - 1000);
  EXPECT_EQ(std::get<ScheduleChanged>(events[1].data).closes_at, std::nullopt);

  cmd.opens_at = std::nullopt;
  cmd.agenda = {"Enda frågan"};
  events = accepted(decide_round(secretariat, cmd));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<RoundCreated>(events[0].data));
  EXPECT_EQ(std::get<ThreadCreated>(events[1].data).thread, first_agenda_thread_id);
}

TEST(DecideCreateRound, TheClosingTimeComesAfterTheOpeningTimeAndIsNotPast) {
  auto cmd = draft_cmd({malmo});
  cmd.opens_at = now + 5000;
  cmd.closes_at = now + 5000;
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
  cmd.closes_at = now + 4999;
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
  cmd.closes_at = now + 5001;
  EXPECT_TRUE(decide_round(secretariat, cmd).ok());

  cmd.opens_at = std::nullopt;
  cmd.closes_at = now;
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
  cmd.closes_at = now - 1;
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
  cmd.closes_at = now + 1;
  EXPECT_TRUE(decide_round(secretariat, cmd).ok());
  // Opening long ago does not excuse a closing time in the past.
  cmd.opens_at = now - 10'000;
  cmd.closes_at = now - 5'000;
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
}

TEST(DecideCreateRound, ABilateralRoundInvitesExactlyOneMinistry) {
  expect_refused(decide_round(secretariat, draft_cmd({malmo, kiruna}, RoundKind::bilateral)),
                 ErrorCode::bad_request);
  expect_refused(decide_round(secretariat, draft_cmd({}, RoundKind::bilateral)),
                 ErrorCode::bad_request);
  // An agency is on the state's side, but not a ministry.
  expect_refused(decide_round(secretariat, draft_cmd({malmo, skolverket}, RoundKind::bilateral)),
                 ErrorCode::bad_request);
  expect_refused(
      decide_round(secretariat, draft_cmd({malmo, finansdepartementet, socialdepartementet},
                                          RoundKind::bilateral)),
      ErrorCode::bad_request);
  EXPECT_TRUE(decide_round(secretariat, draft_cmd({malmo, kiruna, skolverket, finansdepartementet},
                                                  RoundKind::bilateral))
                  .ok());
  EXPECT_TRUE(
      decide_round(secretariat, draft_cmd({socialdepartementet}, RoundKind::bilateral)).ok());
}

TEST(DecideCreateRound, APlenaryRoundInvitesAnyNumberOfMinistries) {
  EXPECT_TRUE(
      decide_round(secretariat, draft_cmd({malmo, finansdepartementet, socialdepartementet})).ok());
  EXPECT_TRUE(decide_round(secretariat, draft_cmd({malmo, kiruna})).ok());
}

TEST(DecideCreateRound, TheAgendaHasAtMostFiftyItemsEachATitle) {
  auto cmd = draft_cmd({malmo});
  cmd.agenda = agenda_of(max_agenda_items);
  EXPECT_EQ(accepted(decide_round(secretariat, cmd)).size(), 1 + max_agenda_items);
  cmd.agenda = agenda_of(max_agenda_items + 1);
  expect_refused(decide_round(secretariat, cmd), ErrorCode::too_large);

  for (const std::string blank : {"", "  ", "\u00a0\u200b"}) {
    cmd.agenda = {"Finansiering", blank};
    expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
  }
  cmd.agenda = {std::string(max_title_bytes, 'x')};
  EXPECT_TRUE(decide_round(secretariat, cmd).ok());
  cmd.agenda = {"Finansiering", std::string(max_title_bytes + 1, 'x')};
  expect_refused(decide_round(secretariat, cmd), ErrorCode::too_large);
  // Titles may repeat: two questions can share a heading.
  cmd.agenda = {"Övrigt", "Övrigt"};
  EXPECT_EQ(accepted(decide_round(secretariat, cmd)).size(), 3u);
}

TEST(DecideCreateRound, ARoundInvitesAtMostFiveHundredOrganisations) {
  // Facts made by hand: 500 distinct organisations that all exist.
  auto cmd = draft_cmd({});
  CreateRoundFacts facts{.new_round = new_round_id, .invited = {}, .new_threads = {}, .now = now};
  for (std::size_t i = 0; i < max_invited; ++i) {
    const auto id = static_cast<OrganisationId>(1000 + i);
    cmd.invited.push_back(id);
    facts.invited.push_back(OrganisationRecord{
        {id, "Kommun " + std::to_string(i), OrganisationKind::municipality}, true});
  }
  const auto [stream, created] = single_event<RoundCreated>(decide(secretariat, cmd, facts));
  EXPECT_EQ(created.invited.size(), max_invited);
  // One more is too many, refused before any lookup is needed (the handler makes none).
  cmd.invited.push_back(5000);
  facts.invited.clear();
  expect_refused(decide(secretariat, cmd, facts), ErrorCode::too_large);
}

TEST(DecideCreateRound, FactsWithoutAnIdForEachAgendaItemAreAnInternalError) {
  auto cmd = draft_cmd({malmo});
  cmd.agenda = {"Ett", "Två"};
  auto facts = round_facts(cmd);
  facts.new_threads.pop_back();
  expect_refused(decide(secretariat, cmd, facts), ErrorCode::internal);
  // An agenda too long is refused as such, though the handler gave it no ids.
  cmd.agenda = agenda_of(max_agenda_items + 1);
  facts = round_facts(draft_cmd({malmo}));
  expect_refused(decide(secretariat, cmd, facts), ErrorCode::too_large);
}

TEST(DecideCreateRound, TheNewRulesComeAfterTheInvitationInOrder) {
  // invited (too many, twice, unknown), kind, sectors, schedule, agenda size, agenda text: each
  // case breaks a rule and every later one; the earliest is reported.
  auto cmd = draft_cmd({malmo, 999, malmo}, RoundKind::bilateral);
  cmd.sectors = {Sector::school, Sector::school};
  cmd.closes_at = now - 1;
  cmd.agenda = agenda_of(max_agenda_items + 1);
  cmd.agenda.back() = "";
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);  // malmo twice
  cmd.invited = {malmo, 999};
  expect_refused(decide_round(secretariat, cmd), ErrorCode::not_found);
  cmd.invited = {malmo};
  const auto bilateral = decide_round(secretariat, cmd);
  expect_refused(bilateral, ErrorCode::bad_request);
  EXPECT_NE(bilateral.error().message.find("ministry"), std::string::npos)
      << bilateral.error().message;
  cmd.invited = {malmo, finansdepartementet};
  const auto sectors = decide_round(secretariat, cmd);
  expect_refused(sectors, ErrorCode::bad_request);
  EXPECT_NE(sectors.error().message.find("sector"), std::string::npos) << sectors.error().message;
  cmd.sectors = {Sector::school};
  const auto schedule = decide_round(secretariat, cmd);
  expect_refused(schedule, ErrorCode::bad_request);
  EXPECT_NE(schedule.error().message.find("closing time"), std::string::npos)
      << schedule.error().message;
  cmd.closes_at = now + 1;
  expect_refused(decide_round(secretariat, cmd), ErrorCode::too_large);  // 51 items
  cmd.agenda = {"Fråga", ""};
  expect_refused(decide_round(secretariat, cmd), ErrorCode::bad_request);
  cmd.agenda = {"Fråga"};
  EXPECT_TRUE(decide_round(secretariat, cmd).ok());
}

// --- CreateThread ---

TEST(DecideCreateThread, SecretariatAddsThreadsToDraftAndOpenRounds) {
  EXPECT_TRUE(decide(secretariat, thread_cmd(), thread_facts(round(Phase::open))).ok());
  EXPECT_TRUE(decide(secretariat, thread_cmd(), thread_facts(round(Phase::draft))).ok());
  EXPECT_TRUE(decide(person(Role::admin), thread_cmd(), thread_facts(round(Phase::open))).ok());
}

TEST(DecideCreateThread, TheEventGoesToTheRoundsMainStreamWithTheNewThreadsId) {
  const auto [stream, created] = single_event<ThreadCreated>(
      decide(secretariat, thread_cmd("Finansiering"), thread_facts(round(Phase::open))));
  EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(created.thread, new_thread_id);
  EXPECT_EQ(created.title, "Finansiering");
}

TEST(DecideCreateThread, MissingRoundIsNotFound) {
  expect_refused(decide(secretariat, thread_cmd(), thread_facts(std::nullopt)),
                 ErrorCode::not_found);
}

TEST(DecideCreateThread, InvisibleRoundIsNotFoundNotForbidden) {
  // Uninvited, in any phase: the answer must not reveal that the round exists.
  expect_refused(decide(uninvited, thread_cmd(), thread_facts(round(Phase::open))),
                 ErrorCode::not_found);
  expect_refused(decide(uninvited, thread_cmd(), thread_facts(round(Phase::draft))),
                 ErrorCode::not_found);
}

TEST(DecideCreateThread, InvitedRepresentativeSeesADraftButProposesRatherThanAdds) {
  const auto decision = decide(representative, thread_cmd(), thread_facts(round(Phase::draft)));
  expect_refused(decision, ErrorCode::forbidden);
  EXPECT_NE(decision.error().message.find("propose"), std::string::npos)
      << decision.error().message;
  expect_refused(decide(observer, thread_cmd(), thread_facts(round(Phase::draft))),
                 ErrorCode::forbidden);
}

TEST(DecideCreateThread, InvitedRepresentativeAndObserverAreForbidden) {
  expect_refused(decide(representative, thread_cmd(), thread_facts(round(Phase::open))),
                 ErrorCode::forbidden);
  expect_refused(decide(observer, thread_cmd(), thread_facts(round(Phase::open))),
                 ErrorCode::forbidden);
}

TEST(DecideCreateThread, ClosedOrDecidedRoundIsInvalidState) {
  expect_refused(decide(secretariat, thread_cmd(), thread_facts(round(Phase::closed))),
                 ErrorCode::invalid_state);
  expect_refused(decide(secretariat, thread_cmd(), thread_facts(round(Phase::decided))),
                 ErrorCode::invalid_state);
}

TEST(DecideCreateThread, TitleMustNotBeBlankOrTooLong) {
  expect_refused(decide(secretariat, thread_cmd("   "), thread_facts(round(Phase::open))),
                 ErrorCode::bad_request);
  expect_refused(decide(secretariat, thread_cmd("\u200b\ufeff"), thread_facts(round(Phase::open))),
                 ErrorCode::bad_request);
  expect_refused(
      decide(secretariat, thread_cmd(std::string(301, 'a')), thread_facts(round(Phase::open))),
      ErrorCode::too_large);
  EXPECT_TRUE(
      decide(secretariat, thread_cmd(std::string(300, 'a')), thread_facts(round(Phase::open)))
          .ok());
}

TEST(DecideCreateThread, PermissionIsReportedBeforeTheTitle) {
  expect_refused(decide(representative, thread_cmd(""), thread_facts(round(Phase::open))),
                 ErrorCode::forbidden);
}

// --- CreatePost ---

TEST(DecideCreatePost, InvitedRepresentativePostsInOpenRound) {
  EXPECT_TRUE(decide(representative, post(), post_facts(round(Phase::open))).ok());
}

TEST(DecideCreatePost, TheEventGoesToTheThreadsStreamWithTheNewPostsId) {
  const auto [stream, created] = single_event<PostCreated>(
      decide(representative, post("Vi stöder förslaget."), post_facts(round(Phase::open))));
  EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(created.post, new_post_id);
  EXPECT_EQ(created.thread, thread_id);
  EXPECT_EQ(created.reply_to, std::nullopt);
  EXPECT_EQ(created.body, "Vi stöder förslaget.");
}

TEST(DecideCreatePost, AReplyCarriesItsParent) {
  const PostFacts parent{.id = 40, .thread = thread_id};
  const auto [stream, created] = single_event<PostCreated>(decide(
      representative, post("Instämmer.", 40), post_facts(round(Phase::open), thread, parent)));
  EXPECT_EQ(created.reply_to, 40);
  EXPECT_EQ(created.post, new_post_id);
  EXPECT_EQ(created.body, "Instämmer.");
}

TEST(DecideCreatePost, APostInAPreparationThreadGoesToThatPreparationStream) {
  const auto [municipal_stream, municipal_post] = single_event<PostCreated>(
      decide(municipal_representative, post(),
             post_facts(round(Phase::open), thread_in(StreamKind::municipal_preparation))));
  EXPECT_EQ(municipal_stream, (StreamId{round_id, StreamKind::municipal_preparation}));
  EXPECT_EQ(municipal_post.post, new_post_id);

  const auto [state_stream, state_post] = single_event<PostCreated>(
      decide(state_representative, post(),
             post_facts(round(Phase::open), thread_in(StreamKind::state_preparation))));
  EXPECT_EQ(state_stream, (StreamId{round_id, StreamKind::state_preparation}));
  EXPECT_EQ(state_post.thread, thread_id);
}

TEST(DecideCreatePost, APreparationThreadOfAnotherSideIsNotFound) {
  // Not forbidden: the answer must not reveal that the other side's thread exists.
  expect_refused(decide(municipal_representative, post(),
                        post_facts(round(Phase::open), thread_in(StreamKind::state_preparation))),
                 ErrorCode::not_found);
  expect_refused(
      decide(state_representative, post(),
             post_facts(round(Phase::open), thread_in(StreamKind::municipal_preparation))),
      ErrorCode::not_found);
  // A neutral organisation has no preparation stream at all, nor has a neutral secretariat.
  for (const auto& neutral : {representative, secretariat}) {
    for (auto stream : {StreamKind::state_preparation, StreamKind::municipal_preparation}) {
      expect_refused(decide(neutral, post(), post_facts(round(Phase::open), thread_in(stream))),
                     ErrorCode::not_found);
    }
  }
}

TEST(DecideCreatePost, SecretariatOfASidePostsInThatSidesPreparation) {
  const auto ministry_secretariat = person(Role::secretariat, kiruna, OrganisationKind::ministry);
  const auto [stream, created] = single_event<PostCreated>(
      decide(ministry_secretariat, post(),
             post_facts(round(Phase::open), thread_in(StreamKind::state_preparation))));
  EXPECT_EQ(stream.kind, StreamKind::state_preparation);
  expect_refused(
      decide(ministry_secretariat, post(),
             post_facts(round(Phase::open), thread_in(StreamKind::municipal_preparation))),
      ErrorCode::not_found);
}

TEST(DecideCreatePost, SecretariatPostsWithoutInvitation) {
  EXPECT_TRUE(decide(secretariat, post(), post_facts(round(Phase::open))).ok());
}

TEST(DecideCreatePost, ReplyToAPostInTheSameThreadIsAllowed) {
  const PostFacts parent{.id = 40, .thread = thread_id};
  EXPECT_TRUE(
      decide(representative, post("Instämmer.", 40), post_facts(round(Phase::open), thread, parent))
          .ok());
}

TEST(DecideCreatePost, MissingOrInvisibleRoundIsNotFound) {
  expect_refused(decide(representative, post(), post_facts(std::nullopt)), ErrorCode::not_found);
  expect_refused(decide(uninvited, post(), post_facts(round(Phase::open))), ErrorCode::not_found);
  expect_refused(decide(uninvited, post(), post_facts(round(Phase::draft))), ErrorCode::not_found);
}

TEST(DecideCreatePost, ObserverIsForbidden) {
  expect_refused(decide(observer, post(), post_facts(round(Phase::open))), ErrorCode::forbidden);
}

// An open round whose closing time has come is closed, though the server's own close of it may
// not be committed yet.
std::optional<RoundAccess> open_closing_at(Timestamp closes_at) {
  auto open = round(Phase::open);
  open->closes_at = closes_at;
  return open;
}

TEST(DecideCreatePost, AnOpenRoundPastItsClosingTimeTakesNoPosts) {
  for (const auto closes_at : {now, now - 1, now - 86'400'000}) {
    expect_refused(decide(representative, post(), post_facts(open_closing_at(closes_at))),
                   ErrorCode::invalid_state);
    expect_refused(decide(secretariat, post(), post_facts(open_closing_at(closes_at))),
                   ErrorCode::invalid_state);
  }
  EXPECT_TRUE(decide(representative, post(), post_facts(open_closing_at(now + 1))).ok());
  // Still seen by whom it was seen: the uninvited are told it does not exist, the observer that
  // they may not post.
  expect_refused(decide(uninvited, post(), post_facts(open_closing_at(now))), ErrorCode::not_found);
  expect_refused(decide(observer, post(), post_facts(open_closing_at(now))), ErrorCode::forbidden);
}

TEST(DecideCreateThread, AnOpenRoundPastItsClosingTimeTakesNoThreads) {
  expect_refused(decide(secretariat, thread_cmd(), thread_facts(open_closing_at(now))),
                 ErrorCode::invalid_state);
  EXPECT_TRUE(decide(secretariat, thread_cmd(), thread_facts(open_closing_at(now + 1))).ok());
  expect_refused(decide(representative, thread_cmd(), thread_facts(open_closing_at(now))),
                 ErrorCode::forbidden);
}

TEST(DecideCreatePost, RoundNotOpenIsInvalidState) {
  expect_refused(decide(representative, post(), post_facts(round(Phase::closed))),
                 ErrorCode::invalid_state);
  expect_refused(decide(representative, post(), post_facts(round(Phase::decided))),
                 ErrorCode::invalid_state);
  // The secretariat and the invited see a draft, but nobody posts in it yet; an observer is
  // refused for the role first.
  for (const auto& actor : {secretariat, representative}) {
    const auto decision = decide(actor, post(), post_facts(round(Phase::draft)));
    expect_refused(decision, ErrorCode::invalid_state);
    EXPECT_EQ(decision.error().message, "This round is not open for posts yet");
  }
  expect_refused(decide(observer, post(), post_facts(round(Phase::draft))), ErrorCode::forbidden);
}

TEST(DecideCreatePost, ThreadMissingOrInAnotherRoundIsNotFound) {
  expect_refused(decide(representative, post(), post_facts(round(Phase::open), std::nullopt)),
                 ErrorCode::not_found);
  const ThreadFacts elsewhere{.id = thread_id, .round = round_id + 1, .pinned_post = std::nullopt};
  expect_refused(decide(representative, post(), post_facts(round(Phase::open), elsewhere)),
                 ErrorCode::not_found);
  // Facts about some other thread than the one posted to.
  const ThreadFacts other{.id = other_thread_id, .round = round_id, .pinned_post = std::nullopt};
  expect_refused(decide(representative, post(), post_facts(round(Phase::open), other)),
                 ErrorCode::not_found);
}

TEST(DecideCreatePost, ReplyToMissingPostIsInvalidReply) {
  expect_refused(decide(representative, post("Ja.", 40), post_facts(round(Phase::open))),
                 ErrorCode::invalid_reply);
}

TEST(DecideCreatePost, ReplyToAPostInAnotherThreadIsInvalidReply) {
  const PostFacts parent{.id = 40, .thread = other_thread_id};
  expect_refused(
      decide(representative, post("Ja.", 40), post_facts(round(Phase::open), thread, parent)),
      ErrorCode::invalid_reply);
}

TEST(DecideCreatePost, BlankBodiesAreBadRequest) {
  for (const std::string blank : {"", " ", "\n\t  \r\n", "\u00a0\u3000", "\u200b\ufeff ",
                                  "\u0085\u2060\u1680\u2028\u2029\u202f\u205f"}) {
    expect_refused(decide(representative, post(blank), post_facts(round(Phase::open))),
                   ErrorCode::bad_request);
  }
}

TEST(DecideCreatePost, TextAroundWhitespaceIsNotBlank) {
  EXPECT_TRUE(decide(representative, post("\n å \n"), post_facts(round(Phase::open))).ok());
  // A soft hyphen is not in the blank set, so it counts as text (one rule: domain/text.hpp).
  EXPECT_TRUE(decide(representative, post("\u00ad"), post_facts(round(Phase::open))).ok());
}

TEST(DecideCreatePost, BodyLimitIsInBytes) {
  EXPECT_TRUE(
      decide(representative, post(std::string(max_body_bytes, 'x')), post_facts(round(Phase::open)))
          .ok());
  expect_refused(decide(representative, post(std::string(max_body_bytes + 1, 'x')),
                        post_facts(round(Phase::open))),
                 ErrorCode::too_large);
  // 10001 two-byte letters are 20002 bytes, over the limit though only 10001 characters.
  std::string swedish;
  for (int i = 0; i < 10001; ++i) swedish += "ö";
  expect_refused(decide(representative, post(swedish), post_facts(round(Phase::open))),
                 ErrorCode::too_large);
}

TEST(DecideCreatePost, RefusalsComeInOrderExistencePermissionPhaseThreadText) {
  // Each case breaks two rules; the earlier rule is the one reported.
  expect_refused(decide(uninvited, post(""), post_facts(round(Phase::closed))),
                 ErrorCode::not_found);
  expect_refused(decide(observer, post(""), post_facts(round(Phase::closed))),
                 ErrorCode::forbidden);
  expect_refused(decide(representative, post(), post_facts(round(Phase::closed), std::nullopt)),
                 ErrorCode::invalid_state);
  expect_refused(decide(representative, post(""), post_facts(round(Phase::open), std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(decide(representative, post("", 40), post_facts(round(Phase::open))),
                 ErrorCode::invalid_reply);
  // Another side's preparation thread is not found before the reply or the text is looked at.
  expect_refused(decide(municipal_representative, post("", 40),
                        post_facts(round(Phase::open), thread_in(StreamKind::state_preparation))),
                 ErrorCode::not_found);
  // The observer is refused for being an observer, whoever's thread it is.
  expect_refused(decide(person(Role::observer, malmo, OrganisationKind::municipality), post(),
                        post_facts(round(Phase::open), thread_in(StreamKind::state_preparation))),
                 ErrorCode::forbidden);
}

}  // namespace
}  // namespace samrad::domain
