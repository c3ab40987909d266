// What every connection of the network layer shares: options, the origin allowlist, the
// service, the bus, the registry of open connections and the inbox of their deliveries.
// Internal to server/net/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bus/bus.hpp"
#include "net/address_leases.hpp"
#include "net/beast.hpp"
#include "net/connection_registry.hpp"
#include "net/delivery_inbox.hpp"
#include "net/server.hpp"
#include "service/account_service.hpp"
#include "service/consultation_service.hpp"
#include "service/record_log.hpp"

namespace samrad::net {

using Request = http::request<http::string_body>;

struct NetContext {
  NetOptions options;
  // Configured origins plus this server's own (http://127.0.0.1:PORT, http://localhost:PORT).
  std::vector<std::string> allowed_origins;
  service::ConsultationService& service;
  service::AccountService& accounts;
  service::ApiTokenService& tokens;
  service::RecordLog& records;
  bus::Bus& bus;
  ConnectionRegistry registry;
  DeliveryInbox deliveries;
  AddressLeases addresses;

  // True for a request with exactly one Origin header, and that one on the allowlist: with two,
  // which one counts would depend on who reads them (a proxy may read the other).
  bool origin_allowed(const Request& request) const;
  // Who sent the request: the peer, or behind trusted proxies the nearest address in
  // X-Forwarded-For that is not one of them. Empty when the peer is unknown.
  std::string client_address(const Request& request, const tcp::socket& socket) const;
};

// Behind TLS (NetOptions::cookie_secure), every response says "HTTPS only from now on" (HSTS)
// and the session cookie takes the __Host- prefix, which browsers accept only from a secure
// origin, for the whole host and without a Domain. Responses are built in many places that have
// no NetContext at hand, so the Server sets this once, before it serves anything.
void set_behind_tls(bool behind_tls);
bool behind_tls();
// "__Host-samrad_session" behind TLS, "samrad_session" otherwise.
std::string_view session_cookie_name();

// The session token from the Cookie header, or empty.
std::string session_token_of(const Request& request);

// The token of an "Authorization: Bearer <token>" header (the scheme in any case, RFC 7235);
// nothing without the header; an empty string for any other form of it.
std::optional<std::string> bearer_token_of(const Request& request);

// The User-Agent header, cut to a length worth keeping with a session.
std::string user_agent_of(const Request& request);

}  // namespace samrad::net
