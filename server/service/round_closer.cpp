// Closing rounds at their closing time (see round_closer.hpp).
#include "service/round_closer.hpp"

#include <spdlog/spdlog.h>

namespace samrad::service {

RoundCloser::RoundCloser(store::Store& store, ConsultationService& service,
                         std::chrono::milliseconds interval)
    : store_(store), service_(service), periodic_(interval, [this] { tick(); }) {}

RoundCloser::~RoundCloser() {
  stop();
}

void RoundCloser::start() {
  periodic_.start();
}

void RoundCloser::stop() {
  periodic_.stop();
}

std::size_t RoundCloser::tick() {
  auto due = store_.rounds_due_to_close(service_.now());
  if (!due) {
    spdlog::warn("rounds: cannot look for rounds to close: {}", due.error().message);
    return 0;
  }
  std::size_t submitted = 0;
  for (auto& round : *due) {
    {
      std::lock_guard lock(in_flight_->mutex);
      if (!in_flight_->rounds.insert(round.round).second) continue;
    }
    ++submitted;
    const auto id = round.round;
    service_.submit(Caller{std::move(round.scheduled_by), std::nullopt},
                    domain::CloseAtClosingTime{id}, std::nullopt,
                    [in_flight = in_flight_, id](auto result) {
                      if (!result && result.error().code != domain::ErrorCode::invalid_state) {
                        spdlog::warn("rounds: round {} did not close at its closing time: {}", id,
                                     result.error().message);
                      }
                      std::lock_guard lock(in_flight->mutex);
                      in_flight->rounds.erase(id);
                    });
  }
  return submitted;
}

}  // namespace samrad::service
