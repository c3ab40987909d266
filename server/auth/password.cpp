// argon2id password hashing via libsodium (see password.hpp).
#include "auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace samrad::auth {

namespace {
void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}
}  // namespace

std::string hash_password(std::string_view password, const PasswordCost& cost) {
  ensure_sodium();
  static_assert(crypto_pwhash_STRBYTES > 0);
  char encoded[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id hashing ran out of memory");
  }
  return encoded;
}

bool verify_password(std::string_view password, const std::string& encoded_hash) {
  ensure_sodium();
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace samrad::auth
