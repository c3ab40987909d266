// Accepts TCP connections and starts an HttpSession for each.
#pragma once

#include <memory>

#include "net/beast.hpp"

namespace samrad::net {

struct NetContext;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& io, tcp::endpoint endpoint, NetContext& context);
  std::uint16_t port() const;
  void start();
  void stop();  // thread-safe

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  NetContext& context_;
};

}  // namespace samrad::net
