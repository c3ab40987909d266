// The only code that writes to a WebSocket: a bounded queue of shared frames with at most one
// write in flight, and the close frame after it. A reader too slow for its queue is cut with
// 4000 "resume", the way Redis cuts a pub/sub client past its output buffer limit; it loses
// nothing, because it resumes from the store.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>

#include "bus/bus.hpp"
#include "net/beast.hpp"

namespace samrad::net {

using WebSocketStream = websocket::stream<beast::tcp_stream>;

// Application close codes (protocol/README.md).
inline constexpr auto close_code_resume = static_cast<websocket::close_code>(4000);  // too slow
inline constexpr auto close_code_session_ended = static_cast<websocket::close_code>(4001);
// The person's role or organisation changed: reconnect, and the new welcome says who they are.
inline constexpr auto close_code_access_changed = static_cast<websocket::close_code>(4002);

class SendQueue {
 public:
  struct Bounds {
    std::size_t max_bytes;
    std::size_t max_frames;
  };

  // What the queue tells the connection that owns it. Called on the connection's strand.
  class Owner {
   public:
    virtual ~Owner() = default;
    // Keeps the owner (and so the queue and the stream) alive while a write is under way.
    virtual std::shared_ptr<void> lifeline() = 0;
    // The queue fell to a quarter of its bounds: a paused replay may go on.
    virtual void on_send_room() = 0;
    // The close frame went out, or a write failed: nothing more will be written.
    virtual void on_send_finished() = 0;
  };

  SendQueue(WebSocketStream& ws, Bounds bounds, Owner& owner);

  // Queues a frame behind the others. Past the bounds the connection is closed with 4000.
  void send(bus::Frame frame);
  // True when a replayed frame of this size fits within half the bounds (always, when empty):
  // replay stops there, so only a reader slower than the live events is ever cut.
  bool has_room_for_replay(std::size_t bytes) const noexcept;
  // Drops what is not on the wire and sends the close frame once the write in flight is done.
  void close(websocket::close_reason reason);
  bool closing() const noexcept { return closing_; }

 private:
  void write_next();
  void on_written(beast::error_code ec);
  void send_close(websocket::close_reason reason);

  WebSocketStream& ws_;
  Bounds bounds_;
  Owner& owner_;
  std::deque<bus::Frame> frames_;
  std::size_t bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  std::optional<websocket::close_reason> close_after_write_;
};

}  // namespace samrad::net
