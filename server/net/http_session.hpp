// One HTTP connection: reads requests with bounded size, routes them to the API, the static
// web client or the WebSocket upgrade (which it authorises before handing over the socket).
#pragma once

#include <memory>
#include <optional>

#include "net/address_leases.hpp"
#include "net/beast.hpp"

namespace samrad::net {

struct NetContext;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, NetContext& context, AddressLeases::Lease lease);
  void run();
  // Thread-safe: close the connection (server shutdown).
  void shut_down();

 private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void upgrade(http::request<http::string_body> request);
  void respond(http::message_generator response);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void close();

  beast::tcp_stream stream_;
  NetContext& context_;
  AddressLeases::Lease lease_;  // passes to the WebSocket at an upgrade
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace samrad::net
