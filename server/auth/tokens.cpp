// Session and API token generation and hashing (see tokens.hpp).
#include "auth/tokens.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace samrad::auth {

namespace {
std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

constexpr std::size_t export_token_bytes = 32;
// Unpadded base64 of 32 bytes: 4 characters per 3 bytes, rounded up.
constexpr std::size_t export_token_characters = (export_token_bytes * 4 + 2) / 3;

}  // namespace

std::string new_session_token() {
  init_sodium();
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return to_hex(bytes.data(), bytes.size());
}

bool is_well_formed_token(std::string_view token) noexcept {
  if (token.size() != 32) return false;
  for (char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string token_hash(std::string_view token) {
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return to_hex(digest.data(), digest.size());
}

std::string new_export_token() {
  init_sodium();
  std::array<unsigned char, export_token_bytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), variant);
  encoded.resize(export_token_characters);  // drops the terminating NUL
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(export_token_prefix) + encoded;
}

bool is_well_formed_export_token(std::string_view token) noexcept {
  if (!token.starts_with(export_token_prefix)) return false;
  const auto encoded = token.substr(export_token_prefix.size());
  if (encoded.size() != export_token_characters) return false;
  // Decoding checks the alphabet and that the last character carries no stray bits, so one
  // token has exactly one spelling (and so one hash).
  std::array<unsigned char, export_token_bytes> bytes{};
  std::size_t length = 0;
  const bool decoded =
      sodium_base642bin(bytes.data(), bytes.size(), encoded.data(), encoded.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
  sodium_memzero(bytes.data(), bytes.size());
  return decoded && length == export_token_bytes;
}

bool same_hash(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace samrad::auth
