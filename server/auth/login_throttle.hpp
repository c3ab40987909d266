// Slows password guessing. A few failed logins for one email address, or many from one network
// address, are free; after that each attempt must wait, twice as long after each further failure,
// up to a ceiling. The email is throttled as typed (lower-cased), whether or not an account has
// it, so the answers never tell which addresses have accounts. While a wait runs, every attempt
// is refused unchecked, the right password included: otherwise a guesser would learn it.
//
// An attempt counts as a failure from the moment it is let through; a correct password takes it
// back. So parallel attempts sent back to back cannot all slip past before the first failure is
// recorded. The state is in memory, per instance: with several instances behind one address a
// guesser gets each instance's free failures, and the doubling soon makes that moot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace samrad::auth {

struct LoginThrottleLimits {
  int free_failures_per_account = 5;
  // Higher: a municipality's staff may all log in through one proxy address.
  int free_failures_per_address = 50;
  std::int64_t first_wait_ms = 1000;
  std::int64_t max_wait_ms = 15 * 60 * 1000;
  // An email address or network address with no failure for this long starts again.
  std::int64_t forget_after_ms = 60 * 60 * 1000;
  // Bounds the memory an attacker cycling through made-up addresses can take.
  std::size_t max_tracked = 100'000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleLimits limits = {});

  // 0: the attempt may go ahead, and is counted as failed until succeeded() says otherwise.
  // Otherwise the milliseconds until an attempt may be made; nothing is counted.
  std::int64_t admit(std::string_view email, std::string_view address, std::int64_t now_ms);
  // The attempt admitted for these had the right password: the email's failures are forgotten
  // and the address's count gets this attempt back.
  void succeeded(std::string_view email, std::string_view address);

 private:
  struct Failures {
    int count = 0;
    std::int64_t last_at = 0;
    std::int64_t blocked_until = 0;
  };
  using Table = std::unordered_map<std::string, Failures>;

  std::int64_t wait_ms(Table& table, const std::string& key, std::int64_t now_ms) const;
  void count_failure(Table& table, const std::string& key, int free_failures, std::int64_t now_ms);
  void make_room(Table& table, std::int64_t now_ms);

  const LoginThrottleLimits limits_;
  std::mutex mutex_;
  Table emails_;
  Table addresses_;
};

}  // namespace samrad::auth
