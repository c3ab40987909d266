// Folds a round's main stream into its decision record (see decision_record.hpp). Lists are in
// the order records.md gives; organisations by name, then id, so the record does not depend on
// the order of invitations.
#include "domain/decision_record.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "domain/agenda_order.hpp"

namespace samrad::domain {

namespace {

using nlohmann::json;

json organisation_json(const Organisation& organisation) {
  return {{"id", organisation.id},
          {"name", organisation.name},
          {"kind", to_string(organisation.kind)},
          {"side", to_string(side_of(organisation.kind))}};
}

// Never an e-mail address: a record is read far beyond the people in it.
json person_json(const Person& person) {
  return {{"id", person.id}, {"name", person.name}, {"organisation_id", person.organisation.id}};
}

json time_or_null(const std::optional<Timestamp>& at) {
  return at ? json(format_timestamp(*at)) : json(nullptr);
}

bool by_name(const Organisation& a, const Organisation& b) {
  return a.name != b.name ? a.name < b.name : a.id < b.id;
}

struct Thread {
  ThreadId id = 0;
  std::string title;
  AgendaStatus status = AgendaStatus::accepted;
};

struct PostState {
  OrganisationId organisation = 0;
  bool hidden = false;
  bool edited = false;
};

struct Participant {
  Organisation organisation;
  std::map<PersonId, Person> people;
  std::int64_t posts = 0;
};

struct Fold {
  const DecisionRecordInput& input;
  const RoundCreated* created = nullptr;
  Timestamp created_at = 0;
  Person created_by;
  std::optional<Timestamp> opened_at, closed_at, decided_at;
  std::optional<std::string> correction;  // the reason of the latest correction
  std::optional<Person> decided_by;
  json proposal_versions = json::array();
  std::string proposal;
  std::int64_t proposal_version = 1;
  std::vector<Thread> agenda;
  std::map<OrganisationId, Organisation> invited_now;
  std::map<OrganisationId, Participant> participants;  // every organisation ever invited
  std::map<OrganisationId, std::vector<std::pair<const PositionStated*, const Event*>>> positions;
  std::map<PostId, PostState> posts;
  std::int64_t positions_stated = 0;
  std::int64_t reminders = 0;
  json outcome = nullptr;
  json responses = json::array();
  json dissent = json::array();
  std::map<ThreadId, json> minutes;  // the latest version of each agenda item's minutes
  json joint_document = nullptr;
  json timeline = json::array();

  Participant& participant(const Organisation& organisation) {
    auto& entry = participants[organisation.id];
    entry.organisation = organisation;
    return entry;
  }

  // A person of an invited organisation who wrote something; the secretariat's own organisation
  // is not a participant.
  void took_part(const Person& person) {
    const auto found = participants.find(person.organisation.id);
    if (found != participants.end()) found->second.people[person.id] = person;
  }

  void invite(const Organisation& organisation) {
    invited_now[organisation.id] = organisation;
    participant(organisation);
  }

  Thread* thread(ThreadId id) {
    const auto found = std::find_if(agenda.begin(), agenda.end(),
                                    [id](const Thread& thread) { return thread.id == id; });
    return found == agenda.end() ? nullptr : &*found;
  }

  std::string thread_title(ThreadId id) {
    const auto* found = thread(id);
    return found ? found->title : "";
  }

  void add_version(const std::string& text, std::int64_t version, const Event& event) {
    proposal = text;
    proposal_version = version;
    proposal_versions.push_back({{"version", version},
                                 {"sha256", input.sha256_hex(text)},
                                 {"at", format_timestamp(event.at)},
                                 {"by", person_json(event.actor)}});
  }

  // What the timeline says of an event (posts and their edits are left out of it).
  std::optional<std::string> summary(const Event& event) {
    return std::visit([&](const auto& data) { return summarise(data); }, event.data);
  }

  std::optional<std::string> summarise(const RoundCreated& created) {
    return "Round created: " + created.title;
  }
  std::optional<std::string> summarise(const ThreadCreated& created) {
    return "Agenda item added: " + created.title;
  }
  std::optional<std::string> summarise(const PostCreated&) { return std::nullopt; }
  std::optional<std::string> summarise(const PostEdited&) { return std::nullopt; }
  std::optional<std::string> summarise(const PhaseChanged& changed) {
    return "Phase changed from " + std::string(to_string(changed.previous)) + " to " +
           std::string(to_string(changed.phase)) +
           (changed.automatic ? " at the closing time" : "");
  }
  std::optional<std::string> summarise(const ScheduleChanged& changed) {
    const auto text = [](const std::optional<Timestamp>& at) {
      return at ? format_timestamp(*at) : std::string("none");
    };
    return "Schedule set: opens " + text(changed.opens_at) + ", closes " + text(changed.closes_at);
  }
  std::optional<std::string> summarise(const OrganisationInvited& invited) {
    return "Invited: " + invited.organisation.name;
  }
  std::optional<std::string> summarise(const InvitationWithdrawn& withdrawn) {
    return "Invitation withdrawn: " + withdrawn.organisation.name;
  }
  std::optional<std::string> summarise(const AgendaItemProposed& proposed) {
    return "Agenda item proposed: " + proposed.title;
  }
  std::optional<std::string> summarise(const AgendaItemDecided& decided) {
    return std::string(decided.accepted ? "Agenda item accepted: " : "Agenda item declined: ") +
           thread_title(decided.thread);
  }
  std::optional<std::string> summarise(const ThreadMoved& moved) {
    return "Agenda item moved: " + thread_title(moved.thread);
  }
  std::optional<std::string> summarise(const ThreadLocked& locked) {
    return std::string(locked.locked ? "Thread locked: " : "Thread unlocked: ") +
           thread_title(locked.thread);
  }
  std::optional<std::string> summarise(const PostPinned& pinned) {
    return (pinned.post ? "Post " + std::to_string(*pinned.post) + " pinned in: "
                        : std::string("Pin removed in: ")) +
           thread_title(pinned.thread);
  }
  std::optional<std::string> summarise(const ProposalRevised& revised) {
    return "Proposal revised to version " + std::to_string(revised.version);
  }
  // A moderator's reason may name people; the record says only that the post was hidden.
  std::optional<std::string> summarise(const PostHidden& hidden) {
    return "Post " + std::to_string(hidden.post) + " hidden by the secretariat";
  }
  std::optional<std::string> summarise(const PostUnhidden& unhidden) {
    return "Post " + std::to_string(unhidden.post) + " shown again";
  }
  std::optional<std::string> summarise(const PostReported&) { return std::nullopt; }
  std::optional<std::string> summarise(const ReportsResolved&) { return std::nullopt; }
  std::optional<std::string> summarise(const ReminderSent& sent) {
    return "Reminder sent to " + sent.organisation.name;
  }
  std::optional<std::string> summarise(const OutcomeWritten& written) {
    if (written.correction) {
      return "Outcome corrected (version " + std::to_string(written.version) +
             "): " + *written.correction;
    }
    return "Outcome written (version " + std::to_string(written.version) + ")";
  }
  std::optional<std::string> summarise(const MinutesWritten& written) {
    return "Minutes written (version " + std::to_string(written.version) +
           ") for: " + thread_title(written.thread);
  }
  std::optional<std::string> summarise(const DissentAttached& attached) {
    return "Dissent attached by " + attached.organisation.name;
  }
  std::optional<std::string> summarise(const JointDocumentWritten& written) {
    return "Joint document written (version " + std::to_string(written.version) + ")";
  }
  std::optional<std::string> summarise(const JointDocumentApproved& approved) {
    return "Joint document version " + std::to_string(approved.version) + " approved for the " +
           std::string(to_string(approved.side)) + " side";
  }
  std::optional<std::string> summarise(const PositionStated& stated) {
    return "Position of " + stated.organisation.name + ": " +
           std::string(to_string(stated.stance)) + " (version " + std::to_string(stated.version) +
           ")";
  }

  void apply(const Event& event) {
    std::visit([&](const auto& data) { apply(event, data); }, event.data);
    if (const auto text = summary(event)) {
      timeline.push_back({{"seq", event.seq},
                          {"at", format_timestamp(event.at)},
                          {"kind", kind_of(event.data)},
                          {"actor", person_json(event.actor)},
                          {"summary", *text}});
    }
  }

  void apply(const Event& event, const RoundCreated& data) {
    created = &data;
    created_at = event.at;
    created_by = event.actor;
    if (data.phase == Phase::open) opened_at = event.at;
    for (const auto& organisation : data.invited) invite(organisation);
    add_version(data.proposal, 1, event);
  }
  void apply(const Event&, const ThreadCreated& data) {
    agenda.push_back({data.thread, data.title, AgendaStatus::accepted});
  }
  void apply(const Event& event, const PostCreated& data) {
    posts[data.post] = {event.actor.organisation.id, false, false};
    auto& entry = participant(event.actor.organisation);
    entry.people[event.actor.id] = event.actor;
    entry.posts += 1;
  }
  void apply(const Event&, const PostEdited& data) { posts[data.post].edited = true; }
  void apply(const Event&, const PostHidden& data) { posts[data.post].hidden = true; }
  void apply(const Event&, const PostUnhidden& data) { posts[data.post].hidden = false; }
  void apply(const Event& event, const PhaseChanged& data) {
    switch (data.phase) {
      case Phase::open:
        opened_at = event.at;
        break;
      case Phase::closed:
        closed_at = event.at;
        break;
      case Phase::decided:
        decided_at = event.at;
        decided_by = event.actor;
        break;
      case Phase::draft:
        break;
    }
  }
  void apply(const Event&, const OrganisationInvited& data) { invite(data.organisation); }
  void apply(const Event&, const InvitationWithdrawn& data) {
    invited_now.erase(data.organisation.id);
  }
  void apply(const Event&, const AgendaItemProposed& data) {
    agenda.push_back({data.thread, data.title, AgendaStatus::proposed});
  }
  void apply(const Event&, const AgendaItemDecided& data) {
    if (auto* found = thread(data.thread)) {
      found->status = data.accepted ? AgendaStatus::accepted : AgendaStatus::declined;
    }
  }
  void apply(const Event&, const ThreadMoved& data) { apply_move(agenda, data); }
  void apply(const Event& event, const ProposalRevised& data) {
    add_version(data.proposal, data.version, event);
  }
  void apply(const Event&, const ReminderSent&) { ++reminders; }
  void apply(const Event& event, const PositionStated& data) {
    positions[data.organisation.id].emplace_back(&data, &event);
    auto& entry = participant(data.organisation);
    entry.people[event.actor.id] = event.actor;
    ++positions_stated;
  }
  // The record holds the latest outcome, and the responses it gives.
  void apply(const Event& event, const OutcomeWritten& data) {
    if (data.correction) correction = *data.correction;
    outcome = {{"summary", data.summary},
               {"agreed", data.agreed},
               {"written_at", format_timestamp(event.at)},
               {"written_by", person_json(event.actor)},
               {"version", data.version}};
    responses = json::array();
    for (const auto& response : data.responses) {
      responses.push_back(
          {{"point", response.point},
           {"raised_by", {{"posts", response.posts}, {"organisations", response.organisations}}},
           {"response", to_string(response.response)},
           {"reason", response.reason}});
    }
  }
  void apply(const Event& event, const MinutesWritten& data) {
    minutes[data.thread] = {{"thread_id", data.thread},
                            {"version", data.version},
                            {"state_input", data.state_input},
                            {"municipal_input", data.municipal_input},
                            {"state_comment", data.state_comment},
                            {"posts", data.posts},
                            {"written_at", format_timestamp(event.at)},
                            {"written_by", person_json(event.actor)}};
  }
  void apply(const Event& event, const DissentAttached& data) {
    dissent.push_back({{"organisation", organisation_json(data.organisation)},
                       {"text", data.text},
                       {"at", format_timestamp(event.at)},
                       {"by", person_json(event.actor)}});
    participant(data.organisation).people[event.actor.id] = event.actor;
  }
  // The latest version's text, and every approval of any version, so a reader sees which
  // version each side approved.
  void apply(const Event& event, const JointDocumentWritten& data) {
    took_part(event.actor);
    const auto approvals =
        joint_document.is_null() ? json::array() : std::move(joint_document["approvals"]);
    joint_document = {{"version", data.version},
                      {"sha256", input.sha256_hex(data.text)},
                      {"text", data.text},
                      {"approvals", approvals}};
  }
  void apply(const Event& event, const JointDocumentApproved& data) {
    if (joint_document.is_null()) return;
    took_part(event.actor);
    joint_document["approvals"].push_back({{"side", to_string(data.side)},
                                           {"version", data.version},
                                           {"at", format_timestamp(event.at)},
                                           {"by", person_json(event.actor)}});
  }
  template <class Other>
  void apply(const Event&, const Other&) {}

  std::vector<Organisation> sorted(const std::vector<Organisation>& organisations) const {
    auto copy = organisations;
    std::sort(copy.begin(), copy.end(), by_name);
    return copy;
  }

  json positions_json() {
    std::vector<Organisation> stated;
    for (const auto& [id, versions] : positions)
      stated.push_back(versions.back().first->organisation);
    json list = json::array();
    for (const auto& organisation : sorted(stated)) {
      json versions = json::array();
      for (const auto& [data, event] : positions.at(organisation.id)) {
        json points = json::array();
        for (const auto& point : data->points) {
          points.push_back({{"thread_id", point.thread},
                            {"title", thread_title(point.thread)},
                            {"stance", to_string(point.stance)},
                            {"motivation", point.motivation}});
        }
        versions.push_back({{"version", data->version},
                            {"stance", to_string(data->stance)},
                            {"motivation", data->motivation},
                            {"points", std::move(points)},
                            {"stated_at", format_timestamp(event->at)},
                            {"stated_by", person_json(event->actor)}});
      }
      list.push_back(
          {{"organisation", organisation_json(organisation)}, {"versions", std::move(versions)}});
    }
    return list;
  }

  json tally_json() const {
    constexpr std::array stances = {Stance::supports, Stance::supports_with_reservations,
                                    Stance::opposes, Stance::abstains, Stance::no_comments};
    json counts = json::object();
    for (const auto stance : stances) counts[std::string(to_string(stance))] = 0;
    std::int64_t answered = 0;
    for (const auto& [id, organisation] : invited_now) {
      const auto found = positions.find(id);
      if (found == positions.end()) continue;
      ++answered;
      auto& count = counts[std::string(to_string(found->second.back().first->stance))];
      count = count.get<std::int64_t>() + 1;
    }
    return {{"invited", invited_now.size()}, {"answered", answered}, {"stances", counts}};
  }

  json participants_json() const {
    std::vector<Organisation> everyone;
    for (const auto& [id, entry] : participants) everyone.push_back(entry.organisation);
    json list = json::array();
    for (const auto& organisation : sorted(everyone)) {
      const auto& entry = participants.at(organisation.id);
      std::vector<Person> people;
      for (const auto& [id, person] : entry.people) people.push_back(person);
      std::sort(people.begin(), people.end(), [](const Person& a, const Person& b) {
        return a.name != b.name ? a.name < b.name : a.id < b.id;
      });
      json people_json = json::array();
      for (const auto& person : people) people_json.push_back(person_json(person));
      const auto stated = positions.find(organisation.id);
      list.push_back(
          {{"organisation", organisation_json(organisation)},
           {"invited", invited_now.contains(organisation.id)},
           {"people", std::move(people_json)},
           {"posts", entry.posts},
           {"position_versions",
            stated == positions.end() ? 0 : static_cast<std::int64_t>(stated->second.size())}});
    }
    return list;
  }

  // In agenda order, so the minutes read as the meeting went.
  json minutes_json() const {
    json list = json::array();
    for (const auto& thread : agenda) {
      if (const auto found = minutes.find(thread.id); found != minutes.end()) {
        auto item = found->second;
        item["title"] = thread.title;
        list.push_back(std::move(item));
      }
    }
    return list;
  }

  json counts_json() const {
    std::int64_t hidden = 0;
    std::int64_t edited = 0;
    for (const auto& [id, post] : posts) {
      hidden += post.hidden ? 1 : 0;
      edited += post.edited ? 1 : 0;
    }
    return {{"threads", agenda.size()},
            {"posts", posts.size()},
            {"hidden_posts", hidden},
            {"edited_posts", edited},
            {"positions_stated", positions_stated},
            {"reminders", reminders}};
  }
};

}  // namespace

bool decides(const Event& event) {
  const auto* changed = std::get_if<PhaseChanged>(&event.data);
  return changed && changed->phase == Phase::decided;
}

bool corrects(const Event& event) {
  const auto* written = std::get_if<OutcomeWritten>(&event.data);
  return written && written->correction;
}

json build_decision_record(const DecisionRecordInput& input) {
  Fold fold{.input = input};
  for (const auto& event : input.events) fold.apply(event);
  if (!fold.created) throw std::invalid_argument("a decision record needs the round's creation");
  if (!fold.decided_at || !(decides(input.events.back()) || corrects(input.events.back()))) {
    throw std::invalid_argument("a decision record is built when a round is decided or corrected");
  }
  if (input.supersedes.has_value() != corrects(input.events.back())) {
    throw std::invalid_argument("a record supersedes another exactly when it is a correction");
  }
  const auto& created = *fold.created;
  json sectors = json::array();
  for (const auto sector : created.sectors) sectors.push_back(to_string(sector));
  json agenda = json::array();
  for (const auto& thread : fold.agenda) {
    agenda.push_back(
        {{"thread_id", thread.id}, {"title", thread.title}, {"status", to_string(thread.status)}});
  }
  json supersedes = nullptr;
  if (input.supersedes) {
    supersedes = {{"log_index", input.supersedes->log_index},
                  {"leaf_hash", input.supersedes->leaf_hash},
                  {"reason", *fold.correction}};
  }
  return {
      {"format", "samrad-decision-record/1"},
      {"log_origin", input.log_origin},
      {"supersedes", std::move(supersedes)},
      {"round",
       {{"id", input.events.front().stream.round},
        {"title", created.title},
        {"kind", to_string(created.kind.value_or(RoundKind::plenary))},
        {"sectors", std::move(sectors)},
        {"created_at", format_timestamp(fold.created_at)},
        {"created_by", person_json(fold.created_by)},
        {"opened_at", time_or_null(fold.opened_at)},
        {"closed_at", time_or_null(fold.closed_at)},
        {"decided_at", format_timestamp(*fold.decided_at)},
        {"decided_by", person_json(*fold.decided_by)}}},
      {"proposal",
       {{"version", fold.proposal_version},
        {"sha256", input.sha256_hex(fold.proposal)},
        {"text", fold.proposal}}},
      {"proposal_versions", fold.proposal_versions},
      {"agenda", std::move(agenda)},
      {"participants", fold.participants_json()},
      {"positions", fold.positions_json()},
      {"tally", fold.tally_json()},
      {"outcome", fold.outcome},
      {"responses", fold.responses},
      {"dissent", fold.dissent},
      {"minutes", fold.minutes_json()},
      {"joint_document", fold.joint_document},
      {"timeline", fold.timeline},
      {"counts", fold.counts_json()},
  };
}

}  // namespace samrad::domain
