// Moderation and edits as the domain decides them: an author edits their own post while the round
// is open; the secretariat hides a post of the main stream with a reason (settling its open
// reports) and shows it again; anyone who may read a post of the main stream reports it once;
// the secretariat dismisses a report. Refusals come in the order they are explained: the round
// or post (not_found, also for what the actor may not read), the permission (forbidden), the
// state (invalid_state, conflict), then the text. And the read side: a hidden post's text is
// withheld from every event that carries it.
#include <gtest/gtest.h>

#include <string>

#include "decisions.hpp"
#include "domain/commands.hpp"
#include "domain/permissions.hpp"
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
constexpr PostId post_id = 40;
constexpr ReportId new_report_id = 604;
constexpr Timestamp now = 1'795'428'900'000;

Person with_id(Person person, PersonId id) {
  person.id = id;
  return person;
}

// Malmö (a municipality) is invited. The author is a Malmö representative (id 21); another Malmö
// representative (22) and observer (23) read along.
const Person author =
    with_id(person(Role::representative, malmo, OrganisationKind::municipality), 21);
const Person colleague =
    with_id(person(Role::representative, malmo, OrganisationKind::municipality), 22);
const Person observer = with_id(person(Role::observer, malmo, OrganisationKind::municipality), 23);
const Person uninvited =
    with_id(person(Role::representative, kiruna, OrganisationKind::municipality), 24);
const Person state_reader =
    with_id(person(Role::representative, malmo, OrganisationKind::ministry), 25);
const Person secretariat = with_id(person(Role::secretariat, kiruna), 26);
const Person admin = with_id(person(Role::admin, kiruna), 27);

RoundAccess round_in(Phase phase) {
  return RoundAccess{.id = round_id,
                     .phase = phase,
                     .invited = {malmo},
                     .kind = RoundKind::plenary,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt,
                     .proposal_version = 1};
}

PostCommandFacts facts(Phase phase = Phase::open, StreamKind stream = StreamKind::main) {
  return PostCommandFacts{.round = round_in(phase),
                          .post = PostFacts{.id = post_id,
                                            .thread = thread_id,
                                            .author = author.id,
                                            .version = 2,
                                            .body = "Malmö tillstyrker.",
                                            .hidden = false},
                          .thread = ThreadFacts{.id = thread_id,
                                                .round = round_id,
                                                .stream = stream,
                                                .status = AgendaStatus::accepted,
                                                .locked = false,
                                                .pinned_post = std::nullopt},
                          .open_reports = {},
                          .new_report = new_report_id,
                          .now = now};
}

PostCommandFacts hidden_post() {
  auto hidden = facts();
  hidden.post->hidden = true;
  return hidden;
}

// --- edit_post ---

TEST(EditPost, TheAuthorWritesTheNextVersionInThePostsStream) {
  for (auto stream : {StreamKind::main, StreamKind::municipal_preparation}) {
    const auto [where, edited] = single_event<PostEdited>(
        decide(author, EditPost{round_id, post_id, "Malmö tillstyrker med förbehåll."},
               facts(Phase::open, stream)));
    EXPECT_EQ(where, (StreamId{round_id, stream}));
    EXPECT_EQ(edited.post, post_id);
    EXPECT_EQ(edited.thread, thread_id);
    EXPECT_EQ(edited.version, 3);
    EXPECT_EQ(edited.body, "Malmö tillstyrker med förbehåll.");
    EXPECT_FALSE(edited.withheld);
  }
}

TEST(EditPost, RefusalsInTheOrderTheyAreExplained) {
  const EditPost edit{round_id, post_id, "Ny text"};
  auto no_round = facts();
  no_round.round.reset();
  expect_refused(decide(author, edit, no_round), ErrorCode::not_found);
  expect_refused(decide(uninvited, edit, facts()), ErrorCode::not_found);
  auto no_post = facts();
  no_post.post.reset();
  expect_refused(decide(author, edit, no_post), ErrorCode::not_found);
  auto other_round = facts();
  other_round.thread->round = round_id + 1;
  expect_refused(decide(author, edit, other_round), ErrorCode::not_found);
  // A state reader cannot see the municipal preparation, so its posts do not exist for them.
  expect_refused(decide(state_reader, edit, facts(Phase::open, StreamKind::municipal_preparation)),
                 ErrorCode::not_found);
  expect_refused(decide(colleague, edit, facts()), ErrorCode::forbidden);
  expect_refused(decide(secretariat, edit, facts()), ErrorCode::forbidden);
  for (auto phase : {Phase::closed, Phase::decided}) {
    expect_refused(decide(author, edit, facts(phase)), ErrorCode::invalid_state);
  }
  auto past_closing = facts();
  past_closing.round->closes_at = now;
  expect_refused(decide(author, edit, past_closing), ErrorCode::invalid_state);
  expect_refused(decide(author, edit, hidden_post()), ErrorCode::invalid_state);
  auto locked = facts();
  locked.thread->locked = true;
  expect_refused(decide(author, edit, locked), ErrorCode::invalid_state);
  expect_refused(decide(author, EditPost{round_id, post_id, " \n"}, facts()),
                 ErrorCode::bad_request);
  expect_refused(
      decide(author, EditPost{round_id, post_id, std::string(max_body_bytes + 1, 'a')}, facts()),
      ErrorCode::too_large);
  expect_refused(decide(author, EditPost{round_id, post_id, "Malmö tillstyrker."}, facts()),
                 ErrorCode::bad_request);
}

TEST(EditPost, AnAuthorWhoBecameAnObserverNoLongerEdits) {
  auto became_observer = observer;
  became_observer.id = author.id;
  expect_refused(decide(became_observer, EditPost{round_id, post_id, "Ny"}, facts()),
                 ErrorCode::forbidden);
}

// --- hide_post / unhide_post ---

TEST(HidePost, TheSecretariatHidesWithAReasonInAnyPhase) {
  for (const auto& moderator : {secretariat, admin}) {
    for (auto phase : {Phase::draft, Phase::open, Phase::closed, Phase::decided}) {
      const auto [where, hidden] = single_event<PostHidden>(
          decide(moderator, HidePost{round_id, post_id, "Personuppgifter"}, facts(phase)));
      EXPECT_EQ(where, (StreamId{round_id, StreamKind::main}));
      EXPECT_EQ(hidden.post, post_id);
      EXPECT_EQ(hidden.thread, thread_id);
      EXPECT_EQ(hidden.reason, "Personuppgifter");
    }
  }
}

TEST(HidePost, HidingSettlesTheOpenReportsOnTheModerationStream) {
  auto reported = facts();
  reported.open_reports = {{.id = 5, .reporter = colleague.id}, {.id = 9, .reporter = observer.id}};
  const auto events =
      accepted(decide(secretariat, HidePost{round_id, post_id, "Kränkande"}, reported));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<PostHidden>(events[0].data));
  EXPECT_EQ(events[1].stream, (StreamId{round_id, StreamKind::moderation}));
  const auto& resolved = std::get<ReportsResolved>(events[1].data);
  EXPECT_EQ(resolved.reports, (std::vector<ReportId>{5, 9}));
  EXPECT_EQ(resolved.outcome, ReportOutcome::hidden);
  EXPECT_EQ(resolved.note, "Kränkande");
}

TEST(HidePost, RefusalsInTheOrderTheyAreExplained) {
  const HidePost hide{round_id, post_id, "Skäl"};
  auto no_post = facts();
  no_post.post.reset();
  expect_refused(decide(secretariat, hide, no_post), ErrorCode::not_found);
  for (const auto& reader : {author, colleague, observer}) {
    expect_refused(decide(reader, hide, facts()), ErrorCode::forbidden);
  }
  expect_refused(decide(uninvited, hide, facts()), ErrorCode::not_found);
  // A preparation post is not the secretariat's to read, so not to hide either.
  expect_refused(decide(secretariat, hide, facts(Phase::open, StreamKind::municipal_preparation)),
                 ErrorCode::not_found);
  expect_refused(decide(secretariat, hide, hidden_post()), ErrorCode::invalid_state);
  expect_refused(decide(secretariat, HidePost{round_id, post_id, "  "}, facts()),
                 ErrorCode::bad_request);
  expect_refused(
      decide(secretariat, HidePost{round_id, post_id, std::string(max_reason_bytes + 1, 'x')},
             facts()),
      ErrorCode::too_large);
}

TEST(UnhidePost, ShowsTheCurrentVersionAgain) {
  const auto [where, shown] =
      single_event<PostUnhidden>(decide(secretariat, UnhidePost{round_id, post_id}, hidden_post()));
  EXPECT_EQ(where, (StreamId{round_id, StreamKind::main}));
  EXPECT_EQ(shown.version, 2);
  EXPECT_EQ(shown.body, "Malmö tillstyrker.");
  expect_refused(decide(secretariat, UnhidePost{round_id, post_id}, facts()),
                 ErrorCode::invalid_state);
  expect_refused(decide(author, UnhidePost{round_id, post_id}, hidden_post()),
                 ErrorCode::forbidden);
}

// --- report_post / dismiss_report ---

TEST(ReportPost, AnyReaderButTheAuthorReportsOnTheModerationStream) {
  for (const auto& reader : {colleague, observer, state_reader, secretariat}) {
    const auto [where, reported] =
        single_event<PostReported>(decide(reader, ReportPost{round_id, post_id, "Osant"}, facts()));
    EXPECT_EQ(where, (StreamId{round_id, StreamKind::moderation}));
    EXPECT_EQ(reported.report, new_report_id);
    EXPECT_EQ(reported.post, post_id);
    EXPECT_EQ(reported.reason, "Osant");
  }
  // A closed round's posts can still be reported.
  accepted(decide(colleague, ReportPost{round_id, post_id, "Osant"}, facts(Phase::closed)));
}

TEST(ReportPost, RefusalsInTheOrderTheyAreExplained) {
  const ReportPost report{round_id, post_id, "Skäl"};
  expect_refused(decide(uninvited, report, facts()), ErrorCode::not_found);
  expect_refused(
      decide(state_reader, report, facts(Phase::open, StreamKind::municipal_preparation)),
      ErrorCode::not_found);
  expect_refused(decide(colleague, report, facts(Phase::open, StreamKind::municipal_preparation)),
                 ErrorCode::invalid_state);
  expect_refused(decide(author, report, facts()), ErrorCode::invalid_state);
  expect_refused(decide(colleague, report, hidden_post()), ErrorCode::invalid_state);
  auto reported = facts();
  reported.open_reports = {{.id = 5, .reporter = colleague.id}};
  expect_refused(decide(colleague, report, reported), ErrorCode::conflict);
  accepted(decide(observer, report, reported));  // someone else's report does not count
  expect_refused(decide(colleague, ReportPost{round_id, post_id, ""}, facts()),
                 ErrorCode::bad_request);
}

DismissReportFacts report_facts(bool open = true) {
  return {.round = round_in(Phase::open),
          .report = ReportFacts{.id = 5, .round = round_id, .post = post_id, .open = open},
          .now = now};
}

TEST(DismissReport, TheSecretariatDismissesAnOpenReportWithANote) {
  const auto [where, resolved] = single_event<ReportsResolved>(
      decide(secretariat, DismissReport{round_id, 5, "Sakligt inlägg"}, report_facts()));
  EXPECT_EQ(where, (StreamId{round_id, StreamKind::moderation}));
  EXPECT_EQ(resolved.reports, std::vector<ReportId>{5});
  EXPECT_EQ(resolved.outcome, ReportOutcome::dismissed);
  EXPECT_EQ(resolved.note, "Sakligt inlägg");
  accepted(decide(admin, DismissReport{round_id, 5, ""}, report_facts()));
}

TEST(DismissReport, RefusalsInTheOrderTheyAreExplained) {
  expect_refused(decide(colleague, DismissReport{round_id, 5, ""}, report_facts()),
                 ErrorCode::forbidden);
  auto elsewhere = report_facts();
  elsewhere.report->round = round_id + 1;
  expect_refused(decide(secretariat, DismissReport{round_id, 5, ""}, elsewhere),
                 ErrorCode::not_found);
  auto missing = report_facts();
  missing.report.reset();
  expect_refused(decide(secretariat, DismissReport{round_id, 5, ""}, missing),
                 ErrorCode::not_found);
  expect_refused(decide(secretariat, DismissReport{round_id, 5, ""}, report_facts(false)),
                 ErrorCode::invalid_state);
  expect_refused(
      decide(secretariat, DismissReport{round_id, 5, std::string(max_reason_bytes + 1, 'x')},
             report_facts()),
      ErrorCode::too_large);
}

// --- reading ---

TEST(CanReadHiddenText, TheSecretariatAdminsAndTheAuthorOnly) {
  EXPECT_TRUE(can_read_hidden_text(author, author.id));
  EXPECT_TRUE(can_read_hidden_text(secretariat, author.id));
  EXPECT_TRUE(can_read_hidden_text(admin, author.id));
  EXPECT_FALSE(can_read_hidden_text(colleague, author.id));
  EXPECT_FALSE(can_read_hidden_text(observer, author.id));
}

TEST(WithholdHiddenText, EmptiesEveryTextOfAHiddenPostAndNothingElse) {
  const auto event = [](EventData data) {
    return Event{.stream = {round_id, StreamKind::main},
                 .seq = 1,
                 .at = now,
                 .actor = author,
                 .data = std::move(data),
                 .access_after = std::nullopt};
  };
  std::vector<Event> events = {
      event(PostCreated{40, thread_id, std::nullopt, "första", 1}),
      event(PostCreated{41, thread_id, std::nullopt, "annan", 1}),
      event(PostEdited{40, thread_id, 2, "andra"}),
      event(PostUnhidden{40, thread_id, 2, "andra"}),
      event(PostHidden{40, thread_id, "Skäl"}),
      event(ThreadCreated{thread_id, "Tråd"}),
  };
  withhold_hidden_text(events, {40});
  EXPECT_EQ(std::get<PostCreated>(events[0].data).body, "");
  EXPECT_TRUE(std::get<PostCreated>(events[0].data).withheld);
  EXPECT_EQ(std::get<PostCreated>(events[1].data).body, "annan");
  EXPECT_FALSE(std::get<PostCreated>(events[1].data).withheld);
  EXPECT_EQ(std::get<PostEdited>(events[2].data).body, "");
  EXPECT_TRUE(std::get<PostEdited>(events[2].data).withheld);
  EXPECT_EQ(std::get<PostUnhidden>(events[3].data).body, "");
  EXPECT_EQ(std::get<PostHidden>(events[4].data).reason, "Skäl");
  EXPECT_EQ(std::get<ThreadCreated>(events[5].data).title, "Tråd");
}

}  // namespace
}  // namespace samrad::domain
