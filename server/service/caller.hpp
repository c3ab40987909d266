// Who asks: a person and the login session the request came through. Every request is checked
// against that session, so nothing is done for a connection whose session has ended.
#pragma once

#include <optional>
#include <string>

#include "domain/audit.hpp"
#include "domain/types.hpp"

namespace samrad::service {

struct Caller {
  domain::Person person;
  // The hash of the session's token. None for the server's own trusted work (demo data, admin
  // commands), which no login session stands behind.
  std::optional<std::string> session_hash;
  // Where the request came from, for the audit log: the server's own work unless told.
  domain::Origin origin = {};
};

// A client's idempotency key for one command, with a fingerprint of the request it came with.
struct CommandKey {
  std::string key;
  std::string fingerprint;
};

}  // namespace samrad::service
