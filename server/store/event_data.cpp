// Stored event data as JSON (see event_data.hpp). Keys match the data of protocol v1's events,
// which lets the schema migration move old frames' data over unchanged.
#include "store/event_data.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace samrad::store {

namespace {

using nlohmann::json;

template <class Enum>
Enum parse_enum(std::optional<Enum> value, std::string_view what) {
  if (!value) throw std::runtime_error("stored event: unknown " + std::string(what));
  return *value;
}

json organisation_json(const domain::Organisation& organisation) {
  return {{"id", organisation.id},
          {"name", organisation.name},
          {"kind", domain::to_string(organisation.kind)}};
}

domain::Organisation organisation_from(const json& organisation) {
  return domain::Organisation{
      .id = organisation.at("id").get<domain::OrganisationId>(),
      .name = organisation.at("name").get<std::string>(),
      .kind = parse_enum(domain::organisation_kind_from(organisation.at("kind").get<std::string>()),
                         "organisation kind"),
  };
}

json optional_time(const std::optional<domain::Timestamp>& time) {
  return time ? json(*time) : json(nullptr);
}

std::optional<domain::Timestamp> optional_time_from(const json& time) {
  return time.is_null() ? std::nullopt
                        : std::optional<domain::Timestamp>(time.get<domain::Timestamp>());
}

json to_json(const domain::RoundCreated& created) {
  json invited = json::array();
  for (const auto& organisation : created.invited)
    invited.push_back(organisation_json(organisation));
  json data = {{"title", created.title},
               {"proposal", created.proposal},
               {"phase", domain::to_string(created.phase)},
               {"invited", std::move(invited)}};
  if (created.kind) data["kind"] = domain::to_string(*created.kind);
  if (!created.sectors.empty()) {
    json sectors = json::array();
    for (const auto sector : created.sectors) sectors.push_back(domain::to_string(sector));
    data["sectors"] = std::move(sectors);
  }
  return data;
}

json to_json(const domain::PhaseChanged& changed) {
  return {{"previous", domain::to_string(changed.previous)},
          {"phase", domain::to_string(changed.phase)},
          {"automatic", changed.automatic}};
}

json to_json(const domain::ScheduleChanged& changed) {
  return {{"opens_at", optional_time(changed.opens_at)},
          {"closes_at", optional_time(changed.closes_at)}};
}

json to_json(const domain::OrganisationInvited& invited) {
  return {{"organisation", organisation_json(invited.organisation)}};
}

json to_json(const domain::InvitationWithdrawn& withdrawn) {
  return {{"organisation", organisation_json(withdrawn.organisation)}};
}

json to_json(const domain::ThreadCreated& created) {
  return {{"thread_id", created.thread}, {"title", created.title}};
}

json optional_id(const std::optional<std::int64_t>& id) {
  return id ? json(*id) : json(nullptr);
}

std::optional<std::int64_t> optional_id_from(const json& id) {
  return id.is_null() ? std::nullopt : std::optional<std::int64_t>(id.get<std::int64_t>());
}

json to_json(const domain::PostCreated& created) {
  json data = {{"post_id", created.post},
               {"thread_id", created.thread},
               {"reply_to", optional_id(created.reply_to)},
               {"body", created.body}};
  if (created.proposal_version) data["proposal_version"] = *created.proposal_version;
  return data;
}

json to_json(const domain::AgendaItemProposed& proposed) {
  return {{"thread_id", proposed.thread},
          {"title", proposed.title},
          {"motivation", proposed.motivation}};
}

json to_json(const domain::AgendaItemDecided& decided) {
  return {
      {"thread_id", decided.thread}, {"accepted", decided.accepted}, {"reason", decided.reason}};
}

json to_json(const domain::ThreadMoved& moved) {
  return {{"thread_id", moved.thread}, {"before", optional_id(moved.before)}};
}

json to_json(const domain::ThreadLocked& locked) {
  return {{"thread_id", locked.thread}, {"locked", locked.locked}};
}

json to_json(const domain::PostPinned& pinned) {
  return {{"thread_id", pinned.thread}, {"post_id", optional_id(pinned.post)}};
}

json to_json(const domain::ProposalRevised& revised) {
  return {{"version", revised.version}, {"proposal", revised.proposal}};
}

json to_json(const domain::PostEdited& edited) {
  return {{"post_id", edited.post},
          {"thread_id", edited.thread},
          {"version", edited.version},
          {"body", edited.body}};
}

json to_json(const domain::PostHidden& hidden) {
  return {{"post_id", hidden.post}, {"thread_id", hidden.thread}, {"reason", hidden.reason}};
}

json to_json(const domain::PostUnhidden& unhidden) {
  return {{"post_id", unhidden.post},
          {"thread_id", unhidden.thread},
          {"version", unhidden.version},
          {"body", unhidden.body}};
}

json to_json(const domain::PostReported& reported) {
  return {{"report_id", reported.report},
          {"post_id", reported.post},
          {"thread_id", reported.thread},
          {"reason", reported.reason}};
}

json to_json(const domain::ReportsResolved& resolved) {
  return {{"report_ids", resolved.reports},
          {"outcome", domain::to_string(resolved.outcome)},
          {"note", resolved.note}};
}

json to_json(const domain::ReminderSent& sent) {
  return {{"organisation", organisation_json(sent.organisation)},
          {"message", sent.message},
          {"position_missing", sent.position_missing}};
}

json to_json(const domain::PositionStated& stated) {
  json points = json::array();
  for (const auto& point : stated.points) {
    points.push_back({{"thread_id", point.thread},
                      {"stance", domain::to_string(point.stance)},
                      {"motivation", point.motivation}});
  }
  return {{"organisation", organisation_json(stated.organisation)},
          {"version", stated.version},
          {"stance", domain::to_string(stated.stance)},
          {"motivation", stated.motivation},
          {"points", std::move(points)}};
}

json to_json(const domain::OutcomeWritten& written) {
  json responses = json::array();
  for (const auto& response : written.responses) {
    responses.push_back({{"point", response.point},
                         {"post_ids", response.posts},
                         {"organisation_ids", response.organisations},
                         {"response", domain::to_string(response.response)},
                         {"reason", response.reason}});
  }
  json out = {{"version", written.version},
              {"summary", written.summary},
              {"agreed", written.agreed},
              {"responses", std::move(responses)}};
  if (written.correction) out["correction"] = *written.correction;
  return out;
}

json to_json(const domain::DissentAttached& attached) {
  return {{"organisation", organisation_json(attached.organisation)}, {"text", attached.text}};
}

json to_json(const domain::MinutesWritten& written) {
  return {{"thread_id", written.thread},
          {"version", written.version},
          {"state_input", written.state_input},
          {"municipal_input", written.municipal_input},
          {"state_comment", written.state_comment},
          {"post_ids", written.posts}};
}

json to_json(const domain::JointDocumentWritten& written) {
  return {{"version", written.version}, {"text", written.text}};
}

json to_json(const domain::JointDocumentApproved& approved) {
  return {{"version", approved.version}, {"side", domain::to_string(approved.side)}};
}

domain::OutcomeWritten outcome_written(const json& data) {
  domain::OutcomeWritten written{data.at("version").get<std::int64_t>(),
                                 data.at("summary").get<std::string>(),
                                 data.at("agreed").get<std::vector<std::string>>(),
                                 {}};
  for (const auto& response : data.at("responses")) {
    written.responses.push_back(
        {response.at("point").get<std::string>(),
         response.at("post_ids").get<std::vector<domain::PostId>>(),
         response.at("organisation_ids").get<std::vector<domain::OrganisationId>>(),
         parse_enum(domain::acceptance_from(response.at("response").get<std::string>()),
                    "response"),
         response.at("reason").get<std::string>()});
  }
  if (const auto found = data.find("correction"); found != data.end()) {
    written.correction = found->get<std::string>();
  }
  return written;
}

domain::Stance stance_from(const json& value) {
  return parse_enum(domain::stance_from(value.get<std::string>()), "stance");
}

domain::RoundCreated round_created(const json& data) {
  domain::RoundCreated created{
      .title = data.at("title").get<std::string>(),
      .proposal = data.at("proposal").get<std::string>(),
      .phase = parse_enum(domain::phase_from(data.at("phase").get<std::string>()), "phase"),
      .invited = {},
      .kind = std::nullopt,
      .sectors = {},
  };
  for (const auto& organisation : data.at("invited")) {
    created.invited.push_back(organisation_from(organisation));
  }
  if (const auto kind = data.find("kind"); kind != data.end()) {
    created.kind = parse_enum(domain::round_kind_from(kind->get<std::string>()), "round kind");
  }
  if (const auto sectors = data.find("sectors"); sectors != data.end()) {
    for (const auto& sector : *sectors) {
      created.sectors.push_back(
          parse_enum(domain::sector_from(sector.get<std::string>()), "sector"));
    }
  }
  return created;
}

domain::PhaseChanged phase_changed(const json& data) {
  return {parse_enum(domain::phase_from(data.at("previous").get<std::string>()), "phase"),
          parse_enum(domain::phase_from(data.at("phase").get<std::string>()), "phase"),
          data.at("automatic").get<bool>()};
}

domain::ScheduleChanged schedule_changed(const json& data) {
  return {optional_time_from(data.at("opens_at")), optional_time_from(data.at("closes_at"))};
}

domain::ThreadCreated thread_created(const json& data) {
  return {data.at("thread_id").get<domain::ThreadId>(), data.at("title").get<std::string>()};
}

domain::PostCreated post_created(const json& data) {
  const auto version = data.find("proposal_version");
  return {data.at("post_id").get<domain::PostId>(), data.at("thread_id").get<domain::ThreadId>(),
          optional_id_from(data.at("reply_to")), data.at("body").get<std::string>(),
          version == data.end() ? std::nullopt
                                : std::optional<std::int64_t>(version->get<std::int64_t>())};
}

}  // namespace

std::string encode_event_data(const domain::EventData& data) {
  // Invalid UTF-8 cannot come from the protocol layer; replacing rather than throwing keeps a
  // store write from failing on text from another source.
  return std::visit([](const auto& event) { return to_json(event); }, data)
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

domain::EventData decode_event_data(std::string_view kind, std::string_view text) {
  try {
    const json data = json::parse(text);
    if (kind == "round_created") return round_created(data);
    if (kind == "thread_created") return thread_created(data);
    if (kind == "post_created") return post_created(data);
    if (kind == "phase_changed") return phase_changed(data);
    if (kind == "schedule_changed") return schedule_changed(data);
    if (kind == "organisation_invited") {
      return domain::OrganisationInvited{organisation_from(data.at("organisation"))};
    }
    if (kind == "invitation_withdrawn") {
      return domain::InvitationWithdrawn{organisation_from(data.at("organisation"))};
    }
    if (kind == "agenda_item_proposed") {
      return domain::AgendaItemProposed{data.at("thread_id").get<domain::ThreadId>(),
                                        data.at("title").get<std::string>(),
                                        data.at("motivation").get<std::string>()};
    }
    if (kind == "agenda_item_decided") {
      return domain::AgendaItemDecided{data.at("thread_id").get<domain::ThreadId>(),
                                       data.at("accepted").get<bool>(),
                                       data.at("reason").get<std::string>()};
    }
    if (kind == "thread_moved") {
      return domain::ThreadMoved{data.at("thread_id").get<domain::ThreadId>(),
                                 optional_id_from(data.at("before"))};
    }
    if (kind == "thread_locked") {
      return domain::ThreadLocked{data.at("thread_id").get<domain::ThreadId>(),
                                  data.at("locked").get<bool>()};
    }
    if (kind == "post_pinned") {
      return domain::PostPinned{data.at("thread_id").get<domain::ThreadId>(),
                                optional_id_from(data.at("post_id"))};
    }
    if (kind == "proposal_revised") {
      return domain::ProposalRevised{data.at("version").get<std::int64_t>(),
                                     data.at("proposal").get<std::string>()};
    }
    if (kind == "post_edited") {
      return domain::PostEdited{
          data.at("post_id").get<domain::PostId>(), data.at("thread_id").get<domain::ThreadId>(),
          data.at("version").get<std::int64_t>(), data.at("body").get<std::string>()};
    }
    if (kind == "post_hidden") {
      return domain::PostHidden{data.at("post_id").get<domain::PostId>(),
                                data.at("thread_id").get<domain::ThreadId>(),
                                data.at("reason").get<std::string>()};
    }
    if (kind == "post_unhidden") {
      return domain::PostUnhidden{
          data.at("post_id").get<domain::PostId>(), data.at("thread_id").get<domain::ThreadId>(),
          data.at("version").get<std::int64_t>(), data.at("body").get<std::string>()};
    }
    if (kind == "post_reported") {
      return domain::PostReported{
          data.at("report_id").get<domain::ReportId>(), data.at("post_id").get<domain::PostId>(),
          data.at("thread_id").get<domain::ThreadId>(), data.at("reason").get<std::string>()};
    }
    if (kind == "reports_resolved") {
      return domain::ReportsResolved{
          data.at("report_ids").get<std::vector<domain::ReportId>>(),
          parse_enum(domain::report_outcome_from(data.at("outcome").get<std::string>()),
                     "report outcome"),
          data.at("note").get<std::string>()};
    }
    if (kind == "reminder_sent") {
      return domain::ReminderSent{organisation_from(data.at("organisation")),
                                  data.at("message").get<std::string>(),
                                  data.value("position_missing", false)};
    }
    if (kind == "outcome_written") return outcome_written(data);
    if (kind == "minutes_written") {
      return domain::MinutesWritten{data.at("thread_id").get<domain::ThreadId>(),
                                    data.at("version").get<std::int64_t>(),
                                    data.at("state_input").get<std::string>(),
                                    data.at("municipal_input").get<std::string>(),
                                    data.at("state_comment").get<std::string>(),
                                    data.at("post_ids").get<std::vector<domain::PostId>>()};
    }
    if (kind == "dissent_attached") {
      return domain::DissentAttached{organisation_from(data.at("organisation")),
                                     data.at("text").get<std::string>()};
    }
    if (kind == "joint_document_written") {
      return domain::JointDocumentWritten{data.at("version").get<std::int64_t>(),
                                          data.at("text").get<std::string>()};
    }
    if (kind == "joint_document_approved") {
      return domain::JointDocumentApproved{
          data.at("version").get<std::int64_t>(),
          parse_enum(domain::side_from(data.at("side").get<std::string>()), "side")};
    }
    if (kind == "position_stated") {
      domain::PositionStated stated{organisation_from(data.at("organisation")),
                                    data.at("version").get<std::int64_t>(),
                                    stance_from(data.at("stance")),
                                    data.at("motivation").get<std::string>(),
                                    {}};
      for (const auto& point : data.at("points")) {
        stated.points.push_back({point.at("thread_id").get<domain::ThreadId>(),
                                 stance_from(point.at("stance")),
                                 point.at("motivation").get<std::string>()});
      }
      return stated;
    }
  } catch (const json::exception& e) {
    throw std::runtime_error("stored event of kind " + std::string(kind) + ": " + e.what());
  }
  throw std::runtime_error("stored event of unknown kind " + std::string(kind));
}

}  // namespace samrad::store
