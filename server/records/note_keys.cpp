// Signed-note keys (see note_keys.hpp).
#include "records/note_keys.hpp"

#include <sodium.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "records/base64.hpp"
#include "records/merkle.hpp"
#include "records/utf8.hpp"

namespace samrad::records {

namespace {

void init_sodium() {
  // Safe to call repeatedly and from several threads; needed before randombytes.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string hex8(KeyId id) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", id);
  return text;
}

std::optional<KeyId> parse_hex8(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  KeyId id = 0;
  for (const char c : text) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    id = (id << 4) | static_cast<KeyId>(digit);
  }
  return id;
}

std::string typed_base64(const std::array<std::uint8_t, 32>& key) {
  std::vector<std::uint8_t> bytes{ed25519_signature_type};
  bytes.insert(bytes.end(), key.begin(), key.end());
  return encode_base64(bytes);
}

std::optional<std::array<std::uint8_t, 32>> parse_typed_base64(std::string_view text) {
  const auto bytes = decode_base64(text);
  if (!bytes || bytes->size() != 33 || (*bytes)[0] != ed25519_signature_type) return std::nullopt;
  std::array<std::uint8_t, 32> key;
  std::copy(bytes->begin() + 1, bytes->end(), key.begin());
  return key;
}

struct KeyParts {
  std::string_view name, id, key;
};

// "name+id+key", the name free of '+'.
std::optional<KeyParts> split_key(std::string_view text) {
  const auto first = text.find('+');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = text.find('+', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  return KeyParts{text.substr(0, first), text.substr(first + 1, second - first - 1),
                  text.substr(second + 1)};
}

}  // namespace

bool is_valid_key_name(std::string_view name) {
  const auto code_points = decode_utf8(name);
  if (name.empty() || !code_points) return false;
  for (const char32_t c : *code_points) {
    if (c == U'+' || is_unicode_space(c)) return false;
  }
  return true;
}

KeyId key_id(std::string_view name, const PublicKey& public_key) {
  std::string input(name);
  input += '\n';
  input += static_cast<char>(ed25519_signature_type);
  input.append(reinterpret_cast<const char*>(public_key.data()), public_key.size());
  const Hash hash = sha256(input);
  return (KeyId{hash[0]} << 24) | (KeyId{hash[1]} << 16) | (KeyId{hash[2]} << 8) | hash[3];
}

std::string key_label(std::string_view name, KeyId id) {
  return std::string(name) + "+" + hex8(id);
}

std::string format_verifier_key(const VerifierKey& key) {
  return key_label(key.name, key.id) + "+" + typed_base64(key.public_key);
}

Result<VerifierKey> parse_verifier_key(std::string_view text) {
  const auto parts = split_key(text);
  if (!parts) return Error{"a verifier key has the form <name>+<key id>+<base64 key>"};
  if (!is_valid_key_name(parts->name)) return Error{"the verifier key's name is not valid"};
  const auto id = parse_hex8(parts->id);
  if (!id) return Error{"the verifier key's id is not 8 lowercase hex digits"};
  const auto public_key = parse_typed_base64(parts->key);
  if (!public_key) {
    return Error{"the verifier key's key is not base64 of 0x01 and a 32-byte Ed25519 key"};
  }
  if (key_id(parts->name, *public_key) != *id) {
    return Error{"the verifier key's id does not match its name and key"};
  }
  return VerifierKey{std::string(parts->name), *id, *public_key};
}

SignerKey::SignerKey(std::string name, const Seed& seed) : name_(std::move(name)), seed_(seed) {
  if (!is_valid_key_name(name_)) throw std::invalid_argument("not a valid key name: " + name_);
  crypto_sign_seed_keypair(public_key_.data(), secret_key_.data(), seed_.data());
  id_ = key_id(name_, public_key_);
}

SignerKey::SignerKey(const SignerKey&) = default;
SignerKey& SignerKey::operator=(const SignerKey&) = default;

SignerKey::~SignerKey() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(secret_key_.data(), secret_key_.size());
}

SignerKey SignerKey::from_seed(std::string name, const Seed& seed) {
  return SignerKey(std::move(name), seed);
}

SignerKey SignerKey::generate(std::string name) {
  init_sodium();
  Seed seed;
  randombytes_buf(seed.data(), seed.size());
  SignerKey key(std::move(name), seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

std::array<std::uint8_t, 64> SignerKey::sign(std::string_view message) const {
  std::array<std::uint8_t, 64> signature;
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_key_.data());
  return signature;
}

std::string format_signer_key(const SignerKey& key) {
  return "PRIVATE+KEY+" + key_label(key.name(), key.id()) + "+" + typed_base64(key.seed());
}

Result<SignerKey> parse_signer_key(std::string_view text) {
  constexpr std::string_view prefix = "PRIVATE+KEY+";
  if (!text.starts_with(prefix)) return Error{"a signer key starts with PRIVATE+KEY+"};
  const auto parts = split_key(text.substr(prefix.size()));
  if (!parts) return Error{"a signer key has the form PRIVATE+KEY+<name>+<key id>+<base64 seed>"};
  if (!is_valid_key_name(parts->name)) return Error{"the signer key's name is not valid"};
  const auto id = parse_hex8(parts->id);
  if (!id) return Error{"the signer key's id is not 8 lowercase hex digits"};
  auto seed = parse_typed_base64(parts->key);
  if (!seed) return Error{"the signer key's key is not base64 of 0x01 and a 32-byte Ed25519 seed"};
  auto key = SignerKey::from_seed(std::string(parts->name), *seed);
  sodium_memzero(seed->data(), seed->size());
  if (key.id() != *id) return Error{"the signer key's id does not match its name and key"};
  return key;
}

}  // namespace samrad::records
