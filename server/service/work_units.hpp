// How the services outside ConsultationService run their work: a read on the read pool, or a
// unit of work in the group commit whose outcome is answered once its batch is durable. Internal
// to samrad_service.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <utility>

#include "service/consultation_service.hpp"

namespace samrad::service {

// Runs body on the read pool and answers done with its result; an exception (a broken
// invariant) is logged and answered with internal, so no caller waits forever.
template <class T, class Body>
void run_read(ConsultationService& service, Callback<T> done, Body body) {
  service.post_read([done = std::move(done), body = std::move(body)]() mutable {
    std::optional<domain::Result<T>> result;
    try {
      result.emplace(body());
    } catch (const std::exception& e) {
      spdlog::error("service: unexpected exception: {}", e.what());
      result.emplace(domain::make_error(domain::ErrorCode::internal,
                                        "Internal error; the request was not done"));
    }
    done(std::move(*result));
  });
}

// Runs body in the group commit; an error it returns rolls its unit back. done gets the outcome
// once the batch is durable (or storage_failed when the commit failed).
template <class T, class Body>
void run_write(ConsultationService& service, Callback<T> done, Body body) {
  auto outcome = std::make_shared<std::optional<domain::Result<T>>>();
  service.post_write(
      [outcome, body = std::move(body)](store::WriteTransaction& tx) -> store::Appended {
        auto result = body(tx);
        if (!result) return result.error();  // rolls the unit back
        outcome->emplace(std::move(result));
        return std::vector<domain::Event>{};
      },
      256,
      [outcome, done = std::move(done)](store::Appended appended) mutable {
        if (!appended) return done(appended.error());
        done(std::move(**outcome));
      });
}

}  // namespace samrad::service
