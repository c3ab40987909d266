// The small HTTP API: login, logout, who-am-I and health (protocol/README.md "HTTP API").
#pragma once

#include <functional>

#include "net/beast.hpp"
#include "net/http_responses.hpp"
#include "net/net_context.hpp"

namespace samrad::net {

using Respond = std::function<void(http::message_generator)>;

// Answers a request whose target starts with /api/, from the client at this address.
// respond may be called from another thread.
void handle_api(Request request, NetContext& context, std::string address, Respond respond);

// The Set-Cookie value for a login session's token, or one that clears it.
std::string session_cookie(const NetContext& context, std::string_view token, bool clear);

// Error codes as HTTP statuses, for every endpoint.
http::status status_for(domain::ErrorCode code);
StringResponse from_error(const Request& request, const domain::Error& error);

// A number in an address (a path segment or a query value): decimal digits, no leading zero,
// 0 … 2^53−1 so it is exact in JavaScript; nothing otherwise. An id is such a number from 1.
std::optional<std::int64_t> whole_number(std::string_view text);
std::optional<std::int64_t> id_segment(std::string_view text);

// The account endpoints (net/account_api.cpp): /api/admin/..., /api/sessions..., /api/audit...,
// /api/invitation...
bool is_account_api(std::string_view target);
void handle_account_api(Request request, NetContext& context, std::string address, Respond respond);

// The transparency log (/.well-known/samrad-log-key, /log/...) and the decision records
// (/api/records/<index>, /api/rounds/<id>/record): record_api.cpp.
bool is_record_api(std::string_view target);
void handle_record_api(Request request, NetContext& context, std::string address, Respond respond);

}  // namespace samrad::net
