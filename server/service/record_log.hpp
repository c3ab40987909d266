// The transparency log as the HTTP API serves it (protocol/records.md): the verifier key, the
// latest signed checkpoint, inclusion and consistency proofs, and the decision records, each a
// read on the service's read pool. The proofs and the checkpoint reveal hashes only and are
// public; a record is given only to someone who may see its round.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "domain/export_query.hpp"
#include "service/caller.hpp"
#include "service/consultation_service.hpp"
#include "store/store.hpp"

namespace samrad::service {

// What one round can be exported as (protocol/records.md, "Exports"): the signed bundle, the
// record in Swedish for print, its positions and the state's responses as CSV for a Swedish
// spreadsheet, and the discussion of its main stream as CSV or for print. The record's formats
// exist once the round is decided; the discussion's in every phase.
enum class ExportFormat {
  record_json,
  record_html,
  positions_csv,
  responses_csv,
  posts_csv,
  archive_html
};

struct ExportFile {
  std::string content_type;
  std::string filename;  // for Content-Disposition
  std::string body;
};

// What the rounds a query selects can be exported as at once: of the decided ones, every version
// of every position or the state's responses as one CSV, or every round's record bundle in one
// JSON document (format samrad-records-export/1), each bundle verifiable on its own; of rounds
// in every phase, the posts of their discussions as one CSV.
enum class BulkFormat { positions_csv, responses_csv, posts_csv, records_json };

// A bulk export, written to an unnamed temporary file as it is made: the open file (at its
// start; the receiver closes it), its type, what to call it, and the rounds it holds for the
// audit log.
struct BulkFile {
  int fd = -1;
  std::string content_type;
  std::string filename;
  std::string rounds;  // ids, comma-separated
};

class RecordLog {
 public:
  // Loads the signer key from key_file, creating the file (mode 0600) with a new key when it does
  // not exist; throws std::runtime_error naming the problem otherwise (start-up fails).
  RecordLog(store::Store& store, ConsultationService& service,
            const std::filesystem::path& key_file, const std::string& log_origin);
  ~RecordLog();
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  // "<name>+<key id>+<base64 key>", the line served at /.well-known/samrad-log-key.
  const std::string& verifier_key() const;

  // The signed note of the log as it is now.
  void checkpoint(Callback<std::string> done);
  // {"index","tree_size","proof"} for leaf index in the tree of tree_size leaves; bad_request
  // when index ≥ tree_size or tree_size is beyond the log.
  void inclusion_proof(std::int64_t index, std::int64_t tree_size, Callback<std::string> done);
  // {"from","to","proof"}; bad_request when from > to or to is beyond the log.
  void consistency_proof(std::int64_t from, std::int64_t to, Callback<std::string> done);
  // The bundle of the round's newest record, proved against the checkpoint of the log as it is
  // now; not_found when the round has no record or the caller may not see it.
  void round_record(Caller caller, domain::RoundId round, Callback<std::string> done);
  // The record at log_index, in its canonical form; not_found as above.
  void record(Caller caller, std::int64_t log_index, Callback<std::string> done);
  // One round in one format, for someone who may see the round (not_found otherwise, and for a
  // record format of a round that has no record yet).
  void export_round(Caller caller, domain::RoundId round, ExportFormat format,
                    Callback<ExportFile> done);
  // The rounds the caller may see that the query asks for, in one file of the format: one
  // round's record or discussion in memory at a time, whatever the number of rounds.
  void export_bulk(Caller caller, domain::RoundExportQuery query, BulkFormat format,
                   Callback<BulkFile> done);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samrad::service
