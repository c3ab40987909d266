// Building HTTP responses: JSON bodies, errors and the security headers every response carries.
#pragma once

#include <nlohmann/json.hpp>

#include "net/beast.hpp"
#include "net/net_context.hpp"

namespace samrad::net {

using StringResponse = http::response<http::string_body>;

// CSP, nosniff, frame denial, referrer policy (and HSTS behind TLS): on every response the
// server sends.
template <class Body>
void add_security_headers(http::response<Body>& response) {
  response.set(http::field::server, "samrad");
  response.set("Content-Security-Policy",
               "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; "
               "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  // Two years, the preload lists' minimum; subdomains are not this server's to speak for.
  if (behind_tls()) response.set(http::field::strict_transport_security, "max-age=63072000");
}

StringResponse json_response(const Request& request, http::status status,
                             const nlohmann::json& body);
// A body already encoded (with its keys in the spec's order).
StringResponse json_text_response(const Request& request, http::status status, std::string body);
StringResponse error_response(const Request& request, http::status status, std::string_view code,
                              std::string_view message);

}  // namespace samrad::net
