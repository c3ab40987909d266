// The sweep of open WebSockets (see session_watch.hpp).
#include "net/session_watch.hpp"

#include <spdlog/spdlog.h>

#include <unordered_map>
#include <unordered_set>

#include "net/net_context.hpp"

namespace samrad::net {

SessionWatch::SessionWatch(asio::io_context& io, NetContext& context,
                           std::chrono::milliseconds interval)
    : timer_(asio::make_strand(io)), context_(context), interval_(interval) {}

void SessionWatch::start() {
  schedule();
}

void SessionWatch::stop() {
  stopped_ = true;
  asio::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
}

void SessionWatch::schedule() {
  if (stopped_) return;
  timer_.expires_after(interval_);
  timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->sweep();
  });
}

void SessionWatch::sweep() {
  if (stopped_) return;
  const auto connections = context_.registry.websocket_connections();
  if (connections.empty()) return schedule();
  std::unordered_set<std::string> asked;
  for (const auto& connection : connections) asked.insert(connection.token_hash);
  std::vector<std::string> hashes(asked.begin(), asked.end());
  // The next sweep starts once this one is answered, so sweeps never pile up on a slow store.
  context_.service.live_sessions(
      std::move(hashes), [self = shared_from_this(), asked = std::move(asked)](auto live) mutable {
        if (self->stopped_) return;
        if (!live) {
          spdlog::warn("sessions: cannot check open connections: {}", live.error().message);
        } else {
          std::unordered_map<std::string, domain::Person> by_hash;
          for (auto& session : *live)
            by_hash.emplace(session.token_hash, std::move(session.person));
          self->context_.registry.close_stale(asked, by_hash);
        }
        asio::post(self->timer_.get_executor(), [self] { self->schedule(); });
      });
}

}  // namespace samrad::net
