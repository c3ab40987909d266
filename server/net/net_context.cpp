// Shared helpers of the network layer: origin allowlist and the session cookie.
#include "net/net_context.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>

namespace samrad::net {

bool NetContext::origin_allowed(const Request& request) const {
  if (request.count(http::field::origin) != 1) return false;
  const std::string_view origin = request[http::field::origin];
  return !origin.empty() &&
         std::find(allowed_origins.begin(), allowed_origins.end(), origin) != allowed_origins.end();
}

std::string NetContext::client_address(const Request& request, const tcp::socket& socket) const {
  beast::error_code ec;
  auto address = socket.remote_endpoint(ec).address();
  if (ec) return {};
  auto trusted = [this](const asio::ip::address& candidate) {
    const auto text = candidate.to_string();
    return std::find(options.trusted_proxies.begin(), options.trusted_proxies.end(), text) !=
           options.trusted_proxies.end();
  };
  if (!trusted(address)) return address.to_string();
  // Each proxy appends the address it saw: read from the right, past the trusted ones. Several
  // headers count as one list, in order.
  std::vector<std::string_view> hops;
  const auto [first, last] = request.equal_range("X-Forwarded-For");
  for (auto field = first; field != last; ++field) {
    std::string_view list = field->value();
    while (!list.empty()) {
      const auto comma = list.find(',');
      hops.push_back(list.substr(0, comma));
      list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
  }
  for (auto hop = hops.rbegin(); hop != hops.rend() && trusted(address); ++hop) {
    std::string_view text = *hop;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    const auto forwarded = asio::ip::make_address(text, ec);
    if (ec) break;  // not an address: whatever lies further left is the client's own claim
    address = forwarded;
  }
  return address.to_string();
}

namespace {
std::atomic<bool> served_behind_tls{false};
}  // namespace

void set_behind_tls(bool behind_tls) {
  served_behind_tls = behind_tls;
}

bool behind_tls() {
  return served_behind_tls;
}

std::string_view session_cookie_name() {
  return behind_tls() ? "__Host-samrad_session" : "samrad_session";
}

std::string session_token_of(const Request& request) {
  // Cookie: a=b; samrad_session=<token>; c=d
  std::string_view header = request[http::field::cookie];
  while (!header.empty()) {
    const auto end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == session_cookie_name()) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return {};
}

std::optional<std::string> bearer_token_of(const Request& request) {
  const auto found = request.find(http::field::authorization);
  if (found == request.end()) return std::nullopt;
  std::string_view value = found->value();
  constexpr std::string_view scheme = "bearer";
  if (value.size() <= scheme.size() || value[scheme.size()] != ' ') return std::string();
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return std::string();
  }
  value.remove_prefix(scheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return std::string(value);
}

std::string user_agent_of(const Request& request) {
  std::string agent(request[http::field::user_agent].substr(0, 300));
  // Kept as text and shown to its owner: control characters have no place in it.
  std::replace_if(
      agent.begin(), agent.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
  return agent;
}

}  // namespace samrad::net
