// Signed-note keys, signing and verification against the Go reference implementation's test
// vector (golang.org/x/mod/sumdb/note, note_test.go), and checkpoint bodies as C2SP
// tlog-checkpoint shows them.
#include <gtest/gtest.h>

#include <string>

#include "records/base64.hpp"
#include "records/checkpoint.hpp"
#include "records/note_keys.hpp"
#include "records/signed_note.hpp"

using namespace samrad::records;

namespace {

// golang.org/x/mod/sumdb/note/note_test.go: TestNewVerifier, TestNewSigner, TestSign, TestOpen.
constexpr std::string_view go_verifier_key =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view go_signer_key =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view go_text =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view go_peter_signature =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
constexpr std::string_view go_enoch_signature =
    "\xE2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

std::string go_note() {
  return std::string(go_text) + "\n" + std::string(go_peter_signature);
}

VerifierKey peter() {
  return *parse_verifier_key(go_verifier_key);
}

}  // namespace

TEST(NoteKeys, GoVectorKeysParseAndFormatBack) {
  const auto verifier = parse_verifier_key(go_verifier_key);
  ASSERT_TRUE(verifier.ok()) << verifier.error().message;
  EXPECT_EQ(verifier->name, "PeterNeumann");
  EXPECT_EQ(verifier->id, 0xc74f20a3u);
  EXPECT_EQ(format_verifier_key(*verifier), go_verifier_key);

  const auto signer = parse_signer_key(go_signer_key);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  EXPECT_EQ(signer->id(), 0xc74f20a3u);
  EXPECT_EQ(format_signer_key(*signer), go_signer_key);
  EXPECT_EQ(format_verifier_key(signer->verifier()), go_verifier_key);
}

// As Go's TestNewVerifier and TestNewSigner: every proper substring and every one-byte change
// of a key is refused.
TEST(NoteKeys, ManglingsAreRefused) {
  for (const std::string_view key : {go_verifier_key, go_signer_key}) {
    const bool is_signer = key.starts_with("PRIVATE");
    const auto parses = [&](std::string_view text) {
      return is_signer ? parse_signer_key(text).ok() : parse_verifier_key(text).ok();
    };
    for (std::size_t i = 0; i <= key.size(); ++i) {
      for (std::size_t j = i + 1; j <= key.size(); ++j) {
        if (i == 0 && j == key.size()) continue;
        EXPECT_FALSE(parses(key.substr(i, j - i))) << key.substr(i, j - i);
      }
    }
    std::string changed(key);
    for (auto& c : changed) {
      ++c;
      EXPECT_FALSE(parses(changed)) << changed;
      --c;
    }
  }
  // From Go: a key of the wrong length and an unknown algorithm, each with a matching id.
  EXPECT_FALSE(parse_verifier_key(
                   "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                   .ok());
  EXPECT_FALSE(
      parse_verifier_key("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
          .ok());
}

TEST(NoteKeys, KeyNamesFollowC2sp) {
  EXPECT_TRUE(is_valid_key_name("samrad.example/log"));
  EXPECT_TRUE(is_valid_key_name("kommun.example/samråd"));
  EXPECT_FALSE(is_valid_key_name(""));
  EXPECT_FALSE(is_valid_key_name("a+b"));
  EXPECT_FALSE(is_valid_key_name("a b"));
  EXPECT_FALSE(
      is_valid_key_name("a\xC2\xA0"
                        "b"));  // no-break space
  EXPECT_FALSE(
      is_valid_key_name("a\xE3\x80\x80"
                        "b"));  // ideographic space
  EXPECT_FALSE(is_valid_key_name("\xFF"));
}

// Ed25519 is deterministic: signing Go's text with Go's key gives Go's published note.
TEST(SignedNote, SigningGivesGoVectorBytes) {
  const auto signer = parse_signer_key(go_signer_key);
  ASSERT_TRUE(signer.ok());
  EXPECT_EQ(sign_note(go_text, *signer), go_note());
  EXPECT_THROW(sign_note("abc", *signer), std::invalid_argument);
  EXPECT_THROW(sign_note("", *signer), std::invalid_argument);
  EXPECT_THROW(sign_note("\n", *signer), std::invalid_argument);
}

TEST(SignedNote, OpensGoVectorIgnoringOtherKeys) {
  const auto text = open_note(go_note(), peter());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, go_text);
  // Enoch's line is ignored, in either order, as in Go's TestOpen.
  EXPECT_TRUE(open_note(std::string(go_text) + "\n" + std::string(go_peter_signature) +
                            std::string(go_enoch_signature),
                        peter())
                  .ok());
  EXPECT_TRUE(open_note(std::string(go_text) + "\n" + std::string(go_enoch_signature) +
                            std::string(go_peter_signature),
                        peter())
                  .ok());
  const auto only_enoch =
      open_note(std::string(go_text) + "\n" + std::string(go_enoch_signature), peter());
  ASSERT_FALSE(only_enoch.ok());
  EXPECT_EQ(only_enoch.error().kind, NoteFailureKind::not_signed);
  EXPECT_EQ(only_enoch.error().message, "no signature by key PeterNeumann+c74f20a3");
}

TEST(SignedNote, RefusesWhatGoRefuses) {
  const std::string text(go_text);
  const std::string sig(go_peter_signature);
  // Go's TestOpen "invalid encoded message syntax" cases, and more.
  for (const std::string& bad : {
           text,
           text + "\n",
           text + "\n" + sig.substr(0, sig.size() - 1),
           "\x01" + text + "\n" + sig,
           "\xff" + text + "\n" + sig,
           text + "\n" +
               "\xE2\x80\x94 Bad Name "
               "x08go/ZJkuBS9UG/"
               "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
           text + "\n" + sig + "Unexpected line.\n",
           text + "\n\n" + sig.substr(0, 3) + " " + sig.substr(3),  // two spaces after the dash
           "\n\n" + sig,                                            // empty text
           text + "\n" + "- PeterNeumann x08go\n",
       }) {
    const auto opened = open_note(bad, peter());
    ASSERT_FALSE(opened.ok()) << bad;
    EXPECT_EQ(opened.error().kind, NoteFailureKind::malformed) << bad;
  }
  // A bad signature by the expected key rejects the note.
  std::string bent = go_note();
  bent[bent.size() - 10] = bent[bent.size() - 10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(open_note(bent, peter()).error().kind, NoteFailureKind::bad_signature);
  std::string other_text = go_note();
  other_text[0] = 'i';
  EXPECT_EQ(open_note(other_text, peter()).error().kind, NoteFailureKind::bad_signature);
  EXPECT_EQ(open_note(other_text, peter()).error().message,
            "signature does not verify with key PeterNeumann+c74f20a3");
  // Too many signatures.
  std::string many = text + "\n";
  for (int i = 0; i <= max_note_signatures; ++i) many += sig;
  EXPECT_EQ(open_note(many, peter()).error().kind, NoteFailureKind::malformed);
}

TEST(SignedNote, TextMayHoldEmptyLinesAndSplitsAtTheLastOne) {
  const auto key = SignerKey::from_seed("samrad.example/log", Seed{});
  const std::string text = "first\n\nthird\n";
  const auto note = sign_note(text, key);
  const auto opened = open_note(note, key.verifier());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, text);
}

// C2SP tlog-checkpoint's example body, byte for byte.
TEST(Checkpoint, BodyIsC2spTlogCheckpoint) {
  const std::string body =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  const auto parsed = parse_checkpoint_body(body);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(parsed->size, 20852163u);
  EXPECT_EQ(encode_base64(parsed->root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_EQ(format_checkpoint_body(*parsed), body);
  EXPECT_TRUE(parse_checkpoint_body("o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n").ok());
}

TEST(Checkpoint, RefusesOtherBodies) {
  const std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  for (const std::string& bad : {
           "o\n012\n" + root + "\n",                                             // leading zero
           "o\n00\n" + root + "\n",                                              //
           "o\n+12\n" + root + "\n",                                             //
           "o\n-1\n" + root + "\n",                                              //
           "o\n1 \n" + root + "\n",                                              //
           "o\n\n" + root + "\n",                                                //
           "o\n18446744073709551616\n" + root + "\n",                            // beyond 64 bits
           "\n12\n" + root + "\n",                                               // empty origin
           "o\n12\n" + root,                                                     // no final newline
           "o\n12\n" + root + "\n\n",                                            // extra blank line
           "o\n12\n" + root + "\nextension\n",                                   // extension line
           std::string("o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n"),  // unpadded
           std::string("o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n"),  // 31 bytes
           "o\n12\n" + root.substr(0, 43) + "J=\n",  // non-zero padding bits
       }) {
    EXPECT_FALSE(parse_checkpoint_body(bad).ok()) << bad;
  }
}
