// An in-memory store::WriteTransaction: the facts and writes of a store kept in plain containers,
// so the command handler's rules are tested without a database. The handler suite runs the same
// cases against it and against SQLite (command_handler_test.cpp); it is a test double, not a
// store: no durability, no concurrency. It keeps what every kind of event changes in the facts
// the way SQLite's tables do (store/sqlite/sqlite_transaction.cpp), so both give the next command
// the same facts; what no fact reads (a post's proposal version, the proposal's text) it drops.
#pragma once

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace samrad::service::testing {

struct MemoryState {
  std::map<domain::OrganisationId, domain::Organisation> organisations;
  std::set<domain::OrganisationId> deactivated_organisations;
  std::map<domain::PersonId, domain::Person> persons;
  std::map<std::string, domain::Timestamp> sessions;  // token hash -> expires_at
  std::map<domain::RoundId, domain::RoundAccess> rounds;
  std::map<domain::RoundId, domain::PersonId> schedule_set_by;  // who set each round's schedule
  std::map<domain::ThreadId, domain::ThreadFacts> threads;
  std::map<domain::PostId, domain::PostFacts> posts;
  std::map<domain::ReportId, std::pair<domain::ReportFacts, domain::PersonId>> reports;
  std::map<std::pair<domain::RoundId, domain::StreamKind>, domain::Seq> heads;
  std::vector<domain::Event> events;
  std::array<std::int64_t, 4> last_ids{};
  std::vector<domain::AuditRecord> audit_log;
  std::vector<store::LoggedRecord> records;  // the transparency log, by index
  // The latest position version per (round, organisation).
  std::map<std::pair<domain::RoundId, domain::OrganisationId>, std::int64_t> positions;
  std::map<domain::RoundId, std::int64_t> outcomes;  // the latest outcome version per round
  // The latest minutes version per (round, agenda item).
  std::map<std::pair<domain::RoundId, domain::ThreadId>, std::int64_t> minutes;
  std::map<domain::RoundId, std::int64_t> joint_documents;  // the latest version per round
  // The sides that approved each (round, version) of a joint document.
  std::map<std::pair<domain::RoundId, std::int64_t>, std::vector<domain::Side>> approvals;
  // Commands remembered under (person, idempotency key), with when.
  std::map<std::pair<domain::PersonId, std::string>,
           std::pair<store::RememberedCommand, domain::Timestamp>>
      command_keys;
};

class MemoryTransaction final : public store::WriteTransaction {
 public:
  explicit MemoryTransaction(MemoryState& state) : state_(state) {}

  std::optional<domain::RoundAccess> round(domain::RoundId round) override {
    return find(state_.rounds, round);
  }
  std::optional<domain::ThreadFacts> thread(domain::ThreadId thread) override {
    return find(state_.threads, thread);
  }
  std::optional<domain::PostFacts> post(domain::PostId post) override {
    return find(state_.posts, post);
  }
  std::vector<domain::OpenReport> open_reports(domain::PostId post) override {
    std::vector<domain::OpenReport> open;
    for (const auto& [id, report] : state_.reports) {
      if (report.first.post == post && report.first.open) open.push_back({id, report.second});
    }
    return open;
  }
  std::vector<domain::Event> stream_events(const domain::StreamId& stream) override {
    std::vector<domain::Event> events;
    for (const auto& event : state_.events) {
      if (event.stream == stream) events.push_back(event);
    }
    return events;
  }
  std::optional<domain::Event> event(const domain::StreamId& stream, domain::Seq seq) override {
    for (const auto& event : state_.events) {
      if (event.stream == stream && event.seq == seq) return event;
    }
    return std::nullopt;
  }
  std::optional<store::RememberedCommand> remembered_command(domain::PersonId person,
                                                             const std::string& key,
                                                             domain::Timestamp since) override {
    const auto found = state_.command_keys.find({person, key});
    if (found == state_.command_keys.end() || found->second.second < since) return std::nullopt;
    return found->second.first;
  }
  void remember_command(domain::PersonId person, const std::string& key,
                        const store::RememberedCommand& command, domain::Timestamp at,
                        domain::Timestamp forget_before) override {
    std::erase_if(state_.command_keys,
                  [&](const auto& entry) { return entry.second.second < forget_before; });
    state_.command_keys[{person, key}] = {command, at};
  }
  std::optional<store::LoggedRecord> latest_record(domain::RoundId round) override {
    for (auto record = state_.records.rbegin(); record != state_.records.rend(); ++record) {
      if (record->round == round) return *record;
    }
    return std::nullopt;
  }
  std::int64_t append_record(const store::NewRecord& record) override {
    const auto index = static_cast<std::int64_t>(state_.records.size());
    state_.records.push_back({index, record.round, record.record, record.leaf_hash, record.at});
    return index;
  }
  std::int64_t position_version(domain::RoundId round,
                                domain::OrganisationId organisation) override {
    const auto found = state_.positions.find({round, organisation});
    return found == state_.positions.end() ? 0 : found->second;
  }
  std::int64_t outcome_version(domain::RoundId round) override {
    const auto found = state_.outcomes.find(round);
    return found == state_.outcomes.end() ? 0 : found->second;
  }
  std::int64_t minutes_version(domain::RoundId round, domain::ThreadId thread) override {
    const auto found = state_.minutes.find({round, thread});
    return found == state_.minutes.end() ? 0 : found->second;
  }
  std::int64_t joint_document_version(domain::RoundId round) override {
    const auto found = state_.joint_documents.find(round);
    return found == state_.joint_documents.end() ? 0 : found->second;
  }
  std::vector<domain::Side> joint_document_approvals(domain::RoundId round,
                                                     std::int64_t version) override {
    const auto found = state_.approvals.find({round, version});
    return found == state_.approvals.end() ? std::vector<domain::Side>{} : found->second;
  }
  std::vector<domain::OrganisationId> organisations_with_positions(domain::RoundId round) override {
    std::vector<domain::OrganisationId> organisations;
    for (const auto& [key, version] : state_.positions) {
      if (key.first == round) organisations.push_back(key.second);
    }
    return organisations;  // the map's order: ascending by organisation within a round
  }
  std::optional<domain::ReportFacts> report(domain::ReportId report) override {
    const auto found = state_.reports.find(report);
    if (found == state_.reports.end()) return std::nullopt;
    return found->second.first;
  }
  std::optional<domain::OrganisationRecord> organisation(
      domain::OrganisationId organisation) override {
    const auto found = find(state_.organisations, organisation);
    if (!found) return std::nullopt;
    return domain::OrganisationRecord{
        .organisation = *found, .active = !state_.deactivated_organisations.contains(organisation)};
  }
  bool session_is_live(const std::string& token_hash, domain::Timestamp now) override {
    const auto found = state_.sessions.find(token_hash);
    return found != state_.sessions.end() && found->second > now;
  }
  std::int64_t new_id(store::Entity entity) override {
    return ++state_.last_ids.at(static_cast<std::size_t>(entity));
  }
  domain::Seq next_seq(const domain::StreamId& stream) override {
    return ++state_.heads[{stream.round, stream.kind}];
  }
  void append(const domain::Event& event) override {
    // A store refuses an event of an unknown person the way a foreign key would.
    if (!state_.persons.contains(event.actor.id)) throw std::runtime_error("no such actor");
    state_.events.push_back(event);
    std::visit([&](const auto& data) { mirror(event, data); }, event.data);
  }
  void record(const domain::AuditRecord& record) override { state_.audit_log.push_back(record); }
  // Account commands are tested against SQLite only (tests/unit/store).
  store::AccountTransaction& accounts() override {
    throw std::logic_error("the in-memory transaction keeps no accounts");
  }

 private:
  template <class Map>
  static std::optional<typename Map::mapped_type> find(const Map& map,
                                                       const typename Map::key_type& key) {
    const auto found = map.find(key);
    return found == map.end() ? std::nullopt : std::optional(found->second);
  }

  // The round as SQLite keeps it: invited organisations by id, a round without a kind plenary.
  void mirror(const domain::Event& event, const domain::RoundCreated& created) {
    domain::RoundAccess access{.id = event.stream.round,
                               .phase = created.phase,
                               .invited = {},
                               .kind = created.kind.value_or(domain::RoundKind::plenary),
                               .opens_at = std::nullopt,
                               .closes_at = std::nullopt};
    for (const auto& organisation : created.invited) access.invited.push_back(organisation.id);
    std::sort(access.invited.begin(), access.invited.end());
    state_.rounds[access.id] = access;
  }
  // A thread the secretariat adds (or a side's preparation thread) is on the agenda at once.
  void mirror(const domain::Event& event, const domain::ThreadCreated& created) {
    add_thread(created.thread, event.stream, domain::AgendaStatus::accepted);
  }
  void mirror(const domain::Event& event, const domain::PostCreated& created) {
    // A post in a thread that is not there is what a foreign key would refuse.
    if (!state_.threads.contains(created.thread)) throw std::runtime_error("no such thread");
    state_.posts[created.post] = {.id = created.post,
                                  .thread = created.thread,
                                  .author = event.actor.id,
                                  .version = 1,
                                  .body = created.body,
                                  .hidden = false};
  }
  void mirror(const domain::Event&, const domain::PostEdited& edited) {
    auto& post = state_.posts.at(edited.post);
    post.version = edited.version;
    post.body = edited.body;
  }
  void mirror(const domain::Event&, const domain::PostHidden& hidden) {
    state_.posts.at(hidden.post).hidden = true;
  }
  void mirror(const domain::Event&, const domain::PostUnhidden& unhidden) {
    state_.posts.at(unhidden.post).hidden = false;
  }
  void mirror(const domain::Event& event, const domain::PostReported& reported) {
    if (state_.reports.contains(reported.report)) throw std::runtime_error("report id taken");
    state_.reports[reported.report] = {
        {.id = reported.report, .round = event.stream.round, .post = reported.post, .open = true},
        event.actor.id};
  }
  void mirror(const domain::Event&, const domain::ReportsResolved& resolved) {
    for (const auto id : resolved.reports) state_.reports.at(id).first.open = false;
  }
  void mirror(const domain::Event& event, const domain::AgendaItemProposed& proposed) {
    add_thread(proposed.thread, event.stream, domain::AgendaStatus::proposed);
  }
  void mirror(const domain::Event&, const domain::AgendaItemDecided& decided) {
    state_.threads.at(decided.thread).status =
        decided.accepted ? domain::AgendaStatus::accepted : domain::AgendaStatus::declined;
  }
  // The agenda's order is folded from the events by clients; SQLite keeps no column for it.
  void mirror(const domain::Event&, const domain::ThreadMoved&) {}
  void mirror(const domain::Event&, const domain::ThreadLocked& locked) {
    state_.threads.at(locked.thread).locked = locked.locked;
  }
  void mirror(const domain::Event&, const domain::PostPinned& pinned) {
    state_.threads.at(pinned.thread).pinned_post = pinned.post;
  }
  void mirror(const domain::Event& event, const domain::ProposalRevised& revised) {
    state_.rounds.at(event.stream.round).proposal_version = revised.version;
  }
  void mirror(const domain::Event& event, const domain::PhaseChanged& changed) {
    state_.rounds.at(event.stream.round).phase = changed.phase;
  }
  void mirror(const domain::Event& event, const domain::ScheduleChanged& changed) {
    auto& round = state_.rounds.at(event.stream.round);
    round.opens_at = changed.opens_at;
    round.closes_at = changed.closes_at;
    state_.schedule_set_by[event.stream.round] = event.actor.id;
  }
  // An invitation twice, or a withdrawal of none, is what a primary key or a missing row would
  // refuse or ignore in SQLite; the domain never decides on either.
  void mirror(const domain::Event& event, const domain::OrganisationInvited& invited) {
    auto& organisations = state_.rounds.at(event.stream.round).invited;
    if (std::find(organisations.begin(), organisations.end(), invited.organisation.id) !=
        organisations.end()) {
      throw std::runtime_error("already invited");
    }
    organisations.insert(
        std::upper_bound(organisations.begin(), organisations.end(), invited.organisation.id),
        invited.organisation.id);
  }
  void mirror(const domain::Event& event, const domain::InvitationWithdrawn& withdrawn) {
    auto& organisations = state_.rounds.at(event.stream.round).invited;
    organisations.erase(
        std::remove(organisations.begin(), organisations.end(), withdrawn.organisation.id),
        organisations.end());
  }
  // No decision reads past reminders; the SQLite store counts them for list_participation.
  void mirror(const domain::Event&, const domain::ReminderSent&) {}
  void mirror(const domain::Event& event, const domain::PositionStated& stated) {
    state_.positions[{event.stream.round, stated.organisation.id}] = stated.version;
  }
  void mirror(const domain::Event& event, const domain::OutcomeWritten& written) {
    state_.outcomes[event.stream.round] = written.version;
  }
  // No decision reads past dissent; SQLite mirrors it for the decision record.
  void mirror(const domain::Event&, const domain::DissentAttached&) {}
  void mirror(const domain::Event& event, const domain::MinutesWritten& written) {
    state_.minutes[{event.stream.round, written.thread}] = written.version;
  }
  void mirror(const domain::Event& event, const domain::JointDocumentWritten& written) {
    state_.joint_documents[event.stream.round] = written.version;
  }
  // SQLite's primary key refuses a side approving a version twice; so does this.
  void mirror(const domain::Event& event, const domain::JointDocumentApproved& approved) {
    auto& sides = state_.approvals[{event.stream.round, approved.version}];
    if (std::find(sides.begin(), sides.end(), approved.side) != sides.end()) {
      throw std::runtime_error("side approved twice");
    }
    sides.push_back(approved.side);
  }

  // A thread id twice is what SQLite's primary key would refuse.
  void add_thread(domain::ThreadId id, const domain::StreamId& stream,
                  domain::AgendaStatus status) {
    if (state_.threads.contains(id)) throw std::runtime_error("thread id taken");
    state_.threads[id] = {.id = id,
                          .round = stream.round,
                          .stream = stream.kind,
                          .status = status,
                          .locked = false,
                          .pinned_post = std::nullopt};
  }

  MemoryState& state_;
};

}  // namespace samrad::service::testing
