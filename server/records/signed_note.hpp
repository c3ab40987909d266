// C2SP signed notes (c2sp.org/signed-note) with Ed25519: signing a text, and opening a note with
// the one key the caller trusts, ignoring signatures by other keys.
#pragma once

#include <string>
#include <string_view>

#include "records/note_keys.hpp"
#include "records/result.hpp"

namespace samrad::records {

// Verifiers must accept at least 16 signatures (C2SP); Go's note package stops at 100.
inline constexpr int max_note_signatures = 100;

// The note: text, an empty line, one signature line by key. The text must be a valid note text
// (non-empty, ending in a newline, UTF-8 without control characters but newlines), else
// std::invalid_argument.
std::string sign_note(std::string_view text, const SignerKey& key);

// Whether text can be signed as above.
bool is_valid_note_text(std::string_view text);

enum class NoteFailureKind {
  malformed,     // not a signed note: the message says which rule it breaks
  not_signed,    // no signature line by the expected key (name and key id)
  bad_signature  // a line by the expected key whose signature does not verify
};

struct NoteFailure {
  NoteFailureKind kind;
  std::string message;
};

// The note's text (with its final newline), if the note is well formed and carries a valid
// signature by key. Lines by other keys are ignored but must be well formed.
Result<std::string, NoteFailure> open_note(std::string_view note, const VerifierKey& key);

}  // namespace samrad::records
