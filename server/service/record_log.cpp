// The transparency log's reads (see record_log.hpp). The tree is hashed from the stored leaf
// hashes on each request: records are few (one per decided round), so this stays cheap, and
// nothing cached can disagree with the store.
#include "service/record_log.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "domain/agenda_order.hpp"
#include "domain/permissions.hpp"
#include "records/archive_html.hpp"
#include "records/base64.hpp"
#include "records/checkpoint.hpp"
#include "records/csv_writer.hpp"
#include "records/discussion_archive.hpp"
#include "records/documents.hpp"
#include "records/merkle.hpp"
#include "records/note_keys.hpp"
#include "records/positions_csv.hpp"
#include "records/posts_csv.hpp"
#include "records/record_html.hpp"
#include "records/responses_csv.hpp"
#include "records/signing_key_file.hpp"
#include "records/text_sink.hpp"

namespace samrad::service {

using domain::ErrorCode;
using domain::make_error;
using domain::Result;

struct RecordLog::Impl {
  store::Store& store;
  ConsultationService& service;
  records::SignerKey key;
  std::string verifier_line;

  // Runs body on the read pool; an exception (a broken invariant) is logged and answered with
  // internal, so no caller waits forever.
  template <class T = std::string, class Body>
  void read(Callback<T> done, Body body) {
    service.post_read([done = std::move(done), body = std::move(body)]() mutable {
      std::optional<Result<T>> result;
      try {
        result.emplace(body());
      } catch (const std::exception& e) {
        spdlog::error("records: unexpected exception: {}", e.what());
        result.emplace(make_error(ErrorCode::internal, "Internal error"));
      }
      done(std::move(*result));
    });
  }

  Result<std::vector<records::Hash>> leaves() {
    auto stored = store.log_leaf_hashes();
    if (!stored) return stored.error();
    std::vector<records::Hash> hashes;
    hashes.reserve(stored->size());
    for (const auto& text : *stored) {
      const auto bytes = records::decode_base64(text);
      if (!bytes || bytes->size() != 32) throw std::logic_error("a stored leaf hash is malformed");
      records::Hash hash;
      std::copy(bytes->begin(), bytes->end(), hash.begin());
      hashes.push_back(hash);
    }
    return hashes;
  }

  std::string signed_checkpoint(std::span<const records::Hash> hashes) const {
    return records::sign_checkpoint(
        {.origin = key.name(), .size = hashes.size(), .root = records::tree_root(hashes)}, key);
  }

  // A record the caller may read: its round exists and they may see it.
  Result<store::RecordOfRound> readable(const domain::Person& person,
                                        Result<std::optional<store::RecordOfRound>> found) {
    if (!found) return found.error();
    if (!*found || !domain::can_view_round(person, (*found)->round)) {
      return make_error(ErrorCode::not_found, "No such decision record");
    }
    return std::move(**found);
  }

  // The bundle of the round's newest record, proved against the log as it is now.
  Result<std::string> bundle_of(const domain::Person& person, domain::RoundId round) {
    auto found = readable(person, store.latest_record_of_round(round));
    if (!found) return found.error();
    // Leaves read after the record: the tree holds it.
    auto hashes = leaves();
    if (!hashes) return hashes.error();
    const auto index = static_cast<std::uint64_t>(found->record.log_index);
    return records::format_bundle({.log_index = index,
                                   .record = found->record.record,
                                   .inclusion_proof = records::inclusion_proof(*hashes, index),
                                   .checkpoint = signed_checkpoint(*hashes)});
  }

  // The round's main stream as the archive exports show it; hidden posts keep their place and
  // reason, their text withheld by the store's read.
  Result<records::DiscussionArchive> archive_of(const domain::Person& person,
                                                domain::RoundId round) {
    records::DiscussionArchive archive{
        .round_id = round, .round_title = {}, .threads = {}, .posts = {}};
    std::map<domain::PostId, std::size_t> post_at;
    constexpr std::size_t page_size = 1000;
    for (domain::Seq after = 0;;) {
      auto page = store.read_stream({round, domain::StreamKind::main}, after, page_size);
      if (!page) return page.error();
      if (!*page || !domain::can_view_round(person, (*page)->round)) {
        return make_error(ErrorCode::not_found, "No such round");
      }
      for (const auto& event : (*page)->events) {
        after = event.seq;
        std::visit([&](const auto& data) { archive_event(archive, post_at, event, data); },
                   event.data);
      }
      if ((*page)->events.size() < page_size) break;
    }
    return archive;
  }

  static void archive_event(records::DiscussionArchive& archive,
                            std::map<domain::PostId, std::size_t>& post_at,
                            const domain::Event& event, const auto& data) {
    using Data = std::decay_t<decltype(data)>;
    const auto at = domain::format_timestamp(event.at);
    if constexpr (std::is_same_v<Data, domain::RoundCreated>) {
      archive.round_title = data.title;
    } else if constexpr (std::is_same_v<Data, domain::ThreadCreated> ||
                         std::is_same_v<Data, domain::AgendaItemProposed>) {
      archive.threads.push_back({data.thread, data.title});
    } else if constexpr (std::is_same_v<Data, domain::ThreadMoved>) {
      domain::apply_move(archive.threads, data);
    } else if constexpr (std::is_same_v<Data, domain::PostCreated>) {
      post_at[data.post] = archive.posts.size();
      archive.posts.push_back({.id = data.post,
                               .thread_id = data.thread,
                               .reply_to = data.reply_to,
                               .author_name = event.actor.name,
                               .organisation_name = event.actor.organisation.name,
                               .created_at = at,
                               .versions = {{data.body, at}},
                               .hidden = std::nullopt});
    } else if constexpr (std::is_same_v<Data, domain::PostEdited>) {
      if (const auto found = post_at.find(data.post); found != post_at.end()) {
        archive.posts[found->second].versions.push_back({data.body, at});
      }
    } else if constexpr (std::is_same_v<Data, domain::PostHidden>) {
      if (const auto found = post_at.find(data.post); found != post_at.end()) {
        archive.posts[found->second].hidden = records::HiddenMark{data.reason, at};
      }
    } else if constexpr (std::is_same_v<Data, domain::MinutesWritten>) {
      const auto thread = std::find_if(archive.threads.begin(), archive.threads.end(),
                                       [&](const auto& item) { return item.id == data.thread; });
      if (thread != archive.threads.end()) {
        thread->minutes = records::ArchivedMinutes{.version = data.version,
                                                   .state_input = data.state_input,
                                                   .municipal_input = data.municipal_input,
                                                   .state_comment = data.state_comment,
                                                   .posts = data.posts,
                                                   .written_at = at,
                                                   .written_by = event.actor.name};
      }
    } else if constexpr (std::is_same_v<Data, domain::PostUnhidden>) {
      if (const auto found = post_at.find(data.post); found != post_at.end()) {
        archive.posts[found->second].hidden.reset();
      }
    }
  }
};

namespace {

nlohmann::json hashes_json(const std::vector<records::Hash>& hashes) {
  auto list = nlohmann::json::array();
  for (const auto& hash : hashes) list.push_back(records::encode_base64(hash));
  return list;
}

}  // namespace

RecordLog::RecordLog(store::Store& store, ConsultationService& service,
                     const std::filesystem::path& key_file, const std::string& log_origin) {
  auto key = records::load_or_create_signing_key(key_file, log_origin);
  if (!key) throw std::runtime_error(key.error().message);
  auto verifier = records::format_verifier_key(key->verifier());
  impl_ = std::unique_ptr<Impl>(new Impl{store, service, std::move(*key), std::move(verifier)});
}

RecordLog::~RecordLog() = default;

const std::string& RecordLog::verifier_key() const {
  return impl_->verifier_line;
}

void RecordLog::checkpoint(Callback<std::string> done) {
  impl_->read(std::move(done), [impl = impl_.get()]() -> Result<std::string> {
    auto hashes = impl->leaves();
    if (!hashes) return hashes.error();
    return impl->signed_checkpoint(*hashes);
  });
}

void RecordLog::inclusion_proof(std::int64_t index, std::int64_t tree_size,
                                Callback<std::string> done) {
  impl_->read(std::move(done), [impl = impl_.get(), index, tree_size]() -> Result<std::string> {
    auto hashes = impl->leaves();
    if (!hashes) return hashes.error();
    if (tree_size < 1 || static_cast<std::size_t>(tree_size) > hashes->size()) {
      return make_error(ErrorCode::bad_request, "tree_size must be from 1 to the log's size, " +
                                                    std::to_string(hashes->size()));
    }
    if (index < 0 || index >= tree_size) {
      return make_error(ErrorCode::bad_request, "index must be below tree_size");
    }
    const auto tree = std::span(*hashes).first(static_cast<std::size_t>(tree_size));
    const auto proof = records::inclusion_proof(tree, static_cast<std::uint64_t>(index));
    return nlohmann::ordered_json{
        {"index", index}, {"tree_size", tree_size}, {"proof", hashes_json(proof)}}
        .dump();
  });
}

void RecordLog::consistency_proof(std::int64_t from, std::int64_t to, Callback<std::string> done) {
  impl_->read(std::move(done), [impl = impl_.get(), from, to]() -> Result<std::string> {
    auto hashes = impl->leaves();
    if (!hashes) return hashes.error();
    if (to < 0 || static_cast<std::size_t>(to) > hashes->size()) {
      return make_error(ErrorCode::bad_request,
                        "to must be from 0 to the log's size, " + std::to_string(hashes->size()));
    }
    if (from < 0 || from > to) {
      return make_error(ErrorCode::bad_request, "from must be from 0 to to");
    }
    const auto tree = std::span(*hashes).first(static_cast<std::size_t>(to));
    return records::format_consistency_proof(
        {.from = static_cast<std::uint64_t>(from),
         .to = static_cast<std::uint64_t>(to),
         .proof = records::consistency_proof(tree, static_cast<std::uint64_t>(from))});
  });
}

void RecordLog::round_record(Caller caller, domain::RoundId round, Callback<std::string> done) {
  impl_->read(std::move(done),
              [impl = impl_.get(), caller = std::move(caller), round]() -> Result<std::string> {
                // The person as they are now: a withdrawn invitation takes the record away.
                auto session = impl->service.current_session(caller);
                if (!session) return session.error();
                return impl->bundle_of(session->person, round);
              });
}

void RecordLog::record(Caller caller, std::int64_t log_index, Callback<std::string> done) {
  impl_->read(std::move(done),
              [impl = impl_.get(), caller = std::move(caller), log_index]() -> Result<std::string> {
                auto session = impl->service.current_session(caller);
                if (!session) return session.error();
                auto found = impl->readable(session->person, impl->store.logged_record(log_index));
                if (!found) return found.error();
                return std::move(found->record.record);
              });
}

namespace {

// The exports' writers take a sink; one round's file is small enough to hold.
struct Collected {
  std::string text;
  records::TextSink sink() {
    return [this](std::string_view piece) { text.append(piece); };
  }
};

Result<ExportFile> file_or_error(records::Result<records::Ok, records::ExportError> written,
                                 Collected& collected, std::string content_type,
                                 std::string filename) {
  // The record was built by this server, so a record its own exporters refuse is a bug.
  if (!written)
    throw std::logic_error("export refused a stored record: " + written.error().message);
  return ExportFile{std::move(content_type), std::move(filename), std::move(collected.text)};
}

}  // namespace

void RecordLog::export_round(Caller caller, domain::RoundId round, ExportFormat format,
                             Callback<ExportFile> done) {
  impl_->read<ExportFile>(
      std::move(done),
      [impl = impl_.get(), caller = std::move(caller), round, format]() -> Result<ExportFile> {
        auto session = impl->service.current_session(caller);
        if (!session) return session.error();
        const auto& person = session->person;
        const auto name = [round](std::string_view what, std::string_view extension) {
          return std::string(what) + "-runda-" + std::to_string(round) + "." +
                 std::string(extension);
        };
        constexpr std::string_view csv = "text/csv; charset=utf-8";
        constexpr std::string_view html = "text/html; charset=utf-8";
        Collected collected;
        if (format == ExportFormat::posts_csv || format == ExportFormat::archive_html) {
          auto archive = impl->archive_of(person, round);
          if (!archive) return archive.error();
          return format == ExportFormat::posts_csv
                     ? file_or_error(records::write_posts_csv(*archive, collected.sink()),
                                     collected, std::string(csv), name("inlagg", "csv"))
                     : file_or_error(records::write_archive_html(*archive, collected.sink()),
                                     collected, std::string(html), name("diskussion", "html"));
        }
        auto bundle = impl->bundle_of(person, round);
        if (!bundle) return bundle.error();
        if (format == ExportFormat::record_json) {
          return ExportFile{"application/json; charset=utf-8", name("samradsprotokoll", "json"),
                            std::move(bundle).value()};
        }
        const auto parsed = nlohmann::json::parse(*bundle);
        switch (format) {
          case ExportFormat::record_html:
            return file_or_error(records::write_record_html(parsed, collected.sink()), collected,
                                 std::string(html), name("samradsprotokoll", "html"));
          case ExportFormat::positions_csv:
            return file_or_error(records::write_positions_csv(parsed["record"], collected.sink()),
                                 collected, std::string(csv), name("stallningstaganden", "csv"));
          case ExportFormat::responses_csv:
            return file_or_error(records::write_responses_csv(parsed["record"], collected.sink()),
                                 collected, std::string(csv), name("statens-svar", "csv"));
          default:
            throw std::logic_error("an export format without a writer");
        }
      });
}

namespace {

// One bulk export's file: the header, each round as it is read, the end.
class BulkWriter {
 public:
  virtual ~BulkWriter() = default;
  // Writes the round; false when it has nothing of this kind (a round without a record yet).
  virtual Result<bool> add(domain::RoundId round) = 0;
  virtual void finish() {}
};

// The round's newest record, if it has one.
using ReadRecord = std::function<Result<std::optional<store::LoggedRecord>>(domain::RoundId)>;

class CsvBulkWriter final : public BulkWriter {
 public:
  using Rows = records::Result<records::Ok, records::ExportError> (*)(const nlohmann::json&,
                                                                      records::CsvWriter&);
  CsvBulkWriter(records::TextSink sink, void (*header)(records::CsvWriter&), Rows rows,
                ReadRecord read_record)
      : writer_(std::move(sink)), rows_(rows), read_record_(std::move(read_record)) {
    header(writer_);
  }
  Result<bool> add(domain::RoundId round) override {
    auto found = read_record_(round);
    if (!found) return found.error();
    if (!*found) return false;
    if (auto written = rows_(nlohmann::json::parse((*found)->record), writer_); !written) {
      throw std::logic_error("export refused a stored record: " + written.error().message);
    }
    return true;
  }

 private:
  records::CsvWriter writer_;
  Rows rows_;
  ReadRecord read_record_;
};

// The log's leaves and its signed checkpoint, read together.
struct LogState {
  std::vector<records::Hash> leaves;
  std::string checkpoint;
};

// Each bundle proved against the log as read when its record was: the log is read again only
// when a record is newer than the tree in hand.
class JsonBulkWriter final : public BulkWriter {
 public:
  JsonBulkWriter(records::TextSink sink, std::string_view exported_at, ReadRecord read_record,
                 std::function<LogState()> read_log)
      : writer_(std::move(sink), exported_at),
        read_record_(std::move(read_record)),
        read_log_(std::move(read_log)) {}
  Result<bool> add(domain::RoundId round) override {
    auto found = read_record_(round);
    if (!found) return found.error();
    if (!*found) return false;
    const auto& logged = **found;
    const auto index = static_cast<std::uint64_t>(logged.log_index);
    if (index >= log_.leaves.size()) log_ = read_log_();
    writer_.add({.log_index = index,
                 .record = logged.record,
                 .inclusion_proof = records::inclusion_proof(log_.leaves, index),
                 .checkpoint = log_.checkpoint});
    return true;
  }
  void finish() override { writer_.finish(); }

 private:
  records::RecordsExportWriter writer_;
  ReadRecord read_record_;
  std::function<LogState()> read_log_;
  LogState log_;
};

// The discussions of rounds in every phase, one round's archive in memory at a time.
class PostsBulkWriter final : public BulkWriter {
 public:
  using ReadArchive = std::function<Result<records::DiscussionArchive>(domain::RoundId)>;
  PostsBulkWriter(records::TextSink sink, ReadArchive read_archive)
      : writer_(std::move(sink)), read_archive_(std::move(read_archive)) {
    records::write_posts_header(writer_);
  }
  Result<bool> add(domain::RoundId round) override {
    auto archive = read_archive_(round);
    // A round that went out of the caller's sight since it was listed is left out, as unseen.
    if (!archive && archive.error().code == ErrorCode::not_found) return false;
    if (!archive) return archive.error();
    if (auto written = records::write_posts_rows(*archive, writer_); !written) {
      throw std::logic_error("export refused a stored discussion: " + written.error().message);
    }
    return true;
  }

 private:
  records::CsvWriter writer_;
  ReadArchive read_archive_;
};

}  // namespace

void RecordLog::export_bulk(Caller caller, domain::RoundExportQuery query, BulkFormat format,
                            Callback<BulkFile> done) {
  impl_->read<BulkFile>(
      std::move(done),
      [impl = impl_.get(), caller = std::move(caller), query = std::move(query),
       format]() -> Result<BulkFile> {
        auto session = impl->service.current_session(caller);
        if (!session) return session.error();
        auto listings = impl->store.list_rounds();
        if (!listings) return listings.error();
        // Unnamed: the file disappears with its last descriptor, whatever happens to the request.
        const std::unique_ptr<FILE, int (*)(FILE*)> file(std::tmpfile(), &std::fclose);
        if (!file) return make_error(ErrorCode::storage_failed, "No room for the export just now");
        records::TextSink sink = [out = file.get()](std::string_view piece) {
          if (std::fwrite(piece.data(), 1, piece.size(), out) != piece.size()) {
            throw std::runtime_error("writing a bulk export failed");
          }
        };
        const ReadRecord read_record = [impl](domain::RoundId round) {
          auto found = impl->store.latest_record_of_round(round);
          if (!found) return Result<std::optional<store::LoggedRecord>>(found.error());
          return Result<std::optional<store::LoggedRecord>>(*found ? std::optional((*found)->record)
                                                                   : std::nullopt);
        };
        const auto& person = session->person;
        std::unique_ptr<BulkWriter> writer;
        BulkFile made;
        switch (format) {
          case BulkFormat::positions_csv:
            writer =
                std::make_unique<CsvBulkWriter>(std::move(sink), &records::write_positions_header,
                                                &records::write_positions_rows, read_record);
            made.content_type = "text/csv; charset=utf-8";
            made.filename = "stallningstaganden.csv";
            break;
          case BulkFormat::responses_csv:
            writer =
                std::make_unique<CsvBulkWriter>(std::move(sink), &records::write_responses_header,
                                                &records::write_responses_rows, read_record);
            made.content_type = "text/csv; charset=utf-8";
            made.filename = "statens-svar.csv";
            break;
          case BulkFormat::posts_csv:
            writer = std::make_unique<PostsBulkWriter>(
                std::move(sink),
                [impl, &person](domain::RoundId round) { return impl->archive_of(person, round); });
            made.content_type = "text/csv; charset=utf-8";
            made.filename = "inlagg.csv";
            break;
          case BulkFormat::records_json:
            writer = std::make_unique<JsonBulkWriter>(
                std::move(sink), domain::format_timestamp(impl->service.now()), read_record,
                [impl] {
                  auto leaves = impl->leaves();
                  if (!leaves) throw std::runtime_error("reading the log failed");
                  auto checkpoint = impl->signed_checkpoint(*leaves);
                  return LogState{std::move(leaves).value(), std::move(checkpoint)};
                });
            made.content_type = "application/json; charset=utf-8";
            made.filename = "samradsprotokoll.json";
            break;
        }
        for (const auto& listing : *listings) {
          if (!domain::can_view_round(person, listing.access) ||
              !domain::matches(query, listing.summary)) {
            continue;
          }
          auto added = writer->add(listing.summary.id);
          if (!added) return added.error();
          if (!*added) continue;
          if (!made.rounds.empty()) made.rounds += ",";
          made.rounds += std::to_string(listing.summary.id);
        }
        writer->finish();
        if (std::fflush(file.get()) != 0) throw std::runtime_error("writing a bulk export failed");
        made.fd = ::dup(::fileno(file.get()));
        if (made.fd < 0 || ::lseek(made.fd, 0, SEEK_SET) != 0) {
          if (made.fd >= 0) ::close(made.fd);
          return make_error(ErrorCode::storage_failed, "No room for the export just now");
        }
        return made;
      });
}

}  // namespace samrad::service
