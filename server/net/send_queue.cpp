// The WebSocket's send queue (see send_queue.hpp).
#include "net/send_queue.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/container/static_vector.hpp>

namespace samrad::net {

namespace {
// Storage kept when the queue empties; more than this is given back, so a connection idle after
// a burst holds little.
constexpr std::size_t kept_capacity = 64;
}  // namespace

SendQueue::SendQueue(tcp::socket& socket, Bounds bounds, Owner& owner)
    : socket_(socket), bounds_(bounds), owner_(owner) {}

void SendQueue::send(bus::Frame frame) {
  if (messages_stopped_ || failed_) return;
  // One frame always fits an empty queue: frames are bounded by the protocol's own limits.
  if (queued_frames() > 0 && (queued_frames() >= bounds_.max_frames ||
                              message_bytes_ + frame->size() > bounds_.max_bytes)) {
    spdlog::warn("websocket: too slow for its send queue ({} frames, {} bytes)", queued_frames(),
                 message_bytes_);
    return owner_.on_send_overflow();
  }
  message_bytes_ += frame->size();
  frames_.push_back(std::move(frame));
  if (in_flight_ == 0 && !held_) write_some();
}

void SendQueue::release() {
  held_ = false;
  if (in_flight_ == 0) write_some();
}

void SendQueue::send_control(bus::Frame bytes, WriteDone done) {
  if (failed_) {
    control_done_.swap(done);  // Boost 1.81's move assignment recurses
    control_bytes_ = 0;
    return complete_control(asio::error::broken_pipe);
  }
  control_ = bytes.get();
  control_bytes_ = bytes->size();
  control_done_.swap(done);  // Boost 1.81's move assignment recurses
  // Ahead of the queued messages, at the first frame boundary not yet on the wire: a pong is not
  // kept behind megabytes of a slow reader's backlog.
  frames_.insert(frames_.begin() + static_cast<std::ptrdiff_t>(first_unstarted()),
                 std::move(bytes));
  if (in_flight_ == 0) write_some();
}

bool SendQueue::has_room_for_replay(std::size_t bytes) const noexcept {
  const bool room = queued_frames() == 0 || (queued_frames() < bounds_.max_frames / 2 &&
                                             message_bytes_ + bytes <= bounds_.max_bytes / 2);
  if (!room) replay_paused_ = true;
  return room;
}

void SendQueue::stop_messages() {
  messages_stopped_ = true;
  // What the write under way covers stays (its buffers are in use, and a frame begun must be
  // finished); after it only the library's own bytes are kept.
  auto kept = frames_.begin() + static_cast<std::ptrdiff_t>(first_unstarted());
  for (auto it = kept; it != frames_.end(); ++it) {
    if (it->get() == control_) {
      *kept++ = std::move(*it);
    } else {
      message_bytes_ -= (*it)->size();
    }
  }
  frames_.erase(kept, frames_.end());
}

std::size_t SendQueue::first_unstarted() const noexcept {
  return head_ + std::max<std::size_t>(in_flight_, offset_ > 0 ? 1 : 0);
}

void SendQueue::write_some() {
  if (queued_frames() == 0 || failed_) return;
  boost::container::static_vector<asio::const_buffer, max_frames_per_write> buffers;
  std::size_t bytes = 0;
  for (auto i = head_; i < frames_.size() && buffers.size() < buffers.capacity(); ++i) {
    auto view = frames_[i]->bytes();
    if (i == head_) view.remove_prefix(offset_);
    if (!buffers.empty() && bytes + view.size() > max_bytes_per_write) break;
    buffers.emplace_back(view.data(), view.size());
    bytes += view.size();
  }
  in_flight_ = buffers.size();
  socket_.async_write_some(
      buffers, [this, keep = owner_.lifeline()](beast::error_code ec, std::size_t written) {
        on_written(ec, written);
      });
}

void SendQueue::on_written(beast::error_code ec, std::size_t written) {
  in_flight_ = 0;
  if (ec) {
    failed_ = true;
    frames_.clear();
    head_ = offset_ = message_bytes_ = 0;
    if (control_) {
      control_bytes_ = 0;
      complete_control(ec);
    }
    return owner_.on_send_failed();
  }
  bool control_written = false;
  while (written > 0) {
    const auto& frame = frames_[head_];
    const auto rest = frame->size() - offset_;
    if (written < rest) {
      offset_ += written;
      break;
    }
    written -= rest;
    offset_ = 0;
    if (frame.get() == control_) {
      control_written = true;
    } else {
      message_bytes_ -= frame->size();
    }
    frames_[head_++].reset();
  }
  if (head_ == frames_.size()) {
    frames_.clear();
    head_ = 0;
    if (frames_.capacity() > kept_capacity) frames_.shrink_to_fit();
  } else if (head_ >= kept_capacity && head_ * 2 >= frames_.size()) {
    frames_.erase(frames_.begin(), frames_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  write_some();
  if (control_written) complete_control({});
  if (replay_paused_ && !messages_stopped_ && queued_frames() <= bounds_.max_frames / 4 &&
      message_bytes_ <= bounds_.max_bytes / 4) {
    replay_paused_ = false;
    owner_.on_send_room();
  }
  if (notify_when_sent_ && all_sent()) {
    notify_when_sent_ = false;
    owner_.on_all_sent();
  }
}

void SendQueue::complete_control(beast::error_code ec) {
  control_ = nullptr;
  // Posted, never called from inside the library's own call into the queue.
  asio::post(socket_.get_executor(),
             [done = std::move(control_done_), ec, bytes = control_bytes_]() mutable {
               std::move(done)(ec, bytes);
             });
}

}  // namespace samrad::net
