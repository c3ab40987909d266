// The network layer's public face: one port serving the web client, the HTTP API and the
// WebSocket endpoint. Nothing of Beast or Asio shows here, so app/ compiles without them.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bus/bus.hpp"
#include "net/token_bucket.hpp"
#include "service/account_service.hpp"
#include "service/api_token_service.hpp"
#include "service/consultation_service.hpp"
#include "service/record_log.hpp"

namespace samrad::net {

struct NetOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 8080;                 // 0: an ephemeral port
  std::string static_dir;                    // the built web client; empty: no static files
  std::vector<std::string> allowed_origins;  // exact matches, e.g. "https://samrad.example.se"
  // Reverse proxies (IP addresses) whose X-Forwarded-For is believed: a request through one is
  // from the address the proxy saw, for the audit log and for login throttling.
  std::vector<std::string> trusted_proxies;
  // Room for a round's proposal (at most 200,000 bytes of text) in a create_round request.
  std::size_t max_message_bytes = 256 * 1024;
  // Bytes queued for one WebSocket beyond which it is cut with 4000 "resume" (slow consumer).
  std::size_t max_send_queue_bytes = 8 * 1024 * 1024;
  std::size_t io_threads = 2;
  // A connection gets events at most once per interval, those of the interval in one write (see
  // DeliveryInbox); 0 sends each at once.
  std::chrono::milliseconds delivery_interval{20};
  bool cookie_secure = false;  // set the Secure flag on the session cookie (behind TLS)
  int session_lifetime_seconds = 12 * 3600;
  std::size_t max_connections_per_person = 16;
  // Open connections (HTTP and WebSocket) from one network address, trusted proxies aside: past
  // it a new connection is closed at once. Room for a municipality behind one NAT address.
  std::size_t max_connections_per_address = 256;
  // Time a connection has to send a whole HTTP request, from its opening or from the answer to
  // its previous one: an idle or dribbling connection that has not upgraded is cut after it.
  std::chrono::seconds request_timeout{10};
  // WebSocket requests one connection, and one person over all their connections, may send:
  // past these, a request is answered rate_limited with the time to wait. A person reading and
  // posting never comes near them; a reconnecting page sends a dozen at once.
  RateLimit requests_per_connection = {.per_second = 10, .burst = 40};
  RateLimit requests_per_person = {.per_second = 20, .burst = 80};
  // How often every open WebSocket's session is checked against the store, so that a session
  // ended by another process (`samrad admin`) or by expiry closes its connections (4001), and a
  // person whose role changed reconnects as who they are now (4002).
  int session_check_ms = 1000;
};

class Server {
 public:
  // Sessions subscribe to streams on the bus; the service publishes committed events to it.
  Server(NetOptions options, service::ConsultationService& service,
         service::AccountService& accounts, service::ApiTokenService& tokens,
         service::RecordLog& records, bus::Bus& bus);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port. Throws on failure (start-up).
  std::uint16_t listen();
  // Serves until SIGINT/SIGTERM, then shuts down cleanly: stops accepting, closes WebSockets
  // with "going away", closes idle HTTP connections, and returns once the I/O threads end.
  void run_until_signalled();

 private:
  void wait_for_connections_to_close(std::chrono::steady_clock::time_point deadline);
  // Once the I/O threads have ended.
  void answer_on_the_writer_thread();

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samrad::net
