// The replay/live merge of one subscriber in one stream (StreamCursor), with no socket: store
// pages and live events are handed to it by hand in chosen interleavings, and by a model of the
// store, the bus and the send queue in hundreds of random ones. What must hold (issue 6, points
// 2 and 6, and the boundary defect under 8): every event after `since` goes out exactly once and
// in seq order, no read is left hanging and no announced event is left behind, and the replay
// pauses for a full queue without dropping anything.
#include "service/stream_cursor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace samrad::service {
namespace {

using domain::Seq;
using Next = StreamCursor::Next;

const domain::StreamId stream{.round = 1, .kind = domain::StreamKind::main};

bus::Frame frame_of(Seq seq) {
  return bus::WireFrame::text("event " + std::to_string(seq));
}
Seq seq_of(const bus::Frame& frame) {
  return std::stoll(std::string(frame->payload().substr(6)));
}

bus::EncodedEvent event(Seq seq) {
  return {stream, seq, frame_of(seq), nullptr};
}

std::vector<Seq> range(Seq from, Seq to) {
  std::vector<Seq> seqs;
  for (Seq seq = from; seq <= to; ++seq) seqs.push_back(seq);
  return seqs;
}

// A page as the store returns it: the stream's head in the read's snapshot and these events.
FramePage page(Seq head, const std::vector<Seq>& seqs) {
  FramePage result{.head_seq = head, .events = {}};
  for (const auto seq : seqs) result.events.push_back(event(seq));
  return result;
}

// The connection's send queue as the cursor sees it: room for so many more replayed frames.
class Output final : public CursorOutput {
 public:
  static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

  bool has_room_for_replay(std::size_t) const override { return room > 0; }
  void send(const bus::Frame& frame) override {
    sent.push_back(frame);
    // Live frames fill the queue too, though they are not asked about.
    if (room != unlimited && room > 0) --room;
  }

  std::vector<Seq> seqs() const {
    std::vector<Seq> result;
    for (const auto& frame : sent) result.push_back(seq_of(frame));
    return result;
  }

  std::size_t room = unlimited;
  std::vector<bus::Frame> sent;
};

// --- replay, then live ---

TEST(StreamCursor, ANewCursorIsReadingFromSince) {
  const StreamCursor cursor(7);
  EXPECT_TRUE(cursor.reading());
  EXPECT_EQ(cursor.delivered(), 7);
}

TEST(StreamCursor, ReplaysThePageThenSendsLiveEventsDirectlyInOrder) {
  Output out;
  StreamCursor cursor(0);
  EXPECT_EQ(cursor.on_page(page(3, {1, 2, 3}), out), Next::wait);
  EXPECT_FALSE(cursor.reading());
  EXPECT_EQ(out.seqs(), range(1, 3));

  const auto live = event(4);
  EXPECT_EQ(cursor.on_live(live, out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(5), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 5));
  EXPECT_EQ(out.sent[3].get(), live.frame.get());  // the bus's frame itself, not a copy
  EXPECT_EQ(cursor.delivered(), 5);
  EXPECT_FALSE(cursor.reading());
}

TEST(StreamCursor, ReplaysOnlyEventsAfterSince) {
  Output out;
  StreamCursor cursor(2);
  EXPECT_EQ(cursor.on_page(page(5, {3, 4, 5}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(3, 5));
  EXPECT_EQ(cursor.delivered(), 5);
}

TEST(StreamCursor, DropsLiveEventsAlreadyDelivered) {
  Output out;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_page(page(3, {1, 2, 3}), out), Next::wait);
  // The bus may repeat itself, and a live event may announce what the replay already sent.
  EXPECT_EQ(cursor.on_live(event(3), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(1), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(4), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(4), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 4));
  EXPECT_FALSE(cursor.reading());
}

TEST(StreamCursor, DropsPageEventsAlreadyDelivered) {
  Output out;
  StreamCursor cursor(2);
  EXPECT_EQ(cursor.on_page(page(4, {1, 2, 3, 4}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(3, 4));
}

TEST(StreamCursor, LiveEventsSentDirectlyAreNotPacedByRoom) {
  // A live frame is sent whatever the room: the queue's hard bound cuts a reader too slow for
  // live events, and holding them back here would only turn them into store reads.
  Output out;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_page(page(0, {}), out), Next::wait);
  out.room = 0;
  EXPECT_EQ(cursor.on_live(event(1), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 1));
}

TEST(StreamCursor, ReadsOnWhileThePageEndsShortOfTheHead) {
  // Pages are bounded in size: the head says more is there.
  Output out;
  StreamCursor cursor(0);
  EXPECT_EQ(cursor.on_page(page(7, {1, 2, 3}), out), Next::read);
  EXPECT_TRUE(cursor.reading());
  EXPECT_EQ(cursor.delivered(), 3);
  EXPECT_EQ(cursor.on_page(page(7, {4, 5, 6}), out), Next::read);
  EXPECT_EQ(cursor.on_page(page(7, {7}), out), Next::wait);
  EXPECT_FALSE(cursor.reading());
  EXPECT_EQ(out.seqs(), range(1, 7));
}

// --- gaps ---

// What the head watcher announces when pub/sub lost events: the seq alone, no frame.
bus::EncodedEvent announcement(Seq head) {
  return {.stream = {1, domain::StreamKind::main},
          .seq = head,
          .frame = nullptr,
          .access_after = nullptr};
}

TEST(StreamCursor, AnAnnouncedHeadBeyondWhatWasDeliveredIsReadFromTheStore) {
  Output out;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_page(page(3, {1, 2, 3}), out), Next::wait);
  // Even the very next seq: an announcement carries no frame to send.
  EXPECT_EQ(cursor.on_live(announcement(5), out), Next::read);
  EXPECT_EQ(out.seqs(), range(1, 3));
  EXPECT_EQ(cursor.on_page(page(5, {4, 5}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 5));
  EXPECT_EQ(cursor.on_live(event(6), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 6));
}

TEST(StreamCursor, AnAnnouncementOfWhatWasDeliveredOrIsBeingReadChangesNothing) {
  Output out;
  StreamCursor cursor(0);
  EXPECT_EQ(cursor.on_live(announcement(2), out), Next::wait);  // the first read is under way
  ASSERT_EQ(cursor.on_page(page(2, {1, 2}), out), Next::wait);
  EXPECT_EQ(cursor.on_live(announcement(2), out), Next::wait);
  EXPECT_EQ(cursor.on_live(announcement(1), out), Next::wait);
  EXPECT_FALSE(cursor.reading());
  EXPECT_EQ(out.seqs(), range(1, 2));
}

TEST(StreamCursor, ALiveGapIsFilledFromTheStoreThenLiveGoesOn) {
  Output out;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_page(page(3, {1, 2, 3}), out), Next::wait);
  ASSERT_EQ(cursor.on_live(event(4), out), Next::wait);
  // 5 was lost on the bus (at-most-once): 6 shows the gap, and the store fills it from 4.
  EXPECT_EQ(cursor.on_live(event(6), out), Next::read);
  EXPECT_TRUE(cursor.reading());
  EXPECT_EQ(cursor.delivered(), 4);  // where the read starts
  EXPECT_EQ(out.seqs(), range(1, 4));

  // While the read is under way, live events wait for it: none goes out ahead of 5.
  EXPECT_EQ(cursor.on_live(event(7), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(5), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 4));

  EXPECT_EQ(cursor.on_page(page(7, {5, 6, 7}), out), Next::wait);
  EXPECT_FALSE(cursor.reading());
  EXPECT_EQ(cursor.on_live(event(7), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(8), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(9), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 9));
}

TEST(StreamCursor, LiveEventsAnnouncedDuringAGapReadThatItsPageLacksAreReadNext) {
  Output out;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_page(page(1, {1}), out), Next::wait);
  ASSERT_EQ(cursor.on_live(event(3), out), Next::read);
  // 4 and 5 commit after the gap read took its snapshot.
  ASSERT_EQ(cursor.on_live(event(4), out), Next::wait);
  ASSERT_EQ(cursor.on_live(event(5), out), Next::wait);
  EXPECT_EQ(cursor.on_page(page(3, {2, 3}), out), Next::read);
  EXPECT_EQ(cursor.delivered(), 3);
  EXPECT_EQ(cursor.on_page(page(5, {4, 5}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 5));
}

// --- the replay/live boundary (issue 6, point 8, first defect) ---

TEST(StreamCursor, BoundaryLiveEventDuringTheFirstReadIsReadAgainNotStalled) {
  // Subscribed with since = head 5; 6 commits after the read took its snapshot, and its live
  // announcement comes while the read is still under way.
  Output out;
  StreamCursor cursor(5);
  EXPECT_EQ(cursor.on_live(event(6), out), Next::wait);
  EXPECT_TRUE(out.sent.empty());
  // The page is empty and its head is 5: the cursor must not stop here.
  EXPECT_EQ(cursor.on_page(page(5, {}), out), Next::read);
  EXPECT_TRUE(cursor.reading());
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(cursor.on_page(page(6, {6}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(6, 6));
  EXPECT_FALSE(cursor.reading());
  // And it is live again: the next event goes out directly.
  EXPECT_EQ(cursor.on_live(event(7), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(6, 7));
}

TEST(StreamCursor, BoundaryLiveEventAfterTheEmptyFirstPageGoesOutDirectly) {
  Output out;
  StreamCursor cursor(5);
  EXPECT_EQ(cursor.on_page(page(5, {}), out), Next::wait);
  EXPECT_FALSE(cursor.reading());
  EXPECT_EQ(cursor.on_live(event(6), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(6, 6));
}

TEST(StreamCursor, BoundaryPageThatAlreadyHasTheLiveEventSendsItOnce) {
  // The read began after the commit: the page has 6, and its announcement is a duplicate.
  Output out;
  StreamCursor cursor(5);
  EXPECT_EQ(cursor.on_live(event(6), out), Next::wait);
  EXPECT_EQ(cursor.on_page(page(6, {6}), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(6), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(6, 6));
}

TEST(StreamCursor, BoundaryStoreLackingTheAnnouncedEventBreaksTheCursor) {
  // A read begun after an announcement must have the announced event. When two reads in a row
  // lack it, the store and the bus disagree: reading again would loop and waiting would stall,
  // so the cursor gives up and the owner ends the subscription (the client resumes).
  Output out;
  StreamCursor cursor(5);
  ASSERT_EQ(cursor.on_live(event(6), out), Next::wait);
  ASSERT_EQ(cursor.on_page(page(5, {}), out), Next::read);
  EXPECT_EQ(cursor.on_page(page(5, {}), out), Next::broken);
  EXPECT_FALSE(cursor.reading());
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(cursor.delivered(), 5);
  // Broken for good: neither room nor later events start it again.
  EXPECT_EQ(cursor.on_room(out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(6), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(7), out), Next::wait);
  EXPECT_TRUE(out.sent.empty());
}

TEST(StreamCursor, BoundaryGuardCountsOnlyReadsInARow) {
  // One fruitless read, then a fruitful one, then one fruitless read again: each fruitless read
  // is the first of its run, so the cursor reads again each time.
  Output out;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_live(event(1), out), Next::wait);
  ASSERT_EQ(cursor.on_page(page(0, {}), out), Next::read);
  ASSERT_EQ(cursor.on_page(page(1, {1}), out), Next::wait);
  ASSERT_EQ(cursor.on_live(event(3), out), Next::read);
  ASSERT_EQ(cursor.on_live(event(4), out), Next::wait);
  EXPECT_EQ(cursor.on_page(page(1, {}), out), Next::read);
  EXPECT_EQ(cursor.on_page(page(4, {2, 3, 4}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 4));
}

// --- pacing ---

TEST(StreamCursor, AFullQueuePausesTheReplayWithoutReadingOrDropping) {
  Output out;
  out.room = 2;
  StreamCursor cursor(0);
  EXPECT_EQ(cursor.on_page(page(5, {1, 2, 3, 4, 5}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 2));
  EXPECT_FALSE(cursor.reading());
  EXPECT_EQ(cursor.delivered(), 2);
  // Still no room: nothing moves, nothing is read.
  EXPECT_EQ(cursor.on_room(out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 2));
  EXPECT_FALSE(cursor.reading());
}

TEST(StreamCursor, RoomResumesFromThePageInHandWithoutAStoreRead) {
  Output out;
  out.room = 2;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_page(page(5, {1, 2, 3, 4, 5}), out), Next::wait);
  out.room = 2;
  EXPECT_EQ(cursor.on_room(out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 4));
  EXPECT_FALSE(cursor.reading());
  out.room = Output::unlimited;
  EXPECT_EQ(cursor.on_room(out), Next::wait);  // the page was the head: nothing more to read
  EXPECT_EQ(out.seqs(), range(1, 5));
  EXPECT_FALSE(cursor.reading());
}

TEST(StreamCursor, RoomReadsTheNextPageOnceThePageInHandIsSent) {
  Output out;
  out.room = 2;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_page(page(8, {1, 2, 3, 4}), out), Next::wait);
  out.room = 1;
  EXPECT_EQ(cursor.on_room(out), Next::wait);  // 4 is still in hand
  EXPECT_EQ(out.seqs(), range(1, 3));
  out.room = 10;
  EXPECT_EQ(cursor.on_room(out), Next::read);  // the page is spent and 8 is the head
  EXPECT_TRUE(cursor.reading());
  EXPECT_EQ(cursor.delivered(), 4);
  EXPECT_EQ(cursor.on_page(page(8, {5, 6, 7, 8}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 8));
}

TEST(StreamCursor, LiveEventsWhilePausedComeAfterTheBacklog) {
  Output out;
  out.room = 1;
  StreamCursor cursor(0);
  ASSERT_EQ(cursor.on_page(page(3, {1, 2, 3}), out), Next::wait);
  ASSERT_EQ(out.seqs(), range(1, 1));
  // 4 and 5 are live while 2 and 3 wait for room: neither may overtake them, and no read
  // starts while the page is still in hand.
  EXPECT_EQ(cursor.on_live(event(4), out), Next::wait);
  EXPECT_EQ(cursor.on_live(event(5), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 1));
  EXPECT_FALSE(cursor.reading());
  out.room = Output::unlimited;
  // The backlog goes out, then the store brings what was announced meanwhile.
  EXPECT_EQ(cursor.on_room(out), Next::read);
  EXPECT_EQ(out.seqs(), range(1, 3));
  EXPECT_EQ(cursor.delivered(), 3);
  EXPECT_EQ(cursor.on_page(page(5, {4, 5}), out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 5));
}

TEST(StreamCursor, RoomWhileNothingIsPausedDoesNothing) {
  Output out;
  StreamCursor cursor(0);
  EXPECT_EQ(cursor.on_room(out), Next::wait);  // while the first read is under way
  EXPECT_TRUE(cursor.reading());
  EXPECT_TRUE(out.sent.empty());
  ASSERT_EQ(cursor.on_page(page(2, {1, 2}), out), Next::wait);
  EXPECT_EQ(cursor.on_room(out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 2));
}

// --- a store that breaks its promise ---

TEST(StreamCursor, AHoleInsideAPageBreaksTheCursorWithoutSendingOutOfOrder) {
  Output out;
  StreamCursor cursor(0);
  // 3 is missing from the page: 4 and 5 must not go out after 2.
  EXPECT_EQ(cursor.on_page(page(5, {1, 2, 4, 5}), out), Next::broken);
  EXPECT_EQ(out.seqs(), range(1, 2));
  EXPECT_EQ(cursor.delivered(), 2);
  EXPECT_FALSE(cursor.reading());
  EXPECT_EQ(cursor.on_live(event(6), out), Next::wait);
  EXPECT_EQ(cursor.on_room(out), Next::wait);
  EXPECT_EQ(out.seqs(), range(1, 2));
}

TEST(StreamCursor, AHoleAtTheStartOfAPageSendsNothing) {
  Output out;
  StreamCursor cursor(0);
  EXPECT_EQ(cursor.on_page(page(3, {2, 3}), out), Next::broken);
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(cursor.delivered(), 0);
}

// --- random interleavings ---

// One stream around one cursor, in time steps. An event commits at one step; its announcement
// arrives at a later step, in commit order, or never (the bus is at-most-once), or twice. A read
// takes its snapshot at the step it starts and answers at a later one, so it sees exactly the
// events committed before it started, at most `page_limit` of them. The queue's room comes and
// goes, and every change of it is followed by on_room(). The last event's announcement is never
// dropped: nothing could tell anyone about a lost last event until the next one commits.
class CursorModel {
 public:
  explicit CursorModel(unsigned seed)
      : rng_(seed),
        total_(uniform(1, 40)),
        committed_(uniform(0, total_)),
        since_(chance(0.5) ? committed_ : uniform(0, committed_)),  // often at the head
        page_limit_(uniform(1, 8)),
        room_max_(static_cast<std::size_t>(uniform(1, 5))),
        cursor_(since_),
        read_(Read{since_, std::nullopt}),
        known_(since_) {
    out_.room = static_cast<std::size_t>(uniform(0, static_cast<int>(room_max_)));
  }

  void run() {
    const int steps = uniform(0, 200);
    for (int step = 0; step < steps && !::testing::Test::HasFailure(); ++step) {
      // Weighted so that reads often stay open while events commit and are announced.
      switch (uniform(0, 9)) {
        case 0:
        case 1:
        case 2:
          commit();
          break;
        case 3:
        case 4:
        case 5:
          announce();
          break;
        case 6:
          start_read();
          break;
        case 7:
          finish_read();
          break;
        default:
          out_.room = static_cast<std::size_t>(uniform(0, static_cast<int>(room_max_)));
          follow(cursor_.on_room(out_));
          break;
      }
      check_not_stalled();
    }
    settle();
  }

 private:
  struct Read {
    Seq after;
    std::optional<Seq> snapshot;  // taken when the read starts
  };

  int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  void commit() {
    if (committed_ == total_) return;
    ++committed_;
    if (committed_ < total_ && chance(0.3)) return;  // lost on the bus
    bus_.push_back(committed_);
    if (chance(0.15)) bus_.push_back(committed_);  // and sometimes said twice
  }

  void announce() {
    if (bus_.empty()) return;
    const auto seq = bus_.front();
    bus_.pop_front();
    known_ = std::max(known_, seq);
    follow(cursor_.on_live(event(seq), out_));
  }

  void start_read() {
    if (read_ && !read_->snapshot) read_->snapshot = committed_;
  }

  void finish_read() {
    if (!read_ || !read_->snapshot) return;
    const auto [after, snapshot] = *std::exchange(read_, std::nullopt);
    std::vector<Seq> seqs;
    for (Seq seq = after + 1; seq <= *snapshot && seqs.size() < page_limit_; ++seq) {
      seqs.push_back(seq);
    }
    known_ = std::max(known_, *snapshot);
    follow(cursor_.on_page(page(*snapshot, seqs), out_));
  }

  void follow(Next next) {
    EXPECT_NE(next, Next::broken) << "a store that keeps its promises never breaks the cursor";
    if (next == Next::read) {
      // One read at a time, from what was delivered.
      EXPECT_FALSE(read_.has_value()) << "a second read while one is under way";
      read_ = Read{cursor_.delivered(), std::nullopt};
    }
    EXPECT_EQ(cursor_.reading(), read_.has_value());
  }

  // Whenever the cursor neither reads nor waits for room, it has delivered all it was told of.
  void check_not_stalled() {
    if (read_ || out_.room == 0) return;
    EXPECT_GE(cursor_.delivered(), known_) << "stalled: told of " << known_ << ", delivered "
                                           << cursor_.delivered() << ", no read under way";
  }

  void settle() {
    while (committed_ < total_) commit();
    out_.room = Output::unlimited;
    follow(cursor_.on_room(out_));
    for (int guard = 0; (read_ || !bus_.empty()) && !::testing::Test::HasFailure(); ++guard) {
      ASSERT_LT(guard, 10'000) << "the reads do not end";
      switch (uniform(0, 2)) {
        case 0:
          announce();
          break;
        case 1:
          start_read();
          break;
        case 2:
          finish_read();
          break;
      }
      check_not_stalled();
    }
    EXPECT_FALSE(cursor_.reading());
    EXPECT_EQ(cursor_.delivered(), total_);
    EXPECT_EQ(out_.seqs(), range(since_ + 1, total_));
  }

  std::mt19937 rng_;
  Seq total_;
  Seq committed_;
  Seq since_;
  std::size_t page_limit_;
  std::size_t room_max_;
  Output out_;
  StreamCursor cursor_;
  std::optional<Read> read_;  // the cursor starts reading
  std::deque<Seq> bus_;       // announcements on their way, in commit order
  Seq known_;                 // the newest seq the cursor was told of, by the bus or a page
};

TEST(StreamCursor, RandomInterleavingsDeliverEverythingOnceInOrder) {
  for (unsigned seed = 1; seed <= 2000; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    CursorModel(seed).run();
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace samrad::service
