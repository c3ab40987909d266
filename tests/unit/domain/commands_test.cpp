// The decide() rules: each allowed case and each refusal with its error code, including the order
// in which refusals are reported (existence, permission, phase, text).
#include "domain/commands.hpp"

#include <gtest/gtest.h>

#include <string>

#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;

constexpr RoundId round_id = 7;
constexpr ThreadId thread_id = 11;
constexpr ThreadId other_thread_id = 12;

const Person secretariat = person(Role::secretariat, kiruna);
const Person representative = person(Role::representative);
const Person observer = person(Role::observer);
const Person uninvited = person(Role::representative, kiruna);

std::optional<RoundAccess> round(Phase phase) {
  return RoundAccess{.id = round_id, .phase = phase, .invited = {malmo}, .head_seq = 4};
}

const std::optional<ThreadFacts> thread = ThreadFacts{.id = thread_id, .round = round_id};

CreatePost post(std::string body = "Vi stöder förslaget.", std::optional<PostId> reply_to = {}) {
  return CreatePost{
      .round = round_id, .thread = thread_id, .reply_to = reply_to, .body = std::move(body)};
}

CreateThread thread_cmd(std::string title = "Finansiering") {
  return CreateThread{.round = round_id, .title = std::move(title)};
}

CreateRound round_cmd(std::string title = "Generella statsbidrag som huvudprincip") {
  return CreateRound{.title = std::move(title),
                     .proposal = "## Förslag",
                     .phase = Phase::open,
                     .invited = {malmo, kiruna}};
}

// Checks the code and that the message is a readable sentence, not a blank.
void expect_refused(const Status& status, ErrorCode code) {
  ASSERT_FALSE(status.ok()) << "expected " << to_string(code);
  EXPECT_EQ(status.error().code, code) << status.error().message;
  EXPECT_FALSE(status.error().message.empty());
}

// --- CreateRound ---

TEST(DecideCreateRound, SecretariatAndAdminMayStartOpenOrDraftRounds) {
  EXPECT_TRUE(decide(secretariat, round_cmd()).ok());
  EXPECT_TRUE(decide(person(Role::admin), round_cmd()).ok());
  auto draft = round_cmd();
  draft.phase = Phase::draft;
  EXPECT_TRUE(decide(secretariat, draft).ok());
}

TEST(DecideCreateRound, RepresentativesAndObserversAreForbidden) {
  expect_refused(decide(representative, round_cmd()), ErrorCode::forbidden);
  expect_refused(decide(observer, round_cmd()), ErrorCode::forbidden);
}

TEST(DecideCreateRound, ANewRoundCannotStartClosedOrDecided) {
  for (auto phase : {Phase::closed, Phase::decided}) {
    auto cmd = round_cmd();
    cmd.phase = phase;
    expect_refused(decide(secretariat, cmd), ErrorCode::bad_request);
  }
}

TEST(DecideCreateRound, TitleMustNotBeBlankOrTooLong) {
  expect_refused(decide(secretariat, round_cmd("")), ErrorCode::bad_request);
  expect_refused(decide(secretariat, round_cmd(" \t\r\n")), ErrorCode::bad_request);
  EXPECT_TRUE(decide(secretariat, round_cmd(std::string(max_title_bytes, 'x'))).ok());
  expect_refused(decide(secretariat, round_cmd(std::string(max_title_bytes + 1, 'x'))),
                 ErrorCode::too_large);
}

TEST(DecideCreateRound, ProposalHasAByteLimit) {
  auto cmd = round_cmd();
  cmd.proposal = std::string(max_proposal_bytes, 'x');
  EXPECT_TRUE(decide(secretariat, cmd).ok());
  cmd.proposal += 'x';
  expect_refused(decide(secretariat, cmd), ErrorCode::too_large);
}

TEST(DecideCreateRound, AnOrganisationIsInvitedAtMostOnce) {
  auto cmd = round_cmd();
  cmd.invited = {malmo, kiruna, malmo};
  expect_refused(decide(secretariat, cmd), ErrorCode::bad_request);
}

// --- CreateThread ---

TEST(DecideCreateThread, SecretariatAddsThreadsToDraftAndOpenRounds) {
  EXPECT_TRUE(decide(secretariat, round(Phase::open), thread_cmd()).ok());
  EXPECT_TRUE(decide(secretariat, round(Phase::draft), thread_cmd()).ok());
  EXPECT_TRUE(decide(person(Role::admin), round(Phase::open), thread_cmd()).ok());
}

TEST(DecideCreateThread, MissingRoundIsNotFound) {
  expect_refused(decide(secretariat, std::nullopt, thread_cmd()), ErrorCode::not_found);
}

TEST(DecideCreateThread, InvisibleRoundIsNotFoundNotForbidden) {
  // Uninvited, or a draft: the answer must not reveal that the round exists.
  expect_refused(decide(uninvited, round(Phase::open), thread_cmd()), ErrorCode::not_found);
  expect_refused(decide(representative, round(Phase::draft), thread_cmd()), ErrorCode::not_found);
}

TEST(DecideCreateThread, InvitedRepresentativeAndObserverAreForbidden) {
  expect_refused(decide(representative, round(Phase::open), thread_cmd()), ErrorCode::forbidden);
  expect_refused(decide(observer, round(Phase::open), thread_cmd()), ErrorCode::forbidden);
}

TEST(DecideCreateThread, ClosedOrDecidedRoundIsInvalidState) {
  expect_refused(decide(secretariat, round(Phase::closed), thread_cmd()), ErrorCode::invalid_state);
  expect_refused(decide(secretariat, round(Phase::decided), thread_cmd()),
                 ErrorCode::invalid_state);
}

TEST(DecideCreateThread, TitleMustNotBeBlankOrTooLong) {
  expect_refused(decide(secretariat, round(Phase::open), thread_cmd("   ")),
                 ErrorCode::bad_request);
  expect_refused(decide(secretariat, round(Phase::open), thread_cmd(std::string(301, 'a'))),
                 ErrorCode::too_large);
  EXPECT_TRUE(decide(secretariat, round(Phase::open), thread_cmd(std::string(300, 'a'))).ok());
}

TEST(DecideCreateThread, PermissionIsReportedBeforeTheTitle) {
  expect_refused(decide(representative, round(Phase::open), thread_cmd("")), ErrorCode::forbidden);
}

// --- CreatePost ---

TEST(DecideCreatePost, InvitedRepresentativePostsInOpenRound) {
  EXPECT_TRUE(decide(representative, round(Phase::open), thread, std::nullopt, post()).ok());
}

TEST(DecideCreatePost, SecretariatPostsWithoutInvitation) {
  EXPECT_TRUE(decide(secretariat, round(Phase::open), thread, std::nullopt, post()).ok());
}

TEST(DecideCreatePost, ReplyToAPostInTheSameThreadIsAllowed) {
  const PostFacts parent{.id = 40, .thread = thread_id};
  EXPECT_TRUE(
      decide(representative, round(Phase::open), thread, parent, post("Instämmer.", 40)).ok());
}

TEST(DecideCreatePost, MissingOrInvisibleRoundIsNotFound) {
  expect_refused(decide(representative, std::nullopt, thread, std::nullopt, post()),
                 ErrorCode::not_found);
  expect_refused(decide(uninvited, round(Phase::open), thread, std::nullopt, post()),
                 ErrorCode::not_found);
  expect_refused(decide(representative, round(Phase::draft), thread, std::nullopt, post()),
                 ErrorCode::not_found);
}

TEST(DecideCreatePost, ObserverIsForbidden) {
  expect_refused(decide(observer, round(Phase::open), thread, std::nullopt, post()),
                 ErrorCode::forbidden);
}

TEST(DecideCreatePost, RoundNotOpenIsInvalidState) {
  expect_refused(decide(representative, round(Phase::closed), thread, std::nullopt, post()),
                 ErrorCode::invalid_state);
  expect_refused(decide(representative, round(Phase::decided), thread, std::nullopt, post()),
                 ErrorCode::invalid_state);
  // The secretariat can see a draft, but nobody posts in it yet.
  expect_refused(decide(secretariat, round(Phase::draft), thread, std::nullopt, post()),
                 ErrorCode::invalid_state);
}

TEST(DecideCreatePost, ThreadMissingOrInAnotherRoundIsNotFound) {
  expect_refused(decide(representative, round(Phase::open), std::nullopt, std::nullopt, post()),
                 ErrorCode::not_found);
  const ThreadFacts elsewhere{.id = thread_id, .round = round_id + 1};
  expect_refused(decide(representative, round(Phase::open), elsewhere, std::nullopt, post()),
                 ErrorCode::not_found);
}

TEST(DecideCreatePost, ReplyToMissingPostIsInvalidReply) {
  expect_refused(decide(representative, round(Phase::open), thread, std::nullopt, post("Ja.", 40)),
                 ErrorCode::invalid_reply);
}

TEST(DecideCreatePost, ReplyToAPostInAnotherThreadIsInvalidReply) {
  const PostFacts parent{.id = 40, .thread = other_thread_id};
  expect_refused(decide(representative, round(Phase::open), thread, parent, post("Ja.", 40)),
                 ErrorCode::invalid_reply);
}

TEST(DecideCreatePost, BlankBodiesAreBadRequest) {
  for (const std::string blank : {"", " ", "\n\t  \r\n", "\u00a0\u3000", "\u200b\ufeff "}) {
    expect_refused(decide(representative, round(Phase::open), thread, std::nullopt, post(blank)),
                   ErrorCode::bad_request);
  }
}

TEST(DecideCreatePost, TextAroundWhitespaceIsNotBlank) {
  EXPECT_TRUE(
      decide(representative, round(Phase::open), thread, std::nullopt, post("\n å \n")).ok());
}

TEST(DecideCreatePost, BodyLimitIsInBytes) {
  EXPECT_TRUE(decide(representative, round(Phase::open), thread, std::nullopt,
                     post(std::string(max_body_bytes, 'x')))
                  .ok());
  expect_refused(decide(representative, round(Phase::open), thread, std::nullopt,
                        post(std::string(max_body_bytes + 1, 'x'))),
                 ErrorCode::too_large);
  // 10001 two-byte letters are 20002 bytes, over the limit though only 10001 characters.
  std::string swedish;
  for (int i = 0; i < 10001; ++i) swedish += "ö";
  expect_refused(decide(representative, round(Phase::open), thread, std::nullopt, post(swedish)),
                 ErrorCode::too_large);
}

TEST(DecideCreatePost, RefusalsComeInOrderExistencePermissionPhaseThreadText) {
  // Each case breaks two rules; the earlier rule is the one reported.
  expect_refused(decide(uninvited, round(Phase::closed), thread, std::nullopt, post("")),
                 ErrorCode::not_found);
  expect_refused(decide(observer, round(Phase::closed), thread, std::nullopt, post("")),
                 ErrorCode::forbidden);
  expect_refused(decide(representative, round(Phase::closed), std::nullopt, std::nullopt, post()),
                 ErrorCode::invalid_state);
  expect_refused(decide(representative, round(Phase::open), std::nullopt, std::nullopt, post("")),
                 ErrorCode::not_found);
  expect_refused(decide(representative, round(Phase::open), thread, std::nullopt, post("", 40)),
                 ErrorCode::invalid_reply);
}

}  // namespace
}  // namespace samrad::domain
