// Where one subscriber stands in one stream, and how it gets the rest: it merges the replay from
// the store with live events from the bus so the subscriber receives every event after `since`
// exactly once and in seq order (DESIGN.md rule 2), and paces the replay by the room in the
// connection's send queue. Socket-free and single-threaded: its owner calls it on one strand.
#pragma once

#include <cstddef>
#include <vector>

#include "bus/bus.hpp"
#include "domain/types.hpp"

namespace samrad::service {

// One page of a stream as the service read it: frames encoded once per read.
struct FramePage {
  domain::Seq head_seq = 0;  // the stream's newest seq when the page was read
  std::string epoch;         // the history those seqs belong to (store::StreamPage::epoch)
  std::vector<bus::EncodedEvent> events;
};

// Where a cursor's frames go: the connection's send queue.
class CursorOutput {
 public:
  virtual ~CursorOutput() = default;
  // True when a replayed frame of this size may be queued now; false pauses the replay until
  // the owner calls on_room(). Live frames are not asked about: the queue's hard bound cuts a
  // reader too slow for them.
  virtual bool has_room_for_replay(std::size_t bytes) const = 0;
  virtual void send(const bus::Frame& frame) = 0;
};

class StreamCursor {
 public:
  // What the owner must do after a call: nothing; start a store read of the page after
  // delivered() and hand its result to on_page(); or give the subscription up because the store
  // and the bus disagree (a page with a hole, or twice without an event the bus announced) and
  // the subscriber should resume from what it has.
  enum class Next { wait, read, broken };

  // The first read is the owner's to start: a new cursor is reading.
  explicit StreamCursor(domain::Seq since) : delivered_(since), announced_(since) {}

  Next on_page(FramePage page, CursorOutput& out);
  Next on_live(const bus::EncodedEvent& event, CursorOutput& out);
  Next on_room(CursorOutput& out);

  domain::Seq delivered() const noexcept { return delivered_; }
  bool reading() const noexcept { return reading_; }

 private:
  Next pump(CursorOutput& out);
  bool has_backlog() const noexcept { return next_ < backlog_.size(); }
  void release_backlog();

  domain::Seq delivered_;                   // the subscriber has every event up to here
  domain::Seq announced_;                   // the newest seq known to exist (bus or store)
  bool reading_ = true;                     // a store read is under way; live events wait for it
  std::vector<bus::EncodedEvent> backlog_;  // the page in hand: from next_ on, not yet sent
  std::size_t next_ = 0;
  int fruitless_reads_ = 0;  // reads in a row that brought nothing new
  bool broken_ = false;
};

}  // namespace samrad::service
