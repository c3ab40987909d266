// Removing expired sessions (see session_reaper.hpp).
#include "service/session_reaper.hpp"

#include <spdlog/spdlog.h>

namespace samrad::service {

SessionReaper::SessionReaper(AccountService& accounts, std::chrono::milliseconds interval)
    : accounts_(accounts), interval_(interval) {}

SessionReaper::~SessionReaper() {
  stop();
}

void SessionReaper::start() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable() && !stopping_) thread_ = std::thread([this] { run(); });
}

void SessionReaper::stop() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    thread = std::move(thread_);
  }
  wake_.notify_all();
  if (thread.joinable()) thread.join();
  // An answer still on its way refers to this object: wait for it.
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return !busy_; });
}

void SessionReaper::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!busy_) {
      busy_ = true;
      lock.unlock();
      accounts_.expire_sessions([this](domain::Result<std::size_t> removed) {
        if (!removed) {
          spdlog::warn("sessions: cannot remove expired sessions: {}", removed.error().message);
        } else if (*removed > 0) {
          spdlog::info("sessions: {} expired", *removed);
        }
        std::lock_guard done(mutex_);
        busy_ = false;
        wake_.notify_all();
      });
      lock.lock();
    }
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace samrad::service
