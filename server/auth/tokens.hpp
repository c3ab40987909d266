// Session tokens: 128 random bits, sent to the browser as 32 hex digits; only a hash of the
// token is stored, so a leaked database does not leak live sessions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samrad::auth {

// A fresh random session token, 32 lowercase hex digits.
std::string new_session_token();

// True for exactly 32 lowercase hex digits; anything else is never looked up.
bool is_well_formed_token(std::string_view token) noexcept;

// BLAKE2b-256 of the token, hex: the key under which a session is stored.
std::string token_hash(std::string_view token);

}  // namespace samrad::auth
