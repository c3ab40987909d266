// Removes login sessions once they have expired (idle or absolute) and records each end in the
// audit log. Open connections of an expired session do not wait for it: the network layer's
// sweep closes them as soon as the session is no longer live.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "service/account_service.hpp"
#include "service/periodic_task.hpp"

namespace samrad::service {

class SessionReaper {
 public:
  explicit SessionReaper(AccountService& accounts,
                         std::chrono::milliseconds interval = std::chrono::seconds(5));
  ~SessionReaper();
  SessionReaper(const SessionReaper&) = delete;
  SessionReaper& operator=(const SessionReaper&) = delete;

  void start();
  void stop();  // idempotent

 private:
  void reap();

  AccountService& accounts_;
  std::mutex mutex_;
  std::condition_variable done_;
  bool busy_ = false;  // a removal is under way; the next waits for it
  PeriodicTask periodic_;
};

}  // namespace samrad::service
