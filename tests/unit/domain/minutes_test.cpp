// WriteMinutes: the secretariat writes the minutes of one agenda item of an open or closed round
// (and revises them), linking posts of that item's thread; every refusal in the order a person
// would want it explained (round, permission, agenda item, phase, version, texts, then the posts).
#include <gtest/gtest.h>

#include <array>
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
constexpr ThreadId item = 4;
constexpr ThreadId other_item = 5;
constexpr PostId in_item = 40;
constexpr PostId also_in_item = 41;
constexpr PostId in_other_item = 50;
constexpr PostId hidden_in_item = 42;
constexpr Timestamp now = 1'795'428'900'000;  // 2026-11-23T10:15:00.000Z
const Person secretariat = person(Role::secretariat);

RoundAccess round_in(Phase phase) {
  return RoundAccess{.id = round_id,
                     .phase = phase,
                     .invited = {malmo, kiruna},
                     .kind = RoundKind::plenary,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt,
                     .proposal_version = 1};
}

ThreadFacts thread_facts(ThreadId id = item, StreamKind stream = StreamKind::main,
                         AgendaStatus status = AgendaStatus::accepted, RoundId round = round_id) {
  return {.id = id, .round = round, .stream = stream, .status = status};
}

PostFacts post_in(PostId id, ThreadId thread, bool hidden = false) {
  return {.id = id, .thread = thread, .author = 3, .hidden = hidden};
}

WriteMinutes minutes(std::int64_t revises = 0, std::vector<PostId> posts = {in_item},
                     std::string state_input = "Staten vill ha få mått.",
                     std::string municipal_input = "", std::string state_comment = "") {
  return {.round = round_id,
          .thread = item,
          .revises = revises,
          .state_input = std::move(state_input),
          .municipal_input = std::move(municipal_input),
          .state_comment = std::move(state_comment),
          .posts = std::move(posts)};
}

MinutesFacts facts(std::optional<RoundAccess> round, std::int64_t current_version = 0,
                   std::optional<ThreadFacts> thread = thread_facts()) {
  return {.round = std::move(round),
          .thread = std::move(thread),
          .current_version = current_version,
          .posts = {{in_item, post_in(in_item, item)},
                    {also_in_item, post_in(also_in_item, item)},
                    {hidden_in_item, post_in(hidden_in_item, item, true)},
                    {in_other_item, post_in(in_other_item, other_item)},
                    {99, std::nullopt}},
          .now = now};
}

TEST(DecideWriteMinutes, AppendsMinutesWrittenOnTheMainStream) {
  const auto [stream, written] =
      single_event<MinutesWritten>(decide(secretariat,
                                          minutes(0, {also_in_item, in_item}, "Statens inspel.",
                                                  "Kommunernas inspel.", "Statens kommentar."),
                                          facts(round_in(Phase::open))));
  EXPECT_EQ(stream, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(written.thread, item);
  EXPECT_EQ(written.version, 1);
  EXPECT_EQ(written.state_input, "Statens inspel.");
  EXPECT_EQ(written.municipal_input, "Kommunernas inspel.");
  EXPECT_EQ(written.state_comment, "Statens kommentar.");
  // In the order the secretariat gave them.
  EXPECT_EQ(written.posts, (std::vector<PostId>{also_in_item, in_item}));
}

TEST(DecideWriteMinutes, ARevisionOfTheLatestVersionIsTheNextAndAStaleOneAConflict) {
  const auto [stream, written] = single_event<MinutesWritten>(
      decide(secretariat, minutes(2), facts(round_in(Phase::closed), 2)));
  EXPECT_EQ(written.version, 3);
  const auto stale = decide(secretariat, minutes(1), facts(round_in(Phase::closed), 2));
  expect_refused(stale, ErrorCode::conflict);
  EXPECT_NE(stale.error().message.find("version 2"), std::string::npos);
  expect_refused(decide(secretariat, minutes(0), facts(round_in(Phase::closed), 1)),
                 ErrorCode::conflict);
  expect_refused(decide(secretariat, minutes(1), facts(round_in(Phase::closed), 0)),
                 ErrorCode::conflict);
}

TEST(DecideWriteMinutes, OnlyTheSecretariatAndAdminsKeepTheMinutes) {
  for (const auto role : all_roles) {
    const auto decision = decide(person(role, malmo), minutes(), facts(round_in(Phase::open)));
    if (role == Role::secretariat || role == Role::admin) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::forbidden);
    }
  }
  // Someone who does not see the round is told it does not exist, before anything else.
  expect_refused(
      decide(person(Role::representative, kiruna + 10), minutes(), facts(round_in(Phase::open))),
      ErrorCode::not_found);
  expect_refused(decide(secretariat, minutes(), facts(std::nullopt)), ErrorCode::not_found);
}

TEST(DecideWriteMinutes, MinutesAreWrittenWhileTheRoundIsOpenOrClosedButNotOnceDecided) {
  for (const auto phase : all_phases) {
    const auto decision = decide(secretariat, minutes(), facts(round_in(phase)));
    if (phase == Phase::open || phase == Phase::closed) {
      EXPECT_TRUE(decision.ok());
    } else {
      expect_refused(decision, ErrorCode::invalid_state);
    }
  }
  const auto decided = decide(secretariat, minutes(), facts(round_in(Phase::decided)));
  EXPECT_NE(decided.error().message.find("decided"), std::string::npos);
  // The phase is explained before a stale version.
  expect_refused(decide(secretariat, minutes(5), facts(round_in(Phase::decided))),
                 ErrorCode::invalid_state);
}

TEST(DecideWriteMinutes, TheThreadIsAnAcceptedAgendaItemOfTheRound) {
  const auto open = round_in(Phase::open);
  expect_refused(decide(secretariat, minutes(), facts(open, 0, std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(decide(secretariat, minutes(),
                        facts(open, 0, thread_facts(item, StreamKind::municipal_preparation))),
                 ErrorCode::not_found);
  expect_refused(
      decide(secretariat, minutes(),
             facts(open, 0, thread_facts(item, StreamKind::main, AgendaStatus::proposed))),
      ErrorCode::not_found);
  expect_refused(
      decide(secretariat, minutes(),
             facts(open, 0, thread_facts(item, StreamKind::main, AgendaStatus::declined))),
      ErrorCode::not_found);
  expect_refused(
      decide(secretariat, minutes(),
             facts(open, 0, thread_facts(item, StreamKind::main, AgendaStatus::accepted, 8))),
      ErrorCode::not_found);
}

TEST(DecideWriteMinutes, TheTextsMayBeEmptyButNotAllBlankAndAreBoundedInBytes) {
  const auto open = facts(round_in(Phase::open));
  EXPECT_TRUE(decide(secretariat, minutes(0, {}, "", "Kommunernas inspel.", ""), open).ok());
  EXPECT_TRUE(decide(secretariat, minutes(0, {}, "", "", "Kommentar."), open).ok());
  expect_refused(decide(secretariat, minutes(0, {}, "", "", ""), open), ErrorCode::bad_request);
  expect_refused(decide(secretariat, minutes(0, {}, " ", "\n", "\t"), open),
                 ErrorCode::bad_request);
  const std::string longest(max_body_bytes, 'a');
  EXPECT_TRUE(decide(secretariat, minutes(0, {}, longest, longest, longest), open).ok());
  for (int part = 0; part < 3; ++part) {
    std::array<std::string, 3> texts{"a", "b", "c"};
    texts[part] = std::string(max_body_bytes + 1, 'a');
    expect_refused(decide(secretariat, minutes(0, {}, texts[0], texts[1], texts[2]), open),
                   ErrorCode::too_large);
  }
}

TEST(DecideWriteMinutes, EveryPostIsAReadablePostOfTheItemsThreadNamedOnce) {
  const auto open = facts(round_in(Phase::open));
  const auto elsewhere = decide(secretariat, minutes(0, {in_item, in_other_item}), open);
  expect_refused(elsewhere, ErrorCode::not_found);
  EXPECT_NE(elsewhere.error().message.find(std::to_string(in_other_item)), std::string::npos);
  expect_refused(decide(secretariat, minutes(0, {99}), open), ErrorCode::not_found);
  expect_refused(decide(secretariat, minutes(0, {hidden_in_item}), open), ErrorCode::invalid_state);
  expect_refused(decide(secretariat, minutes(0, {in_item, in_item}), open), ErrorCode::bad_request);
  std::vector<PostId> too_many(max_minutes_posts + 1);
  for (std::size_t i = 0; i < too_many.size(); ++i) too_many[i] = 1000 + i;
  expect_refused(decide(secretariat, minutes(0, too_many), open), ErrorCode::too_large);
}

TEST(MinutesAudit, TheLogNamesTheItemAndCountsThePostsButCopiesNoText) {
  const auto written =
      fixtures::accepted(decide(secretariat, minutes(0, {in_item, also_in_item}, "Hemligt inspel."),
                                facts(round_in(Phase::open))));
  ASSERT_EQ(written.size(), 1u);
  const auto record = audit_of(secretariat, Command{minutes(0, {in_item, also_in_item})},
                               {Event{.stream = written[0].stream,
                                      .seq = 9,
                                      .at = now,
                                      .actor = secretariat,
                                      .data = written[0].data,
                                      .access_after = std::nullopt}},
                               now, Origin{});
  EXPECT_EQ(record.action, "write_minutes");
  EXPECT_EQ(record.target_kind, "thread");
  EXPECT_EQ(record.target_id, item);
  std::string details;
  for (const auto& detail : record.details) details += detail.key + "=" + detail.value + ";";
  EXPECT_NE(details.find("version=1"), std::string::npos) << details;
  EXPECT_NE(details.find("posts=2"), std::string::npos) << details;
  EXPECT_EQ(details.find("Hemligt"), std::string::npos) << details;
}

}  // namespace
}  // namespace samrad::domain
