// The small HTTP API: login, logout, who-am-I and health (protocol/README.md "HTTP API").
#pragma once

#include <functional>

#include "net/beast.hpp"
#include "net/net_context.hpp"

namespace samrad::net {

using Respond = std::function<void(http::message_generator)>;

// Answers a request whose target starts with /api/. respond may be called from another thread.
void handle_api(Request request, NetContext& context, Respond respond);

}  // namespace samrad::net
