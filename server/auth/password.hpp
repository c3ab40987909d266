// Password hashing with argon2id (libsodium). Parameters meet OWASP's minimum (19 MiB, 2 passes)
// with room to spare; the encoded hash records them, so they can be raised later.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samrad::auth {

struct PasswordCost {
  unsigned long long ops = 3;                      // passes
  std::size_t memory_bytes = 64ull * 1024 * 1024;  // 64 MiB
};

// libsodium's encoded "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string. Throws only if the
// system is out of memory for the hash (a start-up style failure).
std::string hash_password(std::string_view password, const PasswordCost& cost = {});

// Constant-time verification against an encoded hash.
bool verify_password(std::string_view password, const std::string& encoded_hash);

}  // namespace samrad::auth
