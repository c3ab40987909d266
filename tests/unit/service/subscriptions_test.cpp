// A connection's stream subscriptions (Subscriptions) on a real LocalHub, with no socket: a
// recording client stands in for the WebSocket session, and the test answers its store reads by
// hand. What must hold (issue 6, points 2 to 6, and the defects under 8): every request gets
// exactly one answer, a subscribe's answer comes before its replay, an unsubscribe's after its
// subscribe's, nothing is sent for a stream after it was left, only subscribed streams' frames
// go out and they are the bus's own frame objects, and a client that resumes with since=<last
// seq> gets every event exactly once, in order, whatever the interleaving.
#include "service/subscriptions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bus/local_hub.hpp"
#include "bus/presence.hpp"

namespace samrad::service {
namespace {

using domain::ErrorCode;
using domain::Seq;
using domain::StreamId;
using domain::StreamKind;
using Log = std::vector<std::string>;

const StreamId main_stream{.round = 1, .kind = StreamKind::main};
const StreamId municipal{.round = 1, .kind = StreamKind::municipal_preparation};
const StreamId state{.round = 1, .kind = StreamKind::state_preparation};
const StreamId other_round{.round = 2, .kind = StreamKind::main};

// Whose connection it is: a representative of Malmö (a municipality), which rounds 1 and 2
// invite unless a test withdraws it.
constexpr domain::OrganisationId malmo = 2;
constexpr domain::OrganisationId kiruna = 3;
const domain::Person viewer{
    .id = 10,
    .name = "Anna Lind",
    .email = "anna@example.se",
    .role = domain::Role::representative,
    .organisation = {malmo, "Malmö stad", domain::OrganisationKind::municipality}};

std::string name(const StreamId& stream) {
  return "r" + std::to_string(stream.round) + "/" + std::string(domain::to_string(stream.kind));
}

// A frame says which event it is: "r1/main#3".
bus::Frame frame_of(const StreamId& stream, Seq seq) {
  return bus::WireFrame::text(name(stream) + "#" + std::to_string(seq));
}

bus::EncodedEvent event(const StreamId& stream, Seq seq) {
  return {stream, seq, frame_of(stream, seq), nullptr};
}

// The events from..to of a stream whose head in the read's snapshot is `head`.
FramePage page(const StreamId& stream, Seq head, Seq from, Seq to) {
  FramePage result{.head_seq = head, .epoch = {}, .events = {}};
  for (Seq seq = from; seq <= to; ++seq) result.events.push_back(event(stream, seq));
  return result;
}

domain::Result<FramePage> read_error(ErrorCode code) {
  return domain::make_error(code, "the read failed");
}

// Presence as Subscriptions drives it: every enter and leave in a log of its own, and a count per
// (round, person) that must never go below zero.
class RecordingPresence final : public bus::Presence {
 public:
  void enter(domain::RoundId round, domain::PersonId person) override {
    record("enter r" + std::to_string(round) + " p" + std::to_string(person));
    ++counts[{round, person}];
  }
  void leave(domain::RoundId round, domain::PersonId person) override {
    record("leave r" + std::to_string(round) + " p" + std::to_string(person));
    auto& count = counts[{round, person}];
    EXPECT_GT(count, 0) << "a leave without its enter";
    --count;
  }
  void who(domain::RoundId, Answer answer) override {
    ADD_FAILURE() << "Subscriptions only enters and leaves";
    answer({});
  }
  int count(domain::RoundId round, domain::PersonId person) const {
    const auto found = counts.find({round, person});
    return found == counts.end() ? 0 : found->second;
  }
  Log take_log() { return std::exchange(log, {}); }

  Log log;
  // When set, every line also goes here (the client's log), to see what came before what.
  Log* interleaved = nullptr;
  std::map<std::pair<domain::RoundId, domain::PersonId>, int> counts;

 private:
  void record(std::string line) {
    if (interleaved) interleaved->push_back(line);
    log.push_back(std::move(line));
  }
};

// The WebSocket session as Subscriptions sees it: it records, in one ordered log, every read
// asked for and everything the client would receive; the bus's batches go straight to the
// subscriptions (the session posts them to its strand, which the random model below imitates).
class Client final : public bus::Subscriber, public SubscriptionsSink {
 public:
  struct Read {
    ReadTicket ticket;
    StreamId stream;
    Seq after;
  };
  static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

  void deliver(const bus::Batch& batch) override {
    if (subscriptions) subscriptions->on_batch(batch);
  }
  bool has_room_for_replay(std::size_t) const override { return room > 0; }
  void send(const bus::Frame& frame) override {
    frames.push_back(frame);
    log.push_back("frame " + std::string(frame->payload()));
    if (room != unlimited && room > 0) --room;
  }
  void read_page(ReadTicket ticket, const StreamId& stream, Seq after) override {
    reads.push_back({ticket, stream, after});
    log.push_back("read " + name(stream) + " after " + std::to_string(after));
  }
  void subscribed(RequestId id, const StreamId& stream, Seq head_seq,
                  const std::string& epoch) override {
    log.push_back("subscribed #" + std::to_string(id) + " " + name(stream) +
                  " head=" + std::to_string(head_seq) + (epoch.empty() ? "" : " epoch=" + epoch));
  }
  void unsubscribed(RequestId id, const StreamId& stream) override {
    log.push_back("unsubscribed #" + std::to_string(id) + " " + name(stream));
  }
  void refused(RequestId id, const domain::Error& error) override {
    log.push_back("refused #" + std::to_string(id) + " " + std::string(to_string(error.code)));
  }
  void ended(const StreamId& stream, std::string_view reason) override {
    log.push_back("ended " + name(stream) + " " + std::string(reason));
  }
  void failed(const domain::Error& error) override {
    log.push_back("failed " + std::string(to_string(error.code)));
  }

  // What was logged since the last call.
  Log take_log() { return std::exchange(log, {}); }

  Subscriptions* subscriptions = nullptr;
  std::size_t room = unlimited;
  Log log;
  std::vector<Read> reads;
  std::vector<bus::Frame> frames;
};

class SubscriptionsTest : public ::testing::Test {
 protected:
  static constexpr std::size_t max_subscriptions = 4;

  SubscriptionsTest() { client->subscriptions = &subscriptions; }

  ReadTicket last_ticket() const { return client->reads.back().ticket; }
  // Answers the newest read asked for.
  void answer(domain::Result<FramePage> result) {
    subscriptions.on_page(last_ticket(), std::move(result));
  }
  bus::Batch publish(std::vector<bus::EncodedEvent> events) {
    auto batch = std::make_shared<const std::vector<bus::EncodedEvent>>(std::move(events));
    hub.publish(batch);
    return batch;
  }

  // Declared in this order so that the subscriptions leave the hub and presence before they go.
  bus::LocalHub hub;
  RecordingPresence presence;
  std::shared_ptr<Client> client = std::make_shared<Client>();
  Subscriptions subscriptions{hub, presence, client, *client, max_subscriptions, viewer};
};

// --- subscribe ---

TEST_F(SubscriptionsTest, SubscribeReadsFromSinceAndIsAnsweredByThePage) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  EXPECT_EQ(client->take_log(), Log{"read r1/main after 0"});
  EXPECT_EQ(hub.subscriber_count(main_stream), 1u);
  EXPECT_EQ(subscriptions.size(), 1u);
}

// Tells the log when the hub gains a stream's first subscriber or loses its last.
class BusActivity final : public bus::StreamActivity {
 public:
  explicit BusActivity(Log& log) : log_(log) {}
  void first_subscriber(const StreamId& stream) override {
    log_.push_back("bus joins " + name(stream));
  }
  void last_subscriber_left(const StreamId& stream) override {
    log_.push_back("bus leaves " + name(stream));
  }

 private:
  Log& log_;
};

TEST(SubscriptionsOnTheBus, JoinBeforeTheFirstReadAndLeaveAtTheUnsubscribe) {
  auto client = std::make_shared<Client>();
  BusActivity activity(client->log);
  bus::LocalHub hub(&activity);
  RecordingPresence presence;
  Subscriptions subscriptions(hub, presence, client, *client, 4, viewer);
  client->subscriptions = &subscriptions;

  // Joined before the read starts: whatever commits after the read's snapshot is announced.
  subscriptions.subscribe(1, main_stream, {0, {}});
  EXPECT_EQ(client->take_log(), (Log{"bus joins r1/main", "read r1/main after 0"}));
  // Left at once, though the answers wait for the read.
  subscriptions.unsubscribe(2, main_stream);
  EXPECT_EQ(client->take_log(), Log{"bus leaves r1/main"});
  subscriptions.on_page(client->reads[0].ticket, page(main_stream, 0, 1, 0));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #1 r1/main head=0", "unsubscribed #2 r1/main"}));
  // A refused subscribe leaves the bus too (before or after the answer: both are fine).
  subscriptions.subscribe(3, main_stream, {4, {}});
  EXPECT_EQ(client->take_log(), (Log{"bus joins r1/main", "read r1/main after 4"}));
  subscriptions.on_page(client->reads[1].ticket, page(main_stream, 0, 1, 0));
  const Log refused{"refused #3 stale_position", "bus leaves r1/main"};
  const auto log = client->take_log();
  EXPECT_TRUE(std::is_permutation(log.begin(), log.end(), refused.begin(), refused.end()))
      << ::testing::PrintToString(log);
}

TEST_F(SubscriptionsTest, SubscribeIsAnsweredOnceWithTheHeadThenReplaysInOrder) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  client->take_log();
  // A live event during the first read waits for it.
  publish({event(main_stream, 3)});
  EXPECT_TRUE(client->take_log().empty());
  answer(page(main_stream, 3, 1, 3));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #1 r1/main head=3", "frame r1/main#1",
                                     "frame r1/main#2", "frame r1/main#3"}));
  publish({event(main_stream, 4)});
  publish({event(main_stream, 4)});
  publish({event(main_stream, 5)});
  EXPECT_EQ(client->take_log(), (Log{"frame r1/main#4", "frame r1/main#5"}));
}

TEST_F(SubscriptionsTest, SubscribeFromSinceReplaysOnlyLaterEvents) {
  subscriptions.subscribe(1, main_stream, {2, {}});
  EXPECT_EQ(client->take_log(), Log{"read r1/main after 2"});
  answer(page(main_stream, 4, 3, 4));
  EXPECT_EQ(client->take_log(),
            (Log{"subscribed #1 r1/main head=4", "frame r1/main#3", "frame r1/main#4"}));
}

TEST_F(SubscriptionsTest, SubscribeAtTheHeadIsAnsweredWithNoReplay) {
  subscriptions.subscribe(1, main_stream, {5, {}});
  client->take_log();
  answer(page(main_stream, 5, 6, 5));
  EXPECT_EQ(client->take_log(), Log{"subscribed #1 r1/main head=5"});
  publish({event(main_stream, 6)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/main#6"});
}

TEST_F(SubscriptionsTest, AReplayLongerThanAPageReadsOnAfterTheAnswer) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  client->take_log();
  answer(page(main_stream, 5, 1, 2));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #1 r1/main head=5", "frame r1/main#1",
                                     "frame r1/main#2", "read r1/main after 2"}));
  answer(page(main_stream, 6, 3, 6));  // 6 committed meanwhile: still one answer
  EXPECT_EQ(client->take_log(),
            (Log{"frame r1/main#3", "frame r1/main#4", "frame r1/main#5", "frame r1/main#6"}));
}

TEST_F(SubscriptionsTest, ASecondSubscribeToTheSameStreamIsAConflict) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  client->take_log();
  // While the first is unanswered ...
  subscriptions.subscribe(2, main_stream, {0, {}});
  EXPECT_EQ(client->take_log(), Log{"refused #2 conflict"});
  answer(page(main_stream, 1, 1, 1));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #1 r1/main head=1", "frame r1/main#1"}));
  // ... and after it was answered.
  subscriptions.subscribe(3, main_stream, {1, {}});
  EXPECT_EQ(client->take_log(), Log{"refused #3 conflict"});
  EXPECT_EQ(hub.subscriber_count(main_stream), 1u);
  EXPECT_EQ(subscriptions.size(), 1u);
  // The first subscription goes on, once.
  publish({event(main_stream, 2)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/main#2"});
}

TEST_F(SubscriptionsTest, TheMainAndPreparationStreamsOfARoundAreIndependent) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  subscriptions.subscribe(2, municipal, {1, {}});
  EXPECT_EQ(client->take_log(),
            (Log{"read r1/main after 0", "read r1/municipal_preparation after 1"}));
  const auto main_read = client->reads[0].ticket;
  const auto municipal_read = client->reads[1].ticket;
  // Answered in the other order: each answer goes to its own stream.
  subscriptions.on_page(municipal_read, page(municipal, 2, 2, 2));
  subscriptions.on_page(main_read, page(main_stream, 1, 1, 1));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #2 r1/municipal_preparation head=2",
                                     "frame r1/municipal_preparation#2",
                                     "subscribed #1 r1/main head=1", "frame r1/main#1"}));

  // Same seqs in different streams are different events.
  publish({event(main_stream, 2), event(municipal, 3), event(state, 1), event(main_stream, 3)});
  EXPECT_EQ(client->take_log(),
            (Log{"frame r1/main#2", "frame r1/municipal_preparation#3", "frame r1/main#3"}));

  subscriptions.unsubscribe(3, main_stream);
  EXPECT_EQ(client->take_log(), Log{"unsubscribed #3 r1/main"});
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  EXPECT_EQ(hub.subscriber_count(municipal), 1u);
  publish({event(main_stream, 4), event(municipal, 4)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/municipal_preparation#4"});
}

TEST_F(SubscriptionsTest, ALiveGapIsReadFromWhatWasDeliveredAndHoldsBackNoOtherStream) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  subscriptions.subscribe(2, municipal, {0, {}});
  subscriptions.on_page(client->reads[0].ticket, page(main_stream, 2, 1, 2));
  subscriptions.on_page(client->reads[1].ticket, page(municipal, 0, 1, 0));
  client->take_log();
  // main's 3 was lost on the bus.
  publish({event(main_stream, 4), event(municipal, 1)});
  EXPECT_EQ(client->take_log(), (Log{"read r1/main after 2", "frame r1/municipal_preparation#1"}));
  publish({event(main_stream, 5), event(municipal, 2)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/municipal_preparation#2"});
  answer(page(main_stream, 4, 3, 4));
  EXPECT_EQ(client->take_log(),
            (Log{"frame r1/main#3", "frame r1/main#4", "read r1/main after 4"}));
  answer(page(main_stream, 5, 5, 5));
  publish({event(main_stream, 6)});
  EXPECT_EQ(client->take_log(), (Log{"frame r1/main#5", "frame r1/main#6"}));
}

TEST_F(SubscriptionsTest, MoreThanTheBoundOfSubscriptionsIsTooLarge) {
  const std::array<StreamId, max_subscriptions> streams{main_stream, municipal, state, other_round};
  RequestId id = 0;
  for (const auto& stream : streams) subscriptions.subscribe(++id, stream, {0, {}});
  client->take_log();
  const StreamId fifth{.round = 3, .kind = StreamKind::main};
  subscriptions.subscribe(9, fifth, {0, {}});
  // Refused at once, and nothing joined or read.
  EXPECT_EQ(client->take_log(), Log{"refused #9 too_large"});
  EXPECT_EQ(hub.subscriber_count(fifth), 0u);
  EXPECT_EQ(subscriptions.size(), max_subscriptions);

  subscriptions.unsubscribe(10, state);  // its subscribe is still unanswered
  subscriptions.subscribe(11, fifth, {0, {}});
  EXPECT_EQ(client->take_log(), Log{"read r3/main after 0"});
  EXPECT_EQ(hub.subscriber_count(fifth), 1u);
}

TEST_F(SubscriptionsTest, SinceBeyondTheHeadIsAStalePositionAndSubscribesNothing) {
  subscriptions.subscribe(1, main_stream, {5, {}});
  client->take_log();
  answer(page(main_stream, 3, 6, 5));
  EXPECT_EQ(client->take_log(), Log{"refused #1 stale_position"});
  EXPECT_EQ(subscriptions.size(), 0u);
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  publish({event(main_stream, 4)});
  EXPECT_TRUE(client->take_log().empty());

  // Not a conflict afterwards: a fresh subscribe works.
  subscriptions.subscribe(2, main_stream, {3, {}});
  answer(page(main_stream, 4, 4, 4));
  EXPECT_EQ(client->take_log(),
            (Log{"read r1/main after 3", "subscribed #2 r1/main head=4", "frame r1/main#4"}));
  publish({event(main_stream, 5)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/main#5"});
}

TEST_F(SubscriptionsTest, AReadErrorBeforeTheAnswerRefusesWithThatError) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  client->take_log();
  answer(read_error(ErrorCode::not_found));
  EXPECT_EQ(client->take_log(), Log{"refused #1 not_found"});
  EXPECT_EQ(subscriptions.size(), 0u);
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  publish({event(main_stream, 1)});
  EXPECT_TRUE(client->take_log().empty());

  subscriptions.subscribe(2, main_stream, {0, {}});
  answer(read_error(ErrorCode::storage_failed));
  EXPECT_EQ(client->take_log(), (Log{"read r1/main after 0", "refused #2 storage_failed"}));
  EXPECT_EQ(subscriptions.size(), 0u);
}

TEST_F(SubscriptionsTest, AReadErrorAfterTheAnswerFailsTheConnection) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 4, 1, 2));
  client->take_log();
  answer(read_error(ErrorCode::internal));
  EXPECT_EQ(client->take_log(), Log{"failed internal"});
  EXPECT_EQ(subscriptions.size(), 0u);
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  publish({event(main_stream, 5)});
  EXPECT_TRUE(client->take_log().empty());
}

TEST_F(SubscriptionsTest, AFailedGapReadFailsTheConnection) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 0, 1, 0));
  publish({event(main_stream, 2)});
  EXPECT_EQ(client->take_log(),
            (Log{"read r1/main after 0", "subscribed #1 r1/main head=0", "read r1/main after 0"}));
  answer(read_error(ErrorCode::storage_failed));
  EXPECT_EQ(client->take_log(), Log{"failed storage_failed"});
  EXPECT_EQ(subscriptions.size(), 0u);
}

// --- unsubscribe ---

TEST_F(SubscriptionsTest, UnsubscribeRightAfterSubscribeIsAnsweredAfterTheSubscribe) {
  // Issue 6, point 8: {"type":"subscribe","id":12,...} then {"type":"unsubscribe","id":13,...}.
  subscriptions.subscribe(12, main_stream, {0, {}});
  subscriptions.unsubscribe(13, main_stream);
  EXPECT_EQ(client->take_log(), Log{"read r1/main after 0"});  // 13 waits for 12's answer
  // The bus membership is gone at once, and so is the stream.
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  EXPECT_EQ(subscriptions.size(), 0u);
  publish({event(main_stream, 4)});
  EXPECT_TRUE(client->take_log().empty());

  answer(page(main_stream, 3, 1, 3));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #12 r1/main head=3", "unsubscribed #13 r1/main"}));
  publish({event(main_stream, 5)});
  subscriptions.on_room();
  EXPECT_TRUE(client->take_log().empty());
}

TEST_F(SubscriptionsTest, UnsubscribeRightAfterASubscribeWhoseReadFails) {
  subscriptions.subscribe(12, main_stream, {0, {}});
  subscriptions.unsubscribe(13, main_stream);
  client->take_log();
  answer(read_error(ErrorCode::forbidden));
  EXPECT_EQ(client->take_log(), (Log{"refused #12 forbidden", "unsubscribed #13 r1/main"}));
}

// A page of the stream in epoch "e2" (the history after a restored backup).
FramePage in_epoch(FramePage page, std::string epoch) {
  page.epoch = std::move(epoch);
  return page;
}

TEST_F(SubscriptionsTest, ASinceOfAnotherEpochIsRefusedAsStaleAndNothingIsSent) {
  subscriptions.subscribe(12, main_stream, {4, "e1"});
  client->take_log();
  answer(in_epoch(page(main_stream, 6, 5, 6), "e2"));
  EXPECT_EQ(client->take_log(), Log{"refused #12 stale_position"});
  EXPECT_EQ(subscriptions.size(), 0u);
}

TEST_F(SubscriptionsTest, ASinceOfTheStreamsEpochResumesAndTheResultNamesTheEpoch) {
  subscriptions.subscribe(12, main_stream, {4, "e2"});
  client->take_log();
  answer(in_epoch(page(main_stream, 6, 5, 6), "e2"));
  EXPECT_EQ(client->take_log(),
            (Log{"subscribed #12 r1/main head=6 epoch=e2", "frame r1/main#5", "frame r1/main#6"}));
}

TEST_F(SubscriptionsTest, FromTheStartOrWithoutAnEpochAnyEpochWill) {
  subscriptions.subscribe(12, main_stream, {0, "e1"});
  client->take_log();
  answer(in_epoch(page(main_stream, 1, 1, 1), "e2"));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #12 r1/main head=1 epoch=e2", "frame r1/main#1"}));
  subscriptions.subscribe(13, municipal, {1, {}});
  client->take_log();
  answer(in_epoch(page(municipal, 1, 2, 1), "e2"));
  EXPECT_EQ(client->take_log(), Log{"subscribed #13 r1/municipal_preparation head=1 epoch=e2"});
}

TEST_F(SubscriptionsTest, UnsubscribeRightAfterASubscribeFromTheFuture) {
  subscriptions.subscribe(12, main_stream, {9, {}});
  subscriptions.unsubscribe(13, main_stream);
  client->take_log();
  answer(page(main_stream, 3, 10, 9));
  EXPECT_EQ(client->take_log(), (Log{"refused #12 stale_position", "unsubscribed #13 r1/main"}));
}

TEST_F(SubscriptionsTest, SubscribeUnsubscribeSubscribeBackToBackKeepRequestOrder) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  subscriptions.unsubscribe(2, main_stream);
  subscriptions.subscribe(3, main_stream, {0, {}});
  // The second subscribe waits until the first and its unsubscribe are answered, so the
  // stream's answers come in request order and no frame can precede the unsubscribe's answer.
  EXPECT_EQ(client->take_log(), Log{"read r1/main after 0"});
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  EXPECT_EQ(subscriptions.size(), 0u);

  subscriptions.on_page(client->reads[0].ticket, page(main_stream, 2, 1, 2));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #1 r1/main head=2", "unsubscribed #2 r1/main",
                                     "read r1/main after 0"}));
  EXPECT_EQ(hub.subscriber_count(main_stream), 1u);
  subscriptions.on_page(last_ticket(), page(main_stream, 3, 1, 3));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #3 r1/main head=3", "frame r1/main#1",
                                     "frame r1/main#2", "frame r1/main#3"}));
  publish({event(main_stream, 4)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/main#4"});
}

TEST_F(SubscriptionsTest, ASecondUnsubscribeWaitsForTheFirst) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  subscriptions.unsubscribe(2, main_stream);
  subscriptions.unsubscribe(3, main_stream);
  EXPECT_EQ(client->take_log(), Log{"read r1/main after 0"});
  subscriptions.on_page(client->reads[0].ticket, read_error(ErrorCode::storage_failed));
  EXPECT_EQ(client->take_log(), (Log{"refused #1 storage_failed", "unsubscribed #2 r1/main",
                                     "unsubscribed #3 r1/main"}));
}

TEST_F(SubscriptionsTest, RequestsForOtherStreamsDoNotWait) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  subscriptions.unsubscribe(2, main_stream);
  subscriptions.subscribe(3, municipal, {0, {}});
  EXPECT_EQ(client->take_log(),
            (Log{"read r1/main after 0", "read r1/municipal_preparation after 0"}));
}

TEST_F(SubscriptionsTest, ManySubscribesAndUnsubscribesBackToBackAreEachAnsweredOnceInOrder) {
  RequestId id = 0;
  for (int pair = 0; pair < 3; ++pair) {
    subscriptions.subscribe(++id, main_stream, {0, {}});
    subscriptions.unsubscribe(++id, main_stream);
  }
  subscriptions.subscribe(++id, main_stream, {0, {}});
  Log answers;
  for (int read = 0; read < 4; ++read) {
    ASSERT_EQ(client->reads.size(), static_cast<std::size_t>(read + 1)) << "one read at a time";
    subscriptions.on_page(last_ticket(), page(main_stream, 1, 1, 1));
    for (auto& line : client->take_log()) {
      if (!line.starts_with("read ")) answers.push_back(std::move(line));
    }
  }
  EXPECT_EQ(answers, (Log{"subscribed #1 r1/main head=1", "unsubscribed #2 r1/main",
                          "subscribed #3 r1/main head=1", "unsubscribed #4 r1/main",
                          "subscribed #5 r1/main head=1", "unsubscribed #6 r1/main",
                          "subscribed #7 r1/main head=1", "frame r1/main#1"}));
  EXPECT_EQ(hub.subscriber_count(main_stream), 1u);
  publish({event(main_stream, 2)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/main#2"});
}

TEST_F(SubscriptionsTest, AStoreThatBreaksItsPromiseFailsTheConnection) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 5, 1, 2));
  client->take_log();
  subscriptions.on_page(last_ticket(),
                        FramePage{.head_seq = 5, .epoch = {}, .events = {event(main_stream, 4)}});
  EXPECT_EQ(client->take_log(), Log{"failed internal"});
}

TEST_F(SubscriptionsTest, UnsubscribeMidReadIgnoresTheStalePage) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 6, 1, 3));
  EXPECT_EQ(client->take_log(),
            (Log{"read r1/main after 0", "subscribed #1 r1/main head=6", "frame r1/main#1",
                 "frame r1/main#2", "frame r1/main#3", "read r1/main after 3"}));
  const auto stale = last_ticket();
  subscriptions.unsubscribe(2, main_stream);
  EXPECT_EQ(client->take_log(), Log{"unsubscribed #2 r1/main"});
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  subscriptions.on_page(stale, page(main_stream, 6, 4, 6));
  subscriptions.on_page(stale, read_error(ErrorCode::storage_failed));
  EXPECT_TRUE(client->take_log().empty());
}

TEST_F(SubscriptionsTest, UnsubscribeMidReadThenSubscribeAgainIgnoresTheStalePage) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 6, 1, 3));
  const auto stale = last_ticket();
  subscriptions.unsubscribe(2, main_stream);
  subscriptions.subscribe(3, main_stream, {3, {}});  // the client resumes from its last seq
  client->take_log();
  // The old read's page would send 4..6 to the new subscription before its answer.
  subscriptions.on_page(stale, page(main_stream, 6, 4, 6));
  EXPECT_TRUE(client->take_log().empty());
  answer(page(main_stream, 6, 4, 6));
  EXPECT_EQ(client->take_log(), (Log{"subscribed #3 r1/main head=6", "frame r1/main#4",
                                     "frame r1/main#5", "frame r1/main#6"}));
}

TEST_F(SubscriptionsTest, UnsubscribeDuringAGapReadIgnoresItsPage) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 1, 1, 1));
  publish({event(main_stream, 3)});
  client->take_log();
  subscriptions.unsubscribe(2, main_stream);
  answer(page(main_stream, 3, 2, 3));
  EXPECT_EQ(client->take_log(), Log{"unsubscribed #2 r1/main"});
}

TEST_F(SubscriptionsTest, UnsubscribeFromAStreamNotFollowedIsAnsweredAtOnce) {
  subscriptions.unsubscribe(1, main_stream);
  EXPECT_EQ(client->take_log(), Log{"unsubscribed #1 r1/main"});
}

TEST_F(SubscriptionsTest, ClearLeavesEveryStreamAndAnswersNothing) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  subscriptions.subscribe(2, municipal, {0, {}});
  subscriptions.unsubscribe(3, municipal);
  client->take_log();
  const auto reads = client->reads;
  subscriptions.clear();
  EXPECT_EQ(subscriptions.size(), 0u);
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  for (const auto& read : reads) {
    subscriptions.on_page(read.ticket, page(read.stream, 1, 1, 1));
  }
  publish({event(main_stream, 2)});
  EXPECT_TRUE(client->take_log().empty());
}

// --- live batches, the boundary, pacing ---

TEST_F(SubscriptionsTest, ALiveBatchSendsTheSubscribedStreamsOwnFrameObjects) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 0, 1, 0));
  client->take_log();
  client->frames.clear();
  const auto batch = publish(
      {event(main_stream, 1), event(municipal, 1), event(other_round, 1), event(main_stream, 2)});
  EXPECT_EQ(client->take_log(), (Log{"frame r1/main#1", "frame r1/main#2"}));
  ASSERT_EQ(client->frames.size(), 2u);
  // Encoded once: the very buffers of the batch, not copies.
  EXPECT_EQ(client->frames[0].get(), (*batch)[0].frame.get());
  EXPECT_EQ(client->frames[1].get(), (*batch)[3].frame.get());
}

TEST_F(SubscriptionsTest, ALiveEventAtTheBoundaryIsNotStalled) {
  // Issue 6, point 8: subscribe with since = head 5; 6 commits after the read's snapshot and is
  // published while the read is under way; the page is empty with head 5.
  subscriptions.subscribe(1, main_stream, {5, {}});
  publish({event(main_stream, 6)});
  answer(page(main_stream, 5, 6, 5));
  EXPECT_EQ(client->take_log(),
            (Log{"read r1/main after 5", "subscribed #1 r1/main head=5", "read r1/main after 5"}));
  answer(page(main_stream, 6, 6, 6));
  EXPECT_EQ(client->take_log(), Log{"frame r1/main#6"});
  publish({event(main_stream, 7)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/main#7"});
}

TEST_F(SubscriptionsTest, TheReplayWaitsForRoomAndLiveEventsWaitForTheReplay) {
  client->room = 2;
  subscriptions.subscribe(1, main_stream, {0, {}});
  subscriptions.subscribe(2, municipal, {0, {}});
  subscriptions.on_page(client->reads[0].ticket, page(main_stream, 4, 1, 4));
  EXPECT_EQ(client->take_log(),
            (Log{"read r1/main after 0", "read r1/municipal_preparation after 0",
                 "subscribed #1 r1/main head=4", "frame r1/main#1", "frame r1/main#2"}));
  subscriptions.on_page(client->reads[1].ticket, page(municipal, 1, 1, 1));
  // Answered, but its replay waits for room too.
  EXPECT_EQ(client->take_log(), Log{"subscribed #2 r1/municipal_preparation head=1"});
  publish({event(main_stream, 5)});
  EXPECT_TRUE(client->take_log().empty());

  client->room = Client::unlimited;
  subscriptions.on_room();
  auto log = client->take_log();
  // Each stream in its own order; the room serves both.
  const Log main_part{"frame r1/main#3", "frame r1/main#4", "read r1/main after 4"};
  const Log municipal_part{"frame r1/municipal_preparation#1"};
  Log expected_a = main_part;
  expected_a.insert(expected_a.end(), municipal_part.begin(), municipal_part.end());
  Log expected_b = municipal_part;
  expected_b.insert(expected_b.end(), main_part.begin(), main_part.end());
  EXPECT_TRUE(log == expected_a || log == expected_b) << ::testing::PrintToString(log);
  answer(page(main_stream, 5, 5, 5));
  EXPECT_EQ(client->take_log(), Log{"frame r1/main#5"});
}

// --- access withdrawn (issue 7) ---

// Round `round` as an event leaves it: open, inviting `invited`.
std::shared_ptr<const domain::RoundAccess> round_after(domain::RoundId round,
                                                       std::vector<domain::OrganisationId> invited,
                                                       domain::Phase phase = domain::Phase::open) {
  return std::make_shared<const domain::RoundAccess>(
      domain::RoundAccess{.id = round,
                          .phase = phase,
                          .invited = std::move(invited),
                          .kind = domain::RoundKind::plenary,
                          .opens_at = std::nullopt,
                          .closes_at = std::nullopt});
}

// An event that changes who may see its round (an invitation withdrawn, a phase changed).
bus::EncodedEvent changing_access(const StreamId& stream, Seq seq,
                                  std::shared_ptr<const domain::RoundAccess> after) {
  return {stream, seq, frame_of(stream, seq), std::move(after)};
}

// Lines of the log that are not reads.
Log answers_in(Log log) {
  std::erase_if(log, [](const std::string& line) { return line.starts_with("read "); });
  return log;
}

bool same_lines(Log a, Log b) {
  return std::is_permutation(a.begin(), a.end(), b.begin(), b.end());
}

// --- presence ---

TEST_F(SubscriptionsTest, PresenceBeginsWithTheFirstAnsweredStreamAndEndsWithTheLast) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  EXPECT_TRUE(presence.take_log().empty()) << "not present before the subscribe is answered";
  answer(page(main_stream, 0, 1, 0));
  EXPECT_EQ(presence.take_log(), Log{"enter r1 p10"});
  subscriptions.subscribe(2, municipal, {0, {}});
  answer(page(municipal, 0, 1, 0));
  subscriptions.unsubscribe(3, main_stream);
  EXPECT_TRUE(presence.take_log().empty()) << "a second stream of the round changes nothing";
  subscriptions.unsubscribe(4, municipal);
  EXPECT_EQ(presence.take_log(), Log{"leave r1 p10"});
  subscriptions.unsubscribe(5, municipal);
  EXPECT_TRUE(presence.take_log().empty()) << "an unsubscribe of nothing leaves nothing";
}

// The client may ask who is here (on another connection) the moment it reads the answer.
TEST_F(SubscriptionsTest, PresenceIsEnteredBeforeTheSubscribeIsAnswered) {
  presence.interleaved = &client->log;
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 1, 1, 1));
  EXPECT_EQ(client->take_log(), (Log{"read r1/main after 0", "enter r1 p10",
                                     "subscribed #1 r1/main head=1", "frame r1/main#1"}));
}

TEST_F(SubscriptionsTest, ARefusedSubscribeIsNeverPresent) {
  subscriptions.subscribe(1, main_stream, {5, {}});
  answer(page(main_stream, 3, 4, 3));  // since beyond the head: stale_position
  subscriptions.subscribe(2, municipal, {0, {}});
  answer(read_error(ErrorCode::not_found));
  EXPECT_EQ(client->take_log(),
            (Log{"read r1/main after 5", "refused #1 stale_position",
                 "read r1/municipal_preparation after 0", "refused #2 not_found"}));
  EXPECT_TRUE(presence.take_log().empty());
}

TEST_F(SubscriptionsTest, ARefusedSubscribeLeavesThePresenceOfTheOtherStreamsAlone) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 0, 1, 0));
  subscriptions.subscribe(2, main_stream, {0, {}});  // conflict: already subscribed
  subscriptions.subscribe(3, municipal, {0, {}});
  answer(read_error(ErrorCode::not_found));
  EXPECT_EQ(presence.take_log(), Log{"enter r1 p10"});
  EXPECT_EQ(presence.count(1, viewer.id), 1);
}

TEST_F(SubscriptionsTest, UnsubscribedBeforeItsAnswerIsNeverPresent) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  subscriptions.unsubscribe(2, main_stream);
  subscriptions.subscribe(3, main_stream, {0, {}});  // deferred behind the unsubscribe
  subscriptions.on_page(client->reads[0].ticket, page(main_stream, 0, 1, 0));
  EXPECT_TRUE(presence.take_log().empty());
  answer(page(main_stream, 0, 1, 0));  // the deferred subscribe's read
  EXPECT_EQ(presence.take_log(), Log{"enter r1 p10"});
}

TEST_F(SubscriptionsTest, ClosingTheConnectionLeavesEveryRoundOnce) {
  for (const auto& [id, stream] :
       {std::pair{1, main_stream}, std::pair{2, municipal}, std::pair{3, other_round}}) {
    subscriptions.subscribe(id, stream, {0, {}});
    answer(page(stream, 0, 1, 0));
  }
  subscriptions.subscribe(4, state, {0, {}});  // still unanswered when the connection ends
  EXPECT_EQ(presence.take_log(), (Log{"enter r1 p10", "enter r2 p10"}));
  subscriptions.clear();
  const auto log = presence.take_log();
  EXPECT_TRUE(same_lines(log, {"leave r1 p10", "leave r2 p10"})) << ::testing::PrintToString(log);
  subscriptions.clear();
  EXPECT_TRUE(presence.take_log().empty());
}

TEST(SubscriptionsPresence, DestroyingTheSubscriptionsLeavesToo) {
  bus::LocalHub hub;
  RecordingPresence presence;
  auto client = std::make_shared<Client>();
  {
    Subscriptions subscriptions(hub, presence, client, *client, 4, viewer);
    subscriptions.subscribe(1, main_stream, {0, {}});
    subscriptions.on_page(client->reads.back().ticket, page(main_stream, 0, 1, 0));
  }
  EXPECT_EQ(presence.take_log(), (Log{"enter r1 p10", "leave r1 p10"}));
}

TEST_F(SubscriptionsTest, AReadThatFailsAfterTheAnswerLeaves) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 2, 1, 1));  // a page of two: the second is read next
  presence.take_log();
  answer(read_error(ErrorCode::storage_failed));
  EXPECT_EQ(presence.take_log(), Log{"leave r1 p10"});
}

class AccessWithdrawnTest : public SubscriptionsTest {
 protected:
  // Subscribed and answered, at head `head`, with nothing to replay.
  void follow(RequestId id, const StreamId& stream, Seq head) {
    subscriptions.subscribe(id, stream, {head, {}});
    answer(page(stream, head, head + 1, head));
  }
};

TEST_F(AccessWithdrawnTest, WithdrawingTheViewersOrganisationEndsThatRoundsStreamsAfterTheEvent) {
  follow(1, main_stream, 1);
  follow(2, municipal, 0);
  follow(3, other_round, 4);
  client->take_log();
  // Malmö's invitation to round 1 is withdrawn: the event itself still reaches Malmö, then the
  // round's streams end, and a later event of the same batch is not sent.
  publish({changing_access(main_stream, 2, round_after(1, {kiruna})), event(main_stream, 3),
           event(other_round, 5)});
  const auto log = client->take_log();
  ASSERT_EQ(log.size(), 4u) << ::testing::PrintToString(log);
  EXPECT_EQ(log[0], "frame r1/main#2");
  EXPECT_TRUE(same_lines({log[1], log[2]}, {"ended r1/main access_withdrawn",
                                            "ended r1/municipal_preparation access_withdrawn"}))
      << ::testing::PrintToString(log);
  EXPECT_EQ(log[3], "frame r2/main#5") << "another round goes on";
  EXPECT_EQ(presence.take_log(), (Log{"enter r1 p10", "enter r2 p10", "leave r1 p10"}));
  EXPECT_EQ(subscriptions.size(), 1u);
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  EXPECT_EQ(hub.subscriber_count(municipal), 0u);
  EXPECT_EQ(hub.subscriber_count(other_round), 1u);

  publish({event(main_stream, 4), event(municipal, 1), event(other_round, 6)});
  EXPECT_EQ(client->take_log(), Log{"frame r2/main#6"});
  // The subscription is gone, not held: a new subscribe is no conflict (the store refuses it).
  subscriptions.subscribe(4, main_stream, {2, {}});
  answer(read_error(ErrorCode::not_found));
  EXPECT_EQ(client->take_log(), (Log{"read r1/main after 2", "refused #4 not_found"}));
}

TEST_F(AccessWithdrawnTest, AnAccessChangeOnTheMainStreamEndsAPreparationStreamFollowedAlone) {
  // The withdrawal is an event of the main stream, which this connection does not follow; its
  // preparation stream must end all the same, or the municipal side's posts go on reaching it.
  follow(1, municipal, 3);
  client->take_log();
  publish({changing_access(main_stream, 9, round_after(1, {kiruna}))});
  EXPECT_EQ(client->take_log(), Log{"ended r1/municipal_preparation access_withdrawn"});
  EXPECT_EQ(subscriptions.size(), 0u);
  publish({event(municipal, 4)});
  EXPECT_TRUE(client->take_log().empty()) << "a post of the preparation stream leaked";
}

TEST_F(AccessWithdrawnTest, ChangesThatLeaveTheViewerItsRoundEndNothing) {
  follow(1, main_stream, 1);
  follow(2, municipal, 0);
  client->take_log();
  publish({changing_access(main_stream, 2, round_after(1, {malmo, kiruna})),
           changing_access(main_stream, 3, round_after(1, {kiruna, malmo}, domain::Phase::closed)),
           changing_access(main_stream, 4, round_after(1, {malmo}, domain::Phase::decided)),
           // Another round's withdrawal is about that round only.
           changing_access(other_round, 7, round_after(2, {kiruna}))});
  EXPECT_EQ(client->take_log(), (Log{"frame r1/main#2", "frame r1/main#3", "frame r1/main#4"}));
  EXPECT_EQ(subscriptions.size(), 2u);
  publish({event(municipal, 1)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/municipal_preparation#1"});
}

TEST_F(AccessWithdrawnTest, WithdrawingTheViewersOrganisationFromADraftEndsItsStreams) {
  // The invited see a draft (its main stream and their side's preparation stream); a
  // withdrawal before it opens ends both at once, and opening it changes nothing for the rest.
  follow(1, main_stream, 1);
  follow(2, municipal, 0);
  client->take_log();
  publish({changing_access(main_stream, 2, round_after(1, {malmo, kiruna}, domain::Phase::draft)),
           changing_access(main_stream, 3, round_after(1, {kiruna}, domain::Phase::draft)),
           event(main_stream, 4)});
  const auto log = client->take_log();
  ASSERT_EQ(log.size(), 4u) << ::testing::PrintToString(log);
  EXPECT_EQ(log[0], "frame r1/main#2");
  EXPECT_EQ(log[1], "frame r1/main#3");
  EXPECT_TRUE(same_lines({log[2], log[3]}, {"ended r1/main access_withdrawn",
                                            "ended r1/municipal_preparation access_withdrawn"}))
      << ::testing::PrintToString(log);
  EXPECT_EQ(subscriptions.size(), 0u);
  publish({changing_access(main_stream, 5, round_after(1, {kiruna}, domain::Phase::open)),
           event(municipal, 1)});
  EXPECT_TRUE(client->take_log().empty()) << "the withdrawn organisation still receives";
}

TEST_F(AccessWithdrawnTest, OtherViewersOfTheRoundKeepIt) {
  // Kiruna's representative and a secretariat member of Malmö follow the same streams.
  const domain::Person kiruna_viewer{
      11, "Kalle", "kalle@example.se", domain::Role::representative,
      domain::Organisation{kiruna, "Kiruna kommun", domain::OrganisationKind::municipality}};
  auto kalle = std::make_shared<Client>();
  Subscriptions kalles(hub, presence, kalle, *kalle, max_subscriptions, kiruna_viewer);
  kalle->subscriptions = &kalles;
  auto secretariat_viewer = viewer;
  secretariat_viewer.id = 12;
  secretariat_viewer.role = domain::Role::secretariat;
  auto sara = std::make_shared<Client>();
  Subscriptions saras(hub, presence, sara, *sara, max_subscriptions, secretariat_viewer);
  sara->subscriptions = &saras;

  follow(1, main_stream, 1);
  for (const auto& [who, theirs] :
       {std::pair{kalle.get(), &kalles}, std::pair{sara.get(), &saras}}) {
    theirs->subscribe(1, main_stream, {1, {}});
    theirs->on_page(who->reads.back().ticket, page(main_stream, 1, 2, 1));
    theirs->subscribe(2, municipal, {0, {}});
    theirs->on_page(who->reads.back().ticket, page(municipal, 0, 1, 0));
    who->take_log();
  }
  client->take_log();

  // Malmö, then every organisation, loses the round: only Anna's connection ends.
  publish({changing_access(main_stream, 2, round_after(1, {kiruna}))});
  EXPECT_EQ(client->take_log(), (Log{"frame r1/main#2", "ended r1/main access_withdrawn"}));
  EXPECT_EQ(kalle->take_log(), Log{"frame r1/main#2"});
  EXPECT_EQ(sara->take_log(), Log{"frame r1/main#2"});
  publish({changing_access(main_stream, 3, round_after(1, {}))});
  const auto kalles_log = kalle->take_log();
  ASSERT_EQ(kalles_log.size(), 3u) << ::testing::PrintToString(kalles_log);
  EXPECT_EQ(kalles_log.front(), "frame r1/main#3");
  EXPECT_TRUE(same_lines(
      {kalles_log.begin() + 1, kalles_log.end()},
      {"ended r1/main access_withdrawn", "ended r1/municipal_preparation access_withdrawn"}))
      << ::testing::PrintToString(kalles_log);
  // The secretariat sees every round, invited or not, and its own side's preparation.
  EXPECT_EQ(sara->take_log(), Log{"frame r1/main#3"});
  publish({event(main_stream, 4), event(municipal, 1)});
  EXPECT_EQ(sara->take_log(), (Log{"frame r1/main#4", "frame r1/municipal_preparation#1"}));
  EXPECT_TRUE(kalle->take_log().empty());
  EXPECT_EQ(saras.size(), 2u);
  kalles.clear();
  saras.clear();
}

TEST_F(AccessWithdrawnTest, AnUnansweredSubscribeIsAnsweredFirstThenEnded) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  client->take_log();
  publish({changing_access(main_stream, 3, round_after(1, {kiruna}))});
  EXPECT_TRUE(client->take_log().empty()) << "the subscribe is answered by its read first";
  EXPECT_EQ(hub.subscriber_count(main_stream), 1u);
  // The read began before the withdrawal committed, so it was allowed and sees 1..2.
  answer(page(main_stream, 2, 1, 2));
  EXPECT_EQ(client->take_log(),
            (Log{"subscribed #1 r1/main head=2", "ended r1/main access_withdrawn"}));
  EXPECT_TRUE(presence.take_log().empty()) << "ended at its answer: never present";
  EXPECT_EQ(subscriptions.size(), 0u);
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
  publish({event(main_stream, 4)});
  subscriptions.on_room();
  EXPECT_TRUE(client->take_log().empty());
}

TEST_F(AccessWithdrawnTest, AWithdrawalUndoneBeforeTheAnswerEndsNothing) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  client->take_log();
  // Withdrawn, then invited again, both while the subscribe's read is under way: the latest
  // change decides.
  publish({changing_access(main_stream, 3, round_after(1, {kiruna})),
           changing_access(main_stream, 4, round_after(1, {kiruna, malmo}))});
  answer(page(main_stream, 2, 1, 2));
  const auto log = answers_in(client->take_log());
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0], "subscribed #1 r1/main head=2");
  EXPECT_TRUE(std::none_of(log.begin(), log.end(), [](const std::string& line) {
    return line.starts_with("ended ");
  })) << ::testing::PrintToString(log);
  EXPECT_EQ(subscriptions.size(), 1u);
}

TEST_F(AccessWithdrawnTest, AnUnansweredSubscribeRefusedByItsReadIsOnlyRefused) {
  // The read came after the withdrawal: the round is not found, and there is nothing to end.
  subscriptions.subscribe(1, main_stream, {0, {}});
  publish({changing_access(main_stream, 3, round_after(1, {kiruna}))});
  answer(read_error(ErrorCode::not_found));
  EXPECT_EQ(answers_in(client->take_log()), Log{"refused #1 not_found"});
  EXPECT_EQ(subscriptions.size(), 0u);
}

TEST_F(AccessWithdrawnTest, AnUnansweredSubscribeLeftMeanwhileIsAnsweredAndUnsubscribed) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  publish({changing_access(main_stream, 3, round_after(1, {kiruna}))});
  subscriptions.unsubscribe(2, main_stream);
  answer(page(main_stream, 2, 1, 2));
  EXPECT_EQ(answers_in(client->take_log()),
            (Log{"subscribed #1 r1/main head=2", "unsubscribed #2 r1/main"}));
}

TEST_F(AccessWithdrawnTest, AContinuationReadRefusedAsNotFoundEndsTheSubscription) {
  subscriptions.subscribe(1, main_stream, {0, {}});
  answer(page(main_stream, 5, 1, 2));  // more to read
  client->take_log();
  // The round went out of sight between the pages (e.g. on another instance): ended, not failed.
  answer(read_error(ErrorCode::not_found));
  EXPECT_EQ(client->take_log(), Log{"ended r1/main access_withdrawn"});
  EXPECT_EQ(subscriptions.size(), 0u);
  EXPECT_EQ(hub.subscriber_count(main_stream), 0u);
}

TEST_F(AccessWithdrawnTest, AGapReadRefusedAsNotFoundEndsTheSubscription) {
  follow(1, main_stream, 1);
  follow(2, municipal, 0);
  publish({event(main_stream, 3)});  // 2 was lost on the bus
  client->take_log();
  answer(read_error(ErrorCode::not_found));
  EXPECT_EQ(client->take_log(), Log{"ended r1/main access_withdrawn"});
  EXPECT_EQ(subscriptions.size(), 1u) << "the other stream is the store's to refuse on its read";
  publish({event(municipal, 1)});
  EXPECT_EQ(client->take_log(), Log{"frame r1/municipal_preparation#1"});
}

// --- random interleavings ---

// One client on one or more connections, with two streams of one round and a real LocalHub, in
// time steps. Commits come in batches (events of both streams); a batch is published at once or
// lost (at-most-once), sometimes twice, and reaches the connection's strand later, in order. A
// read takes its snapshot at the step it starts and answers at a later one (reads answer in any
// order), seeing exactly the events committed before it started, a page at a time; rarely it
// fails. The client subscribes with since=<the last seq it got> and unsubscribes at random; when
// its connection fails it opens another and resumes the same way. The queue's room comes and
// goes. A batch holding a stream's last event is never lost: nothing could tell anyone about a
// lost last event until the next one commits.
//
// Checked throughout: each request is answered once; an unsubscribe only after its subscribe;
// frames of a stream only between its subscribe's answer and its unsubscribe, each the next seq.
// At the end: every event after the first since arrived, and no read is left hanging.
class ChurnModel {
 public:
  explicit ChurnModel(unsigned seed) : rng_(seed) {
    streams_[0].id = main_stream;
    streams_[1].id = municipal;
    for (auto& stream : streams_) {
      stream.total = uniform(0, 25);
      stream.committed = uniform(0, stream.total);
      stream.first_since = uniform(0, stream.committed);
      stream.last = stream.first_since;
      for (Seq seq = 1; seq <= stream.total; ++seq) {
        stream.live.push_back(frame_of(stream.id, seq));
      }
    }
    page_limit_ = uniform(1, 6);
    room_max_ = static_cast<std::size_t>(uniform(0, 4));
    churn_ = std::array{0.05, 0.3, 1.0}[uniform(0, 2)];
    connect();
  }

  void run() {
    const int steps = uniform(20, 300);
    for (int step = 0; step < steps && !::testing::Test::HasFailure(); ++step) {
      const int action = uniform(0, 99);
      if (action < 25) {
        commit();
      } else if (action < 45) {
        run_strand();
      } else if (action < 57) {
        start_read();
      } else if (action < 75) {
        finish_read(0.08);
      } else if (action < 85) {
        connection_->room = static_cast<std::size_t>(uniform(0, static_cast<int>(room_max_)));
        connection_->subscriptions->on_room();
      } else {
        auto& stream = streams_[uniform(0, 1)];
        if (!stream.subscribe) {
          subscribe(stream);
        } else if (chance(churn_)) {
          unsubscribe(stream);
        }
      }
      if (connection_->closed) connect();
      // One connection at a time: present once at most, however its streams come and go.
      ASSERT_LE(presence_.count(1, viewer.id), 1) << "entered twice";
    }
    settle();
    // Following both streams of the round: present, once.
    EXPECT_EQ(presence_.count(1, viewer.id), 1);
    connection_->subscriptions->clear();
    EXPECT_EQ(presence_.count(1, viewer.id), 0);
  }

 private:
  struct Stream {
    StreamId id;
    Seq total = 0;
    Seq committed = 0;
    std::vector<bus::Frame> live;  // the frame each event was encoded to at its commit
    Seq first_since = 0;
    // The client's side.
    Seq last = 0;                        // the newest seq it received, over all subscriptions
    std::optional<RequestId> subscribe;  // its current subscription's subscribe ...
    bool answered = false;               // ... and whether that was answered
  };
  struct Request {
    StreamId stream;
    bool is_subscribe;
    Seq since;
    std::optional<RequestId> after;  // an unsubscribe's subscribe, if that was unanswered
  };

  // A connection: the session's part of SubscriptionsSink, reporting to the model.
  class Connection final : public bus::Subscriber, public SubscriptionsSink {
   public:
    Connection(ChurnModel& model, int number) : model_(model), number_(number) {}

    void deliver(const bus::Batch& batch) override { model_.strand_.push_back({number_, batch}); }
    bool has_room_for_replay(std::size_t) const override { return room > 0; }
    void send(const bus::Frame& frame) override {
      if (room != Client::unlimited && room > 0) --room;
      model_.on_frame(*this, frame);
    }
    void read_page(ReadTicket ticket, const StreamId& stream, Seq after) override {
      model_.reads_.push_back({number_, ticket, stream, after, std::nullopt});
    }
    void subscribed(RequestId id, const StreamId& stream, Seq head_seq,
                    const std::string& /*epoch*/) override {
      model_.on_subscribed(*this, id, stream, head_seq);
    }
    void unsubscribed(RequestId id, const StreamId& stream) override {
      model_.on_unsubscribed(*this, id, stream);
    }
    void refused(RequestId id, const domain::Error& error) override {
      model_.on_refused(*this, id, error);
    }
    void ended(const StreamId& stream, std::string_view) override {
      ADD_FAILURE() << "no access changes here, yet " << name(stream) << " ended";
    }
    void failed(const domain::Error& error) override {
      EXPECT_EQ(error.code, ErrorCode::storage_failed);
      closed = true;  // the session closes; the model opens a new connection after this step
    }

    int number() const { return number_; }

    std::unique_ptr<Subscriptions> subscriptions;
    std::size_t room = Client::unlimited;
    bool closed = false;

   private:
    ChurnModel& model_;
    int number_;
  };

  struct PendingRead {
    int connection;
    ReadTicket ticket;
    StreamId stream;
    Seq after;
    std::optional<Seq> snapshot;  // taken when the read starts
  };
  struct PendingBatch {
    int connection;
    bus::Batch batch;
  };

  int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  Stream& stream_of(const StreamId& id) { return id == streams_[0].id ? streams_[0] : streams_[1]; }

  // A new connection: what the old one had is gone, and its requests need no answer (the
  // socket closed under them).
  void connect() {
    if (connection_) connection_->subscriptions->clear();
    connection_ = std::make_shared<Connection>(*this, ++connections_);
    connection_->subscriptions = std::make_unique<Subscriptions>(
        hub_, presence_, connection_, *connection_, streams_.size(), viewer);
    connection_->room = static_cast<std::size_t>(uniform(0, static_cast<int>(room_max_)));
    unanswered_.clear();
    for (auto& stream : streams_) {
      stream.subscribe.reset();
      stream.answered = false;
    }
  }

  bool current(const Connection& connection) const {
    return connection.number() == connection_->number() && !connection_->closed;
  }

  void commit() {
    std::vector<bus::EncodedEvent> events;
    bool last = false;
    for (int count = uniform(1, 3); count > 0; --count) {
      auto& stream = streams_[uniform(0, 1)];
      if (stream.committed == stream.total) continue;
      ++stream.committed;
      events.push_back({stream.id, stream.committed, stream.live[stream.committed - 1], nullptr});
      last = last || stream.committed == stream.total;
    }
    if (events.empty() || (!last && chance(0.25))) return;  // lost on the bus
    const auto batch = std::make_shared<const std::vector<bus::EncodedEvent>>(std::move(events));
    hub_.publish(batch);
    if (chance(0.1)) hub_.publish(batch);
  }

  void run_strand() {
    if (strand_.empty()) return;
    const auto [connection, batch] = strand_.front();
    strand_.pop_front();
    if (connection == connection_->number() && !connection_->closed) {
      connection_->subscriptions->on_batch(batch);
    }
  }

  void start_read() {
    std::vector<PendingRead*> waiting;
    for (auto& read : reads_) {
      if (!read.snapshot) waiting.push_back(&read);
    }
    if (waiting.empty()) return;
    auto& read = *waiting[uniform(0, static_cast<int>(waiting.size()) - 1)];
    read.snapshot = stream_of(read.stream).committed;
  }

  void finish_read(double failure) {
    std::vector<std::size_t> started;
    for (std::size_t i = 0; i < reads_.size(); ++i) {
      if (reads_[i].snapshot) started.push_back(i);
    }
    if (started.empty()) return;
    const auto index = started[uniform(0, static_cast<int>(started.size()) - 1)];
    const auto read = reads_[index];
    reads_.erase(reads_.begin() + static_cast<std::ptrdiff_t>(index));
    // A closed session drops the answers of its reads.
    if (read.connection != connection_->number() || connection_->closed) return;
    if (chance(failure)) {
      connection_->subscriptions->on_page(read.ticket, read_error(ErrorCode::storage_failed));
      return;
    }
    // The service encodes a page's events afresh for each read.
    FramePage result{.head_seq = *read.snapshot, .epoch = {}, .events = {}};
    for (Seq seq = read.after + 1; seq <= *read.snapshot && result.events.size() < page_limit_;
         ++seq) {
      result.events.push_back(event(read.stream, seq));
    }
    connection_->subscriptions->on_page(read.ticket, std::move(result));
  }

  void unsubscribe(Stream& stream) {
    const auto id = ++next_id_;
    unanswered_[id] = Request{.stream = stream.id,
                              .is_subscribe = false,
                              .since = 0,
                              .after = stream.answered ? std::nullopt : stream.subscribe};
    stream.subscribe.reset();
    stream.answered = false;
    connection_->subscriptions->unsubscribe(id, stream.id);
  }

  void subscribe(Stream& stream) {
    const auto id = ++next_id_;
    unanswered_[id] =
        Request{.stream = stream.id, .is_subscribe = true, .since = stream.last, .after = {}};
    stream.subscribe = id;
    stream.answered = false;
    connection_->subscriptions->subscribe(id, stream.id, {stream.last, {}});
  }

  // Takes the request off the unanswered ones; nothing if it was not there.
  std::optional<Request> answer(RequestId id, const StreamId& stream, bool is_subscribe) {
    const auto found = unanswered_.find(id);
    if (found == unanswered_.end()) {
      ADD_FAILURE() << "request " << id << " answered twice or never asked";
      return std::nullopt;
    }
    const auto request = found->second;
    unanswered_.erase(found);
    EXPECT_EQ(request.is_subscribe, is_subscribe) << "request " << id;
    EXPECT_EQ(request.stream, stream) << "request " << id;
    return request;
  }

  void on_subscribed(Connection& connection, RequestId id, const StreamId& id_stream,
                     Seq head_seq) {
    if (!current(connection)) return ADD_FAILURE() << "an answer on a closed connection";
    const auto request = answer(id, id_stream, true);
    if (!request) return;
    auto& stream = stream_of(id_stream);
    EXPECT_GE(head_seq, request->since);
    EXPECT_LE(head_seq, stream.committed);
    if (stream.subscribe == id) stream.answered = true;
  }

  void on_refused(Connection& connection, RequestId id, const domain::Error& error) {
    if (!current(connection)) return ADD_FAILURE() << "an answer on a closed connection";
    // Only a failed first read refuses here: no conflict, bound or stale position.
    EXPECT_EQ(error.code, ErrorCode::storage_failed) << "request " << id;
    const auto found = unanswered_.find(id);
    if (found == unanswered_.end()) return ADD_FAILURE() << "request " << id << " answered twice";
    auto& stream = stream_of(found->second.stream);
    unanswered_.erase(found);
    if (stream.subscribe == id) stream.subscribe.reset();
  }

  void on_unsubscribed(Connection& connection, RequestId id, const StreamId& stream) {
    if (!current(connection)) return ADD_FAILURE() << "an answer on a closed connection";
    const auto request = answer(id, stream, false);
    if (request && request->after) {
      EXPECT_FALSE(unanswered_.contains(*request->after))
          << "unsubscribe " << id << " answered before its subscribe " << *request->after;
    }
  }

  void on_frame(Connection& connection, const bus::Frame& frame) {
    if (!current(connection)) return ADD_FAILURE() << "a frame on a closed connection";
    const auto hash = frame->payload().find('#');
    const auto seq = std::stoll(std::string(frame->payload().substr(hash + 1)));
    auto& stream =
        frame->payload().substr(0, hash) == name(streams_[0].id) ? streams_[0] : streams_[1];
    EXPECT_TRUE(stream.subscribe && stream.answered)
        << frame->payload() << " outside an answered subscription";
    EXPECT_EQ(seq, stream.last + 1) << frame->payload() << " out of order or twice";
    stream.last = seq;
  }

  void settle() {
    if (::testing::Test::HasFailure()) return;
    while (streams_[0].committed < streams_[0].total || streams_[1].committed < streams_[1].total) {
      commit();
    }
    connection_->room = Client::unlimited;
    connection_->subscriptions->on_room();
    for (auto& stream : streams_) {
      if (!stream.subscribe) subscribe(stream);
    }
    for (int guard = 0; (!reads_.empty() || !strand_.empty()) && !::testing::Test::HasFailure();
         ++guard) {
      ASSERT_LT(guard, 10'000) << "the reads do not end";
      switch (uniform(0, 2)) {
        case 0:
          run_strand();
          break;
        case 1:
          start_read();
          break;
        case 2:
          finish_read(0.0);
          break;
      }
    }
    ASSERT_FALSE(connection_->closed);
    EXPECT_TRUE(unanswered_.empty()) << unanswered_.size() << " requests never answered";
    EXPECT_EQ(connection_->subscriptions->size(), streams_.size());
    for (const auto& stream : streams_) {
      EXPECT_TRUE(stream.answered) << name(stream.id);
      EXPECT_EQ(stream.last, stream.total) << name(stream.id) << " from " << stream.first_since;
      EXPECT_EQ(hub_.subscriber_count(stream.id), 1u) << name(stream.id);
    }
  }

  std::mt19937 rng_;
  bus::LocalHub hub_;
  RecordingPresence presence_;
  std::array<Stream, 2> streams_;
  std::size_t page_limit_ = 1;
  std::size_t room_max_ = 0;
  double churn_ = 0;  // how readily the client leaves a stream it follows
  std::shared_ptr<Connection> connection_;
  int connections_ = 0;
  RequestId next_id_ = 0;
  std::map<RequestId, Request> unanswered_;
  std::vector<PendingRead> reads_;
  std::deque<PendingBatch> strand_;  // batches posted to the connection's strand
};

TEST(SubscriptionsChurn, RandomInterleavingsDeliverEverythingOnceInOrder) {
  for (unsigned seed = 1; seed <= 2000; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    ChurnModel(seed).run();
    if (::testing::Test::HasFailure()) break;
  }
}

}  // namespace
}  // namespace samrad::service
