// The WebSocket's send queue (see send_queue.hpp).
#include "net/send_queue.hpp"

#include <spdlog/spdlog.h>

namespace samrad::net {

SendQueue::SendQueue(WebSocketStream& ws, Bounds bounds, Owner& owner)
    : ws_(ws), bounds_(bounds), owner_(owner) {}

void SendQueue::send(bus::Frame frame) {
  if (closing_) return;
  // One frame always fits an empty queue: frames are bounded by the protocol's own limits.
  if (!frames_.empty() &&
      (frames_.size() >= bounds_.max_frames || bytes_ + frame->size() > bounds_.max_bytes)) {
    spdlog::warn("websocket: too slow for its send queue ({} frames, {} bytes), cut with resume",
                 frames_.size(), bytes_);
    return close(websocket::close_reason(close_code_resume, "too slow; resume"));
  }
  bytes_ += frame->size();
  frames_.push_back(std::move(frame));
  if (!writing_) write_next();
}

bool SendQueue::has_room_for_replay(std::size_t bytes) const noexcept {
  return frames_.empty() ||
         (frames_.size() < bounds_.max_frames / 2 && bytes_ + bytes <= bounds_.max_bytes / 2);
}

void SendQueue::close(websocket::close_reason reason) {
  if (closing_) return;
  closing_ = true;
  // Drop what is not yet on the wire: the client resumes from the store.
  while (frames_.size() > (writing_ ? 1u : 0u)) {
    bytes_ -= frames_.back()->size();
    frames_.pop_back();
  }
  if (writing_) {
    close_after_write_ = reason;
    return;
  }
  send_close(reason);
}

void SendQueue::write_next() {
  writing_ = true;
  ws_.async_write(
      asio::buffer(*frames_.front()),
      [this, keep = owner_.lifeline()](beast::error_code ec, std::size_t) { on_written(ec); });
}

void SendQueue::on_written(beast::error_code ec) {
  writing_ = false;
  bytes_ -= frames_.front()->size();
  frames_.pop_front();
  if (ec) {
    frames_.clear();
    bytes_ = 0;
    closing_ = true;
    return owner_.on_send_finished();
  }
  if (closing_) {
    if (close_after_write_) send_close(*std::exchange(close_after_write_, std::nullopt));
    return;
  }
  if (!frames_.empty()) write_next();
  if (frames_.size() <= bounds_.max_frames / 4 && bytes_ <= bounds_.max_bytes / 4) {
    owner_.on_send_room();
  }
}

void SendQueue::send_close(websocket::close_reason reason) {
  ws_.async_close(
      reason, [this, keep = owner_.lifeline()](beast::error_code) { owner_.on_send_finished(); });
}

}  // namespace samrad::net
