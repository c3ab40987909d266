// Signed notes (see signed_note.hpp), following C2SP signed-note and Go's
// golang.org/x/mod/sumdb/note, whose test vector the unit tests check.
#include "records/signed_note.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

#include "records/base64.hpp"
#include "records/utf8.hpp"

namespace samrad::records {

namespace {

constexpr std::string_view em_dash_space = "\xE2\x80\x94 ";  // U+2014 and a space

NoteFailure malformed(std::string reason) {
  return {NoteFailureKind::malformed, "not a well-formed signed note: " + std::move(reason)};
}

// C2SP: "ASCII control characters (those below U+0020) other than newline".
bool has_control_characters(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return true;
  }
  return false;
}

}  // namespace

bool is_valid_note_text(std::string_view text) {
  return !text.empty() && text != "\n" && text.back() == '\n' && decode_utf8(text) &&
         !has_control_characters(text);
}

std::string sign_note(std::string_view text, const SignerKey& key) {
  if (!is_valid_note_text(text)) throw std::invalid_argument("sign_note: not a valid note text");
  const auto signature = key.sign(text);
  std::vector<std::uint8_t> bytes{
      static_cast<std::uint8_t>(key.id() >> 24), static_cast<std::uint8_t>(key.id() >> 16),
      static_cast<std::uint8_t>(key.id() >> 8), static_cast<std::uint8_t>(key.id())};
  bytes.insert(bytes.end(), signature.begin(), signature.end());
  std::string note(text);
  note += '\n';
  note += em_dash_space;
  note += key.name();
  note += ' ';
  note += encode_base64(bytes);
  note += '\n';
  return note;
}

Result<std::string, NoteFailure> open_note(std::string_view note, const VerifierKey& key) {
  if (!decode_utf8(note)) return malformed("it is not valid UTF-8");
  if (has_control_characters(note)) return malformed("it has a control character");
  // The text ends at the last empty line; signature lines follow it.
  const auto split = note.rfind("\n\n");
  if (split == std::string_view::npos) return malformed("there is no empty line before signatures");
  const auto text = note.substr(0, split + 1);
  auto signatures = note.substr(split + 2);
  if (!is_valid_note_text(text)) return malformed("the text is empty");
  if (signatures.empty()) return malformed("there are no signature lines");
  if (signatures.back() != '\n')
    return malformed("the last signature line does not end in a newline");

  int count = 0;
  bool verified = false;
  const auto label = key_label(key.name, key.id);
  while (!signatures.empty()) {
    const auto end = signatures.find('\n');
    auto line = signatures.substr(0, end);
    signatures.remove_prefix(end + 1);
    if (++count > max_note_signatures) return malformed("it has too many signatures");
    if (!line.starts_with(em_dash_space)) {
      return malformed("a signature line does not start with an em dash and a space");
    }
    line.remove_prefix(em_dash_space.size());
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return malformed("a signature line has no signature");
    const auto name = line.substr(0, space);
    if (!is_valid_key_name(name)) return malformed("a signature line has an invalid key name");
    const auto bytes = decode_base64(line.substr(space + 1));
    if (!bytes || bytes->size() < 5) return malformed("a signature is not valid base64");
    const KeyId id = (KeyId{(*bytes)[0]} << 24) | (KeyId{(*bytes)[1]} << 16) |
                     (KeyId{(*bytes)[2]} << 8) | (*bytes)[3];
    if (name != key.name || id != key.id) continue;  // another key's signature
    if (bytes->size() != 4 + crypto_sign_BYTES ||
        crypto_sign_verify_detached(bytes->data() + 4,
                                    reinterpret_cast<const unsigned char*>(text.data()),
                                    text.size(), key.public_key.data()) != 0) {
      // C2SP: a failing signature by a known key rejects the whole note.
      return NoteFailure{NoteFailureKind::bad_signature,
                         "signature does not verify with key " + label};
    }
    verified = true;
  }
  if (!verified) return NoteFailure{NoteFailureKind::not_signed, "no signature by key " + label};
  return std::string(text);
}

}  // namespace samrad::records
