// The decide() rules: each allowed case with the events it decides on (stream, data, the new
// entity's id from the facts), and each refusal with its error code, including the order in
// which refusals are reported (existence, permission, phase, thread, reply, text).
#include "domain/commands.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "domain/text.hpp"
#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;

constexpr RoundId round_id = 7;
constexpr ThreadId thread_id = 11;
constexpr ThreadId other_thread_id = 12;
// Ids the store hands out before the decision; deliberately unlike any other id here.
constexpr RoundId new_round_id = 501;
constexpr ThreadId new_thread_id = 502;
constexpr PostId new_post_id = 503;

const Person secretariat = person(Role::secretariat, kiruna);
const Person representative = person(Role::representative);
const Person observer = person(Role::observer);
const Person uninvited = person(Role::representative, kiruna);
const Person municipal_representative =
    person(Role::representative, malmo, OrganisationKind::municipality);
const Person state_representative = person(Role::representative, malmo, OrganisationKind::agency);

std::optional<RoundAccess> round(Phase phase) {
  return RoundAccess{.id = round_id, .phase = phase, .invited = {malmo}};
}

const std::optional<ThreadFacts> thread = ThreadFacts{.id = thread_id, .round = round_id};

std::optional<ThreadFacts> thread_in(StreamKind stream) {
  return ThreadFacts{.id = thread_id, .round = round_id, .stream = stream};
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
                         .new_post = new_post_id};
}

CreateThread thread_cmd(std::string title = "Finansiering") {
  return CreateThread{.round = round_id, .title = std::move(title)};
}

CreateThreadFacts thread_facts(std::optional<RoundAccess> round_facts) {
  return CreateThreadFacts{.round = std::move(round_facts), .new_thread = new_thread_id};
}

CreateRound round_cmd(std::string title = "Generella statsbidrag som huvudprincip") {
  return CreateRound{.title = std::move(title),
                     .proposal = "## Förslag",
                     .phase = Phase::open,
                     .invited = {malmo, kiruna}};
}

// The organisations the store knows; anything else is looked up as missing.
const std::map<OrganisationId, Organisation> known_organisations = {
    {malmo, {malmo, "Malmö stad", OrganisationKind::municipality}},
    {kiruna, {kiruna, "Kiruna kommun", OrganisationKind::municipality}},
};

// What the store would read for the command: one lookup per invited organisation, in order.
CreateRoundFacts round_facts(const CreateRound& cmd) {
  CreateRoundFacts facts{.new_round = new_round_id, .invited = {}};
  for (const auto id : cmd.invited) {
    const auto found = known_organisations.find(id);
    facts.invited.push_back(found == known_organisations.end()
                                ? std::nullopt
                                : std::optional<Organisation>(found->second));
  }
  return facts;
}

Decision decide_round(const Person& actor, const CreateRound& cmd) {
  return decide(actor, cmd, round_facts(cmd));
}

// Checks the code and that the message is a readable sentence, not a blank.
void expect_refused(const Decision& decision, ErrorCode code) {
  ASSERT_FALSE(decision.ok()) << "expected " << to_string(code);
  EXPECT_EQ(decision.error().code, code) << decision.error().message;
  EXPECT_FALSE(decision.error().message.empty());
}

// The one event an accepted command decides on, with its data of the expected kind.
template <class Data>
std::pair<StreamId, Data> single_event(const Decision& decision) {
  if (!decision.ok()) {
    ADD_FAILURE() << "refused: " << to_string(decision.error().code) << ": "
                  << decision.error().message;
    return {};
  }
  if (decision->size() != 1) {
    ADD_FAILURE() << decision->size() << " events, expected one";
    return {};
  }
  const auto& event = decision->front();
  const auto* data = std::get_if<Data>(&event.data);
  if (!data) {
    ADD_FAILURE() << "an event of kind " << kind_of(event.data);
    return {};
  }
  return {event.stream, *data};
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
  // Uninvited, or a draft: the answer must not reveal that the round exists.
  expect_refused(decide(uninvited, thread_cmd(), thread_facts(round(Phase::open))),
                 ErrorCode::not_found);
  expect_refused(decide(representative, thread_cmd(), thread_facts(round(Phase::draft))),
                 ErrorCode::not_found);
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
  expect_refused(decide(representative, post(), post_facts(round(Phase::draft))),
                 ErrorCode::not_found);
}

TEST(DecideCreatePost, ObserverIsForbidden) {
  expect_refused(decide(observer, post(), post_facts(round(Phase::open))), ErrorCode::forbidden);
}

TEST(DecideCreatePost, RoundNotOpenIsInvalidState) {
  expect_refused(decide(representative, post(), post_facts(round(Phase::closed))),
                 ErrorCode::invalid_state);
  expect_refused(decide(representative, post(), post_facts(round(Phase::decided))),
                 ErrorCode::invalid_state);
  // The secretariat can see a draft, but nobody posts in it yet.
  expect_refused(decide(secretariat, post(), post_facts(round(Phase::draft))),
                 ErrorCode::invalid_state);
}

TEST(DecideCreatePost, ThreadMissingOrInAnotherRoundIsNotFound) {
  expect_refused(decide(representative, post(), post_facts(round(Phase::open), std::nullopt)),
                 ErrorCode::not_found);
  const ThreadFacts elsewhere{.id = thread_id, .round = round_id + 1};
  expect_refused(decide(representative, post(), post_facts(round(Phase::open), elsewhere)),
                 ErrorCode::not_found);
  // Facts about some other thread than the one posted to.
  const ThreadFacts other{.id = other_thread_id, .round = round_id};
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
