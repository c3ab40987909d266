// Accept-Encoding negotiation (see content_coding.hpp). Written by hand: Beast and Boost.URL
// have no parser for weighted header lists, and the grammar is small.
#include "net/content_coding.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace samrad::net {

namespace {

constexpr int not_listed = -1;

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(
      a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

// A qvalue in thousandths: "0" ["." 0*3DIGIT] or "1" ["." 0*3"0"].
std::optional<int> parse_qvalue(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  const int whole = text[0] - '0';
  if (text.size() == 1) return whole * 1000;
  if (text[1] != '.') return std::nullopt;
  const auto decimals = text.substr(2);
  if (decimals.size() > 3) return std::nullopt;
  int thousandths = 0;
  int scale = 100;
  for (const char digit : decimals) {
    if (digit < '0' || digit > '9') return std::nullopt;
    thousandths += (digit - '0') * scale;
    scale /= 10;
  }
  if (whole == 1 && thousandths != 0) return std::nullopt;
  return whole * 1000 + thousandths;
}

// The weight of one list element (`coding *( OWS ";" OWS name "=" value )`), or nothing if its
// q parameter is malformed.
std::optional<int> element_weight(std::string_view parameters) {
  int weight = 1000;
  while (!parameters.empty()) {
    const auto end = parameters.find(';');
    const auto parameter = trim(parameters.substr(0, end));
    parameters = end == std::string_view::npos ? "" : parameters.substr(end + 1);
    if (parameter.empty()) continue;
    const auto equals = parameter.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    if (!equals_ignoring_case(trim(parameter.substr(0, equals)), "q")) continue;
    const auto q = parse_qvalue(trim(parameter.substr(equals + 1)));
    if (!q) return std::nullopt;
    weight = *q;
  }
  return weight;
}

struct Weights {
  int br = not_listed;
  int gzip = not_listed;
  int identity = not_listed;
  int any = not_listed;
};

Weights parse_accept_encoding(std::string_view header) {
  Weights weights;
  while (!header.empty()) {
    const auto end = header.find(',');
    const auto element = header.substr(0, end);
    header = end == std::string_view::npos ? "" : header.substr(end + 1);
    const auto semicolon = element.find(';');
    const auto coding = trim(element.substr(0, semicolon));
    if (coding.empty()) continue;
    const auto weight =
        element_weight(semicolon == std::string_view::npos ? "" : element.substr(semicolon + 1));
    if (!weight) continue;
    int* slot = nullptr;
    if (equals_ignoring_case(coding, "br")) slot = &weights.br;
    if (equals_ignoring_case(coding, "gzip") || equals_ignoring_case(coding, "x-gzip")) {
      slot = &weights.gzip;
    }
    if (equals_ignoring_case(coding, "identity")) slot = &weights.identity;
    if (coding == "*") slot = &weights.any;
    // A coding listed twice keeps its first weight.
    if (slot != nullptr && *slot == not_listed) *slot = *weight;
  }
  return weights;
}

}  // namespace

ContentCoding choose_content_coding(std::string_view accept_encoding, AvailableCodings available) {
  const Weights weights = parse_accept_encoding(accept_encoding);
  const auto effective = [&](int listed, int unlisted) {
    if (listed != not_listed) return listed;
    return weights.any != not_listed ? weights.any : unlisted;
  };
  // Identity is acceptable unless refused, but only listed (or `*`) does it outweigh a coding.
  ContentCoding chosen = ContentCoding::identity;
  int chosen_weight = effective(weights.identity, 0);
  const auto consider = [&](ContentCoding coding, bool stored, int weight) {
    if (stored && weight > 0 && weight >= chosen_weight) {
      chosen = coding;
      chosen_weight = weight;
    }
  };
  // Brotli last, so that it wins a tie with gzip.
  consider(ContentCoding::gzip, available.gzip, effective(weights.gzip, 0));
  consider(ContentCoding::br, available.br, effective(weights.br, 0));
  return chosen;
}

std::string_view content_coding_name(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::gzip:
      return "gzip";
    case ContentCoding::br:
      return "br";
    case ContentCoding::identity:
      break;
  }
  return "";
}

std::string_view content_coding_suffix(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::gzip:
      return ".gz";
    case ContentCoding::br:
      return ".br";
    case ContentCoding::identity:
      break;
  }
  return "";
}

}  // namespace samrad::net
