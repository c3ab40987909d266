// RFC 8785 canonical JSON (see canonical_json.hpp). Written by hand: no Debian package offers
// JCS. nlohmann parses (its callback catches duplicate keys, which it would otherwise drop).
#include "records/canonical_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "records/utf8.hpp"

namespace samrad::records {

namespace {

using nlohmann::json;

void append_string(std::string& out, const std::string& text) {
  if (!decode_utf8(text)) throw std::invalid_argument("canonical JSON: a string is not UTF-8");
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += hex[(c >> 4) & 0x0F];
          out += hex[c & 0x0F];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// RFC 8785 §3.2.3: property names compare as arrays of UTF-16 code units, which orders
// characters above U+FFFF (surrogates, 0xD800...) before U+E000–U+FFFF, unlike UTF-8 bytes.
std::vector<std::pair<std::u16string, const json::object_t::value_type*>> sorted_members(
    const json::object_t& object) {
  std::vector<std::pair<std::u16string, const json::object_t::value_type*>> members;
  members.reserve(object.size());
  for (const auto& member : object) {
    const auto code_points = decode_utf8(member.first);
    if (!code_points) throw std::invalid_argument("canonical JSON: a key is not UTF-8");
    members.emplace_back(to_utf16(*code_points), &member);
  }
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return members;
}

void append_value(std::string& out, const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      out += "null";
      return;
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    // Every number is an IEEE-754 double in JCS, integers included.
    case json::value_t::number_integer:
      out += format_number(static_cast<double>(value.get<std::int64_t>()));
      return;
    case json::value_t::number_unsigned:
      out += format_number(static_cast<double>(value.get<std::uint64_t>()));
      return;
    case json::value_t::number_float:
      out += format_number(value.get<double>());
      return;
    case json::value_t::string:
      append_string(out, value.get_ref<const std::string&>());
      return;
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value) {
        if (!first) out += ',';
        first = false;
        append_value(out, element);
      }
      out += ']';
      return;
    }
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : sorted_members(value.get_ref<const json::object_t&>())) {
        if (!first) out += ',';
        first = false;
        append_string(out, member->first);
        out += ':';
        append_value(out, member->second);
      }
      out += '}';
      return;
    }
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  throw std::invalid_argument("canonical JSON: the value has no JSON text");
}

}  // namespace

std::string format_number(double value) {
  if (!std::isfinite(value)) throw std::invalid_argument("canonical JSON: a number is not finite");
  if (value == 0) return "0";  // -0 too
  std::string out;
  if (value < 0) {
    out += '-';
    value = -value;
  }
  // The shortest digits that round-trip, closest to the value when several are as short: the
  // s and k of ECMAScript's Number::toString. Scientific form gives them as d.ddde±x.
  char buffer[64];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  if (error != std::errc()) throw std::logic_error("format_number: to_chars failed");
  const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  const auto e = text.find('e');
  std::string digits;
  for (const char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  const auto exponent_text = text.substr(e + 1);
  std::from_chars(exponent_text.data() + (exponent_text[0] == '+' ? 1 : 0),
                  exponent_text.data() + exponent_text.size(), exponent);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits × 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += n - 1 < 0 ? '-' : '+';
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

Result<json> parse_strict_json(std::string_view text) {
  // nlohmann skips a UTF-8 byte order mark; RFC 8259 §8.1 lets a parser refuse it, and a
  // canonical form must not depend on one.
  if (text.starts_with("\xEF\xBB\xBF")) return Error{"JSON text starts with a byte order mark"};
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  bool too_deep = false;
  const json::parser_callback_t check = [&](int depth, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        // Refusing here keeps nlohmann from building the deep part at all.
        if (depth >= max_json_depth) {
          too_deep = true;
          return false;
        }
        if (event == json::parse_event_t::object_start) open_objects.emplace_back();
        return true;
      case json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        return true;
      case json::parse_event_t::key:
        if (!open_objects.empty() &&
            !open_objects.back().insert(parsed.get<std::string>()).second && duplicate.empty()) {
          duplicate = parsed.get<std::string>();
        }
        return true;
      default:
        return true;
    }
  };
  json parsed = json::parse(text.data(), text.data() + text.size(), check,
                            /*allow_exceptions=*/false, /*ignore_comments=*/false);
  if (too_deep) {
    return Error{"JSON is nested deeper than " + std::to_string(max_json_depth) + " levels"};
  }
  if (parsed.is_discarded()) {
    // Ask again with exceptions for nlohmann's description of where the text goes wrong (a
    // syntax error, or a number beyond a double such as 1e400).
    try {
      [[maybe_unused]] const auto reparsed = json::parse(text.data(), text.data() + text.size());
    } catch (const json::exception& e) {
      return Error{std::string("not valid JSON: ") + e.what()};
    }
    return Error{"not valid JSON"};
  }
  if (!duplicate.empty()) return Error{"JSON has a duplicate key \"" + duplicate + "\""};
  return parsed;
}

std::string canonical_form(const json& value) {
  std::string out;
  append_value(out, value);
  return out;
}

Result<std::string> canonicalize(std::string_view json_text) {
  auto parsed = parse_strict_json(json_text);
  if (!parsed) return parsed.error();
  return canonical_form(*parsed);
}

}  // namespace samrad::records
