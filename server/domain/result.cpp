// Wire spellings of the error codes: part of protocol v1 (protocol/README.md), never renamed.
#include "domain/result.hpp"

namespace samrad::domain {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_json:
      return "bad_json";
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::unknown_type:
      return "unknown_type";
    case ErrorCode::unknown_field:
      return "unknown_field";
    case ErrorCode::too_large:
      return "too_large";
    case ErrorCode::unauthenticated:
      return "unauthenticated";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::invalid_state:
      return "invalid_state";
    case ErrorCode::invalid_reply:
      return "invalid_reply";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::stale_position:
      return "stale_position";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::storage_failed:
      return "storage_failed";
    case ErrorCode::internal:
      return "internal";
    case ErrorCode::invitation_expired:
      return "invitation_expired";
    case ErrorCode::invitation_used:
      return "invitation_used";
  }
  return "internal";
}

}  // namespace samrad::domain
