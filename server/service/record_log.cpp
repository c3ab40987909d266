// The transparency log's reads (see record_log.hpp). The tree is hashed from the stored leaf
// hashes on each request: records are few (one per decided round), so this stays cheap, and
// nothing cached can disagree with the store.
#include "service/record_log.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>

#include "domain/permissions.hpp"
#include "records/base64.hpp"
#include "records/checkpoint.hpp"
#include "records/documents.hpp"
#include "records/merkle.hpp"
#include "records/note_keys.hpp"
#include "records/signing_key_file.hpp"

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
  template <class Body>
  void read(Callback<std::string> done, Body body) {
    service.post_read([done = std::move(done), body = std::move(body)]() mutable {
      std::optional<Result<std::string>> result;
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
    return nlohmann::ordered_json{{"index", index}, {"tree_size", tree_size}, {"proof", hashes_json(proof)}}
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
  impl_->read(
      std::move(done),
      [impl = impl_.get(), caller = std::move(caller), round]() -> Result<std::string> {
        // The person as they are now: a withdrawn invitation takes the record away.
        auto session = impl->service.current_session(caller);
        if (!session) return session.error();
        auto found = impl->readable(session->person, impl->store.latest_record_of_round(round));
        if (!found) return found.error();
        // Leaves first read after the record: the tree holds it.
        auto hashes = impl->leaves();
        if (!hashes) return hashes.error();
        const auto index = static_cast<std::uint64_t>(found->record.log_index);
        return records::format_bundle({.log_index = index,
                                       .record = found->record.record,
                                       .inclusion_proof = records::inclusion_proof(*hashes, index),
                                       .checkpoint = impl->signed_checkpoint(*hashes)});
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

}  // namespace samrad::service
