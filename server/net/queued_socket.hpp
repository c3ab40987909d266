// The stream under a WebSocket session's websocket::stream. Beast reads client frames through
// it straight from the TCP socket; every write, Beast's own (the handshake answer, pings, pongs,
// the close frame) as well as the session's messages, goes through the one SendQueue, so the
// queue owns every byte on the wire.
#pragma once

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

  // Beast's writes are few and small: copied into a frame of their own and queued.
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return asio::async_initiate<Token, void(beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& bytes) {
          queue_.send_control(bus::WireFrame::raw(beast::buffers_to_string(bytes)),
                              std::move(handler));
        },
        token, buffers);
  }

 private:
  tcp::socket socket_;
  SendQueue queue_;
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
