// The log's signer key on disk (config records.signing_key_file): loaded at start, or created
// with mode 0600 when the file does not exist yet.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "records/note_keys.hpp"
#include "records/result.hpp"

namespace samrad::records {

// The key in path, whose name must be name. A missing file is created (atomically, mode 0600)
// with a new key. Refused, with a message naming the file: a file readable or writable by group
// or others, one that is not exactly a signer key line, or a key of another name.
Result<SignerKey> load_or_create_signing_key(const std::filesystem::path& path,
                                             std::string_view name);

}  // namespace samrad::records
