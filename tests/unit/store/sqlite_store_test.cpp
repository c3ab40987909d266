// SqliteStore against a real file: gapless per-round seq, per-command refusals inside a batch,
// replay, frames encoded once, failed commits, durability across reopen, sessions, accounts and
// who sees which round.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

#include "protocol/codec.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using domain::ErrorCode;
using domain::Phase;

std::vector<domain::Seq> seqs_of(const std::vector<CommittedEvent>& events) {
  std::vector<domain::Seq> seqs;
  seqs.reserve(events.size());
  for (const auto& event : events) seqs.push_back(event.seq);
  return seqs;
}

std::vector<CommittedEvent> all_events(Store& store, domain::RoundId round) {
  auto events = store.events_after(round, 0, 1000);
  EXPECT_TRUE(events.ok());
  return events.ok() ? *events : std::vector<CommittedEvent>{};
}

using SqliteStoreTest = StoreTest;

TEST_F(SqliteStoreTest, SeqIsGaplessPerRoundAndIndependentBetweenRounds) {
  const auto a = open_round({malmo.id});
  const auto b = open_round({kiruna.id});
  EXPECT_NE(a, b);
  const auto thread_a = add_thread(a);
  const auto thread_b = add_thread(b);
  EXPECT_EQ(commit(representative, post_in(a, thread_a, "Första")).seq, 3);
  EXPECT_EQ(commit(representative, post_in(a, thread_a, "Andra")).seq, 4);
  EXPECT_EQ(commit(kiruna_representative, post_in(b, thread_b, "Från Kiruna")).seq, 3);

  EXPECT_EQ(seqs_of(all_events(store(), a)), (std::vector<domain::Seq>{1, 2, 3, 4}));
  EXPECT_EQ(seqs_of(all_events(store(), b)), (std::vector<domain::Seq>{1, 2, 3}));
  EXPECT_EQ((*store().round_access(a))->head_seq, 4);
  EXPECT_EQ((*store().round_access(b))->head_seq, 3);
}

TEST_F(SqliteStoreTest, RefusedCommandsInABatchLeaveTheOthersAndTakeNoSeq) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const std::vector<PendingCommand> batch = {
      {representative, 10, post_in(round, thread, "Ett")},
      {representative, 11, post_in(round, thread + 100, "Okänd tråd")},
      {observer, 12, post_in(round, thread, "Observatören")},
      {kiruna_representative, 13, post_in(round, thread, "Inte inbjuden")},
      {representative, 14, post_in(round, thread, "   ")},
      {representative, 15, post_in(round, thread, "Två")},
      {representative, 16, domain::CreateThread{.round = round, .title = "Egen tråd"}},
  };
  const auto results = store().append(batch);
  ASSERT_EQ(results.size(), batch.size());
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->seq, 3);
  EXPECT_EQ(results[1].error().code, ErrorCode::not_found);
  EXPECT_EQ(results[2].error().code, ErrorCode::forbidden);
  EXPECT_EQ(results[3].error().code, ErrorCode::not_found);
  EXPECT_EQ(results[4].error().code, ErrorCode::bad_request);
  ASSERT_TRUE(results[5].ok());
  EXPECT_EQ(results[5]->seq, 4);
  EXPECT_EQ(results[6].error().code, ErrorCode::forbidden);

  EXPECT_EQ(seqs_of(all_events(store(), round)), (std::vector<domain::Seq>{1, 2, 3, 4}));
  EXPECT_EQ(count_rows("posts"), 2);
  EXPECT_EQ(count_rows("threads"), 1);
}

TEST_F(SqliteStoreTest, ACommandFailingInTheDatabaseRollsBackAloneAndTheBatchCommits) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  auto ghost = representative;  // passes the domain rules, but the posts table's foreign key
  ghost.id = 999;               // on author_id refuses it
  const std::vector<PendingCommand> batch = {
      {representative, 10, post_in(round, thread, "Ett")},
      {ghost, 11, post_in(round, thread, "Spöke")},
      {representative, 12, post_in(round, thread, "Två")},
  };
  const auto results = store().append(batch);
  ASSERT_TRUE(results[0].ok());
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::storage_failed);
  ASSERT_TRUE(results[2].ok());
  EXPECT_EQ(results[2]->seq, results[0]->seq + 1);
  EXPECT_EQ(count_rows("posts"), 2);
  EXPECT_EQ(seqs_of(all_events(store(), round)), (std::vector<domain::Seq>{1, 2, 3, 4}));
}

TEST_F(SqliteStoreTest, ACommandFailingHalfWayLeavesNoneOfItsWrites) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  // An event row already holding seq 3 makes the next post fail at its last step, after its
  // post row and head_seq have been written: the savepoint must undo both.
  exec_raw("INSERT INTO events (round_id, seq, kind, created_id, frame, created_at) VALUES (" +
           std::to_string(round) + ", 3, 'post_created', 0, '{}', 0)");
  const PendingCommand pending{representative, 10, post_in(round, thread, "Krockar")};
  const auto results = store().append(std::span(&pending, 1));
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_EQ(results[0].error().code, ErrorCode::storage_failed);
  EXPECT_EQ(count_rows("posts"), 0);
  EXPECT_EQ((*store().round_access(round))->head_seq, 2);
}

TEST_F(SqliteStoreTest, RepliesMustBeInTheSameThreadAndRoundStateIsReadInsideTheBatch) {
  const auto round = open_round({malmo.id});
  const auto first = add_thread(round, "Första frågan");
  const auto second = add_thread(round, "Andra frågan");
  const auto parent = commit(representative, post_in(round, first, "Grundinlägg")).created_id;
  // The reply to a post created earlier in the same batch sees it: facts are read inside the
  // transaction, after the earlier commands of the batch.
  const std::vector<PendingCommand> batch = {
      {representative, 20, post_in(round, first, "Svar", parent)},
      {representative, 21, post_in(round, second, "Fel tråd", parent)},
      {representative, 22, post_in(round, first, "Svar på svar", parent + 1)},
  };
  const auto results = store().append(batch);
  ASSERT_TRUE(results[0].ok());
  ASSERT_EQ(results[0]->created_id, parent + 1) << "post ids are allocated in order";
  EXPECT_EQ(results[1].error().code, ErrorCode::invalid_reply);
  ASSERT_TRUE(results[2].ok()) << results[2].error().message;
  const auto frame = nlohmann::json::parse(*results[2]->frame);
  EXPECT_EQ(frame["data"]["reply_to"], parent + 1);
  EXPECT_EQ(frame["data"]["thread_id"], first);
}

TEST_F(SqliteStoreTest, EventsAfterReturnsExactlyTheLaterEventsInOrderWithinTheLimit) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  for (int i = 0; i < 5; ++i) commit(representative, post_in(round, thread, "Inlägg"));
  EXPECT_EQ(seqs_of(*store().events_after(round, 0, 100)),
            (std::vector<domain::Seq>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(seqs_of(*store().events_after(round, 4, 100)), (std::vector<domain::Seq>{5, 6, 7}));
  EXPECT_EQ(seqs_of(*store().events_after(round, 2, 2)), (std::vector<domain::Seq>{3, 4}));
  EXPECT_TRUE(store().events_after(round, 7, 100)->empty());
  EXPECT_TRUE(store().events_after(round, 0, 0)->empty());
  EXPECT_TRUE(store().events_after(round + 1, 0, 100)->empty());
  const auto events = store().events_after(round, 0, 100);
  for (const auto& event : *events) {
    EXPECT_EQ(event.round, round);
    ASSERT_TRUE(event.frame);
  }
}

TEST_F(SqliteStoreTest, FramesAreWhatTheCodecEncodesAndReplayReturnsTheSameBytes) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const domain::Timestamp now = 1'795'000'000'123;
  const auto parent = commit(representative, post_in(round, thread, "Grund"), now).created_id;
  const auto reply = commit(representative, post_in(round, thread, "Svar **här**", parent), now);

  const domain::Event expected{
      .round = round,
      .seq = reply.seq,
      .at = now,
      .actor = representative,
      .data = domain::PostCreated{reply.created_id, thread, parent, "Svar **här**"},
  };
  EXPECT_EQ(*reply.frame, protocol::encode_event(expected));
  const auto replayed = *store().events_after(round, reply.seq - 1, 1);
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_EQ(*replayed[0].frame, *reply.frame);
  EXPECT_EQ(replayed[0].created_id, reply.created_id);
  EXPECT_EQ(reply.frame->find(representative.email), std::string::npos);
}

TEST_F(SqliteStoreTest, RoundCreatedListsTheInvitedOrganisations) {
  const auto created = commit(secretariat, domain::CreateRound{.title = "Tillit",
                                                               .proposal = "Text",
                                                               .phase = Phase::draft,
                                                               .invited = {kiruna.id, malmo.id}});
  EXPECT_EQ(created.seq, 1);
  EXPECT_EQ(created.created_id, created.round);
  const auto frame = nlohmann::json::parse(*created.frame);
  EXPECT_EQ(frame["kind"], "round_created");
  EXPECT_EQ(frame["round_id"], created.round);
  EXPECT_EQ(frame["data"]["phase"], "draft");
  ASSERT_EQ(frame["data"]["invited"].size(), 2u);
  EXPECT_EQ(frame["data"]["invited"][0]["name"], "Kiruna kommun");
  EXPECT_EQ(frame["data"]["invited"][0]["kind"], "municipality");
  EXPECT_EQ(frame["data"]["invited"][1]["id"], malmo.id);
  const auto access = *store().round_access(created.round);
  ASSERT_TRUE(access);
  EXPECT_EQ(access->phase, Phase::draft);
  EXPECT_EQ(access->invited, (std::vector<domain::OrganisationId>{malmo.id, kiruna.id}));
}

TEST_F(SqliteStoreTest, RoundWithAnUnknownOrganisationIsRefusedAndStoresNothing) {
  const PendingCommand pending{
      secretariat, 1,
      domain::CreateRound{
          .title = "Runda", .proposal = "", .phase = Phase::open, .invited = {malmo.id, 999}}};
  const auto results = store().append(std::span(&pending, 1));
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_EQ(results[0].error().code, ErrorCode::not_found);
  EXPECT_EQ(count_rows("rounds"), 0);
  EXPECT_EQ(count_rows("round_invitations"), 0);
  EXPECT_EQ(count_rows("events"), 0);
}

TEST_F(SqliteStoreTest, RoundAccessOfAnUnknownRoundIsEmpty) {
  const auto access = store().round_access(42);
  ASSERT_TRUE(access.ok());
  EXPECT_FALSE(access->has_value());
}

TEST_F(SqliteStoreTest, AFailedCommitStoresNothingFailsTheWholeBatchAndTheStoreGoesOn) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  close();
  std::atomic<bool> fail = true;
  open(SqliteOptions{.fail_commit = [&] { return fail.load(); }});

  const std::vector<PendingCommand> batch = {
      {representative, 30, post_in(round, thread, "Ett")},
      {observer, 31, post_in(round, thread, "Vägras ändå")},
      {secretariat, 32, domain::CreateThread{.round = round, .title = "Ny tråd"}},
  };
  const auto failed = store().append(batch);
  ASSERT_EQ(failed.size(), batch.size());
  for (const auto& result : failed) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::storage_failed);
  }
  EXPECT_EQ(seqs_of(all_events(store(), round)), (std::vector<domain::Seq>{1, 2}));
  EXPECT_EQ((*store().round_access(round))->head_seq, 2);
  EXPECT_EQ(count_rows("posts"), 0);
  EXPECT_EQ(count_rows("threads"), 1);

  fail = false;
  const auto retried = store().append(batch);
  ASSERT_TRUE(retried[0].ok());
  EXPECT_EQ(retried[0]->seq, 3);
  EXPECT_EQ(retried[1].error().code, ErrorCode::forbidden);
  ASSERT_TRUE(retried[2].ok());
  EXPECT_EQ(retried[2]->seq, 4);
  EXPECT_EQ(seqs_of(all_events(store(), round)), (std::vector<domain::Seq>{1, 2, 3, 4}));
}

TEST_F(SqliteStoreTest, CommittedDataSurvivesCloseAndReopen) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const auto post = commit(representative, post_in(round, thread, "Beständigt"));
  ASSERT_TRUE(store().create_session("token-hash", representative.id, 5000).ok());
  close();
  open();
  const auto events = all_events(store(), round);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(*events[2].frame, *post.frame);
  EXPECT_EQ(commit(representative, post_in(round, thread, "Efter omstart")).seq, 4);
  const auto session = store().find_session("token-hash", 1000);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(session->has_value());
  EXPECT_EQ((*session)->person.id, representative.id);
  EXPECT_FALSE(*store().is_empty());
}

TEST_F(SqliteStoreTest, ReadsDoNotWaitForAnOpenWriteAndSeeOnlyCommittedEvents) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  close();
  // The hook runs while the batch's write transaction is open and the writer holds its lock.
  std::vector<domain::Seq> seen_during_write;
  SqliteStore* self = nullptr;
  open(SqliteOptions{.fail_commit = [&] {
    seen_during_write = seqs_of(*self->events_after(round, 0, 100));
    return false;
  }});
  self = &store();
  commit(representative, post_in(round, thread, "Under skrivning"));
  EXPECT_EQ(seen_during_write, (std::vector<domain::Seq>{1, 2}));
  EXPECT_EQ(seqs_of(all_events(store(), round)), (std::vector<domain::Seq>{1, 2, 3}));
}

TEST_F(SqliteStoreTest, SessionsResolveUntilTheyExpireOrAreDeleted) {
  ASSERT_TRUE(store().create_session("abc", representative.id, 2000).ok());
  const auto live = store().find_session("abc", 1999);
  ASSERT_TRUE(live.ok());
  ASSERT_TRUE(live->has_value());
  EXPECT_EQ((*live)->person.email, representative.email);
  EXPECT_EQ((*live)->person.role, domain::Role::representative);
  EXPECT_EQ((*live)->person.organisation.name, "Malmö stad");
  EXPECT_EQ((*live)->expires_at, 2000);
  EXPECT_FALSE(store().find_session("abc", 2000)->has_value()) << "expired at expires_at";
  EXPECT_FALSE(store().find_session("unknown", 0)->has_value());

  const auto again = store().create_session("abc", observer.id, 9000);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  const auto nobody = store().create_session("def", 999, 9000);
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, ErrorCode::not_found);

  ASSERT_TRUE(store().delete_session("abc").ok());
  EXPECT_FALSE(store().find_session("abc", 0)->has_value());
  EXPECT_TRUE(store().delete_session("abc").ok()) << "deleting twice is harmless";
}

TEST_F(SqliteStoreTest, ExpiredSessionsAreRemovedAndLiveOnesKept) {
  ASSERT_TRUE(store().create_session("old", representative.id, 1000).ok());
  ASSERT_TRUE(store().create_session("edge", representative.id, 2000).ok());
  ASSERT_TRUE(store().create_session("live", observer.id, 3000).ok());
  const auto removed = store().delete_expired_sessions(2000);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 2);
  EXPECT_TRUE(store().find_session("live", 2500)->has_value());
  // Gone for good, not just hidden by the expiry check.
  ASSERT_TRUE(store().create_session("old", observer.id, 9000).ok());
  EXPECT_EQ(*store().delete_expired_sessions(2000), 0);
}

TEST_F(SqliteStoreTest, AccountsAndLogins) {
  const auto login = store().find_login("ANNA@example.se");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(login->has_value());
  EXPECT_EQ((*login)->person.id, representative.id);
  EXPECT_EQ((*login)->person.organisation.kind, domain::OrganisationKind::municipality);
  EXPECT_EQ((*login)->password_hash, "$argon2id$hash-of-Anna Lind");
  EXPECT_FALSE(store().find_login("nobody@example.se")->has_value());

  const auto duplicate = store().create_person(NewPerson{.name = "Anna igen",
                                                         .email = "Anna@Example.se",
                                                         .role = domain::Role::observer,
                                                         .organisation = malmo.id,
                                                         .password_hash = "x"});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::conflict);
  const auto same_name = store().create_organisation("Malmö stad", domain::OrganisationKind::other);
  ASSERT_FALSE(same_name.ok());
  EXPECT_EQ(same_name.error().code, ErrorCode::conflict);
}

TEST_F(SqliteStoreTest, AFreshDatabaseIsEmptyUntilSomeoneExists) {
  close();
  std::filesystem::remove(path());
  open();
  EXPECT_TRUE(*store().is_empty());
  const auto skr = organisation("SKR", domain::OrganisationKind::association);
  EXPECT_TRUE(*store().is_empty());
  person("Per", "per@example.se", domain::Role::admin, skr);
  EXPECT_FALSE(*store().is_empty());
}

TEST_F(SqliteStoreTest, RoundsVisibleToHonoursInvitationsAndDrafts) {
  const auto open_malmo = open_round({malmo.id}, Phase::open, "Öppen Malmö");
  const auto open_both = open_round({malmo.id, kiruna.id}, Phase::open, "Öppen båda");
  const auto draft_malmo = open_round({malmo.id}, Phase::draft, "Utkast Malmö");
  const auto open_kiruna = open_round({kiruna.id}, Phase::open, "Öppen Kiruna");
  const auto ids = [&](const domain::Person& person) {
    std::vector<domain::RoundId> ids;
    const auto rounds = store().rounds_visible_to(person);
    for (const auto& round : *rounds) ids.push_back(round.id);
    return ids;
  };
  // Newest first.
  EXPECT_EQ(ids(secretariat),
            (std::vector<domain::RoundId>{open_kiruna, draft_malmo, open_both, open_malmo}));
  EXPECT_EQ(ids(representative), (std::vector<domain::RoundId>{open_both, open_malmo}));
  EXPECT_EQ(ids(observer), (std::vector<domain::RoundId>{open_both, open_malmo}));
  EXPECT_EQ(ids(kiruna_representative), (std::vector<domain::RoundId>{open_kiruna, open_both}));

  const auto summaries = *store().rounds_visible_to(representative);
  EXPECT_EQ(summaries[1].title, "Öppen Malmö");
  EXPECT_EQ(summaries[1].phase, Phase::open);
  EXPECT_EQ(summaries[1].head_seq, 1);
  EXPECT_EQ(summaries[1].created_at, domain::format_timestamp(1'790'000'000'000));
}

TEST_F(SqliteStoreTest, ConcurrentReadersDuringWrites) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  std::atomic<bool> done = false;
  std::atomic<int> failures = 0;
  std::vector<std::thread> readers;
  readers.reserve(6);
  for (int r = 0; r < 6; ++r) {  // more readers than pooled connections: some wait their turn
    readers.emplace_back([&] {
      domain::Seq last = 0;
      while (!done) {
        const auto events = store().events_after(round, 0, 1000);
        if (!events.ok() || events->size() < static_cast<std::size_t>(last)) ++failures;
        if (events.ok()) last = static_cast<domain::Seq>(events->size());
      }
    });
  }
  for (int i = 0; i < 50; ++i) commit(representative, post_in(round, thread, "Inlägg"));
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(all_events(store(), round).size(), 52u);
}

}  // namespace
}  // namespace samrad::store::testing
