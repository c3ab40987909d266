// The replay/live merge of one stream for one subscriber (see stream_cursor.hpp).
//
// The invariant that keeps it from stalling: whenever the cursor is neither reading nor paused,
// it has delivered everything announced, or it starts another read. A live event that arrives
// while a read is under way only raises `announced_`; if the read began before that event's
// commit, the page comes back without it and the cursor reads again.
#include "service/stream_cursor.hpp"

#include <algorithm>

namespace samrad::service {

StreamCursor::Next StreamCursor::on_page(FramePage page, CursorOutput& out) {
  reading_ = false;
  announced_ = std::max(announced_, page.head_seq);
  backlog_ = std::move(page.events);
  next_ = 0;
  const auto before = delivered_;
  const auto next = pump(out);
  if (next != Next::read || delivered_ != before) {
    fruitless_reads_ = 0;
    return next;
  }
  // A read taken just before an announced commit comes back without it once; the next one,
  // begun after the announcement and so after the commit, must have it. Twice nothing means
  // the store lacks what the bus announced: reading again would loop, waiting would stall.
  if (++fruitless_reads_ < 2) return next;
  reading_ = false;
  broken_ = true;
  return Next::broken;
}

StreamCursor::Next StreamCursor::on_live(const bus::EncodedEvent& event, CursorOutput& out) {
  if (broken_) return Next::wait;
  announced_ = std::max(announced_, event.seq);
  // While reading or paused, the store read (now or after the pause) brings this event too.
  if (reading_ || has_backlog() || event.seq <= delivered_) return Next::wait;
  if (event.frame && event.seq == delivered_ + 1) {
    out.send(event.frame);
    delivered_ = event.seq;
    return Next::wait;
  }
  reading_ = true;  // a gap, or an announcement of what the bus lost: the store fills it
  return Next::read;
}

StreamCursor::Next StreamCursor::on_room(CursorOutput& out) {
  if (broken_ || reading_ || !has_backlog()) return Next::wait;
  return pump(out);
}

StreamCursor::Next StreamCursor::pump(CursorOutput& out) {
  for (; has_backlog(); ++next_) {
    const auto& event = backlog_[next_];
    if (event.seq <= delivered_) continue;
    if (event.seq != delivered_ + 1) {  // a hole in a page: the store broke its promise
      release_backlog();
      broken_ = true;
      return Next::broken;
    }
    if (!out.has_room_for_replay(event.frame->size())) return Next::wait;
    out.send(event.frame);
    delivered_ = event.seq;
  }
  release_backlog();
  if (delivered_ >= announced_) return Next::wait;
  reading_ = true;
  return Next::read;
}

void StreamCursor::release_backlog() {
  // A page may be hundreds of events: an idle subscriber keeps none of it.
  backlog_ = {};
  next_ = 0;
}

}  // namespace samrad::service
