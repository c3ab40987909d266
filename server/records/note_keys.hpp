// The log's Ed25519 key pair as C2SP signed-note keys: key ids, and the verifier-key and
// signer-key strings of records.md ("Keys").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "records/result.hpp"

namespace samrad::records {

using PublicKey = std::array<std::uint8_t, 32>;
using Seed = std::array<std::uint8_t, 32>;
using KeyId = std::uint32_t;

// The signature-type byte of Ed25519 in C2SP signed-note.
inline constexpr std::uint8_t ed25519_signature_type = 0x01;

// Non-empty, valid UTF-8, no Unicode space and no '+' (C2SP signed-note key names).
bool is_valid_key_name(std::string_view name);

// First four bytes, big-endian, of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
KeyId key_id(std::string_view name, const PublicKey& public_key);
// "name+1a2b3c4d": how messages name a key.
std::string key_label(std::string_view name, KeyId id);

struct VerifierKey {
  std::string name;
  KeyId id = 0;
  PublicKey public_key{};
};

// "<name>+<8 lowercase hex>+<base64(0x01 ‖ public key)>".
std::string format_verifier_key(const VerifierKey& key);
// Refuses anything but exactly that form with a key id that matches the name and key.
Result<VerifierKey> parse_verifier_key(std::string_view text);

// An Ed25519 signing key with its name. Its secret half is wiped when it is destroyed.
class SignerKey {
 public:
  // name must be a valid key name (else std::invalid_argument).
  static SignerKey from_seed(std::string name, const Seed& seed);
  static SignerKey generate(std::string name);

  SignerKey(const SignerKey&);
  SignerKey& operator=(const SignerKey&);
  ~SignerKey();

  const std::string& name() const { return name_; }
  KeyId id() const { return id_; }
  const Seed& seed() const { return seed_; }
  VerifierKey verifier() const { return {name_, id_, public_key_}; }
  // The 64-byte Ed25519 signature of the message.
  std::array<std::uint8_t, 64> sign(std::string_view message) const;

 private:
  SignerKey(std::string name, const Seed& seed);

  std::string name_;
  Seed seed_{};
  PublicKey public_key_{};
  std::array<std::uint8_t, 64> secret_key_{};
  KeyId id_ = 0;
};

// "PRIVATE+KEY+<name>+<8 lowercase hex>+<base64(0x01 ‖ seed)>".
std::string format_signer_key(const SignerKey& key);
Result<SignerKey> parse_signer_key(std::string_view text);

}  // namespace samrad::records
