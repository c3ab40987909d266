// The write transaction of one batch, as command handlers see it (store::WriteTransaction):
// lookups for decisions, ids, seqs, and events with the tables that mirror them. Internal to the
// SQL store; SqlStore::write runs each unit of work against it inside a savepoint.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <unordered_map>

#include "store/sql/connection.hpp"
#include "store/store.hpp"

namespace samrad::store::sql {

class SqlTransaction final : public WriteTransaction, public AccountTransaction {
 public:
  explicit SqlTransaction(Connection& db) : db_(db) {}

  std::optional<domain::RoundAccess> round(domain::RoundId round) override;
  // After a unit is undone: what it read may have been its own writes.
  void forget_reads() noexcept {
    rounds_.clear();
    heads_.clear();
  }
  std::optional<domain::ThreadFacts> thread(domain::ThreadId thread) override;
  std::optional<domain::PostFacts> post(domain::PostId post) override;
  std::vector<domain::OpenReport> open_reports(domain::PostId post) override;
  std::optional<domain::ReportFacts> report(domain::ReportId report) override;
  std::optional<domain::OrganisationRecord> organisation(
      domain::OrganisationId organisation) override;
  std::int64_t position_version(domain::RoundId round,
                                domain::OrganisationId organisation) override;
  std::int64_t outcome_version(domain::RoundId round) override;
  std::int64_t minutes_version(domain::RoundId round, domain::ThreadId thread) override;
  std::int64_t joint_document_version(domain::RoundId round) override;
  std::vector<domain::Side> joint_document_approvals(domain::RoundId round,
                                                     std::int64_t version) override;
  std::vector<domain::OrganisationId> organisations_with_positions(domain::RoundId round) override;
  bool session_is_live(const std::string& token_hash, domain::Timestamp now) override;

  std::int64_t new_id(Entity entity) override;
  domain::Seq next_seq(const domain::StreamId& stream) override;
  void append(const domain::Event& event) override;
  std::vector<domain::Event> stream_events(const domain::StreamId& stream) override;
  std::optional<domain::Event> event(const domain::StreamId& stream, domain::Seq seq) override;
  std::optional<RememberedCommand> remembered_command(domain::PersonId person,
                                                      const std::string& key,
                                                      domain::Timestamp since) override;
  void remember_command(domain::PersonId person, const std::string& key,
                        const RememberedCommand& command, domain::Timestamp at,
                        domain::Timestamp forget_before) override;
  std::optional<LoggedRecord> latest_record(domain::RoundId round) override;
  std::int64_t append_record(const NewRecord& record) override;
  void record(const domain::AuditRecord& record) override;
  AccountTransaction& accounts() override { return *this; }

  // AccountTransaction (sql_accounts.cpp)
  std::optional<domain::OrganisationRecord> organisation_record(
      domain::OrganisationId organisation) override;
  bool organisation_name_taken(const std::string& name) override;
  std::optional<domain::PersonRecord> person(domain::PersonId person) override;
  std::optional<domain::PersonRecord> person_by_email(const std::string& email) override;
  std::vector<domain::AdminSeat> active_admins() override;
  domain::OrganisationId insert_organisation(const std::string& name,
                                             domain::OrganisationKind kind) override;
  void set_organisation_active(domain::OrganisationId organisation, bool active) override;
  domain::PersonId insert_person(const std::string& name, const std::string& email,
                                 domain::Role role, domain::OrganisationId organisation) override;
  void set_person_active(domain::PersonId person, bool active) override;
  void set_role(domain::PersonId person, domain::Role role) override;
  void set_password_hash(domain::PersonId person, const std::string& hash) override;
  domain::SessionId insert_session(const NewSession& session) override;
  std::optional<EndedSession> session(domain::SessionId session) override;
  std::optional<EndedSession> session_by_token(const std::string& token_hash) override;
  std::vector<EndedSession> delete_session(domain::SessionId session) override;
  std::vector<EndedSession> delete_sessions_of_person(domain::PersonId person) override;
  std::vector<EndedSession> delete_sessions_of_organisation(
      domain::OrganisationId organisation) override;
  std::vector<EndedSession> delete_expired_sessions(domain::Timestamp now) override;
  domain::InvitationId insert_invitation(const std::string& token_hash, domain::PersonId person,
                                         std::optional<domain::PersonId> created_by,
                                         domain::Timestamp created_at,
                                         domain::Timestamp expires_at) override;
  std::optional<domain::InvitationRecord> invitation(const std::string& token_hash) override;
  void mark_invitation_used(domain::InvitationId invitation, domain::Timestamp at) override;
  void revoke_invitations_of(domain::PersonId person, domain::Timestamp at) override;

  // API tokens (sql_api_tokens.cpp)
  domain::ApiTokenId insert_api_token(const NewApiToken& token) override;
  std::optional<domain::ApiTokenRecord> api_token(domain::ApiTokenId token) override;
  std::optional<ApiTokenMatch> api_token_by_hash(const std::string& token_hash) override;
  std::size_t live_api_tokens_of(domain::PersonId person, domain::Timestamp now) override;
  void revoke_api_token(domain::ApiTokenId token, std::optional<domain::PersonId> revoked_by,
                        domain::Timestamp at) override;
  void note_api_token_use(domain::ApiTokenId token, domain::Timestamp at) override;

 private:
  void mirror(const domain::Event& event, const domain::RoundCreated& created);
  void mirror(const domain::Event& event, const domain::ThreadCreated& created);
  void mirror(const domain::Event& event, const domain::PostCreated& created);
  void mirror(const domain::Event& event, const domain::PhaseChanged& changed);
  void mirror(const domain::Event& event, const domain::ScheduleChanged& changed);
  void mirror(const domain::Event& event, const domain::OrganisationInvited& invited);
  void mirror(const domain::Event& event, const domain::InvitationWithdrawn& withdrawn);
  void mirror(const domain::Event& event, const domain::AgendaItemProposed& proposed);
  void mirror(const domain::Event& event, const domain::AgendaItemDecided& decided);
  void mirror(const domain::Event& event, const domain::ThreadMoved& moved);
  void mirror(const domain::Event& event, const domain::ThreadLocked& locked);
  void mirror(const domain::Event& event, const domain::PostPinned& pinned);
  void mirror(const domain::Event& event, const domain::ProposalRevised& revised);
  void mirror(const domain::Event& event, const domain::PostEdited& edited);
  void mirror(const domain::Event& event, const domain::PostHidden& hidden);
  void mirror(const domain::Event& event, const domain::PostUnhidden& unhidden);
  void mirror(const domain::Event& event, const domain::PostReported& reported);
  void mirror(const domain::Event& event, const domain::ReportsResolved& resolved);
  void mirror(const domain::Event& event, const domain::ReminderSent& sent);
  void mirror(const domain::Event& event, const domain::PositionStated& stated);
  void mirror(const domain::Event& event, const domain::OutcomeWritten& written);
  void mirror(const domain::Event& event, const domain::DissentAttached& attached);
  void mirror(const domain::Event& event, const domain::MinutesWritten& written);
  void mirror(const domain::Event& event, const domain::JointDocumentWritten& written);
  void mirror(const domain::Event& event, const domain::JointDocumentApproved& approved);

  Connection& db_;
  // Without id sequences: the last id handed out per entity in this transaction, read from the
  // table on first use (one writer, so nobody else takes ids meanwhile).
  std::array<std::optional<std::int64_t>, 4> last_ids_;
  // Rounds as read in this transaction (and locked, where other writers share the database): a
  // batch of posts to one round reads its phase and invitations once, where a national round
  // invites some 300 organisations. Appending any other event of a round than a post forgets it.
  std::map<domain::RoundId, domain::RoundAccess> rounds_;
  // Stream heads this transaction has moved. Moving one locks its row until the commit (where
  // the database is shared), so nobody else moves it meanwhile: later events of the batch in the
  // same stream write the head without reading it.
  std::unordered_map<domain::StreamId, domain::Seq, domain::StreamIdHash> heads_;
};

}  // namespace samrad::store::sql
