// Protocol v1 codec: strict parsing of client requests, encoding of server messages. The order of
// checks and the error each one gives are specified in protocol/README.md ("How the server
// checks a request") and pinned by protocol/examples/invalid/manifest.json.
#include "protocol/codec.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <span>

#include "domain/text.hpp"
#include "protocol/strict_json.hpp"

namespace samrad::protocol {
namespace {

using domain::ErrorCode;
using domain::Result;
using nlohmann::json;
// Frames keep the spec's key order ("type" first), which makes them readable in logs and tools.
using frame_json = nlohmann::ordered_json;

using strict_json::bad_request;
using strict_json::in_quotes;
using strict_json::integer_in;
using strict_json::max_safe_integer;
using strict_json::out_of_range;

Result<std::int64_t> required_integer(const json& request, std::string_view name,
                                      std::int64_t min) {
  const auto field = request.find(name);
  if (field == request.end()) return bad_request("Missing field " + in_quotes(name));
  if (const auto value = integer_in(*field, min, max_safe_integer)) return *value;
  return out_of_range(name, min);
}

Result<std::optional<std::int64_t>> optional_id(const json& request, std::string_view name) {
  const auto field = request.find(name);
  if (field == request.end() || field->is_null()) return std::optional<std::int64_t>{};
  if (const auto value = integer_in(*field, 1, max_safe_integer)) return value;
  return bad_request(in_quotes(name) + " must be null or an integer from 1 to " +
                     std::to_string(max_safe_integer));
}

Result<std::string> required_text(const json& request, std::string_view name,
                                  std::size_t max_bytes) {
  const auto field = request.find(name);
  if (field == request.end()) return bad_request("Missing field " + in_quotes(name));
  if (!field->is_string()) return bad_request(in_quotes(name) + " must be a string");
  const auto& text = field->get_ref<const std::string&>();
  if (text.size() > max_bytes) {
    return domain::make_error(ErrorCode::too_large, in_quotes(name) + " is longer than " +
                                                        std::to_string(max_bytes) + " bytes");
  }
  if (domain::is_blank(text)) return bad_request(in_quotes(name) + " must not be blank");
  return text;
}

// A string that may be empty (a proposal may be written later), within its byte limit.
Result<std::string> required_string(const json& request, std::string_view name,
                                    std::size_t max_bytes) {
  const auto field = request.find(name);
  if (field == request.end()) return bad_request("Missing field " + in_quotes(name));
  if (!field->is_string()) return bad_request(in_quotes(name) + " must be a string");
  const auto& text = field->get_ref<const std::string&>();
  if (text.size() > max_bytes) {
    return domain::make_error(ErrorCode::too_large, in_quotes(name) + " is longer than " +
                                                        std::to_string(max_bytes) + " bytes");
  }
  return text;
}

// One of an enum's wire spellings.
template <class Enum>
Result<Enum> required_name(const json& request, std::string_view name,
                           std::optional<Enum> (*from)(std::string_view), std::string_view what) {
  const auto field = request.find(name);
  if (field == request.end()) return bad_request("Missing field " + in_quotes(name));
  const auto value =
      field->is_string() ? from(field->get_ref<const std::string&>()) : std::optional<Enum>();
  if (!value) return bad_request(in_quotes(name) + " must be " + std::string(what));
  return *value;
}

// A timestamp ("2026-11-23T10:15:00.123Z") or null; an absent optional field is null too.
Result<std::optional<domain::Timestamp>> time_or_null(const json& request, std::string_view name,
                                                      bool required) {
  const auto field = request.find(name);
  if (field == request.end()) {
    if (required) return bad_request("Missing field " + in_quotes(name));
    return std::optional<domain::Timestamp>();
  }
  if (field->is_null()) return std::optional<domain::Timestamp>();
  const auto time = field->is_string()
                        ? domain::parse_timestamp(field->get_ref<const std::string&>())
                        : std::nullopt;
  if (!time) {
    return bad_request(in_quotes(name) +
                       " must be null or a UTC time such as \"2026-11-23T10:15:00.000Z\"");
  }
  return time;
}

// An optional array whose elements each pass `element`; absent is empty.
template <class T, class Element>
Result<std::vector<T>> optional_array(const json& request, std::string_view name, Element element) {
  std::vector<T> values;
  const auto field = request.find(name);
  if (field == request.end()) return values;
  if (!field->is_array()) return bad_request(in_quotes(name) + " must be an array");
  for (const auto& item : *field) {
    auto value = element(item);
    if (!value) return value.error();
    values.push_back(std::move(value).value());
  }
  return values;
}

Result<RequestBody> parse_list_rounds(const json&) {
  return RequestBody{ListRounds{}};
}

// "round_id" and the optional "stream" (absent: the round's main stream).
Result<domain::StreamId> stream_of(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto field = request.find("stream");
  if (field == request.end()) return domain::StreamId{*round, domain::StreamKind::main};
  const auto kind = field->is_string()
                        ? domain::stream_kind_from(field->get_ref<const std::string&>())
                        : std::nullopt;
  if (!kind) {
    return bad_request(
        "\"stream\" must be \"main\", \"state_preparation\", \"municipal_preparation\" or "
        "\"moderation\"");
  }
  return domain::StreamId{*round, *kind};
}

Result<RequestBody> parse_subscribe(const json& request) {
  const auto stream = stream_of(request);
  if (!stream) return stream.error();
  const auto since = required_integer(request, "since", 0);
  if (!since) return since.error();
  std::optional<std::string> epoch;
  if (const auto field = request.find("epoch"); field != request.end()) {
    // Epochs are the server's own short words: anything else cannot match one.
    const auto* text = field->is_string() ? field->get_ptr<const std::string*>() : nullptr;
    if (text == nullptr || text->empty() || text->size() > 64 ||
        !std::all_of(text->begin(), text->end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); })) {
      return bad_request(
          "\"epoch\" must be an epoch from a subscribe result (1 to 64 of 0-9, a-z)");
    }
    epoch = *text;
  }
  return RequestBody{Subscribe{*stream, *since, std::move(epoch)}};
}

Result<RequestBody> parse_unsubscribe(const json& request) {
  const auto stream = stream_of(request);
  if (!stream) return stream.error();
  return RequestBody{Unsubscribe{*stream}};
}

Result<RequestBody> parse_create_thread(const json& request) {
  const auto stream = stream_of(request);
  if (!stream) return stream.error();
  // Threads are the main stream's or a side's preparation; the moderation stream holds reports.
  if (stream->kind == domain::StreamKind::moderation) {
    return bad_request(
        "\"stream\" of a thread must be \"main\", \"state_preparation\" or "
        "\"municipal_preparation\"");
  }
  auto title = required_text(request, "title", domain::max_title_bytes);
  if (!title) return title.error();
  return RequestBody{domain::CreateThread{stream->round, std::move(title).value(), stream->kind}};
}

Result<RequestBody> parse_create_post(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto thread = required_integer(request, "thread_id", 1);
  if (!thread) return thread.error();
  const auto reply_to = optional_id(request, "reply_to");
  if (!reply_to) return reply_to.error();
  auto body = required_text(request, "body", domain::max_body_bytes);
  if (!body) return body.error();
  return RequestBody{domain::CreatePost{*round, *thread, *reply_to, std::move(body).value()}};
}

Result<bool> required_bool(const json& request, std::string_view name) {
  const auto field = request.find(name);
  if (field == request.end()) return bad_request("Missing field " + in_quotes(name));
  if (!field->is_boolean()) return bad_request(in_quotes(name) + " must be true or false");
  return field->get<bool>();
}

// An id or null, present either way (null says "none" on purpose: to the end, no pin).
Result<std::optional<std::int64_t>> required_id_or_null(const json& request,
                                                        std::string_view name) {
  if (request.find(name) == request.end()) return bad_request("Missing field " + in_quotes(name));
  return optional_id(request, name);
}

// A text that may be empty; absent is empty.
Result<std::string> optional_string(const json& request, std::string_view name,
                                    std::size_t max_bytes) {
  if (request.find(name) == request.end()) return std::string();
  return required_string(request, name, max_bytes);
}

Result<RequestBody> parse_propose_agenda_item(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  auto title = required_text(request, "title", domain::max_title_bytes);
  if (!title) return title.error();
  auto motivation = optional_string(request, "motivation", domain::max_reason_bytes);
  if (!motivation) return motivation.error();
  return RequestBody{
      domain::ProposeAgendaItem{*round, std::move(title).value(), std::move(motivation).value()}};
}

Result<RequestBody> parse_decide_agenda_item(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto thread = required_integer(request, "thread_id", 1);
  if (!thread) return thread.error();
  const auto accept = required_bool(request, "accept");
  if (!accept) return accept.error();
  auto reason = optional_string(request, "reason", domain::max_reason_bytes);
  if (!reason) return reason.error();
  return RequestBody{domain::DecideAgendaItem{*round, *thread, *accept, std::move(reason).value()}};
}

Result<RequestBody> parse_move_thread(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto thread = required_integer(request, "thread_id", 1);
  if (!thread) return thread.error();
  const auto before = required_id_or_null(request, "before");
  if (!before) return before.error();
  return RequestBody{domain::MoveThread{*round, *thread, *before}};
}

Result<RequestBody> parse_lock_thread(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto thread = required_integer(request, "thread_id", 1);
  if (!thread) return thread.error();
  const auto locked = required_bool(request, "locked");
  if (!locked) return locked.error();
  return RequestBody{domain::LockThread{*round, *thread, *locked}};
}

Result<RequestBody> parse_pin_post(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto thread = required_integer(request, "thread_id", 1);
  if (!thread) return thread.error();
  const auto post = required_id_or_null(request, "post_id");
  if (!post) return post.error();
  return RequestBody{domain::PinPost{*round, *thread, *post}};
}

Result<RequestBody> parse_revise_proposal(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  auto proposal = required_string(request, "proposal", domain::max_proposal_bytes);
  if (!proposal) return proposal.error();
  return RequestBody{domain::ReviseProposal{*round, std::move(proposal).value()}};
}

Result<RequestBody> parse_edit_post(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto post = required_integer(request, "post_id", 1);
  if (!post) return post.error();
  auto body = required_text(request, "body", domain::max_body_bytes);
  if (!body) return body.error();
  return RequestBody{domain::EditPost{*round, *post, std::move(body).value()}};
}

// hide_post and report_post: a post and a reason.
template <class Command>
Result<RequestBody> parse_post_with_reason(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto post = required_integer(request, "post_id", 1);
  if (!post) return post.error();
  auto reason = required_text(request, "reason", domain::max_reason_bytes);
  if (!reason) return reason.error();
  return RequestBody{Command{*round, *post, std::move(reason).value()}};
}

// unhide_post and post_history: a post and nothing more.
template <class Body>
Result<RequestBody> parse_post_request(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto post = required_integer(request, "post_id", 1);
  if (!post) return post.error();
  return RequestBody{Body{*round, *post}};
}

Result<RequestBody> parse_dismiss_report(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto report = required_integer(request, "report_id", 1);
  if (!report) return report.error();
  auto note = optional_string(request, "note", domain::max_reason_bytes);
  if (!note) return note.error();
  return RequestBody{domain::DismissReport{*round, *report, std::move(note).value()}};
}

Result<RequestBody> parse_list_participation(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  return RequestBody{ListParticipation{*round}};
}

Result<RequestBody> parse_list_presence(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  return RequestBody{ListPresence{*round}};
}

// The message is optional (absent or empty: none); one that is there must not be blank.
Result<RequestBody> parse_send_reminder(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto organisation = required_integer(request, "organisation_id", 1);
  if (!organisation) return organisation.error();
  auto message = optional_string(request, "message", domain::max_reason_bytes);
  if (!message) return message.error();
  if (!message->empty() && domain::is_blank(*message)) {
    return bad_request("\"message\" must not be blank; leave it out to send none");
  }
  return RequestBody{domain::SendReminder{*round, *organisation, std::move(message).value()}};
}

constexpr std::array<std::string_view, 3> point_fields{"thread_id", "stance", "motivation"};
constexpr std::string_view stance_names =
    "\"supports\", \"supports_with_reservations\", \"opposes\", \"abstains\" or "
    "\"no_comments\"";

// One point of a position: {"thread_id", "stance", "motivation"?}, nothing else.
Result<domain::PointPosition> point_position(const json& item) {
  if (!item.is_object()) return bad_request("\"points\" holds objects");
  for (const auto& [key, value] : item.items()) {
    if (std::find(point_fields.begin(), point_fields.end(), key) == point_fields.end()) {
      return domain::make_error(ErrorCode::unknown_field,
                                "Unknown field " + in_quotes(key) + " in a point");
    }
  }
  const auto thread = required_integer(item, "thread_id", 1);
  if (!thread) return thread.error();
  const auto stance = required_name(item, "stance", domain::stance_from, stance_names);
  if (!stance) return stance.error();
  auto motivation = optional_string(item, "motivation", domain::max_reason_bytes);
  if (!motivation) return motivation.error();
  return domain::PointPosition{*thread, *stance, std::move(motivation).value()};
}

// Whether a motivation may be blank depends on the stance: the domain decides.
Result<RequestBody> parse_state_position(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto revises = required_integer(request, "revises", 0);
  if (!revises) return revises.error();
  const auto stance = required_name(request, "stance", domain::stance_from, stance_names);
  if (!stance) return stance.error();
  auto motivation = required_string(request, "motivation", domain::max_body_bytes);
  if (!motivation) return motivation.error();
  auto points = optional_array<domain::PointPosition>(request, "points", point_position);
  if (!points) return points.error();
  return RequestBody{domain::StatePosition{*round, *revises, *stance, std::move(motivation).value(),
                                           std::move(points).value()}};
}

// An array that must be present, each element passing `element`.
template <class T, class Element>
Result<std::vector<T>> required_array(const json& request, std::string_view name, Element element) {
  if (request.find(name) == request.end()) return bad_request("Missing field " + in_quotes(name));
  return optional_array<T>(request, name, element);
}

// Ids in an array named `name` (post or organisation ids).
auto ids_in(std::string_view name, std::string_view what) {
  return [name, what](const json& item) -> Result<std::int64_t> {
    if (const auto id = integer_in(item, 1, max_safe_integer)) return *id;
    return bad_request(in_quotes(name) + " holds " + std::string(what) + " ids");
  };
}

constexpr std::array<std::string_view, 5> response_fields{"point", "post_ids", "organisation_ids",
                                                          "response", "reason"};
constexpr std::string_view acceptance_names =
    "\"accepted\", \"partly_accepted\" or \"not_accepted\"";

// One of the state's responses: {"point", "post_ids", "organisation_ids", "response", "reason"},
// nothing else. Lengths, blank texts and counts are the domain's to refuse, in its order.
Result<domain::PointResponse> point_response(const json& item) {
  if (!item.is_object()) return bad_request("\"responses\" holds objects");
  for (const auto& [key, value] : item.items()) {
    if (std::find(response_fields.begin(), response_fields.end(), key) == response_fields.end()) {
      return domain::make_error(ErrorCode::unknown_field,
                                "Unknown field " + in_quotes(key) + " in a response");
    }
  }
  auto point = required_string(item, "point", domain::max_point_bytes);
  if (!point) return point.error();
  auto posts = required_array<domain::PostId>(item, "post_ids", ids_in("post_ids", "post"));
  if (!posts) return posts.error();
  auto organisations = required_array<domain::OrganisationId>(
      item, "organisation_ids", ids_in("organisation_ids", "organisation"));
  if (!organisations) return organisations.error();
  const auto response = required_name(item, "response", domain::acceptance_from, acceptance_names);
  if (!response) return response.error();
  auto reason = required_string(item, "reason", domain::max_reason_bytes);
  if (!reason) return reason.error();
  return domain::PointResponse{std::move(point).value(), std::move(posts).value(),
                               std::move(organisations).value(), *response,
                               std::move(reason).value()};
}

Result<RequestBody> parse_write_outcome(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto revises = required_integer(request, "revises", 0);
  if (!revises) return revises.error();
  auto summary = required_string(request, "summary", domain::max_body_bytes);
  if (!summary) return summary.error();
  auto agreed =
      required_array<std::string>(request, "agreed", [](const json& item) -> Result<std::string> {
        if (!item.is_string()) return bad_request("\"agreed\" holds the agreed points as text");
        return item.get<std::string>();
      });
  if (!agreed) return agreed.error();
  auto responses = required_array<domain::PointResponse>(request, "responses", point_response);
  if (!responses) return responses.error();
  std::optional<std::string> correction;
  if (request.contains("correction")) {
    auto reason = required_string(request, "correction", domain::max_reason_bytes);
    if (!reason) return reason.error();
    correction = std::move(reason).value();
  }
  return RequestBody{domain::WriteOutcome{*round, *revises, std::move(summary).value(),
                                          std::move(agreed).value(), std::move(responses).value(),
                                          std::move(correction)}};
}

Result<RequestBody> parse_attach_dissent(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  auto text = required_string(request, "text", domain::max_body_bytes);
  if (!text) return text.error();
  return RequestBody{domain::AttachDissent{*round, std::move(text).value()}};
}

// Each text may be empty; that not all three are is the domain's to refuse.
Result<RequestBody> parse_write_minutes(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto thread = required_integer(request, "thread_id", 1);
  if (!thread) return thread.error();
  const auto revises = required_integer(request, "revises", 0);
  if (!revises) return revises.error();
  auto state_input = required_string(request, "state_input", domain::max_body_bytes);
  if (!state_input) return state_input.error();
  auto municipal_input = required_string(request, "municipal_input", domain::max_body_bytes);
  if (!municipal_input) return municipal_input.error();
  auto state_comment = required_string(request, "state_comment", domain::max_body_bytes);
  if (!state_comment) return state_comment.error();
  auto posts = required_array<domain::PostId>(request, "post_ids", ids_in("post_ids", "post"));
  if (!posts) return posts.error();
  return RequestBody{domain::WriteMinutes{
      *round, *thread, *revises, std::move(state_input).value(), std::move(municipal_input).value(),
      std::move(state_comment).value(), std::move(posts).value()}};
}

Result<RequestBody> parse_write_joint_document(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto revises = required_integer(request, "revises", 0);
  if (!revises) return revises.error();
  auto text = required_string(request, "text", domain::max_proposal_bytes);
  if (!text) return text.error();
  return RequestBody{domain::WriteJointDocument{*round, *revises, std::move(text).value()}};
}

Result<RequestBody> parse_approve_joint_document(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto version = required_integer(request, "version", 1);
  if (!version) return version.error();
  return RequestBody{domain::ApproveJointDocument{*round, *version}};
}

Result<RequestBody> parse_list_organisations(const json&) {
  return RequestBody{ListOrganisations{}};
}

Result<RequestBody> parse_create_round(const json& request) {
  domain::CreateRound round;
  round.phase = domain::Phase::draft;  // opened later, with change_phase
  auto title = required_text(request, "title", domain::max_title_bytes);
  if (!title) return title.error();
  round.title = std::move(title).value();
  auto proposal = required_string(request, "proposal", domain::max_proposal_bytes);
  if (!proposal) return proposal.error();
  round.proposal = std::move(proposal).value();
  const auto kind =
      required_name(request, "kind", domain::round_kind_from, "\"plenary\" or \"bilateral\"");
  if (!kind) return kind.error();
  round.kind = *kind;
  auto sectors = optional_array<domain::Sector>(
      request, "sectors", [](const json& item) -> Result<domain::Sector> {
        const auto sector = item.is_string()
                                ? domain::sector_from(item.get_ref<const std::string&>())
                                : std::nullopt;
        if (!sector) {
          return bad_request("\"sectors\" holds \"health_care\", \"school\" or \"social_care\"");
        }
        return *sector;
      });
  if (!sectors) return sectors.error();
  round.sectors = std::move(sectors).value();
  auto invited = optional_array<domain::OrganisationId>(
      request, "invited", [](const json& item) -> Result<domain::OrganisationId> {
        if (const auto id = integer_in(item, 1, max_safe_integer)) return *id;
        return bad_request("\"invited\" holds organisation ids");
      });
  if (!invited) return invited.error();
  round.invited = std::move(invited).value();
  const auto opens_at = time_or_null(request, "opens_at", false);
  if (!opens_at) return opens_at.error();
  round.opens_at = *opens_at;
  const auto closes_at = time_or_null(request, "closes_at", false);
  if (!closes_at) return closes_at.error();
  round.closes_at = *closes_at;
  auto agenda =
      optional_array<std::string>(request, "agenda", [](const json& item) -> Result<std::string> {
        if (!item.is_string()) return bad_request("\"agenda\" holds thread titles");
        return item.get<std::string>();
      });
  if (!agenda) return agenda.error();
  round.agenda = std::move(agenda).value();
  return RequestBody{std::move(round)};
}

Result<RequestBody> parse_change_phase(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto phase = required_name(request, "phase", domain::phase_from,
                                   "\"draft\", \"open\", \"closed\" or \"decided\"");
  if (!phase) return phase.error();
  return RequestBody{domain::ChangePhase{*round, *phase}};
}

Result<RequestBody> parse_set_schedule(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto opens_at = time_or_null(request, "opens_at", true);
  if (!opens_at) return opens_at.error();
  const auto closes_at = time_or_null(request, "closes_at", true);
  if (!closes_at) return closes_at.error();
  return RequestBody{domain::SetSchedule{*round, *opens_at, *closes_at}};
}

template <class Command>
Result<RequestBody> parse_invitation(const json& request) {
  const auto round = required_integer(request, "round_id", 1);
  if (!round) return round.error();
  const auto organisation = required_integer(request, "organisation_id", 1);
  if (!organisation) return organisation.error();
  return RequestBody{Command{*round, *organisation}};
}

struct RequestType {
  std::string_view name;
  std::span<const std::string_view> fields;  // besides "type" and "id"
  Result<RequestBody> (*parse)(const json&);
};

constexpr std::array<std::string_view, 0> list_rounds_fields{};
constexpr std::array<std::string_view, 4> subscribe_fields{"round_id", "stream", "since", "epoch"};
constexpr std::array<std::string_view, 2> unsubscribe_fields{"round_id", "stream"};
constexpr std::array<std::string_view, 3> create_thread_fields{"round_id", "stream", "title"};
constexpr std::array<std::string_view, 4> create_post_fields{"round_id", "thread_id", "reply_to",
                                                             "body"};

constexpr std::array<std::string_view, 8> create_round_fields{
    "title", "proposal", "kind", "sectors", "invited", "opens_at", "closes_at", "agenda"};
constexpr std::array<std::string_view, 2> change_phase_fields{"round_id", "phase"};
constexpr std::array<std::string_view, 3> set_schedule_fields{"round_id", "opens_at", "closes_at"};
constexpr std::array<std::string_view, 2> invitation_fields{"round_id", "organisation_id"};
constexpr std::array<std::string_view, 3> propose_agenda_item_fields{"round_id", "title",
                                                                     "motivation"};
constexpr std::array<std::string_view, 4> decide_agenda_item_fields{"round_id", "thread_id",
                                                                    "accept", "reason"};
constexpr std::array<std::string_view, 3> move_thread_fields{"round_id", "thread_id", "before"};
constexpr std::array<std::string_view, 3> lock_thread_fields{"round_id", "thread_id", "locked"};
constexpr std::array<std::string_view, 3> pin_post_fields{"round_id", "thread_id", "post_id"};
constexpr std::array<std::string_view, 2> revise_proposal_fields{"round_id", "proposal"};
constexpr std::array<std::string_view, 3> edit_post_fields{"round_id", "post_id", "body"};
constexpr std::array<std::string_view, 3> post_with_reason_fields{"round_id", "post_id", "reason"};
constexpr std::array<std::string_view, 2> post_fields{"round_id", "post_id"};
constexpr std::array<std::string_view, 3> dismiss_report_fields{"round_id", "report_id", "note"};
constexpr std::array<std::string_view, 1> list_participation_fields{"round_id"};
constexpr std::array<std::string_view, 1> list_presence_fields{"round_id"};
constexpr std::array<std::string_view, 3> send_reminder_fields{"round_id", "organisation_id",
                                                               "message"};

constexpr std::array<std::string_view, 5> state_position_fields{"round_id", "revises", "stance",
                                                                "motivation", "points"};

constexpr std::array<std::string_view, 6> write_outcome_fields{
    "round_id", "revises", "summary", "agreed", "responses", "correction"};
constexpr std::array<std::string_view, 2> attach_dissent_fields{"round_id", "text"};
constexpr std::array<std::string_view, 3> write_joint_document_fields{"round_id", "revises",
                                                                      "text"};
constexpr std::array<std::string_view, 2> approve_joint_document_fields{"round_id", "version"};

constexpr std::array<std::string_view, 7> write_minutes_fields{
    "round_id",        "thread_id",     "revises", "state_input",
    "municipal_input", "state_comment", "post_ids"};

constexpr std::array<RequestType, 32> request_types{{
    {"list_rounds", list_rounds_fields, parse_list_rounds},
    {"list_organisations", list_rounds_fields, parse_list_organisations},
    {"subscribe", subscribe_fields, parse_subscribe},
    {"unsubscribe", unsubscribe_fields, parse_unsubscribe},
    {"create_thread", create_thread_fields, parse_create_thread},
    {"create_post", create_post_fields, parse_create_post},
    {"create_round", create_round_fields, parse_create_round},
    {"change_phase", change_phase_fields, parse_change_phase},
    {"set_schedule", set_schedule_fields, parse_set_schedule},
    {"invite_organisation", invitation_fields, parse_invitation<domain::InviteOrganisation>},
    {"withdraw_invitation", invitation_fields, parse_invitation<domain::WithdrawInvitation>},
    {"propose_agenda_item", propose_agenda_item_fields, parse_propose_agenda_item},
    {"decide_agenda_item", decide_agenda_item_fields, parse_decide_agenda_item},
    {"move_thread", move_thread_fields, parse_move_thread},
    {"lock_thread", lock_thread_fields, parse_lock_thread},
    {"pin_post", pin_post_fields, parse_pin_post},
    {"revise_proposal", revise_proposal_fields, parse_revise_proposal},
    {"edit_post", edit_post_fields, parse_edit_post},
    {"hide_post", post_with_reason_fields, parse_post_with_reason<domain::HidePost>},
    {"unhide_post", post_fields, parse_post_request<domain::UnhidePost>},
    {"report_post", post_with_reason_fields, parse_post_with_reason<domain::ReportPost>},
    {"dismiss_report", dismiss_report_fields, parse_dismiss_report},
    {"post_history", post_fields, parse_post_request<PostHistoryRequest>},
    {"list_participation", list_participation_fields, parse_list_participation},
    {"send_reminder", send_reminder_fields, parse_send_reminder},
    {"state_position", state_position_fields, parse_state_position},
    {"write_outcome", write_outcome_fields, parse_write_outcome},
    {"attach_dissent", attach_dissent_fields, parse_attach_dissent},
    {"write_minutes", write_minutes_fields, parse_write_minutes},
    {"write_joint_document", write_joint_document_fields, parse_write_joint_document},
    {"approve_joint_document", approve_joint_document_fields, parse_approve_joint_document},
    {"list_presence", list_presence_fields, parse_list_presence},
}};

// --- encoding ---

frame_json organisation_frame(const domain::Organisation& organisation) {
  return {{"id", organisation.id},
          {"name", organisation.name},
          {"kind", domain::to_string(organisation.kind)},
          {"side", domain::to_string(domain::side_of(organisation.kind))}};
}

// Deliberately field by field: the email and credentials a Person may carry never reach the wire.
frame_json person_frame(const domain::Person& person) {
  return {{"id", person.id},
          {"name", person.name},
          {"role", domain::to_string(person.role)},
          {"organisation", organisation_frame(person.organisation)}};
}

// Text comes from users and the store; an invalid byte must not turn an answer into an
// exception, so it is replaced (U+FFFD) rather than refused.
std::string dump(const frame_json& frame) {
  return frame.dump(-1, ' ', false, frame_json::error_handler_t::replace);
}

// True when dump() copies the text between its quotes unchanged: valid UTF-8 (RFC 3629, as
// nlohmann's decoder checks it) without a quote, a backslash or a control character.
bool dumps_unchanged(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0x80) {
      if (!domain::next_code_point(text, i)) return false;
    } else if (lead < 0x20 || lead == '"' || lead == '\\') {
      return false;
    } else {
      ++i;
    }
  }
  return true;
}

// The frame of an event is written straight into its string: it is encoded for every committed
// event, and building its envelope as a JSON tree (allocating every node and string) was most of
// that (perf, durable benchmark). The bytes are dump()'s: the same keys in the same order, and
// any text dump() would change (escapes, invalid UTF-8) is left to dump().
class FrameWriter {
 public:
  explicit FrameWriter(std::size_t expected_bytes) { out_.reserve(expected_bytes); }
  void text(std::string_view value) {
    if (!dumps_unchanged(value)) {
      out_ += dump(frame_json(value));
      return;
    }
    out_ += '"';
    out_ += value;
    out_ += '"';
  }
  void number(std::int64_t value) {
    char digits[24];
    out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
  }
  // Keys and braces: ASCII literals that need no escaping.
  void literal(std::string_view json) { out_ += json; }
  void json(const frame_json& value) { out_ += dump(value); }
  void person(const domain::Person& person) {
    literal(R"({"id":)");
    number(person.id);
    literal(R"(,"name":)");
    text(person.name);
    literal(R"(,"role":)");
    text(domain::to_string(person.role));
    literal(R"(,"organisation":{"id":)");
    number(person.organisation.id);
    literal(R"(,"name":)");
    text(person.organisation.name);
    literal(R"(,"kind":)");
    text(domain::to_string(person.organisation.kind));
    literal(R"(,"side":)");
    text(domain::to_string(domain::side_of(person.organisation.kind)));
    literal("}}");
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// A stream's place in a frame: "round_id", then "stream" unless it is the main stream (so frames
// of the main stream are what they were before streams existed).
void put_stream(frame_json& frame, const domain::StreamId& stream) {
  frame["round_id"] = stream.round;
  if (stream.kind != domain::StreamKind::main) frame["stream"] = domain::to_string(stream.kind);
}

std::string result_frame(RequestId id, frame_json result) {
  return dump({{"type", "result"}, {"id", id}, {"result", std::move(result)}});
}

struct EventPayload {
  std::string_view kind;
  frame_json data;
};

frame_json sectors_frame(const std::vector<domain::Sector>& sectors) {
  frame_json names = frame_json::array();
  for (const auto sector : sectors) names.push_back(domain::to_string(sector));
  return names;
}

frame_json streams_frame(const std::vector<domain::StreamKind>& streams) {
  frame_json names = frame_json::array();
  for (const auto stream : streams) names.push_back(domain::to_string(stream));
  return names;
}

frame_json time_frame(const std::optional<domain::Timestamp>& time) {
  return time ? frame_json(domain::format_timestamp(*time)) : frame_json(nullptr);
}

EventPayload event_payload(const domain::PhaseChanged& changed) {
  return {"phase_changed",
          {{"previous", domain::to_string(changed.previous)},
           {"phase", domain::to_string(changed.phase)},
           {"automatic", changed.automatic}}};
}

EventPayload event_payload(const domain::ScheduleChanged& changed) {
  return {
      "schedule_changed",
      {{"opens_at", time_frame(changed.opens_at)}, {"closes_at", time_frame(changed.closes_at)}}};
}

EventPayload event_payload(const domain::OrganisationInvited& invited) {
  return {"organisation_invited", {{"organisation", organisation_frame(invited.organisation)}}};
}

EventPayload event_payload(const domain::InvitationWithdrawn& withdrawn) {
  return {"invitation_withdrawn", {{"organisation", organisation_frame(withdrawn.organisation)}}};
}

EventPayload event_payload(const domain::RoundCreated& created) {
  frame_json invited = frame_json::array();
  for (const auto& organisation : created.invited) {
    invited.push_back(organisation_frame(organisation));
  }
  frame_json data = {{"title", created.title},
                     {"proposal", created.proposal},
                     {"phase", domain::to_string(created.phase)},
                     {"invited", std::move(invited)}};
  // Left out when absent, so rounds created before kinds and sectors replay as they were.
  if (created.kind) data["kind"] = domain::to_string(*created.kind);
  if (!created.sectors.empty()) data["sectors"] = sectors_frame(created.sectors);
  return {"round_created", std::move(data)};
}

EventPayload event_payload(const domain::ThreadCreated& created) {
  return {"thread_created", {{"thread_id", created.thread}, {"title", created.title}}};
}

frame_json id_or_null(const std::optional<std::int64_t>& id) {
  return id ? frame_json(*id) : frame_json(nullptr);
}

EventPayload event_payload(const domain::PostCreated& created) {
  frame_json data = {{"post_id", created.post},
                     {"thread_id", created.thread},
                     {"reply_to", id_or_null(created.reply_to)},
                     {"body", created.body}};
  if (created.withheld) data["withheld"] = true;
  // Left out for posts written before proposals had versions, which replay as they were.
  if (created.proposal_version) data["proposal_version"] = *created.proposal_version;
  return {"post_created", std::move(data)};
}

EventPayload event_payload(const domain::AgendaItemProposed& proposed) {
  return {"agenda_item_proposed",
          {{"thread_id", proposed.thread},
           {"title", proposed.title},
           {"motivation", proposed.motivation}}};
}

EventPayload event_payload(const domain::AgendaItemDecided& decided) {
  return {
      "agenda_item_decided",
      {{"thread_id", decided.thread}, {"accepted", decided.accepted}, {"reason", decided.reason}}};
}

EventPayload event_payload(const domain::ThreadMoved& moved) {
  return {"thread_moved", {{"thread_id", moved.thread}, {"before", id_or_null(moved.before)}}};
}

EventPayload event_payload(const domain::ThreadLocked& locked) {
  return {"thread_locked", {{"thread_id", locked.thread}, {"locked", locked.locked}}};
}

EventPayload event_payload(const domain::PostPinned& pinned) {
  return {"post_pinned", {{"thread_id", pinned.thread}, {"post_id", id_or_null(pinned.post)}}};
}

EventPayload event_payload(const domain::ProposalRevised& revised) {
  return {"proposal_revised", {{"version", revised.version}, {"proposal", revised.proposal}}};
}

// A text read back while its post is hidden travels empty, marked "withheld".
void put_text(frame_json& data, const std::string& body, bool withheld) {
  data["body"] = body;
  if (withheld) data["withheld"] = true;
}

EventPayload event_payload(const domain::PostEdited& edited) {
  frame_json data = {
      {"post_id", edited.post}, {"thread_id", edited.thread}, {"version", edited.version}};
  put_text(data, edited.body, edited.withheld);
  return {"post_edited", std::move(data)};
}

EventPayload event_payload(const domain::PostHidden& hidden) {
  return {"post_hidden",
          {{"post_id", hidden.post}, {"thread_id", hidden.thread}, {"reason", hidden.reason}}};
}

EventPayload event_payload(const domain::PostUnhidden& unhidden) {
  frame_json data = {
      {"post_id", unhidden.post}, {"thread_id", unhidden.thread}, {"version", unhidden.version}};
  put_text(data, unhidden.body, unhidden.withheld);
  return {"post_unhidden", std::move(data)};
}

EventPayload event_payload(const domain::PostReported& reported) {
  return {"post_reported",
          {{"report_id", reported.report},
           {"post_id", reported.post},
           {"thread_id", reported.thread},
           {"reason", reported.reason}}};
}

EventPayload event_payload(const domain::ReportsResolved& resolved) {
  return {"reports_resolved",
          {{"report_ids", resolved.reports},
           {"outcome", domain::to_string(resolved.outcome)},
           {"note", resolved.note}}};
}

EventPayload event_payload(const domain::ReminderSent& sent) {
  return {"reminder_sent",
          {{"organisation", organisation_frame(sent.organisation)},
           {"message", sent.message},
           {"position_missing", sent.position_missing}}};
}

EventPayload event_payload(const domain::PositionStated& stated) {
  frame_json points = frame_json::array();
  for (const auto& point : stated.points) {
    points.push_back({{"thread_id", point.thread},
                      {"stance", domain::to_string(point.stance)},
                      {"motivation", point.motivation}});
  }
  return {"position_stated",
          {{"organisation", organisation_frame(stated.organisation)},
           {"version", stated.version},
           {"stance", domain::to_string(stated.stance)},
           {"motivation", stated.motivation},
           {"points", std::move(points)}}};
}

EventPayload event_payload(const domain::OutcomeWritten& written) {
  frame_json responses = frame_json::array();
  for (const auto& response : written.responses) {
    responses.push_back({{"point", response.point},
                         {"post_ids", response.posts},
                         {"organisation_ids", response.organisations},
                         {"response", domain::to_string(response.response)},
                         {"reason", response.reason}});
  }
  return {"outcome_written",
          {{"version", written.version},
           {"summary", written.summary},
           {"agreed", written.agreed},
           {"responses", std::move(responses)},
           {"correction", written.correction ? frame_json(*written.correction) : frame_json()}}};
}

EventPayload event_payload(const domain::JointDocumentWritten& written) {
  return {"joint_document_written", {{"version", written.version}, {"text", written.text}}};
}

EventPayload event_payload(const domain::JointDocumentApproved& approved) {
  return {"joint_document_approved",
          {{"version", approved.version}, {"side", domain::to_string(approved.side)}}};
}

EventPayload event_payload(const domain::DissentAttached& attached) {
  return {"dissent_attached",
          {{"organisation", organisation_frame(attached.organisation)}, {"text", attached.text}}};
}

EventPayload event_payload(const domain::MinutesWritten& written) {
  return {"minutes_written",
          {{"thread_id", written.thread},
           {"version", written.version},
           {"state_input", written.state_input},
           {"municipal_input", written.municipal_input},
           {"state_comment", written.state_comment},
           {"post_ids", written.posts}}};
}

}  // namespace

namespace {

template <class T, class Variant>
struct is_alternative;
template <class T, class... Alternatives>
struct is_alternative<T, std::variant<Alternatives...>>
    : std::bool_constant<(std::is_same_v<T, Alternatives> || ...)> {};

bool is_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

// FNV-1a (64 bits) of the type and the fields in the sorted order the parsed object keeps: the
// same request gives the same text on every instance and after a restart. It tells a retry from
// a mistake, not an attacker's forgery: a key is its own person's.
std::string request_fingerprint(json request) {
  request.erase("id");
  request.erase("key");
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : request.dump()) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  constexpr std::string_view digits = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[static_cast<std::size_t>(i)] = digits[hash & 15];
  return hex;
}

}  // namespace

bool is_command(const RequestBody& body) {
  return std::visit(
      [](const auto& request) {
        return is_alternative<std::decay_t<decltype(request)>, domain::Command>::value;
      },
      body);
}

std::variant<Request, ParseFailure> parse_request(std::string_view text) {
  const auto fail = [](std::optional<RequestId> id, ErrorCode code, std::string message) {
    return ParseFailure{id, domain::make_error(code, std::move(message))};
  };

  auto parsed = strict_json::parse_object(text, "The message");
  if (!parsed) return ParseFailure{std::nullopt, parsed.error()};
  const json request = std::move(parsed).value();

  const auto id_field = request.find("id");
  if (id_field == request.end()) return fail(std::nullopt, ErrorCode::bad_request, "Missing id");
  const auto id = integer_in(*id_field, 1, max_safe_integer);
  if (!id) return fail(std::nullopt, ErrorCode::bad_request, out_of_range("id", 1).message);

  const auto type_field = request.find("type");
  if (type_field == request.end()) return fail(id, ErrorCode::bad_request, "Missing type");
  if (!type_field->is_string()) return fail(id, ErrorCode::bad_request, "type must be a string");
  const auto& type_name = type_field->get_ref<const std::string&>();
  const auto type = std::find_if(request_types.begin(), request_types.end(),
                                 [&](const RequestType& known) { return known.name == type_name; });
  if (type == request_types.end()) {
    return fail(id, ErrorCode::unknown_type, "Unknown message type " + in_quotes(type_name));
  }

  for (const auto& [key, value] : request.items()) {
    if (key == "type" || key == "id" || key == "key") continue;
    if (std::find(type->fields.begin(), type->fields.end(), key) == type->fields.end()) {
      return fail(id, ErrorCode::unknown_field,
                  "Unknown field " + in_quotes(key) + " in " + type_name);
    }
  }

  auto body = type->parse(request);
  if (!body) return ParseFailure{id, body.error()};
  Request parsed_request{*id, std::move(body).value()};
  if (const auto key_field = request.find("key"); key_field != request.end()) {
    if (!is_command(parsed_request.body)) {
      return fail(id, ErrorCode::unknown_field, "Unknown field \"key\" in " + type_name);
    }
    if (!key_field->is_string()) return fail(id, ErrorCode::bad_request, "key must be a string");
    const auto& key = key_field->get_ref<const std::string&>();
    if (key.empty() || key.size() > 64 || !std::all_of(key.begin(), key.end(), is_key_character)) {
      return fail(id, ErrorCode::bad_request,
                  "key must be 1 to 64 letters A-Z or a-z, digits, '.', '_', ':' or '-'");
    }
    parsed_request.key = key;
    parsed_request.fingerprint = request_fingerprint(request);
  }
  return parsed_request;
}

nlohmann::json person_json(const domain::Person& person) {
  return nlohmann::json(person_frame(person));
}

std::string encode_welcome(const domain::Person& me, std::size_t max_message_bytes) {
  return dump({{"type", "welcome"},
               {"protocol", version},
               {"person", person_frame(me)},
               {"limits", {{"max_message_bytes", max_message_bytes}}}});
}

std::string encode_event(const domain::Event& event) {
  const auto payload = std::visit([](const auto& data) { return event_payload(data); }, event.data);
  // As put_stream, person_frame and the other frames' key order.
  FrameWriter frame(512);
  frame.literal(R"({"type":"event","round_id":)");
  frame.number(event.stream.round);
  if (event.stream.kind != domain::StreamKind::main) {
    frame.literal(R"(,"stream":)");
    frame.text(domain::to_string(event.stream.kind));
  }
  frame.literal(R"(,"seq":)");
  frame.number(event.seq);
  frame.literal(R"(,"at":)");
  frame.text(domain::format_timestamp(event.at));
  frame.literal(R"(,"kind":)");
  frame.text(payload.kind);
  frame.literal(R"(,"actor":)");
  frame.person(event.actor);
  frame.literal(R"(,"data":)");
  frame.json(payload.data);
  frame.literal("}");
  return frame.take();
}

std::string encode_error(std::optional<RequestId> id, const domain::Error& error) {
  frame_json body = {{"code", domain::to_string(error.code)}, {"message", error.message}};
  if (error.retry_after_ms) body["retry_after_ms"] = *error.retry_after_ms;
  return dump({{"type", "error"},
               {"id", id ? frame_json(*id) : frame_json(nullptr)},
               {"error", std::move(body)}});
}

std::string encode_rounds_result(RequestId id, const std::vector<domain::RoundSummary>& rounds) {
  frame_json list = frame_json::array();
  for (const auto& round : rounds) {
    list.push_back({{"id", round.id},
                    {"title", round.title},
                    {"phase", domain::to_string(round.phase)},
                    {"head_seq", round.head_seq},
                    {"created_at", round.created_at},
                    {"kind", domain::to_string(round.kind)},
                    {"sectors", sectors_frame(round.sectors)},
                    {"opens_at", time_frame(round.opens_at)},
                    {"closes_at", time_frame(round.closes_at)},
                    {"preparation_streams", streams_frame(round.preparation_streams)}});
  }
  return result_frame(id, {{"rounds", std::move(list)}});
}

std::string encode_organisations_result(RequestId id,
                                        const std::vector<domain::Organisation>& organisations) {
  frame_json list = frame_json::array();
  for (const auto& organisation : organisations) list.push_back(organisation_frame(organisation));
  return result_frame(id, {{"organisations", std::move(list)}});
}

std::string encode_presence_result(RequestId id, domain::RoundId round,
                                   const std::vector<domain::Person>& people) {
  frame_json list = frame_json::array();
  for (const auto& person : people) list.push_back(person_frame(person));
  return result_frame(id, {{"round_id", round}, {"people", std::move(list)}});
}

std::string encode_participation_result(
    RequestId id, domain::RoundId round,
    const std::vector<domain::OrganisationParticipation>& list) {
  frame_json organisations = frame_json::array();
  for (const auto& entry : list) {
    organisations.push_back(
        {{"organisation", organisation_frame(entry.organisation)},
         {"posts",
          {{"main", entry.posts.main},
           {"preparation", entry.posts.preparation},
           {"latest_at", time_frame(entry.posts.latest_at)}}},
         {"reminders",
          {{"count", entry.reminders.count}, {"latest_at", time_frame(entry.reminders.latest_at)}}},
         {"position",
          {{"version", entry.position.version},
           {"stance", entry.position.stance ? frame_json(domain::to_string(*entry.position.stance))
                                            : frame_json(nullptr)},
           {"latest_at", time_frame(entry.position.latest_at)}}}});
  }
  return result_frame(id, {{"round_id", round}, {"organisations", std::move(organisations)}});
}

std::string encode_subscription_ended(const domain::StreamId& stream, std::string_view reason) {
  frame_json frame = {{"type", "subscription_ended"}};
  put_stream(frame, stream);
  frame["reason"] = reason;
  return dump(frame);
}

std::string encode_subscribed_result(RequestId id, const domain::StreamId& stream,
                                     domain::Seq head_seq, const std::string& epoch) {
  frame_json result = frame_json::object();
  put_stream(result, stream);
  result["head_seq"] = head_seq;
  result["epoch"] = epoch;
  return result_frame(id, std::move(result));
}

std::string encode_unsubscribed_result(RequestId id, const domain::StreamId& stream) {
  frame_json result = frame_json::object();
  put_stream(result, stream);
  return result_frame(id, std::move(result));
}

std::string encode_command_result(RequestId id, const domain::Event& event) {
  // A report is answered without its place: the moderation stream is the secretariat's, and its
  // seq would tell the reporter how much is reported.
  if (const auto* reported = std::get_if<domain::PostReported>(&event.data)) {
    return result_frame(id, {{"round_id", event.stream.round}, {"report_id", reported->report}});
  }
  frame_json result = frame_json::object();
  put_stream(result, event.stream);
  result["seq"] = event.seq;
  // A thread or post the command created is named; the round's life-cycle events answer with
  // their place alone.
  if (const auto* thread = std::get_if<domain::ThreadCreated>(&event.data)) {
    result["thread_id"] = thread->thread;
  } else if (const auto* post = std::get_if<domain::PostCreated>(&event.data)) {
    result["post_id"] = post->post;
  } else if (const auto* proposed = std::get_if<domain::AgendaItemProposed>(&event.data)) {
    result["thread_id"] = proposed->thread;
  } else if (const auto* stated = std::get_if<domain::PositionStated>(&event.data)) {
    result["version"] = stated->version;
  } else if (const auto* written = std::get_if<domain::OutcomeWritten>(&event.data)) {
    result["version"] = written->version;
  } else if (const auto* minutes = std::get_if<domain::MinutesWritten>(&event.data)) {
    result["thread_id"] = minutes->thread;
    result["version"] = minutes->version;
  } else if (const auto* document = std::get_if<domain::JointDocumentWritten>(&event.data)) {
    result["version"] = document->version;
  } else if (const auto* approved = std::get_if<domain::JointDocumentApproved>(&event.data)) {
    result["version"] = approved->version;
  }
  return result_frame(id, std::move(result));
}

std::string encode_post_history_result(RequestId id, const PostHistoryView& history) {
  frame_json versions = frame_json::array();
  for (const auto& version : history.versions) {
    versions.push_back({{"version", version.version},
                        {"body", version.body},
                        {"at", domain::format_timestamp(version.at)}});
  }
  frame_json hidden = nullptr;
  if (history.hidden) {
    hidden = {{"reason", history.hidden->first},
              {"at", domain::format_timestamp(history.hidden->second)}};
  }
  return result_frame(id, {{"round_id", history.round},
                           {"post_id", history.post},
                           {"thread_id", history.thread},
                           {"hidden", std::move(hidden)},
                           {"versions", std::move(versions)}});
}

}  // namespace samrad::protocol
