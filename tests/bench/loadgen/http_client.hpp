// HTTP/1.1 through Beast, for the few requests the benchmark makes outside WebSockets: logins
// and admin calls while setting up, and Nchan's publisher endpoint. Beast stays in http_client.cpp.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace samrad::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct HttpResponse {
  unsigned status = 0;
  std::string body;
  std::string session_cookie;  // "samrad_session=<token>" from Set-Cookie, if any
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One request on a connection of its own; a failure to connect or read is an exception.
asio::awaitable<HttpResponse> http_request(tcp::endpoint server, std::string method,
                                           std::string target, std::string body,
                                           HttpHeaders headers);

// A keep-alive connection that POSTs one message at a time to a publisher endpoint.
class HttpPublisher {
 public:
  // done gets the status, or 0 when the connection failed.
  using Done = std::function<void(unsigned status)>;

  HttpPublisher(asio::io_context& io, tcp::endpoint server, std::string target);
  ~HttpPublisher();
  HttpPublisher(const HttpPublisher&) = delete;
  HttpPublisher& operator=(const HttpPublisher&) = delete;

  bool busy() const;
  void publish(std::string body, Done done);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samrad::bench
