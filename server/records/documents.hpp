// The JSON documents of records.md: the record bundle a person downloads, and the consistency
// proof of GET /log/proof/consistency. Formatting, and the strict reading that is step 1 of
// verifying them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "records/merkle.hpp"
#include "records/result.hpp"
#include "records/text_sink.hpp"

namespace samrad::records {

inline constexpr std::string_view bundle_format = "samrad-record-bundle/1";
inline constexpr std::string_view records_export_format = "samrad-records-export/1";
inline constexpr std::string_view decision_record_format = "samrad-decision-record/1";
// Indexes and sizes in JSON stay exact in JavaScript (the browser's verifier reads them too).
inline constexpr std::uint64_t max_json_integer = 9007199254740991;

struct RecordBundle {
  std::uint64_t log_index = 0;
  std::string record;  // the record's canonical (RFC 8785) bytes: the leaf
  std::vector<Hash> inclusion_proof;
  std::string checkpoint;  // the signed note
};

struct ConsistencyProof {
  std::uint64_t from = 0;
  std::uint64_t to = 0;
  std::vector<Hash> proof;
};

// Pretty-printed JSON, fields in records.md's order, ending in a newline. The record must be
// canonical JSON of an object (else std::invalid_argument).
std::string format_bundle(const RecordBundle& bundle);
std::string format_consistency_proof(const ConsistencyProof& proof);

// The bulk JSON export: {"format","exported_at","bundles":[bundle, ...]}, written to the sink a
// bundle at a time so that many rounds never sit in memory together. finish() closes it.
class RecordsExportWriter {
 public:
  RecordsExportWriter(TextSink sink, std::string_view exported_at);
  void add(const RecordBundle& bundle);
  void finish();

 private:
  TextSink sink_;
  bool first_ = true;
};

// Exactly the fields records.md lists, of the right types, format known; the record comes back
// in canonical form. Errors name the field.
Result<RecordBundle> parse_bundle(std::string_view json_text);
Result<ConsistencyProof> parse_consistency_proof(std::string_view json_text);

}  // namespace samrad::records
