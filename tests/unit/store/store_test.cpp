// SqliteStore against a real file: gapless per-stream seq, per-unit rollback inside a batch,
// replay, events stored as data and read back unchanged, failed commits, durability across
// reopen, sessions, accounts and the listing of rounds.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "protocol/codec.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using domain::ErrorCode;
using domain::Phase;
using domain::StreamKind;

std::vector<domain::Seq> seqs_of(const std::vector<domain::Event>& events) {
  std::vector<domain::Seq> seqs;
  seqs.reserve(events.size());
  for (const auto& event : events) seqs.push_back(event.seq);
  return seqs;
}

using SqlStoreTest = EveryStoreTest;

TEST_P(SqlStoreTest, SeqIsGaplessPerStreamAndIndependentBetweenRounds) {
  const auto a = open_round({malmo.id});
  const auto b = open_round({kiruna.id});
  EXPECT_NE(a, b);
  const auto thread_a = add_thread(a);
  const auto thread_b = add_thread(b);
  EXPECT_EQ(commit(representative, post_in(a, thread_a, "Första")).seq, 3);
  EXPECT_EQ(commit(representative, post_in(a, thread_a, "Andra")).seq, 4);
  EXPECT_EQ(commit(kiruna_representative, post_in(b, thread_b, "Från Kiruna")).seq, 3);

  EXPECT_EQ(seqs_of(page(a).events), (std::vector<domain::Seq>{1, 2, 3, 4}));
  EXPECT_EQ(seqs_of(page(b).events), (std::vector<domain::Seq>{1, 2, 3}));
  EXPECT_EQ(page(a).head_seq, 4);
  EXPECT_EQ(page(b).head_seq, 3);
}

TEST_P(SqlStoreTest, RefusedCommandsInABatchLeaveTheOthersAndTakeNoSeq) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const std::vector<Work> batch = {
      command(representative, post_in(round, thread, "Ett"), 10),
      command(representative, post_in(round, thread + 100, "Okänd tråd"), 11),
      command(observer, post_in(round, thread, "Observatören"), 12),
      command(kiruna_representative, post_in(round, thread, "Inte inbjuden"), 13),
      command(representative, post_in(round, thread, "   "), 14),
      command(representative, post_in(round, thread, "Två"), 15),
      command(representative, domain::CreateThread{.round = round, .title = "Egen tråd"}, 16),
  };
  const auto results = store().write(batch);
  ASSERT_EQ(results.size(), batch.size());
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->at(0).seq, 3);
  EXPECT_EQ(results[1].error().code, ErrorCode::not_found);
  EXPECT_EQ(results[2].error().code, ErrorCode::forbidden);
  EXPECT_EQ(results[3].error().code, ErrorCode::not_found);
  EXPECT_EQ(results[4].error().code, ErrorCode::bad_request);
  ASSERT_TRUE(results[5].ok());
  EXPECT_EQ(results[5]->at(0).seq, 4);
  EXPECT_EQ(results[6].error().code, ErrorCode::forbidden);

  EXPECT_EQ(seqs_of(page(round).events), (std::vector<domain::Seq>{1, 2, 3, 4}));
  EXPECT_EQ(count_rows("posts"), 2);
  EXPECT_EQ(count_rows("threads"), 1);
}

TEST_P(SqlStoreTest, AUnitFailingInTheDatabaseRollsBackAloneAndTheBatchCommits) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  auto ghost = representative;  // passes the domain rules, but the events table's foreign key
  ghost.id = 999;               // on actor_id refuses it
  const std::vector<Work> batch = {
      command(representative, post_in(round, thread, "Ett"), 10),
      command(ghost, post_in(round, thread, "Spöke"), 11),
      command(representative, post_in(round, thread, "Två"), 12),
  };
  const auto results = store().write(batch);
  ASSERT_TRUE(results[0].ok());
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::storage_failed);
  ASSERT_TRUE(results[2].ok());
  EXPECT_EQ(results[2]->at(0).seq, results[0]->at(0).seq + 1);
  EXPECT_EQ(count_rows("posts"), 2);
  EXPECT_EQ(seqs_of(page(round).events), (std::vector<domain::Seq>{1, 2, 3, 4}));
}

TEST_P(SqlStoreTest, AUnitFailingHalfWayLeavesNoneOfItsWrites) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  // An event row already holding seq 3 makes the next post fail at its append, after its
  // stream's head_seq has moved: the savepoint must undo that.
  exec_raw(
      "INSERT INTO events (round_id, stream, seq, kind, at, actor_id, actor_organisation_id, "
      "data) VALUES (" +
      std::to_string(round) + ", 'main', 3, 'post_created', 0, " +
      std::to_string(representative.id) + ", " + std::to_string(malmo.id) + ", '{}')");
  const Work work = command(representative, post_in(round, thread, "Krockar"));
  const auto results = store().write(std::span(&work, 1));
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_EQ(results[0].error().code, ErrorCode::storage_failed);
  EXPECT_EQ(count_rows("posts"), 0);
  EXPECT_EQ(count_rows("events"), 3);
  exec_raw("DELETE FROM events WHERE seq = 3");
  EXPECT_EQ(page(round).head_seq, 2);
}

TEST_P(SqlStoreTest, AUnitRefusedAfterItWroteIsUndoneAloneAndTheBatchCommits) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const auto changes_its_mind = command(representative, post_in(round, thread, "Ångrat"));
  const std::vector<Work> batch = {
      command(representative, post_in(round, thread, "Ett")),
      [&](WriteTransaction& tx) -> Appended {
        EXPECT_TRUE(changes_its_mind(tx).ok());  // its post, event and audit entry are written
        return domain::make_error(ErrorCode::conflict, "changed its mind");
      },
      command(representative, post_in(round, thread, "Två")),
  };
  const auto results = store().write(batch);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::conflict);
  ASSERT_TRUE(results[2].ok());
  EXPECT_EQ(results[2]->at(0).seq, results[0]->at(0).seq + 1);
  EXPECT_EQ(count_rows("posts"), 2);
  EXPECT_EQ(query_column("SELECT body FROM posts ORDER BY id"),
            (std::vector<std::string>{"Ett", "Två"}));
  EXPECT_EQ(seqs_of(page(round).events), (std::vector<domain::Seq>{1, 2, 3, 4}));
}

TEST_P(SqlStoreTest, ABatchWhoseRefusalsWroteNothingRunsEachUnitOnce) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  std::vector<int> runs(4, 0);
  const auto counted = [&runs](std::size_t unit, Work work) -> Work {
    return [&runs, unit, work = std::move(work)](WriteTransaction& tx) {
      ++runs[unit];
      return work(tx);
    };
  };
  const std::vector<Work> batch = {
      counted(0, command(representative, post_in(round, thread, "Ett"))),
      counted(1, command(observer, post_in(round, thread, "Observatörer skriver inte"))),
      counted(2, command(representative, post_in(round, thread + 100, "Ingen sådan tråd"))),
      counted(3, command(representative, post_in(round, thread, "Två"))),
  };
  const auto results = store().write(batch);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::forbidden);
  EXPECT_FALSE(results[2].ok());
  EXPECT_TRUE(results[3].ok());
  EXPECT_EQ(runs, (std::vector<int>{1, 1, 1, 1}));
  EXPECT_EQ(count_rows("posts"), 2);
}

TEST_P(SqlStoreTest, ABatchReadsARoundOnceButSeesWhatItsOwnUnitsChange) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const auto closes = command(secretariat, domain::ChangePhase{round, Phase::closed});
  const std::vector<Work> batch = {
      command(representative, post_in(round, thread, "Ett")),
      // Closes the round and reads it closed, then is undone: the round is open again.
      [&](WriteTransaction& tx) -> Appended {
        EXPECT_TRUE(closes(tx).ok());
        EXPECT_EQ(tx.round(round)->phase, Phase::closed);
        return domain::make_error(ErrorCode::conflict, "changed its mind");
      },
      command(representative, post_in(round, thread, "Två")),
      command(secretariat, domain::ChangePhase{round, Phase::closed}),
      command(representative, post_in(round, thread, "För sent")),
  };
  const auto results = store().write(batch);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::conflict);
  EXPECT_TRUE(results[2].ok()) << "the undone unit's closing is forgotten";
  EXPECT_TRUE(results[3].ok());
  EXPECT_FALSE(results[4].ok()) << "the closing of a unit before it is seen";
  EXPECT_EQ(query_column("SELECT body FROM posts ORDER BY id"),
            (std::vector<std::string>{"Ett", "Två"}));
}

TEST_P(SqlStoreTest, AUnitThatThrowsIsRefusedAsInternalAndTheBatchGoesOn) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const std::vector<Work> batch = {
      command(representative, post_in(round, thread, "Ett")),
      [](WriteTransaction& tx) -> Appended {
        tx.new_id(Entity::post);
        throw std::logic_error("a broken invariant");
      },
      command(representative, post_in(round, thread, "Två")),
  };
  const auto results = store().write(batch);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::internal);
  ASSERT_TRUE(results[2].ok());
  EXPECT_EQ(seqs_of(page(round).events), (std::vector<domain::Seq>{1, 2, 3, 4}));
}

TEST_P(SqlStoreTest, RepliesMustBeInTheSameThreadAndFactsAreReadInsideTheBatch) {
  const auto round = open_round({malmo.id});
  const auto first = add_thread(round, "Första frågan");
  const auto second = add_thread(round, "Andra frågan");
  const auto parent = post_of(commit(representative, post_in(round, first, "Grundinlägg")));
  // The reply to a post created earlier in the same batch sees it: facts are read inside the
  // transaction, after the earlier units of the batch.
  const std::vector<Work> batch = {
      command(representative, post_in(round, first, "Svar", parent), 20),
      command(representative, post_in(round, second, "Fel tråd", parent), 21),
  };
  const auto results = store().write(batch);
  ASSERT_TRUE(results[0].ok());
  const auto reply = post_of(results[0]->at(0));
  EXPECT_GT(reply, parent) << "post ids grow";
  EXPECT_EQ(results[1].error().code, ErrorCode::invalid_reply);
  const std::vector<Work> later = {
      command(representative, post_in(round, first, "Svar på svar", reply), 22)};
  const auto answer = store().write(later);
  ASSERT_TRUE(answer[0].ok()) << answer[0].error().message;
  const auto& data = std::get<domain::PostCreated>(answer[0]->at(0).data);
  EXPECT_EQ(data.reply_to, reply);
  EXPECT_EQ(data.thread, first);
}

TEST_P(SqlStoreTest, ReadStreamReturnsExactlyTheLaterEventsInOrderWithinTheLimit) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  for (int i = 0; i < 5; ++i) commit(representative, post_in(round, thread, "Inlägg"));
  EXPECT_EQ(seqs_of(page(round, 0, 100).events), (std::vector<domain::Seq>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(seqs_of(page(round, 4, 100).events), (std::vector<domain::Seq>{5, 6, 7}));
  EXPECT_EQ(seqs_of(page(round, 2, 2).events), (std::vector<domain::Seq>{3, 4}));
  EXPECT_TRUE(page(round, 7, 100).events.empty());
  EXPECT_EQ(page(round, 7, 100).head_seq, 7);
  EXPECT_TRUE(page(round, 0, 0).events.empty());
  const auto missing = store().read_stream({round + 1, StreamKind::main}, 0, 100);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  for (const auto& event : page(round).events) {
    EXPECT_EQ(event.stream, (domain::StreamId{round, StreamKind::main}));
  }
}

TEST_P(SqlStoreTest, AStreamWithoutEventsHasHeadZeroAndOwnsItsOwnSeqs) {
  const auto round = open_round({malmo.id});
  const domain::StreamId preparation{round, StreamKind::municipal_preparation};
  auto empty = store().read_stream(preparation, 0, 100);
  ASSERT_TRUE(empty.ok());
  ASSERT_TRUE(empty->has_value());
  EXPECT_EQ((*empty)->head_seq, 0);
  EXPECT_TRUE((*empty)->events.empty());
  EXPECT_EQ((*empty)->round.id, round);

  // Two streams of one round count their seqs apart.
  const std::vector<Work> batch = {[&](WriteTransaction& tx) -> Appended {
    const domain::Event event{
        .stream = preparation,
        .seq = tx.next_seq(preparation),
        .at = 5,
        .actor = representative,
        .data = domain::ThreadCreated{tx.new_id(Entity::thread), "Förberedelse"},
        .access_after = std::nullopt};
    tx.append(event);
    return std::vector<domain::Event>{event};
  }};
  const auto results = store().write(batch);
  ASSERT_TRUE(results[0].ok()) << results[0].error().message;
  EXPECT_EQ(results[0]->at(0).seq, 1);
  const auto prepared = *store().read_stream(preparation, 0, 100);
  EXPECT_EQ(prepared->head_seq, 1);
  ASSERT_EQ(prepared->events.size(), 1u);
  EXPECT_EQ(prepared->events[0].stream, preparation);
  EXPECT_EQ(page(round).head_seq, 1) << "the main stream is untouched";
}

TEST_P(SqlStoreTest, EventsAreStoredAsDataAndReadBackAsTheyWereCommitted) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const domain::Timestamp now = 1'795'000'000'123;
  const auto parent = post_of(commit(representative, post_in(round, thread, "Grund"), now));
  const auto reply =
      commit(representative, post_in(round, thread, "Svar **här** \"citat\" \\ 🇸🇪", parent), now);

  const auto replayed = page(round, reply.seq - 1, 1).events;
  ASSERT_EQ(replayed.size(), 1u);
  const auto& event = replayed[0];
  EXPECT_EQ(event.stream, reply.stream);
  EXPECT_EQ(event.seq, reply.seq);
  EXPECT_EQ(event.at, now);
  EXPECT_EQ(event.actor.id, representative.id);
  EXPECT_EQ(event.actor.name, representative.name);
  EXPECT_EQ(event.actor.role, representative.role);
  EXPECT_EQ(event.actor.organisation.id, malmo.id);
  EXPECT_EQ(event.actor.organisation.name, malmo.name);
  const auto& data = std::get<domain::PostCreated>(event.data);
  EXPECT_EQ(data.post, post_of(reply));
  EXPECT_EQ(data.reply_to, parent);
  EXPECT_EQ(data.body, "Svar **här** \"citat\" \\ 🇸🇪");
  // So replay and live delivery encode to the same bytes.
  EXPECT_EQ(protocol::encode_event(event), protocol::encode_event(reply));
}

TEST_P(SqlStoreTest, RoundCreatedListsTheInvitedOrganisationsInTheirOrder) {
  const auto created =
      commit(secretariat, round_command("Tillit", Phase::draft, {kiruna.id, malmo.id}, "Text"));
  EXPECT_EQ(created.seq, 1);
  const auto replayed = page(created.stream.round).events;
  ASSERT_EQ(replayed.size(), 1u);
  const auto& data = std::get<domain::RoundCreated>(replayed[0].data);
  EXPECT_EQ(data.phase, Phase::draft);
  ASSERT_EQ(data.invited.size(), 2u);
  EXPECT_EQ(data.invited[0].name, "Kiruna kommun");
  EXPECT_EQ(data.invited[0].kind, domain::OrganisationKind::municipality);
  EXPECT_EQ(data.invited[1].id, malmo.id);
  const auto access = page(created.stream.round).round;
  EXPECT_EQ(access.phase, Phase::draft);
  EXPECT_EQ(access.invited, (std::vector<domain::OrganisationId>{malmo.id, kiruna.id}));
}

TEST_P(SqlStoreTest, RoundWithAnUnknownOrganisationIsRefusedAndStoresNothing) {
  const Work work = command(secretariat, round_command("Runda", Phase::open, {malmo.id, 999}, ""));
  const auto results = store().write(std::span(&work, 1));
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_EQ(results[0].error().code, ErrorCode::not_found);
  EXPECT_EQ(count_rows("rounds"), 0);
  EXPECT_EQ(count_rows("round_invitations"), 0);
  EXPECT_EQ(count_rows("streams"), 0);
  EXPECT_EQ(count_rows("events"), 0);
}

TEST_P(SqlStoreTest, AFailedCommitStoresNothingFailsTheWholeBatchAndTheStoreGoesOn) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  close();
  std::atomic<bool> fail = true;
  open(StoreOptions{.fail_commit = [&] { return fail.load(); }});

  const std::vector<Work> batch = {
      command(representative, post_in(round, thread, "Ett"), 30),
      command(observer, post_in(round, thread, "Vägras ändå"), 31),
      command(secretariat, domain::CreateThread{.round = round, .title = "Ny tråd"}, 32),
  };
  const auto failed = store().write(batch);
  ASSERT_EQ(failed.size(), batch.size());
  for (const auto& result : failed) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::storage_failed);
  }
  EXPECT_EQ(seqs_of(page(round).events), (std::vector<domain::Seq>{1, 2}));
  EXPECT_EQ(page(round).head_seq, 2);
  EXPECT_EQ(count_rows("posts"), 0);
  EXPECT_EQ(count_rows("threads"), 1);

  fail = false;
  const auto retried = store().write(batch);
  ASSERT_TRUE(retried[0].ok());
  EXPECT_EQ(retried[0]->at(0).seq, 3);
  EXPECT_EQ(retried[1].error().code, ErrorCode::forbidden);
  ASSERT_TRUE(retried[2].ok());
  EXPECT_EQ(retried[2]->at(0).seq, 4);
  EXPECT_EQ(seqs_of(page(round).events), (std::vector<domain::Seq>{1, 2, 3, 4}));
}

TEST_P(SqlStoreTest, CommittedDataSurvivesCloseAndReopen) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  const auto post = commit(representative, post_in(round, thread, "Beständigt"));
  ASSERT_TRUE(store().create_session("token-hash", representative.id, 5000).ok());
  close();
  open();
  const auto events = page(round).events;
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(protocol::encode_event(events[2]), protocol::encode_event(post));
  EXPECT_EQ(commit(representative, post_in(round, thread, "Efter omstart")).seq, 4);
  const auto session = store().find_session("token-hash", 1000);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(session->has_value());
  EXPECT_EQ((*session)->person.id, representative.id);
  EXPECT_FALSE(*store().is_empty());
}

TEST_P(SqlStoreTest, ReadsDoNotWaitForAnOpenWriteAndSeeOnlyCommittedEvents) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  close();
  // The hook runs while the batch's write transaction is open and the writer holds its lock.
  std::vector<domain::Seq> seen_during_write;
  open(StoreOptions{.fail_commit = [&] {
    seen_during_write = seqs_of(page(round).events);
    return false;
  }});
  commit(representative, post_in(round, thread, "Under skrivning"));
  EXPECT_EQ(seen_during_write, (std::vector<domain::Seq>{1, 2}));
  EXPECT_EQ(seqs_of(page(round).events), (std::vector<domain::Seq>{1, 2, 3}));
}

TEST_P(SqlStoreTest, SessionsResolveUntilTheyExpireOrAreDeleted) {
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

TEST_P(SqlStoreTest, ExpiredSessionsAreRemovedAndLiveOnesKept) {
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

TEST_P(SqlStoreTest, AccountsAndLogins) {
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

TEST_P(SqlStoreTest, AFreshDatabaseIsEmptyUntilSomeoneExists) {
  fresh_database();
  EXPECT_TRUE(*store().is_empty());
  const auto skr = organisation("SKR", domain::OrganisationKind::association);
  EXPECT_TRUE(*store().is_empty());
  person("Per", "per@example.se", domain::Role::admin, skr);
  EXPECT_FALSE(*store().is_empty());
}

TEST_P(SqlStoreTest, ListRoundsGivesEveryRoundNewestFirstWithWhatVisibilityNeeds) {
  const auto first = open_round({malmo.id}, Phase::open, "Öppen Malmö");
  const auto draft = open_round({malmo.id, kiruna.id}, Phase::draft, "Utkast båda");
  add_thread(first);
  // A preparation thread in the first round: its stream now holds an event; the other side's
  // stream holds none and the draft has no preparation at all (reading a stream creates nothing).
  const domain::StreamId preparation{first, StreamKind::state_preparation};
  ASSERT_TRUE(store().read_stream({draft, StreamKind::municipal_preparation}, 0, 1).ok());
  const std::vector<Work> batch = {[&](WriteTransaction& tx) -> Appended {
    const domain::Event event{
        .stream = preparation,
        .seq = tx.next_seq(preparation),
        .at = 5,
        .actor = representative,
        .data = domain::ThreadCreated{tx.new_id(Entity::thread), "Statens förberedelse"},
        .access_after = std::nullopt};
    tx.append(event);
    return std::vector<domain::Event>{event};
  }};
  ASSERT_TRUE(store().write(batch)[0].ok());
  const auto listings = store().list_rounds();
  ASSERT_TRUE(listings.ok());
  ASSERT_EQ(listings->size(), 2u);
  const auto& newest = (*listings)[0];
  EXPECT_EQ(newest.summary.id, draft);
  EXPECT_EQ(newest.access.phase, Phase::draft);
  EXPECT_EQ(newest.access.invited, (std::vector<domain::OrganisationId>{malmo.id, kiruna.id}));
  const auto& oldest = (*listings)[1];
  EXPECT_EQ(oldest.summary.id, first);
  EXPECT_EQ(oldest.summary.title, "Öppen Malmö");
  EXPECT_EQ(oldest.summary.phase, Phase::open);
  EXPECT_EQ(oldest.summary.head_seq, 2) << "the main stream's head";
  EXPECT_EQ(oldest.summary.created_at, domain::format_timestamp(1'790'000'000'000));
  EXPECT_EQ(oldest.summary.preparation_streams,
            (std::vector<StreamKind>{StreamKind::state_preparation}));
  EXPECT_TRUE(newest.summary.preparation_streams.empty());
}

TEST_P(SqlStoreTest, ConcurrentReadersDuringWrites) {
  const auto round = open_round({malmo.id});
  const auto thread = add_thread(round);
  std::atomic<bool> done = false;
  std::atomic<int> failures = 0;
  std::vector<std::thread> readers;
  readers.reserve(6);
  for (int r = 0; r < 6; ++r) {  // more readers than pooled connections: some wait their turn
    readers.emplace_back([&] {
      std::size_t last = 0;
      while (!done) {
        const auto read = store().read_stream({round, StreamKind::main}, 0, 1000);
        if (!read.ok() || !read->has_value() || (*read)->events.size() < last ||
            static_cast<domain::Seq>((*read)->events.size()) != (*read)->head_seq) {
          ++failures;
        } else {
          last = (*read)->events.size();
        }
      }
    });
  }
  for (int i = 0; i < 50; ++i) commit(representative, post_in(round, thread, "Inlägg"));
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(page(round).events.size(), 52u);
}

TEST_P(SqlStoreTest, EveryStreamHasTheStoresEpochUntilItIsRenewedWithAnAuditRecord) {
  const auto round = open_round({malmo.id});
  const auto before = page(round).epoch;
  EXPECT_FALSE(before.empty());
  // A stream without events yet has the epoch its first event will give it.
  auto empty = store().read_stream({round, domain::StreamKind::municipal_preparation}, 0, 10);
  ASSERT_TRUE(empty.ok() && empty->has_value());
  EXPECT_EQ((*empty)->epoch, before);
  const auto other = open_round({kiruna.id}, Phase::open, "Andra rundan");
  EXPECT_EQ(page(other).epoch, before);

  const domain::AuditRecord audit{.at = 1'790'000'000'000,
                                  .action = "epoch_renewed",
                                  .actor = std::nullopt,
                                  .origin = {domain::Source::cli, "root@db"},
                                  .round = std::nullopt,
                                  .target_kind = "store",
                                  .target_id = std::nullopt,
                                  .details = {{"epoch", "0123456789abcdef"}}};
  ASSERT_TRUE(store().renew_epoch("0123456789abcdef", audit).ok());
  EXPECT_EQ(page(round).epoch, "0123456789abcdef");
  EXPECT_EQ(page(other).epoch, "0123456789abcdef");
  // Seqs go on where they were: the epoch, not the seq, tells the histories apart.
  const auto head = page(round).head_seq;
  EXPECT_EQ(commit(secretariat, domain::CreateThread{.round = round, .title = "Efter"}).seq,
            head + 1);
  EXPECT_EQ(page(round).epoch, "0123456789abcdef");
  const auto fresh = open_round({malmo.id}, Phase::open, "Ny runda");
  EXPECT_EQ(page(fresh).epoch, "0123456789abcdef");
  auto logged = store().read_audit({.actions = {"epoch_renewed"}});
  ASSERT_TRUE(logged.ok());
  ASSERT_EQ(logged->size(), 1u);
  EXPECT_EQ(logged->at(0).record.origin.address, "root@db");
}

INSTANTIATE_EVERY_STORE(SqlStoreTest);

}  // namespace
}  // namespace samrad::store::testing
