// Result<T>: a value or a typed, expected failure (std::expected is C++23; this is the
// C++20 stand-in, deliberately minimal). Errors carry a stable code the protocol sends on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace samrad::domain {

// Stable error codes: their wire spelling (to_string) is part of protocol v1.
enum class ErrorCode {
  bad_json,         // frame is not valid JSON / not an object
  bad_request,      // missing or wrongly typed field, value out of range
  unknown_type,     // message "type" not known
  unknown_field,    // a field the message type does not define
  too_large,        // message or field over its size limit
  unauthenticated,  // no valid session (or it ended while the connection was open)
  forbidden,        // authenticated, but not allowed
  not_found,        // no such round/thread/post/stream (or not visible)
  invalid_state,    // e.g. posting in a round that is not open
  invalid_reply,    // reply_to is not a post in the same thread
  conflict,         // duplicate (e.g. email taken, already subscribed)
  stale_position,   // a subscribe's since is beyond the stream's newest event
  rate_limited,     // too many requests
  storage_failed,   // the store could not commit; nothing was stored
  // A one-time invitation link past its time or replaced by a newer one; one already used.
  invitation_expired,
  invitation_used,
  internal,  // a bug: broken invariant (stays the last code: tests iterate up to it)
};

std::string_view to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code;
  std::string message;  // human-readable, English, safe to show to the client
  // rate_limited only: how long to wait before trying again.
  std::optional<std::int64_t> retry_after_ms = std::nullopt;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  // By value on rvalues, so `for (auto& x : *store.read())` cannot dangle.
  T value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace samrad::domain
