// The sweep of open WebSockets against the store: every interval it asks which of their login
// sessions are still live and who their persons are now, and closes the rest (4001) and those of
// people whose role or organisation changed (4002, reconnect). This is how a change made by
// another process — `samrad admin person deactivate` against the same database — or an idle or
// absolute expiry reaches connections that send nothing; a request on a connection is checked
// against its session anyway.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "net/beast.hpp"

namespace samrad::net {

struct NetContext;

class SessionWatch : public std::enable_shared_from_this<SessionWatch> {
 public:
  SessionWatch(asio::io_context& io, NetContext& context, std::chrono::milliseconds interval);
  void start();
  void stop();  // thread-safe; an answer still on its way is ignored

 private:
  void schedule();
  void sweep();

  asio::steady_timer timer_;
  NetContext& context_;
  std::chrono::milliseconds interval_;
  std::atomic<bool> stopped_ = false;
};

}  // namespace samrad::net
