// The agenda through the command handler, on every store (command_handler_fixture.hpp): a
// representative's proposed item and the secretariat's decision, moving, locking and pinning,
// the proposal's versions as the posts record them, preparation threads, and the closing time.
// Each command's event at the next seq of its stream, the facts it leaves for the next command
// (in the same batch too), and refusals that append nothing and take no seq.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "command_handler_fixture.hpp"

namespace samrad::service::testing {
namespace {

using domain::AgendaStatus;

// SetUp's round is open with Malmö and the ministry invited: seq 1 created it, seq 2 its thread.
class AgendaHandlerTest : public CommandHandlerTest {
 protected:
  domain::ThreadId propose(const domain::Person& by, std::string title,
                           std::string motivation = "") {
    const auto event = first_event(
        run(by, domain::ProposeAgendaItem{round, std::move(title), std::move(motivation)}));
    const auto* proposed = std::get_if<domain::AgendaItemProposed>(&event.data);
    EXPECT_TRUE(proposed) << "not an agenda_item_proposed";
    return proposed ? proposed->thread : 0;
  }

  domain::Command post_in(domain::ThreadId in, std::string body,
                          std::optional<domain::PostId> reply_to = {}) const {
    return domain::CreatePost{round, in, reply_to, std::move(body)};
  }

  // The refusal's code, insisting that the command was refused.
  ErrorCode refusal(const domain::Person& actor, domain::Command cmd, domain::Timestamp at = now) {
    const auto result = run(actor, std::move(cmd), at);
    if (result.ok()) {
      ADD_FAILURE() << "accepted";
      return ErrorCode::internal;
    }
    return result.error().code;
  }

  AgendaStatus status_of(domain::ThreadId id) {
    const auto facts = backend->thread(id);
    EXPECT_TRUE(facts) << "thread " << id;
    return facts ? facts->status : AgendaStatus::accepted;
  }
};

TEST_P(AgendaHandlerTest, AProposedItemTakesPostsOnceTheSecretariatAcceptsIt) {
  const auto proposed = first_event(
      run(anna, domain::ProposeAgendaItem{round, "Övergångsregler", "Fleråriga projekt"}));
  EXPECT_EQ(proposed.stream, main());
  EXPECT_EQ(proposed.seq, 3);
  EXPECT_EQ(proposed.actor.id, anna.id);
  EXPECT_EQ(proposed.access_after, std::nullopt);
  const auto& data = std::get<domain::AgendaItemProposed>(proposed.data);
  const auto item = data.thread;
  EXPECT_EQ(item, thread + 1) << "ids from the threads' sequence";
  EXPECT_EQ(data.title, "Övergångsregler");
  EXPECT_EQ(data.motivation, "Fleråriga projekt");
  const auto facts = backend->thread(item);
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->round, round);
  EXPECT_EQ(facts->stream, StreamKind::main);
  EXPECT_EQ(facts->status, AgendaStatus::proposed);
  EXPECT_FALSE(facts->locked);

  EXPECT_EQ(refusal(anna, post_in(item, "För tidigt")), ErrorCode::invalid_state);
  const auto decided =
      first_event(run(secretariat, domain::DecideAgendaItem{round, item, true, ""}));
  EXPECT_EQ(decided.seq, 4);
  EXPECT_TRUE(std::get<domain::AgendaItemDecided>(decided.data).accepted);
  EXPECT_EQ(status_of(item), AgendaStatus::accepted);
  const auto posted = first_event(run(per, post_in(item, "Departementet svarar")));
  EXPECT_EQ(posted.seq, 5);
  EXPECT_EQ(kinds_of(backend->events(main())),
            (Kinds{"round_created", "thread_created", "agenda_item_proposed", "agenda_item_decided",
                   "post_created"}));
}

TEST_P(AgendaHandlerTest, ADeclinedItemKeepsItsReasonAndTakesNoPosts) {
  const auto item = propose(per, "Statens fråga");
  EXPECT_EQ(refusal(secretariat, domain::DecideAgendaItem{round, item, false, " "}),
            ErrorCode::bad_request);
  EXPECT_EQ(status_of(item), AgendaStatus::proposed) << "a refusal changes nothing";
  const auto declined = first_event(
      run(secretariat, domain::DecideAgendaItem{round, item, false, "Tas upp i en annan tråd."}));
  const auto& data = std::get<domain::AgendaItemDecided>(declined.data);
  EXPECT_FALSE(data.accepted);
  EXPECT_EQ(data.reason, "Tas upp i en annan tråd.");
  EXPECT_EQ(status_of(item), AgendaStatus::declined);
  EXPECT_EQ(refusal(per, post_in(item, "Ändå")), ErrorCode::invalid_state);
  EXPECT_EQ(refusal(secretariat, domain::DecideAgendaItem{round, item, true, ""}),
            ErrorCode::invalid_state);
  // The stored event keeps the reason for everyone, the proposer included.
  const auto stored = backend->events(main());
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(std::get<domain::AgendaItemDecided>(stored.back().data).reason,
            "Tas upp i en annan tråd.");
}

TEST_P(AgendaHandlerTest, TheSecretariatOrdersLocksAndPinsForTheNextCommand) {
  const auto other =
      thread_of(first_event(run(secretariat, domain::CreateThread{round, "Övrigt"})));
  const auto moved = first_event(run(secretariat, domain::MoveThread{round, other, thread}));
  EXPECT_EQ(std::get<domain::ThreadMoved>(moved.data).before, thread);
  EXPECT_EQ(refusal(secretariat, domain::MoveThread{round, other, other}), ErrorCode::not_found);
  EXPECT_EQ(refusal(secretariat, domain::MoveThread{round, other, thread + 100}),
            ErrorCode::not_found);

  const auto first = post_of(first_event(run(anna, post("Första"))));
  ASSERT_TRUE(run(secretariat, domain::LockThread{round, thread, true}).ok());
  EXPECT_TRUE(backend->thread(thread)->locked);
  EXPECT_EQ(refusal(anna, post("Låst")), ErrorCode::invalid_state);
  EXPECT_EQ(refusal(anna, post("Svar", first)), ErrorCode::invalid_state);
  EXPECT_EQ(refusal(secretariat, domain::LockThread{round, thread, true}),
            ErrorCode::invalid_state);
  // A locked thread's pin may still change.
  const auto pinned = first_event(run(secretariat, domain::PinPost{round, thread, first}));
  EXPECT_EQ(std::get<domain::PostPinned>(pinned.data).post, first);
  EXPECT_EQ(backend->thread(thread)->pinned_post, first);
  EXPECT_EQ(refusal(secretariat, domain::PinPost{round, thread, first}), ErrorCode::invalid_state)
      << "already pinned";
  ASSERT_TRUE(run(secretariat, domain::LockThread{round, thread, false}).ok());
  EXPECT_FALSE(backend->thread(thread)->locked);
  EXPECT_TRUE(run(anna, post("Upplåst", first)).ok());

  const auto elsewhere = post_of(first_event(run(anna, post_in(other, "I den andra"))));
  EXPECT_EQ(refusal(secretariat, domain::PinPost{round, thread, elsewhere}), ErrorCode::not_found);
  EXPECT_EQ(refusal(secretariat, domain::PinPost{round, thread, elsewhere + 100}),
            ErrorCode::not_found);
  const auto unpinned = first_event(run(secretariat, domain::PinPost{round, thread, std::nullopt}));
  EXPECT_EQ(std::get<domain::PostPinned>(unpinned.data).post, std::nullopt);
  EXPECT_EQ(backend->thread(thread)->pinned_post, std::nullopt);
  EXPECT_EQ(refusal(secretariat, domain::PinPost{round, thread, std::nullopt}),
            ErrorCode::invalid_state)
      << "no pin to remove";
  // Only an accepted item can be locked.
  const auto item = propose(anna, "Väntar");
  EXPECT_EQ(refusal(secretariat, domain::LockThread{round, item, true}), ErrorCode::invalid_state);
  EXPECT_EQ(kinds_of(backend->events(main())),
            (Kinds{"round_created", "thread_created", "thread_created", "thread_moved",
                   "post_created", "thread_locked", "post_pinned", "thread_locked", "post_created",
                   "post_created", "post_pinned", "agenda_item_proposed"}));
}

TEST_P(AgendaHandlerTest, EachPostRecordsTheProposalVersionItWasWrittenAgainst) {
  EXPECT_EQ(backend->round(round)->proposal_version, 1);
  const auto before = first_event(run(anna, post("Om första versionen")));
  EXPECT_EQ(std::get<domain::PostCreated>(before.data).proposal_version, 1);

  const auto revised = first_event(run(secretariat, domain::ReviseProposal{round, "## Reviderat"}));
  EXPECT_EQ(revised.stream, main());
  const auto& data = std::get<domain::ProposalRevised>(revised.data);
  EXPECT_EQ(data.version, 2);
  EXPECT_EQ(data.proposal, "## Reviderat");
  EXPECT_EQ(backend->round(round)->proposal_version, 2);
  const auto after = first_event(run(per, post("Om andra versionen")));
  EXPECT_EQ(std::get<domain::PostCreated>(after.data).proposal_version, 2);

  EXPECT_EQ(std::get<domain::ProposalRevised>(
                first_event(run(secretariat, domain::ReviseProposal{round, ""})).data)
                .version,
            3);
  EXPECT_EQ(refusal(anna, domain::ReviseProposal{round, "Malmös version"}), ErrorCode::forbidden);
  EXPECT_EQ(backend->round(round)->proposal_version, 3);
  // The stored posts keep the versions they were written against.
  std::vector<std::optional<std::int64_t>> versions;
  for (const auto& event : backend->events(main())) {
    if (const auto* created = std::get_if<domain::PostCreated>(&event.data)) {
      versions.push_back(created->proposal_version);
    }
  }
  EXPECT_EQ(versions, (std::vector<std::optional<std::int64_t>>{1, 2}));
}

TEST_P(AgendaHandlerTest, AsidesPreparationThreadIsOpenedByThatSideOnlyInItsStream) {
  const StreamId municipal{round, StreamKind::municipal_preparation};
  const StreamId state{round, StreamKind::state_preparation};
  const auto opened = first_event(
      run(anna, domain::CreateThread{round, "Kommunerna", StreamKind::municipal_preparation}));
  EXPECT_EQ(opened.stream, municipal);
  EXPECT_EQ(opened.seq, 1);
  const auto municipal_thread = thread_of(opened);
  EXPECT_EQ(municipal_thread, thread + 1);
  EXPECT_EQ(backend->thread(municipal_thread)->stream, StreamKind::municipal_preparation);
  EXPECT_EQ(backend->thread(municipal_thread)->status, AgendaStatus::accepted);

  const auto state_opened =
      first_event(run(per, domain::CreateThread{round, "Staten", StreamKind::state_preparation}));
  EXPECT_EQ(state_opened.stream, state);
  EXPECT_EQ(state_opened.seq, 1);

  // The other side, the uninvited and (here, of a ministry) the secretariat for the municipal
  // side: no such stream. The side's observer: forbidden.
  EXPECT_EQ(refusal(per, domain::CreateThread{round, "Insyn", StreamKind::municipal_preparation}),
            ErrorCode::not_found);
  EXPECT_EQ(
      refusal(secretariat, domain::CreateThread{round, "Insyn", StreamKind::municipal_preparation}),
      ErrorCode::not_found);
  EXPECT_EQ(refusal(anna, domain::CreateThread{round, "Insyn", StreamKind::state_preparation}),
            ErrorCode::not_found);
  EXPECT_EQ(
      refusal(kalle, domain::CreateThread{round, "Utanför", StreamKind::municipal_preparation}),
      ErrorCode::not_found);
  EXPECT_EQ(refusal(olle, domain::CreateThread{round, "Läsare", StreamKind::municipal_preparation}),
            ErrorCode::forbidden);

  const auto posted = first_event(run(anna, post_in(municipal_thread, "Vi samordnar")));
  EXPECT_EQ(posted.stream, municipal);
  EXPECT_EQ(posted.seq, 2);
  EXPECT_EQ(std::get<domain::PostCreated>(posted.data).proposal_version, 1);
  // Not a thread of the agenda: the secretariat neither locks nor moves it.
  EXPECT_EQ(refusal(secretariat, domain::LockThread{round, municipal_thread, true}),
            ErrorCode::not_found);
  EXPECT_EQ(refusal(secretariat, domain::MoveThread{round, thread, municipal_thread}),
            ErrorCode::not_found);
  EXPECT_EQ(backend->events(municipal).size(), 2u);
  EXPECT_EQ(backend->events(state).size(), 1u);
  EXPECT_EQ(backend->events(main()).size(), 2u) << "the main stream is untouched";
}

TEST_P(AgendaHandlerTest, FactsIncludeEarlierUnitsOfTheSameBatch) {
  const auto item = thread + 1;  // the id the proposal will get
  const std::vector<Work> batch = {
      command(Caller{anna, std::nullopt}, domain::ProposeAgendaItem{round, "Ny fråga", ""}),
      command(Caller{secretariat, std::nullopt}, domain::DecideAgendaItem{round, item, true, ""}),
      command(Caller{secretariat, std::nullopt}, domain::ReviseProposal{round, "Version 2"}),
      command(Caller{per, std::nullopt}, post_in(item, "Genast")),
      command(Caller{secretariat, std::nullopt}, domain::LockThread{round, item, true}),
      command(Caller{anna, std::nullopt}, post_in(item, "För sent")),
  };
  const auto results = backend->write(batch);
  ASSERT_EQ(results.size(), batch.size());
  for (std::size_t i = 0; i + 1 < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].error().message;
    EXPECT_EQ(results[i]->front().seq, static_cast<domain::Seq>(3 + i));
  }
  EXPECT_EQ(std::get<domain::AgendaItemProposed>(results[0]->front().data).thread, item);
  EXPECT_EQ(std::get<domain::PostCreated>(results[3]->front().data).proposal_version, 2);
  ASSERT_FALSE(results[5].ok());
  EXPECT_EQ(results[5].error().code, ErrorCode::invalid_state);
  EXPECT_EQ(backend->events(main()).size(), 7u);
}

TEST_P(AgendaHandlerTest, AgendaRefusalsAppendNothingAndTakeNoSeq) {
  const auto item = propose(anna, "Väntar");  // seq 3
  const std::vector<std::pair<domain::Person, domain::Command>> refused = {
      {secretariat, domain::ProposeAgendaItem{round, "Sekretariatet föreslår", ""}},
      {olle, domain::ProposeAgendaItem{round, "Observatören föreslår", ""}},
      {kalle, domain::ProposeAgendaItem{round, "Inte inbjuden", ""}},
      {anna, domain::ProposeAgendaItem{round + 1, "Ingen runda", ""}},
      {anna, domain::ProposeAgendaItem{round, "\u00a0", ""}},
      {anna, domain::DecideAgendaItem{round, item, true, ""}},
      {secretariat, domain::DecideAgendaItem{round, thread, true, ""}},
      {secretariat, domain::DecideAgendaItem{round, item + 100, true, ""}},
      {per, domain::MoveThread{round, thread, std::nullopt}},
      {secretariat, domain::MoveThread{round, thread, item + 100}},
      {secretariat, domain::LockThread{round, thread, false}},
      {kalle, domain::LockThread{round, thread, true}},
      {secretariat, domain::PinPost{round, thread, domain::PostId{999}}},
      {olle, domain::PinPost{round, thread, std::nullopt}},
      {secretariat, domain::PinPost{round, thread, std::nullopt}},
      {secretariat, domain::LockThread{round, item, true}},
      {anna, domain::ReviseProposal{round, "Malmös version"}},
      {secretariat, domain::ReviseProposal{round + 1, "Ingen runda"}},
      {anna, post_in(item, "Väntar på beslut")},
  };
  const std::vector<ErrorCode> codes = {
      ErrorCode::forbidden,     ErrorCode::forbidden,     ErrorCode::not_found,
      ErrorCode::not_found,     ErrorCode::bad_request,   ErrorCode::forbidden,
      ErrorCode::invalid_state, ErrorCode::not_found,     ErrorCode::forbidden,
      ErrorCode::not_found,     ErrorCode::invalid_state, ErrorCode::not_found,
      ErrorCode::not_found,     ErrorCode::forbidden,     ErrorCode::invalid_state,
      ErrorCode::invalid_state, ErrorCode::forbidden,     ErrorCode::not_found,
      ErrorCode::invalid_state};
  ASSERT_EQ(refused.size(), codes.size());
  for (std::size_t i = 0; i < refused.size(); ++i) {
    const auto result = run(refused[i].first, refused[i].second);
    ASSERT_FALSE(result.ok()) << "case " << i;
    EXPECT_EQ(result.error().code, codes[i]) << "case " << i << ": " << result.error().message;
  }
  EXPECT_EQ(backend->events(main()).size(), 3u);
  EXPECT_EQ(status_of(item), AgendaStatus::proposed);
  EXPECT_FALSE(backend->thread(thread)->locked);
  EXPECT_EQ(backend->round(round)->proposal_version, 1);
  // The next proposal gets the next seq, and the thread id no refused one kept.
  const auto next = first_event(run(anna, domain::ProposeAgendaItem{round, "Nästa", ""}));
  EXPECT_EQ(next.seq, 4);
  if (backend->reuses_refused_ids()) {
    EXPECT_EQ(std::get<domain::AgendaItemProposed>(next.data).thread, item + 1);
  } else {
    EXPECT_GT(std::get<domain::AgendaItemProposed>(next.data).thread, item);
  }
}

TEST_P(AgendaHandlerTest, TheAgendaClosesAtTheClosingTimeThoughTheCloseIsNotInYet) {
  const auto item = propose(anna, "Sent förslag");
  const auto first = post_of(first_event(run(anna, post("Första"))));
  ASSERT_TRUE(run(secretariat, domain::SetSchedule{round, std::nullopt, now + 1000}).ok());
  const auto head = backend->events(main()).size();
  const std::vector<std::pair<domain::Person, domain::Command>> late = {
      {anna, domain::ProposeAgendaItem{round, "För sent", ""}},
      {secretariat, domain::DecideAgendaItem{round, item, true, ""}},
      {secretariat, domain::MoveThread{round, item, thread}},
      {secretariat, domain::LockThread{round, thread, true}},
      {secretariat, domain::PinPost{round, thread, first}},
      {secretariat, domain::ReviseProposal{round, "För sent"}},
      {anna, domain::CreateThread{round, "För sent", StreamKind::municipal_preparation}},
  };
  for (const auto at : {now + 1000, now + 60'000}) {
    for (std::size_t i = 0; i < late.size(); ++i) {
      EXPECT_EQ(refusal(late[i].first, late[i].second, at), ErrorCode::invalid_state)
          << "case " << i << " at " << at;
    }
  }
  EXPECT_EQ(backend->round(round)->phase, Phase::open) << "until the close is committed";
  EXPECT_EQ(backend->events(main()).size(), head);
  // A moment before the closing time, each is still allowed.
  for (std::size_t i = 0; i < late.size(); ++i) {
    EXPECT_TRUE(run(late[i].first, late[i].second, now + 999).ok()) << "case " << i;
  }
}

TEST_P(AgendaHandlerTest, AClosedRoundsAgendaIsFinalAndADraftsIsShapedBeforeItOpens) {
  const auto draft = first_event(run(secretariat, new_round("Utkast", Phase::draft, {malmo.id})));
  const auto id = draft.stream.round;
  const auto topic = thread_of(first_event(run(secretariat, domain::CreateThread{id, "Fråga"})));
  // A draft: the secretariat shapes the agenda and the proposal; the invited see it and propose
  // items, but write nothing else in it until it opens.
  EXPECT_TRUE(run(secretariat, domain::LockThread{id, topic, true}).ok());
  EXPECT_TRUE(run(secretariat, domain::ReviseProposal{id, "Utkast 2"}).ok());
  const auto proposed_early = first_event(run(anna, domain::ProposeAgendaItem{id, "Tidigt", ""}));
  ASSERT_TRUE(std::holds_alternative<domain::AgendaItemProposed>(proposed_early.data));
  const auto early = std::get<domain::AgendaItemProposed>(proposed_early.data).thread;
  EXPECT_TRUE(run(secretariat, domain::DecideAgendaItem{id, early, true, ""}).ok());
  EXPECT_EQ(refusal(anna, domain::CreatePost{id, early, std::nullopt, "För tidigt"}),
            ErrorCode::invalid_state);
  EXPECT_EQ(refusal(anna, domain::CreateThread{id, "Tidigt", StreamKind::municipal_preparation}),
            ErrorCode::invalid_state);
  ASSERT_TRUE(run(secretariat, domain::ChangePhase{id, Phase::open}).ok());
  EXPECT_TRUE(run(anna, domain::CreatePost{id, early, std::nullopt, "Nu är det öppet"}).ok());
  const auto item = propose(anna, "I tid");
  ASSERT_TRUE(run(secretariat, domain::ChangePhase{id, Phase::closed}).ok());
  EXPECT_EQ(refusal(secretariat, domain::DecideAgendaItem{id, item, true, ""}),
            ErrorCode::invalid_state);
  EXPECT_EQ(refusal(secretariat, domain::LockThread{id, topic, false}), ErrorCode::invalid_state);
  EXPECT_EQ(refusal(secretariat, domain::ReviseProposal{id, "Efteråt"}), ErrorCode::invalid_state);
  EXPECT_EQ(refusal(anna, domain::ProposeAgendaItem{id, "Efteråt", ""}), ErrorCode::invalid_state);
  EXPECT_EQ(backend->round(id)->proposal_version, 2);
}

INSTANTIATE_TEST_SUITE_P(EveryStore, AgendaHandlerTest, every_backend(), backend_name);

}  // namespace
}  // namespace samrad::service::testing
