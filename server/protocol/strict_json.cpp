// Strict JSON for client input (see strict_json.hpp).
#include "protocol/strict_json.hpp"

#include <set>
#include <vector>

namespace samrad::protocol::strict_json {

namespace {

using domain::ErrorCode;
using nlohmann::json;

// nlohmann's parser would happily build a DOM a million levels deep (and its recursive
// functions, e.g. dump, would then walk it), so the depth is bounded before parsing. Only
// brackets outside strings count; a malformed text is left for the parser to refuse.
bool nested_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return true;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// Parses strictly: no comments, no trailing data, and no duplicate keys (nlohmann would keep the
// last one silently, so {"id":1,"id":2} could be answered under an id the client did not mean).
// Returns a discarded value on any failure.
json parse_strict(std::string_view text, bool& duplicate_key) {
  std::vector<std::set<std::string>> open_objects;
  const json::parser_callback_t track_keys = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case json::parse_event_t::object_end:
        open_objects.pop_back();
        break;
      case json::parse_event_t::key:
        if (!open_objects.back().insert(parsed.get<std::string>()).second) duplicate_key = true;
        break;
      default:
        break;
    }
    return true;
  };
  return json::parse(text.data(), text.data() + text.size(), track_keys,
                     /*allow_exceptions=*/false, /*ignore_comments=*/false);
}

}  // namespace

domain::Error bad_request(std::string message) {
  return domain::make_error(ErrorCode::bad_request, std::move(message));
}

std::string in_quotes(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

domain::Error out_of_range(std::string_view name, std::int64_t min) {
  return bad_request(in_quotes(name) + " must be an integer from " + std::to_string(min) + " to " +
                     std::to_string(max_safe_integer));
}

domain::Result<json> parse_object(std::string_view text, std::string_view what) {
  if (nested_deeper_than(text, max_depth)) {
    return domain::make_error(ErrorCode::too_large, "JSON is nested deeper than " +
                                                        std::to_string(max_depth) + " levels");
  }
  bool duplicate_key = false;
  json parsed = parse_strict(text, duplicate_key);
  if (parsed.is_discarded()) {
    return domain::make_error(ErrorCode::bad_json, std::string(what) + " is not valid JSON");
  }
  if (duplicate_key) {
    return domain::make_error(ErrorCode::bad_json, std::string(what) + " has a duplicate key");
  }
  if (!parsed.is_object()) {
    return domain::make_error(ErrorCode::bad_json, std::string(what) + " is not a JSON object");
  }
  return parsed;
}

// nlohmann stores non-negative integers as unsigned, up to 2^64-1, so the upper bound is checked
// before converting.
std::optional<std::int64_t> integer_in(const json& value, std::int64_t min, std::int64_t max) {
  if (!value.is_number_integer()) return std::nullopt;
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    return std::nullopt;
  }
  const auto number = value.get<std::int64_t>();
  if (number < min || number > max) return std::nullopt;
  return number;
}

}  // namespace samrad::protocol::strict_json
