// The agenda as the domain decides it: proposing an agenda item, the secretariat's decision on
// it, moving, locking and unlocking threads, pinning a post, revising the proposal, preparation
// threads, and what the agenda means for posts (none in a proposed, declined or locked thread;
// each post records the proposal's version). Each accepted command's one event, and each
// refusal with its code in the order refusals are explained: the round (not_found), the
// permission (forbidden), the round's phase (invalid_state; an open round whose closing time
// has passed counts as closed), then the thread or post, then the text.
#include <gtest/gtest.h>

#include <string>

#include "decisions.hpp"
#include "domain/commands.hpp"
#include "domain/text.hpp"
#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::accepted;
using fixtures::all_phases;
using fixtures::expect_refused;
using fixtures::kiruna;
using fixtures::malmo;
using fixtures::person;
using fixtures::single_event;

constexpr RoundId round_id = 7;
constexpr ThreadId thread_id = 11;
constexpr ThreadId before_id = 12;
constexpr PostId post_id = 40;
// Ids the store hands out before the decision; deliberately unlike any other id here.
constexpr ThreadId new_thread_id = 502;
constexpr PostId new_post_id = 503;
constexpr Timestamp now = 1'795'428'900'000;
constexpr StreamId main_stream{round_id, StreamKind::main};

// Malmö (a municipality) is invited; Kiruna is not. The secretariat's organisation is neutral.
const Person secretariat = person(Role::secretariat, kiruna);
const Person admin = person(Role::admin, kiruna);
const Person representative = person(Role::representative, malmo, OrganisationKind::municipality);
const Person observer = person(Role::observer, malmo, OrganisationKind::municipality);
const Person uninvited = person(Role::representative, kiruna, OrganisationKind::municipality);
const Person state_representative = person(Role::representative, malmo, OrganisationKind::ministry);
const Person neutral_representative = person(Role::representative, malmo, OrganisationKind::other);

RoundAccess round_in(Phase phase, std::int64_t proposal_version = 1) {
  return RoundAccess{.id = round_id,
                     .phase = phase,
                     .invited = {malmo},
                     .kind = RoundKind::plenary,
                     .opens_at = std::nullopt,
                     .closes_at = std::nullopt,
                     .proposal_version = proposal_version};
}

// An open round whose closing time is the given one.
RoundAccess open_closing_at(Timestamp closes_at) {
  auto round = round_in(Phase::open);
  round.closes_at = closes_at;
  return round;
}

ThreadFacts agenda_thread(AgendaStatus status = AgendaStatus::accepted, bool locked = false,
                          ThreadId id = thread_id) {
  return ThreadFacts{.id = id,
                     .round = round_id,
                     .stream = StreamKind::main,
                     .status = status,
                     .locked = locked,
                     .pinned_post = std::nullopt};
}

// An accepted thread whose pinned post is the given one.
ThreadFacts pinned_thread(PostId pinned) {
  auto thread = agenda_thread();
  thread.pinned_post = pinned;
  return thread;
}

// --- facts ---

ProposeAgendaItemFacts propose_facts(std::optional<RoundAccess> round) {
  return {.round = std::move(round), .new_thread = new_thread_id, .now = now};
}

ThreadCommandFacts thread_facts(std::optional<RoundAccess> round,
                                std::optional<ThreadFacts> thread = agenda_thread(),
                                std::optional<ThreadFacts> before = std::nullopt,
                                std::optional<PostFacts> post = std::nullopt) {
  return {.round = std::move(round),
          .thread = std::move(thread),
          .before = std::move(before),
          .post = std::move(post),
          .now = now};
}

RoundFacts round_facts(std::optional<RoundAccess> round) {
  return {.round = std::move(round), .now = now, .ministries_invited = 0};
}

// --- commands ---

ProposeAgendaItem propose(std::string title = "Övergångsregler", std::string motivation = "") {
  return {.round = round_id, .title = std::move(title), .motivation = std::move(motivation)};
}

DecideAgendaItem decide_item(bool accept, std::string reason = "") {
  return {.round = round_id, .thread = thread_id, .accept = accept, .reason = std::move(reason)};
}

MoveThread move_thread(std::optional<ThreadId> before = before_id) {
  return {.round = round_id, .thread = thread_id, .before = before};
}

LockThread lock(bool locked = true) {
  return {.round = round_id, .thread = thread_id, .locked = locked};
}

PinPost pin(std::optional<PostId> post = post_id) {
  return {.round = round_id, .thread = thread_id, .post = post};
}

ReviseProposal revise(std::string proposal = "## Förslag (reviderat)") {
  return {.round = round_id, .proposal = std::move(proposal)};
}

// The refusals every secretariat command about the agenda shares, before its own checks: the
// round, the permission, the phase (with the closing time), in that order. `decide_with` takes
// the actor and the round's facts (nothing: missing).
template <class DecideWith>
void expect_the_secretariats_refusals(DecideWith decide_with) {
  SCOPED_TRACE("shared refusals");
  expect_refused(decide_with(secretariat, std::nullopt), ErrorCode::not_found);
  // A representative of an uninvited organisation does not see the round, in any phase.
  expect_refused(decide_with(uninvited, round_in(Phase::closed)), ErrorCode::not_found);
  expect_refused(decide_with(uninvited, round_in(Phase::draft)), ErrorCode::not_found);
  // Invited but not the secretariat: forbidden, whatever the phase (a draft included: the
  // invited see it).
  for (const auto& actor : {representative, observer, state_representative}) {
    expect_refused(decide_with(actor, round_in(Phase::draft)), ErrorCode::forbidden);
    expect_refused(decide_with(actor, round_in(Phase::open)), ErrorCode::forbidden);
    expect_refused(decide_with(actor, round_in(Phase::decided)), ErrorCode::forbidden);
  }
  for (const auto& actor : {secretariat, admin}) {
    EXPECT_TRUE(decide_with(actor, round_in(Phase::draft)).ok());
    EXPECT_TRUE(decide_with(actor, round_in(Phase::open)).ok());
    expect_refused(decide_with(actor, round_in(Phase::closed)), ErrorCode::invalid_state);
    expect_refused(decide_with(actor, round_in(Phase::decided)), ErrorCode::invalid_state);
    // The closing time has come: closed, though the server's own close is not in yet.
    for (const auto closes_at : {now, now - 1, now - 86'400'000}) {
      expect_refused(decide_with(actor, open_closing_at(closes_at)), ErrorCode::invalid_state);
    }
    EXPECT_TRUE(decide_with(actor, open_closing_at(now + 1)).ok());
  }
}

// --- ProposeAgendaItem ---

TEST(DecideProposeAgendaItem, AnInvitedRepresentativeProposesAThreadOnTheAgenda) {
  const auto decision = decide(representative, propose("Övergångsregler", "Fleråriga projekt"),
                               propose_facts(round_in(Phase::open)));
  const auto [stream, proposed] = single_event<AgendaItemProposed>(decision);
  EXPECT_EQ(stream, main_stream);
  EXPECT_EQ(proposed.thread, new_thread_id);
  EXPECT_EQ(proposed.title, "Övergångsregler");
  EXPECT_EQ(proposed.motivation, "Fleråriga projekt");
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->front().access_after, std::nullopt);
}

TEST(DecideProposeAgendaItem, EitherSideMayProposeAndWithoutAMotivation) {
  for (const auto& actor : {representative, state_representative, neutral_representative}) {
    const auto [stream, proposed] = single_event<AgendaItemProposed>(
        decide(actor, propose(), propose_facts(round_in(Phase::open))));
    EXPECT_EQ(stream, main_stream);
    EXPECT_EQ(proposed.motivation, "");
  }
}

TEST(DecideProposeAgendaItem, TheSecretariatAddsItemsDirectlyAndObserversDoNot) {
  for (const auto& actor : {secretariat, admin}) {
    const auto decision = decide(actor, propose(), propose_facts(round_in(Phase::open)));
    expect_refused(decision, ErrorCode::forbidden);
    EXPECT_NE(decision.error().message.find("create_thread"), std::string::npos)
        << decision.error().message;
  }
  expect_refused(decide(observer, propose(), propose_facts(round_in(Phase::open))),
                 ErrorCode::forbidden);
}

TEST(DecideProposeAgendaItem, AMissingOrInvisibleRoundIsNotFound) {
  expect_refused(decide(representative, propose(), propose_facts(std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(decide(uninvited, propose(), propose_facts(round_in(Phase::open))),
                 ErrorCode::not_found);
  // Nor in a draft: an uninvited organisation's people see no phase of the round.
  expect_refused(decide(uninvited, propose(), propose_facts(round_in(Phase::draft))),
                 ErrorCode::not_found);
}

TEST(DecideProposeAgendaItem, AnInvitedRepresentativeProposesInADraftBeforeItOpens) {
  // The invited are consulted on a draft's agenda: either side proposes, observers do not.
  for (const auto& actor : {representative, state_representative, neutral_representative}) {
    const auto [stream, proposed] = single_event<AgendaItemProposed>(
        decide(actor, propose("Övergångsregler"), propose_facts(round_in(Phase::draft))));
    EXPECT_EQ(stream, main_stream);
    EXPECT_EQ(proposed.thread, new_thread_id);
    EXPECT_EQ(proposed.title, "Övergångsregler");
  }
  expect_refused(decide(observer, propose(), propose_facts(round_in(Phase::draft))),
                 ErrorCode::forbidden);
  for (const auto& actor : {secretariat, admin}) {
    expect_refused(decide(actor, propose(), propose_facts(round_in(Phase::draft))),
                   ErrorCode::forbidden);
  }
}

TEST(DecideProposeAgendaItem, OnlyWhileTheRoundIsADraftOrOpenAndItsClosingTimeHasNotCome) {
  for (const auto phase : {Phase::closed, Phase::decided}) {
    expect_refused(decide(representative, propose(), propose_facts(round_in(phase))),
                   ErrorCode::invalid_state);
  }
  for (const auto closes_at : {now, now - 1}) {
    expect_refused(decide(representative, propose(), propose_facts(open_closing_at(closes_at))),
                   ErrorCode::invalid_state);
  }
  EXPECT_TRUE(decide(representative, propose(), propose_facts(open_closing_at(now + 1))).ok());
}

TEST(DecideProposeAgendaItem, TheTitleIsTextWithinItsLimitAndTheMotivationWithinItsOwn) {
  const auto open = propose_facts(round_in(Phase::open));
  for (const std::string blank : {"", " ", "\u00a0\u200b"}) {
    expect_refused(decide(representative, propose(blank), open), ErrorCode::bad_request);
  }
  EXPECT_TRUE(decide(representative, propose(std::string(max_title_bytes, 'x')), open).ok());
  expect_refused(decide(representative, propose(std::string(max_title_bytes + 1, 'x')), open),
                 ErrorCode::too_large);
  // A motivation may be blank; it is limited in bytes.
  EXPECT_TRUE(decide(representative, propose("Fråga", " \n "), open).ok());
  EXPECT_TRUE(
      decide(representative, propose("Fråga", std::string(max_reason_bytes, 'x')), open).ok());
  expect_refused(
      decide(representative, propose("Fråga", std::string(max_reason_bytes + 1, 'x')), open),
      ErrorCode::too_large);
}

TEST(DecideProposeAgendaItem, RefusalsComeInOrderRoundPermissionPhaseTitleMotivation) {
  const auto long_motivation = std::string(max_reason_bytes + 1, 'x');
  const auto worst = propose("", long_motivation);
  expect_refused(decide(uninvited, worst, propose_facts(round_in(Phase::closed))),
                 ErrorCode::not_found);
  expect_refused(decide(observer, worst, propose_facts(round_in(Phase::closed))),
                 ErrorCode::forbidden);
  expect_refused(decide(secretariat, worst, propose_facts(round_in(Phase::closed))),
                 ErrorCode::forbidden);
  expect_refused(decide(representative, worst, propose_facts(round_in(Phase::closed))),
                 ErrorCode::invalid_state);
  expect_refused(decide(representative, worst, propose_facts(round_in(Phase::open))),
                 ErrorCode::bad_request);
  expect_refused(decide(representative, propose("Fråga", long_motivation),
                        propose_facts(round_in(Phase::open))),
                 ErrorCode::too_large);
}

// --- DecideAgendaItem ---

TEST(DecideDecideAgendaItem, TheSecretariatAcceptsOrDeclinesAProposedItem) {
  const auto proposed = thread_facts(round_in(Phase::open), agenda_thread(AgendaStatus::proposed));
  const auto [stream, yes] =
      single_event<AgendaItemDecided>(decide(secretariat, decide_item(true), proposed));
  EXPECT_EQ(stream, main_stream);
  EXPECT_EQ(yes.thread, thread_id);
  EXPECT_TRUE(yes.accepted);
  EXPECT_EQ(yes.reason, "");
  const auto [declined_stream, no] = single_event<AgendaItemDecided>(
      decide(admin, decide_item(false, "Tas upp i en annan tråd."), proposed));
  EXPECT_EQ(declined_stream, main_stream);
  EXPECT_FALSE(no.accepted);
  EXPECT_EQ(no.reason, "Tas upp i en annan tråd.");
  // An acceptance may give a reason too.
  EXPECT_EQ(single_event<AgendaItemDecided>(
                decide(secretariat, decide_item(true, "En viktig fråga."), proposed))
                .second.reason,
            "En viktig fråga.");
}

TEST(DecideDecideAgendaItem, SharesTheSecretariatsRefusals) {
  expect_the_secretariats_refusals([](const Person& actor, std::optional<RoundAccess> round) {
    return decide(actor, decide_item(true),
                  thread_facts(std::move(round), agenda_thread(AgendaStatus::proposed)));
  });
}

TEST(DecideDecideAgendaItem, OnlyAProposedItemWaitsForADecision) {
  for (const auto status : {AgendaStatus::accepted, AgendaStatus::declined}) {
    for (const bool accept : {true, false}) {
      expect_refused(decide(secretariat, decide_item(accept, "Skäl"),
                            thread_facts(round_in(Phase::open), agenda_thread(status))),
                     ErrorCode::invalid_state);
    }
  }
}

TEST(DecideDecideAgendaItem, DecliningNeedsAReasonWithinItsLimit) {
  const auto proposed = thread_facts(round_in(Phase::open), agenda_thread(AgendaStatus::proposed));
  for (const std::string blank : {"", " ", "\t\n", "\u00a0\u3000"}) {
    expect_refused(decide(secretariat, decide_item(false, blank), proposed),
                   ErrorCode::bad_request);
  }
  EXPECT_TRUE(
      decide(secretariat, decide_item(false, std::string(max_reason_bytes, 'x')), proposed).ok());
  for (const bool accept : {true, false}) {
    expect_refused(
        decide(secretariat, decide_item(accept, std::string(max_reason_bytes + 1, 'x')), proposed),
        ErrorCode::too_large);
  }
}

TEST(DecideDecideAgendaItem, AThreadNotOnTheRoundsAgendaIsNotFound) {
  const auto open = round_in(Phase::open);
  auto elsewhere = agenda_thread(AgendaStatus::proposed);
  elsewhere.round = round_id + 1;
  auto other = agenda_thread(AgendaStatus::proposed, false, thread_id + 1);
  for (const auto& thread :
       {std::optional<ThreadFacts>(), std::optional(elsewhere), std::optional(other)}) {
    expect_refused(decide(secretariat, decide_item(true), thread_facts(open, thread)),
                   ErrorCode::not_found);
  }
  // A preparation thread is not the secretariat's to see: answered like a missing one.
  for (const auto stream : {StreamKind::state_preparation, StreamKind::municipal_preparation}) {
    auto preparation = agenda_thread(AgendaStatus::proposed);
    preparation.stream = stream;
    expect_refused(decide(secretariat, decide_item(true), thread_facts(open, preparation)),
                   ErrorCode::not_found);
  }
}

TEST(DecideDecideAgendaItem, RefusalsComeInOrderRoundPermissionPhaseThreadStatusReason) {
  const auto declined = agenda_thread(AgendaStatus::declined);
  const auto worst = decide_item(false, "");
  expect_refused(decide(uninvited, worst, thread_facts(round_in(Phase::closed), std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(decide(representative, worst, thread_facts(round_in(Phase::closed), std::nullopt)),
                 ErrorCode::forbidden);
  expect_refused(decide(secretariat, worst, thread_facts(round_in(Phase::closed), std::nullopt)),
                 ErrorCode::invalid_state);
  expect_refused(decide(secretariat, worst, thread_facts(round_in(Phase::open), std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(decide(secretariat, worst, thread_facts(round_in(Phase::open), declined)),
                 ErrorCode::invalid_state);
  // Length before blankness: an over-long reason is too large even when it is blank.
  expect_refused(decide(secretariat, decide_item(false, std::string(max_reason_bytes + 1, ' ')),
                        thread_facts(round_in(Phase::open), agenda_thread(AgendaStatus::proposed))),
                 ErrorCode::too_large);
}

// --- MoveThread ---

TEST(DecideMoveThread, TheSecretariatMovesAThreadBeforeAnotherOrToTheEnd) {
  const auto facts = thread_facts(round_in(Phase::open), agenda_thread(),
                                  agenda_thread(AgendaStatus::accepted, false, before_id));
  const auto [stream, moved] = single_event<ThreadMoved>(decide(secretariat, move_thread(), facts));
  EXPECT_EQ(stream, main_stream);
  EXPECT_EQ(moved.thread, thread_id);
  EXPECT_EQ(moved.before, before_id);
  const auto [end_stream, to_end] = single_event<ThreadMoved>(
      decide(admin, move_thread(std::nullopt), thread_facts(round_in(Phase::draft))));
  EXPECT_EQ(end_stream, main_stream);
  EXPECT_EQ(to_end.before, std::nullopt);
}

TEST(DecideMoveThread, AnyThreadOfTheAgendaMovesWhateverItsStatus) {
  for (const auto status :
       {AgendaStatus::accepted, AgendaStatus::proposed, AgendaStatus::declined}) {
    for (const bool locked : {false, true}) {
      EXPECT_TRUE(decide(secretariat, move_thread(),
                         thread_facts(round_in(Phase::open), agenda_thread(status, locked),
                                      agenda_thread(status, locked, before_id)))
                      .ok());
    }
  }
}

TEST(DecideMoveThread, SharesTheSecretariatsRefusals) {
  expect_the_secretariats_refusals([](const Person& actor, std::optional<RoundAccess> round) {
    return decide(actor, move_thread(std::nullopt), thread_facts(std::move(round)));
  });
}

TEST(DecideMoveThread, BothThreadsMustBeOnTheRoundsAgendaAndNotTheSame) {
  const auto open = round_in(Phase::open);
  expect_refused(decide(secretariat, move_thread(std::nullopt), thread_facts(open, std::nullopt)),
                 ErrorCode::not_found);
  auto preparation = agenda_thread();
  preparation.stream = StreamKind::municipal_preparation;
  expect_refused(decide(secretariat, move_thread(std::nullopt), thread_facts(open, preparation)),
                 ErrorCode::not_found);

  const auto before = agenda_thread(AgendaStatus::accepted, false, before_id);
  auto before_elsewhere = before;
  before_elsewhere.round = round_id + 1;
  auto before_preparation = before;
  before_preparation.stream = StreamKind::state_preparation;
  const auto another = agenda_thread(AgendaStatus::accepted, false, before_id + 1);
  for (const auto& facts_of_before : {std::optional<ThreadFacts>(), std::optional(before_elsewhere),
                                      std::optional(before_preparation), std::optional(another)}) {
    expect_refused(
        decide(secretariat, move_thread(), thread_facts(open, agenda_thread(), facts_of_before)),
        ErrorCode::not_found);
  }
  // Before itself: the thread is there, but not as a place to move it to.
  expect_refused(decide(secretariat, move_thread(thread_id),
                        thread_facts(open, agenda_thread(), agenda_thread())),
                 ErrorCode::not_found);
}

TEST(DecideMoveThread, RefusalsComeInOrderRoundPermissionPhaseThread) {
  expect_refused(decide(uninvited, move_thread(thread_id),
                        thread_facts(round_in(Phase::closed), std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(
      decide(observer, move_thread(thread_id), thread_facts(round_in(Phase::closed), std::nullopt)),
      ErrorCode::forbidden);
  expect_refused(decide(secretariat, move_thread(thread_id),
                        thread_facts(round_in(Phase::closed), std::nullopt)),
                 ErrorCode::invalid_state);
  expect_refused(decide(secretariat, move_thread(thread_id),
                        thread_facts(round_in(Phase::open), std::nullopt)),
                 ErrorCode::not_found);
}

// --- LockThread ---

TEST(DecideLockThread, AnUnlockedThreadIsLockedAndALockedOneUnlocked) {
  const auto [stream, locked] = single_event<ThreadLocked>(
      decide(secretariat, lock(true), thread_facts(round_in(Phase::open), agenda_thread())));
  EXPECT_EQ(stream, main_stream);
  EXPECT_EQ(locked.thread, thread_id);
  EXPECT_TRUE(locked.locked);
  const auto [unlock_stream, unlocked] = single_event<ThreadLocked>(
      decide(admin, lock(false),
             thread_facts(round_in(Phase::draft), agenda_thread(AgendaStatus::accepted, true))));
  EXPECT_EQ(unlock_stream, main_stream);
  EXPECT_FALSE(unlocked.locked);
}

TEST(DecideLockThread, OnlyAnAcceptedItemTakesPostsAndSoCanBeLocked) {
  for (const auto status : {AgendaStatus::proposed, AgendaStatus::declined}) {
    for (const bool locked : {true, false}) {
      expect_refused(decide(secretariat, lock(locked),
                            thread_facts(round_in(Phase::open), agenda_thread(status))),
                     ErrorCode::invalid_state);
    }
  }
}

TEST(DecideLockThread, LockingALockedThreadOrUnlockingAnUnlockedOneIsInvalidState) {
  expect_refused(
      decide(secretariat, lock(true),
             thread_facts(round_in(Phase::open), agenda_thread(AgendaStatus::accepted, true))),
      ErrorCode::invalid_state);
  expect_refused(
      decide(secretariat, lock(false), thread_facts(round_in(Phase::open), agenda_thread())),
      ErrorCode::invalid_state);
}

TEST(DecideLockThread, SharesTheSecretariatsRefusals) {
  expect_the_secretariats_refusals([](const Person& actor, std::optional<RoundAccess> round) {
    return decide(actor, lock(true), thread_facts(std::move(round)));
  });
}

TEST(DecideLockThread, AThreadNotOnTheRoundsAgendaIsNotFound) {
  const auto open = round_in(Phase::open);
  auto elsewhere = agenda_thread();
  elsewhere.round = round_id + 1;
  auto preparation = agenda_thread();
  preparation.stream = StreamKind::municipal_preparation;
  for (const auto& thread :
       {std::optional<ThreadFacts>(), std::optional(elsewhere), std::optional(preparation),
        std::optional(agenda_thread(AgendaStatus::accepted, false, thread_id + 1))}) {
    expect_refused(decide(secretariat, lock(true), thread_facts(open, thread)),
                   ErrorCode::not_found);
  }
}

TEST(DecideLockThread, RefusalsComeInOrderRoundPermissionPhaseThreadState) {
  const auto locked = agenda_thread(AgendaStatus::accepted, true);
  expect_refused(decide(uninvited, lock(true), thread_facts(round_in(Phase::closed), locked)),
                 ErrorCode::not_found);
  expect_refused(decide(representative, lock(true), thread_facts(round_in(Phase::closed), locked)),
                 ErrorCode::forbidden);
  expect_refused(decide(secretariat, lock(true), thread_facts(round_in(Phase::open), std::nullopt)),
                 ErrorCode::not_found);
  auto locked_elsewhere = locked;
  locked_elsewhere.round = round_id + 1;
  expect_refused(
      decide(secretariat, lock(true), thread_facts(round_in(Phase::open), locked_elsewhere)),
      ErrorCode::not_found);
  // The status before the lock: a proposed item is refused for being one, locked or not.
  auto proposed_elsewhere = agenda_thread(AgendaStatus::proposed);
  proposed_elsewhere.round = round_id + 1;
  expect_refused(
      decide(secretariat, lock(true), thread_facts(round_in(Phase::open), proposed_elsewhere)),
      ErrorCode::not_found);
  const auto proposed =
      decide(secretariat, lock(false),
             thread_facts(round_in(Phase::open), agenda_thread(AgendaStatus::proposed)));
  expect_refused(proposed, ErrorCode::invalid_state);
  EXPECT_NE(proposed.error().message.find("accepted"), std::string::npos)
      << proposed.error().message;
}

// --- PinPost ---

TEST(DecidePinPost, APostOfTheThreadIsPinnedAndNullRemovesThePin) {
  const PostFacts post{.id = post_id, .thread = thread_id};
  const auto [stream, pinned] = single_event<PostPinned>(
      decide(secretariat, pin(),
             thread_facts(round_in(Phase::open), agenda_thread(), std::nullopt, post)));
  EXPECT_EQ(stream, main_stream);
  EXPECT_EQ(pinned.thread, thread_id);
  EXPECT_EQ(pinned.post, post_id);
  const auto [removed_stream, removed] = single_event<PostPinned>(decide(
      admin, pin(std::nullopt), thread_facts(round_in(Phase::open), pinned_thread(post_id))));
  EXPECT_EQ(removed_stream, main_stream);
  EXPECT_EQ(removed.post, std::nullopt);
}

TEST(DecidePinPost, AnotherPostReplacesThePin) {
  const PostFacts post{.id = post_id, .thread = thread_id};
  const auto [stream, pinned] = single_event<PostPinned>(
      decide(secretariat, pin(),
             thread_facts(round_in(Phase::open), pinned_thread(post_id + 1), std::nullopt, post)));
  EXPECT_EQ(pinned.post, post_id);
}

TEST(DecidePinPost, PinningThePinnedPostOrRemovingNoPinIsInvalidState) {
  const PostFacts post{.id = post_id, .thread = thread_id};
  expect_refused(
      decide(secretariat, pin(),
             thread_facts(round_in(Phase::open), pinned_thread(post_id), std::nullopt, post)),
      ErrorCode::invalid_state);
  expect_refused(decide(secretariat, pin(std::nullopt), thread_facts(round_in(Phase::open))),
                 ErrorCode::invalid_state);
}

TEST(DecidePinPost, ALockedThreadsPinMayStillChange) {
  const PostFacts post{.id = post_id, .thread = thread_id};
  EXPECT_TRUE(decide(secretariat, pin(),
                     thread_facts(round_in(Phase::open),
                                  agenda_thread(AgendaStatus::accepted, true), std::nullopt, post))
                  .ok());
}

TEST(DecidePinPost, SharesTheSecretariatsRefusals) {
  expect_the_secretariats_refusals([](const Person& actor, std::optional<RoundAccess> round) {
    return decide(actor, pin(std::nullopt), thread_facts(std::move(round), pinned_thread(post_id)));
  });
}

TEST(DecidePinPost, ThePostMustBeInThatThread) {
  const auto open = round_in(Phase::open);
  const PostFacts in_another_thread{.id = post_id, .thread = thread_id + 1};
  const PostFacts another_post{.id = post_id + 1, .thread = thread_id};
  for (const auto& post : {std::optional<PostFacts>(), std::optional(in_another_thread),
                           std::optional(another_post)}) {
    expect_refused(
        decide(secretariat, pin(), thread_facts(open, agenda_thread(), std::nullopt, post)),
        ErrorCode::not_found);
  }
}

TEST(DecidePinPost, RefusalsComeInOrderRoundPermissionPhaseThreadPost) {
  expect_refused(decide(uninvited, pin(), thread_facts(round_in(Phase::closed), std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(decide(observer, pin(), thread_facts(round_in(Phase::closed), std::nullopt)),
                 ErrorCode::forbidden);
  expect_refused(decide(secretariat, pin(), thread_facts(round_in(Phase::closed), std::nullopt)),
                 ErrorCode::invalid_state);
  // The thread is looked at before the post: a preparation thread's post is not found either way.
  auto preparation = agenda_thread();
  preparation.stream = StreamKind::municipal_preparation;
  expect_refused(decide(secretariat, pin(),
                        thread_facts(round_in(Phase::open), preparation, std::nullopt,
                                     PostFacts{.id = post_id, .thread = thread_id})),
                 ErrorCode::not_found);
  // The post before the pin: a post not in the thread is not found, whatever is pinned.
  expect_refused(decide(secretariat, pin(),
                        thread_facts(round_in(Phase::open), pinned_thread(post_id), std::nullopt,
                                     PostFacts{.id = post_id, .thread = thread_id + 1})),
                 ErrorCode::not_found);
}

// --- ReviseProposal ---

TEST(DecideReviseProposal, ARevisionIsTheNextVersionOfTheWholeText) {
  const auto [stream, revised] = single_event<ProposalRevised>(
      decide(secretariat, revise("## Förslag (reviderat)"), round_facts(round_in(Phase::open))));
  EXPECT_EQ(stream, main_stream);
  EXPECT_EQ(revised.version, 2) << "a round starts at version 1";
  EXPECT_EQ(revised.proposal, "## Förslag (reviderat)");
  EXPECT_EQ(
      single_event<ProposalRevised>(decide(admin, revise(), round_facts(round_in(Phase::draft, 5))))
          .second.version,
      6);
}

TEST(DecideReviseProposal, TheTextMayBeEmptyAndIsLimitedInBytes) {
  const auto open = round_facts(round_in(Phase::open));
  EXPECT_EQ(single_event<ProposalRevised>(decide(secretariat, revise(""), open)).second.proposal,
            "");
  EXPECT_TRUE(decide(secretariat, revise(" \n"), open).ok());
  EXPECT_TRUE(decide(secretariat, revise(std::string(max_proposal_bytes, 'x')), open).ok());
  expect_refused(decide(secretariat, revise(std::string(max_proposal_bytes + 1, 'x')), open),
                 ErrorCode::too_large);
}

TEST(DecideReviseProposal, SharesTheSecretariatsRefusals) {
  expect_the_secretariats_refusals([](const Person& actor, std::optional<RoundAccess> round) {
    return decide(actor, revise(), round_facts(std::move(round)));
  });
}

TEST(DecideReviseProposal, RefusalsComeInOrderRoundPermissionPhaseText) {
  const auto too_long = revise(std::string(max_proposal_bytes + 1, 'x'));
  expect_refused(decide(uninvited, too_long, round_facts(round_in(Phase::closed))),
                 ErrorCode::not_found);
  expect_refused(decide(representative, too_long, round_facts(round_in(Phase::closed))),
                 ErrorCode::forbidden);
  expect_refused(decide(secretariat, too_long, round_facts(round_in(Phase::closed))),
                 ErrorCode::invalid_state);
  expect_refused(decide(secretariat, too_long, round_facts(round_in(Phase::open))),
                 ErrorCode::too_large);
}

// --- CreateThread in a preparation stream ---

CreateThread preparation_thread(StreamKind stream, std::string title = "Kommunernas hållning") {
  return CreateThread{.round = round_id, .title = std::move(title), .stream = stream};
}

CreateThreadFacts create_thread_facts(std::optional<RoundAccess> round) {
  return {.round = std::move(round), .new_thread = new_thread_id, .now = now};
}

TEST(DecidePreparationThread, ASideOpensAThreadInItsOwnStream) {
  const auto [municipal_stream, municipal] = single_event<ThreadCreated>(
      decide(representative, preparation_thread(StreamKind::municipal_preparation),
             create_thread_facts(round_in(Phase::open))));
  EXPECT_EQ(municipal_stream, (StreamId{round_id, StreamKind::municipal_preparation}));
  EXPECT_EQ(municipal.thread, new_thread_id);
  EXPECT_EQ(municipal.title, "Kommunernas hållning");
  const auto [state_stream, state] = single_event<ThreadCreated>(decide(
      state_representative, preparation_thread(StreamKind::state_preparation, "Statens linje"),
      create_thread_facts(round_in(Phase::open))));
  EXPECT_EQ(state_stream, (StreamId{round_id, StreamKind::state_preparation}));
  EXPECT_EQ(state.title, "Statens linje");
  // The secretariat of a ministry is on the state side, and prepares with it.
  const auto ministry_secretariat = person(Role::secretariat, kiruna, OrganisationKind::ministry);
  EXPECT_TRUE(decide(ministry_secretariat, preparation_thread(StreamKind::state_preparation),
                     create_thread_facts(round_in(Phase::open)))
                  .ok());
}

TEST(DecidePreparationThread, AStreamThePersonMayNotSeeIsNotFound) {
  const auto open = create_thread_facts(round_in(Phase::open));
  expect_refused(decide(representative, preparation_thread(StreamKind::state_preparation), open),
                 ErrorCode::not_found);
  expect_refused(
      decide(state_representative, preparation_thread(StreamKind::municipal_preparation), open),
      ErrorCode::not_found);
  // A neutral organisation has no preparation stream: its representatives, the secretariat and
  // admins are answered as if neither existed.
  for (const auto& neutral : {neutral_representative, secretariat, admin}) {
    for (const auto stream : {StreamKind::state_preparation, StreamKind::municipal_preparation}) {
      expect_refused(decide(neutral, preparation_thread(stream), open), ErrorCode::not_found);
    }
  }
  // The other side's observer is not told the stream exists either.
  const auto state_observer = person(Role::observer, malmo, OrganisationKind::agency);
  expect_refused(
      decide(state_observer, preparation_thread(StreamKind::municipal_preparation), open),
      ErrorCode::not_found);
}

TEST(DecidePreparationThread, ObserversOfTheSideAreForbidden) {
  expect_refused(decide(observer, preparation_thread(StreamKind::municipal_preparation),
                        create_thread_facts(round_in(Phase::open))),
                 ErrorCode::forbidden);
}

TEST(DecidePreparationThread, TheModerationStreamTakesNoThreads) {
  // The secretariat and admins may read the moderation stream, but it holds reports only: a
  // thread there would be a discussion outside the round's agenda.
  for (const auto& actor : {secretariat, admin, representative}) {
    expect_refused(decide(actor, preparation_thread(StreamKind::moderation),
                          create_thread_facts(round_in(Phase::open))),
                   ErrorCode::bad_request);
  }
}

TEST(DecidePreparationThread, OnlyWhileTheRoundIsOpen) {
  const auto thread = preparation_thread(StreamKind::municipal_preparation);
  for (const auto phase : {Phase::closed, Phase::decided}) {
    expect_refused(decide(representative, thread, create_thread_facts(round_in(phase))),
                   ErrorCode::invalid_state);
  }
  for (const auto closes_at : {now, now - 1}) {
    expect_refused(decide(representative, thread, create_thread_facts(open_closing_at(closes_at))),
                   ErrorCode::invalid_state);
  }
  EXPECT_TRUE(decide(representative, thread, create_thread_facts(open_closing_at(now + 1))).ok());
  // Not in a draft: the side sees its preparation stream there, but nobody writes in it until
  // the round opens (the other side is still told nothing of the stream, and observers are
  // refused for their role first).
  expect_refused(decide(representative, thread, create_thread_facts(round_in(Phase::draft))),
                 ErrorCode::invalid_state);
  expect_refused(decide(state_representative, thread, create_thread_facts(round_in(Phase::draft))),
                 ErrorCode::not_found);
  expect_refused(decide(uninvited, thread, create_thread_facts(round_in(Phase::draft))),
                 ErrorCode::not_found);
  expect_refused(decide(observer, thread, create_thread_facts(round_in(Phase::draft))),
                 ErrorCode::forbidden);
  const auto municipal_secretariat = person(Role::secretariat, kiruna, OrganisationKind::region);
  expect_refused(decide(municipal_secretariat, thread, create_thread_facts(round_in(Phase::draft))),
                 ErrorCode::invalid_state);
}

TEST(DecidePreparationThread, TheTitleIsCheckedLast) {
  const auto open = create_thread_facts(round_in(Phase::open));
  expect_refused(
      decide(representative, preparation_thread(StreamKind::municipal_preparation, " "), open),
      ErrorCode::bad_request);
  expect_refused(decide(representative,
                        preparation_thread(StreamKind::municipal_preparation,
                                           std::string(max_title_bytes + 1, 'x')),
                        open),
                 ErrorCode::too_large);
}

TEST(DecidePreparationThread, RefusalsComeInOrderRoundStreamPermissionPhaseTitle) {
  const auto blank_municipal = preparation_thread(StreamKind::municipal_preparation, "");
  expect_refused(decide(uninvited, blank_municipal, create_thread_facts(round_in(Phase::closed))),
                 ErrorCode::not_found);
  expect_refused(decide(representative, blank_municipal, create_thread_facts(std::nullopt)),
                 ErrorCode::not_found);
  expect_refused(
      decide(state_representative, blank_municipal, create_thread_facts(round_in(Phase::closed))),
      ErrorCode::not_found);
  expect_refused(decide(observer, blank_municipal, create_thread_facts(round_in(Phase::closed))),
                 ErrorCode::forbidden);
  expect_refused(
      decide(representative, blank_municipal, create_thread_facts(round_in(Phase::closed))),
      ErrorCode::invalid_state);
  expect_refused(
      decide(representative, blank_municipal, create_thread_facts(round_in(Phase::open))),
      ErrorCode::bad_request);
}

TEST(DecideCreateThreadOnTheAgenda, ARepresentativeIsToldToProposeAnAgendaItem) {
  const auto decision = decide(representative, CreateThread{.round = round_id, .title = "Fråga"},
                               create_thread_facts(round_in(Phase::open)));
  expect_refused(decision, ErrorCode::forbidden);
  EXPECT_NE(decision.error().message.find("propose"), std::string::npos)
      << decision.error().message;
  // A thread the secretariat adds is on the agenda at once: there is no status in its event.
  const auto [stream, created] = single_event<ThreadCreated>(
      decide(secretariat, CreateThread{.round = round_id, .title = "Fråga"},
             create_thread_facts(round_in(Phase::open))));
  EXPECT_EQ(stream, main_stream);
  EXPECT_EQ(created.thread, new_thread_id);
}

// --- CreatePost and the agenda ---

CreatePost post(std::string body = "Vi stöder förslaget.", std::optional<PostId> reply_to = {}) {
  return CreatePost{
      .round = round_id, .thread = thread_id, .reply_to = reply_to, .body = std::move(body)};
}

CreatePostFacts post_facts(std::optional<RoundAccess> round, ThreadFacts thread = agenda_thread(),
                           std::optional<PostFacts> reply_to = std::nullopt) {
  return {.round = std::move(round),
          .thread = thread,
          .reply_to = reply_to,
          .new_post = new_post_id,
          .now = now};
}

TEST(DecideCreatePostOnTheAgenda, AProposedOrDeclinedItemTakesNoPosts) {
  for (const auto status : {AgendaStatus::proposed, AgendaStatus::declined}) {
    for (const auto& actor : {representative, secretariat}) {
      expect_refused(
          decide(actor, post(), post_facts(round_in(Phase::open), agenda_thread(status))),
          ErrorCode::invalid_state);
    }
  }
  EXPECT_TRUE(decide(representative, post(), post_facts(round_in(Phase::open))).ok());
}

TEST(DecideCreatePostOnTheAgenda, ALockedThreadTakesNoPostsNorReplies) {
  const auto locked = agenda_thread(AgendaStatus::accepted, true);
  const PostFacts parent{.id = post_id, .thread = thread_id};
  for (const auto& actor : {representative, secretariat, admin}) {
    expect_refused(decide(actor, post(), post_facts(round_in(Phase::open), locked)),
                   ErrorCode::invalid_state);
    expect_refused(
        decide(actor, post("Svar", post_id), post_facts(round_in(Phase::open), locked, parent)),
        ErrorCode::invalid_state);
  }
}

TEST(DecideCreatePostOnTheAgenda, RefusalsComeInOrderRoundPermissionPhaseThreadStatusReplyText) {
  const auto proposed = agenda_thread(AgendaStatus::proposed);
  const auto locked = agenda_thread(AgendaStatus::accepted, true);
  // An observer is refused for being one, a closed round for being closed, before the thread.
  expect_refused(decide(observer, post(""), post_facts(round_in(Phase::open), proposed)),
                 ErrorCode::forbidden);
  expect_refused(decide(representative, post(""), post_facts(round_in(Phase::closed), locked)),
                 ErrorCode::invalid_state);
  // A thread of another round is not found, whatever its status.
  auto proposed_elsewhere = proposed;
  proposed_elsewhere.round = round_id + 1;
  expect_refused(
      decide(representative, post(""), post_facts(round_in(Phase::open), proposed_elsewhere)),
      ErrorCode::not_found);
  // The status and the lock come before the reply and the text.
  for (const auto& thread : {proposed, agenda_thread(AgendaStatus::declined), locked}) {
    expect_refused(
        decide(representative, post("", post_id), post_facts(round_in(Phase::open), thread)),
        ErrorCode::invalid_state);
  }
}

TEST(DecideCreatePostOnTheAgenda, APostRecordsTheProposalVersionItWasWrittenAgainst) {
  for (const std::int64_t version : {1, 2, 17}) {
    const auto [stream, created] = single_event<PostCreated>(
        decide(representative, post(), post_facts(round_in(Phase::open, version))));
    EXPECT_EQ(created.proposal_version, version);
  }
  // A preparation post records it too.
  auto preparation = agenda_thread();
  preparation.stream = StreamKind::municipal_preparation;
  const auto [stream, created] = single_event<PostCreated>(
      decide(representative, post(), post_facts(round_in(Phase::open, 3), preparation)));
  EXPECT_EQ(stream.kind, StreamKind::municipal_preparation);
  EXPECT_EQ(created.proposal_version, 3);
}

// --- every agenda command ---

TEST(AgendaCommands, EachIsNamedAsItsRequest) {
  EXPECT_EQ(name_of(propose()), "propose_agenda_item");
  EXPECT_EQ(name_of(decide_item(true)), "decide_agenda_item");
  EXPECT_EQ(name_of(move_thread()), "move_thread");
  EXPECT_EQ(name_of(lock()), "lock_thread");
  EXPECT_EQ(name_of(pin()), "pin_post");
  EXPECT_EQ(name_of(revise()), "revise_proposal");
  EXPECT_EQ(name_of(preparation_thread(StreamKind::state_preparation)), "create_thread");
}

TEST(AgendaCommands, NoneChangesWhoMaySeeTheRound) {
  const auto open = round_in(Phase::open);
  const PostFacts post{.id = post_id, .thread = thread_id};
  const std::vector<Decision> decisions = {
      decide(representative, propose(), propose_facts(open)),
      decide(secretariat, decide_item(true),
             thread_facts(open, agenda_thread(AgendaStatus::proposed))),
      decide(secretariat, move_thread(std::nullopt), thread_facts(open)),
      decide(secretariat, lock(true), thread_facts(open)),
      decide(secretariat, pin(), thread_facts(open, agenda_thread(), std::nullopt, post)),
      decide(secretariat, revise(), round_facts(open)),
      decide(representative, preparation_thread(StreamKind::municipal_preparation),
             create_thread_facts(open)),
  };
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const auto events = accepted(decisions[i]);
    ASSERT_EQ(events.size(), 1u) << i;
    EXPECT_EQ(events.front().access_after, std::nullopt) << i;
  }
}

TEST(AgendaCommands, EveryPhaseOfTheRoundGivesTheSameAnswerToEveryAgendaCommand) {
  // Draft and open take agenda changes and proposals; closed and decided take none.
  for (const auto phase : all_phases) {
    SCOPED_TRACE(std::string(to_string(phase)));
    const bool open_for_agenda = phase == Phase::draft || phase == Phase::open;
    const auto round = round_in(phase);
    const std::vector<Decision> by_secretariat = {
        decide(secretariat, decide_item(true),
               thread_facts(round, agenda_thread(AgendaStatus::proposed))),
        decide(secretariat, move_thread(std::nullopt), thread_facts(round)),
        decide(secretariat, lock(true), thread_facts(round)),
        decide(secretariat, pin(std::nullopt), thread_facts(round, pinned_thread(post_id))),
        decide(secretariat, revise(), round_facts(round)),
    };
    for (const auto& decision : by_secretariat) {
      if (open_for_agenda) {
        EXPECT_TRUE(decision.ok()) << decision.error().message;
      } else {
        expect_refused(decision, ErrorCode::invalid_state);
      }
    }
    const auto proposal = decide(representative, propose(), propose_facts(round));
    if (open_for_agenda) {
      EXPECT_TRUE(proposal.ok());
    } else {
      expect_refused(proposal, ErrorCode::invalid_state);
    }
  }
}

}  // namespace
}  // namespace samrad::domain
