// Why an export refused its input: a record, bundle or archive that does not follow records.md.
// The path names the key (e.g. "positions[2].versions[0].stance") so the builder can be fixed.
#pragma once

#include <string>

namespace samrad::records {

enum class ExportErrorKind {
  missing_key,  // a key records.md requires is absent
  unknown_key,  // a key records.md does not list (a builder's mistake, or another format)
  wrong_type,   // the key is there with another JSON type
  bad_value     // the type is right but the value is not one records.md allows
};

struct ExportError {
  ExportErrorKind kind;
  std::string path;     // where in the document, e.g. "round.decided_at"
  std::string message;  // plain English, naming the path
};

}  // namespace samrad::records
