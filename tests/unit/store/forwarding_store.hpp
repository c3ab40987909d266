// A store that hands every call to a real store underneath. Tests derive from it and override
// only what they watch or break (a slow disk, a read that throws), so the rest stays real.
#pragma once

#include "store/store.hpp"

namespace samrad::store::testing {

class ForwardingStore : public Store {
 public:
  explicit ForwardingStore(Store& inner) : inner_(inner) {}

  std::vector<Appended> write(std::span<const Work> batch) override { return inner_.write(batch); }
  Result<std::vector<domain::Seq>> stream_heads(
      const std::vector<domain::StreamId>& streams) override {
    return inner_.stream_heads(streams);
  }
  Result<std::optional<StreamPage>> read_stream(const domain::StreamId& stream, domain::Seq after,
                                                std::size_t limit) override {
    return inner_.read_stream(stream, after, limit);
  }
  Result<std::optional<PostHistory>> post_history(domain::RoundId round,
                                                  domain::PostId post) override {
    return inner_.post_history(round, post);
  }
  Result<std::vector<RoundListing>> list_rounds() override { return inner_.list_rounds(); }
  Result<std::vector<DueRound>> rounds_due_to_close(domain::Timestamp now) override {
    return inner_.rounds_due_to_close(now);
  }
  Result<std::vector<domain::Organisation>> list_organisations() override {
    return inner_.list_organisations();
  }
  Result<std::optional<domain::RoundParticipation>> read_participation(
      domain::RoundId round) override {
    return inner_.read_participation(round);
  }
  Result<std::optional<RoundPresence>> read_presence(
      domain::RoundId round, const std::vector<domain::PersonId>& people) override {
    return inner_.read_presence(round, people);
  }
  Result<std::vector<std::string>> log_leaf_hashes() override { return inner_.log_leaf_hashes(); }
  Result<std::optional<RecordOfRound>> logged_record(std::int64_t log_index) override {
    return inner_.logged_record(log_index);
  }
  Result<std::optional<RecordOfRound>> latest_record_of_round(domain::RoundId round) override {
    return inner_.latest_record_of_round(round);
  }
  Result<domain::OrganisationId> create_organisation(const std::string& name,
                                                     domain::OrganisationKind kind) override {
    return inner_.create_organisation(name, kind);
  }
  Result<domain::PersonId> create_person(const NewPerson& person) override {
    return inner_.create_person(person);
  }
  Result<std::optional<Login>> find_login(const std::string& email) override {
    return inner_.find_login(email);
  }
  Status create_session(const std::string& token_hash, domain::PersonId person,
                        domain::Timestamp expires_at) override {
    return inner_.create_session(token_hash, person, expires_at);
  }
  Result<std::optional<Session>> find_session(const std::string& token_hash,
                                              domain::Timestamp now) override {
    return inner_.find_session(token_hash, now);
  }
  Status delete_session(const std::string& token_hash) override {
    return inner_.delete_session(token_hash);
  }
  Result<std::int64_t> delete_expired_sessions(domain::Timestamp now) override {
    return inner_.delete_expired_sessions(now);
  }
  Result<bool> is_empty() override { return inner_.is_empty(); }
  Status renew_epoch(const std::string& epoch, const domain::AuditRecord& audit) override {
    return inner_.renew_epoch(epoch, audit);
  }
  Result<std::vector<PersonListing>> list_people(domain::Timestamp now) override {
    return inner_.list_people(now);
  }
  Result<std::vector<OrganisationListing>> list_organisation_records() override {
    return inner_.list_organisation_records();
  }
  Result<std::vector<domain::SessionRecord>> sessions_of(domain::PersonId person,
                                                         domain::Timestamp now) override {
    return inner_.sessions_of(person, now);
  }
  Result<std::vector<LiveSession>> live_sessions(const std::vector<std::string>& token_hashes,
                                                 domain::Timestamp now) override {
    return inner_.live_sessions(token_hashes, now);
  }
  Result<bool> has_expired_sessions(domain::Timestamp now) override {
    return inner_.has_expired_sessions(now);
  }
  Status touch_session(const std::string& token_hash, domain::Timestamp now,
                       domain::Timestamp idle_ms) override {
    return inner_.touch_session(token_hash, now, idle_ms);
  }
  Result<std::optional<InvitationLookup>> find_invitation(const std::string& token_hash) override {
    return inner_.find_invitation(token_hash);
  }
  Result<std::vector<AuditEntry>> read_audit(const AuditQuery& query) override {
    return inner_.read_audit(query);
  }
  Result<std::vector<domain::ApiTokenListing>> list_api_tokens(
      std::optional<domain::PersonId> owner) override {
    return inner_.list_api_tokens(owner);
  }

 protected:
  Store& inner_;
};

}  // namespace samrad::store::testing
