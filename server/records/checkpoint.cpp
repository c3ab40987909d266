// Checkpoint bodies (see checkpoint.hpp).
#include "records/checkpoint.hpp"

#include <charconv>
#include <stdexcept>

#include "records/base64.hpp"
#include "records/signed_note.hpp"

namespace samrad::records {

std::string format_checkpoint_body(const Checkpoint& checkpoint) {
  return checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
         encode_base64(checkpoint.root) + "\n";
}

Result<Checkpoint> parse_checkpoint_body(std::string_view body) {
  std::string_view lines[3];
  for (auto& line : lines) {
    const auto end = body.find('\n');
    if (end == std::string_view::npos) {
      return Error{"the checkpoint body does not have three lines, each ending in a newline"};
    }
    line = body.substr(0, end);
    body.remove_prefix(end + 1);
  }
  if (!body.empty()) return Error{"the checkpoint body has lines after the root hash"};
  Checkpoint checkpoint;
  if (lines[0].empty()) return Error{"the checkpoint's origin line is empty"};
  checkpoint.origin = lines[0];
  const auto size = lines[1];
  const auto [end, error] =
      std::from_chars(size.data(), size.data() + size.size(), checkpoint.size);
  if (size.empty() || size[0] < '0' || size[0] > '9' || error != std::errc() ||
      end != size.data() + size.size() || (size.size() > 1 && size[0] == '0')) {
    return Error{"the checkpoint's tree size \"" + std::string(size) +
                 "\" is not a decimal number without leading zeros"};
  }
  const auto root = decode_base64(lines[2]);
  if (!root || root->size() != checkpoint.root.size()) {
    return Error{"the checkpoint's root hash is not base64 of 32 bytes"};
  }
  std::copy(root->begin(), root->end(), checkpoint.root.begin());
  return checkpoint;
}

std::string sign_checkpoint(const Checkpoint& checkpoint, const SignerKey& key) {
  if (checkpoint.origin != key.name()) {
    throw std::invalid_argument("sign_checkpoint: the key's name is not the origin");
  }
  return sign_note(format_checkpoint_body(checkpoint), key);
}

}  // namespace samrad::records
