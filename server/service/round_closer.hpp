// Closes open rounds when their closing time comes. Every interval it asks the store which open
// rounds are due and submits the server's own CloseAtClosingTime for each, acting as the person
// who set the closing time; the domain decides, so a round closed by hand meanwhile is simply
// refused. The time is the service's clock, which tests move by hand.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <set>

#include "service/consultation_service.hpp"
#include "service/periodic_task.hpp"
#include "store/store.hpp"

namespace samrad::service {

class RoundCloser {
 public:
  RoundCloser(store::Store& store, ConsultationService& service,
              std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  ~RoundCloser();
  RoundCloser(const RoundCloser&) = delete;
  RoundCloser& operator=(const RoundCloser&) = delete;

  // Runs tick() every interval on a thread of its own, until stop().
  void start();
  void stop();  // idempotent

  // Looks once and submits a close for every round due and not already being closed; returns
  // how many it submitted.
  std::size_t tick();

 private:
  // The rounds submitted and not yet answered; shared with the answers' callbacks, which may
  // run after the closer is gone (at shutdown, when the service drains its queue).
  struct InFlight {
    std::mutex mutex;
    std::set<domain::RoundId> rounds;
  };

  store::Store& store_;
  ConsultationService& service_;
  std::shared_ptr<InFlight> in_flight_ = std::make_shared<InFlight>();
  PeriodicTask periodic_;
};

}  // namespace samrad::service
