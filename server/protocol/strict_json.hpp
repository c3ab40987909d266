// How the protocol reads JSON from clients, for the WebSocket codec (codec.cpp) and the HTTP
// account bodies (accounts_json.cpp) alike: depth bounded before parsing, no comments, no
// trailing data, no duplicate keys, integers only where an id or count is expected, and the
// messages that name a field. Internal to samrad_protocol (not among its public headers).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace samrad::protocol::strict_json {

inline constexpr std::int64_t max_safe_integer = 9007199254740991;  // 2^53-1, exact in JavaScript
inline constexpr int max_depth = 16;

domain::Error bad_request(std::string message);
std::string in_quotes(std::string_view name);
// `name` must be an integer from min to max_safe_integer.
domain::Error out_of_range(std::string_view name, std::int64_t min);

// The text as a JSON object, or why not: nested deeper than max_depth → too_large (checked
// before the syntax, so a deep text is too_large even if it is also malformed); not JSON, a
// duplicate key or not an object → bad_json. `what` starts the messages ("The message").
domain::Result<nlohmann::json> parse_object(std::string_view text, std::string_view what);

// An integer from min to max: a number written with a fraction or exponent is refused even when
// its value is whole.
std::optional<std::int64_t> integer_in(const nlohmann::json& value, std::int64_t min,
                                       std::int64_t max);

}  // namespace samrad::protocol::strict_json
