// The account handler (see account_handler.hpp): facts in, decision by domain/accounts, the
// change and its audit record out, in one transaction.
#include "service/account_handler.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "auth/tokens.hpp"

namespace samrad::service {

namespace {

using domain::AuditRecord;
using domain::ErrorCode;
using domain::make_error;
namespace action = domain::audit_action;

AuditRecord record_of(std::string_view name, std::optional<domain::PersonId> actor,
                      const domain::Origin& origin, domain::Timestamp now) {
  return AuditRecord{.at = now,
                     .action = std::string(name),
                     .actor = actor,
                     .origin = origin,
                     .round = std::nullopt,
                     .target_kind = {},
                     .target_id = std::nullopt,
                     .details = {}};
}

void target(AuditRecord& record, std::string_view kind, std::int64_t id) {
  record.target_kind = std::string(kind);
  record.target_id = id;
}

void describe(AuditRecord& record, const domain::Person& person) {
  record.details.push_back({"person", person.name});
  record.details.push_back({"email", person.email});
  record.details.push_back({"organisation", person.organisation.name});
}

// Who manages, as they are now: an admin's live session (its person read afresh, so a role
// taken away a moment ago counts), or the operator at the command line.
domain::Result<domain::Manager> manager_of(store::WriteTransaction& tx, const AccountActor& actor) {
  if (!actor.session_hash) return domain::Manager{};
  if (!tx.session_is_live(*actor.session_hash, actor.now)) {
    return make_error(ErrorCode::unauthenticated, "Your session has ended; log in again");
  }
  const auto session = tx.accounts().session_by_token(*actor.session_hash);
  const auto person = session ? tx.accounts().person(session->session.person) : std::nullopt;
  if (!person)
    return make_error(ErrorCode::unauthenticated, "Your session has ended; log in again");
  return domain::Manager{person->person};
}

std::optional<domain::PersonId> id_of(const domain::Manager& manager) {
  return manager.person ? std::optional(manager.person->id) : std::nullopt;
}

domain::PersonFacts person_facts(store::AccountTransaction& accounts, domain::PersonId person) {
  return {.person = accounts.person(person), .active_admins = accounts.active_admins()};
}

// Issues a new link for the person: earlier open links stop working.
void issue_invitation(store::WriteTransaction& tx, const AccountActor& actor,
                      const domain::Manager& manager, const domain::PersonRecord& person,
                      AccountOutcome& outcome) {
  auto& accounts = tx.accounts();
  // 128 random bits, like a session token, and likewise stored only as a hash.
  const auto token = auth::new_session_token();
  const auto expires_at = actor.now + actor.invitation_lifetime_ms;
  accounts.revoke_invitations_of(person.person.id, actor.now);
  const auto id = accounts.insert_invitation(auth::token_hash(token), person.person.id,
                                             id_of(manager), actor.now, expires_at);
  outcome.invitation_token = token;
  outcome.invitation_expires_at = expires_at;
  auto record = record_of(action::invitation_issued, id_of(manager), actor.origin, actor.now);
  target(record, "person", person.person.id);
  describe(record, person.person);
  record.details.push_back({"invitation", std::to_string(id)});
  record.details.push_back({"expires_at", domain::format_timestamp(expires_at)});
  tx.record(record);
}

struct Carry {
  store::WriteTransaction& tx;
  const AccountActor& actor;
  const domain::Manager& manager;

  domain::Result<AccountOutcome> operator()(const domain::CreateOrganisation& cmd) const {
    auto& accounts = tx.accounts();
    const domain::CreateOrganisationFacts facts{.name_taken =
                                                    accounts.organisation_name_taken(cmd.name)};
    if (auto status = domain::decide(manager, cmd, facts); !status) return status.error();
    AccountOutcome outcome;
    outcome.organisation = accounts.insert_organisation(cmd.name, cmd.kind);
    auto record = record_of(action::organisation_created, id_of(manager), actor.origin, actor.now);
    target(record, "organisation", *outcome.organisation);
    record.details = {{"organisation", cmd.name}, {"kind", std::string(to_string(cmd.kind))}};
    tx.record(record);
    return outcome;
  }

  domain::Result<AccountOutcome> operator()(const domain::SetOrganisationActive& cmd) const {
    auto& accounts = tx.accounts();
    const domain::OrganisationFacts facts{
        .organisation = accounts.organisation_record(cmd.organisation),
        .active_admins = accounts.active_admins()};
    if (auto status = domain::decide(manager, cmd, facts); !status) return status.error();
    AccountOutcome outcome;
    outcome.organisation = cmd.organisation;
    accounts.set_organisation_active(cmd.organisation, cmd.active);
    if (!cmd.active)
      outcome.ended_sessions = accounts.delete_sessions_of_organisation(cmd.organisation);
    auto record =
        record_of(cmd.active ? action::organisation_activated : action::organisation_deactivated,
                  id_of(manager), actor.origin, actor.now);
    target(record, "organisation", cmd.organisation);
    record.details.push_back({"organisation", facts.organisation->organisation.name});
    if (!cmd.active) {
      record.details.push_back({"sessions_ended", std::to_string(outcome.ended_sessions.size())});
    }
    tx.record(record);
    return outcome;
  }

  domain::Result<AccountOutcome> operator()(const domain::CreatePerson& cmd) const {
    auto& accounts = tx.accounts();
    const domain::CreatePersonFacts facts{
        .organisation = accounts.organisation_record(cmd.organisation),
        .email_taken = accounts.person_by_email(cmd.email).has_value()};
    if (auto status = domain::decide(manager, cmd, facts); !status) return status.error();
    AccountOutcome outcome;
    outcome.person = accounts.insert_person(cmd.name, cmd.email, cmd.role, cmd.organisation);
    const auto person = accounts.person(*outcome.person);
    if (!person) throw std::logic_error("a person just inserted is not there");
    auto record = record_of(action::person_created, id_of(manager), actor.origin, actor.now);
    target(record, "person", *outcome.person);
    describe(record, person->person);
    record.details.push_back({"role", std::string(to_string(cmd.role))});
    tx.record(record);
    // A new person has no password: the link to set one is issued with them.
    issue_invitation(tx, actor, manager, *person, outcome);
    return outcome;
  }

  domain::Result<AccountOutcome> operator()(const domain::SetPersonActive& cmd) const {
    auto& accounts = tx.accounts();
    const auto facts = person_facts(accounts, cmd.person);
    if (auto status = domain::decide(manager, cmd, facts); !status) return status.error();
    AccountOutcome outcome;
    outcome.person = cmd.person;
    accounts.set_person_active(cmd.person, cmd.active);
    if (!cmd.active) {
      outcome.ended_sessions = accounts.delete_sessions_of_person(cmd.person);
      accounts.revoke_invitations_of(cmd.person, actor.now);
    }
    auto record = record_of(cmd.active ? action::person_activated : action::person_deactivated,
                            id_of(manager), actor.origin, actor.now);
    target(record, "person", cmd.person);
    describe(record, facts.person->person);
    if (!cmd.active) {
      record.details.push_back({"sessions_ended", std::to_string(outcome.ended_sessions.size())});
    }
    tx.record(record);
    return outcome;
  }

  domain::Result<AccountOutcome> operator()(const domain::ChangeRole& cmd) const {
    auto& accounts = tx.accounts();
    const auto facts = person_facts(accounts, cmd.person);
    if (auto status = domain::decide(manager, cmd, facts); !status) return status.error();
    AccountOutcome outcome;
    outcome.person = cmd.person;
    accounts.set_role(cmd.person, cmd.role);
    outcome.changed_people.push_back(cmd.person);
    auto record = record_of(action::role_changed, id_of(manager), actor.origin, actor.now);
    target(record, "person", cmd.person);
    describe(record, facts.person->person);
    record.details.push_back({"previous_role", std::string(to_string(facts.person->person.role))});
    record.details.push_back({"role", std::string(to_string(cmd.role))});
    tx.record(record);
    return outcome;
  }

  domain::Result<AccountOutcome> operator()(const domain::IssueInvitation& cmd) const {
    const auto facts = person_facts(tx.accounts(), cmd.person);
    if (auto status = domain::decide(manager, cmd, facts); !status) return status.error();
    AccountOutcome outcome;
    outcome.person = cmd.person;
    issue_invitation(tx, actor, manager, *facts.person, outcome);
    return outcome;
  }
};

}  // namespace

domain::Result<AccountOutcome> carry_out_account(store::WriteTransaction& tx,
                                                 const AccountActor& actor,
                                                 const AccountCommand& command) {
  const auto manager = manager_of(tx, actor);
  if (!manager) return manager.error();
  return std::visit(Carry{tx, actor, *manager}, command);
}

std::string_view name_of(const AccountCommand& command) noexcept {
  struct Name {
    std::string_view operator()(const domain::CreateOrganisation&) const {
      return "create_organisation";
    }
    std::string_view operator()(const domain::SetOrganisationActive& cmd) const {
      return cmd.active ? "activate_organisation" : "deactivate_organisation";
    }
    std::string_view operator()(const domain::CreatePerson&) const { return "create_person"; }
    std::string_view operator()(const domain::SetPersonActive& cmd) const {
      return cmd.active ? "activate_person" : "deactivate_person";
    }
    std::string_view operator()(const domain::ChangeRole&) const { return "change_role"; }
    std::string_view operator()(const domain::IssueInvitation&) const { return "issue_invitation"; }
  };
  return std::visit(Name{}, command);
}

std::optional<domain::SessionId> record_login(store::WriteTransaction& tx,
                                              const LoginAttempt& attempt) {
  auto& accounts = tx.accounts();
  // Read again in the transaction: a person deactivated while their password was checked does
  // not get in.
  const auto person = attempt.person ? accounts.person(*attempt.person) : std::nullopt;
  const bool accepted = attempt.accepted && person && domain::can_log_in(*person);
  auto record = record_of(accepted ? action::login : action::login_failed,
                          person ? std::optional(person->person.id) : std::nullopt, attempt.origin,
                          attempt.now);
  record.details.push_back({"email", attempt.email});
  if (!accepted) {
    record.details.push_back(
        {"reason", attempt.accepted ? std::string("deactivated") : attempt.refusal});
    tx.record(record);
    return std::nullopt;
  }
  const auto session = accounts.insert_session(attempt.session);
  target(record, "session", session);
  record.details.push_back({"device", attempt.session.user_agent});
  tx.record(record);
  return session;
}

std::optional<store::EndedSession> log_out(store::WriteTransaction& tx,
                                           const std::string& token_hash,
                                           const domain::Origin& origin, domain::Timestamp now) {
  auto& accounts = tx.accounts();
  const auto session = accounts.session_by_token(token_hash);
  if (!session) return std::nullopt;
  accounts.delete_session(session->session.id);
  auto record = record_of(action::logout, session->session.person, origin, now);
  target(record, "session", session->session.id);
  tx.record(record);
  return session;
}

domain::Result<store::EndedSession> end_own_session(store::WriteTransaction& tx,
                                                    const Caller& caller, domain::SessionId session,
                                                    domain::Timestamp now) {
  if (caller.session_hash && !tx.session_is_live(*caller.session_hash, now)) {
    return make_error(ErrorCode::unauthenticated, "Your session has ended; log in again");
  }
  auto& accounts = tx.accounts();
  const auto found = accounts.session(session);
  const auto live =
      found && found->session.expires_at > now ? std::optional(found->session) : std::nullopt;
  if (auto status = domain::decide_end_session(caller.person, live); !status) {
    return status.error();
  }
  accounts.delete_session(session);
  auto record = record_of(action::session_ended, caller.person.id, caller.origin, now);
  target(record, "session", session);
  record.details.push_back({"device", found->session.user_agent});
  record.details.push_back({"address", found->session.address});
  tx.record(record);
  return *found;
}

std::vector<store::EndedSession> expire_sessions(store::WriteTransaction& tx,
                                                 domain::Timestamp now) {
  auto ended = tx.accounts().delete_expired_sessions(now);
  for (const auto& session : ended) {
    auto record = record_of(action::session_expired, session.session.person,
                            domain::Origin{domain::Source::server, {}}, now);
    target(record, "session", session.session.id);
    const bool absolute = session.session.expires_at >= session.session.absolute_expires_at;
    record.details.push_back({"reason", absolute ? "absolute" : "idle"});
    record.details.push_back({"expired_at", domain::format_timestamp(session.session.expires_at)});
    tx.record(record);
  }
  return ended;
}

InvitationOutcome accept_invitation(store::WriteTransaction& tx,
                                    const InvitationAcceptance& acceptance) {
  auto& accounts = tx.accounts();
  const auto invitation = accounts.invitation(acceptance.token_hash);
  const auto person = invitation ? accounts.person(invitation->person) : std::nullopt;
  auto status = domain::check_invitation(invitation, person, acceptance.now);
  if (!status) {
    auto record = record_of(action::invitation_refused,
                            person ? std::optional(person->person.id) : std::nullopt,
                            acceptance.origin, acceptance.now);
    if (person) {
      target(record, "person", person->person.id);
      describe(record, person->person);
    }
    record.details.push_back({"reason", std::string(to_string(status.error().code))});
    tx.record(record);
    return {std::move(status), std::nullopt};
  }
  const auto& who = person->person;
  accounts.set_password_hash(who.id, acceptance.password_hash);
  accounts.mark_invitation_used(invitation->id, acceptance.now);
  AcceptedInvitation accepted{who, 0, accounts.delete_sessions_of_person(who.id)};
  auto used = record_of(action::invitation_used, who.id, acceptance.origin, acceptance.now);
  target(used, "person", who.id);
  describe(used, who);
  used.details.push_back({"invitation", std::to_string(invitation->id)});
  used.details.push_back({"sessions_ended", std::to_string(accepted.ended_sessions.size())});
  tx.record(used);

  auto session = acceptance.session;
  session.person = who.id;
  accepted.session = accounts.insert_session(session);
  auto login = record_of(action::login, who.id, acceptance.origin, acceptance.now);
  target(login, "session", accepted.session);
  login.details.push_back({"email", who.email});
  login.details.push_back({"device", session.user_agent});
  login.details.push_back({"via", "invitation"});
  tx.record(login);
  return {domain::Ok{}, std::move(accepted)};
}

}  // namespace samrad::service
