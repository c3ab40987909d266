// TCP accept loop (see listener.hpp).
#include "net/listener.hpp"

#include <spdlog/spdlog.h>

#include "net/http_session.hpp"
#include "net/net_context.hpp"

namespace samrad::net {

Listener::Listener(asio::io_context& io, tcp::endpoint endpoint, NetContext& context)
    : io_(io), acceptor_(asio::make_strand(io)), context_(context) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

std::uint16_t Listener::port() const {
  return acceptor_.local_endpoint().port();
}

void Listener::start() {
  do_accept();
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::do_accept() {
  acceptor_.async_accept(asio::make_strand(io_),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Typically out of file descriptors: keep serving the connections we have.
    spdlog::warn("http: accept failed: {}", ec.message());
  } else {
    // Answers and events are small writes that must leave at once: without this, Nagle's
    // algorithm holds one back until the client's delayed ACK (about 40 ms) whenever an earlier
    // write is still unacknowledged, e.g. when requests are pipelined.
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    const auto peer = socket.remote_endpoint(ignored);
    if (auto lease = ignored ? std::nullopt : context_.addresses.take(peer.address().to_string())) {
      auto session = std::make_shared<HttpSession>(std::move(socket), context_, std::move(*lease));
      if (context_.registry.add(session)) session->run();
    } else {
      // Debug only: a flood of these would otherwise flood the log too.
      spdlog::debug("http: refused a connection from {}: too many open",
                    peer.address().to_string());
      socket.close(ignored);
    }
  }
  do_accept();
}

}  // namespace samrad::net
