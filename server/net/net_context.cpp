// Shared helpers of the network layer: origin allowlist and the session cookie.
#include "net/net_context.hpp"

#include <algorithm>

namespace samrad::net {

bool NetContext::origin_allowed(std::string_view origin) const {
  return !origin.empty() &&
         std::find(allowed_origins.begin(), allowed_origins.end(), origin) != allowed_origins.end();
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
    if (equals != std::string_view::npos && pair.substr(0, equals) == session_cookie_name) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return {};
}

std::string user_agent_of(const Request& request) {
  std::string agent(request[http::field::user_agent].substr(0, 300));
  // Kept as text and shown to its owner: control characters have no place in it.
  std::replace_if(
      agent.begin(), agent.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
  return agent;
}

}  // namespace samrad::net
