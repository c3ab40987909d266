// Result<T, E>: a value or an expected failure, for the records library. It links nothing of
// domain/ (records must stay usable by an offline verifier), so it has its own small stand-in
// for C++23's std::expected.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace samrad::records {

// A failure described in plain English, for a person reading a verifier's output.
struct Error {
  std::string message;
};

// Success that carries nothing.
struct Ok {};

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }

  const E& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, E> state_;
};

}  // namespace samrad::records
