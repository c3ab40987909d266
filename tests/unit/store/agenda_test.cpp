// The agenda in SqliteStore: the tables that mirror the new events (a proposed item is a thread
// with status "proposed", a decision sets its status, a lock its flag, a pin the thread's pinned
// post, a revision the round's proposal and version; each post records the version it was
// written against; a move changes no row), the facts the next command reads from them, a
// preparation thread in its own stream, every new kind of event read back as committed, and a
// post_created stored before versions existed read back without one.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "protocol/codec.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using domain::AgendaStatus;
using domain::ErrorCode;
using domain::Phase;
using domain::StreamKind;

constexpr domain::Timestamp now = 1'790'000'000'000;  // the fixture's commit time

class AgendaStoreTest : public EveryStoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    round = open_round({malmo.id, kiruna.id});
    thread = add_thread(round);
  }

  domain::ThreadId propose(const domain::Person& by, const std::string& title,
                           const std::string& motivation = "Därför") {
    const auto event = commit(by, domain::ProposeAgendaItem{round, title, motivation});
    const auto* proposed = std::get_if<domain::AgendaItemProposed>(&event.data);
    EXPECT_TRUE(proposed) << "not an agenda_item_proposed";
    return proposed ? proposed->thread : 0;
  }

  domain::PostId post(domain::ThreadId in, const std::string& body = "Ja.",
                      const domain::Person* by = nullptr) {
    return post_of(commit(by ? *by : representative, post_in(round, in, body)));
  }

  // The command's refusal code, insisting that it was refused.
  ErrorCode refusal(const domain::Person& actor, domain::Command cmd) {
    const Work work = command(actor, std::move(cmd));
    const auto results = store().write(std::span(&work, 1));
    if (results.at(0).ok()) {
      ADD_FAILURE() << "accepted";
      return ErrorCode::internal;
    }
    return results.at(0).error().code;
  }

  // "status locked pinned_post_id" of the thread's row.
  std::string thread_row(domain::ThreadId id) {
    const auto rows = query_column(
        "SELECT status || ' ' || locked || ' ' || coalesce(CAST(pinned_post_id AS TEXT), 'NULL') "
        "FROM threads WHERE id = " +
        std::to_string(id));
    EXPECT_EQ(rows.size(), 1u) << "thread " << id;
    return rows.empty() ? "" : rows.front();
  }

  std::string post_version(domain::PostId id) {
    const auto rows = query_column(
        "SELECT coalesce(CAST(proposal_version AS TEXT), 'NULL') FROM posts WHERE id = " +
        std::to_string(id));
    EXPECT_EQ(rows.size(), 1u) << "post " << id;
    return rows.empty() ? "" : rows.front();
  }

  // Commits one event as the store is handed it, bypassing the domain's rules; its data may use
  // the transaction for a fresh id.
  domain::Event append(const domain::StreamId& stream,
                       const std::function<domain::EventData(WriteTransaction&)>& data) {
    const Work work = [&](WriteTransaction& tx) -> Appended {
      const domain::Event event{.stream = stream,
                                .seq = tx.next_seq(stream),
                                .at = now + 7,
                                .actor = secretariat,
                                .data = data(tx),
                                .access_after = std::nullopt};
      tx.append(event);
      return std::vector<domain::Event>{event};
    };
    const auto results = store().write(std::span(&work, 1));
    EXPECT_TRUE(results.at(0).ok()) << results.at(0).error().message;
    return results.at(0).ok() ? results[0]->front() : domain::Event{};
  }

  // The event as a replay reads it.
  domain::Event stored(const domain::Event& event) {
    auto read = store().read_stream(event.stream, event.seq - 1, 1);
    EXPECT_TRUE(read.ok() && read->has_value());
    if (!read.ok() || !read->has_value() || (*read)->events.empty()) return {};
    return (*read)->events.front();
  }

  domain::RoundId round = 0;
  domain::ThreadId thread = 0;
};

// --- mirrors and facts ---

TEST_P(AgendaStoreTest, AThreadTheSecretariatAddsIsAcceptedUnlockedAndUnpinned) {
  EXPECT_EQ(thread_row(thread), "accepted 0 NULL");
  const auto facts = thread_facts(thread);
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->round, round);
  EXPECT_EQ(facts->stream, StreamKind::main);
  EXPECT_EQ(facts->status, AgendaStatus::accepted);
  EXPECT_FALSE(facts->locked);
  EXPECT_EQ(facts->pinned_post, std::nullopt);
  EXPECT_EQ(thread_facts(thread + 100), std::nullopt);
}

TEST_P(AgendaStoreTest, AProposedItemIsAThreadOfTheAgendaWaitingForItsDecision) {
  const auto item = propose(representative, "Övergångsregler", "Fleråriga projekt");
  EXPECT_EQ(item, thread + 1) << "ids from the threads' sequence";
  EXPECT_EQ(thread_row(item), "proposed 0 NULL");
  EXPECT_EQ(
      query_column("SELECT round_id || ' ' || stream || ' ' || title || ' ' || created_by "
                   "|| ' ' || created_at FROM threads WHERE id = " +
                   std::to_string(item)),
      std::vector<std::string>{std::to_string(round) + " main Övergångsregler " +
                               std::to_string(representative.id) + " " + std::to_string(now)});
  const auto facts = thread_facts(item);
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->round, round);
  EXPECT_EQ(facts->stream, StreamKind::main);
  EXPECT_EQ(facts->status, AgendaStatus::proposed);
  EXPECT_EQ(refusal(representative, post_in(round, item, "För tidigt")), ErrorCode::invalid_state);
  EXPECT_EQ(count_rows("posts"), 0);
}

TEST_P(AgendaStoreTest, ADecisionSetsTheItemsStatusForTheNextCommand) {
  const auto accepted = propose(representative, "Accepteras");
  const auto declined = propose(kiruna_representative, "Avslås");
  commit(secretariat, domain::DecideAgendaItem{round, accepted, true, ""});
  commit(secretariat, domain::DecideAgendaItem{round, declined, false, "Annan utredning."});
  EXPECT_EQ(thread_row(accepted), "accepted 0 NULL");
  EXPECT_EQ(thread_row(declined), "declined 0 NULL");
  EXPECT_EQ(thread_facts(accepted)->status, AgendaStatus::accepted);
  EXPECT_EQ(thread_facts(declined)->status, AgendaStatus::declined);
  EXPECT_GT(post(accepted), 0);
  EXPECT_EQ(refusal(representative, post_in(round, declined, "Ändå")), ErrorCode::invalid_state);
  // Decided once: neither is waiting any more.
  EXPECT_EQ(refusal(secretariat, domain::DecideAgendaItem{round, declined, true, ""}),
            ErrorCode::invalid_state);
  EXPECT_EQ(thread_row(declined), "declined 0 NULL");
}

TEST_P(AgendaStoreTest, ALockStopsPostsUntilTheThreadIsUnlocked) {
  commit(secretariat, domain::LockThread{round, thread, true});
  EXPECT_EQ(thread_row(thread), "accepted 1 NULL");
  EXPECT_TRUE(thread_facts(thread)->locked);
  EXPECT_EQ(refusal(representative, post_in(round, thread, "Låst")), ErrorCode::invalid_state);
  EXPECT_EQ(refusal(secretariat, domain::LockThread{round, thread, true}),
            ErrorCode::invalid_state);
  commit(secretariat, domain::LockThread{round, thread, false});
  EXPECT_EQ(thread_row(thread), "accepted 0 NULL");
  EXPECT_FALSE(thread_facts(thread)->locked);
  EXPECT_GT(post(thread, "Upplåst"), 0);
}

TEST_P(AgendaStoreTest, APinIsTheThreadsOnePinnedPostUntilReplacedOrRemoved) {
  const auto first = post(thread, "Första");
  const auto second = post(thread, "Andra");
  commit(secretariat, domain::PinPost{round, thread, first});
  EXPECT_EQ(thread_row(thread), "accepted 0 " + std::to_string(first));
  EXPECT_EQ(thread_facts(thread)->pinned_post, first);
  EXPECT_EQ(refusal(secretariat, domain::PinPost{round, thread, first}), ErrorCode::invalid_state);
  commit(secretariat, domain::PinPost{round, thread, second});
  EXPECT_EQ(thread_row(thread), "accepted 0 " + std::to_string(second));
  // A post of another thread is not this thread's to pin.
  const auto other = add_thread(round, "Annan tråd");
  const auto elsewhere = post(other, "Annorstädes");
  EXPECT_EQ(refusal(secretariat, domain::PinPost{round, thread, elsewhere}), ErrorCode::not_found);
  commit(secretariat, domain::PinPost{round, thread, std::nullopt});
  EXPECT_EQ(thread_row(thread), "accepted 0 NULL");
  EXPECT_EQ(thread_facts(thread)->pinned_post, std::nullopt);
  EXPECT_EQ(thread_row(other), "accepted 0 NULL");
}

TEST_P(AgendaStoreTest, AMoveIsAnEventOnlyAndChangesNoThreadRow) {
  const auto other = add_thread(round, "Annan tråd");
  const auto rows_before = query_column("SELECT id || ' ' || title || ' ' || status FROM threads");
  const auto moved = commit(secretariat, domain::MoveThread{round, other, thread});
  const auto to_end = commit(secretariat, domain::MoveThread{round, thread, std::nullopt});
  EXPECT_EQ(query_column("SELECT id || ' ' || title || ' ' || status FROM threads"), rows_before);
  EXPECT_EQ(std::get<domain::ThreadMoved>(stored(moved).data).before, thread);
  EXPECT_EQ(std::get<domain::ThreadMoved>(stored(to_end).data).before, std::nullopt);
}

TEST_P(AgendaStoreTest, ARevisionIsTheRoundsProposalAndVersionAndPostsRecordTheirVersion) {
  const auto before = post(thread, "Om version 1");
  EXPECT_EQ(post_version(before), "1");
  EXPECT_EQ(page(round).round.proposal_version, 1);

  commit(secretariat, domain::ReviseProposal{round, "## Reviderat"});
  EXPECT_EQ(query_column("SELECT proposal || ' ' || proposal_version FROM rounds WHERE id = " +
                         std::to_string(round)),
            std::vector<std::string>{"## Reviderat 2"});
  EXPECT_EQ(page(round).round.proposal_version, 2);
  const auto after = commit(representative, post_in(round, thread, "Om version 2"));
  EXPECT_EQ(std::get<domain::PostCreated>(after.data).proposal_version, 2);
  EXPECT_EQ(post_version(post_of(after)), "2");
  EXPECT_EQ(post_version(before), "1") << "an earlier post keeps its version";
  EXPECT_EQ(std::get<domain::PostCreated>(stored(after).data).proposal_version, 2);

  const auto third = commit(secretariat, domain::ReviseProposal{round, ""});
  EXPECT_EQ(std::get<domain::ProposalRevised>(third.data).version, 3);
  EXPECT_EQ(page(round).round.proposal_version, 3);
  // Every version stays readable in the round's events.
  std::vector<std::string> proposals;
  for (const auto& event : page(round).events) {
    if (const auto* created = std::get_if<domain::RoundCreated>(&event.data)) {
      proposals.push_back(created->proposal);
    } else if (const auto* revised = std::get_if<domain::ProposalRevised>(&event.data)) {
      proposals.push_back(revised->proposal);
    }
  }
  EXPECT_EQ(proposals,
            (std::vector<std::string>{"## Förslag\n\nStatsbidrag ...", "## Reviderat", ""}));
}

TEST_P(AgendaStoreTest, TheVersionsAndStatusesSurviveCloseAndReopen) {
  const auto item = propose(representative, "Fråga");
  commit(secretariat, domain::LockThread{round, thread, true});
  commit(secretariat, domain::ReviseProposal{round, "Ny text"});
  close();
  open();
  EXPECT_EQ(thread_facts(item)->status, AgendaStatus::proposed);
  EXPECT_TRUE(thread_facts(thread)->locked);
  EXPECT_EQ(page(round).round.proposal_version, 2);
}

TEST_P(AgendaStoreTest, APreparationThreadIsAThreadOfItsSidesStreamOnly) {
  const domain::StreamId municipal{round, StreamKind::municipal_preparation};
  const auto created = commit(
      representative,
      domain::CreateThread{round, "Kommunernas hållning", StreamKind::municipal_preparation});
  EXPECT_EQ(created.stream, municipal);
  EXPECT_EQ(created.seq, 1);
  const auto preparation = thread_of(created);
  EXPECT_EQ(query_column("SELECT stream || ' ' || status FROM threads WHERE id = " +
                         std::to_string(preparation)),
            std::vector<std::string>{"municipal_preparation accepted"});
  EXPECT_EQ(thread_facts(preparation)->stream, StreamKind::municipal_preparation);
  const auto posted = commit(kiruna_representative, post_in(round, preparation, "Kiruna också"));
  EXPECT_EQ(posted.stream, municipal);
  EXPECT_EQ(posted.seq, 2);
  EXPECT_EQ(page(round).head_seq, 2) << "the main stream has the round and its thread only";
  // The secretariat (of a ministry here) may not touch it as part of the agenda.
  EXPECT_EQ(refusal(secretariat, domain::LockThread{round, preparation, true}),
            ErrorCode::not_found);
}

// --- the new events read back ---

TEST_P(AgendaStoreTest, EveryNewKindOfEventIsReadBackAsCommitted) {
  const auto first_post = post(thread, "Första");
  const domain::StreamId main{round, StreamKind::main};
  std::vector<domain::Event> committed = {
      append(main,
             [](WriteTransaction& tx) -> domain::EventData {
               return domain::AgendaItemProposed{tx.new_id(Entity::thread),
                                                 "Titel \"citat\" \u2028 🇸🇪", "Motivering\n"};
             }),
      append(main,
             [](WriteTransaction& tx) -> domain::EventData {
               return domain::AgendaItemProposed{tx.new_id(Entity::thread), "Utan motivering", ""};
             }),
      append(main,
             [&](WriteTransaction&) -> domain::EventData {
               return domain::AgendaItemDecided{thread + 1, true, ""};
             }),
      append(main,
             [&](WriteTransaction&) -> domain::EventData {
               return domain::AgendaItemDecided{thread + 2, false, "Skäl \\ \"här\""};
             }),
      append(main,
             [&](WriteTransaction&) -> domain::EventData {
               return domain::ThreadMoved{thread + 1, thread};
             }),
      append(main,
             [&](WriteTransaction&) -> domain::EventData {
               return domain::ThreadMoved{thread, std::nullopt};
             }),
      append(main,
             [&](WriteTransaction&) -> domain::EventData {
               return domain::ThreadLocked{thread, true};
             }),
      append(main,
             [&](WriteTransaction&) -> domain::EventData {
               return domain::ThreadLocked{thread, false};
             }),
      append(main,
             [&](WriteTransaction&) -> domain::EventData {
               return domain::PostPinned{thread, first_post};
             }),
      append(main,
             [&](WriteTransaction&) -> domain::EventData {
               return domain::PostPinned{thread, std::nullopt};
             }),
      append(main,
             [](WriteTransaction&) -> domain::EventData {
               return domain::ProposalRevised{2, "## Förslag\n\n| a | b |"};
             }),
      append(main,
             [&](WriteTransaction& tx) -> domain::EventData {
               return domain::PostCreated{tx.new_id(Entity::post), thread, first_post,
                                          "Med version", 2};
             }),
      append(main,
             [&](WriteTransaction& tx) -> domain::EventData {
               return domain::PostCreated{tx.new_id(Entity::post), thread, std::nullopt,
                                          "Utan version", std::nullopt};
             }),
      append({round, StreamKind::state_preparation},
             [](WriteTransaction& tx) -> domain::EventData {
               return domain::ThreadCreated{tx.new_id(Entity::thread), "Statens förberedelse"};
             }),
  };
  for (const auto& event : committed) {
    SCOPED_TRACE(std::string(domain::kind_of(event.data)) + " seq " + std::to_string(event.seq));
    const auto read = stored(event);
    EXPECT_EQ(read.stream, event.stream);
    EXPECT_EQ(read.seq, event.seq);
    EXPECT_EQ(read.at, now + 7);
    EXPECT_EQ(read.actor.id, secretariat.id);
    ASSERT_EQ(read.data.index(), event.data.index());
    std::visit(
        [&](const auto& written) {
          using Data = std::decay_t<decltype(written)>;
          const auto& back = std::get<Data>(read.data);
          if constexpr (std::is_same_v<Data, domain::AgendaItemProposed>) {
            EXPECT_EQ(back.thread, written.thread);
            EXPECT_EQ(back.title, written.title);
            EXPECT_EQ(back.motivation, written.motivation);
          } else if constexpr (std::is_same_v<Data, domain::AgendaItemDecided>) {
            EXPECT_EQ(back.thread, written.thread);
            EXPECT_EQ(back.accepted, written.accepted);
            EXPECT_EQ(back.reason, written.reason);
          } else if constexpr (std::is_same_v<Data, domain::ThreadMoved>) {
            EXPECT_EQ(back.thread, written.thread);
            EXPECT_EQ(back.before, written.before);
          } else if constexpr (std::is_same_v<Data, domain::ThreadLocked>) {
            EXPECT_EQ(back.thread, written.thread);
            EXPECT_EQ(back.locked, written.locked);
          } else if constexpr (std::is_same_v<Data, domain::PostPinned>) {
            EXPECT_EQ(back.thread, written.thread);
            EXPECT_EQ(back.post, written.post);
          } else if constexpr (std::is_same_v<Data, domain::ProposalRevised>) {
            EXPECT_EQ(back.version, written.version);
            EXPECT_EQ(back.proposal, written.proposal);
          } else if constexpr (std::is_same_v<Data, domain::PostCreated>) {
            EXPECT_EQ(back.post, written.post);
            EXPECT_EQ(back.thread, written.thread);
            EXPECT_EQ(back.reply_to, written.reply_to);
            EXPECT_EQ(back.body, written.body);
            EXPECT_EQ(back.proposal_version, written.proposal_version) << "absent stays absent";
          } else if constexpr (std::is_same_v<Data, domain::ThreadCreated>) {
            EXPECT_EQ(back.thread, written.thread);
            EXPECT_EQ(back.title, written.title);
          } else {
            ADD_FAILURE() << "unexpected kind";
          }
        },
        event.data);
    // So a replay is the live frame, byte for byte.
    EXPECT_EQ(protocol::encode_event(read), protocol::encode_event(event));
  }
  // The mirrors followed the events.
  EXPECT_EQ(thread_row(thread + 1), "accepted 0 NULL");
  EXPECT_EQ(thread_row(thread + 2), "declined 0 NULL");
  EXPECT_EQ(thread_row(thread), "accepted 0 NULL");
  EXPECT_EQ(page(round).round.proposal_version, 2);
  EXPECT_EQ(query_column(
                "SELECT coalesce(CAST(proposal_version AS TEXT), 'NULL') FROM posts ORDER BY id"),
            (std::vector<std::string>{"1", "2", "NULL"}));
}

TEST_P(AgendaStoreTest, APostStoredBeforeVersionsExistedReplaysWithoutOne) {
  const auto written = commit(representative, post_in(round, thread, "Före versionerna"));
  // As a post_created stored by the previous server: the same data without the key.
  exec_raw(backend() == Backend::sqlite
               ? "UPDATE events SET data = json_remove(data, '$.proposal_version') "
                 "WHERE kind = 'post_created'"
               : "UPDATE events SET data = CAST(CAST(data AS JSONB) - 'proposal_version' AS JSON) "
                 "WHERE kind = 'post_created'");
  EXPECT_EQ(query_column(
                "SELECT count(*) FROM events WHERE CAST(data AS TEXT) LIKE '%proposal_version%'"),
            std::vector<std::string>{"0"});
  const auto read = stored(written);
  const auto& data = std::get<domain::PostCreated>(read.data);
  EXPECT_EQ(data.proposal_version, std::nullopt);
  EXPECT_EQ(data.body, "Före versionerna");
  const auto frame = protocol::encode_event(read);
  EXPECT_EQ(frame.find("proposal_version"), std::string::npos) << frame;
  auto without = written;
  std::get<domain::PostCreated>(without.data).proposal_version = std::nullopt;
  EXPECT_EQ(frame, protocol::encode_event(without));
}

TEST_P(AgendaStoreTest, TheAgendasRefusalsStoreNothing) {
  const auto events_before = page(round).head_seq;
  const auto threads_before = count_rows("threads");
  EXPECT_EQ(refusal(secretariat, domain::ProposeAgendaItem{round, "Sekretariatet", ""}),
            ErrorCode::forbidden);
  EXPECT_EQ(refusal(observer, domain::ProposeAgendaItem{round, "Observatören", ""}),
            ErrorCode::forbidden);
  EXPECT_EQ(refusal(representative, domain::ProposeAgendaItem{round, " ", ""}),
            ErrorCode::bad_request);
  EXPECT_EQ(refusal(secretariat, domain::DecideAgendaItem{round, thread, true, ""}),
            ErrorCode::invalid_state);
  EXPECT_EQ(refusal(representative, domain::LockThread{round, thread, true}), ErrorCode::forbidden);
  EXPECT_EQ(refusal(secretariat, domain::MoveThread{round, thread, thread}), ErrorCode::not_found);
  EXPECT_EQ(refusal(secretariat, domain::PinPost{round, thread, domain::PostId{999}}),
            ErrorCode::not_found);
  EXPECT_EQ(refusal(kiruna_representative, domain::ReviseProposal{round, "Kiruna skriver"}),
            ErrorCode::forbidden);
  EXPECT_EQ(page(round).head_seq, events_before);
  EXPECT_EQ(count_rows("threads"), threads_before);
  EXPECT_EQ(page(round).round.proposal_version, 1);
  // A refused proposal's thread id was never seen: with one writer (SQLite) the next one gets it;
  // ids from a shared sequence (PostgreSQL) are not handed out twice.
  if (backend() == Backend::sqlite) {
    EXPECT_EQ(propose(representative, "Nu"), thread + 1);
  } else {
    EXPECT_GT(propose(representative, "Nu"), thread);
  }
}

TEST_P(AgendaStoreTest, AClosedRoundsAgendaIsFinal) {
  const auto item = propose(representative, "Sent förslag");
  commit(secretariat, domain::ChangePhase{round, Phase::closed});
  EXPECT_EQ(refusal(secretariat, domain::DecideAgendaItem{round, item, true, ""}),
            ErrorCode::invalid_state);
  EXPECT_EQ(refusal(secretariat, domain::ReviseProposal{round, "För sent"}),
            ErrorCode::invalid_state);
  EXPECT_EQ(refusal(representative, domain::ProposeAgendaItem{round, "För sent", ""}),
            ErrorCode::invalid_state);
  EXPECT_EQ(thread_row(item), "proposed 0 NULL");
}

INSTANTIATE_EVERY_STORE(AgendaStoreTest);

}  // namespace
}  // namespace samrad::store::testing
