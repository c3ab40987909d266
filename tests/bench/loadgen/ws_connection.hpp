// One client WebSocket, written by hand for the load generator (RFC 6455, text frames only):
// thousands of these share one thread, so each costs a socket and two small strings. Beast's
// websocket::stream would cost several KiB of buffers per connection and its handshake and
// per-message machinery would make the generator, not the server, the bottleneck.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace samrad::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// The HTTP upgrade request for a WebSocket at path, with optional Origin and Cookie headers.
std::string upgrade_request(const tcp::endpoint& server, std::string_view path,
                            std::string_view origin, std::string_view cookie);

class WsConnection {
 public:
  // Called on the io_context's thread. After on_closed nothing more is called.
  class Handler {
   public:
    virtual void on_open(WsConnection& connection) = 0;  // the server answered 101
    virtual void on_text(WsConnection& connection, std::string_view message) = 0;
    virtual void on_closed(WsConnection& connection, const std::string& why) = 0;

   protected:
    ~Handler() = default;
  };

  WsConnection(asio::io_context& io, Handler& handler, std::size_t id);
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;

  // Connects and sends the upgrade request; the outcome arrives through the handler.
  void open(const tcp::endpoint& server, std::string request);
  // Queues one masked text frame; frames queued while a write is in flight go out together.
  void send_text(std::string_view message);
  // Drops the connection without a close handshake, like a lost network; no on_closed follows.
  void drop();

  std::size_t id() const { return id_; }
  bool is_open() const { return state_ == State::open; }

 private:
  enum class State { connecting, upgrading, open, closed };

  void wait_readable();
  void read_available();
  // Consumes what it can of data (handshake, then frames); returns the bytes used.
  std::size_t consume(std::string_view data);
  std::size_t consume_handshake(std::string_view data);
  std::size_t consume_frames(std::string_view data);
  void on_frame(unsigned opcode, bool fin, std::string_view payload);
  void queue_frame(unsigned opcode, std::string_view payload);
  void flush();
  void fail(const std::string& why);

  tcp::socket socket_;
  Handler& handler_;
  std::size_t id_;
  State state_ = State::connecting;
  bool writing_ = false;
  std::string unparsed_;   // the start of a frame (or handshake) not yet complete
  std::string fragments_;  // a fragmented message so far
  std::string pending_;    // frames to write next
  std::string in_flight_;  // frames being written
};

}  // namespace samrad::bench
