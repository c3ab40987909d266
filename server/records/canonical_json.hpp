// RFC 8785 JSON Canonicalization Scheme (JCS): the strict parse and the canonical form that give
// a decision record the same bytes, and so the same leaf hash, in every implementation.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "records/result.hpp"

namespace samrad::records {

// JSON nested deeper than this is refused (records are shallow; this bounds recursion).
inline constexpr int max_json_depth = 64;

// The JSON text strictly parsed: RFC 8259 grammar only (no comments, no byte order mark, no
// trailing data), well-formed UTF-8 and no lone surrogates in \u escapes, no duplicate keys,
// finite numbers, at most max_json_depth levels. The error says what is wrong.
Result<nlohmann::json> parse_strict_json(std::string_view text);

// The RFC 8785 canonical form of a value: keys sorted by UTF-16 code units, the minimal string
// escapes of §3.2.2.2, numbers as IEEE-754 doubles in ECMAScript form (§3.2.2.3). Throws
// std::invalid_argument for what JSON text cannot hold (a non-finite number, invalid UTF-8).
std::string canonical_form(const nlohmann::json& value);

// parse_strict_json then canonical_form.
Result<std::string> canonicalize(std::string_view json_text);

// ECMAScript Number::toString of a finite double, as RFC 8785 §3.2.2.3 requires; -0 gives "0".
std::string format_number(double value);

}  // namespace samrad::records
