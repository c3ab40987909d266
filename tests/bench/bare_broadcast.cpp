// bare_broadcast: the benchmark's baseline, a WebSocket broadcast server in the shape of
// Beast's chat-multi example and nothing else (no auth, no store, no protocol). Every message a
// session receives is wrapped once in a shared_ptr<const std::string> and queued to every
// session, the sender included; each session has one async_write in flight at a time.
// Usage: bare_broadcast PORT (0: any free port); prints "listening on PORT".
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

class Session;

// The sessions to broadcast to. One thread runs everything, so no mutex.
class SharedState {
 public:
  void join(Session* session) { sessions_.insert(session); }
  void leave(Session* session) { sessions_.erase(session); }
  void send(std::string message);

 private:
  std::unordered_set<Session*> sessions_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, SharedState& state) : ws_(std::move(socket)), state_(state) {}
  ~Session() { state_.leave(this); }

  void run() {
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->state_.join(self.get());
      self->read();
    });
  }

  void send(const std::shared_ptr<const std::string>& message) {
    queue_.push_back(message);
    if (queue_.size() == 1) write();
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->state_.send(beast::buffers_to_string(self->buffer_.data()));
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  void write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return;
                      self->queue_.erase(self->queue_.begin());
                      if (!self->queue_.empty()) self->write();
                    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  SharedState& state_;
  beast::flat_buffer buffer_;
  std::vector<std::shared_ptr<const std::string>> queue_;
};

void SharedState::send(std::string message) {
  const auto shared = std::make_shared<const std::string>(std::move(message));
  // A copy, as chat-multi does: a failed write may end a session while we iterate.
  const std::vector<std::weak_ptr<Session>> targets = [&] {
    std::vector<std::weak_ptr<Session>> list;
    list.reserve(sessions_.size());
    for (auto* session : sessions_) list.push_back(session->weak_from_this());
    return list;
  }();
  for (const auto& target : targets) {
    if (auto session = target.lock()) session->send(shared);
  }
}

void accept(tcp::acceptor& acceptor, SharedState& state) {
  acceptor.async_accept([&acceptor, &state](beast::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<Session>(std::move(socket), state)->run();
    accept(acceptor, state);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bare_broadcast PORT\n";
    return 2;
  }
  asio::io_context io(1);
  SharedState state;
  tcp::acceptor acceptor(
      io, {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(argv[1]))});
  std::cout << "listening on " << acceptor.local_endpoint().port() << std::endl;
  accept(acceptor, state);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](beast::error_code, int) { io.stop(); });
  io.run();
}
