// The stream under a WebSocket session's websocket::stream. Beast reads client frames through
// it straight from the TCP socket; every write, Beast's own (the handshake answer, pings, pongs,
// the close frame) as well as the session's messages, goes through the one SendQueue, so the
// queue owns every byte on the wire.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "net/beast.hpp"
#include "net/send_queue.hpp"

namespace samrad::net {

class QueuedSocket {
 public:
  using executor_type = tcp::socket::executor_type;

  QueuedSocket(tcp::socket socket, SendQueue::Bounds bounds, SendQueue::Owner& owner)
      : socket_(std::move(socket)), queue_(socket_, bounds, owner) {}
  QueuedSocket(const QueuedSocket&) = delete;
  QueuedSocket& operator=(const QueuedSocket&) = delete;

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  tcp::socket& socket() noexcept { return socket_; }
  SendQueue& queue() noexcept { return queue_; }
  const SendQueue& queue() const noexcept { return queue_; }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return socket_.async_read_some(buffers, std::forward<Token>(token));
  }

  // The peer closed with a code no endpoint may send (5000 and up, RFC 6455 7.4.2). Beast
  // refuses the other unassigned codes itself but echoes these: its close frame, the next one
  // written, is replaced by a protocol error (1002).
  void refuse_next_close() noexcept { refuse_close_ = true; }

  // Beast's writes are few and small: copied into a frame of their own and queued.
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return asio::async_initiate<Token, void(beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& bytes) {
          std::string frame = beast::buffers_to_string(bytes);
          const std::size_t written = frame.size();  // what Beast asked for, either way
          if (refuse_close_ && is_close_frame(frame)) {
            refuse_close_ = false;
            frame = protocol_error_close_frame();
          }
          queue_.send_control(
              bus::WireFrame::raw(std::move(frame)),
              [written, handler = std::move(handler)](beast::error_code ec, std::size_t) mutable {
                std::move(handler)(ec, ec ? 0 : written);
              });
        },
        token, buffers);
  }

 private:
  // A server frame is unmasked: FIN and the close opcode in the first byte.
  static bool is_close_frame(std::string_view frame) noexcept {
    return !frame.empty() && static_cast<unsigned char>(frame.front()) == 0x88;
  }
  static std::string protocol_error_close_frame() {
    constexpr std::string_view reason = "close code not allowed";
    std::string frame{char(0x88), char(2 + reason.size()), char(1002 >> 8), char(1002 & 0xff)};
    frame += reason;
    return frame;
  }

  tcp::socket socket_;
  SendQueue queue_;
  bool refuse_close_ = false;
};

// Beast's customisation points for a stream of its own kind: a timeout closes the socket, and
// the close handshake ends as on a plain TCP socket (after the close frame left the queue).
inline void beast_close_socket(QueuedSocket& stream) {
  beast::error_code ignored;
  stream.socket().close(ignored);
}

template <class Handler>
void async_teardown(beast::role_type role, QueuedSocket& stream, Handler&& handler) {
  websocket::async_teardown(role, stream.socket(), std::forward<Handler>(handler));
}

using WebSocketStream = websocket::stream<QueuedSocket>;

}  // namespace samrad::net
