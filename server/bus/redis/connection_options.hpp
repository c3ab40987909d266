// How one Redis connection behaves (see connection.hpp); plain values, no Asio.
#pragma once

#include <chrono>
#include <cstddef>

#include "bus/redis/reply_limits.hpp"

namespace samrad::bus::redis {

struct ConnectionOptions {
  ReplyLimits limits;
  // Bytes of commands waiting to be written; a command beyond this is refused (not queued), so
  // a stalled server cannot make us buffer without limit.
  std::size_t max_output_bytes = 8 * 1024 * 1024;
  // Commands waiting for a reply, at most (requests mode).
  std::size_t max_pending_replies = 100'000;
  // No reply (of anything sent) for this long, connecting included: the server is taken for
  // lost and the connection dropped.
  std::chrono::milliseconds reply_timeout{3000};
  // How often an idle connection is PINGed, so that a silent server is noticed.
  std::chrono::milliseconds ping_interval{1000};
};

}  // namespace samrad::bus::redis
