// A token bucket: up to `burst` requests at once, then `per_second` on average. The time is
// passed in (milliseconds on a steady clock), so tests move it by hand.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace samrad::net {

inline std::int64_t steady_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

struct RateLimit {
  double per_second = 10;
  double burst = 40;
};

class TokenBucket {
 public:
  explicit TokenBucket(RateLimit limit, std::int64_t now_ms)
      : limit_(limit), tokens_(limit.burst), last_ms_(now_ms) {}

  // 0 when a request may go ahead (it takes a token); otherwise the milliseconds until one can.
  std::int64_t take(std::int64_t now_ms) {
    refill(now_ms);
    if (tokens_ >= 1) {
      tokens_ -= 1;
      return 0;
    }
    return std::max<std::int64_t>(
        1, std::llround(std::ceil((1 - tokens_) * 1000 / limit_.per_second)));
  }
  // A token taken for a request that another limit then refused.
  void give_back() { tokens_ = std::min(limit_.burst, tokens_ + 1); }

 private:
  void refill(std::int64_t now_ms) {
    if (now_ms <= last_ms_) return;
    tokens_ =
        std::min(limit_.burst, tokens_ + double(now_ms - last_ms_) * limit_.per_second / 1000);
    last_ms_ = now_ms;
  }

  RateLimit limit_;
  double tokens_;
  std::int64_t last_ms_;
};

}  // namespace samrad::net
