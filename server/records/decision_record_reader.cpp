// The checks of decision_record_reader.hpp. The reader keeps the first failure and then only
// fills defaults (like a stream's fail bit), so each field reads in one line and the error still
// names the first key that was wrong.
#include "records/decision_record_reader.hpp"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <utility>

#include "records/base64.hpp"
#include "records/canonical_json.hpp"
#include "records/documents.hpp"
#include "records/merkle.hpp"
#include "records/stockholm_time.hpp"
#include "records/swedish_terms.hpp"

namespace samrad::records {
namespace {

using json = nlohmann::json;
using Lookup = std::optional<std::string_view> (*)(std::string_view);

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

class Reader {
 public:
  bool failed() const { return error_.has_value(); }
  const ExportError& error() const { return *error_; }

  void fail(ExportErrorKind kind, const std::string& path, const std::string& what) {
    if (!error_) error_ = ExportError{kind, path, path + ": " + what};
  }

  bool expect_object(const json& value, const std::string& path) {
    if (failed()) return false;
    if (!value.is_object()) fail(ExportErrorKind::wrong_type, path, "must be an object");
    return !failed();
  }

  // records.md lists every key of each object; any other is refused, as the schema does.
  void only_keys(const json& object, const std::string& path,
                 std::initializer_list<std::string_view> keys) {
    if (failed() || !object.is_object()) return;
    for (const auto& [key, value] : object.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        fail(ExportErrorKind::unknown_key, child(path, key), "is not a key records.md lists");
        return;
      }
    }
  }

  // The member, or nullptr once anything has failed.
  const json* member(const json& object, const std::string& path, std::string_view key) {
    if (!expect_object(object, path)) return nullptr;
    const auto found = object.find(key);
    if (found == object.end()) {
      fail(ExportErrorKind::missing_key, child(path, key), "is missing");
      return nullptr;
    }
    return &*found;
  }

  std::string text(const json& object, const std::string& path, std::string_view key) {
    const json* value = member(object, path, key);
    if (!value) return {};
    if (!value->is_string()) {
      fail(ExportErrorKind::wrong_type, child(path, key), "must be a string");
      return {};
    }
    return value->get<std::string>();
  }

  std::int64_t integer(const json& object, const std::string& path, std::string_view key) {
    const json* value = member(object, path, key);
    if (!value) return 0;
    if (!value->is_number_integer() || *value < 0 ||
        value->get<std::uint64_t>() > max_json_integer) {
      fail(ExportErrorKind::wrong_type, child(path, key), "must be an integer from 0 to 2^53-1");
      return 0;
    }
    return value->get<std::int64_t>();
  }

  bool boolean(const json& object, const std::string& path, std::string_view key) {
    const json* value = member(object, path, key);
    if (!value) return false;
    if (!value->is_boolean()) {
      fail(ExportErrorKind::wrong_type, child(path, key), "must be true or false");
      return false;
    }
    return value->get<bool>();
  }

  std::string time(const json& object, const std::string& path, std::string_view key) {
    auto value = text(object, path, key);
    if (!failed() && !format_stockholm_time(value)) {
      fail(ExportErrorKind::bad_value, child(path, key),
           "must be a UTC time such as 2026-11-23T10:15:00.123Z");
    }
    return value;
  }

  std::optional<std::string> nullable_time(const json& object, const std::string& path,
                                           std::string_view key) {
    const json* value = member(object, path, key);
    if (!value || value->is_null()) return std::nullopt;
    return time(object, path, key);
  }

  // Lowercase hex SHA-256, as records.md gives the hash of a text.
  std::string sha256_hex(const json& object, const std::string& path, std::string_view key) {
    auto value = text(object, path, key);
    if (!failed() &&
        (value.size() != 64 || value.find_first_not_of("0123456789abcdef") != std::string::npos)) {
      fail(ExportErrorKind::bad_value, child(path, key), "must be 64 lowercase hex digits");
    }
    return value;
  }

  // A string that must be one of the codes lookup knows.
  std::string code(const json& object, const std::string& path, std::string_view key,
                   Lookup lookup) {
    auto value = text(object, path, key);
    if (!failed() && !lookup(value)) {
      fail(ExportErrorKind::bad_value, child(path, key), "\"" + value + "\" is not allowed here");
    }
    return value;
  }

  template <class Item>
  std::vector<Item> list(const json& object, const std::string& path, std::string_view key,
                         const std::function<Item(const json&, const std::string&)>& read_item) {
    const json* value = member(object, path, key);
    std::vector<Item> items;
    if (!value) return items;
    const auto list_path = child(path, key);
    if (!value->is_array()) {
      fail(ExportErrorKind::wrong_type, list_path, "must be a list");
      return items;
    }
    for (std::size_t i = 0; i < value->size() && !failed(); ++i) {
      items.push_back(read_item((*value)[i], item(list_path, i)));
    }
    return items;
  }

  template <class Item>
  std::optional<Item> nullable(
      const json& object, const std::string& path, std::string_view key,
      const std::function<Item(const json&, const std::string&)>& read_item) {
    const json* value = member(object, path, key);
    if (!value || value->is_null()) return std::nullopt;
    return read_item(*value, child(path, key));
  }

  template <class Item>
  Item object(const json& parent, const std::string& path, std::string_view key,
              const std::function<Item(const json&, const std::string&)>& read_item) {
    const json* value = member(parent, path, key);
    if (!value) return Item{};
    return read_item(*value, child(path, key));
  }

 private:
  std::optional<ExportError> error_;
};

std::string string_item(Reader& r, const json& value, const std::string& path) {
  if (r.failed()) return {};
  if (!value.is_string()) r.fail(ExportErrorKind::wrong_type, path, "must be a string");
  return r.failed() ? std::string() : value.get<std::string>();
}

std::int64_t integer_item(Reader& r, const json& value, const std::string& path) {
  if (r.failed()) return 0;
  if (!value.is_number_integer() || value < 0) {
    r.fail(ExportErrorKind::wrong_type, path, "must be a non-negative integer");
    return 0;
  }
  return value.get<std::int64_t>();
}

RecordPerson person(Reader& r, const json& value, const std::string& path) {
  r.only_keys(value, path, {"id", "name", "organisation_id"});
  return {r.integer(value, path, "id"), r.text(value, path, "name"),
          r.integer(value, path, "organisation_id")};
}

RecordOrganisation organisation(Reader& r, const json& value, const std::string& path) {
  r.only_keys(value, path, {"id", "name", "kind", "side"});
  return {r.integer(value, path, "id"), r.text(value, path, "name"),
          r.code(value, path, "kind", organisation_kind_in_swedish),
          r.code(value, path, "side", side_in_swedish)};
}

// Each reader below takes (value, path) so that Reader::list can call it per item.
struct RecordParts {
  Reader& r;

  std::function<RecordPerson(const json&, const std::string&)> person_of() {
    return [this](const json& v, const std::string& p) { return person(r, v, p); };
  }
  std::function<RecordOrganisation(const json&, const std::string&)> organisation_of() {
    return [this](const json& v, const std::string& p) { return organisation(r, v, p); };
  }

  RecordRound round(const json& v, const std::string& p) {
    r.only_keys(v, p,
                {"id", "title", "kind", "sectors", "created_at", "created_by", "opened_at",
                 "closed_at", "decided_at", "decided_by"});
    RecordRound out;
    out.id = r.integer(v, p, "id");
    out.title = r.text(v, p, "title");
    out.kind = r.code(v, p, "kind", round_kind_in_swedish);
    out.sectors =
        r.list<std::string>(v, p, "sectors", [this](const json& s, const std::string& sp) {
          auto sector = string_item(r, s, sp);
          if (!r.failed() && !sector_in_swedish(sector)) {
            r.fail(ExportErrorKind::bad_value, sp, "\"" + sector + "\" is not a sector");
          }
          return sector;
        });
    out.created_at = r.time(v, p, "created_at");
    out.created_by = r.object(v, p, "created_by", person_of());
    out.opened_at = r.nullable_time(v, p, "opened_at");
    out.closed_at = r.nullable_time(v, p, "closed_at");
    out.decided_at = r.time(v, p, "decided_at");
    out.decided_by = r.object(v, p, "decided_by", person_of());
    return out;
  }

  RecordProposal proposal(const json& v, const std::string& p) {
    r.only_keys(v, p, {"version", "sha256", "text"});
    return {r.integer(v, p, "version"), r.sha256_hex(v, p, "sha256"), r.text(v, p, "text")};
  }

  RecordProposalVersion proposal_version(const json& v, const std::string& p) {
    r.only_keys(v, p, {"version", "sha256", "at", "by"});
    return {r.integer(v, p, "version"), r.sha256_hex(v, p, "sha256"), r.time(v, p, "at"),
            r.object(v, p, "by", person_of())};
  }

  RecordAgendaItem agenda_item(const json& v, const std::string& p) {
    r.only_keys(v, p, {"thread_id", "title", "status"});
    return {r.integer(v, p, "thread_id"), r.text(v, p, "title"),
            r.code(v, p, "status", agenda_status_in_swedish)};
  }

  RecordParticipant participant(const json& v, const std::string& p) {
    r.only_keys(v, p, {"organisation", "invited", "people", "posts", "position_versions"});
    RecordParticipant out;
    out.organisation = r.object(v, p, "organisation", organisation_of());
    out.invited = r.boolean(v, p, "invited");
    out.people = r.list(v, p, "people", person_of());
    out.posts = r.integer(v, p, "posts");
    out.position_versions = r.integer(v, p, "position_versions");
    return out;
  }

  RecordPointStance point(const json& v, const std::string& p) {
    r.only_keys(v, p, {"thread_id", "title", "stance", "motivation"});
    return {r.integer(v, p, "thread_id"), r.text(v, p, "title"),
            r.code(v, p, "stance", stance_in_swedish), r.text(v, p, "motivation")};
  }

  RecordPositionVersion position_version(const json& v, const std::string& p) {
    r.only_keys(v, p, {"version", "stance", "motivation", "points", "stated_at", "stated_by"});
    RecordPositionVersion out;
    out.version = r.integer(v, p, "version");
    out.stance = r.code(v, p, "stance", stance_in_swedish);
    out.motivation = r.text(v, p, "motivation");
    out.points = r.list<RecordPointStance>(
        v, p, "points", [this](const json& pv, const std::string& pp) { return point(pv, pp); });
    out.stated_at = r.time(v, p, "stated_at");
    out.stated_by = r.object(v, p, "stated_by", person_of());
    return out;
  }

  RecordPosition position(const json& v, const std::string& p) {
    r.only_keys(v, p, {"organisation", "versions"});
    RecordPosition out;
    out.organisation = r.object(v, p, "organisation", organisation_of());
    out.versions = r.list<RecordPositionVersion>(
        v, p, "versions",
        [this](const json& vv, const std::string& vp) { return position_version(vv, vp); });
    if (!r.failed() && out.versions.empty()) {
      r.fail(ExportErrorKind::bad_value, child(p, "versions"), "must hold at least one version");
    }
    return out;
  }

  RecordTally tally(const json& v, const std::string& p) {
    r.only_keys(v, p, {"invited", "answered", "stances"});
    RecordTally out;
    out.invited = r.integer(v, p, "invited");
    out.answered = r.integer(v, p, "answered");
    const json* stances = r.member(v, p, "stances");
    if (!stances) return out;
    const auto sp = child(p, "stances");
    r.only_keys(*stances, sp,
                {"supports", "supports_with_reservations", "opposes", "abstains", "no_comments"});
    out.supports = r.integer(*stances, sp, "supports");
    out.supports_with_reservations = r.integer(*stances, sp, "supports_with_reservations");
    out.opposes = r.integer(*stances, sp, "opposes");
    out.abstains = r.integer(*stances, sp, "abstains");
    out.no_comments = r.integer(*stances, sp, "no_comments");
    return out;
  }

  RecordOutcome outcome(const json& v, const std::string& p) {
    r.only_keys(v, p, {"summary", "agreed", "written_at", "written_by", "version"});
    RecordOutcome out;
    out.summary = r.text(v, p, "summary");
    out.agreed = r.list<std::string>(v, p, "agreed", [this](const json& a, const std::string& ap) {
      return string_item(r, a, ap);
    });
    out.written_at = r.time(v, p, "written_at");
    out.written_by = r.object(v, p, "written_by", person_of());
    out.version = r.integer(v, p, "version");
    return out;
  }

  RecordResponse response(const json& v, const std::string& p) {
    r.only_keys(v, p, {"point", "raised_by", "response", "reason"});
    RecordResponse out;
    out.point = r.text(v, p, "point");
    const json* raised = r.member(v, p, "raised_by");
    if (raised) {
      const auto rp = child(p, "raised_by");
      r.only_keys(*raised, rp, {"posts", "organisations"});
      const std::function<std::int64_t(const json&, const std::string&)> id =
          [this](const json& i, const std::string& ip) { return integer_item(r, i, ip); };
      out.raised_by_posts = r.list(*raised, rp, "posts", id);
      out.raised_by_organisations = r.list(*raised, rp, "organisations", id);
    }
    out.response = r.code(v, p, "response", response_in_swedish);
    out.reason = r.text(v, p, "reason");
    return out;
  }

  RecordDissent dissent(const json& v, const std::string& p) {
    r.only_keys(v, p, {"organisation", "text", "at", "by"});
    return {r.object(v, p, "organisation", organisation_of()), r.text(v, p, "text"),
            r.time(v, p, "at"), r.object(v, p, "by", person_of())};
  }

  RecordMinutes minutes(const json& v, const std::string& p) {
    r.only_keys(v, p,
                {"thread_id", "title", "version", "state_input", "municipal_input", "state_comment",
                 "posts", "written_at", "written_by"});
    RecordMinutes out;
    out.thread_id = r.integer(v, p, "thread_id");
    out.title = r.text(v, p, "title");
    out.version = r.integer(v, p, "version");
    out.state_input = r.text(v, p, "state_input");
    out.municipal_input = r.text(v, p, "municipal_input");
    out.state_comment = r.text(v, p, "state_comment");
    out.posts = r.list<std::int64_t>(v, p, "posts", [this](const json& i, const std::string& ip) {
      return integer_item(r, i, ip);
    });
    out.written_at = r.time(v, p, "written_at");
    out.written_by = r.object(v, p, "written_by", person_of());
    return out;
  }

  RecordJointDocument joint_document(const json& v, const std::string& p) {
    r.only_keys(v, p, {"version", "sha256", "text", "approvals"});
    RecordJointDocument out;
    out.version = r.integer(v, p, "version");
    out.sha256 = r.sha256_hex(v, p, "sha256");
    out.text = r.text(v, p, "text");
    out.approvals =
        r.list<RecordApproval>(v, p, "approvals", [this](const json& a, const std::string& ap) {
          r.only_keys(a, ap, {"side", "version", "at", "by"});
          return RecordApproval{r.code(a, ap, "side", side_in_swedish), r.integer(a, ap, "version"),
                                r.time(a, ap, "at"), r.object(a, ap, "by", person_of())};
        });
    return out;
  }

  RecordTimelineEntry timeline_entry(const json& v, const std::string& p) {
    r.only_keys(v, p, {"seq", "at", "kind", "actor", "summary"});
    RecordTimelineEntry out;
    out.seq = r.integer(v, p, "seq");
    out.at = r.time(v, p, "at");
    out.kind = r.text(v, p, "kind");
    out.actor = r.nullable(v, p, "actor", person_of());
    out.summary = r.text(v, p, "summary");
    return out;
  }

  RecordCounts counts(const json& v, const std::string& p) {
    r.only_keys(
        v, p,
        {"threads", "posts", "hidden_posts", "edited_posts", "positions_stated", "reminders"});
    return {r.integer(v, p, "threads"),          r.integer(v, p, "posts"),
            r.integer(v, p, "hidden_posts"),     r.integer(v, p, "edited_posts"),
            r.integer(v, p, "positions_stated"), r.integer(v, p, "reminders")};
  }

  DecisionRecord record(const json& v, const std::string& p) {
    r.only_keys(v, p,
                {"format", "log_origin", "supersedes", "round", "proposal", "proposal_versions",
                 "agenda", "participants", "positions", "tally", "outcome", "responses", "dissent",
                 "minutes", "joint_document", "timeline", "counts"});
    DecisionRecord out;
    const auto format = r.text(v, p, "format");
    if (!r.failed() && format != decision_record_format) {
      r.fail(ExportErrorKind::bad_value, child(p, "format"),
             "must be \"" + std::string(decision_record_format) + "\"");
    }
    out.log_origin = r.text(v, p, "log_origin");
    out.supersedes = r.nullable<RecordSupersedes>(
        v, p, "supersedes", [this](const json& s, const std::string& sp) {
          r.only_keys(s, sp, {"log_index", "leaf_hash", "reason"});
          return RecordSupersedes{r.integer(s, sp, "log_index"), r.text(s, sp, "leaf_hash"),
                                  r.text(s, sp, "reason")};
        });
    out.round = r.object<RecordRound>(
        v, p, "round", [this](const json& x, const std::string& xp) { return round(x, xp); });
    out.proposal = r.object<RecordProposal>(
        v, p, "proposal", [this](const json& x, const std::string& xp) { return proposal(x, xp); });
    out.proposal_versions = r.list<RecordProposalVersion>(
        v, p, "proposal_versions",
        [this](const json& x, const std::string& xp) { return proposal_version(x, xp); });
    out.agenda = r.list<RecordAgendaItem>(
        v, p, "agenda",
        [this](const json& x, const std::string& xp) { return agenda_item(x, xp); });
    out.participants = r.list<RecordParticipant>(
        v, p, "participants",
        [this](const json& x, const std::string& xp) { return participant(x, xp); });
    out.positions = r.list<RecordPosition>(
        v, p, "positions",
        [this](const json& x, const std::string& xp) { return position(x, xp); });
    out.tally = r.object<RecordTally>(
        v, p, "tally", [this](const json& x, const std::string& xp) { return tally(x, xp); });
    out.outcome = r.nullable<RecordOutcome>(
        v, p, "outcome", [this](const json& x, const std::string& xp) { return outcome(x, xp); });
    out.responses = r.list<RecordResponse>(
        v, p, "responses",
        [this](const json& x, const std::string& xp) { return response(x, xp); });
    out.dissent = r.list<RecordDissent>(
        v, p, "dissent", [this](const json& x, const std::string& xp) { return dissent(x, xp); });
    // Records logged before minutes were kept have no such key: they hold none.
    if (v.is_object() && v.contains("minutes")) {
      out.minutes = r.list<RecordMinutes>(
          v, p, "minutes", [this](const json& x, const std::string& xp) { return minutes(x, xp); });
    }
    out.joint_document = r.nullable<RecordJointDocument>(
        v, p, "joint_document",
        [this](const json& x, const std::string& xp) { return joint_document(x, xp); });
    out.timeline = r.list<RecordTimelineEntry>(
        v, p, "timeline",
        [this](const json& x, const std::string& xp) { return timeline_entry(x, xp); });
    out.counts = r.object<RecordCounts>(
        v, p, "counts", [this](const json& x, const std::string& xp) { return counts(x, xp); });
    return out;
  }
};

}  // namespace

Result<DecisionRecord, ExportError> read_decision_record(const nlohmann::json& record) {
  Reader reader;
  reader.expect_object(record, "record");
  auto out = RecordParts{reader}.record(record, "");
  if (reader.failed()) return reader.error();
  return out;
}

Result<BundleFacts, ExportError> read_record_bundle(const nlohmann::json& bundle) {
  Reader r;
  BundleFacts out;
  r.only_keys(bundle, "", {"format", "log_index", "record", "inclusion_proof", "checkpoint"});
  const auto format = r.text(bundle, "", "format");
  if (!r.failed() && format != bundle_format) {
    r.fail(ExportErrorKind::bad_value, "format", "must be \"" + std::string(bundle_format) + "\"");
  }
  out.log_index = static_cast<std::uint64_t>(r.integer(bundle, "", "log_index"));
  const json* record = r.member(bundle, "", "record");
  if (record) out.record = RecordParts{r}.record(*record, "record");
  out.inclusion_proof = r.list<std::string>(
      bundle, "", "inclusion_proof",
      [&r](const json& h, const std::string& hp) { return string_item(r, h, hp); });
  out.checkpoint = r.text(bundle, "", "checkpoint");
  if (r.failed()) return r.error();

  const auto body_end = out.checkpoint.find("\n\n");
  const auto body = parse_checkpoint_body(
      body_end == std::string::npos ? std::string_view{}
                                    : std::string_view(out.checkpoint).substr(0, body_end + 1));
  if (!body) {
    return ExportError{ExportErrorKind::bad_value, "checkpoint",
                       "checkpoint: " + body.error().message};
  }
  out.checkpoint_body = *body;
  try {
    const auto leaf = leaf_hash(canonical_form(*record));
    out.leaf_hash = encode_base64(leaf);
  } catch (const std::invalid_argument& not_json_text) {
    // canonical_form refuses values that JSON text cannot hold (a string of invalid UTF-8).
    return ExportError{ExportErrorKind::bad_value, "record",
                       std::string("record: ") + not_json_text.what()};
  }
  return out;
}

}  // namespace samrad::records
