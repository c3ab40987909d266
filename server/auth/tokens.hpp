// Session tokens: 128 random bits, sent to the browser as 32 hex digits; only a hash of the
// token is stored, so a leaked database does not leak live sessions. API tokens for exports work
// the same way with 256 bits and a prefix that log readers and secret scanners recognise.
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

// Every export token starts with this, so a token pasted into a log, a ticket or a repository is
// recognisable for what it is (secret scanners match on it).
inline constexpr std::string_view export_token_prefix = "samrad_export_";

// A fresh export API token: the prefix and 32 random bytes as unpadded base64url (43 characters).
std::string new_export_token();

// True for the prefix followed by exactly 43 base64url characters whose last one carries no
// stray bits; anything else is never looked up.
bool is_well_formed_export_token(std::string_view token) noexcept;

// Constant-time equality of two hashes (or any two strings of the same length).
bool same_hash(std::string_view a, std::string_view b) noexcept;

}  // namespace samrad::auth
