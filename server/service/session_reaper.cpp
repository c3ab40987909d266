// Removing expired sessions (see session_reaper.hpp).
#include "service/session_reaper.hpp"

#include <spdlog/spdlog.h>

namespace samrad::service {

SessionReaper::SessionReaper(AccountService& accounts, std::chrono::milliseconds interval)
    : accounts_(accounts), periodic_(interval, [this] { reap(); }) {}

SessionReaper::~SessionReaper() {
  stop();
}

void SessionReaper::start() {
  periodic_.start();
}

void SessionReaper::stop() {
  periodic_.stop();
  // An answer still on its way refers to this object: wait for it.
  std::unique_lock lock(mutex_);
  done_.wait(lock, [this] { return !busy_; });
}

void SessionReaper::reap() {
  {
    std::lock_guard lock(mutex_);
    if (busy_) return;
    busy_ = true;
  }
  accounts_.expire_sessions([this](domain::Result<std::size_t> removed) {
    if (!removed) {
      spdlog::warn("sessions: cannot remove expired sessions: {}", removed.error().message);
    } else if (*removed > 0) {
      spdlog::info("sessions: {} expired", *removed);
    }
    std::lock_guard done(mutex_);
    busy_ = false;
    done_.notify_all();
  });
}

}  // namespace samrad::service
