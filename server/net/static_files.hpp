// Serves the built web client from one folder, never outside it, each file in the content
// coding the request accepts among the precompressed copies stored next to it (name.gz, name.br).
#pragma once

#include <string>

#include "net/beast.hpp"
#include "net/net_context.hpp"

namespace samrad::net {

http::message_generator serve_static(const Request& request, const std::string& root);

}  // namespace samrad::net
