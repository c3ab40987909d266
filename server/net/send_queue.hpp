// The only code that writes to a WebSocket's socket: a bounded queue of shared, ready-made frames
// (bus::WireFrame, header included), written as many at a time as fit one gathered write, with
// at most one write in flight. The WebSocket library's own bytes (the handshake answer, pings,
// pongs, the close frame) come through the same queue (see queued_socket.hpp), so nothing ever
// interleaves with a frame half written. A reader too slow for its queue is reported to the
// owner, who cuts it with 4000 "resume", the way Redis cuts a pub/sub client past its output
// buffer limit; it loses nothing, because it resumes from the store.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>

#include "bus/frame.hpp"
#include "net/beast.hpp"

namespace samrad::net {

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
  // Asio's own limit of buffers in one gathered write (one writev).
  static constexpr std::size_t max_frames_per_write = 64;
  static constexpr std::size_t max_bytes_per_write = 256 * 1024;

  // What the queue tells the connection that owns it. Called on the connection's strand.
  class Owner {
   public:
    virtual ~Owner() = default;
    // Keeps the owner (and so the queue and the socket) alive while a write is under way.
    virtual std::shared_ptr<void> lifeline() = 0;
    // The queue fell to a quarter of its bounds after refusing room for a replayed frame: the
    // paused replay may go on.
    virtual void on_send_room() = 0;
    // A frame did not fit the bounds and was not queued: the reader is too slow.
    virtual void on_send_overflow() = 0;
    // A write failed: nothing more will be written.
    virtual void on_send_failed() = 0;
    // Everything queued is on the wire, as asked for by notify_when_sent().
    virtual void on_all_sent() = 0;
  };

  using WriteDone = boost::asio::any_completion_handler<void(beast::error_code, std::size_t)>;

  SendQueue(tcp::socket& socket, Bounds bounds, Owner& owner);

  // Queues a message behind the others. Past the bounds it is not queued and the owner is told.
  void send(bus::Frame frame);
  // Between hold() and release() messages are only queued, so that several batches handed over
  // together leave in one gathered write; release() starts it. Control bytes are never held
  // (a write they start takes the held messages along).
  void hold() noexcept { held_ = true; }
  void release();
  // Queues the WebSocket library's own bytes ahead of the messages not yet begun, never bounded
  // or dropped; done is called (through the socket's executor) once they are written. The
  // library has at most one such write outstanding.
  void send_control(bus::Frame bytes, WriteDone done);
  // True when a replayed frame of this size fits within half the bounds (always, when empty):
  // replay stops there, so only a reader slower than the live events is ever cut.
  bool has_room_for_replay(std::size_t bytes) const noexcept;
  // Drops the messages not yet begun on the wire and takes no more; control bytes still go out
  // (the close frame follows).
  void stop_messages();
  bool all_sent() const noexcept { return queued_frames() == 0; }
  // The owner's on_all_sent() follows once the queue has emptied (call it when not all_sent()).
  void notify_when_sent() noexcept { notify_when_sent_ = true; }

 private:
  void write_some();
  void on_written(beast::error_code ec, std::size_t written);
  void complete_control(beast::error_code ec);
  std::size_t queued_frames() const noexcept { return frames_.size() - head_; }
  // Where the first frame not yet begun on the wire is.
  std::size_t first_unstarted() const noexcept;

  tcp::socket& socket_;
  Bounds bounds_;
  Owner& owner_;
  // frames_[head_] is the next to write, offset_ bytes of it already written. A vector with a
  // moving head: no allocation per frame, and the storage is reused once the queue empties.
  std::vector<bus::Frame> frames_;
  std::size_t head_ = 0;
  std::size_t offset_ = 0;
  std::size_t in_flight_ = 0;  // frames from head_ that the write under way covers
  std::size_t message_bytes_ = 0;
  // The library's bytes in the queue, and who waits for them.
  const bus::WireFrame* control_ = nullptr;
  std::size_t control_bytes_ = 0;
  WriteDone control_done_;
  bool messages_stopped_ = false;
  // A replayed frame was refused room: the owner is told once the queue has drained enough.
  mutable bool replay_paused_ = false;
  bool notify_when_sent_ = false;
  bool failed_ = false;
  bool held_ = false;
};

}  // namespace samrad::net
