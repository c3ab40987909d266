// Login throttling (see login_throttle.hpp).
#include "auth/login_throttle.hpp"

#include <algorithm>
#include <vector>

namespace samrad::auth {

namespace {

std::string email_key(std::string_view email) {
  std::string key(email);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : char(c);
  });
  return key;
}

}  // namespace

LoginThrottle::LoginThrottle(LoginThrottleLimits limits) : limits_(limits) {}

std::int64_t LoginThrottle::admit(std::string_view email, std::string_view address,
                                  std::int64_t now_ms) {
  const std::string email_name = email_key(email);
  const std::string address_name(address);
  std::lock_guard lock(mutex_);
  const std::int64_t wait =
      std::max(wait_ms(emails_, email_name, now_ms), wait_ms(addresses_, address_name, now_ms));
  if (wait > 0) return wait;
  count_failure(emails_, email_name, limits_.free_failures_per_account, now_ms);
  count_failure(addresses_, address_name, limits_.free_failures_per_address, now_ms);
  return 0;
}

void LoginThrottle::succeeded(std::string_view email, std::string_view address) {
  const std::string email_name = email_key(email);
  std::lock_guard lock(mutex_);
  emails_.erase(email_name);
  if (auto found = addresses_.find(std::string(address)); found != addresses_.end()) {
    if (--found->second.count <= 0) addresses_.erase(found);
  }
}

std::int64_t LoginThrottle::wait_ms(Table& table, const std::string& key,
                                    std::int64_t now_ms) const {
  const auto found = table.find(key);
  if (found == table.end()) return 0;
  if (now_ms - found->second.last_at >= limits_.forget_after_ms) {
    table.erase(found);
    return 0;
  }
  return std::max<std::int64_t>(0, found->second.blocked_until - now_ms);
}

void LoginThrottle::count_failure(Table& table, const std::string& key, int free_failures,
                                  std::int64_t now_ms) {
  if (table.size() >= limits_.max_tracked && !table.contains(key)) make_room(table, now_ms);
  Failures& failures = table[key];
  ++failures.count;
  failures.last_at = now_ms;
  const int over = failures.count - free_failures;
  if (over <= 0) return;
  // first_wait · 2^(over-1), without overflowing the shift.
  std::int64_t wait = limits_.first_wait_ms;
  for (int i = 1; i < over && wait < limits_.max_wait_ms; ++i) wait *= 2;
  failures.blocked_until = now_ms + std::min(wait, limits_.max_wait_ms);
}

// Forgotten and unblocked entries go first; if the table is still full, the half whose last
// failure is oldest.
void LoginThrottle::make_room(Table& table, std::int64_t now_ms) {
  std::erase_if(table, [&](const auto& entry) {
    return now_ms - entry.second.last_at >= limits_.forget_after_ms ||
           entry.second.blocked_until <= now_ms;
  });
  if (table.size() < limits_.max_tracked) return;
  std::vector<std::int64_t> times;
  times.reserve(table.size());
  for (const auto& entry : table) times.push_back(entry.second.last_at);
  auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), middle, times.end());
  const std::int64_t cutoff = *middle;
  std::erase_if(table, [&](const auto& entry) { return entry.second.last_at <= cutoff; });
}

}  // namespace samrad::auth
