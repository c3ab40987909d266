// The HTTP API's account bodies (see accounts_json.hpp). Request bodies are checked the way the
// WebSocket codec checks requests (strict_json.hpp): valid JSON nested at most 16 deep without
// duplicate keys, an object, no unknown fields, each field present and of its type; the domain
// then checks lengths and rules.
#include "protocol/accounts_json.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "protocol/strict_json.hpp"

namespace samrad::protocol {

namespace {

using domain::ErrorCode;
using domain::Result;
using nlohmann::json;
using ordered = nlohmann::ordered_json;

using strict_json::bad_request;
using strict_json::in_quotes;
using strict_json::max_safe_integer;

// A JSON object with exactly these fields (each required), read as the WebSocket codec reads a
// request (strict_json::parse_object).
Result<json> object_with(std::string_view body, std::initializer_list<std::string_view> fields) {
  auto parsed = strict_json::parse_object(body, "The body");
  if (!parsed) return parsed.error();
  for (const auto& [key, value] : parsed->items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      return domain::make_error(ErrorCode::unknown_field, "Unknown field " + in_quotes(key));
    }
  }
  for (const auto field : fields) {
    if (!parsed->contains(field)) return bad_request("Missing field " + in_quotes(field));
  }
  return parsed;
}

Result<std::string> string_field(const json& object, std::string_view name) {
  const auto& value = object.at(std::string(name));
  if (!value.is_string()) return bad_request(in_quotes(name) + " must be a string");
  return value.get<std::string>();
}

template <class Enum>
Result<Enum> name_field(const json& object, std::string_view name,
                        std::optional<Enum> (*from)(std::string_view), std::string_view what) {
  const auto& value = object.at(std::string(name));
  const auto parsed = value.is_string() ? from(value.get_ref<const std::string&>()) : std::nullopt;
  if (!parsed) return bad_request(in_quotes(name) + " must be " + std::string(what));
  return *parsed;
}

Result<std::int64_t> id_field(const json& object, std::string_view name) {
  if (const auto id = strict_json::integer_in(object.at(std::string(name)), 1, max_safe_integer)) {
    return *id;
  }
  return strict_json::out_of_range(name, 1);
}

constexpr std::string_view kinds_text =
    "\"ministry\", \"agency\", \"municipality\", \"region\", \"association\" or \"other\"";
constexpr std::string_view roles_text =
    "\"admin\", \"secretariat\", \"representative\" or \"observer\"";

std::optional<std::int64_t> id_text(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 1 ||
      value > max_safe_integer || text.front() == '+') {
    return std::nullopt;
  }
  return value;
}

bool is_action_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

ordered organisation_frame(const domain::Organisation& organisation) {
  return {{"id", organisation.id},
          {"name", organisation.name},
          {"kind", domain::to_string(organisation.kind)},
          {"side", domain::to_string(domain::side_of(organisation.kind))}};
}

ordered person_frame(const domain::Person& person) {
  return {{"id", person.id},
          {"name", person.name},
          {"role", domain::to_string(person.role)},
          {"organisation", organisation_frame(person.organisation)}};
}

ordered time_frame(const std::optional<domain::Timestamp>& time) {
  return time ? ordered(domain::format_timestamp(*time)) : ordered(nullptr);
}

ordered id_frame(const std::optional<std::int64_t>& id) {
  return id ? ordered(*id) : ordered(nullptr);
}

// Text from people and the store may hold a broken byte; it is replaced, never an exception.
std::string dump(const ordered& body) {
  return body.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

}  // namespace

Result<domain::CreateOrganisation> parse_create_organisation(std::string_view body) {
  auto object = object_with(body, {"name", "kind"});
  if (!object) return object.error();
  auto name = string_field(*object, "name");
  if (!name) return name.error();
  const auto kind = name_field(*object, "kind", domain::organisation_kind_from, kinds_text);
  if (!kind) return kind.error();
  return domain::CreateOrganisation{std::move(name).value(), *kind};
}

Result<domain::CreatePerson> parse_create_person(std::string_view body) {
  auto object = object_with(body, {"name", "email", "role", "organisation_id"});
  if (!object) return object.error();
  auto name = string_field(*object, "name");
  if (!name) return name.error();
  auto email = string_field(*object, "email");
  if (!email) return email.error();
  const auto role = name_field(*object, "role", domain::role_from, roles_text);
  if (!role) return role.error();
  const auto organisation = id_field(*object, "organisation_id");
  if (!organisation) return organisation.error();
  return domain::CreatePerson{std::move(name).value(), std::move(email).value(), *role,
                              *organisation};
}

Result<domain::Role> parse_change_role(std::string_view body) {
  auto object = object_with(body, {"role"});
  if (!object) return object.error();
  return name_field(*object, "role", domain::role_from, roles_text);
}

Result<std::string> parse_invitation_token(std::string_view body) {
  auto object = object_with(body, {"token"});
  if (!object) return object.error();
  return string_field(*object, "token");
}

Result<AcceptInvitationBody> parse_accept_invitation(std::string_view body) {
  auto object = object_with(body, {"token", "password"});
  if (!object) return object.error();
  auto token = string_field(*object, "token");
  if (!token) return token.error();
  auto password = string_field(*object, "password");
  if (!password) return password.error();
  return AcceptInvitationBody{std::move(token).value(), std::move(password).value()};
}

Result<domain::AuditQuery> parse_audit_query(
    const std::vector<std::pair<std::string, std::string>>& parameters) {
  domain::AuditQuery query;
  std::set<std::string> seen;
  for (const auto& [name, value] : parameters) {
    if (!seen.insert(name).second)
      return bad_request("The parameter " + in_quotes(name) + " is given twice");
    if (name == "action") {
      for (std::size_t start = 0; start <= value.size();) {
        const auto end = std::min(value.find(',', start), value.size());
        const auto action = std::string_view(value).substr(start, end - start);
        if (!is_action_name(action)) {
          return bad_request("\"action\" holds action names (a-z, 0-9, _) separated by commas");
        }
        query.actions.emplace_back(action);
        start = end + 1;
      }
      if (query.actions.size() > 50) return bad_request("\"action\" names at most 50 actions");
    } else if (name == "actor" || name == "round" || name == "before") {
      const auto id = id_text(value);
      if (!id)
        return bad_request(in_quotes(name) + " must be an integer from 1 to " +
                           std::to_string(max_safe_integer));
      (name == "actor" ? query.actor : name == "round" ? query.round : query.before) = *id;
    } else if (name == "q") {
      if (value.size() > 200) {
        return domain::make_error(ErrorCode::too_large, "\"q\" is longer than 200 bytes");
      }
      query.text = value;
    } else if (name == "from" || name == "to") {
      const auto time = domain::parse_timestamp(value);
      if (!time) {
        return bad_request(in_quotes(name) +
                           " must be a UTC time such as \"2026-11-23T10:15:00Z\"");
      }
      (name == "from" ? query.from : query.to) = *time;
    } else if (name == "limit") {
      const auto limit = id_text(value);
      if (!limit || *limit > static_cast<std::int64_t>(domain::max_audit_page)) {
        return bad_request("\"limit\" must be an integer from 1 to " +
                           std::to_string(domain::max_audit_page));
      }
      query.limit = static_cast<std::size_t>(*limit);
    } else {
      return domain::make_error(ErrorCode::unknown_field, "Unknown parameter " + in_quotes(name));
    }
  }
  return query;
}

std::string encode_admin_organisations(const std::vector<domain::OrganisationListing>& list) {
  ordered organisations = ordered::array();
  for (const auto& listing : list) {
    auto frame = organisation_frame(listing.record.organisation);
    frame["active"] = listing.record.active;
    frame["people"] = listing.people;
    organisations.push_back(std::move(frame));
  }
  return dump({{"organisations", std::move(organisations)}});
}

std::string encode_admin_people(const std::vector<domain::PersonListing>& list) {
  ordered people = ordered::array();
  for (const auto& listing : list) {
    const auto& person = listing.record.person;
    people.push_back({{"id", person.id},
                      {"name", person.name},
                      {"email", person.email},
                      {"role", domain::to_string(person.role)},
                      {"organisation", organisation_frame(person.organisation)},
                      {"active", listing.record.active},
                      {"organisation_active", listing.record.organisation_active},
                      {"has_password", listing.record.has_password},
                      {"invitation_expires_at", time_frame(listing.invitation_expires_at)},
                      {"sessions", listing.live_sessions}});
  }
  return dump({{"people", std::move(people)}});
}

std::string encode_account_result(const AccountResult& result) {
  ordered body = ordered::object();
  if (result.organisation_id) body["organisation_id"] = *result.organisation_id;
  if (result.person_id) body["person_id"] = *result.person_id;
  if (result.sessions_ended) body["sessions_ended"] = *result.sessions_ended;
  if (result.invitation_token) {
    body["invitation"] = {{"token", *result.invitation_token},
                          {"expires_at", time_frame(result.invitation_expires_at)}};
  }
  return dump(body);
}

std::string encode_sessions(const std::vector<domain::SessionRecord>& sessions,
                            domain::SessionId current) {
  ordered list = ordered::array();
  for (const auto& session : sessions) {
    list.push_back({{"id", session.id},
                    {"created_at", domain::format_timestamp(session.created_at)},
                    {"last_used_at", domain::format_timestamp(session.last_used_at)},
                    {"expires_at", domain::format_timestamp(session.expires_at)},
                    {"absolute_expires_at", domain::format_timestamp(session.absolute_expires_at)},
                    {"user_agent", session.user_agent},
                    {"address", session.address},
                    {"current", session.id == current}});
  }
  return dump({{"sessions", std::move(list)}});
}

std::string encode_audit_entries(const std::vector<domain::AuditEntry>& entries,
                                 std::optional<std::int64_t> next_before) {
  ordered list = ordered::array();
  for (const auto& entry : entries) {
    const auto& record = entry.record;
    ordered details = ordered::object();
    for (const auto& detail : record.details) details[detail.key] = detail.value;
    list.push_back(
        {{"id", entry.id},
         {"at", domain::format_timestamp(record.at)},
         {"action", record.action},
         {"actor", entry.actor ? person_frame(*entry.actor) : ordered(nullptr)},
         {"source", domain::to_string(record.origin.source)},
         {"address", record.origin.address},
         {"round_id", id_frame(record.round)},
         {"target", record.target_kind.empty() ? ordered(nullptr)
                                               : ordered{{"kind", record.target_kind},
                                                         {"id", id_frame(record.target_id)}}},
         {"details", std::move(details)}});
  }
  return dump({{"entries", std::move(list)}, {"next_before", id_frame(next_before)}});
}

std::string encode_invitation(const domain::PersonRecord& person) {
  return dump({{"person", person_frame(person.person)}, {"email", person.person.email}});
}

std::string encode_person(const domain::Person& person) {
  return dump({{"person", person_frame(person)}});
}

}  // namespace samrad::protocol
